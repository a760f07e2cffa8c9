#include "taxa/core/release.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/status_matchers.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

TEST(Semver, ParsesReleasesAndPrereleases) {
  Result<Semver> v = ParseSemver("12.0.3-rc.1");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->major, 12u);
  EXPECT_EQ(v->minor, 0u);
  EXPECT_EQ(v->patch, 3u);
  EXPECT_EQ(v->prerelease, "rc.1");
}

TEST(Semver, RefusesWhatTheSpecificationForbids) {
  for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "v1.2.3", "1.2.3-",
                          "1.2.3-01", "1.2.3-a..b", "1.2.3+build", "1.2.x", "-1.2.3"}) {
    EXPECT_TRUE(Fails(ParseSemver(bad).status(), StatusCode::kInvalidInput, {"is not a version"}))
        << bad;
  }
}

// The precedence example of semver.org 2.0.0, item 11.
TEST(Semver, OrdersAsTheSpecificationsExample) {
  const std::vector<std::string> ordered = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                            "1.0.0-beta",   "1.0.0-beta.2",  "1.0.0-beta.11",
                                            "1.0.0-rc.1",   "1.0.0",         "2.0.0",
                                            "2.1.0",        "2.1.1"};
  for (size_t i = 0; i < ordered.size(); ++i) {
    for (size_t j = 0; j < ordered.size(); ++j) {
      int c = CompareSemver(*ParseSemver(ordered[i]), *ParseSemver(ordered[j]));
      int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(c < 0 ? -1 : (c > 0 ? 1 : 0), expected) << ordered[i] << " vs " << ordered[j];
    }
  }
}

Taxonomy Before() {
  return Taxonomy::FromParts(
      {{.id = "billing", .name = "Billing", .definition = "Money"},
       {.id = "billing.refund", .name = "Refund", .parent = "billing", .definition = "Back"},
       {.id = "shipping", .name = "Shipping"},
       {.id = "gone", .name = "Gone"}},
      {});
}

TEST(DiffTaxonomies, ListsEveryKindOfChangeById) {
  Taxonomy after = Taxonomy::FromParts(
      {{.id = "billing", .name = "Payments", .definition = "Money"},
       {.id = "billing.refund", .name = "Refund", .parent = "",
        .status = CategoryStatus::kDeprecated, .replaced_by = "returns", .definition = "Money back"},
       {.id = "returns", .name = "Returns"},
       {.id = "shipping", .name = "Shipping"}},
      {});
  TaxonomyChanges c = DiffTaxonomies(Before(), after);
  EXPECT_EQ(c.added, (std::vector<std::string>{"returns"}));
  EXPECT_EQ(c.removed, (std::vector<std::string>{"gone"}));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(c.renamed, (Pairs{{"billing", "Payments"}}));
  EXPECT_EQ(c.moved, (Pairs{{"billing.refund", ""}}));
  EXPECT_EQ(c.redefined, (std::vector<std::string>{"billing.refund"}));
  EXPECT_EQ(c.deprecated, (Pairs{{"billing.refund", "returns"}}));
  EXPECT_TRUE(DiffTaxonomies(after, after).empty());
}

TEST(MigrationMap, FollowsReplacementChainsToALiveCategory) {
  Taxonomy t = Taxonomy::FromParts(
      {{.id = "a", .name = "A", .status = CategoryStatus::kDeprecated, .replaced_by = "b"},
       {.id = "b", .name = "B", .status = CategoryStatus::kDeprecated, .replaced_by = "c"},
       {.id = "c", .name = "C"},
       {.id = "d", .name = "D", .status = CategoryStatus::kDeprecated},
       {.id = "x", .name = "X", .status = CategoryStatus::kDeprecated, .replaced_by = "y"},
       {.id = "y", .name = "Y", .status = CategoryStatus::kDeprecated, .replaced_by = "x"}},
      {});
  std::map<std::string, std::string> m = MigrationMap(t);
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"a", "c"}, {"b", "c"}, {"x", "x"}, {"y", "y"}}));
}

