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

bool SameText(const Category& a, const Category& b) {
  return a.definition == b.definition && a.include == b.include && a.exclude == b.exclude &&
         a.examples == b.examples && a.near_misses == b.near_misses;
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

TaxonomyChanges DiffTaxonomies(const Taxonomy& before, const Taxonomy& after) {
  TaxonomyChanges out;
  for (const auto& [id, c] : after.categories()) {
    const Category* old = before.Find(id);
    if (old == nullptr) {
      out.added.push_back(id);
      continue;
    }
    if (old->name != c.name) out.renamed.emplace_back(id, c.name);
    if (old->parent != c.parent) out.moved.emplace_back(id, c.parent);
    if (!SameText(*old, c)) out.redefined.push_back(id);
    if (c.status == CategoryStatus::kDeprecated && old->status != CategoryStatus::kDeprecated)
      out.deprecated.emplace_back(id, c.replaced_by);
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
  ordered_json& ch = j["changes"];
  ch["added"] = m.changes.added;
  ch["removed"] = m.changes.removed;
  ch["renamed"] = Pairs(m.changes.renamed);
  ch["moved"] = Pairs(m.changes.moved);
  ch["redefined"] = m.changes.redefined;
  ch["deprecated"] = Pairs(m.changes.deprecated);
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
