// The checks every taxonomy import shares (taxonomy_import.cpp), used by the
// SKOS, CSV and JSON document importers (taxonomy_exchange.h, taxonomy_codec.h).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {

// What an importer read, each with the line it came from, before the checks
// every import shares (MergeImported).
struct ImportedCategory {
  Category category;
  size_t line = 0;         // where it is defined (0: unknown)
  size_t parent_line = 0;  // where its parent is given
};
struct ImportedAttribute {
  Attribute attribute;
  size_t line = 0;
};
struct ImportedTaxonomy {
  std::vector<ImportedCategory> categories;  // in file order
  std::vector<ImportedAttribute> attributes;
};

// `into` plus `imported`, refused as taxonomy_exchange.h says ("What an
// import refuses"; lines of 0 are left out).
Result<Taxonomy> MergeImported(const Taxonomy& into, const ImportedTaxonomy& imported,
                               std::string_view name);

}  // namespace taxa::core
