// Reading and writing the taxonomy and project settings as files.
//
// Each category is one pretty-printed JSON file with a fixed key order, so
// saving an unchanged taxonomy writes identical bytes and `git diff` shows one
// field per line. Paths follow DESIGN.md:
//   taxonomy/categories/<id>.json, taxonomy/attributes/<id>.json, taxa.json
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {

inline constexpr std::string_view kCategoriesDir = "taxonomy/categories/";
inline constexpr std::string_view kAttributesDir = "taxonomy/attributes/";
inline constexpr std::string_view kSettingsPath = "taxa.json";
inline constexpr int kFormatVersion = 1;

std::string CategoryPath(std::string_view id);
std::string AttributePath(std::string_view id);

std::string EncodeCategory(const Category& c);
std::string EncodeAttribute(const Attribute& a);
// Parse one file; errors name `path` and the field ("taxonomy/categories/x.json:
// field \"name\" must be a string").
Result<Category> DecodeCategory(std::string_view bytes, std::string_view path);
Result<Attribute> DecodeAttribute(std::string_view bytes, std::string_view path);

// Builds a taxonomy from every file under taxonomy/ (path -> bytes). Fails on
// the first unreadable file; does not run Validate(), so a taxonomy broken by
// hand can still be loaded, shown and repaired.
Result<Taxonomy> DecodeTaxonomy(const std::map<std::string, std::string>& files);
// The files that represent `t`, path -> bytes.
std::map<std::string, std::string> EncodeTaxonomy(const Taxonomy& t);

// Reads a whole taxonomy from one JSON document (as shipped with the demo or
// exchanged between tools): {"attributes": [...], "categories": [...]} where
// each element has the fields of a category or attribute file. Errors name
// `name` and the element ("demo/taxonomy.json: categories[3]: field ...").
// The result passes Validate().
Result<Taxonomy> DecodeTaxonomyDocument(std::string_view bytes, std::string_view name);
// The document DecodeTaxonomyDocument reads: the attributes by id, then the
// categories in tree order (Taxonomy::TreeOrder), each element the bytes of
// its file (EncodeAttribute, EncodeCategory).
std::string EncodeTaxonomyDocument(const Taxonomy& t);

// One kind of error a reviewer may record against a label (taxa.json
// "error_types"): the error taxonomy of second-pass review.
struct ErrorType {
  std::string id;  // as a category id (CheckId): a-z, 0-9, '_', '.', '-'
  std::string name;
  std::string description;
  bool operator==(const ErrorType&) const = default;
};

// The error types a project has while taxa.json names none: wrong-category,
// missed-category, missed-attribute, wrong-attribute, guideline-ambiguous,
// guideline-not-followed, item-unusable.
const std::vector<ErrorType>& DefaultErrorTypes();

// What a vendor is paid and held to (taxa.json "vendors", the long form).
struct VendorRate {
  double amount = 0;     // >= 0
  std::string per;       // "item" (per current label delivered) or "hour" (of recorded time)
  std::string currency;  // free text such as "USD"; may be empty
  bool operator==(const VendorRate&) const = default;
};
struct VendorTargets {
  std::optional<double> accuracy;          // against gold, 0..1
  std::optional<double> agreement;         // with peers, 0..1
  std::optional<double> items_per_hour;    // > 0
  std::optional<double> turnaround_hours;  // > 0
  bool operator==(const VendorTargets&) const = default;
  bool empty() const { return !accuracy && !agreement && !items_per_hour && !turnaround_hours; }
};
struct VendorTerms {
  // team -> its annotators, each one of the vendor's annotators and in at
  // most one team of it.
  std::map<std::string, std::set<std::string>> teams;
  std::optional<VendorRate> rate;
  VendorTargets targets;
  bool operator==(const VendorTerms&) const = default;
  bool empty() const { return teams.empty() && !rate && targets.empty(); }
};

struct ProjectSettings {
  int format = kFormatVersion;
  std::string id;    // random, fixed at init
  std::string name;
  std::string created;  // ISO 8601 UTC
  // person -> roles ("roles": {"ana": ["lead"], "cy": ["compliance"]}), each
  // a name of kRoleNames. The older form role -> people is still read (see
  // DecodeSettings) and, with roles_old_form set, written back in it, so a
  // project keeps its bytes until its roles change. Both are looked up by
  // std::string_view as well (std::less<>).
  using RoleSet = std::set<std::string, std::less<>>;
  using Roles = std::map<std::string, RoleSet, std::less<>>;
  Roles roles;
  bool roles_old_form = false;
  std::string quality_targets_json = "{}";  // metric -> target, kept verbatim
  // vendor -> its annotators ("vendors" in taxa.json, left out when empty).
  // An annotator belongs to at most one vendor.
  std::map<std::string, std::set<std::string>> vendors;
  // vendor -> its teams, rate and targets (VendorTerms). A vendor without
  // terms is written in the short form {"acme": ["ana", "bo"]}; one with
  // terms as {"acme": {"annotators": [...], "teams": {...}, "rate": {...},
  // "targets": {...}}} (fields left out when unset). Every key here is also
  // a key of `vendors` (perhaps with no annotators yet).
  std::map<std::string, VendorTerms> vendor_terms;
  // Others' labels of an item stay hidden from an annotator until they have
  // labeled it themselves, so that judgments are independent ("blind_labels"
  // in taxa.json, written only when turned off). Leads and reviewers may
  // still show them.
  bool blind_labels = true;
  // person -> the ed25519 public keys that sign their commits, each one line
  // "ssh-ed25519 AAAA... [comment]" ("signing_keys" in taxa.json, left out
  // when empty; `taxa verify` trusts these).
  std::map<std::string, std::vector<std::string>> signing_keys;
  // The error taxonomy reviews draw on ("error_types" in taxa.json: [{"id",
  // "name", "description"}], in the order given). nullopt while taxa.json has
  // none: then DefaultErrorTypes() apply and nothing is written, so a project
  // keeps its bytes until its error types change.
  std::optional<std::vector<ErrorType>> error_types;
};

// settings.error_types, or DefaultErrorTypes() when taxa.json names none.
const std::vector<ErrorType>& ErrorTypesOf(const ProjectSettings& settings);

// The roles taxa.json may give a person (app/session/access.h says what each may do).
inline constexpr std::array<std::string_view, 5> kRoleNames = {"annotator", "reviewer", "lead",
                                                                "auditor", "compliance"};

std::string EncodeSettings(const ProjectSettings& s);
// Refuses an "error_types" list that is not an array of objects with a
// valid, unique "id" and a non-empty "name" (naming the entry), and a "roles"
// entry that is not an array of role names, naming the
// person and the role. Reads the older form {"lead": ["ana"]} (role -> people)
// when every key is a role name and some value names someone who is not one;
// otherwise the form is person -> roles.
Result<ProjectSettings> DecodeSettings(std::string_view bytes);

}  // namespace taxa::core
