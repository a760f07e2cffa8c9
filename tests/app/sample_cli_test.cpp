// `taxa sample` end to end: ISO 2859-1 plans and zero-acceptance sizes
// without a project (checked against the published table and the formula,
// worked out by hand), and stored plans whose draws are checked against the
// independent Python reimplementation of core/sampling.h
// (tests/support/sampling_reference.py).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/quality_fixture.h"
#include "support/ratings_checks.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::kPython;
using taxa::testing::QualityFixture;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class SampleCli : public QualityFixture {
 protected:
  // The reference's positions for one request, as item ids of the project
  // MakeProject makes (t00..t39 in project order).
  std::vector<std::string> Reference(const nlohmann::json& request) {
    WriteText(tmp_ / "request.jsonl", request.dump() + "\n");
    CommandResult r = RunCommand(std::string(kPython) + " " TAXA_TEST_SUPPORT_DIR
                                 "/sampling_reference.py < " + (tmp_ / "request.jsonl"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> ids;
    for (size_t p : nlohmann::json::parse(r.out).get<std::vector<size_t>>())
      ids.push_back(ItemId(static_cast<int>(p)));
    return ids;
  }
  static std::vector<std::string> Ids(const nlohmann::json& plan) {
    return plan["items"].get<std::vector<std::string>>();
  }
  std::map<std::string, std::pair<uint64_t, uint64_t>> Strata(const nlohmann::json& plan) {
    std::map<std::string, std::pair<uint64_t, uint64_t>> out;  // name -> (population, drawn)
    for (const auto& s : plan["strata"])
      out[s["name"].get<std::string>()] = {s["population"].get<uint64_t>(),
                                           s["drawn"].get<uint64_t>()};
    return out;
  }
  static bool HavePython() { return RunCommand(std::string("test -x ") + kPython).exit_code == 0; }
};

TEST_F(SampleCli, AcceptancePlanNeedsNoProject) {
  // Lot 3201..10000 at level II is code L (n 200): the published cell at
  // AQL 1.0 is 5/6, at AQL 2.5 it is 10/11.
  nlohmann::json l = Json("sample plan --lot 5000 --aql 1.0");
  EXPECT_EQ(l["code"], "L");
  EXPECT_EQ(l["n"], 200);
  EXPECT_EQ(l["ac"], 5);
  EXPECT_EQ(l["re"], 6);
  nlohmann::json l25 = Json("sample plan --lot 5000 --aql 2.5 --level II");
  EXPECT_EQ(l25["ac"], 10);
  EXPECT_EQ(l25["re"], 11);
  // An arrow: F (lot 91..150) at 1.0 points up to E's 0/1, so E and 13 print.
  nlohmann::json f = Json("sample plan --lot 150 --aql 1.0");
  EXPECT_EQ(f["code"], "E");
  EXPECT_EQ(f["lot_code"], "F");
  EXPECT_EQ(f["n"], 13);
  EXPECT_EQ(f["ac"], 0);
  EXPECT_EQ(f["arrow"], "up");
  // Level III for lot 5000 is M: n 315, 7/8 at AQL 1.0.
  nlohmann::json m = Json("sample plan --lot 5000 --aql 1.0 --level III");
  EXPECT_EQ(m["code"], "M");
  EXPECT_EQ(m["ac"], 7);

  std::string text = Ok("sample plan --lot 150 --aql 1.0");
  EXPECT_NE(text.find("sample size code letter F"), std::string::npos) << text;
  EXPECT_NE(text.find("arrow up at F"), std::string::npos) << text;
  EXPECT_NE(text.find("Code E: inspect 13 items; accept the lot only with none nonconforming, "
                      "reject it with 1 or more"),
            std::string::npos)
      << text;
  // n >= lot: 100% inspection, said so.
  nlohmann::json all = Json("sample plan --lot 5 --aql 1.0");
  EXPECT_EQ(all["n"], 5);
  EXPECT_EQ(all["hundred_percent"], true);
  EXPECT_NE(Ok("sample plan --lot 5 --aql 1.0").find("inspect all 5 items (100% inspection)"),
            std::string::npos);
}

TEST_F(SampleCli, ZeroAcceptanceSizeFollowsTheFormula) {
  // ceil(ln(0.05) / ln(0.95)) = ceil(58.40) = 59; ceil(ln(0.01)/ln(0.99)) = 459.
  EXPECT_EQ(Json("sample plan --zero-acceptance --confidence 0.95 --defect-rate 0.05")["n"], 59);
  EXPECT_EQ(Json("sample plan --zero-acceptance --confidence 0.99 --defect-rate 0.01")["n"], 459);
  std::string text = Ok("sample plan --zero-acceptance --confidence 0.9 --defect-rate 0.1");
  EXPECT_NE(text.find("inspect 22 items"), std::string::npos) << text;
}

TEST_F(SampleCli, BadPlanRequestsFailWithTheReason) {
  CommandResult aql = Taxa("sample plan --lot 5000 --aql 3");
  EXPECT_EQ(aql.exit_code, 1);
  EXPECT_NE(aql.err.find("AQL 3 is not one of ISO 2859-1's"), std::string::npos) << aql.err;
  CommandResult lot = Taxa("sample plan --lot 1 --aql 1.0");
  EXPECT_EQ(lot.exit_code, 1);
  EXPECT_NE(lot.err.find("lot size 1"), std::string::npos) << lot.err;
  CommandResult level = Taxa("sample plan --lot 50 --aql 1.0 --level IV");
  EXPECT_EQ(level.exit_code, 1);
  EXPECT_NE(level.err.find("inspection level \"IV\""), std::string::npos) << level.err;
  CommandResult percent = Taxa("sample plan --zero-acceptance --confidence 95 --defect-rate 0.01");
  EXPECT_EQ(percent.exit_code, 1);
  EXPECT_NE(percent.err.find("confidence 95: give a fraction between 0 and 1"), std::string::npos)
      << percent.err;
  CommandResult neither = Taxa("sample plan --lot 50");
  EXPECT_EQ(neither.exit_code, 1);
  EXPECT_NE(neither.err.find("needs --lot N and --aql A"), std::string::npos) << neither.err;
}

TEST_F(SampleCli, RandomPlansAreCommittedAndDrawTheReferencesItems) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json a1 = Json("-C p sample create a1 --size 10 --seed 9");
  EXPECT_EQ(a1["method"], "random");
  EXPECT_EQ(a1["population"], 40);
  EXPECT_EQ(a1["size"], 10);
  if (HavePython()) {
    EXPECT_EQ(Ids(a1), Reference({{"kind", "random"}, {"population", 40}, {"n", 10}, {"seed", 9}}));
  }

  std::string message = Git("p log -1 --format=%B");
  EXPECT_NE(message.find("Taxa-Action: plan.create"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Plan: a1"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Seed: 9"), std::string::npos) << message;
  nlohmann::json stored = nlohmann::json::parse(Git("p show HEAD:plans/a1.json"));
  EXPECT_EQ(stored["items"], a1["items"]);
  EXPECT_EQ(Json("-C p sample show a1"), a1);

  // The same seed draws the same items; another seed, others.
  EXPECT_EQ(Ids(Json("-C p sample create a2 --size 10 --seed 9")), Ids(a1));
  EXPECT_NE(Ids(Json("-C p sample create a3 --size 10 --seed 10")), Ids(a1));
  nlohmann::json list = Json("-C p sample list");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["name"], "a1");
  EXPECT_FALSE(list[0].contains("items"));

  std::string shown = Ok("-C p sample show a1");
  EXPECT_NE(shown.find("Sampling plan a1: random, seed 9, 10 of 40 items"), std::string::npos)
      << shown;
  EXPECT_NE(shown.find("\n" + Ids(a1)[0] + "\n"), std::string::npos) << shown;
}

