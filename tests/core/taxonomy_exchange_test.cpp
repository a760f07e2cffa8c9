#include "taxa/core/taxonomy_exchange.h"

#include <gtest/gtest.h>

#include <string>

#include "support/status_matchers.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

// Text no exchange format may bend: quotes, triple quotes, backslashes,
// Turtle and CSV punctuation, line breaks, markup and non-ASCII.
const std::string kHostile =
    "Says \"\"\"hi\"\"\", then \\n; a,b. <script>alert(1)</script>\n# not a heading\r\né ✓";

// Every kind of field: attributes, a tree, a draft, a sensitive category,
// a replacement and a split.
Taxonomy Sample() {
  std::vector<Attribute> attributes = {
      {.id = "urgency", .name = "Urgency", .type = AttributeType::kEnum,
       .values = {"low", "high", "a,b"}, .description = "How soon"},
      {.id = "note", .name = "Note", .type = AttributeType::kText}};
  std::vector<Category> categories = {
      {.id = "pets", .name = "Pets", .definition = kHostile,
       .include = {"Owned animals", "Adopted ones; too"}, .exclude = {"Zoo animals"},
       .examples = {"My dog ate it", "Cat, \"Tom\""}, .near_misses = {"A toy dog"},
       .attributes = {"urgency", "note"}, .sensitive = true},
      {.id = "pets.dogs", .name = "Dogs", .parent = "pets", .status = CategoryStatus::kDraft,
       .definition = "Dogs"},
      {.id = "pets.parrots", .name = "Parrots", .parent = "pets", .definition = "Parrots"},
      {.id = "wild", .name = "Wild", .definition = "Wild animals"},
      {.id = "cats", .name = "Cats", .status = CategoryStatus::kDeprecated,
       .replaced_by = "pets", .definition = "Cats"},
      {.id = "birds", .name = "Birds", .status = CategoryStatus::kDeprecated,
       .split_into = {"pets.parrots", "wild"}, .definition = "Birds"},
  };
  return Taxonomy::FromParts(categories, attributes);
}

void ExpectSame(const Taxonomy& a, const Taxonomy& b) {
  EXPECT_EQ(a.categories(), b.categories());
  EXPECT_EQ(a.attributes(), b.attributes());
}

TEST(Skos, RoundTripGivesTheSameTaxonomy) {
  Taxonomy t = Sample();
  ASSERT_TRUE(t.Validate().empty());
  Result<std::string> ttl = EncodeSkos(t, {.scheme = "urn:taxa:abc", .title = "Zoo \"x\""});
  ASSERT_TRUE(ttl.ok()) << ttl.status().message();
  EXPECT_NE(ttl->find("skos:Concept"), std::string::npos) << *ttl;
  EXPECT_NE(ttl->find("\"Use when: Owned animals\""), std::string::npos) << *ttl;
  EXPECT_NE(ttl->find("\"Do not use when: Zoo animals\""), std::string::npos) << *ttl;
  Result<Taxonomy> back = DecodeSkos(*ttl, "t.ttl", Taxonomy());
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << *ttl;
  ExpectSame(*back, t);
}

TEST(Skos, ImportAddsToTheTaxonomyAndLinksToItsCategories) {
  Taxonomy into;
  ASSERT_TRUE(into.Add({.id = "animals", .name = "Animals", .definition = "All"}).ok());
  std::string ttl =
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
      "<urn:x:category:fish> a skos:Concept ; skos:prefLabel \"Fish\" ;\n"
      "  skos:definition \"Swims\" ; skos:scopeNote \"Has fins\" ;\n"
      "  skos:broader <urn:x:category:animals> .\n";
  Result<Taxonomy> t = DecodeSkos(ttl, "f.ttl", into);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_NE(t->Find("fish"), nullptr);
  EXPECT_EQ(t->Find("fish")->parent, "animals");
  EXPECT_EQ(t->Find("fish")->include, std::vector<std::string>{"Has fins"});
  EXPECT_EQ(t->size(), 2u);
}

TEST(Skos, SyntaxErrorNamesSerdsLine) {
  std::string ttl =
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
      "<urn:x:category:a> a skos:Concept ;\n"
      "  skos:prefLabel \"A\" ;\n"
      "  skos:definition \"A\" \n"
      "  skos:example \"no semicolon above\" .\n";
  EXPECT_TRUE(Fails(DecodeSkos(ttl, "bad.ttl", Taxonomy()).status(), StatusCode::kInvalidInput,
                    {"bad.ttl:5:", "Turtle"}));
}

TEST(Skos, CycleIsRefusedAtTheTripleThatClosesIt) {
  std::string ttl =
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
      "@prefix c: <urn:x:category:> .\n"
      "c:a a skos:Concept ; skos:prefLabel \"A\" ; skos:definition \"A\" .\n"
      "c:b a skos:Concept ; skos:prefLabel \"B\" ; skos:definition \"B\" .\n"
      "c:c a skos:Concept ; skos:prefLabel \"C\" ; skos:definition \"C\" .\n"
      "c:a skos:broader c:b .\n"
      "c:b skos:broader c:c .\n"
      "\n"
      "c:c skos:broader\n"
      "   c:a .\n";
  EXPECT_TRUE(Fails(DecodeSkos(ttl, "cycle.ttl", Taxonomy()).status(), StatusCode::kInvalidInput,
                    {"cycle.ttl:10:", "closes a cycle", "c -> a -> b -> c"}));
}

