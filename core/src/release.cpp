#include "taxa/core/release.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "json_fields.h"

namespace taxa::core {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A numeric part of a version: digits, no leading zero (semver 2.0, item 2).
bool ParseNumber(std::string_view s, uint64_t& out) {
  if (!IsDigits(s) || (s.size() > 1 && s[0] == '0')) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool ValidIdentifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

// Semver 2.0 item 11.4: identifiers compare numerically when both are
// numbers, numbers sort before words, and a shorter list of equal
// identifiers sorts first.
int ComparePrerelease(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.empty()) return 1;  // a release follows its pre-releases
  if (b.empty()) return -1;
  std::vector<std::string_view> x = Split(a, '.'), y = Split(b, '.');
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    bool xn = IsDigits(x[i]), yn = IsDigits(y[i]);
    if (xn && yn) {
      if (x[i].size() != y[i].size()) return x[i].size() < y[i].size() ? -1 : 1;
      if (int c = x[i].compare(y[i]); c != 0) return c;
    } else if (xn != yn) {
      return xn ? -1 : 1;
    } else if (int c = x[i].compare(y[i]); c != 0) {
      return c < 0 ? -1 : 1;
    }
  }
  return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
}

template <typename T>
int Compare(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

ordered_json Pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  ordered_json out = ordered_json::object();
  for (const auto& [k, v] : pairs) out[k] = v;
  return out;
}

Status ReadPairs(const json& j, const char* key, const Fields& f,
                 std::vector<std::pair<std::string, std::string>>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return f.Bad(std::string("changes.") + key, "must be an object");
  for (const auto& [k, v] : it->items()) {
    if (!v.is_string()) return f.Bad(std::string("changes.") + key + "." + k, "must be a string");
    out.emplace_back(k, v.get<std::string>());
  }
  return Status::Ok();
}

ordered_json Lists(const std::vector<std::pair<std::string, std::vector<std::string>>>& lists) {
  ordered_json out = ordered_json::object();
  for (const auto& [k, v] : lists) out[k] = v;
  return out;
}

// Manifests written before these keys existed have none: that reads as empty.
Status ReadLists(const json& j, const char* key, const Fields& f,
                 std::vector<std::pair<std::string, std::vector<std::string>>>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return f.Bad(std::string("changes.") + key, "must be an object");
  for (const auto& [k, v] : it->items()) {
    std::vector<std::string> ids;
    if (!v.is_array()) return f.Bad(std::string("changes.") + key + "." + k, "must be a list of ids");
    for (const json& id : v) {
      if (!id.is_string())
        return f.Bad(std::string("changes.") + key + "." + k, "must be a list of ids");
      ids.push_back(id.get<std::string>());
    }
    out.emplace_back(k, std::move(ids));
  }
  return Status::Ok();
}

Status ReadFieldChanges(const json& j, const Fields& f, std::vector<CategoryFieldChange>& out) {
  auto it = j.find("fields");
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return f.Bad("changes.fields", "must be an object");
  for (const auto& [id, byfield] : it->items()) {
    if (!byfield.is_object()) return f.Bad("changes.fields." + id, "must be an object");
    for (const auto& [field, change] : byfield.items()) {
      const std::string where = "changes.fields." + id + "." + field;
      if (!change.is_object() || !change.contains("before") || !change.contains("after"))
        return f.Bad(where, "must be an object with \"before\" and \"after\"");
      out.push_back({id, field, change["before"].dump(), change["after"].dump()});
    }
  }
  // In the order DiffTaxonomies gives: by id, then in file order.
  std::map<std::string, size_t> rank;
  for (const auto& [field, value] : CategoryFieldValues(Category{})) rank.emplace(field, rank.size());
  auto rank_of = [&](const std::string& field) {
    auto r = rank.find(field);
    return r == rank.end() ? rank.size() : r->second;
  };
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    if (a.id != b.id) return a.id < b.id;
    size_t x = rank_of(a.field), y = rank_of(b.field);
    return x != y ? x < y : a.field < b.field;
  });
  return Status::Ok();
}

bool SameText(const Category& a, const Category& b) {
  return a.definition == b.definition && a.include == b.include && a.exclude == b.exclude &&
         a.examples == b.examples && a.near_misses == b.near_misses;
}

