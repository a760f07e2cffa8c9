// Commands: what the views ask of the session.
//
// A view never changes the project while it draws. It pushes a Command (a plain
// struct) and, after the frame, Apply() (apply.h) carries each one out against the
// Session and reports a Status for the status bar:
//
//   if (ImGui::Button("Skip")) out.Push(SkipItem{.ord = row.ord});
//   ...
//   for (const Command& c : commands.Take()) status.Report(Apply(c, target));
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "session/conflicts.h"
#include "session/project.h"
#include "taxa/core/category_edit.h"
#include "taxa/core/taxonomy.h"

namespace taxa::gui {

// Labels `item` (at position `ord`) with `categories` and moves on: to the
// next item of the calibration round waiting for the annotator when `item` is
// one of its items, else to the next item the annotator has neither labeled
// nor skipped (while a search narrows the list, frame.cpp then goes to the
// next match instead; so for SkipItem).
struct SubmitLabel {
  std::string item;
  int64_t ord = -1;
  std::vector<std::string> categories;
  std::map<std::string, std::string> attributes;  // attribute id -> value
  std::string note;
  uint32_t duration_ms = 0;
};

// Marks `item` (at `ord`) skipped for this annotator (app::Labeling::Skip: kept
// per clone, never committed) and moves past it without labeling it.
struct SkipItem {
  int64_t ord = -1;
  std::string item;
};
// Takes the skip back: the item is offered again.
struct UnskipItem {
  std::string item;
};

// Removes the annotator's label of `item`, as `taxa label ITEM --clear`.
struct ClearLabel {
  std::string item;
};
// Takes back the annotator's last label (or clear) of this sitting and goes
// to its item.
struct UndoLabel {};

// Makes the item at `ord` the current one.
struct SelectItem {
  int64_t ord = -1;
};
// Makes the item with id `item` the current one (a search's exact id).
struct GoToItem {
  std::string item;
};

// Commits the labels acknowledged so far (they are already durable in the journal).
struct FlushLabels {};

// Closes the open project (saving its labels) and opens, creates or creates the
// demo project in `dir`, on a worker thread.
struct OpenProject {
  std::string dir;
};
struct CreateProject {
  std::string dir;
  std::string name;
};
struct CreateDemo {
  std::string dir;
};

// Imports the items of a JSON Lines or CSV file (as `taxa import FILE`) on
// the worker thread.
struct ImportItems {
  std::string path;
};

struct Quit {};

// The Sync window (sync_window.h): sync with `remote` on the worker thread, add a
// remote, and close a merge conflict.
struct SyncRemote {
  std::string remote;
};
struct AddRemote {
  std::string name;
  std::string url;
};
struct RemoveRemote {
  std::string name;
};
struct SetRemoteUrl {
  std::string name;
  std::string url;
};
struct ResolveConflict {
  std::string id;
  app::Resolution resolution;
};

// The Taxonomy editor (taxonomy_editor.h): each one edit, one commit, as the
// CLI's `taxonomy add | edit | move | deprecate`.
struct AddCategory {
  core::Category category;
};
struct EditCategory {
  std::string id;
  core::CategoryEdit edit;
};
struct MoveCategory {
  std::string id;
  std::string new_parent;  // "" makes it a root
};
struct DeprecateCategory {
  std::string id;
  std::string replaced_by;  // "" for none
};

// Merges `sources` into `into` (an existing category by id alone, or a new
// one with its fields), as `taxa taxonomy merge`; `why` is the rationale.
struct MergeCategories {
  std::vector<std::string> sources;
  core::Category into;
  std::string why;
};
// Splits `id` into `parts` (existing by id alone, or new), as `taxa taxonomy split`.
struct SplitCategory {
  std::string id;
  std::vector<core::Category> parts;
  std::string why;
};
// The acting user's approval (or rejection) of proposal `name`, and the
// merge of an approved one: app::Proposals::Decide and Merge, whose rules
// (roles, four eyes) decide.
struct DecideProposal {
  std::string name;
  bool approve = false;
  std::string why;
};
struct MergeProposal {
  std::string name;
};

using Command =
    std::variant<SubmitLabel, SkipItem, UnskipItem, ClearLabel, UndoLabel, SelectItem, GoToItem,
                 FlushLabels, OpenProject, CreateProject, CreateDemo, ImportItems, Quit, SyncRemote,
                 AddRemote, RemoveRemote, SetRemoteUrl, ResolveConflict, AddCategory, EditCategory,
                 MoveCategory, DeprecateCategory, MergeCategories, SplitCategory, DecideProposal,
                 MergeProposal>;

// The commands pushed during one frame, in order.
class Commands {
 public:
  // Constructs the command in place (which also spares GCC 12 a false
  // -Wmaybe-uninitialized on moving a variant of strings).
  template <typename T>
  void Push(T&& command) {
    items_.emplace_back(std::in_place_type<std::decay_t<T>>, std::forward<T>(command));
  }
  bool empty() const { return items_.empty(); }
  const std::vector<Command>& items() const { return items_; }
  // Returns the commands pushed so far and empties the queue.
  std::vector<Command> Take() { return std::exchange(items_, {}); }

 private:
  std::vector<Command> items_;
};

}  // namespace taxa::gui
