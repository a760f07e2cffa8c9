#include "taxa/core/item.h"

#include "json_scan.h"
#include "json_write.h"
#include <nlohmann/json.hpp>

#include "taxa/core/text.h"

namespace taxa::core {

using nlohmann::json;

std::string EncodeItemLine(const Item& item) {
  std::string out;
  out.reserve(item.text.size() + item.meta_json.size() + item.id.size() + 48);
  out += '{';
  AppendKey(out, "id");
  AppendJsonString(out, item.id);
  if (!item.media_path.empty()) {
    out += ',';
    AppendKey(out, "media");
    out += '{';
    AppendKey(out, "path");
    AppendJsonString(out, item.media_path);
    out += ',';
    AppendKey(out, "sha256");
    AppendJsonString(out, item.media_sha256);
    out += '}';
  } else {
    out += ',';
    AppendKey(out, "text");
    AppendJsonString(out, item.text);
  }
  if (!item.meta_json.empty() && item.meta_json != "{}") {
    out += ',';
    AppendKey(out, "meta");
    out += item.meta_json;
  }
  out += '}';
  return out;
}

Status CheckItem(const Item& item) {
  if (item.id.empty()) return Status::InvalidInput("field \"id\" is empty");
  if (item.id.size() > 256) return Status::InvalidInput("field \"id\" is longer than 256 bytes");
  for (unsigned char c : item.id)
    if (c < 0x20) return Status::InvalidInput("field \"id\" holds a control character");
  if (item.media_path.empty()) {
    if (!item.media_sha256.empty())
      return Status::InvalidInput("field \"sha256\" given without a media \"path\"");
    return Status::Ok();
  }
  if (!item.text.empty())
    return Status::InvalidInput("an item has either \"text\" or a media \"path\", not both");
  if (item.media_path.front() == '/' || item.media_path.find("..") != std::string::npos)
    return Status::InvalidInput("field \"path\" must be relative and stay inside the project");
  if (item.media_sha256.size() != 64 || !IsLowerHex(item.media_sha256))
    return Status::InvalidInput("field \"sha256\" must be 64 lowercase hex digits");
  return Status::Ok();
}

Result<Item> DecodeItemLine(std::string_view line, std::string_view where) {
  namespace js = json_scan;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  if (!js::IsValidUtf8(line)) return bad("not valid UTF-8");
  Item item;
  bool has_id = false, has_text = false;
  std::string_view meta_raw;
  std::string field_error;
  // A field read here given twice is refused: JSON parsers differ on which
  // one counts (nlohmann keeps the last). "path" and "sha256" count once
  // whether at the top level or in "media". Other keys are skipped anyway.
  enum : unsigned { kId = 1, kText = 2, kMedia = 4, kMeta = 8, kPath = 16, kSha256 = 32 };
  unsigned given = 0;
  auto first_time = [&](const std::string& key, unsigned bit) {
    if ((given & bit) == 0) {
      given |= bit;
      return true;
    }
    field_error = "field \"" + key + "\" is given twice";
    return false;
  };
  // Reads a media object's or the top level's "path" and "sha256".
  auto media_field = [&](const std::string& key, size_t& pos) -> bool {
    if (key == "path" || key == "sha256") {
      if (!first_time(key, key == "path" ? kPath : kSha256)) return false;
      std::string& out = key == "path" ? item.media_path : item.media_sha256;
      if (!js::ReadString(line, pos, out)) {
        field_error = "field \"" + key + "\" must be a string";
        return false;
      }
      return true;
    }
    return js::SkipValue(line, pos);
  };
  size_t pos = 0;
  if (const char* wrong = js::FindObjectStart(line, pos)) return bad(wrong);
  bool parsed = js::ForEachMember(line, pos, [&](const std::string& key, size_t& p) -> bool {
    if (key == "id") {
      if (!first_time(key, kId)) return false;
      js::SkipSpace(line, p);
      if (p < line.size() && line[p] == '"') {
        has_id = js::ReadString(line, p, item.id);
        return has_id;
      }
      // An integer, as a JSON parser holds one (-2^63 to 2^64-1), read as its
      // decimal text; -0 is 0.
      uint64_t n;
      size_t start = p;
      bool negative = p < line.size() && line[p] == '-';
      if (negative) ++p;
      bool digit_next = p < line.size() && line[p] >= '0' && line[p] <= '9';
      if (!digit_next || !js::ReadUint(line, p, n) || (negative && n > uint64_t{1} << 63)) {
        p = start;
        if (js::SkipValue(line, p)) field_error = "field \"id\" must be a string or an integer";
        return false;
      }
      item.id = negative && n == 0 ? "0" : std::string(line.substr(start, p - start));
      has_id = true;
      return true;
    }
    if (key == "text") {
      if (!first_time(key, kText)) return false;
      js::SkipSpace(line, p);
      if (p < line.size() && line[p] == 'n' && line.substr(p, 4) == "null") {
        p += 4;
        return true;
      }
      if (!js::ReadString(line, p, item.text)) {
        size_t q = p;
        if (js::SkipValue(line, q)) field_error = "field \"text\" must be a string";
        return false;
      }
      has_text = true;
      return true;
    }
    if (key == "media") {
      if (!first_time(key, kMedia)) return false;
      js::SkipSpace(line, p);
      if (p >= line.size() || line[p] != '{') {
        size_t q = p;
        if (js::SkipValue(line, q)) field_error = "field \"media\" must be an object";
        return false;
      }
      return js::ForEachMember(line, p, media_field);
    }
    if (key == "meta") {
      if (!first_time(key, kMeta)) return false;
      js::SkipSpace(line, p);
      size_t start = p;
      if (!js::SkipValue(line, p)) return false;
      meta_raw = line.substr(start, p - start);
      return true;
    }
    return media_field(key, p);
  });
  if (parsed) {
    js::SkipSpace(line, pos);
    parsed = pos == line.size();
  }
  if (!field_error.empty()) return bad(field_error);
  if (!parsed) return bad("not valid JSON");
  if (!has_id) return bad("field \"id\" is missing");
  if (!has_text && item.media_path.empty())
    return bad("field \"text\" is missing (or give a media \"path\" and \"sha256\")");
  if (!meta_raw.empty() && meta_raw != "null") {
    if (meta_raw.front() != '{') return bad("field \"meta\" must be an object");
    if (js::IsCanonicalObject(meta_raw)) {
      item.meta_json = std::string(meta_raw);
    } else {
      // Hand-written metadata: canonical form is nlohmann's compact dump with
      // sorted keys, so equal metadata always has equal bytes.
      json m = json::parse(meta_raw, nullptr, /*allow_exceptions=*/false);
      if (m.is_discarded()) return bad("field \"meta\" is not valid JSON");
      item.meta_json = m.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  if (Status s = CheckItem(item); !s.ok()) return bad(s.message());
  return item;
}

std::string MetaValueText(std::string_view meta_json, const std::string& key) {
  nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, false);
  if (!meta.is_object()) return "";
  auto it = meta.find(key);
  if (it == meta.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace taxa::core
