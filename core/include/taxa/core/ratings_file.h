// Reading reliability data (item, annotator, value) from a user's file into
// Ratings (agreement.h), checked record by record.
//
//   TAXA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
//   TAXA_ASSIGN_OR_RETURN(Ratings r, ReadRatingsFile(bytes, path, RatingsFormat::kAuto,
//                                                    ValueKind::kCategory));
//
// CSV (RFC 4180): a header row naming the columns `item`, `annotator` and
// `value` in any order; other columns are ignored. An empty value is no rating.
// For ValueKind::kLabelSet a value is a `;`-separated set of labels (spaces
// around labels are trimmed, empty pieces dropped).
//
// JSON Lines: one object per line, {"item": ..., "annotator": ..., "value": ...};
// item and annotator are strings (or integers, read as their text); the value
// is a string, a number or a list of strings as the kind needs. A null value or
// an empty string is no rating. For kCategory a number is read as its shortest
// exact text (1.0 is "1"); for kNumber a string must hold a number; for
// kLabelSet a string is `;`-separated as in CSV.
//
// Errors are kInvalidInput as "FILE:LINE: what is wrong", naming the field:
//   ratings.csv:7: field "value" is not a number: "high"
//   ratings.csv:9: item "doc1", annotator "ann" is rated again (first on line 4)
#pragma once

#include <string_view>

#include "taxa/core/agreement.h"
#include "taxa/core/status.h"

namespace taxa::core {

enum class RatingsFormat {
  kAuto,       // CSV when the file name ends in ".csv" (any case), else JSON Lines
  kCsv,
  kJsonLines,
};

// Parses the bytes of a whole file into Ratings of `kind`. `file_name` only
// names the file in messages. A UTF-8 byte order mark and empty lines are
// skipped; an empty file gives empty Ratings. Every string must be valid UTF-8.
// Thread-safe: touches no shared state.
Result<Ratings> ReadRatingsFile(std::string_view bytes, std::string_view file_name,
                                RatingsFormat format, ValueKind kind);

}  // namespace taxa::core