TEST(ReleaseCodec, RoundTripsEveryField) {
  ReleaseManifest m;
  m.version = "1.3.0-rc.2";
  m.released = "2026-11-28T02:00:00Z";
  m.released_by = "lead";
  m.commit = std::string(40, 'a');
  m.previous = "1.2.0";
  m.changelog = "Split \"billing\"\nand more";
  m.approvals = {"ana", "bo"};
  m.categories = 27;
  m.deprecated = 2;
  m.changes.added = {"n"};
  m.changes.renamed = {{"b", "Bee"}};
  m.changes.moved = {{"c", ""}};
  m.changes.redefined = {"d"};
  m.changes.deprecated = {{"e", "f"}};
  m.migration = {{"e", "f"}};
  std::string bytes = EncodeRelease(m);
  Result<ReleaseManifest> back = DecodeRelease(bytes, ReleasePath(m.version));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeRelease(*back), bytes);
  EXPECT_EQ(back->migration, m.migration);
  EXPECT_EQ(back->changes.renamed, m.changes.renamed);
  EXPECT_EQ(bytes.find("\"version\""), 4u) << "the version leads the file";
}

TEST(ReleaseCodec, ErrorsNameTheFileAndField) {
  const std::string path = "taxonomy/releases/1.0.0.json";
  EXPECT_TRUE(Fails(DecodeRelease("{\"commit\": \"c\"}", path).status(),
                    StatusCode::kInvalidInput, {path, "\"version\"", "missing"}));
  EXPECT_TRUE(Fails(DecodeRelease("{\"version\": \"2.0.0\", \"commit\": \"c\"}", path).status(),
                    StatusCode::kInvalidInput, {path, "\"version\"", "named otherwise"}));
  EXPECT_TRUE(Fails(DecodeRelease("{\"version\": \"1.0.0\", \"commit\": \"c\", \"categories\": -1}",
                                  path).status(),
                    StatusCode::kInvalidInput, {path, "\"categories\""}));
  EXPECT_TRUE(Fails(DecodeRelease("{\"version\": \"1.0.0\", \"commit\": \"c\", \"migration\": "
                                  "{\"a\": 1}}", path).status(),
                    StatusCode::kInvalidInput, {path, "migration.a"}));
  EXPECT_TRUE(Fails(DecodeRelease("[1]", path).status(), StatusCode::kInvalidInput, {path}));
}

