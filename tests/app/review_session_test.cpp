// Second-pass review in the session (session/review.h): the queue a plan
// drew, each verdict recorded under reviews/ and read back (ReadReviews),
// refusals, acceptance lots decided by ISO 2859-1's Ac/Re, reviews of two
// clones merged by union, and the error taxonomy in taxa.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "session/internal/review_log.h"
#include "session/items.h"
#include "session/json.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/remotes.h"
#include "session/review.h"
#include "session/sampling_plans.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using core::ReviewVerdict;
using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

std::unique_ptr<Project> Open(Result<std::unique_ptr<Project>> p) {
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? std::move(*p) : nullptr;
}

class ReviewSession : public ::testing::Test {
 protected:
  // A project made by the reviewer "rex": categories billing (two include
  // rules, one exclude rule), shipping and old (retired for shipping); items
  // i100..i119; ana labels every item billing, ben labels the even ones
  // shipping.
  void SetUp() override {
    project_ = Open(Project::Create(tmp_ / "p", "Tickets", {.user = "rex"}));
    ASSERT_TRUE(project_);
    ASSERT_TRUE(TaxonomyEdits(*project_)
                    .Add({.id = "billing",
                          .name = "Billing",
                          .definition = "About money.",
                          .include = {"Asks about a charge", "Asks for a refund"},
                          .exclude = {"Shipping costs"}})
                    .ok());
    ASSERT_TRUE(
        TaxonomyEdits(*project_).Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
    ASSERT_TRUE(TaxonomyEdits(*project_).Add({.id = "old", .name = "Old", .definition = "Gone."}).ok());
    ASSERT_TRUE(TaxonomyEdits(*project_).Deprecate("old", "shipping").ok());
    std::string items;
    for (int i = 0; i < 20; ++i)
      items += "{\"id\":\"i" + std::to_string(100 + i) + "\",\"text\":\"ticket " +
               std::to_string(i) + "\"}\n";
    ASSERT_TRUE(
        Items(*project_).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
    std::vector<LabelRequest> labels;
    for (int i = 0; i < 20; ++i) {
      std::string item = "i" + std::to_string(100 + i);
      labels.push_back({.item = item, .categories = {"billing"}, .annotator = "ana"});
      if (i % 2 == 0)
        labels.push_back({.item = item, .categories = {"shipping"}, .annotator = "ben"});
    }
    ASSERT_TRUE(Labeling(*project_).LabelMany(labels, LabelCommit::kNow).ok());
  }

  std::vector<core::ReviewEvent> Reviews() {
    Result<std::vector<core::ReviewEvent>> all = ReadReviews(project_->state());
    EXPECT_TRUE(all.ok()) << all.status().message();
    return all.ok() ? *all : std::vector<core::ReviewEvent>();
  }
  std::string Git(const std::string& args) {
    return RunCommand("git -C " + tmp_ / "p" + " " + args).out;
  }

  TempDir tmp_;
  std::unique_ptr<Project> project_;
};

TEST_F(ReviewSession, TheQueueFollowsThePlanThenTheAnnotatorsAndEmpties) {
  Result<core::SamplingPlan> plan =
      SamplingPlans(*project_).Create({.name = "audit", .seed = 5, .size = 4});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  // Each drawn item's labels by annotator.
  std::vector<std::pair<std::string, std::string>> want;
  for (const std::string& item : plan->items) {
    want.push_back({item, "ana"});
    if ((std::stoi(item.substr(1)) - 100) % 2 == 0) want.push_back({item, "ben"});
  }
  Review review(*project_);
  Result<std::vector<ReviewTask>> queue = review.Queue("audit");
  ASSERT_TRUE(queue.ok()) << queue.status().message();
  std::vector<std::pair<std::string, std::string>> got;
  for (const ReviewTask& t : *queue) got.push_back({t.item, t.label.annotator});
  EXPECT_EQ(got, want);

  // Next shows the head with the item, the other labels and the rules.
  Result<std::optional<ReviewCard>> next = review.Next("");  // the only plan
  ASSERT_TRUE(next.ok()) << next.status().message();
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->task.item, want[0].first);
  EXPECT_EQ((*next)->item.item.id, want[0].first);
  EXPECT_EQ((*next)->left, want.size());
  ASSERT_EQ((*next)->categories.size(), 1u);
  EXPECT_EQ((*next)->categories[0].include.size(), 2u);

  // Reviewing the head (no item named) takes it off; so does a named one.
  // Desk gives what Queue, Next and StatusOf give, at every step.
  for (size_t i = 0; i < want.size(); ++i) {
    Result<ReviewDesk> desk = review.Desk("audit");
    ASSERT_TRUE(desk.ok()) << desk.status().message();
    EXPECT_EQ(desk->queue.size(), want.size() - i);
    ASSERT_TRUE(desk->card.has_value());
    EXPECT_EQ(desk->card->task.item, want[i].first);
    EXPECT_EQ(desk->card->task.label.annotator, want[i].second);
    EXPECT_EQ(desk->card->left, want.size() - i);
    EXPECT_EQ(ToJson(*desk->card).dump(), ToJson(**review.Next("audit")).dump());
    EXPECT_EQ(ToJson(desk->status).dump(), ToJson(*review.StatusOf("audit")).dump());
    Result<ReviewOutcome> done = review.Accept({.plan = "audit"});
    ASSERT_TRUE(done.ok()) << done.status().message();
    EXPECT_EQ(done->review.item, want[i].first);
    EXPECT_EQ(done->review.annotator, want[i].second);
    EXPECT_EQ(done->status.queue, want.size() - i - 1);
  }
  Result<ReviewDesk> done_desk = review.Desk("audit");
  ASSERT_TRUE(done_desk.ok());
  EXPECT_TRUE(done_desk->queue.empty());
  EXPECT_FALSE(done_desk->card.has_value());
  EXPECT_EQ(done_desk->status.reviewed, 4u);
  EXPECT_FALSE(review.Next("audit")->has_value());
  EXPECT_TRUE(Fails(review.Accept({.plan = "audit"}).status(), StatusCode::kFailedPrecondition,
                    {"queue of plan \"audit\" is empty"}));
  Result<ReviewStatus> status = review.StatusOf("audit");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->reviewed, 4u);
  EXPECT_EQ(status->defects, 0u);
  EXPECT_EQ(status->reviewed_labels, want.size());
  EXPECT_FALSE(status->ac.has_value()) << "a random plan decides no lot";

