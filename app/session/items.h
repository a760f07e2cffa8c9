// Items: bringing items into a project, reading them, and the project's
// counts and export.
//
//   TAXA_ASSIGN_OR_RETURN(ImportReport r, Items(*project).Import("tickets.jsonl"));
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/project.h"

#include "taxa/core/index.h"
#include "taxa/core/item_import.h"

namespace taxa::app {

struct ImportReport {
  size_t read = 0;       // records in the file
  size_t added = 0;      // new items committed
  size_t unchanged = 0;  // already in the project with the same content
  std::string batch;     // items/<batch>/ folder written, empty when nothing new
  std::string commit;    // empty when nothing new
};

// What `taxa status` shows: the project, its taxonomy's size and the counts.
struct ProjectStatus {
  std::string project;    // taxa.json's name
  size_t categories = 0;  // in the taxonomy at HEAD
  core::IndexCounts counts;
};

// An item as a list shows it: where it is, and who has labeled it.
struct ItemSummary {
  core::ItemRow row;
  bool mine = false;     // the project's user has a current label on it
  bool others = false;   // someone else has (whose and what stays with LabelsOf)
  bool skipped = false;  // the user skipped it (Labeling::Skip)
};

// Which items a search keeps, by what a labeler knows of them.
enum class ItemState {
  kAny,
  kUnlabeledByMe,  // the user has no current label on it
  kSkipped,        // the user skipped it
  kMine,           // the user has a current label on it
  // Two annotators' current labels differ. Under blind labeling (the
  // project's blind_labels, unless the user is a lead or reviewer) only
  // items the user has labeled themselves, so a search never tells what a
  // withheld label is like.
  kDisagreement,
  kGold,  // it has a gold (adjudicated) label
  // A current label uses a deprecated category (the taxonomy at HEAD): what
  // a taxonomy release leaves to relabel. Under blind labeling (as for
  // kDisagreement) only the user's own labels count.
  kDeprecated,
  // A current label is outdated: made under a category since split or
  // retired (core::LabelForward), so it waits to be relabeled (Relabel).
  // Every annotator's labels count, as in the relabel queue.
  kToRelabel,
};

// A search among the items (Items::Find). Empty fields keep every item; the
// set ones must all hold.
struct ItemQuery {
  std::string text;  // in the item's text or id, ignoring the case of ASCII letters
  std::string id;    // in the id, likewise
  // With `meta_key`: the item's metadata value (numbers and true/false as
  // written) equals `meta_value`.
  std::string meta_key;
  std::string meta_value;
  ItemState state = ItemState::kAny;
  int64_t after = -1;  // the cursor: only positions after this one (-1: from the start)
  int64_t limit = 200;
};

// One page of a search, in project order.
struct ItemPage {
  std::vector<ItemSummary> rows;
  int64_t next = -1;  // the cursor of the next page (its `after`); -1 when this is the last
};

// An item's media file, read and checked (Items::ReadMedia).
struct MediaFile {
  std::string path;    // as the item gives it, relative to the media folder
  std::string sha256;  // the item's, which the bytes match
  std::string type;    // a MIME type by the name's extension: image/png, image/jpeg,
                       // image/gif, image/webp, else application/octet-stream
  std::string bytes;
};

// The folder an item's media path is relative to: <project dir>/media
// (kept out of git like DVC and git-annex keep data; the folder itself may
// be a symbolic link to where the files are).
std::string MediaFolder(const std::string& project_dir);

// Reads a search typed as one line: words are looked for in the text (and
// id), "id:PART" in the id, "KEY=VALUE" in the metadata (one pair), and
// "is:unlabeled", "is:skipped", "is:mine", "is:disagreement", "is:gold",
// "is:deprecated" set the state; a word in double quotes ("a=b") is text whatever it holds.
// kInvalidInput naming the word for an unknown "is:" or a second KEY=VALUE.
Result<ItemQuery> ParseItemQuery(std::string_view line);
// The words ParseItemQuery takes for `state` ("" for kAny).
std::string_view ItemStateWord(ItemState state);
// One of those words, or "all" (or "") for kAny; kInvalidInput naming the
// words for another (the web API's state=).
Result<ItemState> ParseItemState(std::string_view word);

class Items {
 public:
  explicit Items(Project& project);

