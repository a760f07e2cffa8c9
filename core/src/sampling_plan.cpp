#include "taxa/core/sampling_plan.h"

#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "taxa/core/layout.h"

namespace taxa::core {

std::string PlanPath(const std::string& name) {
  return std::string(layout::kPlansDir) + name + ".json";
}

std::string EncodePlan(const SamplingPlan& p) {
  nlohmann::ordered_json j;
  j["name"] = p.name;
  j["method"] = p.method;
  j["seed"] = p.seed;
  j["created"] = p.created;
  j["created_by"] = p.created_by;
  j["commit"] = p.commit;
  j["population"] = p.population;
  j["size"] = p.size;
  if (!p.by.empty()) j["by"] = p.by;
  if (!p.allocation.empty()) j["allocation"] = p.allocation;
  if (!p.strata.empty()) {
    j["strata"] = nlohmann::ordered_json::array();
    for (const PlanStratum& s : p.strata)
      j["strata"].push_back({{"name", s.name}, {"population", s.population}, {"drawn", s.drawn}});
  }
  if (p.acceptance) {
    const AcceptancePlan& a = *p.acceptance;
    nlohmann::ordered_json o;
    o["aql"] = a.aql;
    o["level"] = InspectionLevelName(a.level);
    o["lot_code"] = std::string(1, a.lot_code);
    o["code"] = std::string(1, a.code);
    o["n"] = a.n;
    o["ac"] = a.ac;
    o["re"] = a.re;
    o["hundred_percent"] = a.hundred_percent;
    j["acceptance"] = o;
  }
  if (p.zero_acceptance) {
    const ZeroAcceptance& z = *p.zero_acceptance;
    nlohmann::ordered_json o;
    o["confidence"] = z.confidence;
    o["defect_rate"] = z.defect_rate;
    o["n"] = z.n;
    o["hundred_percent"] = z.hundred_percent;
    j["zero_acceptance"] = o;
  }
  if (!p.action.empty()) j["action"] = p.action;
  j["items"] = p.items;
  return j.dump(2) + "\n";
}

namespace {

// The letter of a one-letter string field of `o`, or 0.
char Letter(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string() || it->get<std::string>().size() != 1) return 0;
  return it->get<std::string>()[0];
}

}  // namespace

Result<SamplingPlan> DecodePlan(std::string_view bytes, const std::string& path) {
  if (bytes.find('\0') != std::string_view::npos)
    return Status::InvalidInput(path + ": not valid JSON (a NUL byte)");
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, false);
  if (!j.is_object()) return Status::InvalidInput(path + ": not a JSON object");
  auto bad = [&](const std::string& key, const char* why) {
    return Status::InvalidInput(path + ": field \"" + key + "\" " + why);
  };
  SamplingPlan p;
  for (auto [key, out, required] : {std::tuple{"name", &p.name, true},
                                    {"method", &p.method, true},
                                    {"created", &p.created, false},
                                    {"created_by", &p.created_by, false},
                                    {"commit", &p.commit, false},
                                    {"by", &p.by, false},
                                    {"allocation", &p.allocation, false},
                                    {"action", &p.action, false}}) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required) return bad(key, "is missing");
      continue;
    }
    if (!it->is_string()) return bad(key, "must be a string");
    *out = it->get<std::string>();
  }
  for (auto [key, out] : {std::pair{"seed", &p.seed}, {"population", &p.population},
                          {"size", &p.size}}) {
    auto it = j.find(key);
    if (it == j.end()) return bad(key, "is missing");
    if (!it->is_number_unsigned()) return bad(key, "must be an integer from 0 to 2^64-1");
    *out = it->get<uint64_t>();
  }
  if (auto it = j.find("strata"); it != j.end()) {
    if (!it->is_array()) return bad("strata", "must be an array");
    for (const nlohmann::json& s : *it) {
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string() ||
          !s.contains("population") || !s["population"].is_number_unsigned() ||
          !s.contains("drawn") || !s["drawn"].is_number_unsigned())
        return bad("strata", "must hold {\"name\", \"population\", \"drawn\"} objects");
      p.strata.push_back({s["name"].get<std::string>(), s["population"].get<uint64_t>(),
                          s["drawn"].get<uint64_t>()});
    }
  }
  if (auto it = j.find("acceptance"); it != j.end()) {
    const nlohmann::json& o = *it;
    if (!o.is_object() || !o.contains("aql") || !o["aql"].is_number() || !o.contains("n") ||
        !o["n"].is_number_unsigned() || !o.contains("ac") || !o["ac"].is_number_integer() ||
        !o.contains("re") || !o["re"].is_number_integer() || !o.contains("level") ||
        !o["level"].is_string() || Letter(o, "code") == 0 || Letter(o, "lot_code") == 0)
      return bad("acceptance", "must hold aql, level, lot_code, code, n, ac and re");
    AcceptancePlan a;
    a.aql = o["aql"].get<double>();
    Result<InspectionLevel> level = ParseInspectionLevel(o["level"].get<std::string>());
    if (!level.ok()) return bad("acceptance", "has an unknown level");
    a.level = *level;
    a.lot_code = Letter(o, "lot_code");
    a.code = Letter(o, "code");
    a.table_n = SampleSizeOf(a.code);
    a.n = o["n"].get<uint64_t>();
    a.lot = p.population;
    a.ac = o["ac"].get<int>();
    a.re = o["re"].get<int>();
    a.hundred_percent = o.value("hundred_percent", false);
    p.acceptance = a;
  }
  if (auto it = j.find("zero_acceptance"); it != j.end()) {
    const nlohmann::json& o = *it;
    if (!o.is_object() || !o.contains("confidence") || !o["confidence"].is_number() ||
        !o.contains("defect_rate") || !o["defect_rate"].is_number() || !o.contains("n") ||
        !o["n"].is_number_unsigned())
      return bad("zero_acceptance", "must hold confidence, defect_rate and n");
    p.zero_acceptance = ZeroAcceptance{o["confidence"].get<double>(),
                                       o["defect_rate"].get<double>(), o["n"].get<uint64_t>(),
                                       o.value("hundred_percent", false)};
  }
  auto items = j.find("items");
  if (items == j.end()) return bad("items", "is missing");
  if (!items->is_array()) return bad("items", "must be an array of strings");
  for (const nlohmann::json& v : *items) {
    if (!v.is_string()) return bad("items", "must be an array of strings");
    p.items.push_back(v.get<std::string>());
  }
  return p;
}

}  // namespace taxa::core
