#include "taxa/core/taxonomy_codec.h"

#include <nlohmann/json.hpp>

#include "json_fields.h"
#include "taxa/core/layout.h"

namespace taxa::core {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// The id a file's name promises: "taxonomy/categories/<id>.json".
std::string IdFromPath(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return std::string(layout::JsonFileStem(name, "").value_or(name));
}

}  // namespace

std::string CategoryPath(std::string_view id) {
  return std::string(kCategoriesDir) + std::string(id) + ".json";
}
std::string AttributePath(std::string_view id) {
  return std::string(kAttributesDir) + std::string(id) + ".json";
}

std::string EncodeCategory(const Category& c) {
  ordered_json j;
  j["id"] = c.id;
  j["name"] = c.name;
  j["parent"] = c.parent.empty() ? ordered_json(nullptr) : ordered_json(c.parent);
  j["status"] = std::string(CategoryStatusName(c.status));
  if (!c.replaced_by.empty()) j["replaced_by"] = c.replaced_by;
  if (!c.split_into.empty()) j["split_into"] = c.split_into;
  j["definition"] = c.definition;
  j["include"] = c.include;
  j["exclude"] = c.exclude;
  j["examples"] = c.examples;
  j["near_misses"] = c.near_misses;
  j["attributes"] = c.attributes;
  j["sensitive"] = c.sensitive;
  return Dump(j);
}

Result<Category> DecodeCategory(std::string_view bytes, std::string_view path) {
  TAXA_ASSIGN_OR_RETURN(json j, ParseObject(bytes, path));
  Fields f(j, path);
  Category c;
  TAXA_RETURN_IF_ERROR(f.String("id", c.id, true));
  TAXA_RETURN_IF_ERROR(f.String("name", c.name, true));
  TAXA_RETURN_IF_ERROR(f.String("parent", c.parent, false));
  std::string status = "active";
  TAXA_RETURN_IF_ERROR(f.String("status", status, false));
  Result<CategoryStatus> st = ParseCategoryStatus(status);
  if (!st.ok()) return f.Bad("status", "must be draft, active or deprecated");
  c.status = *st;
  TAXA_RETURN_IF_ERROR(f.String("replaced_by", c.replaced_by, false));
  TAXA_RETURN_IF_ERROR(f.Strings("split_into", c.split_into));
  TAXA_RETURN_IF_ERROR(f.String("definition", c.definition, false));
  TAXA_RETURN_IF_ERROR(f.Strings("include", c.include));
  TAXA_RETURN_IF_ERROR(f.Strings("exclude", c.exclude));
  TAXA_RETURN_IF_ERROR(f.Strings("examples", c.examples));
  TAXA_RETURN_IF_ERROR(f.Strings("near_misses", c.near_misses));
  TAXA_RETURN_IF_ERROR(f.Strings("attributes", c.attributes));
  TAXA_RETURN_IF_ERROR(f.Bool("sensitive", c.sensitive));
  if (Status s = CheckId(c.id, "category"); !s.ok()) return f.Bad("id", s.message());
  if (c.id != IdFromPath(path))
    return f.Bad("id", "is \"" + c.id + "\" but the file is named for \"" + IdFromPath(path) + "\"");
  return c;
}

std::string EncodeAttribute(const Attribute& a) {
  ordered_json j;
  j["id"] = a.id;
  j["name"] = a.name;
  j["type"] = std::string(AttributeTypeName(a.type));
  if (a.type == AttributeType::kEnum) j["values"] = a.values;
  j["description"] = a.description;
  return Dump(j);
}

Result<Attribute> DecodeAttribute(std::string_view bytes, std::string_view path) {
  TAXA_ASSIGN_OR_RETURN(json j, ParseObject(bytes, path));
  Fields f(j, path);
  Attribute a;
  TAXA_RETURN_IF_ERROR(f.String("id", a.id, true));
  TAXA_RETURN_IF_ERROR(f.String("name", a.name, false));
  std::string type;
  TAXA_RETURN_IF_ERROR(f.String("type", type, true));
  Result<AttributeType> t = ParseAttributeType(type);
  if (!t.ok()) return f.Bad("type", "must be enum, bool, number or text");
  a.type = *t;
  TAXA_RETURN_IF_ERROR(f.Strings("values", a.values));
  TAXA_RETURN_IF_ERROR(f.String("description", a.description, false));
  if (a.id != IdFromPath(path))
    return f.Bad("id", "is \"" + a.id + "\" but the file is named for \"" + IdFromPath(path) + "\"");
  return a;
}

