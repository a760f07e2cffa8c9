// taxa guidelines and taxonomy export | import end to end, with the binary;
// the Turtle is read back by an independent reader, rdflib.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/cli_fixture.h"

namespace taxa::testing {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class TaxonomyExchangeCli : public CliFixture {
 protected:
  // The tickets project with every kind of field: rules, examples, near
  // misses, an attribute, a sensitive category, a draft and a deprecation.
  void MakeRichProject(const std::string& dir) {
    MakeTicketsProject(dir);
    Ok("-C " + dir + " taxonomy attribute add urgency --type enum --values low,high "
       "--name Urgency --description 'How soon'");
    Ok("-C " + dir + " taxonomy edit billing --add-include 'Charges, invoices' "
       "--add-exclude 'Shipping fees' --add-example 'Charged twice' "
       "--add-near-miss 'A \"free\" trial' --add-attribute urgency --sensitive true");
    Ok("-C " + dir + " taxonomy add returns --name Returns --definition 'Sending back' "
       "--status draft");
    Ok("-C " + dir + " taxonomy add parcels --name Parcels --definition 'Boxes'");
    Ok("-C " + dir + " taxonomy deprecate parcels --replaced-by shipping");
  }
  int Commits(const std::string& dir) { return std::stoi(Git(dir + " rev-list --count HEAD")); }
};

TEST_F(TaxonomyExchangeCli, GuidelinesInMarkdownAndHtml) {
  MakeRichProject("p");
  std::string md = Ok("-C p guidelines");
  EXPECT_TRUE(Has(md, "# Labeling guide: Support tickets\n")) << md;
  EXPECT_TRUE(Has(md, "\n## Billing\n")) << md;
  EXPECT_TRUE(Has(md, "\n### Refund\n")) << md;
  EXPECT_TRUE(Has(md, "- Charges, invoices\n")) << md;
  EXPECT_TRUE(Has(md, "- Near miss, not this category: A \"free\" trial\n")) << md;
  EXPECT_TRUE(Has(md, "- Urgency (`urgency`): enum, one of low, high. How soon\n")) << md;
  EXPECT_TRUE(Has(md, "use Shipping (`shipping`) instead")) << md;
  EXPECT_FALSE(Has(md, "Changed since")) << md;  // nothing released yet

  Ok("-C p guidelines --format html -o guide.html");
  std::string html = ReadText(tmp_ / "guide.html");
  EXPECT_TRUE(Has(html, "<h2>Billing</h2>")) << html;
  EXPECT_TRUE(Has(html, "<h3>Refund</h3>")) << html;
  EXPECT_TRUE(Has(html, "<li>Near miss, not this category: A &quot;free&quot; trial</li>")) << html;

  CommandResult bad = Taxa("-C p guidelines --format pdf");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Has(bad.err, "use md or html")) << bad.err;
}

TEST_F(TaxonomyExchangeCli, GuidelinesSayWhatChangedSinceTheLatestRelease) {
  MakeTicketsProject("p");
  Ok("-C p taxonomy release 1.0.0 -m First");
  Ok("-C p taxonomy add complaints --name Complaints --definition 'Unhappy'");
  Ok("-C p taxonomy edit shipping --name Delivery");
  Ok("-C p taxonomy deprecate billing.refund --replaced-by billing");
  std::string md = Ok("-C p guidelines");
  ASSERT_TRUE(Has(md, "\n## Changed since 1.0.0\n")) << md;
  EXPECT_TRUE(Has(md, "- Added: Complaints (`complaints`)\n")) << md;
  EXPECT_TRUE(Has(md, "- Renamed: `shipping` from Shipping to Delivery\n")) << md;
  EXPECT_TRUE(Has(md, "- Deprecated: Refund (`billing.refund`), replaced by Billing (`billing`)\n"))
      << md;
  Ok("-C p taxonomy release 1.1.0 -m Second");
  std::string latest = Ok("-C p guidelines");
  EXPECT_TRUE(Has(latest, "## Changed since 1.1.0\n\nNothing changed since 1.1.0.\n")) << latest;
  std::string older = Ok("-C p guidelines --since 1.0.0");
  EXPECT_TRUE(Has(older, "- Added: Complaints (`complaints`)\n")) << older;
  CommandResult missing = Taxa("-C p guidelines --since 9.9.9");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Has(missing.err, "no release 9.9.9")) << missing.err;
}

TEST_F(TaxonomyExchangeCli, SkosRoundTripIntoAFreshProject) {
  MakeRichProject("a");
  Ok("-C a taxonomy export --format skos -o t.ttl");
  Ok("init b --name Copy");
  std::string said = Ok("-C b taxonomy import t.ttl --format skos");
  EXPECT_TRUE(Has(said, "Imported 5 categories and 1 attributes from t.ttl")) << said;
  EXPECT_EQ(Ok("-C b taxonomy show --json"), Ok("-C a taxonomy show --json"));
  EXPECT_TRUE(Has(Git("b log -1 --format=%B"), "Taxa-Action: taxonomy.import")) << Git("b log -1");
}

