// Items: import, reading, counts and export.
#include "session/items.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "session/internal/project_state.h"

#include "taxa/core/export.h"
#include "taxa/core/file_stamp.h"
#include "taxa/core/fs.h"
#include "taxa/core/parallel.h"
#include "taxa/core/sha256.h"
#include "taxa/core/shard.h"
#include "taxa/core/timing.h"

namespace taxa::app {

namespace {

constexpr size_t kItemsPerShard = 10000;

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Items::Items(Project& project) : project_(project), s_(project.state()) {}

Result<ImportReport> Items::Import(const std::string& path, core::ImportFormat format) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  std::string sha256 = core::Sha256Hex(bytes);
  std::vector<core::ImportedItem> parsed;
  {
    core::ScopedTiming parse_timing("import: parse");
    TAXA_ASSIGN_OR_RETURN(parsed, core::ParseItems(bytes, path, format));
  }
  std::string().swap(bytes);  // the items hold what is needed; free the file
  return ImportParsed(parsed, path, sha256);
}

Result<ImportReport> Items::ImportBytes(std::string_view bytes, const std::string& name,
                                        core::ImportFormat format) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ImportedItem> parsed,
                        core::ParseItems(bytes, name, format));
  return ImportParsed(parsed, name, core::Sha256Hex(bytes));
}

Result<ImportReport> Items::ImportParsed(const std::vector<core::ImportedItem>& parsed,
                                         const std::string& name, const std::string& sha256) {
  core::ScopedTiming timing("import: shard, commit and index");
  ImportReport report;
  report.read = parsed.size();
  std::vector<std::string> ids;
  TAXA_ASSIGN_OR_RETURN(int64_t items, s_.index().ItemCount());
  if (items > 0) {
    ids.reserve(parsed.size());
    for (const core::ImportedItem& p : parsed) ids.push_back(p.item.id);
  }
  TAXA_ASSIGN_OR_RETURN(auto existing, s_.index().ExistingItems(ids));
  std::vector<const core::Item*> fresh;
  fresh.reserve(parsed.size() - existing.size());
  for (const core::ImportedItem& p : parsed) {
    auto it = existing.find(p.item.id);
    if (it == existing.end()) {
      fresh.push_back(&p.item);
    } else if (it->second == p.item) {
      ++report.unchanged;
    } else {
      return Status::InvalidInput(name + ":" + std::to_string(p.line) + ": item \"" + p.item.id +
                                  "\" is already in the project with different content");
    }
  }
  if (fresh.empty()) return report;
  std::sort(fresh.begin(), fresh.end(),
            [](const core::Item* a, const core::Item* b) { return a->id < b->id; });

  report.batch = core::ItemBatchName(static_cast<int64_t>(std::time(nullptr)), sha256);
  std::string folder = "items/" + report.batch + "/";
  size_t shard_count = (fresh.size() + kItemsPerShard - 1) / kItemsPerShard;
  std::vector<std::string> encoded(shard_count);
  core::ParallelFor(shard_count, [&](size_t n) {
    size_t end = std::min(fresh.size(), (n + 1) * kItemsPerShard);
    std::vector<std::string> lines;
    lines.reserve(end - n * kItemsPerShard);
    for (size_t i = n * kItemsPerShard; i < end; ++i)
      lines.push_back(core::EncodeItemLine(*fresh[i]));
    encoded[n] = core::EncodeShard(lines);
  });
  std::vector<sync::FileWrite> files;
  core::Index::Known known;
  for (size_t n = 0; n < shard_count; ++n) {
    char shard[32];
    std::snprintf(shard, sizeof shard, "%05zu.jsonl.zst", n);
    std::string path = folder + shard;
    files.push_back({path, std::move(encoded[n])});
    size_t end = std::min(fresh.size(), (n + 1) * kItemsPerShard);
    known.item_shards[path].assign(fresh.begin() + static_cast<ptrdiff_t>(n * kItemsPerShard),
                                   fresh.begin() + static_cast<ptrdiff_t>(end));
  }
  report.added = fresh.size();
  std::string subject = "Import " + std::to_string(fresh.size()) + " items from " + BaseName(name);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(files,
                                      s_.Meta(subject, {{"Taxa-Action", "items.import"},
                                                        {"Taxa-Batch", report.batch},
                                                        {"Taxa-Source", BaseName(name)},
                                                        {"Taxa-Source-Sha256", sha256}}),
                                      nullptr, &known));
  TAXA_ASSIGN_OR_RETURN(report.commit, s_.repo().Head());
  return report;
}

Result<int64_t> Items::Count() { return s_.index().ItemCount(); }

Result<std::vector<core::ItemRow>> Items::At(int64_t from, int64_t count) {
  return s_.index().ItemsAt(from, count);
}

Result<std::vector<ItemSummary>> Items::Summaries(int64_t from, int64_t count) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> rows, s_.index().ItemsAt(from, count));
  return Summarize(std::move(rows));
}

Result<std::optional<core::ItemRow>> Items::Find(const std::string& id) {
  return s_.index().FindItem(id);
}

Result<core::IndexCounts> Items::Counts() { return s_.index().Counts(); }

Result<ProjectStatus> Items::Overview() {
  ProjectStatus status{.project = s_.settings().name, .categories = s_.taxonomy().size()};
  TAXA_ASSIGN_OR_RETURN(status.counts, Counts());
  return status;
}

Status Items::Export(const std::function<Status(std::string_view line)>& out, bool as_made) {
  return s_.index().ForEachItemWithLabels(
      [&](const core::Item& item, const std::vector<core::CurrentLabel>& labels) {
        return out(core::EncodeExportLine(item, labels));
      },
      /*as_recorded=*/as_made);
}

}  // namespace taxa::app