TEST_F(SampleCli, StratifiedPlansAllocateAsDocumented) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // source: email for i % 5 < 3 (24 items), chat otherwise (16).
  std::vector<std::string> source;
  for (int i = 0; i < 40; ++i) source.push_back(i % 5 < 3 ? "email" : "chat");
  nlohmann::json prop = Json("-C p sample create s1 --method stratified --by meta:source "
                             "--size 10 --seed 4");
  using Counts = std::map<std::string, std::pair<uint64_t, uint64_t>>;
  // Proportional: 10 * 24/40 = 6 and 10 * 16/40 = 4.
  EXPECT_EQ(Strata(prop), (Counts{{"chat", {16, 4}}, {"email", {24, 6}}}));
  EXPECT_EQ(prop["allocation"], "proportional");
  // Equal: 5 and 5; 35: 17 or 18 each would exceed chat's 16, so chat gives
  // 16 and email takes 19.
  nlohmann::json equal = Json("-C p sample create s2 --method stratified --by meta:source "
                              "--allocation equal --size 10 --seed 4");
  EXPECT_EQ(Strata(equal), (Counts{{"chat", {16, 5}}, {"email", {24, 5}}}));
  nlohmann::json most = Json("-C p sample create s3 --method stratified --by meta:source "
                             "--allocation equal --size 35 --seed 4");
  EXPECT_EQ(Strata(most), (Counts{{"chat", {16, 16}}, {"email", {24, 19}}}));
  if (HavePython()) {
    EXPECT_EQ(Ids(prop), Reference({{"kind", "stratified"}, {"strata", source}, {"n", 10},
                                    {"seed", 4}}));
    EXPECT_EQ(Ids(equal), Reference({{"kind", "stratified_equal"}, {"strata", source}, {"n", 10},
                                     {"seed", 4}}));
  }
}