  // A relabel is a new label: it waits for review again.
  ASSERT_TRUE(Labeling(*project_)
                  .LabelMany({{.item = want[0].first, .categories = {"shipping"}, .annotator = "ana"}},
                             LabelCommit::kNow)
                  .ok());
  queue = review.Queue("audit");
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ(queue->front().label.categories, std::vector<std::string>{"shipping"});
}

TEST_F(ReviewSession, EachVerdictIsOneCommitUnderReviewsAndReadsBack) {
  ASSERT_TRUE(SamplingPlans(*project_).Create({.name = "audit", .seed = 2, .size = 20}).ok());
  Review review(*project_);
  Result<ReviewOutcome> a = review.Accept(
      {.plan = "audit", .item = "i101", .annotator = "ana", .note = "fine", .duration_ms = 4000});
  ASSERT_TRUE(a.ok()) << a.status().message();
  Result<ReviewOutcome> c = review.Correct({.plan = "audit",
                                            .item = "i102",
                                            .annotator = "BEN",  // folded
                                            .categories = {"billing"},
                                            .errors = {"wrong-category"},
                                            .rule = "billing/include/2"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  std::string message = Git("log -1 --format=%B");
  EXPECT_NE(message.find("Taxa-Action: review.correct"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Item: i102"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Plan: audit"), std::string::npos) << message;
  Result<ReviewOutcome> r = review.Reject({.plan = "audit",
                                           .item = "i104",
                                           .annotator = "ana",
                                           .errors = {"guideline-ambiguous", "item-unusable"},
                                           .rule = "billing/exclude/1",
                                           .note = "a parcel fee"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_NE(Git("log -1 --format=%B").find("Taxa-Action: review.reject"), std::string::npos);
  // Three commits, each writing only rex's review segment of this device.
  EXPECT_EQ(Git("log -3 --format=%H --name-only").find("labels/"), std::string::npos);
  std::string files = Git("ls-tree -r --name-only HEAD reviews/");
  EXPECT_EQ(files, "reviews/rex/" + project_->device() + "/00000001.jsonl.zst\n");

  std::vector<core::ReviewEvent> all = Reviews();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], a->review);
  EXPECT_EQ(all[1], c->review);
  EXPECT_EQ(all[2], r->review);
  EXPECT_EQ(all[0].verdict, ReviewVerdict::kAccept);
  EXPECT_EQ(all[0].note, "fine");
  EXPECT_EQ(all[0].duration_ms, 4000u);
  EXPECT_EQ(all[1].annotator, "ben");
  EXPECT_EQ(all[1].categories, std::vector<std::string>{"billing"});
  EXPECT_EQ(all[1].rule, "billing/include/2");
  EXPECT_EQ(all[2].errors, (std::vector<std::string>{"guideline-ambiguous", "item-unusable"}));
  // The review names the label event it judged.
  Result<std::vector<core::CurrentLabel>> labels = project_->state().index().CurrentLabels("i104");
  ASSERT_TRUE(labels.ok());
  for (const core::CurrentLabel& l : *labels) {
    if (l.annotator == "ana") {
      EXPECT_EQ(all[2].label, l.event_id);
    }
  }
  Result<ReviewStatus> status = review.StatusOf("audit");
  EXPECT_EQ(status->defects, 2u);
  EXPECT_EQ(status->reviewed_labels, 3u);
}

TEST_F(ReviewSession, BadReviewsAreRefusedBeforeAnythingIsWritten) {
  ASSERT_TRUE(SamplingPlans(*project_).Create({.name = "audit", .seed = 2, .size = 20}).ok());
  ASSERT_TRUE(SamplingPlans(*project_).Create({.name = "small", .seed = 1, .size = 1}).ok());
  ASSERT_TRUE(Labeling(*project_)
                  .LabelMany({{.item = "i100", .categories = {"billing"}}}, LabelCommit::kNow)
                  .ok());  // rex's own label
  Review review(*project_);
  std::string head = Git("rev-parse HEAD");
  ReviewRequest base{.plan = "audit", .item = "i101", .annotator = "ana"};
  auto with = [&](auto change) {
    ReviewRequest r = base;
    change(r);
    return r;
  };
  EXPECT_TRUE(Fails(review.Reject(with([](ReviewRequest& r) { r.errors = {"typo"}; })).status(),
                    StatusCode::kInvalidInput, {"unknown error type \"typo\"", "wrong-category"}));
  EXPECT_TRUE(Fails(review.Reject(base).status(), StatusCode::kInvalidInput,
                    {"a rejection needs at least one error type"}));
  EXPECT_TRUE(Fails(review.Correct(with([](ReviewRequest& r) { r.categories = {"nope"}; })).status(),
                    StatusCode::kInvalidInput, {"unknown category \"nope\""}));
  EXPECT_TRUE(Fails(review.Correct(with([](ReviewRequest& r) { r.categories = {"old"}; })).status(),
                    StatusCode::kInvalidInput, {"\"old\" is deprecated", "shipping"}));
  EXPECT_TRUE(Fails(review.Correct(base).status(), StatusCode::kInvalidInput,
                    {"a correction needs the right categories"}));
  EXPECT_TRUE(Fails(review.Correct(with([](ReviewRequest& r) { r.categories = {"billing"}; })).status(),
                    StatusCode::kInvalidInput, {"the label's own categories"}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.errors = {"wrong-category"}; })).status(),
                    StatusCode::kInvalidInput, {"no error types"}));
  for (const char* rule : {"billing", "billing/include", "billing/maybe/1", "nope/include/1",
                           "billing/include/0", "billing/include/x", "billing/exclude/2"})
    EXPECT_TRUE(Fails(review.Accept(with([&](ReviewRequest& r) { r.rule = rule; })).status(),
                      StatusCode::kInvalidInput, {"rule \"" + std::string(rule) + "\""}))
        << rule;
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.rule = "billing/exclude/2"; }))
                        .status(),
                    StatusCode::kInvalidInput, {"has 1 exclude rule"}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.plan = "none"; })).status(),
                    StatusCode::kNotFound, {"no sampling plan \"none\""}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.plan = ""; })).status(),
                    StatusCode::kInvalidInput, {"2 sampling plans", "audit, small"}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.annotator = "ben"; })).status(),
                    StatusCode::kNotFound, {"ben has no current label of item \"i101\""}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.annotator = ""; })).status(),
                    StatusCode::kInvalidInput, {"name both the item and the annotator"}));
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) {
                                   r.item = "i100";
                                   r.annotator = "rex";
                                 })).status(),
                    StatusCode::kFailedPrecondition, {"rex cannot review their own label"}));
  Result<core::SamplingPlan> small = SamplingPlans(*project_).Show("small");
  std::string outside = small->items[0] == "i101" ? "i102" : "i101";
  EXPECT_TRUE(Fails(review.Accept({.plan = "small", .item = outside, .annotator = "ana"}).status(),
                    StatusCode::kInvalidInput, {"is not in plan \"small\""}));
  EXPECT_TRUE(Fails(review.Record(with([](ReviewRequest& r) {
                                   r.verdict = ReviewVerdict::kLotAccept;
                                 })).status(),
                    StatusCode::kInvalidInput, {"lot is decided by the reviews"}));
  // A day is the longest a review may take, whichever face measured it.
  EXPECT_TRUE(Fails(review.Accept(with([](ReviewRequest& r) { r.duration_ms = 86'400'001; }))
                        .status(),
                    StatusCode::kInvalidInput, {"at most one day (86400 s)", "not 86400001 ms"}));
  EXPECT_EQ(Git("rev-parse HEAD"), head) << "nothing was committed";
  EXPECT_TRUE(Reviews().empty());
}

