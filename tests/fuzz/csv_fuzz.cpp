// CSV from a user's file (`taxa items import FILE.csv`, `taxa agree FILE.csv`,
// `taxa gold import`): CsvReader against a reader written here from the
// format csv.h documents, the round trip through a writer that quotes every
// field, and the whole input through ParseItems (CSV), which must fail
// exactly where the reader does and otherwise take each item from its record.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"

#include "taxa/core/csv.h"
#include "taxa/core/item_import.h"

namespace {

struct Record {
  size_t line = 0;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

struct Reading {
  std::vector<Record> records;
  size_t error_line = 0;  // 0: read to the end
};

// csv.h's format, one character at a time.
Reading Reference(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  Reading out;
  const size_t n = s.size();
  size_t i = 0, line = 1;
  for (;;) {
    // Empty lines (LF or CRLF), and a lone CR that ends the input.
    while (i < n) {
      if (s[i] == '\n') {
        ++i;
      } else if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
        i += 2;
      } else if (s[i] == '\r' && i + 1 == n) {
        i = n;
        break;
      } else {
        break;
      }
      ++line;
    }
    if (i >= n) return out;
    Record record{line, {}};
    for (bool record_ends = false; !record_ends;) {
      std::string field;
      if (i < n && s[i] == '"') {
        const size_t field_line = line;
        size_t j = i + 1;
        for (;;) {
          if (j >= n) {
            out.error_line = field_line;
            return out;
          }
          if (s[j] == '"') {
            if (j + 1 < n && s[j + 1] == '"') {
              field += '"';
              j += 2;
              continue;
            }
            break;
          }
          if (s[j] == '\n') ++line;
          field += s[j++];
        }
        i = j + 1;
        if (i == n) {
          record_ends = true;
        } else if (s[i] == ',') {
          ++i;
        } else if (s[i] == '\n') {
          ++i;
          ++line;
          record_ends = true;
        } else if (s[i] == '\r' && (i + 1 == n || s[i + 1] == '\n')) {
          i += i + 1 == n ? 1 : 2;
          ++line;
          record_ends = true;
        } else {
          out.error_line = field_line;
          return out;
        }
      } else {
        size_t j = i;
        while (j < n && s[j] != ',' && s[j] != '\n' && s[j] != '"') ++j;
        if (j < n && s[j] == '"') {
          out.error_line = line;
          return out;
        }
        field = std::string(s.substr(i, j - i));
        record_ends = j == n || s[j] == '\n';
        if (record_ends && !field.empty() && field.back() == '\r') field.pop_back();
        if (j < n && s[j] == '\n') ++line;
        i = j < n ? j + 1 : n;
      }
      record.fields.push_back(std::move(field));
    }
    out.records.push_back(std::move(record));
  }
}

Reading ReadWithCsvReader(std::string_view s, std::string* message) {
  taxa::core::CsvReader csv(s, "fuzz.csv");
  Reading out;
  for (;;) {
    taxa::Result<bool> got = csv.Next();
    if (!got.ok()) {
      *message = got.status().message();
      FUZZ_CHECK(got.status().code() == taxa::StatusCode::kInvalidInput, *message);
      FUZZ_CHECK(message->starts_with("fuzz.csv:"), *message);
      out.error_line = std::stoul(message->substr(9));
      taxa::Result<bool> again = csv.Next();
      FUZZ_CHECK(!again.ok() && again.status().message() == *message, "the error is not sticky");
      return out;
    }
    if (!*got) {
      FUZZ_CHECK(csv.Next().ok() && !*csv.Next(), "the end is not sticky");
      return out;
    }
    Record r{csv.record_line(), {}};
    FUZZ_CHECK(csv.size() >= 1, "a record without fields");
    for (size_t f = 0; f < csv.size(); ++f) r.fields.emplace_back(csv.Field(f));
    out.records.push_back(std::move(r));
  }
}

std::string Quote(const std::vector<Record>& records, bool crlf) {
  std::string out;
  for (const Record& r : records) {
    for (size_t f = 0; f < r.fields.size(); ++f) {
      if (f) out += ',';
      out += '"';
      for (char c : r.fields[f]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += crlf ? "\r\n" : "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s = taxa::fuzz::Text(data, size);
  std::string message;
  const Reading got = ReadWithCsvReader(s, &message);
  const Reading expected = Reference(s);
  FUZZ_CHECK(got.records == expected.records && got.error_line == expected.error_line,
             "CsvReader reads " + std::to_string(got.records.size()) + " records (error on line " +
                 std::to_string(got.error_line) + "), the format " +
                 std::to_string(expected.records.size()) + " (error on line " +
                 std::to_string(expected.error_line) + ")");

  // Every field quoted reads back as the same fields.
  for (bool crlf : {false, true}) {
    std::string written = Quote(got.records, crlf);
    std::string unused;
    Reading back = ReadWithCsvReader(written, &unused);
    FUZZ_CHECK(back.error_line == 0 && back.records.size() == got.records.size(),
               "quoted records do not read back");
    for (size_t r = 0; r < back.records.size(); ++r)
      FUZZ_CHECK(back.records[r].fields == got.records[r].fields, "a quoted record differs");
  }

  taxa::Result<std::vector<taxa::core::ImportedItem>> items =
      taxa::core::ParseItems(s, "fuzz.csv", taxa::core::ImportFormat::kCsv);
  if (got.error_line != 0 && got.records.size() >= 1 && !items.ok() &&
      items.status().message() == message)
    return 0;
  if (items.ok()) {
    FUZZ_CHECK(got.error_line == 0, "ParseItems accepts CSV the reader rejects");
    for (const taxa::core::ImportedItem& imported : *items) {
      FUZZ_CHECK(taxa::core::CheckItem(imported.item).ok(), "ParseItems returned a bad item");
      bool found = false;
      for (const Record& r : got.records)
        if (r.line == imported.line)
          for (const std::string& f : r.fields) found = found || f == imported.item.id;
      FUZZ_CHECK(found, "an item's id is not in the record on its line");
    }
  }
  return 0;
}