TEST_F(SampleCli, StratifiedByCategoryUsesEachItemsMajorityCategory) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // Each item's category worked out here from the labels the fixture made:
  // the most frequent, ties to the id that sorts first, "" when unlabeled.
  std::map<std::string, std::map<std::string, int>> votes;
  for (const auto& l : labels_) ++votes[l.item][l.category];
  std::vector<std::string> strata;
  std::map<std::string, std::pair<uint64_t, uint64_t>> expected;
  for (int i = 0; i < 40; ++i) {
    std::string best;
    int most = 0;
    for (const auto& [c, n] : votes[ItemId(i)])
      if (n > most) most = n, best = c;
    strata.push_back(best);
    ++expected[best].first;
  }
  nlohmann::json plan = Json("-C p sample create c1 --method stratified --by category "
                             "--allocation equal --size 12 --seed 3");
  auto got = Strata(plan);
  ASSERT_EQ(got.size(), expected.size());
  for (const auto& [name, counts] : expected) EXPECT_EQ(got[name].first, counts.first) << name;
  if (HavePython()) {
    EXPECT_EQ(Ids(plan), Reference({{"kind", "stratified_equal"}, {"strata", strata}, {"n", 12},
                                    {"seed", 3}}));
  }
  // By annotator: every item was labeled by ann, bob or cy (or no one).
  nlohmann::json by_annotator = Json("-C p sample create c2 --method stratified --by annotator "
                                     "--size 12 --seed 3");
  uint64_t total = 0;
  for (const auto& [name, counts] : Strata(by_annotator)) {
    EXPECT_TRUE(std::set<std::string>({"", "ann", "bob", "cy"}).count(name)) << name;
    total += counts.first;
  }
  EXPECT_EQ(total, 40u);
  CommandResult vendor = Taxa("-C p sample create c3 --method stratified --by vendor --size 5");
  EXPECT_EQ(vendor.exit_code, 1);
  EXPECT_NE(vendor.err.find("needs \"vendors\""), std::string::npos) << vendor.err;
}

TEST_F(SampleCli, StratifiedByAnnotatorAndVendorUseWhoLabeledFirst) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // The fixture labels each item as ann, bob, cy in that order (one call,
  // clocks rising), skipping some: the first annotator of an item is the
  // first of its labels here.
  std::map<std::string, std::string> first;
  for (const auto& l : labels_) first.emplace(l.item, l.annotator);
  std::map<std::string, uint64_t> by_annotator, by_vendor;
  for (int i = 0; i < 40; ++i) {
    auto it = first.find(ItemId(i));
    const std::string who = it == first.end() ? "" : it->second;
    ++by_annotator[who];
    ++by_vendor[who == "cy" ? "globex" : who.empty() ? "" : "acme"];
  }
  auto populations = [&](const nlohmann::json& plan) {
    std::map<std::string, uint64_t> out;
    for (const auto& [name, counts] : Strata(plan)) out[name] = counts.first;
    return out;
  };
  EXPECT_EQ(populations(Json("-C p sample create v1 --method stratified --by annotator "
                             "--size 6 --seed 1")),
            by_annotator);

  nlohmann::ordered_json settings = nlohmann::ordered_json::parse(Git("p show HEAD:taxa.json"));
  settings["vendors"] = {{"acme", {"bob", "ann"}}, {"globex", {"cy"}}};
  WriteText(tmp_ / "p/taxa.json", settings.dump(2) + "\n");
  Git("p -c user.name=lead -c user.email=lead@x commit -q -am vendors");
  nlohmann::json plan = Json("-C p sample create v2 --method stratified --by vendor "
                             "--allocation equal --size 6 --seed 1");
  EXPECT_EQ(populations(plan), by_vendor);
  // Equal allocation: 6 over 2 (or 3, with an unlabeled item) strata.
  for (const auto& [name, counts] : Strata(plan))
    EXPECT_EQ(counts.second, 6 / by_vendor.size()) << name;
}

