// Model predictions (predictions.h). Stored files are immutable and named by
// their content, so the merge needs no rule of its own for them: two copies
// that import the same lines write the same path with the same bytes, and
// different lines land at different paths.
#include "session/predictions.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "session/internal/project_state.h"
#include "session/internal/roles.h"

#include "taxa/core/file_stamp.h"
#include "taxa/core/fs.h"
#include "taxa/core/layout.h"
#include "taxa/core/parallel.h"
#include "taxa/core/predictions.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/text.h"

namespace taxa::app {
namespace {

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The model folder of every stored file under predictions/, sorted by path
// (so within a model, oldest first).
Result<std::map<std::string, std::vector<std::string>>> FilesByModel(ProjectState& s) {
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                        s.repo().ListFiles(std::string(core::layout::kPredictionsDir)));
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& path : paths) {
    Result<core::PredictionsPathParts> parts = core::ParsePredictionsPath(path);
    if (!parts.ok()) continue;  // not Taxa's file; incoming checks keep these out
    out[parts->model].push_back(path);
  }
  for (auto& [model, files] : out) std::sort(files.begin(), files.end());
  return out;
}

// The stamp of a new file of a model whose newest file is `latest` (""
// when none): now, or a second after the newest when that is not earlier,
// so that on one copy a later import always sorts after an earlier one.
std::string NextStamp(const std::string& latest) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (!latest.empty()) {
    Result<core::PredictionsPathParts> parts = core::ParsePredictionsPath(latest);
    if (parts.ok()) now = std::max(now, *core::ParseFileStamp(parts->stamp) + 1);
  }
  return core::FileStamp(now);
}

}  // namespace

Predictions::Predictions(Project& project) : s_(project.state()) {}

Result<PredictionsImportReport> Predictions::Import(const std::string& path,
                                                    const PredictionsImportOptions& options) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "importing predictions"));
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  return ImportBytes(bytes, path, options);
}

Result<PredictionsImportReport> Predictions::ImportBytes(std::string_view bytes,
                                                         const std::string& file_name,
                                                         const PredictionsImportOptions& options) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "importing predictions"));
  if (!options.model.empty()) TAXA_RETURN_IF_ERROR(core::CheckId(options.model, "model"));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::Prediction> rows,
                        core::ParsePredictionsFile(bytes, file_name));
  PredictionsImportReport report;
  report.rows = rows.size();
  if (rows.empty()) return Status::InvalidInput(file_name + ": no predictions in the file");

  // ---- check every line before writing anything ----
  const core::Taxonomy& taxonomy = s_.taxonomy();
  std::set<std::string, std::less<>> checked_categories;
  auto check_category = [&](const std::string& c) -> Status {
    if (checked_categories.count(c)) return Status::Ok();
    TAXA_RETURN_IF_ERROR(taxonomy.CheckLabel({c}, {}));
    checked_categories.insert(c);
    return Status::Ok();
  };
  std::map<std::string, std::unordered_map<std::string, size_t>> first_line;  // model -> item -> line
  std::map<std::string, std::vector<const core::Prediction*>> by_model;
  for (core::Prediction& p : rows) {
    const std::string where = file_name + ":" + std::to_string(p.line);
    if (!options.model.empty()) p.model = options.model;
    if (p.model.empty())
      return Status::InvalidInput(where +
                                  ": field \"model\" is missing (give the model with --model NAME)");
    if (Status s = core::CheckId(p.model, "model"); !s.ok())
      return s.WithPrefix(where + ": field \"model\"");
    if (Status s = check_category(p.category); !s.ok())
      return s.WithPrefix(where + ": field \"category\"");
    for (const auto& [c, v] : p.probabilities)
      if (Status s = check_category(c); !s.ok())
        return s.WithPrefix(where + ": field \"probabilities\"");
    auto [it, fresh] = first_line[p.model].emplace(p.item, p.line);
    if (!fresh)
      return Status::InvalidInput(where + ": field \"item\": \"" + p.item +
                                  "\" is listed twice for model \"" + p.model + "\" (first on line " +
                                  std::to_string(it->second) + ")");
    by_model[p.model].push_back(&p);
  }
  std::vector<std::string_view> ids;
  ids.reserve(rows.size());
  for (const core::Prediction& p : rows) ids.push_back(p.item);
  core::ParallelSort(ids.begin(), ids.end(), std::less<>());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> missing, s_.index().MissingItems(ids));
  if (!missing.empty()) {
    for (const core::Prediction& p : rows)
      if (std::binary_search(missing.begin(), missing.end(), p.item))
        return Status::InvalidInput(file_name + ":" + std::to_string(p.line) +
                                    ": field \"item\": unknown item \"" + p.item + "\"");
  }

  // ---- one file per model, unless the project holds it already ----
  TAXA_ASSIGN_OR_RETURN(auto existing, FilesByModel(s_));
  std::vector<sync::FileWrite> writes;
  size_t written = 0;
  for (const auto& [model, preds] : by_model) {
    std::string text;
    for (const core::Prediction* p : preds) {
      text += core::EncodePredictionLine(*p);
      text += '\n';
    }
    const std::string hash = core::PredictionsContentHash(text);
    ModelImport m{.model = model, .predictions = preds.size()};
    for (const std::string& path : existing[model])
      if (path.ends_with("-" + hash + ".jsonl.zst")) {
        m.path = path;
        m.already = true;
      }
    if (!m.already) {
      const std::vector<std::string>& before = existing[model];
      m.path = core::PredictionsPath(model, NextStamp(before.empty() ? "" : before.back()), hash);
      writes.push_back({m.path, core::CompressFrame(text)});
      written += preds.size();
    }
    report.models.push_back(std::move(m));
  }
  if (writes.empty()) return report;

  // ---- one commit ----
  TAXA_RETURN_IF_ERROR(s_.Flush());  // earlier labels in their own commit
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"Taxa-Action", "predictions.import"}, {"Taxa-Import", BaseName(file_name)}};
  for (const ModelImport& m : report.models)
    if (!m.already) trailers.push_back({"Taxa-Model", m.model});
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      writes, s_.Meta("Import " + std::to_string(written) +
                          (written == 1 ? " prediction" : " predictions") + " from " +
                          BaseName(file_name),
                      trailers)));
  TAXA_ASSIGN_OR_RETURN(report.commit, s_.repo().Head());
  return report;
}