Result<Taxonomy> DecodeTaxonomy(const std::map<std::string, std::string>& files) {
  // Loaded without the mutators' checks: a taxonomy broken by hand must still
  // load so that `validate` can list every problem and a lead can repair it.
  std::vector<Attribute> attributes;
  std::vector<Category> categories;
  for (const auto& [path, bytes] : files) {
    if (layout::JsonFileStem(path, kAttributesDir)) {
      TAXA_ASSIGN_OR_RETURN(Attribute a, DecodeAttribute(bytes, path));
      attributes.push_back(std::move(a));
    } else if (layout::JsonFileStem(path, kCategoriesDir)) {
      TAXA_ASSIGN_OR_RETURN(Category c, DecodeCategory(bytes, path));
      categories.push_back(std::move(c));
    }
  }
  return Taxonomy::FromParts(std::move(categories), std::move(attributes));
}

Result<Taxonomy> DecodeTaxonomyDocument(std::string_view bytes, std::string_view name) {
  TAXA_ASSIGN_OR_RETURN(json doc, ParseObject(bytes, name));
  std::vector<Attribute> attributes;
  std::vector<Category> categories;
  for (const char* key : {"attributes", "categories"}) {
    auto list = doc.find(key);
    if (list == doc.end()) continue;
    if (!list->is_array())
      return Status::InvalidInput(std::string(name) + ": field \"" + key + "\" must be an array");
    for (size_t i = 0; i < list->size(); ++i) {
      const json& element = (*list)[i];
      std::string where = std::string(name) + ": " + key + "[" + std::to_string(i) + "]";
      if (!element.is_object()) return Status::InvalidInput(where + ": expected an object");
      std::string id = element.contains("id") && element["id"].is_string()
                           ? element["id"].get<std::string>() : "";
      std::string text = element.dump();
      // Decode as the file it would be stored in, so the rules are the same.
      if (std::string_view(key) == "attributes") {
        Result<Attribute> a = DecodeAttribute(text, AttributePath(id));
        if (!a.ok()) return a.status().WithPrefix(where);
        attributes.push_back(std::move(*a));
      } else {
        Result<Category> c = DecodeCategory(text, CategoryPath(id));
        if (!c.ok()) return c.status().WithPrefix(where);
        categories.push_back(std::move(*c));
      }
    }
  }
  Taxonomy t = Taxonomy::FromParts(std::move(categories), std::move(attributes));
  std::vector<std::string> problems = t.Validate();
  if (!problems.empty()) return Status::InvalidInput(std::string(name) + ": " + problems.front());
  return t;
}

std::string EncodeTaxonomyDocument(const Taxonomy& t) {
  std::string out = "{\n  \"attributes\": [";
  bool first = true;
  for (const auto& [id, a] : t.attributes()) {
    out += (first ? "\n" : ",\n") + EncodeAttribute(a);
    first = false;
  }
  out += "],\n  \"categories\": [";
  first = true;
  for (const auto& [id, depth] : t.TreeOrder()) {
    out += (first ? "\n" : ",\n") + EncodeCategory(*t.Find(id));
    first = false;
  }
  return out + "]\n}\n";
}

std::map<std::string, std::string> EncodeTaxonomy(const Taxonomy& t) {
  std::map<std::string, std::string> files;
  for (const auto& [id, c] : t.categories()) files[CategoryPath(id)] = EncodeCategory(c);
  for (const auto& [id, a] : t.attributes()) files[AttributePath(id)] = EncodeAttribute(a);
  return files;
}