TEST(DiffTaxonomies, NamesMergesSplitsAndEveryChangedField) {
  Taxonomy before = Taxonomy::FromParts(
      {{.id = "a", .name = "A", .definition = "x"},
       {.id = "b", .name = "B", .definition = "y"},
       {.id = "c", .name = "C", .definition = "z"},
       {.id = "d", .name = "D", .definition = "w"},
       {.id = "e", .name = "E", .definition = "v"},
       {.id = "whole", .name = "Whole", .definition = "u"}},
      {});
  Taxonomy after = Taxonomy::FromParts(
      {// a and b merged into the new category n
       {.id = "a", .name = "A", .status = CategoryStatus::kDeprecated, .replaced_by = "n",
        .definition = "x"},
       {.id = "b", .name = "B", .status = CategoryStatus::kDeprecated, .replaced_by = "n",
        .definition = "y"},
       {.id = "n", .name = "N", .definition = "t"},
       // d folded into the existing c
       {.id = "c", .name = "C", .definition = "z", .examples = {"one"}},
       {.id = "d", .name = "D", .status = CategoryStatus::kDeprecated, .replaced_by = "c",
        .definition = "w"},
       // e deprecated into a category new here, alone: not a merge
       {.id = "e", .name = "E", .status = CategoryStatus::kDeprecated, .replaced_by = "f",
        .definition = "v"},
       {.id = "f", .name = "F", .definition = "s"},
       {.id = "whole", .name = "Whole", .status = CategoryStatus::kDeprecated,
        .split_into = {"p1", "p2"}, .definition = "u", .sensitive = true},
       {.id = "p1", .name = "P1", .definition = "r"},
       {.id = "p2", .name = "P2", .definition = "q"}},
      {});
  TaxonomyChanges c = DiffTaxonomies(before, after);
  using Lists = std::vector<std::pair<std::string, std::vector<std::string>>>;
  EXPECT_EQ(c.merged, (Lists{{"c", {"d"}}, {"n", {"a", "b"}}}));
  EXPECT_EQ(c.split, (Lists{{"whole", {"p1", "p2"}}}));
  EXPECT_EQ(c.deprecated.size(), 5u);
  std::vector<CategoryFieldChange> want = {
      {"a", "status", "\"active\"", "\"deprecated\""},
      {"a", "replaced_by", "\"\"", "\"n\""},
      {"b", "status", "\"active\"", "\"deprecated\""},
      {"b", "replaced_by", "\"\"", "\"n\""},
      {"c", "examples", "[]", "[\"one\"]"},
      {"d", "status", "\"active\"", "\"deprecated\""},
      {"d", "replaced_by", "\"\"", "\"c\""},
      {"e", "status", "\"active\"", "\"deprecated\""},
      {"e", "replaced_by", "\"\"", "\"f\""},
      {"whole", "status", "\"active\"", "\"deprecated\""},
      {"whole", "split_into", "[]", "[\"p1\",\"p2\"]"},
      {"whole", "sensitive", "false", "true"}};
  EXPECT_EQ(c.fields, want);
}

TEST(ReleaseCodec, RoundTripsMergesSplitsAndFields) {
  ReleaseManifest m;
  m.version = "2.0.0";
  m.commit = std::string(40, 'b');
  m.changes.merged = {{"c", {"d"}}, {"n", {"a", "b"}}};
  m.changes.split = {{"whole", {"p1", "p2"}}};
  m.changes.fields = {{"a", "name", "\"A\"", "\"Apple\""},
                      {"a", "examples", "[]", "[\"x\"]"},
                      {"b", "sensitive", "false", "true"}};
  std::string bytes = EncodeRelease(m);
  Result<ReleaseManifest> back = DecodeRelease(bytes, ReleasePath(m.version));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->changes.merged, m.changes.merged);
  EXPECT_EQ(back->changes.split, m.changes.split);
  EXPECT_EQ(back->changes.fields, m.changes.fields);
  EXPECT_EQ(EncodeRelease(*back), bytes);
  EXPECT_NE(bytes.find("\"before\": \"A\""), std::string::npos) << "values stay readable JSON";
}

TEST(ReleaseCodec, ManifestsWrittenBeforeMergesAndFieldsStillDecode) {
  const std::string old =
      "{\n  \"version\": \"1.0.0\",\n  \"commit\": \"" + std::string(40, 'a') +
      "\",\n  \"changes\": {\"added\": [\"x\"], \"removed\": [], \"renamed\": {}, "
      "\"moved\": {}, \"redefined\": [], \"deprecated\": {\"y\": \"x\"}},\n"
      "  \"migration\": {\"y\": \"x\"}\n}\n";
  Result<ReleaseManifest> m = DecodeRelease(old, "taxonomy/releases/1.0.0.json");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->changes.added, (std::vector<std::string>{"x"}));
  EXPECT_TRUE(m->changes.merged.empty());
  EXPECT_TRUE(m->changes.fields.empty());
  EXPECT_TRUE(Fails(DecodeRelease("{\"version\": \"1.0.0\", \"commit\": \"c\", \"changes\": "
                                  "{\"merged\": {\"n\": \"a\"}}}",
                                  "taxonomy/releases/1.0.0.json").status(),
                    StatusCode::kInvalidInput, {"changes.merged.n"}));
}

}  // namespace
}  // namespace taxa::core