TEST_F(ReviewSession, OnceRolesAreInForceOnlyReviewersAndLeadsReview) {
  ASSERT_TRUE(SamplingPlans(*project_).Create({.name = "audit", .seed = 2, .size = 20}).ok());
  ASSERT_TRUE(Users(*project_).Add("rex", Role::kLead).ok());
  ASSERT_TRUE(Users(*project_).Add("rita", Role::kReviewer).ok());
  ASSERT_TRUE(Users(*project_).Add("ben", Role::kAnnotator).ok());
  ASSERT_TRUE(Users(*project_).Add("al", Role::kAuditor).ok());
  ReviewRequest r{.plan = "audit", .item = "i101", .annotator = "ana"};
  for (const char* who : {"ben", "al"}) {
    ASSERT_TRUE(project_->ActAs(who).ok());
    EXPECT_TRUE(Fails(Review(*project_).Accept(r).status(), StatusCode::kPermissionDenied,
                      {std::string(who) + " is a", "review.accept needs a reviewer or a lead"}))
        << who;
  }
  ASSERT_TRUE(project_->ActAs("rita").ok());
  Result<ReviewOutcome> done = Review(*project_).Accept(r);
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->review.reviewer, "rita");
  // A reviewer may not change the error taxonomy; a lead may.
  EXPECT_TRUE(Fails(Review(*project_).AddErrorType({.id = "spam", .name = "Spam"}),
                    StatusCode::kPermissionDenied, {"rita is a reviewer", "review.errors.add"}));
  ASSERT_TRUE(project_->ActAs("rex").ok());
  EXPECT_TRUE(Review(*project_).Accept({.plan = "audit", .item = "i102", .annotator = "ben"}).ok());
  EXPECT_TRUE(Review(*project_).AddErrorType({.id = "spam", .name = "Spam"}).ok());
}

