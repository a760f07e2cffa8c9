// The Quality page's API: the confusion of two annotators, quality over
// time, gold with accuracy, consensus by pages, and calibration rounds,
// through a real HTTP client against what the test itself posted.
#include <map>
#include <set>
#include <string>

#include "web/quality_fixture.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

class WebQuality : public QualityServed {
 protected:
  json Json(const std::string& path, int status = 200) {
    httplib::Result r = Get(path, "al");  // an auditor reads all of it
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
};

TEST_F(WebQuality, ConfusionCountsWhatEachPairOfAnnotatorsSaid) {
  ServeWithLabels();
  json c = Json("/api/v1/quality/confusion?a=ben&b=cy");
  std::map<std::pair<std::string, std::string>, int> want;
  for (int i = 1; i <= kItems; ++i) ++want[{BenSays(i), CySays(i)}];
  std::map<std::pair<std::string, std::string>, int> got;
  const json& names = c["categories"];
  int total = 0;
  for (size_t t = 0; t < names.size(); ++t)
    for (size_t p = 0; p < names.size(); ++p)
      if (int n = c["matrix"][t][p].get<int>(); n > 0) {
        got[{names[t], names[p]}] = n;
        total += n;
      }
  EXPECT_EQ(got, want);
  EXPECT_EQ(total, kItems);
  EXPECT_EQ(c["total"], kItems);
  EXPECT_DOUBLE_EQ(c["accuracy"].get<double>(), 8.0 / 12.0);  // cy differs on t3, t6, t9, t12
  ASSERT_FALSE(c["most_confused"].empty());

  EXPECT_NE(Json("/api/v1/quality/confusion?a=ben", 400)["error"]["message"].get<std::string>().find(
                "two annotators"),
            std::string::npos);
  EXPECT_NE(Json("/api/v1/quality/confusion?a=ben&b=ben", 400)["error"]["message"]
                .get<std::string>()
                .find("twice"),
            std::string::npos);
}

TEST_F(WebQuality, AnyBreakdownOfAgreementAsTaxaAgreeGivesIt) {
  ServeWithLabels();
  // ben against cy per pair: Cohen's kappa as scikit-learn computes it from
  // the same labels.
  std::string ben, cy;
  for (int i = 1; i <= kItems; ++i) {
    ben += std::string(i > 1 ? "," : "") + "'" + BenSays(i) + "'";
    cy += std::string(i > 1 ? "," : "") + "'" + CySays(i) + "'";
  }
  CommandResult sk = RunCommand(
      "/usr/bin/python3 -c \"from sklearn.metrics import cohen_kappa_score as k; print(repr(k([" +
      ben + "], [" + cy + "])))\"");
  ASSERT_EQ(sk.exit_code, 0) << sk.out;
  json pairs = Json("/api/v1/quality/agree?per=pair");
  bool found = false;
  for (const json& row : pairs) {
    if (row["annotators"] != json::array({"ben", "cy"})) continue;
    found = true;
    EXPECT_NEAR(row["value"].get<double>(), std::stod(sk.out), 1e-12) << row.dump();
    EXPECT_EQ(row["items"], kItems);
  }
  EXPECT_TRUE(found) << pairs.dump();

  // Alpha with an interval from a seed: the same interval twice.
  json a = Json("/api/v1/quality/agree?metric=alpha&ci=0.9&seed=3");
  ASSERT_EQ(a.size(), 1u) << a.dump();
  ASSERT_TRUE(a[0]["ci"].is_array()) << a.dump();
  EXPECT_EQ(Json("/api/v1/quality/agree?metric=alpha&ci=0.9&seed=3"), a);

  // Bad options name the field, in the CLI's words.
  EXPECT_NE(Json("/api/v1/quality/agree?metric=kappa", 400).dump().find("metric"),
            std::string::npos);
  EXPECT_NE(Json("/api/v1/quality/agree?ci=high", 400).dump().find("ci"), std::string::npos);
  EXPECT_NE(Json("/api/v1/quality/agree?per=pair&by=lang", 400).dump().find("do not combine"),
            std::string::npos);
}

TEST_F(WebQuality, OverTimeAgreesWithTheOverviewWhenEveryLabelIsFromOneWeek) {
  ServeWithLabels();
  json periods = Json("/api/v1/quality/over-time")["periods"];
  ASSERT_FALSE(periods.empty());
  size_t labels = 0;
  for (const json& p : periods) {
    EXPECT_EQ(p["kind"], "week");  // no release yet: weeks only
    labels += p["labels"].get<size_t>();
  }
  EXPECT_EQ(labels, 2u * kItems);  // ben's and cy's; gold is not a label
  if (periods.size() == 1) {  // (a run across Monday 00:00 UTC splits them)
    json overview = Json("/api/v1/quality");
    EXPECT_EQ(periods[0]["items"], kItems);
    EXPECT_NEAR(periods[0]["alpha"].get<double>(), overview["overall"]["value"].get<double>(), 1e-12);
    EXPECT_EQ(periods[0]["gold_labels"], 8);  // t1..t4, by both
    EXPECT_DOUBLE_EQ(periods[0]["gold_accuracy"].get<double>(), 7.0 / 8.0);
  }
}

TEST_F(WebQuality, GoldComesInPagesWithEachAnnotatorsAccuracy) {
  ServeWithLabels();
  json first = Json("/api/v1/gold?limit=3");
  ASSERT_EQ(first["labels"].size(), 3u);
  EXPECT_EQ(first["total"], 4);
  ASSERT_EQ(first["next_cursor"], 3);
  json rest = Json("/api/v1/gold?limit=3&cursor=3");
  ASSERT_EQ(rest["labels"].size(), 1u);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  std::map<std::string, std::string> gold;
  for (const json& page : {first, rest})
    for (const json& g : page["labels"]) gold[g["item"]] = g["categories"][0];
  EXPECT_EQ(gold, (std::map<std::string, std::string>{
                      {"t1", GoldOf(1)}, {"t2", GoldOf(2)}, {"t3", GoldOf(3)}, {"t4", GoldOf(4)}}));
  std::map<std::string, double> accuracy;
  for (const json& a : first["accuracy"]["annotators"]) accuracy[a["annotator"]] = a["accuracy"];
  EXPECT_EQ(accuracy, (std::map<std::string, double>{{"ben", 1.0}, {"cy", 0.75}}));
  EXPECT_TRUE(first["accuracy_error"].is_null());
  EXPECT_EQ(Json("/api/v1/gold?limit=0", 400)["error"]["code"], "invalid_input");
}

TEST_F(WebQuality, ConsensusFollowsItsCursorThroughEveryItemOnce) {
  ServeWithLabels();
  std::set<std::string> seen;
  json page = Json("/api/v1/consensus?limit=5");
  EXPECT_EQ(page["total"], kItems);
  int pages = 1;
  for (;;) {
    EXPECT_LE(page["items"].size(), 5u);
    for (const json& item : page["items"]) {
      EXPECT_TRUE(seen.insert(item["item"]).second) << item;
      const int i = std::stoi(item["item"].get<std::string>().substr(1));
      if (BenSays(i) == CySays(i)) EXPECT_EQ(item["label"], BenSays(i)) << item;
      else EXPECT_EQ(item["tied"].size(), 2u) << item;
    }
    if (page["next_cursor"].is_null()) break;
    page = Json("/api/v1/consensus?limit=5&cursor=" + std::to_string(page["next_cursor"].get<int>()));
    ++pages;
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(pages, 3);
  json ds = Json("/api/v1/consensus?method=dawid-skene&limit=1");
  EXPECT_EQ(ds["method"], "dawid-skene");
  EXPECT_EQ(ds["items"].size(), 1u);
  EXPECT_EQ(ds["annotators"].size(), 2u);
  EXPECT_NE(Json("/api/v1/consensus?method=vote", 400)["error"]["message"].get<std::string>().find(
                "dawid-skene"),
            std::string::npos);
  EXPECT_EQ(Json("/api/v1/consensus?limit=100000", 400)["error"]["code"], "invalid_input");
}

TEST_F(WebQuality, CalibrationRoundsListTheirAgreementAndOneAnswersByName) {
  ServeWithLabels();
  EXPECT_EQ(Json("/api/v1/calibration")["rounds"], json::array());
  EXPECT_EQ(Json("/api/v1/calibration/r1", 404)["error"]["code"], "not_found");
  AddRound();
  json rounds = Json("/api/v1/calibration")["rounds"];
  ASSERT_EQ(rounds.size(), 1u);
  EXPECT_EQ(rounds[0]["round"]["name"], "r1");
  EXPECT_EQ(rounds[0]["round"]["item_count"], 4);
  EXPECT_FALSE(rounds[0]["round"].contains("items"));  // brief: no item list
  EXPECT_TRUE(rounds[0]["overall"].is_object()) << rounds[0].dump();
  json one = Json("/api/v1/calibration/r1");
  EXPECT_EQ(one["round"]["name"], "r1");
  EXPECT_EQ(one["overall"], rounds[0]["overall"]);
  EXPECT_EQ(one["annotators"].size(), 2u);
}

}  // namespace
}  // namespace taxa::testing