TEST_F(SampleCli, AcceptanceAndZeroAcceptancePlansTakeTheProjectAsTheLot) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // 40 items at level II is D (26..50); D at AQL 1.0 is an arrow down to
  // E's 0/1 with n 13.
  nlohmann::json a = Json("-C p sample create q1 --method acceptance --aql 1.0 --seed 5");
  EXPECT_EQ(a["acceptance"]["lot_code"], "D");
  EXPECT_EQ(a["acceptance"]["code"], "E");
  EXPECT_EQ(a["acceptance"]["n"], 13);
  EXPECT_EQ(a["acceptance"]["ac"], 0);
  EXPECT_EQ(a["size"], 13);
  if (HavePython()) {
    EXPECT_EQ(Ids(a), Reference({{"kind", "random"}, {"population", 40}, {"n", 13}, {"seed", 5}}));
  }
  // D at 6.5 holds its own plan: n 8, 1/2.
  nlohmann::json d = Json("-C p sample create q2 --method acceptance --aql 6.5 --seed 5");
  EXPECT_EQ(d["acceptance"]["code"], "D");
  EXPECT_EQ(d["acceptance"]["ac"], 1);
  EXPECT_EQ(d["size"], 8);
  std::string shown = Ok("-C p sample show q2");
  EXPECT_NE(shown.find("Code D: inspect 8 items; accept the lot with 1 or fewer"),
            std::string::npos)
      << shown;

  // ceil(ln(0.1) / ln(0.9)) = 22 of 40; 459 > 40: all 40, said so.
  nlohmann::json z = Json("-C p sample create z1 --method zero-acceptance --confidence 0.9 "
                          "--defect-rate 0.1 --seed 2");
  EXPECT_EQ(z["zero_acceptance"]["n"], 22);
  EXPECT_EQ(z["size"], 22);
  nlohmann::json all = Json("-C p sample create z2 --method zero-acceptance --confidence 0.99 "
                            "--defect-rate 0.01");
  EXPECT_EQ(all["zero_acceptance"]["n"], 459);
  EXPECT_EQ(all["zero_acceptance"]["hundred_percent"], true);
  EXPECT_EQ(all["size"], 40);
}

TEST_F(SampleCli, BadCreateRequestsFailWithTheReason) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  struct Case {
    std::string args, fragment;
  };
  const std::vector<Case> cases = {
      {"x --size 3 --method sorted", "sampling method \"sorted\""},
      {"x --method stratified --size 3", "needs what to stratify by"},
      {"x --method stratified --by colour --size 3", "stratify by \"colour\""},
      {"x --method stratified --by meta:source --allocation neyman --size 3",
       "allocation \"neyman\""},
      {"x --size 41", "a sample of 41 items, but the project has 40"},
      {"x", "needs a size of at least 1"},
      {"x --size 3 --aql 1.0", "an AQL does not apply to a random plan"},
      {"x --size 3 --level III", "an inspection level (--level) does not apply to a random plan"},
      {"x --method acceptance --aql 1.0 --level IV", "inspection level \"IV\""},
      {"x --method acceptance --aql 1.0 --size 5", "leave out the size"},
      {"x --method acceptance", "needs an AQL"},
      {"x --method acceptance --aql 2", "AQL 2 is not one of"},
      {"x --method zero-acceptance --confidence 0.9", "needs --confidence and --defect-rate"},
      {"Bad/Name --size 3", "plan id \"Bad/Name\""},
  };
  for (const Case& c : cases) {
    CommandResult r = Taxa("-C p sample create " + c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args;
    EXPECT_NE(r.err.find(c.fragment), std::string::npos) << c.args << ": " << r.err;
  }
  Ok("-C p sample create x --size 3");
  CommandResult again = Taxa("-C p sample create x --size 3");
  EXPECT_NE(again.err.find("sampling plan \"x\" already exists"), std::string::npos) << again.err;
  CommandResult missing = Taxa("-C p sample show nope");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no sampling plan \"nope\""), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace taxa