// ISO 2859-1, single sampling, normal inspection, level II: a lot of 20 items
// is code letter C (16 to 25), sample size 5; at AQL 10 Table II-A gives
// Ac 1, Re 2 (as tests/core/acceptance_sampling_test.cpp and
// sampling_plans_session_test.cpp check against the printed table).
class AcceptanceLot : public ReviewSession {
 protected:
  core::SamplingPlan MakeLot() {
    Result<core::SamplingPlan> plan = SamplingPlans(*project_).Create(
        {.name = "lot", .method = "acceptance", .seed = 9, .aql = 10});
    EXPECT_TRUE(plan.ok()) << plan.status().message();
    EXPECT_EQ(plan->acceptance->code, 'C');
    EXPECT_EQ(plan->acceptance->n, 5u);
    EXPECT_EQ(plan->acceptance->ac, 1);
    EXPECT_EQ(plan->acceptance->re, 2);
    return *plan;
  }
  // Reviews every label of `item` in the lot, ben's first: rejects ana's
  // when `defect`.
  void ReviewItem(const std::string& item, bool defect, std::optional<ReviewOutcome>* last) {
    Review review(*project_);
    for (const char* who : {"ben", "ana"}) {
      if (std::string(who) == "ben" && (std::stoi(item.substr(1)) - 100) % 2 != 0) continue;
      ReviewRequest r{.plan = "lot", .item = item, .annotator = who};
      if (defect && std::string(who) == "ana") r.errors = {"wrong-category"};
      Result<ReviewOutcome> done =
          defect && std::string(who) == "ana" ? review.Reject(r) : review.Accept(r);
      ASSERT_TRUE(done.ok()) << done.status().message();
      *last = *done;
    }
  }
  size_t LotReviews() {
    std::vector<core::ReviewEvent> all = Reviews();
    return static_cast<size_t>(std::count_if(all.begin(), all.end(), [](const core::ReviewEvent& e) {
      return core::IsLotDecision(e.verdict);
    }));
  }
};

