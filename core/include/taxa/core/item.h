// Data items: the things that get labeled.
//
// An item has a stable id and either a text payload or a reference to a media
// file (a relative path plus its sha256; the file itself stays outside git).
// `meta_json` holds the metadata used for slicing (source, language, any key)
// as a canonical JSON object.
//
// On disk items live in zstd-compressed JSON Lines shards
// (items/<batch>/<n>.jsonl.zst), one line per item, sorted by id:
//   {"id":"T-1","text":"My card was charged twice","meta":{"channel":"email"}}
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

struct Item {
  std::string id;
  std::string text;
  std::string media_path;    // set instead of text for media items
  std::string media_sha256;  // 64 lowercase hex digits when media_path is set
  std::string meta_json = "{}";

  bool operator==(const Item&) const = default;
};

// The canonical JSON line of an item, without a trailing newline. Keys come in
// a fixed order, so equal items encode to equal bytes.
std::string EncodeItemLine(const Item& item);

// Parses one canonical or hand-written item line. `where` ("file:line") prefixes
// the message of a kInvalidInput error, which names the field at fault. An
// integer id is read as its decimal text. A field read here given twice is an
// error ("path" and "sha256" count once at the top level and in "media");
// other keys are skipped.
Result<Item> DecodeItemLine(std::string_view line, std::string_view where);

// The value of metadata key `key` in an item's `meta_json` as text: a
// string as it is, another value as its JSON; "" when the key is absent or
// null, or `meta_json` is not a JSON object.
std::string MetaValueText(std::string_view meta_json, const std::string& key);

// Checks the fields of an item (id present and short, exactly one of text or
// media, a well-formed sha256). The message names the field.
Status CheckItem(const Item& item);

}  // namespace taxa::core
