// `taxa calibrate` end to end: seeded rounds committed as files, and their
// reports checked against independent Python code on the same labels.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/quality_fixture.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::QualityFixture;
using taxa::testing::WriteText;

class CalibrationCli : public QualityFixture {};

TEST_F(CalibrationCli, StartCommitsAReproducibleRound) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json r1 = Json("-C p calibrate start r1 --items 12 --annotators cy,ann,bob --seed 9");
  EXPECT_EQ(r1["item_count"], 12);
  EXPECT_EQ(r1["annotators"], nlohmann::json({"ann", "bob", "cy"}));
  EXPECT_EQ(r1["plan"], "random");
  EXPECT_EQ(r1["seed"], 9);

  // One commit with the round's file and trailers; pretty JSON, fixed key order.
  std::string message = Git("p log -1 --format=%B");
  EXPECT_NE(message.find("Taxa-Action: calibrate.start"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Calibration: r1"), std::string::npos) << message;
  std::string file = Git("p show HEAD:calibration/r1.json");
  nlohmann::ordered_json stored = nlohmann::ordered_json::parse(file);
  std::vector<std::string> keys;
  for (auto it = stored.begin(); it != stored.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "created", "created_by", "commit", "taxonomy",
                                            "plan", "seed", "annotators", "items"}));
  EXPECT_EQ(stored["items"], r1["items"]);
  EXPECT_NE(file.find("\n  \"name\": \"r1\",\n"), std::string::npos) << file;

  // The same seed draws the same items; another seed, others.
  nlohmann::json r2 = Json("-C p calibrate start r2 --items 12 --annotators ann,bob --seed 9");
  EXPECT_EQ(r2["items"], r1["items"]);
  nlohmann::json r3 = Json("-C p calibrate start r3 --items 12 --annotators ann,bob --seed 10");
  EXPECT_NE(r3["items"], r1["items"]);
  std::set<std::string> distinct;
  for (const auto& i : r3["items"]) distinct.insert(i.get<std::string>());
  EXPECT_EQ(distinct.size(), 12u);

  CommandResult again = Taxa("-C p calibrate start r1 --items 3 --annotators ann,bob");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("calibration round \"r1\" already exists"), std::string::npos)
      << again.err;
  CommandResult lonely = Taxa("-C p calibrate start r4 --items 3 --annotators ann");
  EXPECT_EQ(lonely.exit_code, 1);
  EXPECT_NE(lonely.err.find("at least two annotators"), std::string::npos) << lonely.err;
  CommandResult many = Taxa("-C p calibrate start r4 --items 41 --annotators ann,bob");
  EXPECT_EQ(many.exit_code, 1);
  EXPECT_NE(many.err.find("a calibration round of 41 items, but the project has 40"),
            std::string::npos)
      << many.err;

  nlohmann::json list = Json("-C p calibrate list");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["name"], "r1");
  EXPECT_EQ(list[2]["name"], "r3");
}

TEST_F(CalibrationCli, StratifiedSampleKeepsTheSlicesShares) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // 24 email and 16 chat items: 10 of 40 gives 6 and 4.
  nlohmann::json r =
      Json("-C p calibrate start s1 --items 10 --sample stratified:source --annotators ann,bob");
  EXPECT_EQ(r["plan"], "stratified:source");
  int email = 0, chat = 0;
  for (const auto& item : r["items"]) {
    int i = std::stoi(item.get<std::string>().substr(1));
    (i % 5 < 3 ? email : chat)++;
  }
  EXPECT_EQ(email, 6);
  EXPECT_EQ(chat, 4);
  CommandResult bad = Taxa("-C p calibrate start s2 --items 3 --sample cluster --annotators a,b");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("unknown sampling plan \"cluster\""), std::string::npos) << bad.err;
}

