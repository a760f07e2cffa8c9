#include "taxa/core/category_edit.h"

#include <algorithm>

namespace taxa::core {

bool CategoryEdit::empty() const {
  return !name && !definition && !status && !sensitive && add_include.empty() &&
         remove_include.empty() && add_exclude.empty() && remove_exclude.empty() &&
         add_examples.empty() && remove_examples.empty() && add_near_misses.empty() &&
         remove_near_misses.empty() && add_attributes.empty() && remove_attributes.empty();
}

namespace {

Status EditList(std::vector<std::string>& list, const std::vector<std::string>& add,
                const std::vector<std::string>& remove, const char* field,
                const std::string& id) {
  for (const std::string& r : remove) {
    auto it = std::find(list.begin(), list.end(), r);
    if (it == list.end())
      return Status::InvalidInput("category \"" + id + "\": " + field + " has no entry \"" + r +
                                  "\"");
    list.erase(it);
  }
  for (const std::string& a : add) {
    if (a.empty()) return Status::InvalidInput(std::string(field) + ": an entry is empty");
    if (std::find(list.begin(), list.end(), a) == list.end()) list.push_back(a);
  }
  return Status::Ok();
}

}  // namespace

Result<Category> ApplyEdit(const Category& c, const CategoryEdit& edit) {
  Category out = c;
  if (edit.name) out.name = *edit.name;
  if (edit.definition) out.definition = *edit.definition;
  if (edit.status) {
    if (*edit.status == CategoryStatus::kDeprecated)
      return Status::InvalidInput("use `taxonomy deprecate` to deprecate a category");
    out.status = *edit.status;
    out.replaced_by.clear();
  }
  if (edit.sensitive) out.sensitive = *edit.sensitive;
  TAXA_RETURN_IF_ERROR(EditList(out.include, edit.add_include, edit.remove_include, "include", c.id));
  TAXA_RETURN_IF_ERROR(EditList(out.exclude, edit.add_exclude, edit.remove_exclude, "exclude", c.id));
  TAXA_RETURN_IF_ERROR(
      EditList(out.examples, edit.add_examples, edit.remove_examples, "examples", c.id));
  TAXA_RETURN_IF_ERROR(EditList(out.near_misses, edit.add_near_misses, edit.remove_near_misses,
                                "near_misses", c.id));
  TAXA_RETURN_IF_ERROR(EditList(out.attributes, edit.add_attributes, edit.remove_attributes,
                                "attributes", c.id));
  return out;
}

}  // namespace taxa::core
