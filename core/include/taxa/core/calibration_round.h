// A calibration round as its file holds it: calibration/<name>.json, pretty
// JSON in a fixed key order, written once when the round starts.
//
//   {"name": "r1", "created": "...", "created_by": "lead", "commit": "...",
//    "taxonomy": "tree:...", "plan": "random", "seed": 7,
//    "annotators": ["ann", "bob"], "items": ["T-00012", ...]}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

struct CalibrationRound {
  std::string name;
  std::string created;  // ISO 8601 UTC
  std::string created_by;
  std::string commit;    // HEAD when the round started: its taxonomy applies
  std::string taxonomy;  // the taxonomy version labels carry ("tree:<oid>")
  std::string plan;      // "random" or "stratified:<key>"
  uint64_t seed = 0;
  std::vector<std::string> annotators;  // sorted
  std::vector<std::string> items;       // in project order
};

// calibration/<name>.json
std::string RoundPath(const std::string& name);
// kInvalidInput unless `name` is 1-64 letters, digits, '-', '_' or '.',
// starting with a letter or digit (so it is a safe file name).
Status CheckRoundName(const std::string& name);

std::string EncodeRound(const CalibrationRound& round);
// kInvalidInput naming `path` and the field for a malformed file.
Result<CalibrationRound> DecodeRound(std::string_view bytes, const std::string& path);

}  // namespace taxa::core
