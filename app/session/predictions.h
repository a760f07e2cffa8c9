// Model predictions in a project (core/predictions.h has the file formats):
// import a JSON Lines file of what a classifier said about each item, and
// read the predictions in force for one model, for data actions (actions.h).
//
//   Predictions predictions(*project);
//   TAXA_ASSIGN_OR_RETURN(PredictionsImportReport r,
//                         predictions.Import("preds.jsonl", {.model = "m1"}));
//   TAXA_ASSIGN_OR_RETURN(PredictionTable t, predictions.Load("m1"));
//
// The rules of an import:
//  - Who: a lead once roles are in force (access.h): predictions steer what
//    gets relabeled.
//  - All or nothing: every line is checked before anything is written, and
//    the first fault is returned as "FILE:LINE: ..." naming the field:
//    malformed JSON, a missing or empty "item" or "category", probabilities
//    outside [0, 1] or not summing to 1 (core::DecodePredictionLine), a line
//    with no model (neither its "model" nor `model`), a model name that is
//    not an id (core::CheckId), an unknown or retired category (predicted or
//    among the probabilities; a retired one names its replacement, as `taxa
//    label` does), an item listed twice for one model, an unknown item.
//  - Each model of the file gets one new immutable file,
//    predictions/<model>/<stamp>-<hash>.jsonl.zst, its lines in file order;
//    all of them go into one commit (Taxa-Action: predictions.import). A model
//    whose lines the project holds already (a file of that model with the same
//    hash) gets nothing: importing a file twice adds nothing, and makes no
//    commit.
//  - For each item and model the newest import holds (the file whose name
//    sorts last); older files stay, as history. A new file's stamp is the
//    time of the import, or one second after the model's newest file when
//    that is not earlier, so on one copy a later import always sorts last.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "session/project.h"

namespace taxa::app {

struct PredictionsImportOptions {
  std::string model;  // "": each line's "model"; else every line's model
};

struct ModelImport {
  std::string model;
  size_t predictions = 0;  // lines of the file for this model
  std::string path;        // the stored file
  bool already = false;    // the project held these lines: nothing written
};

struct PredictionsImportReport {
  size_t rows = 0;                 // predictions read from the file
  std::vector<ModelImport> models;  // by model name
  std::string commit;              // empty when nothing was new
};

// What one model predicts for the project's items, compactly: row r is
// items[r], its predicted class predicted[r] and its probabilities
// probabilities[r * classes.size() + c] (all 0 when has_probabilities[r] is 0).
struct PredictionTable {
  std::string model;
  std::vector<std::string> files;    // read, oldest first
  std::vector<std::string> classes;  // every category id the predictions name, sorted
  std::vector<std::string> items;    // sorted by id
  std::vector<uint32_t> predicted;
  std::vector<uint8_t> has_probabilities;
  std::vector<double> probabilities;
};

struct ModelSummary {
  std::string model;
  size_t files = 0;  // imports
  std::string latest;  // the newest file
};

class Predictions {
 public:
  explicit Predictions(Project& project);

  // Reads the file at `path` and imports it (see above).
  Result<PredictionsImportReport> Import(const std::string& path,
                                         const PredictionsImportOptions& options);
  // The same for bytes already read; `file_name` names the file in messages.
  Result<PredictionsImportReport> ImportBytes(std::string_view bytes, const std::string& file_name,
                                              const PredictionsImportOptions& options);
  // The models with predictions at HEAD, by name.
  Result<std::vector<ModelSummary>> Models();
  // The predictions in force for `model` ("" : the project's one model).
  // kNotFound naming `taxa predictions import` when there are none (or no
  // such model); kInvalidInput listing the models when `model` is "" and there
  // are several. A stored file that does not read fails naming its path and
  // line (kCorrupt).
  Result<PredictionTable> Load(const std::string& model);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
