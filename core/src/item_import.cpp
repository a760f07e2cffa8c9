#include "taxa/core/item_import.h"

#include "taxa/core/parallel.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <utility>

#include "json_write.h"
#include "taxa/core/csv.h"
#include "taxa/core/text.h"

namespace taxa::core {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

void AppendNumber(std::string& out, size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;  // 24 chars hold any size_t
  out.append(buf, end);
}

std::string Where(std::string_view file_name, size_t line) {
  std::string out(file_name);
  out += ':';
  AppendNumber(out, line);
  return out;
}

Status Bad(std::string_view file_name, size_t line, std::string_view why) {
  std::string message = Where(file_name, line);
  message += ": ";
  message += why;
  return Status::InvalidInput(std::move(message));
}

// Offset of the first byte that does not belong to a well-formed UTF-8 sequence
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or kNpos.
size_t FindInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Most text is ASCII: skip it eight bytes at a time.
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return kNpos;
}

// Names the JSON field whose string holds the bad byte at `bad`, for a line the
// JSON parser rejected. Keys of enclosing objects are joined with '.'.
std::string DescribeBadUtf8InJson(std::string_view line, size_t bad) {
  std::vector<std::string_view> path;  // keys of the open containers ("" for arrays, the top)
  std::string_view key;                // key of the value being read
  auto name = [&](std::string_view last) {
    std::string out;
    for (std::string_view part : path) {
      if (part.empty()) continue;
      if (!out.empty()) out += '.';
      out += part;
    }
    if (!last.empty()) {
      if (!out.empty()) out += '.';
      out += last;
    }
    return out;
  };
  for (size_t i = 0; i < line.size() && i <= bad; ++i) {
    const char c = line[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < line.size() && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
      const size_t next = line.find_first_not_of(" \t\r", j + 1);
      const bool is_key = next != kNpos && line[next] == ':';
      if (bad > i && bad < j) {
        if (!is_key) return "field \"" + name(key) + "\" is not valid UTF-8";
        const std::string inside = name({});
        if (inside.empty()) return "a field name is not valid UTF-8";
        return "a field name inside \"" + inside + "\" is not valid UTF-8";
      }
      if (is_key) key = line.substr(i + 1, j - i - 1);
      i = j;
    } else if (c == '{') {
      path.push_back(key);
      key = {};
    } else if (c == '[') {
      path.push_back({});
    } else if (c == '}' || c == ']') {
      if (path.empty()) break;
      if (c == '}') key = path.back();
      path.pop_back();
    }
  }
  return "not valid UTF-8 (byte " + std::to_string(bad + 1) + " of the line)";
}

// The ids of the items kept so far: an open-addressing table of positions in the
// item vector with bits of their hashes, sized once from an upper bound on the
// records (a node per item and the cache misses of std::unordered_set cost more
// than parsing a CSV row). Positions stay valid while the vector grows.
class IdTable {
 public:
  // REQUIRES: no more than `max_items` items are ever added.
  explicit IdTable(size_t max_items) {
    size_t capacity = 16;
    while (capacity < 2 * max_items) capacity *= 2;
    slots_.resize(capacity);
    mask_ = capacity - 1;
  }

  static size_t Hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

  // Starts loading the slot of `hash`, so the miss overlaps the rest of a row's work.
  void Prefetch(size_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  // Registers items[index], whose id has `hash`, against items[0, index).
  // Returns false for an exact repeat of an earlier record (the caller drops
  // it); the same id with other content is an error.
  Result<bool> Register(const ImportedItem* items, size_t index, size_t hash,
                        std::string_view file_name) {
    const ImportedItem& again = items[index];
    const auto tag = static_cast<uint32_t>(hash >> 32);
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.index == kEmpty) {
        ++used_;
        assert(used_ * 2 <= slots_.size() && index < kEmpty);
        slot = Slot{tag, static_cast<uint32_t>(index)};
        return true;
      }
      if (slot.tag != tag || items[slot.index].item.id != again.item.id) continue;
      const ImportedItem& first = items[slot.index];
      if (first.item == again.item) return false;
      return Bad(file_name, again.line,
                 "item \"" + again.item.id + "\" repeats line " + std::to_string(first.line) +
                     " with different content");
    }
  }

 private:
  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  struct Slot {
    uint32_t tag = 0;  // high bits of the hash; the low ones chose the slot
    uint32_t index = kEmpty;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t used_ = 0;
};

