// The quality use cases at the session level: what they read and refuse.
#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "session/calibration.h"
#include "session/gold.h"
#include "session/internal/project_state.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/project_ratings.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"
#include "support/ratings_checks.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;

std::unique_ptr<Project> MakeProject(const std::string& dir, OpenMode mode = OpenMode::kWrite) {
  auto s = Project::Create(dir, "Q", {.user = "lead"});
  EXPECT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(app::TaxonomyEdits(**s).Add({.id = "x", .name = "X"}).ok());
  EXPECT_TRUE(app::TaxonomyEdits(**s).Add({.id = "y", .name = "Y"}).ok());
  EXPECT_TRUE(app::Items(**s)
                  .ImportBytes("{\"id\":\"i1\",\"text\":\"a\"}\n{\"id\":\"i2\",\"text\":\"b\"}\n"
                               "{\"id\":\"i3\",\"text\":\"c\"}\n",
                               "items.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  if (mode == OpenMode::kWrite) return std::move(*s);
  s->reset();
  auto reopened = Project::Open(dir, {.user = "lead", .mode = mode});
  EXPECT_TRUE(reopened.ok()) << reopened.status().message();
  return std::move(*reopened);
}

TEST(QualitySession, AgreementCountsLabelsNotYetCommitted) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  std::vector<LabelRequest> labels = {
      {.item = "i1", .categories = {"x"}, .annotator = "ann"},
      {.item = "i1", .categories = {"x"}, .annotator = "bob"},
      {.item = "i2", .categories = {"y"}, .annotator = "ann"},
      {.item = "i2", .categories = {"y"}, .annotator = "bob"},
      {.item = "i3", .categories = {"x"}, .annotator = "ann"},
      {.item = "i3", .categories = {"x", "y"}, .annotator = "bob"},
  };
  ASSERT_TRUE(app::Labeling(*s).LabelMany(labels).ok());  // journaled, not committed
  ASSERT_GT(s->pending_labels(), 0u);
  Result<std::vector<AgreeRow>> rows =
      app::Quality(*s).Agree({.agree = {.metric = Metric::kPercent}});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  // Two of three items agree; {x} and {x,y} are different values.
  EXPECT_DOUBLE_EQ((*rows)[0].report.value, 2.0 / 3.0);
  EXPECT_EQ((*rows)[0].report.items, 3u);
}

TEST(QualitySession, WritingUseCasesNeedTheWriterLock) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p", OpenMode::kReadOnly);
  EXPECT_TRUE(Fails(app::Gold(*s).Set("i1", {"x"}, "").status(), StatusCode::kFailedPrecondition,
                    {"read-only"}));
  EXPECT_TRUE(Fails(
      app::Calibration(*s).Start({.name = "r", .items = 1, .annotators = {"a", "b"}}).status(),
      StatusCode::kFailedPrecondition, {"read-only"}));
}

TEST(QualitySession, RoundNamesArePathSafe) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  for (const char* bad : {"../x", "", ".hidden", "a/b"})
    EXPECT_TRUE(Fails(
        app::Calibration(*s).Start({.name = bad, .items = 1, .annotators = {"a", "b"}}).status(),
        StatusCode::kInvalidInput, {"round name"}))
        << bad;
  EXPECT_TRUE(
      Fails(app::Gold(*s).Set("i1", {}, "").status(), StatusCode::kInvalidInput, {"at least one"}));
}

