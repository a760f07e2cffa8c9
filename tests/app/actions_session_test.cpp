// Predictions and data actions through the session (predictions.h,
// actions.h): imports all or nothing, twice adds nothing, the newest import
// counts; the ranked actions on fixtures whose numbers were worked by hand
// (confident learning) or by Krippendorff's formula outside Taxa (alpha).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "session/actions.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/predictions.h"
#include "session/project.h"
#include "session/sampling_plans.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

class ActionsSession : public ::testing::Test {
 protected:
  // Categories a, b, c, d and old (retired for a); made by "lead".
  void SetUp() override {
    auto p = Project::Create(tmp_ / "p", "Tickets", {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    project_ = std::move(*p);
    for (const char* id : {"a", "b", "c", "d", "old"})
      ASSERT_TRUE(TaxonomyEdits(*project_)
                      .Add({.id = id, .name = std::string("N ") + id, .definition = "D."})
                      .ok());
    ASSERT_TRUE(TaxonomyEdits(*project_).Deprecate("old", "a").ok());
  }

  void AddItems(const std::vector<std::string>& ids, const std::string& lang = "") {
    std::string lines;
    for (const std::string& id : ids)
      lines += "{\"id\":\"" + id + "\",\"text\":\"t\"" +
               (lang.empty() ? "" : ",\"meta\":{\"lang\":\"" + lang + "\"}") + "}\n";
    ASSERT_TRUE(Items(*project_).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  }

  void Label(const std::string& item, const std::string& who, const std::string& category) {
    Result<core::LabelEvent> e =
        Labeling(*project_).Label({.item = item, .categories = {category}, .annotator = who});
    ASSERT_TRUE(e.ok()) << e.status().message();
  }

  int Commits() {
    return std::stoi(RunCommand("git -C " + tmp_ / "p" + " rev-list --count HEAD").out);
  }

  Result<PredictionsImportReport> Import(const std::string& bytes,
                                         PredictionsImportOptions options = {}) {
    return Predictions(*project_).ImportBytes(bytes, "preds.jsonl", options);
  }

  // The relabel fixture: i1..i6 labeled once each (a, a, a, b, b, b), and a
  // model whose p(a) is 0.9, 0.8, 0.1, 0.1, 0.3, 0.15.
  void RelabelFixture() {
    AddItems({"i1", "i2", "i3", "i4", "i5", "i6"});
    for (auto [item, cat] : std::vector<std::pair<const char*, const char*>>{
             {"i1", "a"}, {"i2", "a"}, {"i3", "a"}, {"i4", "b"}, {"i5", "b"}, {"i6", "b"}})
      Label(item, "w1", cat);
    ASSERT_TRUE(project_->Flush().ok());
    ASSERT_TRUE(Import(kPreds).ok());
  }

  static constexpr const char* kPreds =
      "{\"item\":\"i1\",\"category\":\"a\",\"probabilities\":{\"a\":0.9,\"b\":0.1},\"model\":\"m1\"}\n"
      "{\"item\":\"i2\",\"category\":\"a\",\"probabilities\":{\"a\":0.8,\"b\":0.2},\"model\":\"m1\"}\n"
      "{\"item\":\"i3\",\"category\":\"b\",\"probabilities\":{\"a\":0.1,\"b\":0.9},\"model\":\"m1\"}\n"
      "{\"item\":\"i4\",\"category\":\"b\",\"probabilities\":{\"a\":0.1,\"b\":0.9},\"model\":\"m1\"}\n"
      "{\"item\":\"i5\",\"category\":\"b\",\"probabilities\":{\"a\":0.3,\"b\":0.7},\"model\":\"m1\"}\n"
      "{\"item\":\"i6\",\"category\":\"b\",\"probabilities\":{\"a\":0.15,\"b\":0.85},\"model\":\"m1\"}\n";

  TempDir tmp_;
  std::unique_ptr<Project> project_;
};

TEST_F(ActionsSession, ImportIsOneCommitAndTwiceAddsNothing) {
  AddItems({"i1", "i2", "i3", "i4", "i5", "i6"});
  const int before = Commits();
  Result<PredictionsImportReport> r = Import(kPreds);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows, 6u);
  ASSERT_EQ(r->models.size(), 1u);
  EXPECT_EQ(r->models[0].model, "m1");
  EXPECT_FALSE(r->models[0].already);
  EXPECT_TRUE(r->models[0].path.starts_with("predictions/m1/")) << r->models[0].path;
  EXPECT_EQ(Commits(), before + 1);
  EXPECT_NE(RunCommand("git -C " + tmp_ / "p" + " log -1 --format=%B").out.find(
                "Taxa-Action: predictions.import"),
            std::string::npos);
  // The stored file holds what was imported.
  Result<PredictionTable> t = Predictions(*project_).Load("");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->model, "m1");
  EXPECT_EQ(t->classes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->items, (std::vector<std::string>{"i1", "i2", "i3", "i4", "i5", "i6"}));
  EXPECT_EQ(t->predicted, (std::vector<uint32_t>{0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(t->probabilities[2 * 2 + 0], 0.1);
  EXPECT_EQ(t->probabilities[5 * 2 + 1], 0.85);

  Result<PredictionsImportReport> again = Import(kPreds);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->commit.empty());
  EXPECT_TRUE(again->models[0].already);
  EXPECT_EQ(Commits(), before + 1);
}

TEST_F(ActionsSession, TheNewestImportCountsPerItem) {
  AddItems({"i1", "i2"});
  ASSERT_TRUE(Import("{\"item\":\"i1\",\"category\":\"a\"}\n{\"item\":\"i2\",\"category\":\"a\"}\n",
                     {.model = "m1"})
                  .ok());
  // A later import that changes i2 only; the other model is apart.
  ASSERT_TRUE(Import("{\"item\":\"i2\",\"category\":\"b\"}\n{\"item\":\"i1\",\"category\":\"c\",\"model\":\"m2\"}\n",
                     {})
                  .status()
                  .code() == StatusCode::kInvalidInput);  // line 1 has no model
  // --model overrides each line's model.
  Result<PredictionsImportReport> r =
      Import("{\"item\":\"i2\",\"category\":\"b\",\"model\":\"zz\"}\n", {.model = "m1"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  Result<PredictionTable> t = Predictions(*project_).Load("m1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->files.size(), 2u);
  EXPECT_EQ(t->classes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->predicted, (std::vector<uint32_t>{0, 1}));
  EXPECT_TRUE(Fails(Predictions(*project_).Load("m9").status(), StatusCode::kNotFound,
                    {"m9", "taxa predictions import"}));
  ASSERT_TRUE(Import("{\"item\":\"i1\",\"category\":\"c\",\"model\":\"m2\"}\n").ok());
  EXPECT_TRUE(Fails(Predictions(*project_).Load("").status(), StatusCode::kInvalidInput,
                    {"m1, m2", "--model"}));
}

TEST_F(ActionsSession, AnyFaultRefusesTheWholeFileNamingLineAndField) {
  AddItems({"i1", "i2"});
  const int before = Commits();
  const std::string ok = "{\"item\":\"i1\",\"category\":\"a\",\"model\":\"m1\"}\n";
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"nope\",\"category\":\"a\",\"model\":\"m1\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"item\"", "unknown item \"nope\""}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"zzz\",\"model\":\"m1\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"category\"", "zzz"}));
  // A retired category names its replacement.
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"old\",\"model\":\"m1\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"category\"", "old", "a"}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"a\",\"model\":\"m1\","
                                "\"probabilities\":{\"a\":0.5,\"old\":0.5}}\n")
                        .status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"probabilities\"", "old"}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"a\",\"model\":\"m1\","
                                "\"probabilities\":{\"a\":0.5,\"b\":0.6}}\n")
                        .status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"probabilities\"", "sum to 1"}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"a\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"model\" is missing", "--model"}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i1\",\"category\":\"b\",\"model\":\"m1\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "listed twice", "line 1"}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",\"category\":\"a\",\"model\":\"M 1\"}\n").status(),
                    StatusCode::kInvalidInput, {"preds.jsonl:2", "\"model\""}));
  EXPECT_TRUE(Fails(Import(ok + "{\"item\":\"i2\",").status(), StatusCode::kInvalidInput,
                    {"preds.jsonl:2", "not valid JSON"}));
  EXPECT_EQ(Commits(), before);
  EXPECT_TRUE(Fails(Predictions(*project_).Load("").status(), StatusCode::kNotFound,
                    {"taxa predictions import"}));
}

