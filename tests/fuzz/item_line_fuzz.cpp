// Item lines, as an item shard and `taxa items import FILE.jsonl` read them:
// each line through DecodeItemLine against a decoder written over nlohmann's
// DOM with the rules of item.h, the round trip through EncodeItemLine, and
// the whole input through ParseItems (JSON Lines), which must agree with the
// lines one by one.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "json_scan.h"

#include "taxa/core/item.h"
#include "taxa/core/item_import.h"
#include "taxa/core/shard.h"

namespace {

using nlohmann::json;
using taxa::core::Item;
using taxa::fuzz::JsonFacts;

std::string Show(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', true, json::error_handler_t::replace);
}

// The item nlohmann's reading of a line holds, or nullopt when the line is
// not a valid item.
std::optional<Item> Reference(const JsonFacts& facts) {
  if (!facts.valid || !facts.value.is_object()) return std::nullopt;
  // A field the decoder reads, given twice (other keys it skips).
  for (const char* member :
       {"/id", "/text", "/media", "/meta", "/path", "/sha256", "/media/path", "/media/sha256"})
    if (facts.repeated.count(member)) return std::nullopt;
  const json& j = facts.value;
  Item item;
  auto id = j.find("id");
  if (id == j.end()) return std::nullopt;
  if (id->is_string()) {
    item.id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    item.id = id->dump();  // the integer's decimal text
  } else {
    return std::nullopt;
  }
  bool has_text = false;
  if (auto text = j.find("text"); text != j.end() && !text->is_null()) {
    if (!text->is_string()) return std::nullopt;
    item.text = text->get<std::string>();
    has_text = true;
  }
  // "path" and "sha256" of a media item, at the top level or in "media",
  // each given once.
  int given[2] = {0, 0};
  auto media_fields = [&](const json& object) {
    for (int k = 0; k < 2; ++k) {
      const char* key = k == 0 ? "path" : "sha256";
      auto it = object.find(key);
      if (it == object.end()) continue;
      if (!it->is_string()) return false;
      (k == 0 ? item.media_path : item.media_sha256) = it->get<std::string>();
      ++given[k];
    }
    return true;
  };
  if (!media_fields(j)) return std::nullopt;
  if (auto media = j.find("media"); media != j.end()) {
    if (!media->is_object() || !media_fields(*media)) return std::nullopt;
  }
  if (given[0] > 1 || given[1] > 1) return std::nullopt;
  if (auto meta = j.find("meta"); meta != j.end() && !meta->is_null()) {
    if (!meta->is_object()) return std::nullopt;
    item.meta_json = meta->dump();
  }
  if (!has_text && item.media_path.empty()) return std::nullopt;
  if (!taxa::core::CheckItem(item).ok()) return std::nullopt;
  return item;
}

void CheckLine(std::string_view line) {
  const JsonFacts facts = taxa::fuzz::ReadJson(line);
  const std::optional<Item> expected = Reference(facts);
  taxa::Result<Item> got = taxa::core::DecodeItemLine(line, "fuzz.jsonl:3");
  if (!got.ok()) {
    FUZZ_CHECK(got.status().code() == taxa::StatusCode::kInvalidInput, got.status().message());
    FUZZ_CHECK(got.status().message().starts_with("fuzz.jsonl:3: "), got.status().message());
    // The line's object, "meta" and its own limit: one level more than the
    // scanner's.
    const bool beyond = facts.depth > taxa::core::json_scan::kMaxDepth + 1 || facts.overflow;
    FUZZ_CHECK(!expected || beyond,
               "rejects the valid item " + Show(line) + ": " + got.status().message());
    return;
  }
  FUZZ_CHECK(expected.has_value(), "accepts " + Show(line) + ", which nlohmann reads otherwise");
  FUZZ_CHECK(*expected == *got, "reads " + Show(line) + " unlike nlohmann (" +
                                    Show(taxa::core::EncodeItemLine(*got)) + " vs " +
                                    Show(taxa::core::EncodeItemLine(*expected)) + ")");
  const std::string encoded = taxa::core::EncodeItemLine(*got);
  taxa::Result<Item> again = taxa::core::DecodeItemLine(encoded, "again");
  FUZZ_CHECK(again.ok() && *again == *got,
             "the canonical line does not read back: " + Show(encoded));
  FUZZ_CHECK(taxa::core::EncodeItemLine(*again) == encoded, "the canonical line is not stable");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = taxa::fuzz::Text(data, size);
  // As a shard's lines are read (Index::ApplyItemShard, the merge of items).
  std::map<size_t, bool> line_ok;
  taxa::Status each = taxa::core::ForEachLine(text, [&](std::string_view line, size_t n) {
    CheckLine(line);
    line_ok[n] = taxa::core::DecodeItemLine(line, "x").ok();
    return taxa::Status::Ok();
  });
  FUZZ_CHECK(each.ok(), each.message());

  // As an import reads them: a byte order mark and blank lines skipped, and
  // the first bad line named. A line of spaces is blank to the import, not
  // to ForEachLine.
  taxa::Result<std::vector<taxa::core::ImportedItem>> items =
      taxa::core::ParseItems(text, "fuzz.jsonl", taxa::core::ImportFormat::kJsonLines);
  std::string_view imported_text = text;
  if (imported_text.starts_with("\xEF\xBB\xBF")) {
    imported_text.remove_prefix(3);
    line_ok.clear();
    (void)taxa::core::ForEachLine(imported_text, [&](std::string_view line, size_t n) {
      line_ok[n] = taxa::core::DecodeItemLine(line, "x").ok();
      return taxa::Status::Ok();
    });
  }
  size_t first_bad = 0;
  for (const auto& [n, ok] : line_ok) {
    if (ok) continue;
    std::string_view line = imported_text;
    for (size_t skip = 1; skip < n; ++skip) line.remove_prefix(line.find('\n') + 1);
    line = line.substr(0, line.find('\n'));
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    first_bad = n;
    break;
  }
  if (first_bad != 0) {
    FUZZ_CHECK(!items.ok(),
               "ParseItems accepts a file with a bad line " + std::to_string(first_bad));
    FUZZ_CHECK(
        items.status().message().starts_with("fuzz.jsonl:" + std::to_string(first_bad) + ":"),
        "ParseItems names another line: " + items.status().message());
  } else if (items.ok()) {
    for (const taxa::core::ImportedItem& imported : *items) {
      FUZZ_CHECK(line_ok.count(imported.line) && line_ok[imported.line],
                 "ParseItems placed an item on line " + std::to_string(imported.line));
    }
  } else {
    // Every line reads alone; only a repeated id with other content fails.
    FUZZ_CHECK(items.status().message().find("with different content") != std::string::npos,
               items.status().message());
  }
  return 0;
}