TEST_F(AcceptanceLot, IsRejectedOnceDefectsReachRe) {
  core::SamplingPlan plan = MakeLot();
  std::optional<ReviewOutcome> last;
  ReviewItem(plan.items[0], true, &last);
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->lot) << "1 defect is not Re 2";
  EXPECT_EQ(last->status.decision, "");
  EXPECT_EQ(last->status.defects, 1u);
  ReviewItem(plan.items[1], false, &last);
  EXPECT_FALSE(last->lot);
  ReviewItem(plan.items[2], true, &last);
  ASSERT_TRUE(last->lot) << "2 defective items reach Re 2 before all 5 are reviewed";
  EXPECT_EQ(last->lot->verdict, ReviewVerdict::kLotReject);
  EXPECT_EQ(last->lot->defects, 2u);
  EXPECT_EQ(last->lot->reviewed, 3u);
  EXPECT_EQ(last->lot->plan, "lot");
  EXPECT_NE(Git("log -1 --format=%B").find("Taxa-Action: review.lot"), std::string::npos);
  EXPECT_EQ(LotReviews(), 1u);
  // Reviewing on records no second decision.
  ReviewItem(plan.items[3], true, &last);
  EXPECT_FALSE(last->lot);
  EXPECT_EQ(LotReviews(), 1u);
  Result<ReviewStatus> status = Review(*project_).StatusOf("lot");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->decision, "reject");
  ASSERT_TRUE(status->decided.has_value());
  EXPECT_EQ(status->decided->defects, 2u);
  EXPECT_EQ(status->defects, 3u);
}

