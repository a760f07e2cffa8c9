// Reading CSV (RFC 4180) from a user's file, one record at a time: the one CSV
// reader of Taxa, used by item import, `taxa agree FILE` and `taxa gold import`.
//
//   CsvReader csv(bytes, "items.csv");
//   TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());    // the header, if any
//   if (!got) return items;                         // an empty file
//   csv.RequireHeaderFieldCount();                  // other widths are errors
//   for (;;) {
//     TAXA_ASSIGN_OR_RETURN(got, csv.Next());
//     if (!got) break;
//     std::string_view id = csv.Field(0);           // valid until the next Next()
//     ... "items.csv:" + std::to_string(csv.record_line()) + ": ..." for its errors
//   }
//
// The format: fields are separated by commas and records by LF or CRLF. A field
// that starts with a quote runs to the matching closing quote and may hold
// commas, line breaks (kept as they are, CRLF included) and "" for one quote.
// Spaces are part of a field. Also accepted: a UTF-8 byte order mark at the start,
// a last record without a line break, and empty lines (skipped, but counted).
// A CR is dropped only where it ends a line; a lone CR elsewhere is text.
//
// Stricter than Python's csv module, which reads both of these as text:
//   a"b        a quote inside an unquoted field
//   "a"b       text after a closing quote
// Either is kInvalidInput, as is a quote never closed, each as "FILE:LINE: ..."
// with the line where the field starts (and its 1-based position):
//   items.csv:3: unterminated quoted field
//   items.csv:2: field 2 has text after its closing quote (write a quote inside quotes as "")
//   items.csv:2: field 1 has a quote but does not start with one (quote the whole field ...)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// Not thread-safe; separate readers share nothing.
class CsvReader {
 public:
  // `bytes` is the whole file and must outlive the reader; `file_name` only
  // names the file in messages and must outlive the reader too.
  CsvReader(std::string_view bytes, std::string_view file_name);

  // Reads the next record: true when there is one, false at the end of the
  // input (and on every call after). kInvalidInput, naming file and line, for
  // malformed CSV; after an error every call returns that error again.
  Result<bool> Next();

  // Makes every later record with a number of fields other than the last
  // record's an error, "FILE:LINE: expected 3 fields as in the header, found 2".
  // Call it after reading the header record.
  // REQUIRES: the last call to Next() returned true.
  void RequireHeaderFieldCount() { required_fields_ = spans_.size(); }

  // The 1-based physical line where the last record read starts.
  size_t record_line() const { return record_line_; }

  // The number of fields of the last record read (at least 1).
  size_t size() const { return spans_.size(); }

  // Field `i` of the last record read, unquoted. The view is into the input or
  // into the reader, and stays valid until the next call to Next().
  // REQUIRES: i < size().
  std::string_view Field(size_t i) const;

 private:
  struct Span {
    size_t begin = 0;
    size_t size = 0;
    bool in_scratch = false;  // in scratch_ rather than the input
  };

  void SkipEmptyLines();
  Status ReadUnquoted(Span* span, bool* record_ends);
  Status ReadQuoted(Span* span, bool* record_ends);
  Status Bad(size_t line, std::string_view why) const;

  std::string_view bytes_;
  std::string_view file_name_;
  size_t pos_ = 0;
  size_t line_ = 1;  // physical line at pos_
  size_t record_line_ = 0;
  size_t required_fields_ = 0;  // 0: any number
  std::vector<Span> spans_;
  std::string scratch_;  // quoted fields whose "" escapes had to be undone
  Status failed_;  // the error that stopped reading, returned again by Next()
};

}  // namespace taxa::core
