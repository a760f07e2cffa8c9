// The taxonomy: hierarchical categories with their guidelines, and the
// attribute schemas that labels may carry.
//
// A Taxonomy is a plain value: load it from files (taxonomy_codec.h), change it
// through the checked mutators below, and write it back. Every mutator keeps
// the invariants (ids well formed and unique, parents exist, no cycles, no two
// siblings with one name) or returns an error and leaves the value unchanged.
//
//   Taxonomy t;
//   TAXA_RETURN_IF_ERROR(t.Add({.id = "billing", .name = "Billing"}));
//   TAXA_RETURN_IF_ERROR(t.Add({.id = "billing.refund", .name = "Refund", .parent = "billing"}));
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

enum class CategoryStatus { kDraft, kActive, kDeprecated };

std::string_view CategoryStatusName(CategoryStatus s);
// Returns kInvalidInput naming the accepted values when `name` is unknown.
Result<CategoryStatus> ParseCategoryStatus(std::string_view name);

struct Category {
  std::string id;        // stable, never reused: [a-z0-9][a-z0-9_.-]*
  std::string name;      // shown to people; unique among siblings
  std::string parent;    // empty for a top-level category
  CategoryStatus status = CategoryStatus::kActive;
  std::string replaced_by;  // set when deprecated into one category (or merged)
  // Set when the category was split: deprecated, with the categories that
  // share what it covered (two or more). Labels made under it cannot be
  // carried forward to one category and wait to be relabeled. Never set
  // together with replaced_by.
  std::vector<std::string> split_into;
  std::string definition;
  std::vector<std::string> include;      // when to use it
  std::vector<std::string> exclude;      // what not to do
  std::vector<std::string> examples;
  std::vector<std::string> near_misses;  // look like it, but are not
  std::vector<std::string> attributes;   // attribute ids a label may carry
  bool sensitive = false;

  bool operator==(const Category&) const = default;
};

enum class AttributeType { kEnum, kBool, kNumber, kText };

std::string_view AttributeTypeName(AttributeType t);
Result<AttributeType> ParseAttributeType(std::string_view name);

struct Attribute {
  std::string id;
  std::string name;
  AttributeType type = AttributeType::kText;
  std::vector<std::string> values;  // the allowed values of an enum
  std::string description;

  bool operator==(const Attribute&) const = default;
};

// Returns ok when `id` may name a category or attribute.
Status CheckId(std::string_view id, std::string_view what);

class Taxonomy {
 public:
  // Builds a taxonomy from stored parts without the mutators' checks, so one
  // broken by hand still loads and Validate() can list what is wrong.
  static Taxonomy FromParts(std::vector<Category> categories, std::vector<Attribute> attributes);

  // Looks a category up; nullptr when there is none with that id.
  const Category* Find(std::string_view id) const;
  const Attribute* FindAttribute(std::string_view id) const;

  // Adds a new category. kAlreadyExists when the id is taken (ids are never
  // reused, deprecated ones included); kInvalidInput for a bad id, a missing
  // parent or attribute, or a sibling with the same name.
  Status Add(Category c);
  // Replaces the category with the same id, checking the same rules as Add
  // and that the parent change (if any) makes no cycle.
  Status Update(Category c);
  Status Move(std::string_view id, std::string_view new_parent);
  // Marks `id` deprecated; `replaced_by` must be an active category other than
  // `id` or empty (deprecated without replacement).
  Status Deprecate(std::string_view id, std::string_view replaced_by);
  // Merges `sources` into `into`: each source is deprecated with
  // replaced_by = into.id, so labels made under it read as `into`. `into` is
  // an existing active category (give only its id) or a new one, added with
  // all its fields first (an empty parent puts it beside the sources when
  // they all share a parent, at the root otherwise). Each source must be an active or draft category
  // other than `into`, named once, with no category in use under it.
  // Refuses (kInvalidInput, kNotFound, kFailedPrecondition, naming the
  // category) and leaves the taxonomy unchanged otherwise.
  Status Merge(const std::vector<std::string>& sources, const Category& into);
  // Splits `id` into two or more `parts`: `id` is deprecated with split_into
  // holding the parts' ids, so labels made under it wait to be relabeled.
  // Each part is an existing active category (give only its id) or a new one
  // (added with its fields; an empty parent puts it beside `id`). Refuses as
  // Merge does, and leaves the taxonomy unchanged.
  Status Split(std::string_view id, const std::vector<Category>& parts);
  Status AddAttribute(Attribute a);
  Status UpdateAttribute(Attribute a);

  // Ids of the children of `parent` ("" for the roots), ordered by name then id.
  std::vector<std::string> Children(std::string_view parent) const;
  // Depth-first order of the whole tree, each with its depth (0 for roots).
  std::vector<std::pair<std::string, int>> TreeOrder() const;
  // The ids from the root down to `id` inclusive; empty when unknown.
  std::vector<std::string> Path(std::string_view id) const;

  // Every problem of the whole taxonomy, one line each (empty when valid).
  // Catches what files edited by hand can break: dangling parents, cycles,
  // unknown replacements and attributes, duplicate sibling names.
  std::vector<std::string> Validate() const;

  // Checks that a label may use these categories and attribute values:
  // unknown ids are refused; a deprecated category is refused naming its
  // replacement; attribute values must fit their schema.
  Status CheckLabel(const std::vector<std::string>& categories,
                    const std::map<std::string, std::string>& attributes) const;

  const std::map<std::string, Category, std::less<>>& categories() const { return categories_; }
  const std::map<std::string, Attribute, std::less<>>& attributes() const { return attributes_; }
  size_t size() const { return categories_.size(); }

 private:
  Status CheckPlacement(const Category& c) const;
  bool IsAncestor(std::string_view ancestor, std::string_view id) const;

  std::map<std::string, Category, std::less<>> categories_;
  std::map<std::string, Attribute, std::less<>> attributes_;
};

}  // namespace taxa::core
