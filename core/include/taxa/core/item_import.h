// Importing items from user files: JSON Lines or CSV, checked record by record.
//
// The whole file is read by the caller and handed over as bytes; the result is
// the items in file order, each with the line where its record starts, or the
// first problem found, as "FILE:LINE: what is wrong":
//
//   Result<ImportFormat> format = ParseImportFormat(flag_value);   // "auto", "jsonl", "csv"
//   Result<std::vector<ImportedItem>> items = ParseItems(bytes, "items.csv", *format);
//   if (!items.ok()) return items.status();  // e.g. items.csv:7: field "id" is empty
//
// JSON Lines: one item per line, as DecodeItemLine() reads it (item.h).
// CSV (RFC 4180): a header row naming the columns; `id` is required, then `text`,
// or `path` and `sha256` for media items (a file may mix both kinds when it has
// all three). Every other column is a metadata key with a string value; empty
// cells are left out of the item's `meta_json`.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "taxa/core/item.h"
#include "taxa/core/status.h"

namespace taxa::core {

enum class ImportFormat { kAuto, kJsonLines, kCsv };

// Reads a format name: "auto", "jsonl" or "csv". kInvalidInput for anything else.
Result<ImportFormat> ParseImportFormat(std::string_view name);

struct ImportedItem {
  Item item;
  size_t line = 0;  // 1-based line where the item's record starts
};

// Parses the bytes of a whole file. `file_name` only names the file in messages.
// kAuto reads CSV when `file_name` ends in ".csv" (any case), JSON Lines otherwise.
//
// Empty lines and a UTF-8 byte order mark at the start are skipped. A record that
// repeats an earlier one exactly is kept once (at its first line); an id that
// repeats with different content is an error. Returns kInvalidInput for the first
// malformed record: bad JSON or CSV syntax, a missing or ill-formed field, text that
// is not valid UTF-8, or an item CheckItem() rejects. An empty file yields no items.
// Thread-safe: touches no shared state.
Result<std::vector<ImportedItem>> ParseItems(std::string_view bytes, std::string_view file_name,
                                             ImportFormat format);

}  // namespace taxa::core
