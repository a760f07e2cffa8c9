// The quality use cases at the session level: what they read and refuse.
#include <algorithm>

#include "session/calibration.h"
#include "session/gold.h"
#include "session/internal/project_state.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/project_ratings.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"
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
  Result<std::vector<AgreeRow>> rows = app::Quality(*s).Agree({.agree = {.metric = "percent"}});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  // Two of three items agree; {x} and {x,y} are different values.
  EXPECT_DOUBLE_EQ((*rows)[0].report.value, 2.0 / 3.0);
  EXPECT_EQ((*rows)[0].report.items, 3u);
}

TEST(QualitySession, WritingUseCasesNeedTheWriterLock) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p", OpenMode::kReadOnly);
  EXPECT_TRUE(
      Fails(app::Gold(*s).Set("i1", {"x"}, ""), StatusCode::kFailedPrecondition, {"read-only"}));
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
  EXPECT_TRUE(Fails(app::Gold(*s).Set("i1", {}, ""), StatusCode::kInvalidInput, {"at least one"}));
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
  EXPECT_EQ(sliced->item_slice, (std::vector<std::string>{"1", "", "2"}));
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

}  // namespace
}  // namespace taxa::app