// By default the labels come in project order; with any_order in item id
// order, read faster, saying the same of every item.
TEST(QualitySession, LabelsComeInProjectOrderOrInIdOrderWithTheSameRatings) {
  TempDir tmp;
  auto s = Project::Create(tmp / "p", "Q", {.user = "lead"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  Project& p = **s;
  ASSERT_TRUE(app::TaxonomyEdits(p).Add({.id = "x", .name = "X"}).ok());
  ASSERT_TRUE(app::TaxonomyEdits(p).Add({.id = "y", .name = "Y"}).ok());
  // Two imports: the second one's items come after the first one's.
  ASSERT_TRUE(app::Items(p)
                  .ImportBytes("{\"id\":\"zeta\",\"text\":\"a\",\"meta\":{\"k\":\"1\"}}\n",
                               "first.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  ASSERT_TRUE(app::Items(p)
                  .ImportBytes("{\"id\":\"alpha\",\"text\":\"b\"}\n"
                               "{\"id\":\"mu\",\"text\":\"c\",\"meta\":{\"k\":\"2\"}}\n",
                               "second.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  ASSERT_TRUE(app::Labeling(p)
                  .LabelMany({{.item = "mu", .categories = {"x"}, .annotator = "bob"},
                              {.item = "zeta", .categories = {"y", "x"}, .annotator = "bob"},
                              {.item = "zeta", .categories = {"y"}, .annotator = "ann"},
                              {.item = "alpha", .categories = {"y"}, .annotator = "ann"},
                              {.item = "mu", .categories = {"x"}, .annotator = "ann"}},
                             LabelCommit::kNow)
                  .ok());
  Result<ProjectLabels> fast = LoadProjectLabels(p.state().index(), {.any_order = true});
  Result<ProjectLabels> ordered = LoadProjectLabels(p.state().index(), {});
  Result<ProjectLabels> sliced =
      LoadProjectLabels(p.state().index(), {.meta_key = "k", .any_order = true});
  ASSERT_TRUE(fast.ok()) << fast.status().message();
  ASSERT_TRUE(ordered.ok()) << ordered.status().message();
  ASSERT_TRUE(sliced.ok()) << sliced.status().message();
  EXPECT_EQ(fast->sets.item_names, (std::vector<std::string>{"alpha", "mu", "zeta"}));
  EXPECT_EQ(ordered->sets.item_names, (std::vector<std::string>{"zeta", "alpha", "mu"}));
  // A slice is read beside each item, in project order whatever any_order says.
  EXPECT_EQ(sliced->sets.item_names, ordered->sets.item_names);
  std::vector<std::string> slices;
  for (uint32_t code : sliced->item_slice) slices.push_back(sliced->slice_names[code]);
  EXPECT_EQ(slices, (std::vector<std::string>{"1", "", "2"}));
  // Codes may differ; what each rating says may not.
  auto spelled = [](const core::Ratings& r) {
    std::vector<std::string> out;
    for (size_t i = 0; i < r.ItemCount(); ++i)
      for (uint32_t k = r.item_begin[i]; k < r.item_begin[i + 1]; ++k)
        out.push_back(r.item_names[i] + "/" + r.annotator_names[r.rating_annotator[k]] + "=" +
                      r.value_names[r.rating_value[k]]);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(spelled(fast->sets), spelled(ordered->sets));
  // Only some annotators or items: the filters apply on the fast path too.
  Result<ProjectLabels> some = LoadProjectLabels(
      p.state().index(), {.items = {"mu", "zeta"}, .annotators = {"ann"}, .any_order = true});
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(spelled(some->sets), (std::vector<std::string>{"mu/ann={x}", "zeta/ann={y}"}));
}

// A slice is read once per item (Index::ScanItemSlices) and the labels by
// item id, then put in project order: the ratings are exactly those of the
// project-order reading (every code), and each item's value is the one the
// scan of labels gives beside each label (ScanCurrentLabels, the reading
// slices came from before), for a key with a dot and a space, items that
// lack it, and values that are not plain strings.
TEST(QualitySession, SlicesReadOncePerItemMatchTheLabelScansValuesAndOrder) {
  TempDir tmp;
  auto s = Project::Create(tmp / "p", "Q", {.user = "lead"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  Project& p = **s;
  for (const char* id : {"x", "y", "z"})
    ASSERT_TRUE(app::TaxonomyEdits(p).Add({.id = id, .name = id}).ok());
  const std::string key = "a.b c";
  // Items in an order that is not their id order, with values of every JSON type.
  const std::vector<std::pair<std::string, std::string>> items = {
      {"m9", "\"q\\\"u\u00e9\""}, {"b2", "7"},   {"k1", "1.5"},         {"a0", "true"},
      {"z3", "false"},           {"c4", "null"}, {"d5", "{\"w\":[1,2]}"}, {"e6", ""},
      {"f7", "\"plain\""},       {"g8", "\"plain\""}};
  std::string lines;
  for (const auto& [id, value] : items) {
    lines += "{\"id\":\"" + id + "\",\"text\":\"t\"";
    if (value.empty())
      lines += ",\"meta\":{\"other\":1}";
    else
      lines += ",\"meta\":{\"" + key + "\":" + value + ",\"other\":2}";
    lines += "}\n";
  }
  ASSERT_TRUE(app::Items(p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  ASSERT_TRUE(app::Items(p)
                  .ImportBytes("{\"id\":\"h0\",\"text\":\"no meta\"}\n", "more.jsonl",
                               core::ImportFormat::kJsonLines)
                  .ok());
  std::vector<LabelRequest> labels;
  const char* cats[] = {"x", "y", "z"};
  int n = 0;
  for (const char* item : {"m9", "b2", "k1", "a0", "z3", "c4", "d5", "e6", "f7", "h0"})
    for (const char* who : {"zed", "amy", "bob"}) {
      if (++n % 4 == 0) continue;  // not every annotator labels every item
      labels.push_back({.item = item, .categories = {cats[n % 3]}, .annotator = who});
    }
  labels.push_back({.item = "g8", .categories = {"x", "y"}, .annotator = "bob"});
  ASSERT_TRUE(app::Labeling(p).LabelMany(labels, LabelCommit::kNow).ok());

  Result<ProjectLabels> ordered = LoadProjectLabels(p.state().index(), {});
  Result<ProjectLabels> sliced =
      LoadProjectLabels(p.state().index(), {.meta_key = key, .any_order = true});
  ASSERT_TRUE(ordered.ok()) << ordered.status().message();
  ASSERT_TRUE(sliced.ok()) << sliced.status().message();
  const core::Ratings& b = sliced->sets;
  taxa::testing::ExpectSameRatings(b, ordered->sets);

  // Each item's value as the label scan reads it beside every label.
  std::vector<std::pair<std::string, std::string>> scanned;
  ASSERT_TRUE(p.state()
                  .index()
                  .ScanCurrentLabels(
                      [&](const core::CurrentLabelView& v) -> Status {
                        if (scanned.empty() || scanned.back().first != v.item)
                          scanned.emplace_back(std::string(v.item), std::string(v.slice));
                        return Status::Ok();
                      },
                      key)
                  .ok());
  std::vector<std::pair<std::string, std::string>> read;
  ASSERT_EQ(sliced->item_slice.size(), b.ItemCount());
  for (size_t i = 0; i < b.ItemCount(); ++i)
    read.emplace_back(b.item_names[i], sliced->slice_names[sliced->item_slice[i]]);
  EXPECT_EQ(read, scanned);
  // And as SQLite's json_extract gives them: true as 1, an object as its
  // JSON, null and a missing key (or no metadata) as "".
  std::map<std::string, std::string> value(read.begin(), read.end());
  EXPECT_EQ(value["m9"], "q\"u\u00e9");
  EXPECT_EQ(value["b2"], "7");
  EXPECT_EQ(value["k1"], "1.5");
  EXPECT_EQ(value["a0"], "1");
  EXPECT_EQ(value["z3"], "0");
  EXPECT_EQ(value["c4"], "");
  EXPECT_EQ(value["d5"], "{\"w\":[1,2]}");
  EXPECT_EQ(value["e6"], "");
  EXPECT_EQ(value["h0"], "");
  EXPECT_EQ(value["g8"], "plain");

  // Agreement by the key: one row per value met, by name.
  Result<std::vector<AgreeRow>> rows = Quality(p).Agree({.by = key});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::vector<std::string> names;
  for (const AgreeRow& r : *rows) names.push_back(r.slice);
  EXPECT_EQ(names, (std::vector<std::string>{"", "0", "1", "1.5", "7", "plain", "q\"u\u00e9",
                                             "{\"w\":[1,2]}"}));
  // A key the scan cannot quote is refused, naming it.
  EXPECT_TRUE(Fails(LoadProjectLabels(p.state().index(), {.meta_key = "a\"b"}).status(),
                    StatusCode::kInvalidInput, {"a\"b"}));
}

// The options' names read back to their values, and an unknown name is
// refused naming the field and every choice, in words a web user can follow.
TEST(QualityOptions, EveryNameReadsBackAndUnknownNamesListTheChoices) {
  for (Metric m : {Metric::kPercent, Metric::kCohen, Metric::kScott, Metric::kBennett,
                   Metric::kFleiss, Metric::kAlpha}) {
    Result<Metric> back = ParseMetric(MetricName(m));
    ASSERT_TRUE(back.ok()) << MetricName(m);
    EXPECT_EQ(*back, m);
  }
  for (Level l : {Level::kNominal, Level::kOrdinal, Level::kInterval, Level::kRatio,
                  Level::kJaccard, Level::kMasi, Level::kTree}) {
    Result<Level> back = ParseLevel(LevelName(l));
    ASSERT_TRUE(back.ok()) << LevelName(l);
    EXPECT_EQ(*back, l);
  }
  for (Weights w : {Weights::kNone, Weights::kLinear, Weights::kQuadratic})
    EXPECT_EQ(*ParseWeights(WeightsName(w)), w);
  for (Breakdown b :
       {Breakdown::kOverall, Breakdown::kCategory, Breakdown::kLevel, Breakdown::kPair})
    EXPECT_EQ(*ParseBreakdown(BreakdownName(b)), b);
  for (ConsensusMethod c : {ConsensusMethod::kMajority, ConsensusMethod::kDawidSkene})
    EXPECT_EQ(*ParseConsensusMethod(ConsensusMethodName(c)), c);
  EXPECT_EQ(MetricName(Metric::kAlpha), "alpha");
  EXPECT_EQ(LevelName(Level::kInterval), "interval");
  EXPECT_EQ(ConsensusMethodName(ConsensusMethod::kDawidSkene), "dawid-skene");

  EXPECT_EQ(ParseMetric("kappa").status().message(),
            "unknown metric \"kappa\" (expected percent, cohen, scott, bennett, fleiss or alpha)");
  EXPECT_TRUE(Fails(ParseLevel("loud").status(), StatusCode::kInvalidInput,
                    {"unknown level \"loud\"", "nominal, ordinal", "masi or tree"}));
  EXPECT_TRUE(Fails(ParseWeights("cubic").status(), StatusCode::kInvalidInput,
                    {"unknown weights \"cubic\" (expected none, linear or quadratic)"}));
  EXPECT_TRUE(
      Fails(ParseBreakdown("annotator").status(), StatusCode::kInvalidInput,
            {"unknown breakdown \"annotator\" (expected overall, category, level or pair)"}));
  EXPECT_TRUE(Fails(ParseConsensusMethod("vote").status(), StatusCode::kInvalidInput,
                    {"unknown consensus method \"vote\" (expected majority or dawid-skene)"}));
  EXPECT_TRUE(Fails(ParseMetric("Alpha").status(), StatusCode::kInvalidInput, {"\"Alpha\""}))
      << "names are lower case, as written";
}

TEST(QualityOptions, SamplePlansReadAndWriteAsTheRoundFileRecordsThem) {
  Result<SamplePlan> random = ParseSamplePlan("random");
  ASSERT_TRUE(random.ok());
  EXPECT_EQ(*random, SamplePlan::Random());
  Result<SamplePlan> by_source = ParseSamplePlan("stratified:source");
  ASSERT_TRUE(by_source.ok());
  EXPECT_EQ(*by_source, SamplePlan::StratifiedBy("source"));
  EXPECT_EQ(SamplePlanName(*by_source), "stratified:source");
  EXPECT_EQ(SamplePlanName(SamplePlan::Random()), "random");
  for (const char* bad : {"cluster", "stratified:", "stratified", ""})
    EXPECT_TRUE(Fails(ParseSamplePlan(bad).status(), StatusCode::kInvalidInput,
                      {"unknown sampling plan", "expected random or stratified:<metadata key>"}))
        << bad;
}

// Options that do not fit together are named by their fields and values: a
// web user never typed a flag.
TEST(QualityOptions, MismatchedOptionsNameTheFieldsNotFlags) {
  struct Case {
    AgreeOptions options;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{.metric = Metric::kPercent, .level = Level::kInterval},
       "level \"interval\" applies only to the metric \"alpha\" (percent compares values as "
       "equal or not)"},
      {{.weights = Weights::kLinear}, "weights \"linear\" apply only to the metric \"cohen\""},
      {{.metric = Metric::kCohen, .ci = 0.95},
       "a confidence interval (ci) is only for the metric \"alpha\""},
      {{.ci = 1.5}, "ci must lie between 0 and 1, e.g. 0.95"},
      {{.seed = 3}, "a seed is only for a bootstrap interval (ci)"},
      {{.order = {"a", "b"}},
       "an order applies only to level \"ordinal\" or weights \"linear\" or \"quadratic\""},
  };
  for (const Case& c : cases) {
    Status s = CheckAgreeOptions(c.options);
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << c.message;
    EXPECT_EQ(s.message(), c.message);
    EXPECT_EQ(s.message().find("--"), std::string::npos) << s.message();
  }
  EXPECT_TRUE(CheckAgreeOptions({.metric = Metric::kCohen, .weights = Weights::kQuadratic}).ok());
  EXPECT_TRUE(CheckAgreeOptions({.level = Level::kOrdinal, .order = {"lo", "hi"}}).ok());

  // What only the data can tell names the level, too.
  core::RatingsBuilder words;
  for (const auto& [item, annotator, value] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"a", "x", "low"}, {"a", "y", "high"}, {"b", "x", "low"}, {"b", "y", "low"}})
    ASSERT_TRUE(words.AddCategory(item, annotator, value).ok());
  Result<core::Ratings> ratings = std::move(words).Build();
  ASSERT_TRUE(ratings.ok());
  EXPECT_TRUE(Fails(AgreeOnRatings(*ratings, {.level = Level::kOrdinal}, "words.csv").status(),
                    StatusCode::kInvalidInput,
                    {"level \"ordinal\" on values that are not all numbers needs their order",
                     "words.csv has \"low\""}));
  EXPECT_TRUE(Fails(AgreeOnFile("nowhere.csv", {.level = Level::kTree}).status(),
                    StatusCode::kInvalidInput, {"level \"tree\" needs the project's taxonomy"}));
}

TEST(QualityOptions, ProjectOptionErrorsNameTheFields) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  ASSERT_TRUE(app::Labeling(*s)
                  .LabelMany({{.item = "i1", .categories = {"x"}, .annotator = "ann"},
                              {.item = "i1", .categories = {"y"}, .annotator = "bob"}})
                  .ok());
  EXPECT_TRUE(Fails(app::Quality(*s).Agree({.per = Breakdown::kCategory, .by = "source"}).status(),
                    StatusCode::kInvalidInput,
                    {"per \"category\" and by \"source\" do not combine: give one breakdown"}));
  EXPECT_TRUE(Fails(app::Quality(*s).Agree({.by = "vendor"}).status(), StatusCode::kInvalidInput,
                    {"by \"vendor\" needs \"vendors\""}));
  EXPECT_TRUE(Fails(app::Calibration(*s)
                        .Start({.name = "r",
                                .items = 1,
                                .plan = SamplePlan::StratifiedBy(""),
                                .annotators = {"ann", "bob"}})
                        .status(),
                    StatusCode::kInvalidInput,
                    {"a stratified sampling plan needs a metadata key"}));
  EXPECT_TRUE(Fails(
      app::Calibration(*s).Start({.name = "r", .items = 0, .annotators = {"ann", "bob"}}).status(),
      StatusCode::kInvalidInput, {"at least 1 item"}));
  EXPECT_TRUE(Fails(
      app::Calibration(*s).Start({.name = "r", .items = 4, .annotators = {"ann", "bob"}}).status(),
      StatusCode::kInvalidInput, {"a calibration round of 4 items, but the project has 3"}));
  Result<CalibrationRound> round =
      app::Calibration(*s).Start({.name = "r",
                                  .items = 2,
                                  .plan = SamplePlan::StratifiedBy("k"),
                                  .annotators = {"ann", "bob"}});
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_EQ(round->plan, "stratified:k");
}

TEST(QualitySession, GoldSetReturnsTheLabelAsListed) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  Result<core::GoldLabel> set = app::Gold(*s).Set("i2", {"y", "x"}, "per policy");
  ASSERT_TRUE(set.ok()) << set.status().message();
  Result<std::vector<core::GoldLabel>> listed = app::Gold(*s).Labels();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  const core::GoldLabel& want = listed->front();
  EXPECT_EQ(set->item, want.item);
  EXPECT_EQ(set->lead, "lead");
  EXPECT_EQ(set->lead, want.lead);
  EXPECT_EQ(set->categories, want.categories);
  EXPECT_EQ(set->categories, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(set->note, want.note);
  EXPECT_EQ(set->event_id, want.event_id);
  EXPECT_EQ(set->hlc, want.hlc);
}

}  // namespace
}  // namespace taxa::app
