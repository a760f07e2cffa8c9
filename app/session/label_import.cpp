#include "session/label_import.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
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
// adds nothing. SameLabelHash is equal for any two labels SameLabel holds of.
bool SameLabel(const core::LabelEvent& a, const core::LabelEvent& b) {
  return a.item == b.item && a.annotator == b.annotator && a.hlc == b.hlc &&
         a.duration_ms == b.duration_ms && a.categories == b.categories;
}

uint64_t SameLabelHash(const core::LabelEvent& e) {
  const std::hash<std::string_view> text;
  uint64_t h = text(e.item);
  auto mix = [&h](uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  mix(text(e.annotator));
  mix(e.hlc);
  mix(e.duration_ms);
  mix(e.categories.size());
  for (const std::string& c : e.categories) mix(text(c));
  return h;
}

// For each of `events`, whether it is the same label as one of `earlier` or
// as an event before it: drop[i] is 1 for those, 0 for the rest. Labels are
// grouped by SameLabelHash (a sort, not a table of strings), and compared
// field by field only within a group.
std::vector<char> RepeatedLabels(const std::vector<core::LabelEvent>& earlier,
                                 const std::vector<core::LabelEvent>& events) {
  const size_t n = earlier.size() + events.size();
  auto at = [&](size_t k) -> const core::LabelEvent& {
    return k < earlier.size() ? earlier[k] : events[k - earlier.size()];
  };
  std::vector<std::pair<uint64_t, size_t>> keyed(n);  // (hash, position), earlier ones first
  constexpr size_t kChunk = 16384;
  core::ParallelFor((n + kChunk - 1) / kChunk, [&](size_t chunk) {
    for (size_t k = chunk * kChunk; k < std::min(n, (chunk + 1) * kChunk); ++k)
      keyed[k] = {SameLabelHash(at(k)), k};
  });
  core::ParallelSort(keyed.begin(), keyed.end(), std::less<>());
  std::vector<char> drop(events.size(), 0);
  std::vector<size_t> kept;  // the group's labels so far that stay (or were there)
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n && keyed[end].first == keyed[begin].first) ++end;
    if (end - begin > 1) {  // in position order: the first of equal labels stays
      kept.clear();
      for (size_t g = begin; g < end; ++g) {
        const size_t k = keyed[g].second;
        const bool repeated = std::any_of(kept.begin(), kept.end(),
                                          [&](size_t o) { return SameLabel(at(o), at(k)); });
        if (!repeated) kept.push_back(k);
        else if (k >= earlier.size()) drop[k - earlier.size()] = 1;
      }
    }
    begin = end;
  }
  return drop;
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
  // Each name as written is folded and checked once: folded[annotator_of[i]]
  // is row i's annotator.
  std::unordered_map<std::string_view, uint32_t> name_at;  // as written -> position in folded
  std::vector<std::string> folded;
  std::vector<uint32_t> annotator_of(rows.size());
  std::set<std::vector<std::string>> checked_categories;
  const std::vector<std::string>* last_categories = nullptr;  // checked, as the row before
  for (size_t i = 0; i < rows.size(); ++i) {
    const core::ImportedLabel& r = rows[i];
    auto where = [&](const Status& s) { return s.WithPrefix(core::LabelWhere(file_name, r)); };
    auto name = name_at.find(r.annotator);
    if (name == name_at.end()) {
      std::string f = core::FoldAnnotatorName(r.annotator);
      if (Status ok = core::CheckAnnotatorName(f); !ok.ok()) return where(ok);
      name = name_at.emplace(r.annotator, static_cast<uint32_t>(folded.size())).first;
      folded.push_back(std::move(f));
    }
    annotator_of[i] = name->second;
    if (!(last_categories && *last_categories == r.categories)) {
      if (!checked_categories.count(r.categories)) {
        if (Status ok = s_.taxonomy().CheckLabel(r.categories, {}); !ok.ok()) return where(ok);
        checked_categories.insert(r.categories);
      }
      last_categories = &r.categories;
    }
    if (std::binary_search(missing.begin(), missing.end(), r.item))
      return where(Status::InvalidInput("unknown item \"" + r.item + "\""));
  }
  std::set<std::string> annotators(folded.begin(), folded.end());
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
  // The segments are read here (the repository handle stays on this
  // thread) and decoded side by side.
  std::vector<std::pair<std::string, std::string>> segments;  // path, compressed
  for (const std::string& a : annotators) {
    TAXA_ASSIGN_OR_RETURN(std::string folder, core::SegmentFolder(a, kImportDevice));
    TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder(folder + "/"));
    for (auto& [path, compressed] : files)
      if (path.ends_with(".jsonl.zst")) segments.emplace_back(path, std::move(compressed));
  }
  std::vector<std::vector<core::LabelEvent>> decoded(segments.size());
  std::vector<Status> decode_status(segments.size());
  core::ParallelFor(segments.size(), [&](size_t k) {
    decode_status[k] = core::ForEachSegmentEvent(segments[k].second, segments[k].first,
                                                 [&](core::LabelEvent& e) {
                                                   decoded[k].push_back(std::move(e));
                                                   return Status::Ok();
                                                 });
  });
  std::vector<core::LabelEvent> earlier;
  for (size_t k = 0; k < segments.size(); ++k) {
    TAXA_RETURN_IF_ERROR(decode_status[k]);
    earlier.insert(earlier.end(), std::make_move_iterator(decoded[k].begin()),
                   std::make_move_iterator(decoded[k].end()));
  }
  segments.clear();
  decoded.clear();
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
      e.annotator = folded[annotator_of[i]];
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
  const std::vector<char> drop = RepeatedLabels(earlier, events);
  size_t kept = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    if (drop[i]) continue;
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
