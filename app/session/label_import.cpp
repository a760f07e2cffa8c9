#include "session/label_import.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>
#include <utility>

#include "session/internal/project_state.h"
#include "session/internal/roles.h"

#include "taxa/core/fs.h"
#include "taxa/core/hlc.h"
#include "taxa/core/parallel.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/timing.h"

namespace taxa::app {
namespace {

constexpr const char* kImportDevice = "import";

// What makes two imported labels the same label, whatever taxonomy version
// each was recorded under: a file imported again after a taxonomy edit still
// adds nothing.
std::string SameLabelKey(const core::LabelEvent& e) {
  std::string key = e.item;
  key += '\x1f';
  key += e.annotator;
  key += '\x1f';
  key += std::to_string(e.hlc);
  key += '\x1f';
  key += std::to_string(e.duration_ms);
  for (const std::string& c : e.categories) {
    key += '\x1f';
    key += c;
  }
  return key;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

LabelImport::LabelImport(Project& project) : s_(project.state()) {}

Result<LabelImportReport> LabelImport::Import(const std::string& path,
                                              const LabelImportOptions& options) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "importing labels"));
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  return ImportBytes(bytes, path, options);
}

Result<LabelImportReport> LabelImport::ImportBytes(std::string_view bytes,
                                                   const std::string& file_name,
                                                   const LabelImportOptions& options) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "importing labels"));
  std::vector<core::ImportedLabel> rows;
  {
    core::ScopedTiming timing("label import: parse");
    TAXA_ASSIGN_OR_RETURN(rows, core::ParseLabelFile(bytes, file_name, options.format));
  }
  LabelImportReport report;
  report.rows = rows.size();

  // ---- check every row before writing anything ----
  std::optional<core::ScopedTiming> phase;
  phase.emplace("label import: check");
  std::vector<std::string_view> item_ids;
  item_ids.reserve(rows.size());
  for (const core::ImportedLabel& r : rows) item_ids.push_back(r.item);
  core::ParallelSortByText(item_ids.begin(), item_ids.end(), std::identity(), std::less<>());
  item_ids.erase(std::unique(item_ids.begin(), item_ids.end()), item_ids.end());
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> missing, s_.index().MissingItems(item_ids));
  std::map<std::string, std::string, std::less<>> folded;  // as written -> folded, checked
  std::set<std::vector<std::string>> checked_categories;
  for (const core::ImportedLabel& r : rows) {
    auto where = [&](const Status& s) { return s.WithPrefix(core::LabelWhere(file_name, r)); };
    auto name = folded.find(r.annotator);
    if (name == folded.end()) {
      std::string f = core::FoldAnnotatorName(r.annotator);
      if (Status ok = core::CheckAnnotatorName(f); !ok.ok()) return where(ok);
      name = folded.emplace(r.annotator, std::move(f)).first;
    }
    if (!checked_categories.count(r.categories)) {
      if (Status ok = s_.taxonomy().CheckLabel(r.categories, {}); !ok.ok()) return where(ok);
      checked_categories.insert(r.categories);
    }
    if (std::binary_search(missing.begin(), missing.end(), r.item))
      return where(Status::InvalidInput("unknown item \"" + r.item + "\""));
  }
  std::set<std::string> annotators;
  for (const auto& [written, f] : folded) annotators.insert(f);
  report.annotators = annotators.size();

  // ---- the vendor ----
  core::ProjectSettings next = s_.settings();
  if (!options.vendor.empty()) {
    for (const std::string& a : annotators) {
      for (const auto& [vendor, members] : next.vendors)
        if (vendor != options.vendor && members.count(a))
          return Status::InvalidInput(file_name + ": annotator \"" + a + "\" belongs to vendor \"" +
                                      vendor + "\" already, not \"" + options.vendor +
                                      "\" (taxa.json \"vendors\": an annotator has one vendor)");
      report.vendor_added += next.vendors[options.vendor].insert(a).second ? 1 : 0;
    }
  }

  // ---- the events, and which of them the project holds already ----
  TAXA_RETURN_IF_ERROR(s_.Flush());  // earlier labels in their own commit
  phase.reset();
  phase.emplace("label import: read earlier imports");
  std::unordered_set<std::string> have;
  have.reserve(rows.size());
  for (const std::string& a : annotators) {
    TAXA_ASSIGN_OR_RETURN(std::string folder, core::SegmentFolder(a, kImportDevice));
    TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder(folder + "/"));
    for (const auto& [path, compressed] : files) {
      if (!path.ends_with(".jsonl.zst")) continue;
      TAXA_RETURN_IF_ERROR(core::ForEachSegmentEvent(compressed, path, [&](core::LabelEvent& e) {
        have.insert(SameLabelKey(e));
        return Status::Ok();
      }));
    }
  }
  phase.reset();
  phase.emplace("label import: build events");
  std::vector<core::LabelEvent> events(rows.size());
  std::vector<std::string> records(rows.size());
  const std::string& version = s_.taxonomy_version();
  constexpr size_t kChunk = 4096;
  core::ParallelFor((rows.size() + kChunk - 1) / kChunk, [&](size_t chunk) {
    for (size_t i = chunk * kChunk; i < std::min(rows.size(), (chunk + 1) * kChunk); ++i) {
      core::ImportedLabel& r = rows[i];
      core::LabelEvent& e = events[i];
      e.item = std::move(r.item);
      e.annotator = folded.find(r.annotator)->second;
      e.device = kImportDevice;
      e.hlc = r.time_ms ? core::HybridClock::Make(*r.time_ms, 0) : 0;
      e.taxonomy = version;
      e.categories = std::move(r.categories);
      std::sort(e.categories.begin(), e.categories.end());
      e.categories.erase(std::unique(e.categories.begin(), e.categories.end()), e.categories.end());
      e.duration_ms = r.duration_ms;
      records[i] = core::SealEvent(e);
    }
  });
  phase.reset();
  phase.emplace("label import: leave out what is there");
  size_t kept = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!have.insert(SameLabelKey(events[i])).second) continue;
    if (kept != i) {
      events[kept] = std::move(events[i]);
      records[kept] = std::move(records[i]);
    }
    ++kept;
  }
  events.resize(kept);
  records.resize(kept);
  report.added = kept;
  report.already = rows.size() - kept;
  phase.reset();
  if (events.empty() && report.vendor_added == 0) return report;

  // ---- one commit ----
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"Taxa-Action", "labels.import"},
      {"Taxa-Events", std::to_string(events.size())},
      {"Taxa-Import", BaseName(file_name)}};
  if (!options.vendor.empty()) trailers.push_back({"Taxa-Vendor", options.vendor});
  std::string subject = "Import " + std::to_string(events.size()) +
                        (events.size() == 1 ? " label" : " labels") + " from " +
                        BaseName(file_name) + " (" + std::to_string(annotators.size()) +
                        (annotators.size() == 1 ? " annotator" : " annotators") + ")";
  ProjectState::BatchExtras extras{.files = {}, .meta = s_.Meta(subject, trailers)};
  if (report.vendor_added > 0)
    extras.files.push_back({std::string(core::kSettingsPath), core::EncodeSettings(next)});
  if (events.empty()) {
    TAXA_RETURN_IF_ERROR(s_.CommitFiles(extras.files, extras.meta));
  } else {
    TAXA_RETURN_IF_ERROR(s_.CommitEvents(events, records, extras));
  }
  if (report.vendor_added > 0) TAXA_RETURN_IF_ERROR(s_.Load());
  TAXA_ASSIGN_OR_RETURN(report.commit, s_.repo().Head());
  return report;
}

}  // namespace taxa::app