TEST_F(ActionsSession, OnlyALeadImportsOnceRolesAreInForce) {
  AddItems({"i1"});
  ASSERT_TRUE(Users(*project_).Add("lead", Role::kLead).ok());
  ASSERT_TRUE(Users(*project_).Add("ben", Role::kAnnotator).ok());
  project_.reset();
  auto as_ben = Project::Open(tmp_ / "p", {.user = "ben"});
  ASSERT_TRUE(as_ben.ok()) << as_ben.status().message();
  EXPECT_TRUE(Fails(Predictions(**as_ben)
                        .ImportBytes("{\"item\":\"i1\",\"category\":\"a\"}\n", "p.jsonl", {.model = "m"})
                        .status(),
                    StatusCode::kPermissionDenied, {"ben", "importing predictions needs a lead"}));
}

// Worked by hand from Northcutt et al.'s definitions: thresholds t_a = (0.9 +
// 0.8 + 0.1) / 3 = 0.6, t_b = (0.9 + 0.7 + 0.85) / 3 = 0.8167; confident
// joint C = [[2, 1], [0, 2]] (i5 passes neither threshold); row a keeps its 3
// examples, so one example of a is estimated to be b: the one with the
// largest p_b - p_a among those labeled a, i3. Estimated errors: 1.
TEST_F(ActionsSession, ConfidentLearningQueuesTheItemWhoseLabelIsLikelyWrong) {
  RelabelFixture();
  Result<ActionsReport> r = Actions(*project_).Rank({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->model, "m1");
  EXPECT_EQ(r->labeled, 6u);
  EXPECT_EQ(r->examined, 6u);
  ASSERT_FALSE(r->actions.empty());
  const core::DataAction& a = r->actions[0];
  EXPECT_EQ(a.kind, "relabel");
  EXPECT_EQ(a.items, (std::vector<std::string>{"i3"}));
  EXPECT_EQ(a.score, 1u);
  EXPECT_NE(a.evidence.find("i3 labeled a, model says b (p(a) = 0.1)"), std::string::npos)
      << a.evidence;
  auto est = std::find_if(a.numbers.begin(), a.numbers.end(),
                          [](const auto& n) { return n.first == "estimated_errors"; });
  ASSERT_NE(est, a.numbers.end());
  EXPECT_NEAR(est->second, 1.0, 1e-12);

  // Queued as a sampling plan the review queue can work.
  const int before = Commits();
  Result<core::SamplingPlan> plan = Actions(*project_).Queue("fix-1", 1, {});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Commits(), before + 1);
  Result<core::SamplingPlan> shown = SamplingPlans(*project_).Show("fix-1");
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_EQ(shown->method, "actions");
  EXPECT_EQ(shown->items, (std::vector<std::string>{"i3"}));
  EXPECT_EQ(shown->action, a.title);
  EXPECT_TRUE(Fails(Actions(*project_).Queue("fix-1", 1, {}).status(), StatusCode::kAlreadyExists,
                    {"fix-1"}));
  EXPECT_TRUE(Fails(Actions(*project_).Queue("fix-2", 9, {}).status(), StatusCode::kInvalidInput,
                    {"no action 9"}));
}

