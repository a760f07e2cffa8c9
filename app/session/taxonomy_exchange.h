// Taxonomy exchange: the taxonomy exported for other tools and imported from
// them, as SKOS in Turtle or CSV (core/taxonomy_exchange.h says the formats),
// or as Taxa's own JSON document (the demo's, core::DecodeTaxonomyDocument).
//
//   TAXA_ASSIGN_OR_RETURN(std::string ttl, TaxonomyExchange(*p).Export(TaxonomyFormat::kSkos));
//   TAXA_ASSIGN_OR_RETURN(ImportTaxonomyReport r,
//                         TaxonomyExchange(*p).Import("t.ttl", TaxonomyFormat::kSkos));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "session/project.h"

namespace taxa::app {

enum class TaxonomyFormat { kSkos, kCsv, kJson };

// "skos" (or "ttl", "turtle"), "csv", "json"; kInvalidInput otherwise.
Result<TaxonomyFormat> ParseTaxonomyFormat(const std::string& name);

struct ImportTaxonomyReport {
  size_t categories = 0;  // added
  size_t attributes = 0;  // added (an identical schema already there is not counted)
};

class TaxonomyExchange {
 public:
  explicit TaxonomyExchange(Project& project);

  // The taxonomy at HEAD. SKOS names the scheme urn:taxa:<project id>. CSV
  // refuses a list entry holding a line break, naming it.
  Result<std::string> Export(TaxonomyFormat format);
  // Adds the categories and attributes of the file at `path` to the taxonomy
  // in one commit (Taxa-Action: taxonomy.import). The whole file or nothing:
  // refused, with nothing written, as core/taxonomy_exchange.h says ("FILE:
  // LINE: ..."), when it is malformed, reuses an id, closes a cycle or leaves
  // the taxonomy with a problem. Needs a writable project.
  Result<ImportTaxonomyReport> Import(const std::string& path, TaxonomyFormat format);
  // As Import, from bytes; `name` names them in messages.
  Result<ImportTaxonomyReport> ImportBytes(std::string_view bytes, const std::string& name,
                                           TaxonomyFormat format);

 private:
  Project& project_;
};

}  // namespace taxa::app
