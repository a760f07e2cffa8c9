// The Log window: the project's operations, newest first (app::History), each
// with its time, author, action (the Taxa-Action trailer) and subject,
// filtered by action and by author; selecting one shows what that commit
// changed (app::History::Show): each file with what it is, and the fields of
// taxonomy and settings files before and after, or the labels and items added.
//
//   RefreshLogModel(session, host.generation(), log.ui, log.model);   // before drawing
//   DrawLogWindow(log.model, log.ui);
//
// The rows are read again only when the project's revision or generation, or
// the filter, changed; the change when the selection did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/history.h"
#include "session/project.h"

namespace taxa::gui {

// Operations listed at most (the newest); the filters' choices come from them.
inline constexpr size_t kLogRows = 500;

struct LogRow {
  std::string commit;
  std::string short_id;  // the first 10 characters
  std::string when;      // local time, "2026-11-28 02:14"
  std::string author;
  std::string action;    // "" for a commit made outside Taxa
  std::string subject;
};

struct LogModel {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool built = false;
  std::string action;  // the filter the rows answer
  std::string author;
  std::vector<LogRow> rows;
  std::vector<std::string> actions;  // every action and author among the newest operations
  std::vector<std::string> authors;
  std::string error;

  std::string shown;  // the commit `change` describes
  std::optional<app::CommitChange> change;
  std::string change_error;
};

struct LogUi {
  bool visible = false;  // shown instead of the label workspace
  std::string action;    // "" for any
  std::string author;    // "" for anyone
  std::string selected;  // the commit chosen; "" for none
};

struct LogWindow {
  LogModel model;
  LogUi ui;
};

// Rebuilds what changed (see above). Failures land in model.error or
// model.change_error.
void RefreshLogModel(app::Project& session, uint64_t generation, const LogUi& ui,
                     LogModel& model);

// One line for a changed file: "+12 labels", "3 fields", "added", ...
std::string DescribeChangedFile(const app::ChangedFile& file);

void DrawLogWindow(const LogModel& model, LogUi& ui);

}  // namespace taxa::gui
