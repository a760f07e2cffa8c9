// `taxa agree` inside a project, end to end through the binary, its numbers
// checked against independent Python code on the same labels.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/quality_fixture.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::QualityFixture;
using taxa::testing::WriteText;

class QualityCli : public QualityFixture {};

TEST_F(QualityCli, ProjectAlphaMatchesAnIndependentAlpha) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  const double reference = Py("print(json.dumps(alpha(units(), nominal)))").get<double>();
  nlohmann::json j = Json("-C p agree");
  EXPECT_NEAR(j["value"].get<double>(), reference, 1e-9);
  EXPECT_EQ(j["metric"], "alpha");
  EXPECT_EQ(j["level"], "nominal");
  EXPECT_GT(reference, 0.2);  // the labels carry real agreement
  std::string plain = Ok("-C p agree");
  EXPECT_NE(plain.find("Krippendorff's alpha"), std::string::npos) << plain;
}

TEST_F(QualityCli, ProjectAgreeEqualsAgreeOnTheSameRatingsInAFile) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // ratings.csv lists the labels in the project's item order, as the index
  // hands them over, so even the bootstrap draws the same items.
  for (const char* args : {"", " --ci 0.9 --seed 3", " --metric percent", " --metric fleiss"}) {
    CommandResult in_project = Taxa("-C p agree --json" + std::string(args));
    CommandResult on_file = Taxa("agree ratings.csv --json" + std::string(args));
    EXPECT_EQ(in_project.exit_code, on_file.exit_code) << args << in_project.err << on_file.err;
    EXPECT_EQ(in_project.out, on_file.out) << args;
    EXPECT_EQ(in_project.err, on_file.err) << args;
  }
}

TEST_F(QualityCli, PerCategoryIsOneVsRestAlpha) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference =
      Py("out = {}\n"
         "for c in sorted({r['value'] for r in rows()}):\n"
         "    out[c] = alpha(units(value=lambda r: r['value'] == c), nominal)\n"
         "print(json.dumps(out))\n");
  nlohmann::json rows = Json("-C p agree --per category");
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), reference.size());
  for (const nlohmann::json& row : rows) {
    std::string c = row["category"].get<std::string>();
    EXPECT_NEAR(row["value"].get<double>(), reference[c].get<double>(), 1e-9) << c;
    EXPECT_EQ(row["metric"], "alpha");
  }
  std::string plain = Ok("-C p agree --per category");
  EXPECT_NE(plain.find("billing.refund"), std::string::npos) << plain;
}

TEST_F(QualityCli, PerLevelMapsLabelsToTheirAncestors) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference =
      Py("print(json.dumps([alpha(units(value=lambda r: path(r['value'])[0]), nominal),"
         " alpha(units(), nominal)]))\n");
  nlohmann::json rows = Json("-C p agree --per level");
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["depth"], 1);
  EXPECT_NEAR(rows[0]["value"].get<double>(), reference[0].get<double>(), 1e-9);
  EXPECT_EQ(rows[1]["depth"], 2);
  EXPECT_NEAR(rows[1]["value"].get<double>(), reference[1].get<double>(), 1e-9);
  // The mapping changes the data: two categories under one parent become one.
  EXPECT_NE(reference[0].get<double>(), reference[1].get<double>());
}