// memchr is vectorized; std::count over chars is not at -O2.
size_t CountNewlines(std::string_view bytes) {
  size_t count = 0;
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    ++count;
    ++p;
  }
  return count;
}

// An upper bound on the records of a file, to size containers once.
size_t CountLines(std::string_view bytes) { return CountNewlines(bytes) + 1; }

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == kNpos;
}

Result<std::vector<ImportedItem>> ParseJsonLines(std::string_view bytes,
                                                 std::string_view file_name) {
  // Find the records first, then decode them on every core: decoding is
  // nearly all of the work, and each line stands alone.
  struct LineSpan {
    size_t begin;
    size_t size;
    size_t number;
  };
  std::vector<LineSpan> spans;
  spans.reserve(CountLines(bytes));
  size_t pos = 0;
  size_t line_number = 0;
  while (pos < bytes.size()) {
    ++line_number;
    const size_t newline = bytes.find('\n', pos);
    const size_t end = newline == kNpos ? bytes.size() : newline;
    if (!IsBlank(bytes.substr(pos, end - pos))) spans.push_back({pos, end - pos, line_number});
    pos = newline == kNpos ? bytes.size() : newline + 1;
  }

  std::vector<ImportedItem> items(spans.size());
  constexpr size_t kChunk = 8192;
  const size_t chunks = (spans.size() + kChunk - 1) / kChunk;
  std::vector<Status> errors(chunks);  // the first failure of each chunk
  ParallelFor(chunks, [&](size_t c) {
    std::string where(file_name);
    where += ':';
    const size_t prefix = where.size();
    const size_t last = std::min(spans.size(), (c + 1) * kChunk);
    for (size_t i = c * kChunk; i < last; ++i) {
      const std::string_view line = bytes.substr(spans[i].begin, spans[i].size);
      where.resize(prefix);
      AppendNumber(where, spans[i].number);
      Result<Item> item = DecodeItemLine(line, where);
      if (!item.ok()) {
        // The decoder rejects bad UTF-8 without saying where; name the field.
        if (size_t bad = FindInvalidUtf8(line); bad != kNpos)
          errors[c] = Bad(file_name, spans[i].number, DescribeBadUtf8InJson(line, bad));
        else
          errors[c] = item.status();
        return;
      }
      items[i] = ImportedItem{std::move(*item), spans[i].number};
    }
  });
  for (const Status& e : errors)  // chunks are in line order: the first is the earliest
    TAXA_RETURN_IF_ERROR(e);

  // Drop exact repeats in place; the same id with other content is an error.
  IdTable seen(items.size());
  size_t kept = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (kept != i) items[kept] = std::move(items[i]);
    TAXA_ASSIGN_OR_RETURN(bool is_new,
                          seen.Register(items.data(), kept, IdTable::Hash(items[kept].item.id),
                                        file_name));
    if (is_new) ++kept;
  }
  items.resize(kept);
  return items;
}

constexpr size_t kNoColumn = std::numeric_limits<size_t>::max();

struct MetaColumn {
  size_t index;
  std::string name;
  std::string key_json;  // "name": ready to append
};