TEST_F(AcceptanceLot, IsAcceptedWhenAllNAreReviewedWithDefectsAtMostAc) {
  core::SamplingPlan plan = MakeLot();
  ASSERT_EQ(plan.items.size(), 5u);
  std::optional<ReviewOutcome> last;
  for (size_t i = 0; i < 4; ++i) {
    ReviewItem(plan.items[i], i == 1, &last);  // one defect: Ac 1
    EXPECT_FALSE(last->lot) << "item " << i;
    EXPECT_EQ(last->status.reviewed, i + 1);
  }
  ReviewItem(plan.items[4], false, &last);
  ASSERT_TRUE(last->lot);
  EXPECT_EQ(last->lot->verdict, ReviewVerdict::kLotAccept);
  EXPECT_EQ(last->lot->defects, 1u);
  EXPECT_EQ(last->lot->reviewed, 5u);
  EXPECT_EQ(last->status.decision, "accept");
  EXPECT_EQ(LotReviews(), 1u);
}

TEST_F(AcceptanceLot, AnItemIsReviewedOnlyWhenEveryLabelOfItIs) {
  core::SamplingPlan plan = MakeLot();
  // cy labels the first drawn item too: ana's label alone leaves it unreviewed.
  ASSERT_TRUE(Labeling(*project_)
                  .LabelMany({{.item = plan.items[0], .categories = {"shipping"}, .annotator = "cy"}},
                             LabelCommit::kNow)
                  .ok());
  Result<ReviewOutcome> one =
      Review(*project_).Accept({.plan = "lot", .item = plan.items[0], .annotator = "ana"});
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->status.reviewed, 0u);
  EXPECT_EQ(one->status.reviewed_labels, 1u);
  Result<ReviewOutcome> two =
      Review(*project_).Accept({.plan = "lot", .item = plan.items[0], .annotator = "cy"});
  ASSERT_TRUE(two.ok()) << two.status().message();
  EXPECT_EQ(two->status.reviewed, 1u);
}

TEST(ReviewSync, ReviewsOfTwoClonesMergeByUnion) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp / "hub").exit_code, 0);
  auto a = Open(Project::Create(tmp / "a", "Tickets", {.user = "rex"}));
  ASSERT_TRUE(a);
  ASSERT_TRUE(TaxonomyEdits(*a).Add({.id = "billing", .name = "Billing", .definition = "M."}).ok());
  ASSERT_TRUE(Items(*a)
                  .ImportBytes("{\"id\":\"t1\",\"text\":\"a\"}\n{\"id\":\"t2\",\"text\":\"b\"}\n",
                               "items.jsonl", core::ImportFormat::kJsonLines)
                  .ok());
  ASSERT_TRUE(Labeling(*a)
                  .LabelMany({{.item = "t1", .categories = {"billing"}, .annotator = "ana"},
                              {.item = "t2", .categories = {"billing"}, .annotator = "ana"}},
                             LabelCommit::kNow)
                  .ok());
  ASSERT_TRUE(SamplingPlans(*a).Create({.name = "all", .seed = 1, .size = 2}).ok());
  ASSERT_TRUE(Remotes(*a).Add("origin", tmp / "hub").ok());
  ASSERT_TRUE(Remotes(*a).Sync("origin").ok());
  auto b = Open(Project::Clone(tmp / "hub", tmp / "b", {.user = "rita"}));
  ASSERT_TRUE(b);

  Result<ReviewOutcome> by_rex = Review(*a).Accept({.plan = "all", .item = "t1", .annotator = "ana"});
  ASSERT_TRUE(by_rex.ok()) << by_rex.status().message();
  Result<ReviewOutcome> by_rita = Review(*b).Reject(
      {.plan = "all", .item = "t2", .annotator = "ana", .errors = {"wrong-category"}});
  ASSERT_TRUE(by_rita.ok()) << by_rita.status().message();
  // rita reviews t1 too, on her clone: a second review of one label.
  ASSERT_TRUE(Review(*b).Accept({.plan = "all", .item = "t1", .annotator = "ana"}).ok());
  ASSERT_TRUE(Remotes(*b).Sync("origin").ok());
  ASSERT_TRUE(Remotes(*a).Sync("origin").ok());
  ASSERT_TRUE(Remotes(*b).Sync("origin").ok());

  for (Project* p : {a.get(), b.get()}) {
    Result<std::vector<core::ReviewEvent>> all = ReadReviews(p->state());
    ASSERT_TRUE(all.ok()) << all.status().message();
    EXPECT_EQ(all->size(), 3u);
    EXPECT_NE(std::find(all->begin(), all->end(), by_rex->review), all->end());
    EXPECT_NE(std::find(all->begin(), all->end(), by_rita->review), all->end());
    Result<ReviewStatus> status = Review(*p).StatusOf("all");
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->reviewed, 2u);
    EXPECT_EQ(status->defects, 1u);
  }
  EXPECT_EQ(RunCommand("git -C " + tmp / "a" + " rev-parse HEAD").out,
            RunCommand("git -C " + tmp / "b" + " rev-parse HEAD").out);
}

