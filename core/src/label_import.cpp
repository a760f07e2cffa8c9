#include "taxa/core/label_import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <utility>

#include "taxa/core/csv.h"
#include "taxa/core/parallel.h"

namespace taxa::core {
namespace {

Status Bad(std::string_view file_name, const ImportedLabel& at, std::string_view why) {
  return Status::InvalidInput(LabelWhere(file_name, at) + ": " + std::string(why));
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Seconds (a non-negative decimal) as whole milliseconds; nullopt when not one.
std::optional<uint32_t> ParseSeconds(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0) || v > 4.0e6)
    return std::nullopt;
  return static_cast<uint32_t>(std::llround(v * 1000));
}

void SplitCategories(std::string_view cell, std::vector<std::string>& out) {
  size_t start = 0;
  for (;;) {
    size_t end = cell.find(';', start);
    std::string_view part = cell.substr(start, end == std::string_view::npos ? end : end - start);
    if (!part.empty()) out.emplace_back(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

// Parses the CSV rows of `bytes`, whose first line is line `first_line` of
// the file; a header row is looked for only when `first_line` is 1.
Result<std::vector<ImportedLabel>> ParseCsvRows(std::string_view bytes, std::string_view file_name,
                                                size_t first_line) {
  std::vector<ImportedLabel> out;
  CsvReader csv(bytes, file_name);
  bool first = first_line == 1;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());
    if (!got) break;
    ImportedLabel l;
    l.line = csv.record_line() + first_line - 1;
    if (first && csv.Field(0) == "item") {  // a header row
      first = false;
      continue;
    }
    first = false;
    if (csv.size() < 3 || csv.size() > 5)
      return Bad(file_name, l,
                 "expected item,annotator,categories[,time][,seconds_spent], found " +
                     std::to_string(csv.size()) + " fields");
    l.item = csv.Field(0);
    if (l.item.empty()) return Bad(file_name, l, "field 1 (item) is empty");
    l.annotator = csv.Field(1);
    if (l.annotator.empty()) return Bad(file_name, l, "field 2 (annotator) is empty");
    SplitCategories(csv.Field(2), l.categories);
    if (l.categories.empty()) return Bad(file_name, l, "field 3 (categories) is empty");
    if (csv.size() > 3 && !csv.Field(3).empty()) {
      l.time_ms = ParseLabelTime(csv.Field(3));
      if (!l.time_ms)
        return Bad(file_name, l,
                   "field 4 (time) \"" + std::string(csv.Field(3)) +
                       "\" is not an ISO 8601 date-time or seconds since 1970");
    }
    if (csv.size() > 4 && !csv.Field(4).empty()) {
      std::optional<uint32_t> ms = ParseSeconds(csv.Field(4));
      if (!ms)
        return Bad(file_name, l,
                   "field 5 (seconds_spent) \"" + std::string(csv.Field(4)) +
                       "\" is not a number of seconds");
      l.duration_ms = *ms;
    }
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::vector<ImportedLabel>> ParseCsv(std::string_view bytes, std::string_view file_name) {
  // Without a quote no record spans lines: a large file is cut at line ends
  // and its pieces parsed side by side. Any fault is found again by reading
  // the whole file in one piece, so that the error names the first bad row
  // exactly as the one-piece reading does.
  constexpr size_t kPiece = 1 << 20;
  if (bytes.size() < 2 * kPiece || bytes.find('"') != std::string_view::npos)
    return ParseCsvRows(bytes, file_name, 1);
  std::vector<std::string_view> pieces;
  for (size_t at = 0; at < bytes.size();) {
    size_t end = at + kPiece >= bytes.size() ? bytes.size() : bytes.find('\n', at + kPiece);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    pieces.push_back(bytes.substr(at, end - at));
    at = end;
  }
  std::vector<size_t> first_line(pieces.size(), 1);
  for (size_t k = 1; k < pieces.size(); ++k)
    first_line[k] = first_line[k - 1] +
                    static_cast<size_t>(std::count(pieces[k - 1].begin(), pieces[k - 1].end(), '\n'));
  std::vector<Result<std::vector<ImportedLabel>>> parsed(pieces.size(),
                                                         std::vector<ImportedLabel>());
  ParallelFor(pieces.size(),
              [&](size_t k) { parsed[k] = ParseCsvRows(pieces[k], file_name, first_line[k]); });
  size_t rows = 0;
  for (const auto& p : parsed) {
    if (!p.ok()) return ParseCsvRows(bytes, file_name, 1);
    rows += p->size();
  }
  std::vector<ImportedLabel> out;
  out.reserve(rows);
  for (auto& p : parsed)
    out.insert(out.end(), std::make_move_iterator(p->begin()), std::make_move_iterator(p->end()));
  return out;
}

// A time field of JSON: an ISO string or whole seconds since the epoch.
Status ReadTime(const nlohmann::json& v, const std::string& field, std::string_view file_name,
                ImportedLabel& l) {
  if (v.is_null()) return Status::Ok();
  if (v.is_string()) l.time_ms = ParseLabelTime(v.get<std::string>());
  if (v.is_number_unsigned()) l.time_ms = v.get<uint64_t>() * 1000;
  if (!l.time_ms)
    return Bad(file_name, l,
               "field \"" + field + "\" is not an ISO 8601 date-time or seconds since 1970");
  return Status::Ok();
}

Status ReadSeconds(const nlohmann::json& v, const std::string& field, std::string_view file_name,
                   ImportedLabel& l) {
  if (v.is_null()) return Status::Ok();
  std::optional<uint32_t> ms;
  if (v.is_number()) ms = ParseSeconds(v.dump());
  if (!ms) return Bad(file_name, l, "field \"" + field + "\" is not a number of seconds");
  l.duration_ms = *ms;
  return Status::Ok();
}

Result<std::vector<ImportedLabel>> ParseJsonLines(std::string_view bytes,
                                                  std::string_view file_name) {
  std::vector<ImportedLabel> out;
  size_t line_no = 0;
  for (size_t pos = 0; pos < bytes.size();) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    ImportedLabel l;
    l.line = line_no;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return Bad(file_name, l, "not valid JSON");
    if (!j.is_object()) return Bad(file_name, l, "expected a JSON object");
    auto text = [&](const char* key, std::string& into) -> Status {
      auto it = j.find(key);
      if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
        return Bad(file_name, l, std::string("field \"") + key + "\" must be a non-empty string");
      into = it->get<std::string>();
      return Status::Ok();
    };
    TAXA_RETURN_IF_ERROR(text("item", l.item));
    TAXA_RETURN_IF_ERROR(text("annotator", l.annotator));
    if (auto it = j.find("categories"); it != j.end()) {
      if (!it->is_array()) return Bad(file_name, l, "field \"categories\" must be an array of strings");
      for (const nlohmann::json& c : *it) {
        if (!c.is_string() || c.get<std::string>().empty())
          return Bad(file_name, l, "field \"categories\" must be an array of strings");
        l.categories.push_back(c.get<std::string>());
      }
    } else if (j.contains("category")) {
      std::string one;
      TAXA_RETURN_IF_ERROR(text("category", one));
      l.categories.push_back(std::move(one));
    }
    if (l.categories.empty()) return Bad(file_name, l, "field \"categories\" is missing or empty");
    TAXA_RETURN_IF_ERROR(ReadTime(j.value("time", nlohmann::json()), "time", file_name, l));
    TAXA_RETURN_IF_ERROR(
        ReadSeconds(j.value("seconds_spent", nlohmann::json()), "seconds_spent", file_name, l));
    out.push_back(std::move(l));
  }
  return out;
}

// One annotation's annotator: see the header.
std::optional<std::string> CompletedBy(const nlohmann::json& v) {
  if (v.is_number_unsigned()) return "ls-" + std::to_string(v.get<uint64_t>());
  if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
  if (v.is_object()) {
    auto email = v.find("email");
    if (email != v.end() && email->is_string() && !email->get<std::string>().empty())
      return email->get<std::string>();
    auto id = v.find("id");
    if (id != v.end() && id->is_number_unsigned())
      return "ls-" + std::to_string(id->get<uint64_t>());
  }
  return std::nullopt;
}

Status ReadResults(const nlohmann::json& results, std::string_view file_name, ImportedLabel& l) {
  if (!results.is_array()) return Bad(file_name, l, "field \"result\" must be an array");
  for (const nlohmann::json& r : results) {
    if (!r.is_object()) return Bad(file_name, l, "field \"result\" must hold objects");
    const std::string type = r.value("type", "");
    if (type != "choices" && type != "taxonomy") continue;  // other tools carry no category
    auto value = r.find("value");
    const nlohmann::json* list = nullptr;
    if (value != r.end() && value->is_object() && value->contains(type)) list = &(*value)[type];
    if (list == nullptr || !list->is_array())
      return Bad(file_name, l, "field \"result.value." + type + "\" must be an array");
    for (const nlohmann::json& c : *list) {
      const nlohmann::json* id = &c;
      if (type == "taxonomy") {  // a path from the root: the last id is the category
        if (!c.is_array() || c.empty())
          return Bad(file_name, l, "field \"result.value.taxonomy\" must hold non-empty arrays");
        id = &c.back();
      }
      if (!id->is_string() || id->get<std::string>().empty())
        return Bad(file_name, l, "field \"result.value." + type + "\" must hold strings");
      l.categories.push_back(id->get<std::string>());
    }
  }
  if (l.categories.empty())
    return Bad(file_name, l, "the annotation has no \"choices\" or \"taxonomy\" result");
  return Status::Ok();
}

Result<std::vector<ImportedLabel>> ParseLabelStudio(std::string_view bytes,
                                                    std::string_view file_name) {
  std::vector<ImportedLabel> out;
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  nlohmann::json tasks = nlohmann::json::parse(bytes, nullptr, false);
  const std::string file(file_name);
  if (tasks.is_discarded()) return Status::InvalidInput(file + ": not valid JSON");
  if (!tasks.is_array())
    return Status::InvalidInput(file + ": expected a JSON array of Label Studio tasks");
  for (size_t t = 0; t < tasks.size(); ++t) {
    const nlohmann::json& task = tasks[t];
    ImportedLabel base;
    base.task = "#" + std::to_string(t + 1);
    if (!task.is_object()) return Bad(file_name, base, "expected a task object");
    if (auto id = task.find("id"); id != task.end() && id->is_number_unsigned())
      base.task = std::to_string(id->get<uint64_t>());
    auto data = task.find("data");
    const nlohmann::json* item = nullptr;
    if (data != task.end() && data->is_object() && data->contains("item")) item = &(*data)["item"];
    if (item == nullptr || !item->is_string() || item->get<std::string>().empty())
      return Bad(file_name, base,
                 "field \"data.item\" (the Taxa item id) is missing or not a string");
    base.item = item->get<std::string>();
    auto annotations = task.find("annotations");
    if (annotations == task.end() || annotations->is_null()) continue;
    if (!annotations->is_array()) return Bad(file_name, base, "field \"annotations\" must be an array");
    for (const nlohmann::json& a : *annotations) {
      if (!a.is_object()) return Bad(file_name, base, "field \"annotations\" must hold objects");
      if (a.value("was_cancelled", false)) continue;
      ImportedLabel l = base;
      std::optional<std::string> by = CompletedBy(a.value("completed_by", nlohmann::json()));
      if (!by) return Bad(file_name, l, "field \"completed_by\" is missing or not a user");
      l.annotator = std::move(*by);
      TAXA_RETURN_IF_ERROR(ReadResults(a.value("result", nlohmann::json()), file_name, l));
      TAXA_RETURN_IF_ERROR(ReadTime(a.value("created_at", nlohmann::json()), "created_at",
                                    file_name, l));
      TAXA_RETURN_IF_ERROR(
          ReadSeconds(a.value("lead_time", nlohmann::json()), "lead_time", file_name, l));
      out.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace

Result<LabelFileFormat> ParseLabelFileFormat(std::string_view name) {
  if (name == "csv") return LabelFileFormat::kCsv;
  if (name == "jsonl") return LabelFileFormat::kJsonLines;
  if (name == "label-studio") return LabelFileFormat::kLabelStudio;
  return Status::InvalidInput("unknown label file format \"" + std::string(name) +
                              "\" (use csv, jsonl or label-studio)");
}

std::optional<LabelFileFormat> GuessLabelFileFormat(std::string_view file_name) {
  std::string lower(file_name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower.ends_with(".csv")) return LabelFileFormat::kCsv;
  if (lower.ends_with(".jsonl")) return LabelFileFormat::kJsonLines;
  if (lower.ends_with(".json")) return LabelFileFormat::kLabelStudio;
  return std::nullopt;
}

std::string LabelWhere(std::string_view file_name, const ImportedLabel& label) {
  std::string out(file_name);
  if (!label.task.empty()) return out + ": task " + label.task;
  return out + ":" + std::to_string(label.line);
}

std::optional<uint64_t> ParseLabelTime(std::string_view s) {
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
    uint64_t seconds = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
    // At most 2^37 s: the milliseconds fit the clock's 48 bits (hlc.h).
    if (ec != std::errc() || end != s.data() + s.size() || seconds > (uint64_t{1} << 37))
      return std::nullopt;
    return seconds * 1000;
  }
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, mo) ||
      s[7] != '-' || !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' ||
      !Digits(s, 17, 2, sec))
    return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
      h > 23 || mi > 59 || sec > 59)
    return std::nullopt;
  size_t pos = 19;
  int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  }
  if (pos != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  const int64_t total = static_cast<int64_t>(timegm(&tm)) - offset_min * 60;
  if (total < 0) return std::nullopt;
  return static_cast<uint64_t>(total * 1000 + ms);
}

std::string FormatLabelTime(uint64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[32], buf[48];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf, sizeof buf, "%s.%03llu000Z", date, static_cast<unsigned long long>(ms % 1000));
  return buf;
}

Result<std::vector<ImportedLabel>> ParseLabelFile(std::string_view bytes,
                                                  std::string_view file_name,
                                                  LabelFileFormat format) {
  switch (format) {
    case LabelFileFormat::kCsv: return ParseCsv(bytes, file_name);
    case LabelFileFormat::kJsonLines: return ParseJsonLines(bytes, file_name);
    case LabelFileFormat::kLabelStudio: return ParseLabelStudio(bytes, file_name);
  }
  return Status::Internal("unknown label file format");
}

}  // namespace taxa::core
