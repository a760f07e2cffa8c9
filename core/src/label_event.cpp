#include "taxa/core/label_event.h"

#include <nlohmann/json.hpp>

#include "json_write.h"
#include "taxa/core/sha256.h"

namespace taxa::core {

using nlohmann::json;

namespace {

// Every field but the id, in a fixed order; the id hashes exactly these bytes.
void AppendBody(std::string& out, const LabelEvent& e) {
  AppendKey(out, "item");
  AppendJsonString(out, e.item);
  out += ',';
  AppendKey(out, "annotator");
  AppendJsonString(out, e.annotator);
  out += ',';
  AppendKey(out, "device");
  AppendJsonString(out, e.device);
  out += ',';
  AppendKey(out, "hlc");
  out += std::to_string(e.hlc);
  out += ',';
  AppendKey(out, "taxonomy");
  AppendJsonString(out, e.taxonomy);
  out += ',';
  AppendKey(out, "categories");
  out += '[';
  for (size_t i = 0; i < e.categories.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, e.categories[i]);
  }
  out += ']';
  if (!e.attributes.empty()) {
    out += ',';
    AppendKey(out, "attributes");
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
    out += ',';
    AppendKey(out, "note");
    AppendJsonString(out, e.note);
  }
  if (e.duration_ms != 0) {
    out += ',';
    AppendKey(out, "ms");
    out += std::to_string(e.duration_ms);
  }
  if (!e.retracts.empty()) {
    out += ',';
    AppendKey(out, "retracts");
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
  return Sha256Hex(body).substr(0, 32);
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

Result<LabelEvent> DecodeEventLine(std::string_view line, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput(std::string(where) + ": " + why);
  };
  json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return bad("not valid JSON");
  if (!j.is_object()) return bad("expected a JSON object");
  LabelEvent e;
  auto get_string = [&](const char* key, std::string& out, bool required) -> Status {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) return bad(std::string("field \"") + key + "\" is missing");
      return Status::Ok();
    }
    if (!it->is_string()) return bad(std::string("field \"") + key + "\" must be a string");
    out = it->get<std::string>();
    return Status::Ok();
  };
  auto get_strings = [&](const char* key, std::vector<std::string>& out) -> Status {
    auto it = j.find(key);
    if (it == j.end()) return Status::Ok();
    if (!it->is_array()) return bad(std::string("field \"") + key + "\" must be an array");
    for (const json& v : *it) {
      if (!v.is_string())
        return bad(std::string("field \"") + key + "\" must hold only strings");
      out.push_back(v.get<std::string>());
    }
    return Status::Ok();
  };
  TAXA_RETURN_IF_ERROR(get_string("id", e.id, true));
  TAXA_RETURN_IF_ERROR(get_string("item", e.item, true));
  TAXA_RETURN_IF_ERROR(get_string("annotator", e.annotator, true));
  TAXA_RETURN_IF_ERROR(get_string("device", e.device, true));
  TAXA_RETURN_IF_ERROR(get_string("taxonomy", e.taxonomy, false));
  TAXA_RETURN_IF_ERROR(get_string("note", e.note, false));
  auto hlc = j.find("hlc");
  if (hlc == j.end()) return bad("field \"hlc\" is missing");
  if (!hlc->is_number_unsigned()) return bad("field \"hlc\" must be a non-negative integer");
  e.hlc = hlc->get<uint64_t>();
  if (auto ms = j.find("ms"); ms != j.end()) {
    if (!ms->is_number_unsigned() || ms->get<uint64_t>() > UINT32_MAX)
      return bad("field \"ms\" must be a non-negative integer");
    e.duration_ms = ms->get<uint32_t>();
  }
  TAXA_RETURN_IF_ERROR(get_strings("categories", e.categories));
  TAXA_RETURN_IF_ERROR(get_strings("retracts", e.retracts));
  if (auto a = j.find("attributes"); a != j.end()) {
    if (!a->is_object()) return bad("field \"attributes\" must be an object");
    for (const auto& [k, v] : a->items()) {
      if (!v.is_string()) return bad("attribute \"" + k + "\" must be a string");
      e.attributes[k] = v.get<std::string>();
    }
  }
  if (e.item.empty()) return bad("field \"item\" is empty");
  if (e.annotator.empty()) return bad("field \"annotator\" is empty");
  if (ComputeEventId(e) != e.id)
    return bad("field \"id\" does not match the event's content (altered event)");
  return e;
}

}  // namespace taxa::core
