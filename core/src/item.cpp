#include "taxa/core/item.h"

#include <nlohmann/json.hpp>

#include "json_write.h"

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

static bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
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
  if (!IsHex64(item.media_sha256))
    return Status::InvalidInput("field \"sha256\" must be 64 lowercase hex digits");
  return Status::Ok();
}

Result<Item> DecodeItemLine(std::string_view line, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return bad("not valid JSON");
  if (!j.is_object()) return bad("expected a JSON object");
  Item item;
  auto id = j.find("id");
  if (id == j.end()) return bad("field \"id\" is missing");
  if (id->is_string()) item.id = id->get<std::string>();
  else if (id->is_number_integer()) item.id = id->dump();
  else return bad("field \"id\" must be a string or an integer");
  if (auto t = j.find("text"); t != j.end()) {
    if (!t->is_string()) return bad("field \"text\" must be a string");
    item.text = t->get<std::string>();
  }
  // Media may be given nested ({"media":{"path","sha256"}}) or flat.
  const json* media = &j;
  if (auto m = j.find("media"); m != j.end()) {
    if (!m->is_object()) return bad("field \"media\" must be an object");
    media = &*m;
  }
  if (auto p = media->find("path"); p != media->end()) {
    if (!p->is_string()) return bad("field \"path\" must be a string");
    item.media_path = p->get<std::string>();
  }
  if (auto s = media->find("sha256"); s != media->end()) {
    if (!s->is_string()) return bad("field \"sha256\" must be a string");
    item.media_sha256 = s->get<std::string>();
  }
  if (item.text.empty() && item.media_path.empty())
    return bad("field \"text\" is missing (or give a media \"path\" and \"sha256\")");
  if (auto m = j.find("meta"); m != j.end() && !m->is_null()) {
    if (!m->is_object()) return bad("field \"meta\" must be an object");
    // Canonical: keys sorted (nlohmann's object is a sorted map), compact.
    item.meta_json = m->dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (Status s = CheckItem(item); !s.ok()) return bad(s.message());
  return item;
}

}  // namespace taxa::core
