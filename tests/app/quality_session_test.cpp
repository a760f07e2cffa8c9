// The quality use cases at the session level: what they read and refuse.
#include <gtest/gtest.h>

#include "session/session.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;

std::unique_ptr<Session> Project(const std::string& dir, OpenMode mode = OpenMode::kWrite) {
  auto s = Session::Create(dir, "Q", {.user = "lead"});
  EXPECT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE((*s)->AddCategory({.id = "x", .name = "X"}).ok());
  EXPECT_TRUE((*s)->AddCategory({.id = "y", .name = "Y"}).ok());
  EXPECT_TRUE((*s)->ImportBytes("{\"id\":\"i1\",\"text\":\"a\"}\n{\"id\":\"i2\",\"text\":\"b\"}\n"
                                "{\"id\":\"i3\",\"text\":\"c\"}\n",
                                "items.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  if (mode == OpenMode::kWrite) return std::move(*s);
  s->reset();
  auto reopened = Session::Open(dir, {.user = "lead", .mode = mode});
  EXPECT_TRUE(reopened.ok()) << reopened.status().message();
  return std::move(*reopened);
}

TEST(QualitySession, AgreementCountsLabelsNotYetCommitted) {
  TempDir tmp;
  auto s = Project(tmp / "p");
  std::vector<LabelRequest> labels = {
      {.item = "i1", .categories = {"x"}, .annotator = "ann"},
      {.item = "i1", .categories = {"x"}, .annotator = "bob"},
      {.item = "i2", .categories = {"y"}, .annotator = "ann"},
      {.item = "i2", .categories = {"y"}, .annotator = "bob"},
      {.item = "i3", .categories = {"x"}, .annotator = "ann"},
      {.item = "i3", .categories = {"x", "y"}, .annotator = "bob"},
  };
  ASSERT_TRUE(s->LabelMany(labels).ok());  // journaled, not committed
  ASSERT_GT(s->pending_labels(), 0u);
  Result<std::vector<AgreeRow>> rows = s->AgreeInProject({.agree = {.metric = "percent"}});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  // Two of three items agree; {x} and {x,y} are different values.
  EXPECT_DOUBLE_EQ((*rows)[0].report.value, 2.0 / 3.0);
  EXPECT_EQ((*rows)[0].report.items, 3u);
}

TEST(QualitySession, WritingUseCasesNeedTheWriterLock) {
  TempDir tmp;
  auto s = Project(tmp / "p", OpenMode::kReadOnly);
  EXPECT_TRUE(Fails(s->SetGold("i1", {"x"}, ""), StatusCode::kFailedPrecondition, {"read-only"}));
  EXPECT_TRUE(
      Fails(s->StartCalibration({.name = "r", .items = 1, .annotators = {"a", "b"}}).status(),
            StatusCode::kFailedPrecondition, {"read-only"}));
}

TEST(QualitySession, RoundNamesArePathSafe) {
  TempDir tmp;
  auto s = Project(tmp / "p");
  for (const char* bad : {"../x", "", ".hidden", "a/b"})
    EXPECT_TRUE(
        Fails(s->StartCalibration({.name = bad, .items = 1, .annotators = {"a", "b"}}).status(),
              StatusCode::kInvalidInput, {"round name"}))
        << bad;
  EXPECT_TRUE(Fails(s->SetGold("i1", {}, ""), StatusCode::kInvalidInput, {"at least one"}));
}

}  // namespace
}  // namespace taxa::app