// Three annotators: x1..x4 a, a, b; x5..x8 b, b, a; y1..y4 c, c, d; y5, y6 d, d, d
// (all lang=en), and u1..u6 (lang=de) unlabeled. Alphas (nominal, one-vs-rest)
// by Krippendorff's formula computed outside Taxa: a and b 0.0889, c 0.3971,
// d 0.4875, overall 0.25.
TEST_F(ActionsSession, AgreementAndConfusionGiveMergeTightenAndCoverageActions) {
  AddItems({"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "y1", "y2", "y3", "y4", "y5", "y6"},
           "en");
  AddItems({"u1", "u2", "u3", "u4", "u5", "u6"}, "de");
  for (int i = 1; i <= 8; ++i) {
    const std::string item = "x" + std::to_string(i);
    const char* major = i <= 4 ? "a" : "b";
    const char* minor = i <= 4 ? "b" : "a";
    Label(item, "w1", major);
    Label(item, "w2", major);
    Label(item, "w3", minor);
  }
  for (int i = 1; i <= 6; ++i) {
    const std::string item = "y" + std::to_string(i);
    Label(item, "w1", i <= 4 ? "c" : "d");
    Label(item, "w2", i <= 4 ? "c" : "d");
    Label(item, "w3", "d");
  }
  ASSERT_TRUE(project_->Flush().ok());
  Result<ActionsReport> r = Actions(*project_).Rank({.by = "lang"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->model.empty());
  EXPECT_EQ(r->items, 20u);
  EXPECT_EQ(r->labeled, 14u);
  ASSERT_EQ(r->actions.size(), 4u);
  const core::DataAction& merge = r->actions[0];
  EXPECT_EQ(merge.kind, "merge");
  EXPECT_EQ(merge.categories, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(merge.score, 8u);  // 4 each way
  EXPECT_EQ(merge.examples, (std::vector<std::string>{"x1", "x2", "x3", "x4", "x5"}));
  // u1..u6: 0 of 6 labeled against 14 of 20: score 6.
  EXPECT_EQ(r->actions[1].kind, "coverage-gap");
  EXPECT_EQ(r->actions[1].slice, "lang=de");
  EXPECT_EQ(r->actions[1].score, 6u);
  // c and d tighten against each other (4 confusions each); a and b do not, they merge.
  EXPECT_EQ(r->actions[2].kind, "tighten");
  EXPECT_EQ(r->actions[2].categories, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(r->actions[2].score, 4u);
  EXPECT_EQ(r->actions[2].examples, (std::vector<std::string>{"y1", "y2", "y3", "y4"}));
  EXPECT_NEAR(r->actions[2].numbers[0].second, 0.3970588235294117, 1e-9);
  EXPECT_EQ(r->actions[3].categories, (std::vector<std::string>{"d", "c"}));
  EXPECT_NEAR(r->actions[3].numbers[0].second, 0.4875, 1e-9);
  // The notes say the model rules had nothing to read.
  ASSERT_FALSE(r->notes.empty());
  EXPECT_NE(r->notes.back().find("taxa predictions import"), std::string::npos) << r->notes.back();
  // Only relabel actions can be queued.
  EXPECT_TRUE(Fails(Actions(*project_).Queue("q", 1, {}).status(), StatusCode::kInvalidInput,
                    {"merge", "only relabel actions"}));
  // A limit keeps the first N; the total says how many there were.
  Result<ActionsReport> two = Actions(*project_).Rank({.by = "lang", .limit = 2});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->actions.size(), 2u);
  EXPECT_EQ(two->total, 4u);
}

// Slices by a key some items lack, with values that are not plain words: a
// string with a quote, a boolean (its JSON text, as core::MetaValueText reads
// it), and no value at all (""), each counted over every item.
TEST_F(ActionsSession, CoverageGapsCountItemsThatLackTheKeyOrHoldOddValues) {
  std::string lines;
  for (int i = 1; i <= 6; ++i) {
    const std::string n = std::to_string(i);
    lines += "{\"id\":\"x" + n + "\",\"text\":\"t\",\"meta\":{\"lang\":\"e\\\"n\"}}\n";
    lines += "{\"id\":\"u" + n + "\",\"text\":\"t\",\"meta\":{\"other\":1}}\n";
    lines += "{\"id\":\"v" + n + "\",\"text\":\"t\",\"meta\":{\"lang\":true}}\n";
  }
  ASSERT_TRUE(
      Items(*project_).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  for (int i = 1; i <= 6; ++i) Label("x" + std::to_string(i), "w1", "a");
  Label("v1", "w1", "b");
  ASSERT_TRUE(project_->Flush().ok());
  Result<ActionsReport> r = Actions(*project_).Rank({.by = "lang"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->items, 18u);
  EXPECT_EQ(r->labeled, 7u);
  std::vector<std::string> gaps;
  for (const core::DataAction& a : r->actions)
    if (a.kind == "coverage-gap") gaps.push_back(a.title);
  // 7 of 18 labeled: a slice under half that share (0.194) is a gap.
  EXPECT_EQ(gaps, (std::vector<std::string>{"Label more of lang=: 0 of 6 items labeled",
                                            "Label more of lang=true: 1 of 6 items labeled"}));
}

}  // namespace
}  // namespace taxa::app
