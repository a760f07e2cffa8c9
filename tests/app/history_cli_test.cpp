// taxa history, diff, blame and labels --made-under, end to end.
#include <algorithm>
#include <string>
#include <vector>

#include "support/cli_fixture.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::testing {
namespace {

using nlohmann::json;

class HistoryCli : public CliFixture {
 protected:
  // The tickets project, released as 1.0.0, then a rename, a merge of
  // billing.refund into shipping (deprecate into an existing category) and
  // release 1.1.0.
  void MakeHistory() {
    MakeTicketsProject("p");
    Ok("-C p taxonomy release 1.0.0 -m first");
    Ok("-C p taxonomy edit billing --name Payments");
    Ok("-C p taxonomy deprecate billing.refund --replaced-by shipping");
    Ok("-C p taxonomy release 1.1.0 -m second");
  }
  std::string Head() {
    std::string h = Git("p rev-parse HEAD");
    h.pop_back();
    return h;
  }
};

TEST_F(HistoryCli, HistoryShowsTheTaxonomyAsItStoodAtARelease) {
  MakeHistory();
  json j = json::parse(Ok("-C p history --as-of 1.0.0 --json"));
  EXPECT_EQ(j["as_of"]["version"], "1.0.0");
  bool found = false;
  for (const json& c : j["taxonomy"]["categories"]) {
    if (c["id"] == "billing") {
      found = true;
      EXPECT_EQ(c["name"], "Billing");
    }
    if (c["id"] == "billing.refund") {
      EXPECT_EQ(c["status"], "active");
    }
  }
  EXPECT_TRUE(found);
  // Now, one category, every field.
  json now = json::parse(Ok("-C p history billing --json"));
  EXPECT_EQ(now["category"]["name"], "Payments");
  EXPECT_EQ(now["as_of"]["commit"], Head());
  EXPECT_TRUE(now["category"].contains("split_into"));
  // By a commit prefix, in text.
  std::string at = Git("p rev-list --max-count=1 HEAD~3");  // before the rename
  std::string text = Ok("-C p history billing --as-of " + at.substr(0, 8));
  EXPECT_NE(text.find("\"Billing\""), std::string::npos) << text;
  EXPECT_NE(text.find(at.substr(0, 10)), std::string::npos) << text;
}

TEST_F(HistoryCli, PointsThatDoNotExistFailWithOneLine) {
  MakeHistory();
  for (const auto& [point, says] :
       std::vector<std::pair<std::string, std::string>>{{"7.0.0", "no release 7.0.0 (released: 1.0.0, 1.1.0)"},
                                                        {"1999-12-31", "precedes the project"},
                                                        {"abcdef12", "no commit abcdef12"},
                                                        {"yesterday", "not a point of history"}}) {
    CommandResult r = Taxa("-C p history --as-of " + point);
    EXPECT_EQ(r.exit_code, 1) << point;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  CommandResult r = Taxa("-C p blame nothing");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no category \"nothing\""), std::string::npos) << r.err;
}

TEST_F(HistoryCli, DiffListsRenamesMergesAndFieldsBetweenReleases) {
  MakeHistory();
  json d = json::parse(Ok("-C p diff 1.0.0 1.1.0 --json"));
  EXPECT_EQ(d["renamed"], json({{"billing", "Payments"}}));
  EXPECT_EQ(d["merged"], json({{"shipping", {"billing.refund"}}}));
  EXPECT_EQ(d["deprecated"], json({{"billing.refund", "shipping"}}));
  EXPECT_EQ(d["fields"]["billing"]["name"], json({{"before", "Billing"}, {"after", "Payments"}}));
  EXPECT_EQ(d["fields"]["billing.refund"]["status"],
            json({{"before", "active"}, {"after", "deprecated"}}));
  EXPECT_EQ(d["added"], json::array());
  // The release manifest records the same diff.
  json manifest = json::parse(Git("p show HEAD:taxonomy/releases/1.1.0.json"));
  EXPECT_EQ(manifest["changes"], d);
  std::string text = Ok("-C p diff 1.0.0 1.1.0");
  EXPECT_NE(text.find("merged      billing.refund -> shipping"), std::string::npos) << text;
  EXPECT_NE(text.find("billing.name: \"Billing\" -> \"Payments\""), std::string::npos) << text;
}

TEST_F(HistoryCli, BlameNamesWhoChangedEachFieldWhyAndWhoApproved) {
  MakeHistory();
  // A definition changed by hand with the trailers of the convention.
  std::string file = tmp_ / "p/taxonomy/categories/shipping.json";
  std::string bytes = ReadText(file);
  size_t at = bytes.find("\"Parcels\"");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 9, "\"Parcels and letters\"");
  WriteText(file, bytes);
  Git("p -c user.name=dana -c user.email=dana@x commit -q -a -m 'Widen shipping' -m "
      "'Taxa-Action: category.edit\nTaxa-Rationale: letters were unlabeled\nTaxa-Approved-By: "
      "ana (lead)'");
  std::string edit = Head();
  json b = json::parse(Ok("-C p blame shipping --json"));
  ASSERT_TRUE(b.is_array());
  bool seen = false;
  for (const json& f : b) {
    if (f["field"] == "definition") {
      seen = true;
      EXPECT_EQ(f["value"], "Parcels and letters");
      EXPECT_EQ(f["commit"], edit);
      EXPECT_EQ(f["author"], "dana");
      EXPECT_EQ(f["rationale"], "letters were unlabeled");
      EXPECT_EQ(f["approved_by"], json({"ana (lead)"}));
    }
    if (f["field"] == "name") {
      EXPECT_EQ(f["author"], "tester");
      EXPECT_EQ(f["rationale"], nullptr);
      EXPECT_EQ(f["approved_by"], json::array());
    }
  }
  EXPECT_TRUE(seen);
  std::string text = Ok("-C p blame shipping");
  EXPECT_NE(text.find("why: letters were unlabeled  approved by: ana (lead)"), std::string::npos)
      << text;
}

TEST_F(HistoryCli, LabelsMadeUnderAReleaseListsThoseMadeWhileItWasTheLatest) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing");
  Ok("-C p taxonomy release 1.0.0 -m first");
  Ok("-C p label t2 shipping");
  Ok("-C p taxonomy edit shipping --definition 'Parcels, late or lost'");
  Ok("-C p label t3 shipping --as bob");
  Ok("-C p taxonomy release 1.1.0 -m second");
  Ok("-C p label t4 billing");
  json j = json::parse(Ok("-C p labels --made-under 1.0.0 --json"));
  std::vector<std::string> items;
  for (const json& l : j["labels"]) items.push_back(l["item"]);
  std::sort(items.begin(), items.end());
  EXPECT_EQ(items, (std::vector<std::string>{"t2", "t3"}));
  EXPECT_EQ(j["unresolved"], 0);
  std::string text = Ok("-C p labels --made-under 1.1.0");
  EXPECT_NE(text.find("t4"), std::string::npos) << text;
  EXPECT_EQ(text.find("t1"), std::string::npos) << text;
  EXPECT_NE(text.find("1 label(s) made under 1.1.0"), std::string::npos) << text;
  CommandResult r = Taxa("-C p labels --made-under 3.0.0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no release 3.0.0"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace taxa::testing
