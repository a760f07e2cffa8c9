// History: the project's operations, newest first, each one commit with its
// author, time and Taxa-* trailers, and what one of them changed.
//
//   TAXA_ASSIGN_OR_RETURN(std::vector<sync::LogEntry> log, History(*project).Log(20));
//   TAXA_ASSIGN_OR_RETURN(auto log, History(*project).Log({.action = "category.add"}));
//   TAXA_ASSIGN_OR_RETURN(CommitChange change, History(*project).Show(log.front().commit));
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/project.h"

#include "taxa/core/index.h"
#include "taxa/sync/repository.h"

namespace taxa::app {

// Which operations a log keeps; empty fields keep all.
struct LogQuery {
  std::string action;  // the Taxa-Action trailer, exactly ("labels.commit")
  std::string author;  // the author's name, exactly
  size_t limit = 0;    // at most this many kept (0: all)
};

// The values of the trailers named `key` ("Taxa-Approved-By") of `entry`,
// in the order the message gives them; empty when it has none.
std::vector<std::string> TrailerValues(const sync::LogEntry& entry, std::string_view key);
// The first trailer named `key` of `entry`; "" when it has none.
std::string TrailerOf(const sync::LogEntry& entry, std::string_view key);

// The Taxa-Action trailer of `entry`; "" when it has none (a commit made
// outside Taxa).
std::string ActionOf(const sync::LogEntry& entry);

// One field of a JSON file that differs between the parent and the commit.
struct FieldChange {
  std::string field;                  // a top-level key ("name", "definition", "roles", ...)
  std::optional<std::string> before;  // compact JSON; nullopt when absent
  std::optional<std::string> after;
};

// One file a commit changed.
struct ChangedFile {
  std::string path;
  core::FileChange::Kind kind = core::FileChange::Kind::kModified;
  // What the file is: "settings", "category", "attribute", "items",
  // "labels", "gold labels", "calibration round", "conflict", or "file".
  std::string what;
  // Taxonomy and settings files: field by field, by key.
  std::vector<FieldChange> fields;
  // Label and gold segments: events added (segments only grow); item
  // shards: items in the new version. -1 when not counted.
  int64_t records = -1;
};

// What one operation did.
struct CommitChange {
  sync::LogEntry entry;               // subject, author, time, trailers
  std::string body;                   // the message after the subject
  std::vector<std::string> parents;   // first parent first
  std::vector<ChangedFile> files;     // against the first parent, by path
};

class History {
 public:
  explicit History(Project& project);

  // Commits reachable from HEAD, newest first, at most `limit` (0: all).
  Result<std::vector<sync::LogEntry>> Log(size_t limit);
  // The same, keeping the commits `query` asks for.
  Result<std::vector<sync::LogEntry>> Log(const LogQuery& query);
  // What `commit` (40 hex digits) changed, against its first parent (the
  // empty tree for the first commit). kInvalidInput for a malformed id,
  // kNotFound for a commit that is not in the project.
  Result<CommitChange> Show(const std::string& commit);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