namespace {

// "vendors" when some vendor has terms: the short form for those without,
// the long form for those with (VendorTerms).
ordered_json EncodeVendors(const ProjectSettings& s) {
  ordered_json out = ordered_json::object();
  std::set<std::string> names;
  for (const auto& [vendor, members] : s.vendors) names.insert(vendor);
  for (const auto& [vendor, terms] : s.vendor_terms) names.insert(vendor);
  static const std::set<std::string> kNone;
  for (const std::string& vendor : names) {
    auto m = s.vendors.find(vendor);
    const std::set<std::string>& members = m == s.vendors.end() ? kNone : m->second;
    auto t = s.vendor_terms.find(vendor);
    if (t == s.vendor_terms.end() || t->second.empty()) {
      if (!members.empty()) out[vendor] = members;
      continue;
    }
    const VendorTerms& terms = t->second;
    ordered_json v = ordered_json::object();
    v["annotators"] = members;
    if (!terms.teams.empty()) v["teams"] = terms.teams;
    if (terms.rate) {
      ordered_json r = ordered_json::object();
      r["amount"] = terms.rate->amount;
      r["per"] = terms.rate->per;
      if (!terms.rate->currency.empty()) r["currency"] = terms.rate->currency;
      v["rate"] = r;
    }
    if (!terms.targets.empty()) {
      ordered_json g = ordered_json::object();
      if (terms.targets.accuracy) g["accuracy"] = *terms.targets.accuracy;
      if (terms.targets.agreement) g["agreement"] = *terms.targets.agreement;
      if (terms.targets.items_per_hour) g["items_per_hour"] = *terms.targets.items_per_hour;
      if (terms.targets.turnaround_hours) g["turnaround_hours"] = *terms.targets.turnaround_hours;
      v["targets"] = g;
    }
    out[vendor] = v;
  }
  return out;
}

// One vendor's long form {"annotators", "teams", "rate", "targets"} into
// `members` and `terms`.
Status DecodeVendorTerms(const Fields& f, const std::string& vendor, const json& v,
                         std::vector<std::string>& members, VendorTerms& terms) {
  const std::string where = "entry \"" + vendor + "\"";
  for (const auto& [key, value] : v.items())
    if (key != "annotators" && key != "teams" && key != "rate" && key != "targets")
      return f.Bad("vendors", where + " has the unknown field \"" + key +
                                  "\" (expected annotators, teams, rate, targets)");
  auto names_of = [&](const json& list, std::vector<std::string>& out) {
    if (!list.is_array()) return false;
    for (const json& m : list) {
      if (!m.is_string()) return false;
      out.push_back(m.get<std::string>());
    }
    return true;
  };
  if (auto a = v.find("annotators"); a != v.end() && !names_of(*a, members))
    return f.Bad("vendors", where + ": \"annotators\" must be an array of names");
  const std::set<std::string> known(members.begin(), members.end());
  if (auto t = v.find("teams"); t != v.end()) {
    if (!t->is_object()) return f.Bad("vendors", where + ": \"teams\" must be an object {team: [annotators]}");
    std::map<std::string, std::string> team_of;
    for (const auto& [team, list] : t->items()) {
      std::vector<std::string> names;
      if (!names_of(list, names) || names.empty())
        return f.Bad("vendors", where + ": team \"" + team + "\" must be a non-empty array of annotators");
      for (const std::string& name : names) {
        if (!known.count(name))
          return f.Bad("vendors", where + ": team \"" + team + "\" lists \"" + name +
                                      "\", who is not one of the vendor's annotators");
        auto [it, added] = team_of.emplace(name, team);
        if (!added && it->second != team)
          return f.Bad("vendors", where + " lists \"" + name + "\" in both teams \"" + it->second +
                                      "\" and \"" + team + "\"");
        terms.teams[team].insert(name);
      }
    }
  }
  if (auto r = v.find("rate"); r != v.end()) {
    if (!r->is_object()) return f.Bad("vendors", where + ": \"rate\" must be an object {amount, per, currency}");
    VendorRate rate;
    for (const auto& [key, value] : r->items())
      if (key != "amount" && key != "per" && key != "currency")
        return f.Bad("vendors", where + ": \"rate\" has the unknown field \"" + key +
                                    "\" (expected amount, per, currency)");
    auto amount = r->find("amount");
    if (amount == r->end() || !amount->is_number() || amount->get<double>() < 0)
      return f.Bad("vendors", where + ": \"rate\".\"amount\" must be a number >= 0");
    rate.amount = amount->get<double>();
    auto per = r->find("per");
    if (per == r->end() || !per->is_string() ||
        (per->get<std::string>() != "item" && per->get<std::string>() != "hour"))
      return f.Bad("vendors", where + ": \"rate\".\"per\" must be \"item\" or \"hour\"");
    rate.per = per->get<std::string>();
    if (auto c = r->find("currency"); c != r->end()) {
      if (!c->is_string()) return f.Bad("vendors", where + ": \"rate\".\"currency\" must be a string");
      rate.currency = c->get<std::string>();
    }
    terms.rate = rate;
  }
  if (auto g = v.find("targets"); g != v.end()) {
    if (!g->is_object()) return f.Bad("vendors", where + ": \"targets\" must be an object");
    for (const auto& [key, value] : g->items()) {
      std::optional<double>* slot = key == "accuracy"           ? &terms.targets.accuracy
                                    : key == "agreement"        ? &terms.targets.agreement
                                    : key == "items_per_hour"   ? &terms.targets.items_per_hour
                                    : key == "turnaround_hours" ? &terms.targets.turnaround_hours
                                                                : nullptr;
      if (slot == nullptr)
        return f.Bad("vendors", where + ": \"targets\" has the unknown field \"" + key +
                                    "\" (expected accuracy, agreement, items_per_hour, turnaround_hours)");
      const bool share = key == "accuracy" || key == "agreement";
      if (!value.is_number() || (share && (value.get<double>() < 0 || value.get<double>() > 1)) ||
          (!share && !(value.get<double>() > 0)))
        return f.Bad("vendors", where + ": target \"" + key + "\" must be a number " +
                                    (share ? "from 0 to 1" : "above 0"));
      *slot = value.get<double>();
    }
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeSettings(const ProjectSettings& s) {
  ordered_json j;
  j["format"] = s.format;
  j["id"] = s.id;
  j["name"] = s.name;
  j["created"] = s.created;
  j["roles"] = ordered_json::object();  // sorted by name, then role
  if (s.roles_old_form) {
    std::map<std::string, std::set<std::string>> holders;  // role -> people
    for (const auto& [person, roles] : s.roles)
      for (const std::string& role : roles) holders[role].insert(person);
    j["roles"] = holders;
  } else {
    for (const auto& [person, roles] : s.roles) j["roles"][person] = roles;
  }
  j["quality_targets"] = ordered_json::parse(s.quality_targets_json);
  // Written only when set, so projects without vendors keep their bytes.
  bool has_terms = false;
  for (const auto& [vendor, terms] : s.vendor_terms) has_terms = has_terms || !terms.empty();
  if (!has_terms) {
    std::map<std::string, std::set<std::string>> listed;  // a vendor with no one is left out
    for (const auto& [vendor, members] : s.vendors)
      if (!members.empty()) listed.emplace(vendor, members);
    if (!listed.empty()) j["vendors"] = listed;  // sorted by vendor, then annotator
  } else {
    j["vendors"] = EncodeVendors(s);
  }
  if (!s.blind_labels) j["blind_labels"] = false;
  if (!s.signing_keys.empty()) j["signing_keys"] = s.signing_keys;  // sorted by person
  if (s.error_types) {
    j["error_types"] = ordered_json::array();  // in the order given
    for (const ErrorType& e : *s.error_types)
      j["error_types"].push_back(
          ordered_json{{"id", e.id}, {"name", e.name}, {"description", e.description}});
  }
  return Dump(j);
}

const std::vector<ErrorType>& DefaultErrorTypes() {
  static const std::vector<ErrorType> defaults = {
      {"wrong-category", "Wrong category", "A category was chosen that does not apply."},
      {"missed-category", "Missed category", "A category that applies was left out."},
      {"missed-attribute", "Missed attribute",
       "An attribute the category asks for was left out."},
      {"wrong-attribute", "Wrong attribute", "An attribute value is wrong."},
      {"guideline-ambiguous", "Guideline ambiguous",
       "The definition or rules allow more than one reading; the guideline needs work."},
      {"guideline-not-followed", "Guideline not followed",
       "An include or exclude rule was not applied."},
      {"item-unusable", "Item unusable",
       "The item cannot be labeled (empty, unreadable, wrong language, duplicate)."},
  };
  return defaults;
}

const std::vector<ErrorType>& ErrorTypesOf(const ProjectSettings& settings) {
  return settings.error_types ? *settings.error_types : DefaultErrorTypes();
}

namespace {

bool IsRoleName(std::string_view name) {
  for (std::string_view r : kRoleNames)
    if (r == name) return true;
  return false;
}

// taxa.json's "roles" into s.roles (see DecodeSettings for the two forms).
Status DecodeRoles(const json& j, const Fields& f, ProjectSettings& s) {
  auto it = j.find("roles");
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return f.Bad("roles", "must be an object {person: [roles]}");
  bool keys_are_roles = true, names_someone = false;
  for (const auto& [key, list] : it->items()) {
    if (!list.is_array())
      return f.Bad("roles", "entry \"" + key + "\" must be an array of role names");
    for (const json& v : list) {
      if (!v.is_string())
        return f.Bad("roles", "entry \"" + key + "\" must be an array of role names");
      if (!IsRoleName(v.get<std::string>())) names_someone = true;
    }
    if (!IsRoleName(key)) keys_are_roles = false;
  }
  s.roles_old_form = keys_are_roles && names_someone;
  for (const auto& [key, list] : it->items()) {
    for (const json& v : list) {
      const std::string value = v.get<std::string>();
      if (s.roles_old_form) {
        s.roles[value].insert(key);
        continue;
      }
      if (!IsRoleName(value)) {
        std::string known;
        for (std::string_view r : kRoleNames) known += (known.empty() ? "" : ", ") + std::string(r);
        return f.Bad("roles", "gives \"" + key + "\" the unknown role \"" + value +
                                  "\" (roles: " + known + ")");
      }
      s.roles[key].insert(value);
    }
    if (!s.roles_old_form && list.empty()) s.roles[key];  // a person listed without a role
  }
  return Status::Ok();
}

// taxa.json's "error_types" into s.error_types (left nullopt when absent).
Status DecodeErrorTypes(const json& j, const Fields& f, ProjectSettings& s) {
  auto it = j.find("error_types");
  if (it == j.end() || it->is_null()) return Status::Ok();
  const char* shape = "must be an array of {\"id\", \"name\", \"description\"}";
  if (!it->is_array()) return f.Bad("error_types", shape);
  std::vector<ErrorType> types;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    std::string where = "entry " + std::to_string(i + 1);
    if (!e.is_object()) return f.Bad("error_types", where + " " + shape);
    ErrorType t;
    for (const auto& [key, value] : e.items()) {
      std::string* field = key == "id"            ? &t.id
                           : key == "name"        ? &t.name
                           : key == "description" ? &t.description
                                                  : nullptr;
      if (field == nullptr)
        return f.Bad("error_types", where + " has the unknown field \"" + key + "\"");
      if (!value.is_string())
        return f.Bad("error_types", where + ": \"" + key + "\" must be a string");
      *field = value.get<std::string>();
    }
    Status id = CheckId(t.id, "error type");
    if (!id.ok()) return f.Bad("error_types", where + ": " + id.message());
    if (t.name.empty()) return f.Bad("error_types", where + " (\"" + t.id + "\") has no name");
    for (const ErrorType& before : types)
      if (before.id == t.id)
        return f.Bad("error_types", "names \"" + t.id + "\" twice");
    types.push_back(std::move(t));
  }
  s.error_types = std::move(types);
  return Status::Ok();
}

}  // namespace

Result<ProjectSettings> DecodeSettings(std::string_view bytes) {
  const std::string path(kSettingsPath);
  TAXA_ASSIGN_OR_RETURN(json j, ParseObject(bytes, path));
  Fields f(j, path);
  ProjectSettings s;
  auto format = j.find("format");
  if (format == j.end() || !format->is_number_integer())
    return f.Bad("format", "must be an integer");
  // Compared as written, before it is narrowed to an int: 4294967297 is not 1.
  if (format->is_number_unsigned() && format->get<uint64_t>() > uint64_t{kFormatVersion})
    return f.Bad("format", "is " + format->dump() + ", newer than this Taxa understands (" +
                               std::to_string(kFormatVersion) + "); upgrade Taxa");
  if (format->get<int64_t>() < 1)
    return f.Bad("format", "is " + format->dump() + "; it starts at 1");
  s.format = static_cast<int>(format->get<int64_t>());
  TAXA_RETURN_IF_ERROR(f.String("id", s.id, true));
  TAXA_RETURN_IF_ERROR(f.String("name", s.name, true));
  TAXA_RETURN_IF_ERROR(f.String("created", s.created, false));
  TAXA_RETURN_IF_ERROR(DecodeRoles(j, f, s));
  TAXA_RETURN_IF_ERROR(f.Object("quality_targets", s.quality_targets_json));
  // Kept verbatim: in the order written, not re-sorted.
  ordered_json ordered = ordered_json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (ordered.contains("quality_targets")) s.quality_targets_json = ordered["quality_targets"].dump();
  if (auto b = j.find("blind_labels"); b != j.end()) {
    if (!b->is_boolean()) return f.Bad("blind_labels", "must be true or false");
    s.blind_labels = b->get<bool>();
  }
  if (auto v = j.find("vendors"); v != j.end() && !v->is_null()) {
    if (!v->is_object()) return f.Bad("vendors", "must be an object {vendor: [annotators]}");
    for (const auto& [vendor, members] : v->items()) {
      // Read from the entry itself, never looked up again by name: a name
      // holding a NUL byte would find another entry through c_str().
      std::vector<std::string> names;
      if (members.is_object()) {
        VendorTerms terms;
        TAXA_RETURN_IF_ERROR(DecodeVendorTerms(f, vendor, members, names, terms));
        s.vendors[vendor];  // listed, perhaps with no annotators yet
        if (!terms.empty()) s.vendor_terms[vendor] = std::move(terms);
      } else {
        if (members.is_array())
          for (const json& m : members)
            if (m.is_string()) names.push_back(m.get<std::string>());
        if (!members.is_array() || names.empty() || names.size() != members.size())
          return f.Bad("vendors", "entry \"" + vendor +
                                      "\" must be a non-empty array of annotators or an object "
                                      "{annotators, teams, rate, targets}");
      }
      for (const std::string& name : names) {
        for (const auto& [other, others] : s.vendors)
          if (other != vendor && others.count(name))
            return f.Bad("vendors", "lists annotator \"" + name + "\" under both \"" + other +
                                        "\" and \"" + vendor + "\"");
        s.vendors[vendor].insert(name);
      }
    }
  }
  if (auto k = j.find("signing_keys"); k != j.end() && !k->is_null()) {
    if (!k->is_object())
      return f.Bad("signing_keys", "must be an object {person: [\"ssh-ed25519 AAAA...\"]}");
    for (const auto& [person, keys] : k->items()) {
      if (!keys.is_array() || keys.empty())
        return f.Bad("signing_keys", "entry \"" + person + "\" must be a non-empty array of keys");
      for (const json& key : keys) {
        // The key itself is checked where it is used (sync/ssh_signature.h).
        if (!key.is_string() || !key.get<std::string>().starts_with("ssh-ed25519 "))
          return f.Bad("signing_keys", "entry \"" + person +
                                           "\" holds " + key.dump() +
                                           ", not an \"ssh-ed25519 AAAA...\" public key");
        s.signing_keys[person].push_back(key.get<std::string>());
      }
    }
  }
  TAXA_RETURN_IF_ERROR(DecodeErrorTypes(j, f, s));
  return s;
}

}  // namespace taxa::core
