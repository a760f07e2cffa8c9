#include "session/history.h"

#include <algorithm>
#include <set>

#include "session/internal/project_state.h"
#include <nlohmann/json.hpp>

#include "taxa/core/layout.h"
#include "taxa/core/shard.h"

namespace taxa::app {

namespace {

// Lines of a zstd frame of JSON Lines (an item shard or a label segment).
Result<int64_t> CountLines(const std::string& bytes, const std::string& path) {
  TAXA_ASSIGN_OR_RETURN(std::string text, core::DecompressFrame(bytes, path));
  int64_t n = 0;
  TAXA_RETURN_IF_ERROR(core::ForEachLine(text, [&](std::string_view, size_t) {
    ++n;
    return Status::Ok();
  }));
  return n;
}

// The top-level keys whose values differ between two JSON objects.
std::vector<FieldChange> FieldChanges(const std::optional<std::string>& before,
                                      const std::optional<std::string>& after) {
  auto parse = [](const std::optional<std::string>& text) {
    if (!text) return nlohmann::json::object();
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
  };
  nlohmann::json a = parse(before), b = parse(after);
  std::set<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
  for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
  std::vector<FieldChange> out;
  for (const std::string& key : keys) {
    auto x = a.find(key), y = b.find(key);
    std::optional<std::string> was, now;
    if (x != a.end()) was = x->dump();
    if (y != b.end()) now = y->dump();
    if (was != now) out.push_back({key, std::move(was), std::move(now)});
  }
  return out;
}

}  // namespace

std::vector<std::string> TrailerValues(const sync::LogEntry& entry, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : entry.trailers)
    if (k == key) out.push_back(v);
  return out;
}

std::string TrailerOf(const sync::LogEntry& entry, std::string_view key) {
  for (const auto& [k, v] : entry.trailers)
    if (k == key) return v;
  return "";
}

std::string ActionOf(const sync::LogEntry& entry) { return TrailerOf(entry, "Taxa-Action"); }

History::History(Project& project) : s_(project.state()) {}

Result<std::vector<sync::LogEntry>> History::Log(size_t limit) { return s_.repo().Log(limit); }

Result<std::vector<sync::LogEntry>> History::Log(const LogQuery& query) {
  if (query.action.empty() && query.author.empty()) return s_.repo().Log(query.limit);
  TAXA_ASSIGN_OR_RETURN(std::vector<sync::LogEntry> all, s_.repo().Log(0));
  std::vector<sync::LogEntry> out;
  for (sync::LogEntry& e : all) {
    if (!query.action.empty() && ActionOf(e) != query.action) continue;
    if (!query.author.empty() && e.author != query.author) continue;
    out.push_back(std::move(e));
    if (query.limit != 0 && out.size() == query.limit) break;
  }
  return out;
}

Result<CommitChange> History::Show(const std::string& commit) {
  sync::Repository& repo = s_.repo();
  TAXA_ASSIGN_OR_RETURN(sync::CommitDetails details, repo.ReadCommit(commit));
  CommitChange out{.entry = std::move(details.entry),
                   .body = std::move(details.body),
                   .parents = std::move(details.parents)};
  const std::string parent = out.parents.empty() ? std::string() : out.parents.front();
  TAXA_ASSIGN_OR_RETURN(std::vector<core::FileChange> changes, repo.Diff(parent, commit));
  std::sort(changes.begin(), changes.end(),
            [](const core::FileChange& a, const core::FileChange& b) { return a.path < b.path; });
  using Kind = core::ProjectFileKind;
  for (const core::FileChange& c : changes) {
    ChangedFile f{.path = c.path, .kind = c.kind, .what = "file"};
    Result<Kind> kind = core::ClassifyProjectPath(c.path);
    auto read = [&](const std::string& at) -> Result<std::optional<std::string>> {
      if (at.empty()) return std::optional<std::string>();
      return repo.ReadFile(c.path, at);
    };
    std::optional<std::string> before, after;
    if (kind.ok()) {
      if (c.kind != core::FileChange::Kind::kAdded) {
        TAXA_ASSIGN_OR_RETURN(before, read(parent));
      }
      if (c.kind != core::FileChange::Kind::kDeleted) {
        TAXA_ASSIGN_OR_RETURN(after, read(commit));
      }
    }
    switch (kind.ok() ? *kind : Kind::kPlan) {
      case Kind::kSettings:
      case Kind::kCategory:
      case Kind::kAttribute:
        f.what = *kind == Kind::kSettings   ? "settings"
                 : *kind == Kind::kCategory ? "category"
                                            : "attribute";
        f.fields = FieldChanges(before, after);
        break;
      case Kind::kLabelSegment:
      case Kind::kGoldSegment:
      case Kind::kReviewSegment: {
        f.what = *kind == Kind::kLabelSegment  ? "labels"
                 : *kind == Kind::kGoldSegment ? "gold labels"
                                               : "reviews";
        int64_t was = 0, now = 0;
        if (before) {
          TAXA_ASSIGN_OR_RETURN(was, CountLines(*before, c.path));
        }
        if (after) {
          TAXA_ASSIGN_OR_RETURN(now, CountLines(*after, c.path));
        }
        f.records = now - was;
        break;
      }
      case Kind::kItemShard:
        f.what = "items";
        if (after) {
          TAXA_ASSIGN_OR_RETURN(f.records, CountLines(*after, c.path));
        }
        break;
      case Kind::kCalibrationRound:
        f.what = "calibration round";
        break;
      case Kind::kConflict:
        f.what = "conflict";
        break;
      default:
        break;
    }
    out.files.push_back(std::move(f));
  }
  return out;
}

}  // namespace taxa::app
