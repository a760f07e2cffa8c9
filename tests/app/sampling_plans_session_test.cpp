// SamplingPlans in the session: a stored plan reads back as drawn, and once
// roles are in force only a lead commits one (the draw itself is checked in
// sample_cli_test.cpp and tests/core/sampling_test.cpp).
#include "session/items.h"
#include "session/project.h"
#include "session/sampling_plans.h"
#include "session/users.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

std::unique_ptr<Project> MakeProject(const TempDir& tmp) {
  SessionOptions o;
  o.user = "ana";
  auto p = Project::Create(tmp / "p", "Tickets", o);
  EXPECT_TRUE(p.ok()) << p.status().message();
  std::string items;
  for (int i = 0; i < 20; ++i)
    items += "{\"id\":\"i" + std::to_string(100 + i) + "\",\"text\":\"x\"}\n";
  WriteText(tmp / "items.jsonl", items);
  EXPECT_TRUE(Items(**p).Import(tmp / "items.jsonl").ok());
  return std::move(*p);
}

TEST(SamplingPlans, AStoredPlanReadsBackAsDrawn) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  Result<core::SamplingPlan> made = SamplingPlans(*p).Create(
      {.name = "audit", .method = "acceptance", .seed = 3, .aql = 10});
  ASSERT_TRUE(made.ok()) << made.status().message();
  // 20 items at level II is C (16..25); C at AQL 10 holds 1/2 with n 5.
  ASSERT_TRUE(made->acceptance.has_value());
  EXPECT_EQ(made->acceptance->code, 'C');
  EXPECT_EQ(made->acceptance->ac, 1);
  EXPECT_EQ(made->items.size(), 5u);
  Result<core::SamplingPlan> shown = SamplingPlans(*p).Show("audit");
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_EQ(shown->items, made->items);
  EXPECT_EQ(shown->commit, made->commit);
  EXPECT_EQ(shown->acceptance->re, 2);
  EXPECT_EQ(SamplingPlans(*p).List()->size(), 1u);
  EXPECT_TRUE(Fails(SamplingPlans(*p).Show("other").status(), StatusCode::kNotFound,
                    {"no sampling plan \"other\""}));
}

TEST(SamplingPlans, OnlyALeadCommitsAPlanOnceRolesAreInForce) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  ASSERT_TRUE(Users(*p).Add("ana", Role::kLead).ok());
  ASSERT_TRUE(Users(*p).Add("ben", Role::kAnnotator).ok());
  ASSERT_TRUE(p->ActAs("ben").ok());
  EXPECT_TRUE(Fails(SamplingPlans(*p).Create({.name = "mine", .size = 3}).status(),
                    StatusCode::kPermissionDenied, {"ben is an annotator", "plan.create"}));
  ASSERT_TRUE(p->ActAs("ana").ok());
  EXPECT_TRUE(SamplingPlans(*p).Create({.name = "mine", .size = 3}).ok());
}

}  // namespace
}  // namespace taxa::app
