#include "taxa/core/label_event.h"

#include <charconv>
#include <set>

#include "json_scan.h"
#include "json_write.h"

#include "taxa/core/sha256.h"
#include "taxa/core/shard.h"

namespace taxa::core {

namespace {

// The decimal digits of `n`, without a temporary string.
void AppendUint(std::string& out, uint64_t n) {
  char digits[20];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

// Every field but the id, in a fixed order; the id hashes exactly these bytes.
// Keys are written as literals (none needs escaping).
void AppendBody(std::string& out, const LabelEvent& e) {
  out += "\"item\":";
  AppendJsonString(out, e.item);
  out += ",\"annotator\":";
  AppendJsonString(out, e.annotator);
  out += ",\"device\":";
  AppendJsonString(out, e.device);
  out += ",\"hlc\":";
  AppendUint(out, e.hlc);
  out += ",\"taxonomy\":";
  AppendJsonString(out, e.taxonomy);
  out += ",\"categories\":";
  out += '[';
  for (size_t i = 0; i < e.categories.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, e.categories[i]);
  }
  out += ']';
  if (!e.attributes.empty()) {
    out += ",\"attributes\":";
    out += '{';
    bool first = true;
    for (const auto& [k, v] : e.attributes) {
      if (!first) out += ',';
      first = false;
      AppendKey(out, k);
      AppendJsonString(out, v);
    }
    out += '}';
  }
  if (!e.note.empty()) {
    out += ",\"note\":";
    AppendJsonString(out, e.note);
  }
  if (e.duration_ms != 0) {
    out += ",\"ms\":";
    AppendUint(out, e.duration_ms);
  }
  if (!e.retracts.empty()) {
    out += ",\"retracts\":";
    out += '[';
    for (size_t i = 0; i < e.retracts.size(); ++i) {
      if (i) out += ',';
      AppendJsonString(out, e.retracts[i]);
    }
    out += ']';
  }
}

}  // namespace

std::string ComputeEventId(const LabelEvent& e) {
  std::string body = "{";
  AppendBody(body, e);
  body += '}';
  std::array<uint8_t, 32> digest = Sha256Digest(body);
  return HexOf(digest.data(), 16);  // the first 32 hex digits
}

std::string EncodeEventLine(const LabelEvent& e) {
  std::string out;
  out.reserve(160 + e.note.size());
  out += '{';
  AppendKey(out, "id");
  AppendJsonString(out, e.id);
  out += ',';
  AppendBody(out, e);
  out += '}';
  return out;
}

std::string SealEvent(LabelEvent& e) {
  static constexpr char kHex[] = "0123456789abcdef";
  // The id hashes "{" + body + "}"; the line is {"id":"<id>",body}.
  std::string line;
  line.reserve(192 + e.item.size() + e.taxonomy.size() + e.note.size());
  line = "{\"id\":\"";
  const size_t id_at = line.size();
  line.append(32, '0');
  line += "\",";
  const size_t body_at = line.size() - 1;  // where "{" + body would start: reuse the comma slot
  AppendBody(line, e);
  line += '}';
  line[body_at] = '{';
  // The id: the first 32 hex digits of the digest (its first 16 bytes).
  std::array<uint8_t, 32> digest = Sha256Digest(std::string_view(line).substr(body_at));
  for (size_t i = 0; i < 16; ++i) {
    line[id_at + 2 * i] = kHex[digest[i] >> 4];
    line[id_at + 2 * i + 1] = kHex[digest[i] & 15];
  }
  line[body_at] = ',';
  e.id.assign(line, id_at, 32);
  return line;
}

Result<LabelEvent> DecodeEventLine(std::string_view line, std::string_view where) {
  namespace js = json_scan;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  LabelEvent e;
  std::set<std::string> seen;
  // An event is hashed and immutable: read one way only (ReadRecord refuses
  // a key given twice).
  std::string wrong = js::ReadRecord(line, seen, [&](const std::string& key, size_t& p,
                                                     std::string& field_error) -> bool {
    std::string* text = key == "id"          ? &e.id
                        : key == "item"      ? &e.item
                        : key == "annotator" ? &e.annotator
                        : key == "device"    ? &e.device
                        : key == "taxonomy"  ? &e.taxonomy
                        : key == "note"      ? &e.note
                                             : nullptr;
    if (text != nullptr) {
      if (!js::ReadString(line, p, *text)) field_error = "field \"" + key + "\" must be a string";
      return field_error.empty();
    }
    if (key == "hlc" || key == "ms") {
      uint64_t n;
      if (!js::ReadUint(line, p, n) || (key == "ms" && n > UINT32_MAX)) {
        field_error = "field \"" + key + "\" must be a non-negative integer";
        return false;
      }
      if (key == "hlc")
        e.hlc = n;
      else
        e.duration_ms = static_cast<uint32_t>(n);
      return true;
    }
    if (key == "categories")
      return js::ReadStringListField(line, p, key, e.categories, field_error);
    if (key == "retracts") return js::ReadStringListField(line, p, key, e.retracts, field_error);
    if (key == "attributes") {
      js::SkipSpace(line, p);
      if (p >= line.size() || line[p] != '{') {
        field_error = "field \"attributes\" must be an object";
        return false;
      }
      return js::ForEachMember(line, p, [&](const std::string& k, size_t& q) {
        std::string v;
        if (!js::ReadString(line, q, v)) {
          field_error = "attribute \"" + k + "\" must be a string";
          return false;
        }
        e.attributes[k] = std::move(v);
        return true;
      });
    }
    return js::SkipValue(line, p);
  });
  if (!wrong.empty()) return bad(wrong);
  for (const char* required : {"id", "item", "annotator", "device", "hlc"})
    if (!seen.count(required)) return bad(std::string("field \"") + required + "\" is missing");
  if (e.item.empty()) return bad("field \"item\" is empty");
  if (e.annotator.empty()) return bad("field \"annotator\" is empty");
  if (ComputeEventId(e) != e.id)
    return bad("field \"id\" does not match the event's content (altered event)");
  return e;
}

Status ForEachSegmentEvent(std::string_view bytes, const std::string& path,
                           const std::function<Status(LabelEvent& event)>& fn) {
  TAXA_ASSIGN_OR_RETURN(std::string text, DecompressFrame(bytes, path));
  return ForEachLine(text, [&](std::string_view line, size_t line_no) -> Status {
    TAXA_ASSIGN_OR_RETURN(LabelEvent e,
                          DecodeEventLine(line, path + ":" + std::to_string(line_no)));
    return fn(e);
  });
}

}  // namespace taxa::core
