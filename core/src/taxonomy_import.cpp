// The checks every taxonomy import shares (taxonomy_import.h), and the JSON
// document's import (taxonomy_exchange.h).
#include "taxonomy_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/taxonomy_exchange.h"

namespace taxa::core {

namespace {

// The first "quoted" word of a Validate() problem: the id it is about.
std::string FirstQuoted(const std::string& problem) {
  size_t open = problem.find('"');
  if (open == std::string::npos) return "";
  size_t close = problem.find('"', open + 1);
  if (close == std::string::npos) return "";
  return problem.substr(open + 1, close - open - 1);
}

}  // namespace

Result<Taxonomy> MergeImported(const Taxonomy& into, const ImportedTaxonomy& imported,
                               std::string_view name) {
  auto at = [&](size_t line, const std::string& why) {
    return Status::InvalidInput(std::string(name) + (line != 0 ? ":" + std::to_string(line) : "") +
                                ": " + why);
  };
  auto quoted = [](const std::string& id) { return "\"" + id + "\""; };

  std::vector<Attribute> attributes;
  for (const auto& [id, a] : into.attributes()) attributes.push_back(a);
  std::map<std::string, size_t> attribute_lines;
  for (const ImportedAttribute& ia : imported.attributes) {
    const Attribute& a = ia.attribute;
    if (Status s = CheckId(a.id, "attribute"); !s.ok()) return at(ia.line, s.message());
    if (const Attribute* old = into.FindAttribute(a.id); old != nullptr) {
      if (*old == a) continue;  // the same schema: nothing to add
      return at(ia.line, "attribute " + quoted(a.id) +
                             " is already in the taxonomy with other fields (ids are never reused)");
    }
    auto [it, fresh] = attribute_lines.emplace(a.id, ia.line);
    if (!fresh) {
      return at(ia.line, "attribute " + quoted(a.id) + " is defined twice (first on line " +
                             std::to_string(it->second) + ")");
    }
    attributes.push_back(a);
  }

  std::map<std::string, const ImportedCategory*> fresh;
  for (const ImportedCategory& ic : imported.categories) {
    const Category& c = ic.category;
    if (Status s = CheckId(c.id, "category"); !s.ok()) return at(ic.line, s.message());
    if (into.Find(c.id) != nullptr) {
      return at(ic.line, "category " + quoted(c.id) +
                             " is already in the taxonomy (ids are never reused)");
    }
    auto [it, added] = fresh.emplace(c.id, &ic);
    if (!added) {
      return at(ic.line, "category " + quoted(c.id) + " is defined twice (first on line " +
                             std::to_string(it->second->line) + ")");
    }
  }
  auto known = [&](const std::string& id) { return fresh.count(id) || into.Find(id) != nullptr; };
  for (const ImportedCategory& ic : imported.categories) {
    const Category& c = ic.category;
    if (!c.parent.empty() && !known(c.parent)) {
      return at(ic.parent_line != 0 ? ic.parent_line : ic.line,
                "the parent " + quoted(c.parent) + " of " + quoted(c.id) + " names no category");
    }
    if (!c.replaced_by.empty() && !known(c.replaced_by)) {
      return at(ic.line, "the replacement " + quoted(c.replaced_by) + " of " + quoted(c.id) +
                             " names no category");
    }
    for (const std::string& part : c.split_into) {
      if (!known(part))
        return at(ic.line, "the part " + quoted(part) + " of " + quoted(c.id) +
                               " names no category");
    }
  }

  // Parent links in file order: the first that leads back to its own child
  // closes a cycle. Categories already in the taxonomy cannot have an
  // imported parent, so only imported links can make one.
  std::vector<const ImportedCategory*> links;
  for (const ImportedCategory& ic : imported.categories)
    if (!ic.category.parent.empty()) links.push_back(&ic);
  std::stable_sort(links.begin(), links.end(), [](const auto* a, const auto* b) {
    return a->parent_line < b->parent_line;
  });
  std::map<std::string, std::string> parent_so_far;
  for (const ImportedCategory* ic : links) {
    const std::string& child = ic->category.id;
    std::string path = child;
    for (std::string p = ic->category.parent;;) {
      path += " -> " + p;
      if (p == child) {
        return at(ic->parent_line != 0 ? ic->parent_line : ic->line,
                  "the parent link of " + quoted(child) + " to " + quoted(ic->category.parent) +
                      " closes a cycle: " + path);
      }
      auto it = parent_so_far.find(p);
      if (it == parent_so_far.end()) break;
      p = it->second;
    }
    parent_so_far[child] = ic->category.parent;
  }

  std::vector<Category> categories;
  for (const auto& [id, c] : into.categories()) categories.push_back(c);
  for (const ImportedCategory& ic : imported.categories) categories.push_back(ic.category);
  Taxonomy merged = Taxonomy::FromParts(std::move(categories), std::move(attributes));
  std::vector<std::string> before = into.Validate();
  std::set<std::string> known_problems(before.begin(), before.end());
  for (const std::string& problem : merged.Validate()) {
    if (known_problems.count(problem)) continue;
    std::string id = FirstQuoted(problem);
    size_t line = 0;
    if (auto it = fresh.find(id); it != fresh.end()) line = it->second->line;
    else if (auto a = attribute_lines.find(id); a != attribute_lines.end()) line = a->second;
    return at(line, problem);
  }
  return merged;
}

Result<Taxonomy> DecodeTaxonomyDocumentInto(std::string_view bytes, std::string_view name,
                                            const Taxonomy& into) {
  TAXA_ASSIGN_OR_RETURN(Taxonomy doc, DecodeTaxonomyDocument(bytes, name));
  ImportedTaxonomy imported;
  for (const auto& [id, a] : doc.attributes()) imported.attributes.push_back({.attribute = a});
  for (const auto& [id, c] : doc.categories()) imported.categories.push_back({.category = c});
  return MergeImported(into, imported, name);
}

}  // namespace taxa::core