TEST_F(TaxonomyExchangeCli, CsvRoundTripIntoAFreshProject) {
  MakeRichProject("a");
  Ok("-C a taxonomy export --format csv -o t.csv");
  Ok("init b --name Copy");
  Ok("-C b taxonomy import t.csv --format csv");
  EXPECT_EQ(Ok("-C b taxonomy show --json"), Ok("-C a taxonomy show --json"));
}

TEST_F(TaxonomyExchangeCli, JsonDocumentRoundTripIntoAFreshProject) {
  MakeRichProject("a");
  Ok("-C a taxonomy export --format json -o t.json");
  Ok("init b --name Copy");
  Ok("-C b taxonomy import t.json --format json");
  EXPECT_EQ(Ok("-C b taxonomy show --json"), Ok("-C a taxonomy show --json"));
  // Ids are never reused: the same file again is refused, naming one.
  CommandResult again = Taxa("-C b taxonomy import t.json --format json");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Has(again.err, "is already in the taxonomy")) << again.err;
}

// rdflib (Debian's python3-rdflib) parses the Turtle; each concept's triples
// are printed by notation, so the check does not depend on our IRIs.
TEST_F(TaxonomyExchangeCli, TurtleReadByRdflibHoldsTheExpectedTriples) {
  MakeRichProject("a");
  Ok("-C a taxonomy export --format skos -o t.ttl");
  WriteText(tmp_ / "triples.py", R"(import sys
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
g = Graph()
g.parse(sys.argv[1], format="turtle")
ids = {s: str(o) for s, o in g.subject_objects(SKOS.notation)}
def show(n):
    if isinstance(n, Literal):
        return str(n.toPython()) if n.datatype else str(n)
    return ids.get(n, str(n))
for s, p, o in g:
    if s in ids:
        print(ids[s] + "|" + str(p) + "|" + show(o).replace("\n", "\\n"))
)");
  CommandResult r = RunCommand("/usr/bin/python3 " + tmp_ / "triples.py" + " " + tmp_ / "t.ttl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string skos = "http://www.w3.org/2004/02/skos/core#";
  const std::string taxa = "https://w3id.org/taxa/vocab#";
  for (const std::string& want : std::vector<std::string>{
           "billing|http://www.w3.org/1999/02/22-rdf-syntax-ns#type|" + skos + "Concept",
           "billing|" + skos + "prefLabel|Billing",
           "billing|" + skos + "definition|About money",
           "billing|" + skos + "scopeNote|Use when: Charges, invoices",
           "billing|" + skos + "scopeNote|Do not use when: Shipping fees",
           "billing|" + skos + "example|Charged twice",
           "billing|" + taxa + "nearMiss|A \"free\" trial",
           "billing|" + taxa + "attribute|urgency",
           "billing|" + taxa + "sensitive|True",
           "billing.refund|" + skos + "broader|billing",
           "returns|" + taxa + "status|draft",
           "parcels|http://www.w3.org/2002/07/owl#deprecated|True",
           "parcels|http://purl.org/dc/terms/isReplacedBy|shipping",
           "urgency|" + taxa + "type|enum",
       }) {
    EXPECT_TRUE(Has(r.out, want + "\n")) << want << "\n" << r.out;
  }
  EXPECT_FALSE(Has(r.out, "billing.refund|" + skos + "broader|shipping")) << r.out;
}

TEST_F(TaxonomyExchangeCli, RefusedImportsNameTheLineAndWriteNothing) {
  MakeTicketsProject("p");
  int before = Commits("p");
  std::string taxonomy = Ok("-C p taxonomy show --json");
  WriteText(tmp_ / "cycle.ttl",
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            "@prefix c: <urn:x:category:> .\n"
            "c:a a skos:Concept ; skos:prefLabel \"A\" ; skos:definition \"A\" .\n"
            "c:b a skos:Concept ; skos:prefLabel \"B\" ; skos:definition \"B\" ;\n"
            "  skos:broader c:a .\n"
            "c:a skos:broader c:b .\n");
  CommandResult cycle = Taxa("-C p taxonomy import cycle.ttl --format skos");
  EXPECT_EQ(cycle.exit_code, 1);
  EXPECT_TRUE(Has(cycle.err, "cycle.ttl:6:")) << cycle.err;
  EXPECT_TRUE(Has(cycle.err, "closes a cycle")) << cycle.err;

  WriteText(tmp_ / "reuse.csv", "id,name,definition\nfresh,Fresh,New\nbilling,Billing 2,Again\n");
  CommandResult reuse = Taxa("-C p taxonomy import reuse.csv --format csv");
  EXPECT_EQ(reuse.exit_code, 1);
  EXPECT_TRUE(Has(reuse.err, "reuse.csv:3:")) << reuse.err;
  EXPECT_TRUE(Has(reuse.err, "\"billing\" is already in the taxonomy")) << reuse.err;

  WriteText(tmp_ / "broken.ttl", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                                 "<urn:x:category:a> a skos:Concept\n"
                                 "<urn:x:category:b> a skos:Concept .\n");
  CommandResult broken = Taxa("-C p taxonomy import broken.ttl --format skos");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_TRUE(Has(broken.err, "broken.ttl:3:")) << broken.err;

  EXPECT_EQ(Commits("p"), before);
  EXPECT_EQ(Ok("-C p taxonomy show --json"), taxonomy);
}

}  // namespace
}  // namespace taxa::testing