Result<std::vector<ModelSummary>> Predictions::Models() {
  TAXA_ASSIGN_OR_RETURN(auto files, FilesByModel(s_));
  std::vector<ModelSummary> out;
  for (const auto& [model, paths] : files)
    out.push_back({.model = model, .files = paths.size(), .latest = paths.back()});
  return out;
}

Result<PredictionTable> Predictions::Load(const std::string& requested) {
  TAXA_ASSIGN_OR_RETURN(auto files, FilesByModel(s_));
  if (files.empty())
    return Status::NotFound("the project has no predictions (taxa predictions import FILE)");
  std::string model = requested;
  if (model.empty()) {
    if (files.size() > 1) {
      std::string names;
      for (const auto& [m, paths] : files) names += (names.empty() ? "" : ", ") + m;
      return Status::InvalidInput("the project has predictions of several models (" + names +
                                  "): choose one with --model NAME");
    }
    model = files.begin()->first;
  }
  auto found = files.find(model);
  if (found == files.end())
    return Status::NotFound("no predictions of model \"" + model +
                            "\" (taxa predictions import FILE --model " + model + ")");
  PredictionTable t;
  t.model = model;
  t.files = found->second;

  // Category ids -> a dense code (every category of the taxonomy, sorted).
  std::unordered_map<std::string_view, uint32_t> code;
  std::vector<std::string> all;
  for (const auto& [id, c] : s_.taxonomy().categories()) all.push_back(id);
  for (uint32_t i = 0; i < all.size(); ++i) code.emplace(all[i], i);

  // Each line as (item, predicted code, [code, p]...), chunk by chunk.
  struct Row {
    std::string item;
    uint32_t predicted = 0;
    uint32_t first = 0, count = 0;  // into the chunk's pairs
  };
  struct Chunk {
    std::vector<Row> rows;
    std::vector<std::pair<uint32_t, double>> pairs;
    Status status;
  };
  std::vector<std::vector<Chunk>> decoded;  // per file
  std::vector<std::string> texts(t.files.size());
  for (size_t f = 0; f < t.files.size(); ++f) {
    const std::string& path = t.files[f];
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, s_.repo().ReadFile(path));
    if (!bytes) return Status::Internal(path + ": listed but not readable");
    Result<std::string> text = core::DecompressFrame(*bytes, path);
    if (!text.ok()) return Status::Corrupt(text.status().message());
    texts[f] = std::move(*text);
    std::vector<std::string_view> lines = core::Lines(texts[f]);
    constexpr size_t kChunk = 8192;
    std::vector<Chunk> chunks((lines.size() + kChunk - 1) / kChunk);
    core::ParallelFor(chunks.size(), [&](size_t k) {
      Chunk& ch = chunks[k];
      const size_t end = std::min(lines.size(), (k + 1) * kChunk);
      ch.rows.reserve(end - k * kChunk);
      // One line's fields, their buffers reused from line to line; the
      // position is written out only for a message.
      core::Prediction p;
      const std::string no_where;
      // Lines of one file mostly name the classes in the same order: each
      // class's code is looked up by its position first.
      std::vector<std::pair<std::string, uint32_t>> last_codes;
      for (size_t i = k * kChunk; i < end; ++i) {
        auto where = [&] { return path + ":" + std::to_string(i + 1); };
        if (Status decoded = core::DecodePredictionLineInto(lines[i], no_where, p); !decoded.ok()) {
          ch.status = Status::Corrupt(core::DecodePredictionLine(lines[i], where()).status().message());
          return;
        }
        auto lookup = [&](const std::string& id, uint32_t& out) {
          auto it = code.find(id);
          if (it == code.end()) {
            ch.status = Status::Corrupt(where() + ": unknown category \"" + id + "\"");
            return false;
          }
          out = it->second;
          return true;
        };
        Row r{.item = std::move(p.item)};
        if (!lookup(p.category, r.predicted)) return;
        r.first = static_cast<uint32_t>(ch.pairs.size());
        if (last_codes.size() < p.probabilities.size()) last_codes.resize(p.probabilities.size());
        for (size_t j = 0; j < p.probabilities.size(); ++j) {
          const auto& [c, v] = p.probabilities[j];
          uint32_t cc = 0;
          if (!last_codes[j].first.empty() && last_codes[j].first == c) {
            cc = last_codes[j].second;
          } else {
            if (!lookup(c, cc)) return;
            last_codes[j] = {c, cc};
          }
          ch.pairs.emplace_back(cc, v);
        }
        r.count = static_cast<uint32_t>(p.probabilities.size());
        ch.rows.push_back(std::move(r));
      }
    });
    for (const Chunk& ch : chunks) TAXA_RETURN_IF_ERROR(ch.status);
    decoded.push_back(std::move(chunks));
  }

  // The newest line per item, and the classes used.
  struct Ref {
    const Row* row;
    const Chunk* chunk;
  };
  std::unordered_map<std::string_view, Ref> newest;
  std::vector<uint8_t> used(all.size(), 0);
  for (const auto& chunks : decoded)
    for (const Chunk& ch : chunks)
      for (const Row& r : ch.rows) newest.insert_or_assign(std::string_view(r.item), Ref{&r, &ch});
  std::vector<std::pair<std::string_view, Ref>> rows(newest.begin(), newest.end());
  core::ParallelSort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [item, ref] : rows) {
    used[ref.row->predicted] = 1;
    for (uint32_t i = 0; i < ref.row->count; ++i) used[ref.chunk->pairs[ref.row->first + i].first] = 1;
  }
  std::vector<uint32_t> column(all.size(), 0);
  for (uint32_t i = 0; i < all.size(); ++i)
    if (used[i]) {
      column[i] = static_cast<uint32_t>(t.classes.size());
      t.classes.push_back(all[i]);
    }
  const size_t n = rows.size(), k = t.classes.size();
  t.items.resize(n);
  t.predicted.resize(n);
  t.has_probabilities.assign(n, 0);
  t.probabilities.assign(n * k, 0.0);
  core::ParallelFor((n + 65535) / 65536, [&](size_t chunk) {
    for (size_t r = chunk * 65536; r < std::min(n, (chunk + 1) * 65536); ++r) {
      const Ref& ref = rows[r].second;
      t.items[r] = ref.row->item;
      t.predicted[r] = column[ref.row->predicted];
      t.has_probabilities[r] = ref.row->count > 0;
      for (uint32_t i = 0; i < ref.row->count; ++i) {
        const auto& [c, v] = ref.chunk->pairs[ref.row->first + i];
        t.probabilities[r * k + column[c]] = v;
      }
    }
  });
  return t;
}

}  // namespace taxa::app