TEST_F(QualityCli, PerPairMatchesScikitLearnsKappa) {
  if (std::string why = MissingSklearn(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference = Py(
      "from sklearn.metrics import cohen_kappa_score\n"
      "by = defaultdict(dict)\n"
      "for r in rows(): by[r['annotator']][r['item']] = r['value']\n"
      "out = []\n"
      "for a, b in itertools.combinations(sorted(by), 2):\n"
      "    common = sorted(set(by[a]) & set(by[b]))\n"
      "    x = [by[a][i] for i in common]; y = [by[b][i] for i in common]\n"
      "    out.append([a, b, cohen_kappa_score(x, y), sum(p == q for p, q in zip(x, y)) / len(x),"
      " len(common)])\n"
      "print(json.dumps(out))\n");
  nlohmann::json rows = Json("-C p agree --per pair");
  ASSERT_EQ(rows.size(), 3u) << rows;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(rows[i]["annotators"][0], reference[i][0]);
    EXPECT_EQ(rows[i]["annotators"][1], reference[i][1]);
    EXPECT_EQ(rows[i]["metric"], "cohen");
    EXPECT_NEAR(rows[i]["value"].get<double>(), reference[i][2].get<double>(), 1e-9);
    EXPECT_NEAR(rows[i]["percent"].get<double>(), reference[i][3].get<double>(), 1e-12);
    EXPECT_EQ(rows[i]["items"], reference[i][4]);
  }
}

TEST_F(QualityCli, ByMetadataSlicesItems) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference =
      Py("src = {'t%02d' % i: ('email' if i % 5 < 3 else 'chat') for i in range(40)}\n"
         "print(json.dumps({s: alpha(units(keep=lambda r: src[r['item']] == s), nominal)"
         " for s in ('chat', 'email')}))\n");
  nlohmann::json rows = Json("-C p agree --by source");
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["source"], "chat");
  EXPECT_EQ(rows[1]["source"], "email");
  for (const nlohmann::json& row : rows)
    EXPECT_NEAR(row["value"].get<double>(),
                reference[row["source"].get<std::string>()].get<double>(), 1e-9);
}

TEST_F(QualityCli, ByVendorReadsVendorsFromSettings) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  CommandResult none = Taxa("-C p agree --by vendor");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("\"vendors\""), std::string::npos) << none.err;

  // A lead edits taxa.json by hand and commits it with git.
  nlohmann::ordered_json settings = nlohmann::ordered_json::parse(Git("p show HEAD:taxa.json"));
  settings["vendors"] = {{"acme", {"bob", "ann"}}, {"globex", {"cy"}}};
  WriteText(tmp_ / "p/taxa.json", settings.dump(2) + "\n");
  Git("p -c user.name=lead -c user.email=lead@x commit -q -am vendors");

  nlohmann::json reference =
      Py("print(json.dumps(alpha(units(keep=lambda r: r['annotator'] in ('ann', 'bob')), "
         "nominal)))\n");
  nlohmann::json rows = Json("-C p agree --by vendor");
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["vendor"], "acme");
  EXPECT_NEAR(rows[0]["value"].get<double>(), reference.get<double>(), 1e-9);
  EXPECT_EQ(rows[1]["vendor"], "globex");  // one annotator: no agreement to measure
  EXPECT_TRUE(rows[1]["value"].is_null());
  EXPECT_NE(rows[1]["error"].get<std::string>().find("annotator"), std::string::npos) << rows[1];
}

TEST_F(QualityCli, TreeLevelUsesPathLengthInTheTaxonomy) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  const double reference = Py("print(json.dumps(alpha(units(), tree)))").get<double>();
  nlohmann::json j = Json("-C p agree --level tree");
  EXPECT_NEAR(j["value"].get<double>(), reference, 1e-9);
  EXPECT_EQ(j["level"], "tree");
  // A file has no taxonomy to measure paths in.
  CommandResult r = Taxa("agree ratings.csv --level tree");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("level \"tree\" needs the project's taxonomy"), std::string::npos) << r.err;
}

TEST_F(QualityCli, BadBreakdownsAreUsageErrors) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  CommandResult r = Taxa("-C p agree --per annotator");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find("unknown breakdown \"annotator\" (expected overall, category, level or pair)"),
      std::string::npos)
      << r.err;
  r = Taxa("-C p agree --per category --by source");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("per \"category\" and by \"source\" do not combine"), std::string::npos)
      << r.err;
  r = Taxa("agree ratings.csv --per category");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("run without FILE"), std::string::npos) << r.err;
}

TEST_F(QualityCli, AProjectWithoutLabelsSaysSo) {
  Ok("init e --name Empty");
  CommandResult r = Taxa("-C e agree");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no labels yet"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace taxa
