// Importing a delivery of labels made elsewhere (a crowd platform, a vendor,
// Label Studio) as one commit.
//
//   LabelImport import(*project);
//   TAXA_ASSIGN_OR_RETURN(LabelImportReport r,
//                         import.Import("crowd.csv", {.format = core::LabelFileFormat::kCsv,
//                                                     .vendor = "acme"}));
//
// The rules:
//  - Who: a lead (access.h), since the labels are in others' names.
//  - All or nothing: every row is checked before anything is written (the
//    item exists, the annotator name is a valid one, each category exists and
//    is not retired: a retired one is refused naming its replacement, with
//    the message `taxa label` gives), and the first fault is returned as
//    "FILE:LINE: ..." (or "FILE: task ID: ..."). Then all new labels go into
//    one commit (Taxa-Action: labels.import), with taxa.json when `vendor`
//    adds annotators.
//  - Each row makes one label event fixed by the row alone: device "import",
//    clock from the row's time (an undated row counts as made at the epoch,
//    before every dated label), time spent from seconds_spent/lead_time. So
//    importing a file again finds its labels in the project already and adds
//    nothing (no commit); rows repeated in one file count once.
//  - `vendor`: the file's annotators join that vendor in taxa.json
//    ("vendors"); an annotator who belongs to another vendor is refused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "session/project.h"

#include "taxa/core/label_import.h"

namespace taxa::app {

struct LabelImportOptions {
  core::LabelFileFormat format = core::LabelFileFormat::kCsv;
  std::string vendor;  // "": no vendor
};

struct LabelImportReport {
  size_t rows = 0;        // labels read from the file
  size_t added = 0;       // new label events committed
  size_t already = 0;     // rows the project (or an earlier row) holds already
  size_t annotators = 0;  // distinct annotators in the file
  size_t vendor_added = 0;  // annotators added to the vendor in taxa.json
  std::string commit;     // empty when nothing was new
};

class LabelImport {
 public:
  explicit LabelImport(Project& project);

  // Reads the file at `path` and imports it (see above).
  Result<LabelImportReport> Import(const std::string& path, const LabelImportOptions& options);
  // The same for bytes already read; `file_name` names the file in messages.
  Result<LabelImportReport> ImportBytes(std::string_view bytes, const std::string& file_name,
                                        const LabelImportOptions& options);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
