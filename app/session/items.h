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
  bool mine = false;    // the project's user has a current label on it
  bool others = false;  // someone else has (whose and what stays with LabelsOf)
};

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

  // Items, labeled items, events, by annotator and by category.
  Result<core::IndexCounts> Counts();
  // The project's name and size with Counts().
  Result<ProjectStatus> Overview();
  // Writes one JSON line per item with each annotator's current labels.
  Status Export(const std::function<Status(std::string_view line)>& out);

 private:
  Result<ImportReport> ImportParsed(const std::vector<core::ImportedItem>& parsed,
                                    const std::string& name, const std::string& sha256);
  ProjectState& s_;
};

}  // namespace taxa::app
