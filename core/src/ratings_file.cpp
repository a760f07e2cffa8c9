#include "taxa/core/ratings_file.h"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "taxa/core/csv.h"
#include "taxa/core/text.h"

namespace taxa::core {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kNoColumn = std::numeric_limits<size_t>::max();
constexpr std::string_view kBom = "\xEF\xBB\xBF";

Status Bad(std::string_view file_name, size_t line, std::string_view why) {
  std::string message(file_name);
  message += ':';
  message += std::to_string(line);
  message += ": ";
  message += why;
  return Status::InvalidInput(std::move(message));
}

std::string_view Trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r");
  if (first == kNpos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// Quotes user text for a message, cut short so one bad cell cannot flood it.
std::string Quoted(std::string_view s) {
  constexpr size_t kMax = 40;
  std::string out = "\"";
  out += s.substr(0, kMax);
  if (s.size() > kMax) out += "...";
  out += '"';
  return out;
}


// Reads a whole string as a finite double (surrounding spaces allowed).
bool ParseNumber(std::string_view text, double* out) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && std::isfinite(*out);
}

// The shortest text that reads back as `v` exactly.
std::string NumberText(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;  // 32 chars hold any double
  return std::string(buf, end);
}

std::vector<std::string> SplitLabels(std::string_view text) {
  std::vector<std::string> labels;
  size_t pos = 0;
  for (;;) {
    const size_t semi = text.find(';', pos);
    const std::string_view piece = Trim(text.substr(pos, semi == kNpos ? kNpos : semi - pos));
    if (!piece.empty()) labels.emplace_back(piece);
    if (semi == kNpos) break;
    pos = semi + 1;
  }
  return labels;
}

// Adds ratings, remembering the line of each (item, annotator) so that a
// repeat names both lines.
class Collector {
 public:
  Collector(std::string_view file_name, ValueKind kind) : file_name_(file_name), kind_(kind) {}

  // Checks item and annotator and claims the pair for `line`.
  Status Claim(size_t line, std::string_view item, std::string_view annotator) {
    if (item.empty()) return Bad(file_name_, line, "field \"item\" is empty");
    if (annotator.empty()) return Bad(file_name_, line, "field \"annotator\" is empty");
    if (!IsValidUtf8(item)) return Bad(file_name_, line, "field \"item\" is not valid UTF-8");
    if (!IsValidUtf8(annotator))
      return Bad(file_name_, line, "field \"annotator\" is not valid UTF-8");
    // Length-prefixed, so that no two (item, annotator) pairs share a key.
    std::string key = std::to_string(item.size());
    key += ':';
    key.append(item);
    key.append(annotator);
    auto [it, fresh] = lines_.emplace(std::move(key), line);
    if (!fresh)
      return Bad(file_name_, line,
                 "item " + Quoted(item) + ", annotator " + Quoted(annotator) +
                     " is rated again (first on line " + std::to_string(it->second) + ")");
    return Status::Ok();
  }

  // Adds a rating whose value is text (a CSV cell, a JSON string).
  Status AddText(size_t line, std::string_view item, std::string_view annotator,
                 std::string_view value) {
    if (!IsValidUtf8(value)) return Bad(file_name_, line, "field \"value\" is not valid UTF-8");
    switch (kind_) {
      case ValueKind::kCategory:
        return Wrap(line, builder_.AddCategory(item, annotator, value));
      case ValueKind::kNumber: {
        double v = 0;
        if (!ParseNumber(value, &v))
          return Bad(file_name_, line, "field \"value\" is not a number: " + Quoted(value));
        return Wrap(line, builder_.AddNumber(item, annotator, v));
      }
      case ValueKind::kLabelSet:
        return Wrap(line, builder_.AddLabels(item, annotator, SplitLabels(value)));
    }
    return Status::Ok();
  }

  Status AddNumber(size_t line, std::string_view item, std::string_view annotator, double v) {
    switch (kind_) {
      case ValueKind::kCategory:
        return Wrap(line, builder_.AddCategory(item, annotator, NumberText(v)));
      case ValueKind::kNumber:
        return Wrap(line, builder_.AddNumber(item, annotator, v));
      case ValueKind::kLabelSet:
        return Bad(file_name_, line,
                   "field \"value\" is a number; expected a list of labels or \"a;b\" text");
    }
    return Status::Ok();
  }

  Status AddLabels(size_t line, std::string_view item, std::string_view annotator,
                   const std::vector<std::string>& labels) {
    if (kind_ != ValueKind::kLabelSet)
      return Bad(file_name_, line,
                 kind_ == ValueKind::kNumber
                     ? "field \"value\" is a list; expected a number"
                     : "field \"value\" is a list; expected a single category (lists are "
                       "multi-label values)");
    return Wrap(line, builder_.AddLabels(item, annotator, labels));
  }

  Result<Ratings> Build() && { return std::move(builder_).Build(); }

 private:
  Status Wrap(size_t line, Status s) const {
    if (s.ok()) return s;
    return Bad(file_name_, line, s.message());
  }

