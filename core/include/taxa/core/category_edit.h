// A change to one category's fields, as the CLI, GUI and web describe it:
// fields to set, and list entries to add or remove.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "taxa/core/taxonomy.h"

namespace taxa::core {

struct CategoryEdit {
  std::optional<std::string> name;
  std::optional<std::string> definition;
  std::optional<CategoryStatus> status;  // draft or active; deprecate has its own call
  std::optional<bool> sensitive;
  std::vector<std::string> add_include, remove_include;
  std::vector<std::string> add_exclude, remove_exclude;
  std::vector<std::string> add_examples, remove_examples;
  std::vector<std::string> add_near_misses, remove_near_misses;
  std::vector<std::string> add_attributes, remove_attributes;

  bool empty() const;
};

// Applies `edit` to a copy of `c`. kInvalidInput when a removal names an
// entry that is not there, or when `status` is deprecated.
Result<Category> ApplyEdit(const Category& c, const CategoryEdit& edit);

}  // namespace taxa::core