  // Reads a JSON Lines or CSV file and commits its new items as one batch.
  // A malformed record fails with "FILE:LINE: ..." and commits nothing.
  Result<ImportReport> Import(const std::string& path,
                              core::ImportFormat format = core::ImportFormat::kAuto);
  // The same for bytes already in memory; `name` is used in messages.
  Result<ImportReport> ImportBytes(std::string_view bytes, const std::string& name,
                                   core::ImportFormat format);

  // How many items the project holds.
  Result<int64_t> Count();
  // Items at positions [from, from + count) of the project's order.
  Result<std::vector<core::ItemRow>> At(int64_t from, int64_t count);
  // The same with who has labeled each.
  Result<std::vector<ItemSummary>> Summaries(int64_t from, int64_t count);
  // The item with id `id`; nullopt when there is none.
  Result<std::optional<core::ItemRow>> Find(const std::string& id);
  // A page of the items `query` keeps, after its cursor, in project order,
  // with who labeled each: one index query (bound values only; a text search
  // reads every item's text, so run it beside the writer for a big project,
  // ProjectHost::StartReader). kInvalidInput for a metadata key holding '"'
  // or '\'.
  Result<ItemPage> Find(const ItemQuery& query);
  // The same search, positions only: what a list of every match needs (one
  // 8-byte position a match), page by page through query.after.
  Result<std::vector<int64_t>> FindPositions(const ItemQuery& query);
  // The items at `positions` (any order, each once) with who labeled each,
  // in the order given; positions past the end are left out.
  Result<std::vector<ItemSummary>> SummariesAt(const std::vector<int64_t>& positions);

  // The media file of item `id` (Items::ReadMedia in the project's media
  // folder). kNotFound when there is no such item or it has no media file.
  Result<MediaFile> Media(const std::string& id);
  // Reads `item`'s media file from `media_folder`, refusing anything that
  // would leave it: kNotFound for a text item, a path that is absolute, holds
  // a ".." or empty component, passes through a symbolic link below the
  // folder (the file included), or names no regular file; kFailedPrecondition
  // when the file's SHA-256 is not the item's, or it is over `max_bytes`.
  // Messages name the item and the path. Thread-safe: it reads no project
  // state, so a server calls it beside the writer.
  static Result<MediaFile> ReadMedia(const std::string& media_folder, const core::Item& item,
                                     size_t max_bytes = size_t{256} << 20);

  // Items, labeled items, events, by annotator and by category.
  Result<core::IndexCounts> Counts();
  // The project's name and size with Counts().
  Result<ProjectStatus> Overview();
  // Writes one JSON line per item with each annotator's current labels, read
  // in the current taxonomy (labels under a merged or replaced category give
  // the category that replaces it; outdated ones go under "outdated",
  // core/export.h). `as_made`: every label exactly as recorded instead.
  Status Export(const std::function<Status(std::string_view line)>& out, bool as_made = false);
  // The same labels as a Label Studio JSON export (export_label_studio.cpp):
  // a JSON array of tasks (core::EncodeLabelStudioTask), handed to `out` in
  // pieces ("[", each task with its separator, "]"), task ids 1, 2, ... in
  // project order; each label's lead_time is its event's time spent.
  Status ExportLabelStudio(const std::function<Status(std::string_view text)>& out,
                           bool as_made = false);

 private:
  Result<ImportReport> ImportParsed(const std::vector<core::ImportedItem>& parsed,
                                    const std::string& name, const std::string& sha256);
  Result<core::ItemFilter> FilterOf(const ItemQuery& query);
  Result<std::vector<ItemSummary>> Summarize(std::vector<core::ItemRow> rows);
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
