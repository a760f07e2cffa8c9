// Reading a delivery of labels from a user's file: CSV rows, JSON Lines, or a
// Label Studio JSON export. Parsing only: whether the items, annotators and
// categories exist is the session's to check (app/session/label_import.h).
//
//   TAXA_ASSIGN_OR_RETURN(LabelFileFormat f, ParseLabelFileFormat("csv"));
//   TAXA_ASSIGN_OR_RETURN(std::vector<ImportedLabel> rows, ParseLabelFile(bytes, "crowd.csv", f));
//   // each row's errors start with LabelWhere("crowd.csv", row): "crowd.csv:7" or "ls.json: task 12"
//
// CSV (RFC 4180, csv.h), no header row (a first row whose first field is
// "item" is taken for a header and skipped):
//   item,annotator,category[;category...][,time][,seconds_spent]
// JSON Lines, one object a line:
//   {"item":"T-1","annotator":"w7","categories":["billing"],"time":"2026-01-02T03:04:05Z",
//    "seconds_spent":12.5}
// (time and seconds_spent optional; "category":"x" stands for ["x"]).
// Label Studio JSON export (a JSON array of tasks): each task's `data.item`
// names the Taxa item; each annotation gives one label: `completed_by` (a
// number N reads as annotator "ls-N", a string as that name, an object by its
// "email", else "ls-" its "id"), the categories from its `choices` results
// (value.choices) and `taxonomy` results (the last id of each path in
// value.taxonomy), `created_at` (time) and `lead_time` (seconds spent).
// Cancelled annotations (was_cancelled: true) are skipped.
//
// A time is an ISO 8601 date-time (2026-01-02T03:04:05[.ffffff][Z|+hh:mm];
// UTC when no zone is given) or whole seconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

enum class LabelFileFormat { kCsv, kJsonLines, kLabelStudio };

// "csv", "jsonl" or "label-studio"; kInvalidInput naming the three otherwise.
Result<LabelFileFormat> ParseLabelFileFormat(std::string_view name);

// The format a file name suggests: ".csv" CSV, ".jsonl" JSON Lines, ".json"
// Label Studio; nullopt for any other name.
std::optional<LabelFileFormat> GuessLabelFileFormat(std::string_view file_name);

struct ImportedLabel {
  size_t line = 0;   // 1-based line where the row starts (CSV, JSON Lines)
  std::string task;  // Label Studio: the task's id
  std::string item;
  std::string annotator;                // as written (the session folds case)
  std::vector<std::string> categories;  // as written, never empty
  std::optional<uint64_t> time_ms;      // milliseconds since the epoch
  uint32_t duration_ms = 0;             // seconds_spent / lead_time
};

// Parses a whole file. `file_name` only names the file in messages. Returns
// kInvalidInput for the first malformed row, as "FILE:LINE: ..." (or
// "FILE: task ID: ...") naming the field. An empty file yields no labels.
// Thread-safe: touches no shared state.
Result<std::vector<ImportedLabel>> ParseLabelFile(std::string_view bytes,
                                                  std::string_view file_name,
                                                  LabelFileFormat format);

// "FILE:LINE", or "FILE: task ID" for a Label Studio task: where messages
// about `label` start.
std::string LabelWhere(std::string_view file_name, const ImportedLabel& label);

// Milliseconds since the epoch of a time as described above; nullopt when
// `text` is not one.
std::optional<uint64_t> ParseLabelTime(std::string_view text);

// The ISO 8601 form Label Studio writes, "2026-01-02T03:04:05.678000Z".
std::string FormatLabelTime(uint64_t ms);

}  // namespace taxa::core