  std::string_view file_name_;
  ValueKind kind_;
  RatingsBuilder builder_;
  std::unordered_map<std::string, size_t> lines_;
};

Result<Ratings> ReadCsv(std::string_view bytes, std::string_view file_name, ValueKind kind) {
  CsvReader csv(bytes, file_name);
  TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());
  if (!got) return RatingsBuilder().Build();
  const size_t header_line = csv.record_line();
  size_t item_col = kNoColumn, annotator_col = kNoColumn, value_col = kNoColumn;
  for (size_t i = 0; i < csv.size(); ++i) {
    const std::string_view name = Trim(csv.Field(i));
    size_t* col = name == "item"        ? &item_col
                  : name == "annotator" ? &annotator_col
                  : name == "value"     ? &value_col
                                        : nullptr;
    if (col == nullptr) continue;
    if (*col != kNoColumn)
      return Bad(file_name, header_line, "header names column \"" + std::string(name) + "\" twice");
    *col = i;
  }
  std::string missing;
  for (auto [col, name] : {std::pair{item_col, "item"}, std::pair{annotator_col, "annotator"},
                           std::pair{value_col, "value"}})
    if (col == kNoColumn) missing += std::string(missing.empty() ? "" : ", ") + "\"" + name + "\"";
  if (!missing.empty())
    return Bad(file_name, header_line,
               "header lacks column " + missing + " (it needs item,annotator,value)");

  csv.RequireHeaderFieldCount();
  Collector collector(file_name, kind);
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(got, csv.Next());
    if (!got) break;
    const size_t line = csv.record_line();
    const std::string_view item = Trim(csv.Field(item_col));
    const std::string_view annotator = Trim(csv.Field(annotator_col));
    TAXA_RETURN_IF_ERROR(collector.Claim(line, item, annotator));
    const std::string_view value = csv.Field(value_col);
    if (Trim(value).empty()) continue;  // no rating
    TAXA_RETURN_IF_ERROR(collector.AddText(line, item, annotator, value));
  }
  return std::move(collector).Build();
}

// Reads the item or annotator field of a JSON object: a string or an integer.
Status IdField(const nlohmann::json& object, const char* name, std::string_view file_name,
               size_t line, std::string* out) {
  auto it = object.find(name);
  if (it == object.end()) return Bad(file_name, line, std::string("field \"") + name + "\" is missing");
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    *out = it->dump();
  } else {
    return Bad(file_name, line,
               std::string("field \"") + name + "\" must be a string; found " + it->type_name());
  }
  return Status::Ok();
}

Result<Ratings> ReadJsonLines(std::string_view bytes, std::string_view file_name, ValueKind kind) {
  Collector collector(file_name, kind);
  size_t pos = 0;
  size_t line = 0;
  std::string item, annotator;
  while (pos < bytes.size()) {
    ++line;
    const size_t newline = bytes.find('\n', pos);
    const size_t end = newline == kNpos ? bytes.size() : newline;
    const std::string_view text = bytes.substr(pos, end - pos);
    pos = newline == kNpos ? bytes.size() : newline + 1;
    if (Trim(text).empty()) continue;
    if (!IsValidUtf8(text)) return Bad(file_name, line, "not valid UTF-8");
    // nlohmann takes a NUL byte for the end of the input and would not read on.
    if (text.find('\0') != kNpos) return Bad(file_name, line, "not valid JSON (a NUL byte)");
    const nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) return Bad(file_name, line, "not valid JSON");
    if (!object.is_object())
      return Bad(file_name, line,
                 std::string("expected a JSON object {\"item\",\"annotator\",\"value\"}; found ") +
                     object.type_name());
    TAXA_RETURN_IF_ERROR(IdField(object, "item", file_name, line, &item));
    TAXA_RETURN_IF_ERROR(IdField(object, "annotator", file_name, line, &annotator));
    auto value = object.find("value");
    if (value == object.end()) return Bad(file_name, line, "field \"value\" is missing");
    TAXA_RETURN_IF_ERROR(collector.Claim(line, item, annotator));
    if (value->is_null()) continue;  // no rating
    if (value->is_string()) {
      const std::string& s = value->get_ref<const std::string&>();
      if (Trim(s).empty()) continue;
      TAXA_RETURN_IF_ERROR(collector.AddText(line, item, annotator, s));
    } else if (value->is_number()) {
      TAXA_RETURN_IF_ERROR(collector.AddNumber(line, item, annotator, value->get<double>()));
    } else if (value->is_array()) {
      std::vector<std::string> labels;
      for (const nlohmann::json& label : *value) {
        if (!label.is_string())
          return Bad(file_name, line,
                     std::string("field \"value\" must list strings; found ") + label.type_name());
        labels.push_back(label.get<std::string>());
      }
      TAXA_RETURN_IF_ERROR(collector.AddLabels(line, item, annotator, labels));
    } else {
      return Bad(file_name, line,
                 std::string("field \"value\" must be a string, a number or a list of strings; "
                             "found ") +
                     value->type_name());
    }
  }
  return std::move(collector).Build();
}

}  // namespace

Result<Ratings> ReadRatingsFile(std::string_view bytes, std::string_view file_name,
                                RatingsFormat format, ValueKind kind) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (format == RatingsFormat::kAuto)
    format = HasExtension(file_name, ".csv") ? RatingsFormat::kCsv : RatingsFormat::kJsonLines;
  if (format == RatingsFormat::kCsv) return ReadCsv(bytes, file_name, kind);
  return ReadJsonLines(bytes, file_name, kind);
}

}  // namespace taxa::core
