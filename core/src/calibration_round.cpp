#include "taxa/core/calibration_round.h"

#include <nlohmann/json.hpp>

#include "taxa/core/layout.h"

namespace taxa::core {

namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string RoundPath(const std::string& name) {
  return std::string(layout::kCalibrationDir) + name + ".json";
}

Status CheckRoundName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && IsAsciiAlnum(name[0]);
  for (char c : name)
    if (!IsAsciiAlnum(c) && c != '-' && c != '_' && c != '.') ok = false;
  if (!ok)
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
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (!j.is_object()) return Status::InvalidInput(path + ": not a JSON object");
  auto bad = [&](const char* field, const char* what) {
    return Status::InvalidInput(path + ": field \"" + field + "\" " + what);
  };
  auto text = [&](const char* field, bool required, std::string& out) -> Status {
    auto it = j.find(field);
    if (it == j.end()) return required ? bad(field, "is missing") : Status::Ok();
    if (!it->is_string()) return bad(field, "must be a string");
    out = it->get<std::string>();
    return Status::Ok();
  };
  auto texts = [&](const char* field, std::vector<std::string>& out) -> Status {
    auto it = j.find(field);
    if (it == j.end()) return bad(field, "is missing");
    if (!it->is_array()) return bad(field, "must be a list of strings");
    for (const nlohmann::json& v : *it) {
      if (!v.is_string()) return bad(field, "must be a list of strings");
      out.push_back(v.get<std::string>());
    }
    return Status::Ok();
  };
  CalibrationRound r;
  TAXA_RETURN_IF_ERROR(text("name", true, r.name));
  TAXA_RETURN_IF_ERROR(text("created", false, r.created));
  TAXA_RETURN_IF_ERROR(text("created_by", false, r.created_by));
  TAXA_RETURN_IF_ERROR(text("commit", false, r.commit));
  TAXA_RETURN_IF_ERROR(text("taxonomy", false, r.taxonomy));
  TAXA_RETURN_IF_ERROR(text("plan", true, r.plan));
  auto seed = j.find("seed");
  if (seed == j.end()) return bad("seed", "is missing");
  if (!seed->is_number_unsigned()) return bad("seed", "must be a whole number of 0 or more");
  r.seed = seed->get<uint64_t>();
  TAXA_RETURN_IF_ERROR(texts("annotators", r.annotators));
  TAXA_RETURN_IF_ERROR(texts("items", r.items));
  return r;
}

}  // namespace taxa::core