// The "changes" object of a release manifest, as EncodeChanges writes it.
ordered_json ChangesJson(const TaxonomyChanges& c) {
  ordered_json ch = ordered_json::object();
  ch["added"] = c.added;
  ch["removed"] = c.removed;
  ch["renamed"] = Pairs(c.renamed);
  ch["moved"] = Pairs(c.moved);
  ch["redefined"] = c.redefined;
  ch["deprecated"] = Pairs(c.deprecated);
  ch["merged"] = Lists(c.merged);
  ch["split"] = Lists(c.split);
  ordered_json& fields = ch["fields"];
  fields = ordered_json::object();
  for (const CategoryFieldChange& f : c.fields) {
    ordered_json& one = fields[f.id][f.field];
    // Compact JSON by CategoryFieldChange's contract.
    one["before"] = ordered_json::parse(f.before);
    one["after"] = ordered_json::parse(f.after);
  }
  return ch;
}

}  // namespace

Result<Semver> ParseSemver(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidInput("\"" + std::string(text) +
                                "\" is not a version: write MAJOR.MINOR.PATCH, such as 1.2.0 or "
                                "2.0.0-rc.1");
  };
  Semver v;
  std::string_view core = text;
  if (size_t dash = text.find('-'); dash != std::string_view::npos) {
    core = text.substr(0, dash);
    std::string_view pre = text.substr(dash + 1);
    for (std::string_view id : Split(pre, '.')) {
      if (!ValidIdentifier(id) || (IsDigits(id) && id.size() > 1 && id[0] == '0')) return bad();
    }
    v.prerelease = std::string(pre);
  }
  std::vector<std::string_view> parts = Split(core, '.');
  if (parts.size() != 3 || !ParseNumber(parts[0], v.major) || !ParseNumber(parts[1], v.minor) ||
      !ParseNumber(parts[2], v.patch)) {
    return bad();
  }
  return v;
}

int CompareSemver(const Semver& a, const Semver& b) {
  if (int c = Compare(a.major, b.major)) return c;
  if (int c = Compare(a.minor, b.minor)) return c;
  if (int c = Compare(a.patch, b.patch)) return c;
  return ComparePrerelease(a.prerelease, b.prerelease);
}

std::vector<std::pair<std::string, std::string>> CategoryFieldValues(const Category& c) {
  auto text = [](const std::string& s) { return json(s).dump(); };
  auto list = [](const std::vector<std::string>& v) { return json(v).dump(); };
  return {{"id", text(c.id)},
          {"name", text(c.name)},
          {"parent", text(c.parent)},
          {"status", text(std::string(CategoryStatusName(c.status)))},
          {"replaced_by", text(c.replaced_by)},
          {"split_into", list(c.split_into)},
          {"definition", text(c.definition)},
          {"include", list(c.include)},
          {"exclude", list(c.exclude)},
          {"examples", list(c.examples)},
          {"near_misses", list(c.near_misses)},
          {"attributes", list(c.attributes)},
          {"sensitive", c.sensitive ? "true" : "false"}};
}

TaxonomyChanges DiffTaxonomies(const Taxonomy& before, const Taxonomy& after) {
  TaxonomyChanges out;
  std::map<std::string, std::vector<std::string>> into;  // replacement -> newly deprecated ids
  for (const auto& [id, c] : after.categories()) {
    const Category* old = before.Find(id);
    if (old == nullptr) {
      out.added.push_back(id);
      continue;
    }
    if (old->name != c.name) out.renamed.emplace_back(id, c.name);
    if (old->parent != c.parent) out.moved.emplace_back(id, c.parent);
    if (!SameText(*old, c)) out.redefined.push_back(id);
    if (c.status == CategoryStatus::kDeprecated && old->status != CategoryStatus::kDeprecated) {
      out.deprecated.emplace_back(id, c.replaced_by);
      if (!c.replaced_by.empty()) into[c.replaced_by].push_back(id);
    }
    if (!c.split_into.empty() && old->split_into.empty()) out.split.emplace_back(id, c.split_into);
    if (*old == c) continue;
    std::vector<std::pair<std::string, std::string>> was = CategoryFieldValues(*old);
    std::vector<std::pair<std::string, std::string>> now = CategoryFieldValues(c);
    for (size_t i = 0; i < now.size(); ++i) {
      if (was[i].second != now[i].second)
        out.fields.push_back({id, now[i].first, was[i].second, now[i].second});
    }
  }
  for (auto& [target, ids] : into) {
    if (ids.size() >= 2 || before.Find(target) != nullptr) out.merged.emplace_back(target, ids);
  }
  for (const auto& [id, c] : before.categories())
    if (after.Find(id) == nullptr) out.removed.push_back(id);
  return out;
}

