#include "taxa/core/calibration_round.h"

#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "taxa/core/layout.h"
#include "taxa/core/text.h"

namespace taxa::core {

std::string RoundPath(const std::string& name) {
  return std::string(layout::kCalibrationDir) + name + ".json";
}

Status CheckRoundName(const std::string& name) {
  if (!IsSafeName(name))
    return Status::InvalidInput("round name \"" + name +
                                "\" must be 1-64 letters, digits, '-', '_' or '.', starting with a "
                                "letter or digit");
  return Status::Ok();
}

std::string EncodeRound(const CalibrationRound& r) {
  nlohmann::ordered_json j;
  j["name"] = r.name;
  j["created"] = r.created;
  j["created_by"] = r.created_by;
  j["commit"] = r.commit;
  j["taxonomy"] = r.taxonomy;
  j["plan"] = r.plan;
  j["seed"] = r.seed;
  j["annotators"] = r.annotators;
  j["items"] = r.items;
  return j.dump(2) + "\n";
}

Result<CalibrationRound> DecodeRound(std::string_view bytes, const std::string& path) {
  // nlohmann takes a NUL byte for the end of the input and would not read on.
  if (bytes.find('\0') != std::string_view::npos)
    return Status::InvalidInput(path + ": not valid JSON (a NUL byte)");
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (!j.is_object()) return Status::InvalidInput(path + ": not a JSON object");
  auto bad = [&](const char* key, const char* why) {
    return Status::InvalidInput(path + ": field \"" + key + "\" " + why);
  };
  CalibrationRound r;
  // Required strings, then optional ones (absent or null: empty).
  for (auto [key, out, required] : {std::tuple{"name", &r.name, true},
                                    {"plan", &r.plan, true},
                                    {"created", &r.created, false},
                                    {"created_by", &r.created_by, false},
                                    {"commit", &r.commit, false},
                                    {"taxonomy", &r.taxonomy, false}}) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required) return bad(key, "is missing");
      continue;
    }
    if (!it->is_string()) return bad(key, "must be a string");
    *out = it->get<std::string>();
  }
  // The sample is drawn again from the seed: it must read back exactly, so
  // a fraction, a sign or a number beyond 2^64-1 (held as a double) is refused.
  auto seed = j.find("seed");
  if (seed == j.end()) return bad("seed", "is missing");
  if (!seed->is_number_unsigned()) return bad("seed", "must be an integer from 0 to 2^64-1");
  r.seed = seed->get<uint64_t>();
  for (auto [key, out] : {std::pair{"annotators", &r.annotators}, {"items", &r.items}}) {
    auto it = j.find(key);
    if (it == j.end()) return bad(key, "is missing");
    if (!it->is_array()) return bad(key, "must be an array of strings");
    for (const nlohmann::json& v : *it) {
      if (!v.is_string()) return bad(key, "must be an array of strings");
      out->push_back(v.get<std::string>());
    }
  }
  return r;
}

}  // namespace taxa::core