Result<std::vector<ImportedItem>> ParseCsv(std::string_view bytes, std::string_view file_name) {
  std::vector<ImportedItem> items;
  CsvReader reader(bytes, file_name);
  TAXA_ASSIGN_OR_RETURN(bool got, reader.Next());
  if (!got) return items;

  const size_t header_line = reader.record_line();
  std::vector<std::string> names;
  names.reserve(reader.size());
  for (size_t i = 0; i < reader.size(); ++i) {
    std::string_view name = reader.Field(i);
    const std::string column = "header column " + std::to_string(i + 1);
    if (FindInvalidUtf8(name) != kNpos)
      return Bad(file_name, header_line, column + " is not valid UTF-8");
    const size_t first = name.find_first_not_of(" \t");
    name = first == kNpos ? std::string_view() : name.substr(first);
    name = name.substr(0, name.find_last_not_of(" \t") + 1);
    if (name.empty()) return Bad(file_name, header_line, column + " has no name");
    if (std::find(names.begin(), names.end(), name) != names.end())
      return Bad(file_name, header_line,
                 "header names column \"" + std::string(name) + "\" twice");
    names.emplace_back(name);
  }

  size_t id_col = kNoColumn, text_col = kNoColumn, path_col = kNoColumn, sha_col = kNoColumn;
  std::vector<MetaColumn> meta_cols;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "id") {
      id_col = i;
    } else if (names[i] == "text") {
      text_col = i;
    } else if (names[i] == "path") {
      path_col = i;
    } else if (names[i] == "sha256") {
      sha_col = i;
    } else {
      MetaColumn meta{i, names[i], {}};
      AppendKey(meta.key_json, meta.name);
      meta_cols.push_back(std::move(meta));
    }
  }
  if (id_col == kNoColumn) return Bad(file_name, header_line, "header has no \"id\" column");
  if (path_col != kNoColumn && sha_col == kNoColumn)
    return Bad(file_name, header_line, "header has a \"path\" column but no \"sha256\" column");
  if (sha_col != kNoColumn && path_col == kNoColumn)
    return Bad(file_name, header_line, "header has a \"sha256\" column but no \"path\" column");
  if (text_col == kNoColumn && path_col == kNoColumn)
    return Bad(file_name, header_line,
               "header has no \"text\" column (nor \"path\" and \"sha256\" for media items)");
  // Byte order, as nlohmann::json's sorted object writes the keys.
  std::sort(meta_cols.begin(), meta_cols.end(),
            [](const MetaColumn& a, const MetaColumn& b) { return a.name < b.name; });

  const size_t expected = CountLines(bytes);
  items.reserve(expected);
  IdTable seen(expected);
  reader.RequireHeaderFieldCount();
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(got, reader.Next());
    if (!got) break;
    const size_t line = reader.record_line();
    auto take = [&](size_t col, std::string* out) -> Status {
      if (col == kNoColumn) return Status::Ok();
      const std::string_view value = reader.Field(col);
      if (FindInvalidUtf8(value) != kNpos)
        return Bad(file_name, line, "field \"" + names[col] + "\" is not valid UTF-8");
      out->assign(value);
      return Status::Ok();
    };
    ImportedItem imported;
    imported.line = line;
    Item& item = imported.item;
    TAXA_RETURN_IF_ERROR(take(id_col, &item.id));
    const size_t hash = IdTable::Hash(item.id);
    seen.Prefetch(hash);
    TAXA_RETURN_IF_ERROR(take(text_col, &item.text));
    TAXA_RETURN_IF_ERROR(take(path_col, &item.media_path));
    TAXA_RETURN_IF_ERROR(take(sha_col, &item.media_sha256));
    // Written by hand in the canonical form (compact, keys sorted, the escapes of
    // AppendJsonString match nlohmann::json's dump()); a DOM per row would dominate.
    std::string& meta_json = item.meta_json;
    meta_json.clear();
    for (const MetaColumn& meta : meta_cols) {
      const std::string_view value = reader.Field(meta.index);
      if (value.empty()) continue;
      if (FindInvalidUtf8(value) != kNpos)
        return Bad(file_name, line, "field \"" + meta.name + "\" is not valid UTF-8");
      meta_json += meta_json.empty() ? '{' : ',';
      meta_json += meta.key_json;
      AppendJsonString(meta_json, value);
    }
    meta_json += meta_json.empty() ? "{}" : "}";
    if (Status s = CheckItem(item); !s.ok()) return Bad(file_name, line, s.message());
    if (item.text.empty() && item.media_path.empty()) {
      if (text_col != kNoColumn && path_col != kNoColumn)
        return Bad(file_name, line, "fields \"text\" and \"path\" are both empty");
      return Bad(file_name, line,
                 text_col != kNoColumn ? "field \"text\" is empty" : "field \"path\" is empty");
    }
    items.push_back(std::move(imported));
    TAXA_ASSIGN_OR_RETURN(bool is_new,
                          seen.Register(items.data(), items.size() - 1, hash, file_name));
    if (!is_new) items.pop_back();
  }
  return items;
}


}  // namespace

Result<ImportFormat> ParseImportFormat(std::string_view name) {
  if (name == "auto") return ImportFormat::kAuto;
  if (name == "jsonl") return ImportFormat::kJsonLines;
  if (name == "csv") return ImportFormat::kCsv;
  return Status::InvalidInput("unknown import format \"" + std::string(name) +
                              "\" (expected auto, jsonl or csv)");
}

Result<std::vector<ImportedItem>> ParseItems(std::string_view bytes, std::string_view file_name,
                                             ImportFormat format) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (format == ImportFormat::kAuto)
    format = HasExtension(file_name, ".csv") ? ImportFormat::kCsv : ImportFormat::kJsonLines;
  if (format == ImportFormat::kCsv) return ParseCsv(bytes, file_name);
  return ParseJsonLines(bytes, file_name);
}

}  // namespace taxa::core