TEST_F(CalibrationCli, ReportMatchesIndependentFigures) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json round =
      Json("-C p calibrate start r1 --items 20 --annotators ann,bob,cy --seed 4");
  WriteText(tmp_ / "round.json", round["items"].dump());
  nlohmann::json reference =
      Py("items = set(json.load(open('round.json')))\n"
         "u = units(keep=lambda r: r['item'] in items)\n"
         "out = {'alpha': alpha(u, nominal), 'per': {}, 'labeled': Counter(), 'dis': Counter(),"
         " 'cmp': Counter(), 'confused': Counter()}\n"
         "for c in sorted({r['value'] for r in rows() if r['item'] in items}):\n"
         "    out['per'][c] = alpha(units(keep=lambda r: r['item'] in items,"
         " value=lambda r: r['value'] == c), nominal)\n"
         "by_item = defaultdict(dict)\n"
         "for r in rows():\n"
         "    if r['item'] in items: by_item[r['item']][r['annotator']] = r['value']\n"
         "for item, votes in by_item.items():\n"
         "    for a in votes: out['labeled'][a] += 1\n"
         "    counts = Counter(votes.values()).most_common()\n"
         "    if len(votes) >= 2 and (len(counts) == 1 or counts[0][1] > counts[1][1]):\n"
         "        for a, v in votes.items():\n"
         "            out['cmp'][a] += 1\n"
         "            out['dis'][a] += v != counts[0][0]\n"
         "    for a, b in itertools.combinations(sorted(votes), 2):\n"
         "        if votes[a] != votes[b]: out['confused'][' / '.join(sorted([votes[a], "
         "votes[b]]))] += 1\n"
         "print(json.dumps(out))\n");
  nlohmann::json report = Json("-C p calibrate report r1");
  EXPECT_NEAR(report["overall"]["value"].get<double>(), reference["alpha"].get<double>(), 1e-9);
  ASSERT_TRUE(report["overall"]["ci"].is_array()) << report["overall"];
  EXPECT_LE(report["overall"]["ci"][0].get<double>(), report["overall"]["ci"][1].get<double>());
  ASSERT_EQ(report["per_category"].size(), reference["per"].size());
  for (const auto& row : report["per_category"]) {
    const std::string c = row["category"].get<std::string>();
    EXPECT_NEAR(row["value"].get<double>(), reference["per"][c].get<double>(), 1e-9) << c;
  }
  for (const auto& a : report["annotators"]) {
    const std::string name = a["annotator"].get<std::string>();
    EXPECT_EQ(a["labeled"], reference["labeled"][name]) << name;
    EXPECT_EQ(a["compared"], reference["cmp"][name]) << name;
    EXPECT_EQ(a["disagreements"], reference["dis"][name]) << name;
  }
  ASSERT_FALSE(report["most_confused"].empty());
  for (const auto& p : report["most_confused"]) {
    const std::string key = p["a"].get<std::string>() + " / " + p["b"].get<std::string>();
    EXPECT_EQ(p["total"], reference["confused"][key]) << key;
  }
  std::string plain = Ok("-C p calibrate report r1");
  EXPECT_NE(plain.find("Most confused categories"), std::string::npos) << plain;
  EXPECT_NE(plain.find("labeled"), std::string::npos) << plain;

  CommandResult missing = Taxa("-C p calibrate report nope");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no calibration round \"nope\""), std::string::npos) << missing.err;
}

TEST_F(CalibrationCli, CompareShowsTheChangeBetweenRounds) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json a = Json("-C p calibrate start a --items 20 --annotators ann,bob,cy --seed 1");
  nlohmann::json b = Json("-C p calibrate start b --items 20 --annotators ann,bob --seed 2");
  WriteText(tmp_ / "a.json", a["items"].dump());
  WriteText(tmp_ / "b.json", b["items"].dump());
  nlohmann::json reference =
      Py("ia = set(json.load(open('a.json'))); ib = set(json.load(open('b.json')))\n"
         "print(json.dumps([alpha(units(keep=lambda r: r['item'] in ia), nominal),"
         " alpha(units(keep=lambda r: r['item'] in ib and r['annotator'] != 'cy'), nominal)]))\n");
  nlohmann::json rows = Json("-C p calibrate compare a b");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["overall"], true);
  EXPECT_NEAR(rows[0]["a"].get<double>(), reference[0].get<double>(), 1e-9);
  EXPECT_NEAR(rows[0]["b"].get<double>(), reference[1].get<double>(), 1e-9);
  EXPECT_NEAR(rows[0]["change"].get<double>(),
              reference[1].get<double>() - reference[0].get<double>(), 1e-9);
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_TRUE(rows[i].contains("category"));
}

}  // namespace
}  // namespace taxa