TEST_F(ReviewSession, ErrorTypesDefaultUntilChangedAndKeepTaxaJsonBytes) {
  std::string before = Git("show HEAD:taxa.json");
  Review review(*project_);
  std::vector<core::ErrorType> types = review.ErrorTypes();
  ASSERT_GE(types.size(), 4u);
  std::vector<std::string> ids;
  for (const core::ErrorType& t : types) ids.push_back(t.id);
  for (const char* want : {"wrong-category", "missed-attribute", "guideline-ambiguous", "item-unusable"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want;
  EXPECT_EQ(before.find("error_types"), std::string::npos);
  // Reviewing leaves taxa.json alone.
  ASSERT_TRUE(SamplingPlans(*project_).Create({.name = "audit", .seed = 2, .size = 20}).ok());
  ASSERT_TRUE(review.Reject({.plan = "audit", .item = "i101", .annotator = "ana",
                             .errors = {"item-unusable"}})
                  .ok());
  EXPECT_EQ(Git("show HEAD:taxa.json"), before);

  EXPECT_TRUE(review.AddErrorType({.id = "pii-missed", .name = "PII missed",
                                   .description = "Personal data left unmasked."})
                  .ok());
  EXPECT_NE(Git("log -1 --format=%B").find("Taxa-Action: review.errors.add"), std::string::npos);
  std::string after = Git("show HEAD:taxa.json");
  EXPECT_NE(after.find("\"error_types\""), std::string::npos);
  EXPECT_NE(after.find("\"pii-missed\""), std::string::npos);
  EXPECT_NE(after.find("\"wrong-category\""), std::string::npos) << "the defaults are written too";
  EXPECT_EQ(review.ErrorTypes().size(), types.size() + 1);
  EXPECT_TRUE(review.Reject({.plan = "audit", .item = "i102", .annotator = "ana",
                             .errors = {"pii-missed"}})
                  .ok());
  EXPECT_TRUE(Fails(review.AddErrorType({.id = "pii-missed", .name = "Again"}),
                    StatusCode::kAlreadyExists, {"\"pii-missed\" exists already"}));
  EXPECT_TRUE(Fails(review.AddErrorType({.id = "Bad Id", .name = "x"}), StatusCode::kInvalidInput,
                    {"error type id \"Bad Id\""}));
  EXPECT_TRUE(Fails(review.AddErrorType({.id = "noname"}), StatusCode::kInvalidInput,
                    {"needs a name"}));
  EXPECT_TRUE(review.RemoveErrorType("item-unusable").ok());
  EXPECT_TRUE(Fails(review.RemoveErrorType("item-unusable"), StatusCode::kNotFound,
                    {"no error type \"item-unusable\""}));
  EXPECT_TRUE(Fails(review.Reject({.plan = "audit", .item = "i103", .annotator = "ana",
                                   .errors = {"item-unusable"}})
                        .status(),
                    StatusCode::kInvalidInput, {"unknown error type \"item-unusable\""}));
}

}  // namespace
}  // namespace taxa::app