std::map<std::string, std::string> MigrationMap(const Taxonomy& t) {
  std::map<std::string, std::string> out;
  for (const auto& [id, c] : t.categories()) {
    if (c.status != CategoryStatus::kDeprecated || c.replaced_by.empty()) continue;
    std::set<std::string> seen{id};
    std::string target = c.replaced_by;
    for (;;) {
      const Category* next = t.Find(target);
      if (next == nullptr || next->status != CategoryStatus::kDeprecated ||
          next->replaced_by.empty() || !seen.insert(target).second) {
        break;
      }
      target = next->replaced_by;
    }
    out[id] = target;
  }
  return out;
}

std::string ReleasePath(std::string_view version) {
  return std::string(kReleasesDir) + std::string(version) + ".json";
}

std::string EncodeChanges(const TaxonomyChanges& changes) { return ChangesJson(changes).dump(); }

std::string EncodeRelease(const ReleaseManifest& m) {
  ordered_json j;
  j["version"] = m.version;
  j["released"] = m.released;
  j["released_by"] = m.released_by;
  j["commit"] = m.commit;
  j["previous"] = m.previous.empty() ? ordered_json(nullptr) : ordered_json(m.previous);
  j["changelog"] = m.changelog;
  j["approvals"] = m.approvals;
  j["categories"] = m.categories;
  j["deprecated"] = m.deprecated;
  j["changes"] = ChangesJson(m.changes);
  ordered_json& mig = j["migration"];
  mig = ordered_json::object();
  for (const auto& [from, to] : m.migration) mig[from] = to;
  return Dump(j);
}

Result<ReleaseManifest> DecodeRelease(std::string_view bytes, std::string_view path) {
  TAXA_ASSIGN_OR_RETURN(json j, ParseObject(bytes, path));
  Fields f(j, path);
  ReleaseManifest m;
  TAXA_RETURN_IF_ERROR(f.String("version", m.version, true));
  if (!ParseSemver(m.version).ok()) return f.Bad("version", "is not MAJOR.MINOR.PATCH");
  TAXA_RETURN_IF_ERROR(f.String("released", m.released, false));
  TAXA_RETURN_IF_ERROR(f.String("released_by", m.released_by, false));
  TAXA_RETURN_IF_ERROR(f.String("commit", m.commit, true));
  TAXA_RETURN_IF_ERROR(f.String("previous", m.previous, false));
  TAXA_RETURN_IF_ERROR(f.String("changelog", m.changelog, false));
  TAXA_RETURN_IF_ERROR(f.Strings("approvals", m.approvals));
  for (auto [key, out] : {std::pair{"categories", &m.categories}, {"deprecated", &m.deprecated}}) {
    auto it = j.find(key);
    if (it == j.end()) continue;
    if (!it->is_number_unsigned()) return f.Bad(key, "must be a count");
    *out = it->get<size_t>();
  }
  if (auto ch = j.find("changes"); ch != j.end() && !ch->is_null()) {
    if (!ch->is_object()) return f.Bad("changes", "must be an object");
    Fields c(*ch, path);
    TAXA_RETURN_IF_ERROR(c.Strings("added", m.changes.added));
    TAXA_RETURN_IF_ERROR(c.Strings("removed", m.changes.removed));
    TAXA_RETURN_IF_ERROR(c.Strings("redefined", m.changes.redefined));
    TAXA_RETURN_IF_ERROR(ReadPairs(*ch, "renamed", f, m.changes.renamed));
    TAXA_RETURN_IF_ERROR(ReadPairs(*ch, "moved", f, m.changes.moved));
    TAXA_RETURN_IF_ERROR(ReadPairs(*ch, "deprecated", f, m.changes.deprecated));
    TAXA_RETURN_IF_ERROR(ReadLists(*ch, "merged", f, m.changes.merged));
    TAXA_RETURN_IF_ERROR(ReadLists(*ch, "split", f, m.changes.split));
    TAXA_RETURN_IF_ERROR(ReadFieldChanges(*ch, f, m.changes.fields));
  }
  if (auto mig = j.find("migration"); mig != j.end() && !mig->is_null()) {
    if (!mig->is_object()) return f.Bad("migration", "must be an object");
    for (const auto& [k, v] : mig->items()) {
      if (!v.is_string()) return f.Bad("migration." + k, "must be a string");
      m.migration[k] = v.get<std::string>();
    }
  }
  size_t slash = path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (file != m.version + ".json")
    return f.Bad("version", "is \"" + m.version + "\" but the file is named otherwise");
  return m;
}

}  // namespace taxa::core
