// taxa.json, the project settings, as a pull or a hand edit may leave it:
// DecodeSettings against nlohmann's reading of the same bytes (the format
// number exactly as written, the vendors exactly as listed), and the round
// trip through EncodeSettings.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/taxonomy_codec.h"

namespace {

using nlohmann::json;
using taxa::core::ProjectSettings;

bool Same(const ProjectSettings& a, const ProjectSettings& b) {
  return a.format == b.format && a.id == b.id && a.name == b.name && a.created == b.created &&
         a.roles == b.roles && a.quality_targets_json == b.quality_targets_json &&
         a.vendors == b.vendors;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = taxa::fuzz::Text(data, size);
  taxa::Result<ProjectSettings> s = taxa::core::DecodeSettings(bytes);
  if (!s.ok()) {
    FUZZ_CHECK(s.status().code() == taxa::StatusCode::kInvalidInput, s.status().message());
    FUZZ_CHECK(s.status().message().starts_with("taxa.json: "), s.status().message());
    return 0;
  }
  const taxa::fuzz::JsonFacts facts = taxa::fuzz::ReadJson(bytes, /*skip_bom=*/true);
  FUZZ_CHECK(facts.valid && facts.value.is_object(), "accepts what nlohmann does not read");
  const json& j = facts.value;
  FUZZ_CHECK(j["format"].is_number_integer() && j["format"].dump() == std::to_string(s->format),
             "format " + j["format"].dump() + " read as " + std::to_string(s->format));
  FUZZ_CHECK(s->format <= taxa::core::kFormatVersion, "a newer format passed");
  std::map<std::string, std::set<std::string>> vendors;
  if (auto v = j.find("vendors"); v != j.end() && !v->is_null())
    for (const auto& [vendor, members] : v->items())
      for (const json& m : members) vendors[vendor].insert(m.get<std::string>());
  FUZZ_CHECK(s->vendors == vendors, "the vendors are not the file's");
  for (const auto& [person, roles] : s->roles)
    for (const std::string& role : roles)
      FUZZ_CHECK(std::find(taxa::core::kRoleNames.begin(), taxa::core::kRoleNames.end(), role) !=
                     taxa::core::kRoleNames.end(),
                 "an unknown role passed: " + role);
  for (const std::string* kept : {&s->quality_targets_json}) {
    json parsed = json::parse(*kept, nullptr, false);
    FUZZ_CHECK(parsed.is_object(), "kept text is not an object: " + *kept);
  }

  const std::string encoded = taxa::core::EncodeSettings(*s);
  taxa::Result<ProjectSettings> again = taxa::core::DecodeSettings(encoded);
  FUZZ_CHECK(again.ok(), again.status().message());
  FUZZ_CHECK(Same(*s, *again), "the settings do not read back: " + encoded);
  FUZZ_CHECK(taxa::core::EncodeSettings(*again) == encoded, "not stable: " + encoded);
  return 0;
}
