// Model predictions: what a classifier said about each item, imported from
// JSON Lines and stored in the project so data actions (app/session/actions.h)
// can weigh labels against them.
//
// An import file has one JSON object per line (blank lines are skipped):
//
//   {"item": "T-1", "category": "billing.refund",
//    "probabilities": {"billing.refund": 0.8, "billing.other": 0.2}, "model": "m1"}
//
// "item" and "category" are required strings; "probabilities" (optional) maps
// category ids to numbers in [0, 1] that sum to 1 within
// kProbabilitySumTolerance; "model" (optional) names the model. Other fields
// are ignored.
//
// Stored form: predictions/<model>/<stamp>-<hash>.jsonl.zst, one zstd frame
// of lines {"item": ..., "category": ..., "probabilities": {...}} (keys in
// that order, probabilities by category id, omitted when there are none; the
// model is the folder). <stamp> is the import's UTC time as
// YYYYMMDDTHHMMSSZ, <hash> the first 16 hex digits of the SHA-256 of the
// decompressed text. A file is written once and never changed: its name is
// its content, so two copies that import at once never write the same path
// with different bytes. Per item and model the file whose name sorts last
// holds the prediction in force (the newest import).
//
// No I/O; all functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// How far a row of probabilities may sum away from 1.
inline constexpr double kProbabilitySumTolerance = 1e-3;

struct Prediction {
  std::string item;
  std::string category;  // the model's predicted category
  // category id -> probability, sorted by id; empty when the line gave none.
  std::vector<std::pair<std::string, double>> probabilities;
  std::string model;  // import files only: the line's "model", "" when absent
  size_t line = 0;    // import files only: the line number, from 1
};

// One line of an import or stored file. kInvalidInput "WHERE: ..." naming the
// field: not a JSON object, "item"/"category" missing or not a string,
// "probabilities" not an object of numbers, a probability outside [0, 1] or
// not finite, a category listed twice, or a row summing away from 1.
Result<Prediction> DecodePredictionLine(std::string_view line, const std::string& where);
// The same into `out` (every field set), reusing its strings and vector:
// reading many lines this way allocates little once `out` has grown. On
// error `out` holds no meaning.
Status DecodePredictionLineInto(std::string_view line, const std::string& where, Prediction& out);

// The stored line of `p` (no model, no newline); numbers in the shortest form
// that reads back to the same double.
std::string EncodePredictionLine(const Prediction& p);

// Every line of an import file, with its line number; errors as
// DecodePredictionLine with WHERE = "FILE:LINE". Also kInvalidInput for text
// that is not UTF-8.
Result<std::vector<Prediction>> ParsePredictionsFile(std::string_view bytes,
                                                     const std::string& file_name);

// predictions/<model>/<stamp>-<hash>.jsonl.zst
std::string PredictionsPath(std::string_view model, std::string_view stamp,
                            std::string_view hash);

struct PredictionsPathParts {
  std::string model;
  std::string stamp;  // YYYYMMDDTHHMMSSZ
  std::string hash;   // 16 lower-case hex digits
};
// The parts of a stored predictions path; kInvalidInput, starting with the
// path, when it is not one (model ids as core::CheckId).
Result<PredictionsPathParts> ParsePredictionsPath(std::string_view path);

// The first 16 hex digits of SHA-256 of `text` (a stored file's
// decompressed lines).
std::string PredictionsContentHash(std::string_view text);

// The bytes of a stored predictions file: a whole zstd frame whose text's
// hash is the one in the name and whose every line decodes. kCorrupt
// "PATH:LINE: ..." (or "PATH: ...") otherwise.
Status CheckPredictionsFile(std::string_view path, std::string_view bytes);

// Every prediction of a stored file (model left empty). Errors as
// CheckPredictionsFile, except that the hash is not checked.
Result<std::vector<Prediction>> DecodePredictionsFile(std::string_view path,
                                                      std::string_view bytes);

}  // namespace taxa::core
