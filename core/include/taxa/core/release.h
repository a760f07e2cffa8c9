// Taxonomy releases: a released version is a manifest file,
// taxonomy/releases/<version>.json, that names the version (semver), who
// released it and when, the commit it was cut from, its changelog and
// approvals, what changed since the previous release, and the migration map
// that carries labels made under an older version forward.
//
//   TAXA_ASSIGN_OR_RETURN(Semver v, ParseSemver("1.2.0"));
//   ReleaseManifest m{.version = "1.2.0", ...};
//   m.changes = DiffTaxonomies(previous, current);
//   files.push_back({ReleasePath(m.version), EncodeRelease(m)});
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {

inline constexpr std::string_view kReleasesDir = "taxonomy/releases/";

// MAJOR.MINOR.PATCH with an optional -prerelease; build metadata (+...) is
// not accepted, since it would make two file names one version.
struct Semver {
  uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;  // "" for a release; compared as semver 2.0 says
};

// kInvalidInput naming `text` when it is not a version as above.
Result<Semver> ParseSemver(std::string_view text);
// Negative, zero or positive as a precedes, equals or follows b (semver 2.0
// precedence: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-beta < 1.0.0).
int CompareSemver(const Semver& a, const Semver& b);

// One field of a category that differs between two versions. Values are
// compact JSON ("\"Refunds\"", "[\"a\",\"b\"]", "true"), as
// CategoryFieldValues gives them.
struct CategoryFieldChange {
  std::string id;
  std::string field;
  std::string before;
  std::string after;
  bool operator==(const CategoryFieldChange&) const = default;
};

// What changed in the taxonomy between two versions, by category id.
struct TaxonomyChanges {
  std::vector<std::string> added;
  std::vector<std::string> removed;  // files deleted (rare: categories are deprecated)
  std::vector<std::pair<std::string, std::string>> renamed;  // id -> new name
  std::vector<std::pair<std::string, std::string>> moved;    // id -> new parent ("" = root)
  std::vector<std::string> redefined;  // definition, rules or examples changed
  std::vector<std::pair<std::string, std::string>> deprecated;  // id -> replacement ("" = none)
  // Replacement -> the ids newly deprecated into it, when they are two or
  // more, or when the replacement was already a category before (one
  // category folded into an existing one). Those ids are in `deprecated` too.
  std::vector<std::pair<std::string, std::vector<std::string>>> merged;
  // Id -> its parts, for each category whose split_into became set.
  std::vector<std::pair<std::string, std::vector<std::string>>> split;
  // Every field that changed of each category present in both versions,
  // by id then in CategoryFieldValues order.
  std::vector<CategoryFieldChange> fields;
  bool empty() const {
    return added.empty() && removed.empty() && renamed.empty() && moved.empty() &&
           redefined.empty() && deprecated.empty() && merged.empty() && split.empty() &&
           fields.empty();
  }
};

// Every field of a category file, in file order, each with its value as
// compact JSON: id, name, parent, status, replaced_by, split_into,
// definition, include, exclude, examples, near_misses, attributes,
// sensitive (fields left out of the file are given with their empty value).
std::vector<std::pair<std::string, std::string>> CategoryFieldValues(const Category& c);

// The changes from `before` to `after`, each list sorted by id.
TaxonomyChanges DiffTaxonomies(const Taxonomy& before, const Taxonomy& after);

struct ReleaseManifest {
  std::string version;      // semver, also the file name
  std::string released;     // ISO 8601 UTC
  std::string released_by;
  std::string commit;       // the commit the release was cut from (its taxonomy is the release's)
  std::string previous;     // the version released before, "" for the first
  std::string changelog;
  std::vector<std::string> approvals;  // who approved it
  size_t categories = 0;    // active and draft categories
  size_t deprecated = 0;    // deprecated categories
  TaxonomyChanges changes;  // since `previous` (since nothing: every category added)
  // Old category id -> the id labels made under it map to: every deprecated
  // category with a replacement, followed to the end of its replacement
  // chain. Labels under other ids keep their id.
  std::map<std::string, std::string> migration;
};

std::string ReleasePath(std::string_view version);

// The migration map of `t`: each deprecated category with a replacement
// mapped to the first non-deprecated category along its replacement chain
// (a chain that loops or ends in a deprecated category without replacement
// maps to its last category before the loop or dead end).
std::map<std::string, std::string> MigrationMap(const Taxonomy& t);

// The changes as the manifest's "changes" object holds them, compact JSON.
std::string EncodeChanges(const TaxonomyChanges& changes);

// Pretty JSON with a fixed key order. DecodeRelease is its inverse; errors
// are kInvalidInput naming `path` and the field.
std::string EncodeRelease(const ReleaseManifest& m);
Result<ReleaseManifest> DecodeRelease(std::string_view bytes, std::string_view path);

}  // namespace taxa::core