TEST(Skos, ReusedIdIsRefusedAtItsConcept) {
  Taxonomy into;
  ASSERT_TRUE(into.Add({.id = "billing", .name = "Billing", .definition = "Money"}).ok());
  std::string ttl =
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
      "<urn:x:category:other> a skos:Concept ; skos:prefLabel \"Other\" .\n"
      "<urn:y:b>\n"
      "  a skos:Concept ; skos:notation \"billing\" ; skos:prefLabel \"B2\" .\n";
  EXPECT_TRUE(Fails(DecodeSkos(ttl, "reuse.ttl", into).status(), StatusCode::kInvalidInput,
                    {"reuse.ttl:4:", "\"billing\"", "never reused"}));
}

TEST(Skos, SecondParentAndUnknownLinksAreRefusedWithTheirLine) {
  std::string head =
      "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
      "@prefix c: <urn:x:category:> .\n"
      "c:a a skos:Concept ; skos:prefLabel \"A\" ; skos:definition \"A\" .\n"
      "c:b a skos:Concept ; skos:prefLabel \"B\" ; skos:definition \"B\" .\n";
  EXPECT_TRUE(Fails(DecodeSkos(head +
                                   "c:c a skos:Concept ; skos:prefLabel \"C\" ; "
                                   "skos:definition \"C\" .\n"
                                   "c:a skos:broader c:b .\nc:a skos:broader c:c .\n",
                               "two.ttl", Taxonomy())
                        .status(),
                    StatusCode::kInvalidInput, {"two.ttl:7:", "second parent"}));
  EXPECT_TRUE(Fails(DecodeSkos(head + "c:a skos:broader c:zzz .\n", "gone.ttl", Taxonomy())
                        .status(),
                    StatusCode::kInvalidInput, {"gone.ttl:5:", "urn:x:category:zzz"}));
  // Validate()'s own problems name the concept's line too.
  EXPECT_TRUE(Fails(DecodeSkos(head + "c:d a skos:Concept ; skos:prefLabel \"D\" .\n", "def.ttl",
                               Taxonomy())
                        .status(),
                    StatusCode::kInvalidInput, {"def.ttl:5:", "\"d\"", "no definition"}));
}

TEST(TaxonomyCsv, RoundTripGivesTheSameTaxonomy) {
  Taxonomy t = Sample();
  // A CSV list cannot carry a line break; the definition (no list) can.
  Result<std::string> csv = EncodeTaxonomyCsv(t);
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(csv->substr(0, csv->find('\n')),
            "kind,id,name,parent,status,definition,include,exclude,examples,near_misses,"
            "attributes,sensitive,replaced_by,split_into,type,values");
  Result<Taxonomy> back = DecodeTaxonomyCsv(*csv, "t.csv", Taxonomy());
  ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << *csv;
  ExpectSame(*back, t);
}

TEST(TaxonomyCsv, ListEntryWithALineBreakIsRefusedOnExport) {
  Taxonomy t;
  ASSERT_TRUE(t.Add({.id = "a", .name = "A", .definition = "A", .examples = {"one", "two\nlines"}})
                  .ok());
  EXPECT_TRUE(Fails(EncodeTaxonomyCsv(t).status(), StatusCode::kInvalidInput,
                    {"category \"a\"", "entry 2 of examples", "line break"}));
}

TEST(TaxonomyCsv, ReadsAHandMadeSheetWithFewColumns) {
  std::string csv = "name,id,parent,definition,include\r\n"
                    "Billing,billing,,Money,\"Charged\nRefunds\"\r\n"
                    "Refund,billing.refund,billing,Money back,\r\n";
  Result<Taxonomy> t = DecodeTaxonomyCsv(csv, "hand.csv", Taxonomy());
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->Find("billing")->include, (std::vector<std::string>{"Charged", "Refunds"}));
  EXPECT_EQ(t->Find("billing.refund")->parent, "billing");
}

TEST(TaxonomyCsv, RefusalsNameTheRow) {
  std::string header = "id,name,parent,definition\n";
  EXPECT_TRUE(Fails(DecodeTaxonomyCsv(header + "a,A,b,x\nb,B,c,x\nc,C,a,x\n", "c.csv", Taxonomy())
                        .status(),
                    StatusCode::kInvalidInput, {"c.csv:4:", "closes a cycle"}));
  EXPECT_TRUE(Fails(DecodeTaxonomyCsv(header + "a,A,,x\nb,B,,x\na,A again,,x\n", "d.csv",
                                      Taxonomy())
                        .status(),
                    StatusCode::kInvalidInput, {"d.csv:4:", "defined twice (first on line 2)"}));
  EXPECT_TRUE(Fails(DecodeTaxonomyCsv(header + "a,A,,x\nB!,B,,x\n", "id.csv", Taxonomy()).status(),
                    StatusCode::kInvalidInput, {"id.csv:3:"}));
  EXPECT_TRUE(Fails(DecodeTaxonomyCsv("id,name,colour\n", "h.csv", Taxonomy()).status(),
                    StatusCode::kInvalidInput, {"h.csv:1:", "unknown column \"colour\""}));
  EXPECT_TRUE(Fails(DecodeTaxonomyCsv(header + "a,A,,x\nb,B,,\"x\n", "q.csv", Taxonomy()).status(),
                    StatusCode::kInvalidInput, {"q.csv:3:", "unterminated"}));
}

}  // namespace
}  // namespace taxa::core
