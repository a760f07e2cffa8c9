#include "taxa/core/csv.h"

#include <algorithm>
#include <string>

namespace taxa::core {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string FieldName(size_t index) { return "field " + std::to_string(index + 1); }

}  // namespace

CsvReader::CsvReader(std::string_view bytes, std::string_view file_name)
    : bytes_(bytes.starts_with(kBom) ? bytes.substr(kBom.size()) : bytes),
      file_name_(file_name) {}

Result<bool> CsvReader::Next() {
  spans_.clear();
  scratch_.clear();
  TAXA_RETURN_IF_ERROR(failed_);
  SkipEmptyLines();
  if (pos_ >= bytes_.size()) return false;
  record_line_ = line_;
  for (;;) {
    Span span;
    bool record_ends = false;
    failed_ = pos_ < bytes_.size() && bytes_[pos_] == '"' ? ReadQuoted(&span, &record_ends)
                                                          : ReadUnquoted(&span, &record_ends);
    if (!failed_.ok()) {
      spans_.clear();
      return failed_;
    }
    spans_.push_back(span);
    if (record_ends) break;
  }
  if (required_fields_ != 0 && spans_.size() != required_fields_) {
    failed_ = Bad(record_line_, "expected " + std::to_string(required_fields_) +
                                    " fields as in the header, found " +
                                    std::to_string(spans_.size()));
    spans_.clear();
    return failed_;
  }
  return true;
}

std::string_view CsvReader::Field(size_t i) const {
  const Span& s = spans_[i];
  return (s.in_scratch ? std::string_view(scratch_) : bytes_).substr(s.begin, s.size);
}

void CsvReader::SkipEmptyLines() {
  const size_t n = bytes_.size();
  while (pos_ < n) {
    if (bytes_[pos_] == '\n') {
      pos_ += 1;
    } else if (bytes_[pos_] == '\r' && pos_ + 1 < n && bytes_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else if (bytes_[pos_] == '\r' && pos_ + 1 == n) {
      pos_ = n;  // a last line of just CR: nothing more to read
      return;
    } else {
      return;
    }
    ++line_;
  }
}

Status CsvReader::ReadUnquoted(Span* span, bool* record_ends) {
  const size_t n = bytes_.size();
  size_t i = pos_;
  while (i < n && bytes_[i] != ',' && bytes_[i] != '\n' && bytes_[i] != '"') ++i;
  if (i < n && bytes_[i] == '"')
    return Bad(line_, FieldName(spans_.size()) +
                          " has a quote but does not start with one (quote the whole field and "
                          "write a quote inside quotes as \"\")");
  const bool ends = i == n || bytes_[i] == '\n';
  size_t end = i;
  if (ends && end > pos_ && bytes_[end - 1] == '\r') --end;  // CRLF
  *span = Span{pos_, end - pos_, false};
  *record_ends = ends;
  if (i < n && bytes_[i] == '\n') ++line_;
  pos_ = i < n ? i + 1 : n;
  return Status::Ok();
}

Status CsvReader::ReadQuoted(Span* span, bool* record_ends) {
  const size_t n = bytes_.size();
  const size_t field_line = line_;
  const size_t content = pos_ + 1;
  // Unescaped fields, the most common kind, stay views into the input; only a
  // field holding "" is copied, to drop one quote of each pair.
  size_t segment = content;  // start of the text not yet copied to scratch_
  size_t scratch_begin = 0;
  bool escaped = false;
  size_t close = content;
  for (;;) {
    close = bytes_.find('"', close);
    if (close == kNpos) return Bad(field_line, "unterminated quoted field");
    if (close + 1 < n && bytes_[close + 1] == '"') {
      if (!escaped) {
        escaped = true;
        scratch_begin = scratch_.size();
      }
      scratch_.append(bytes_.substr(segment, close + 1 - segment));  // keeps one quote
      segment = close + 2;
      close += 2;
      continue;
    }
    break;
  }
  line_ += static_cast<size_t>(std::count(bytes_.begin() + content, bytes_.begin() + close, '\n'));
  if (escaped) {
    scratch_.append(bytes_.substr(segment, close - segment));
    *span = Span{scratch_begin, scratch_.size() - scratch_begin, true};
  } else {
    *span = Span{content, close - content, false};
  }
  pos_ = close + 1;
  if (pos_ == n) {
    *record_ends = true;
    return Status::Ok();
  }
  const char next = bytes_[pos_];
  if (next == ',') {
    ++pos_;
    *record_ends = false;
    return Status::Ok();
  }
  if (next == '\n' || (next == '\r' && (pos_ + 1 == n || bytes_[pos_ + 1] == '\n'))) {
    pos_ = std::min(n, pos_ + (next == '\r' ? 2 : 1));
    ++line_;
    *record_ends = true;
    return Status::Ok();
  }
  return Bad(field_line, FieldName(spans_.size()) +
                             " has text after its closing quote (write a quote inside quotes as \"\")");
}

Status CsvReader::Bad(size_t line, std::string_view why) const {
  return Status::InvalidInput(std::string(file_name_) + ':' + std::to_string(line) + ": " +
                              std::string(why));
}

}  // namespace taxa::core
