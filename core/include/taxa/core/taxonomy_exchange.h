// Exchanging the taxonomy with other tools: SKOS in Turtle (read and written
// with libserd), CSV (one row per category or attribute) and Taxa's own JSON
// document (written by EncodeTaxonomyDocument, taxonomy_codec.h). Each
// importer adds what a file holds to an existing taxonomy and either returns
// the whole result, valid (Taxonomy::Validate), or refuses the file naming
// its line (SKOS, CSV).
//
//   TAXA_ASSIGN_OR_RETURN(std::string ttl, EncodeSkos(t, {.scheme = "urn:taxa:abc", .title = "T"}));
//   TAXA_ASSIGN_OR_RETURN(Taxonomy merged, DecodeSkos(ttl, "taxonomy.ttl", Taxonomy()));
//
// ---- SKOS (Turtle) ----
// The scheme is a skos:ConceptScheme (skos:prefLabel: the title) with the IRI
// given; category ID is the skos:Concept <SCHEME:category:ID>, attribute ID
// the taxa:Attribute <SCHEME:attribute:ID>. On a concept:
//   skos:notation "ID"             the id (when missing on import: the IRI's
//                                  last part after ':', '/' or '#')
//   skos:inScheme, skos:topConceptOf (roots; the scheme's skos:hasTopConcept)
//   skos:prefLabel "name"          required, one
//   skos:definition "..."
//   skos:broader <parent>          at most one (a category has one parent);
//                                  skos:narrower is read as its inverse
//   skos:scopeNote "Use when: R"   an include rule R
//   skos:scopeNote "Do not use when: R"   an exclude rule R (a scope note
//                                  with neither prefix is read as an include rule)
//   skos:example "..."
//   taxa:nearMiss "..."            a near miss (taxa: = kTaxaVocabulary)
//   taxa:attribute <SCHEME:attribute:ID>  an attribute labels may carry
//   taxa:sensitive true            only when sensitive
//   taxa:status "draft"            only for drafts
//   owl:deprecated true            deprecated; with one dct:isReplacedBy
//                                  <C> replaced by C, with two or more split
//                                  into them
// On an attribute: skos:notation, rdfs:label (its name), taxa:type ("enum",
// "bool", "number", "text"), taxa:value "v" (each allowed value, in order),
// rdfs:comment (its description). Lists keep the order of their triples.
// Triples about other subjects, and other predicates, are ignored.
//
// ---- CSV ----
// A header row names the columns (any order; `id` and `name` required, an
// unknown name refused); the export writes all of them in this order:
//   kind        "category" (or empty) or "attribute"
//   id, name, parent, status (active, draft, deprecated; empty: active),
//   definition (an attribute's description),
//   include, exclude, examples, near_misses, attributes   lists
//   sensitive   true or false (empty: false)
//   replaced_by, split_into (a list)
//   type, values (a list)     an attribute's type and allowed values
// A list holds one entry per line inside its cell (entries joined by LF;
// empty lines are skipped). An entry holding a line break cannot be written
// as CSV: the export refuses it naming the category and field.
//
// ---- What an import refuses ----
// kInvalidInput, "NAME:LINE: ...", with the line of the triple or row at
// fault: a Turtle syntax error (serd's line), an id that is not well formed,
// an id the taxonomy or the file already holds (ids are never reused), a
// second parent, a parent or replacement that names nothing, a parent link
// that closes a cycle (the line of the triple or row that closes it, in file
// order), and any other problem Validate() finds in the result that the
// taxonomy did not have before.
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {

inline constexpr std::string_view kTaxaVocabulary = "https://w3id.org/taxa/vocab#";

struct SkosOptions {
  std::string scheme;  // the scheme's IRI, e.g. "urn:taxa:<project id>"
  std::string title;   // its skos:prefLabel
};

Result<std::string> EncodeSkos(const Taxonomy& t, const SkosOptions& options);
// `into` plus what `bytes` holds; `name` names the file in messages.
Result<Taxonomy> DecodeSkos(std::string_view bytes, std::string_view name, const Taxonomy& into);

Result<std::string> EncodeTaxonomyCsv(const Taxonomy& t);
Result<Taxonomy> DecodeTaxonomyCsv(std::string_view bytes, std::string_view name,
                                   const Taxonomy& into);

// `into` plus the categories and attributes of Taxa's JSON document
// (DecodeTaxonomyDocument in taxonomy_codec.h, which refuses a document that
// is not valid on its own), refused as above but without line numbers.
Result<Taxonomy> DecodeTaxonomyDocumentInto(std::string_view bytes, std::string_view name,
                                            const Taxonomy& into);

}  // namespace taxa::core
