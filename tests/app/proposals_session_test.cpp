// Change control by role: typed roles in taxa.json (person -> roles, the
// older role -> people still read), proposals made on their own branch,
// approved by people whose role allows it, merged, synced between replicas;
// releases approved by the lead who cuts them.
#include <algorithm>

#include "session/access.h"
#include "session/calibration.h"
#include "session/gold.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/proposals.h"
#include "session/releases.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/git_servers.h"
#include "support/settings_edit.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

// pets, cats (sensitive) and dogs; items a, b, c; made by ana, without roles.
std::unique_ptr<Project> MakeProject(const std::string& dir, const TempDir& tmp) {
  auto p = Project::Create(dir, "Animals", {.user = "ana"});
  EXPECT_TRUE(p.ok()) << p.status().message();
  TaxonomyEdits edits(**p);
  EXPECT_TRUE(edits.Add({.id = "pets", .name = "Pets", .definition = "Animals at home."}).ok());
  EXPECT_TRUE(
      edits.Add({.id = "cats", .name = "Cats", .definition = "Cats.", .sensitive = true}).ok());
  EXPECT_TRUE(edits.Add({.id = "dogs", .name = "Dogs", .definition = "Dogs."}).ok());
  WriteText(tmp / "items.jsonl",
            "{\"id\":\"a\",\"text\":\"meow\"}\n{\"id\":\"b\",\"text\":\"woof\"}\n"
            "{\"id\":\"c\",\"text\":\"purr\"}\n");
  EXPECT_TRUE(Items(**p).Import(tmp / "items.jsonl").ok());
  return std::move(*p);
}

// ana and bo leads, cy compliance, ben an annotator, al an auditor.
void AddPeople(Project& p) {
  EXPECT_TRUE(Users(p).Add("ana", Role::kLead).ok());
  EXPECT_TRUE(Users(p).Add("bo", Role::kLead).ok());
  EXPECT_TRUE(Users(p).Add("cy", Role::kCompliance).ok());
  EXPECT_TRUE(Users(p).Add("ben", Role::kAnnotator).ok());
  EXPECT_TRUE(Users(p).Add("al", Role::kAuditor).ok());
}

// The full message of the commit at `rev` in the repository at `dir`.
std::string CommitMessage(const std::string& dir, const std::string& rev = "HEAD") {
  return RunCommand("git -C " + dir + " log -1 --format=%B " + rev).out;
}

class ProposalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_ = MakeProject(tmp_ / "p", tmp_);
    ASSERT_TRUE(p_);
    AddPeople(*p_);
  }
  Status As(const std::string& user) { return p_->ActAs(user); }
  // ana opens `name` and deprecates `id` (replaced by `by`) in it.
  void OpenDeprecating(const std::string& name, const std::string& id, const std::string& by) {
    ASSERT_TRUE(As("ana").ok());
    Result<ProposalSummary> opened = Proposals(*p_).Open(name, "why " + name);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ASSERT_TRUE(Proposals(*p_).EditOn(name).ok());
    Status edited = TaxonomyEdits(*p_).Deprecate(id, by);
    ASSERT_TRUE(edited.ok()) << edited.message();
  }
  // A project opened afresh (main's taxonomy again, not a proposal's).
  void Reopen(const std::string& user = "ana") {
    p_.reset();
    auto p = Project::Open(tmp_ / "p", {.user = user});
    ASSERT_TRUE(p.ok()) << p.status().message();
    p_ = std::move(*p);
  }
  TempDir tmp_;
  std::unique_ptr<Project> p_;
};

TEST_F(ProposalsTest, EditsInAProposalLeaveMainAndItsWorkTreeAlone) {
  const std::string on_disk = ReadText(tmp_ / "p/taxonomy/categories/dogs.json");
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("retire-dogs", "dogs", ""));
  EXPECT_EQ(ReadText(tmp_ / "p/taxonomy/categories/dogs.json"), on_disk);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_EQ(p_->taxonomy().Find("dogs")->status, core::CategoryStatus::kActive);
  Result<ProposalSummary> shown = Proposals(*p_).Show("retire-dogs");
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_EQ(shown->state, "open");
  EXPECT_EQ(shown->author, "ana");
  EXPECT_EQ(shown->rationale, "why retire-dogs");
  ASSERT_EQ(shown->changes.deprecated.size(), 1u);
  EXPECT_EQ(shown->changes.deprecated[0].first, "dogs");
  EXPECT_EQ(shown->fork, RunCommand("git -C " + tmp_ / "p" + " rev-parse main").out.substr(0, 40));
  EXPECT_NE(CommitMessage(tmp_ / "p", "proposals/retire-dogs~1").find("Taxa-Action: proposal.open"),
            std::string::npos);
}

TEST_F(ProposalsTest, ApprovalsAreRefusedWithoutAnApprovingRole) {
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("retire-dogs", "dogs", ""));
  ASSERT_TRUE(As("ben").ok());
  EXPECT_TRUE(Fails(Proposals(*p_).Decide("retire-dogs", true, "yes").status(),
                    StatusCode::kPermissionDenied,
                    {"ben holds annotator", "approving proposal retire-dogs needs a lead"}));
  ASSERT_TRUE(As("al").ok());
  EXPECT_TRUE(Fails(Proposals(*p_).Decide("retire-dogs", false, "no").status(),
                    StatusCode::kPermissionDenied, {"al holds auditor", "rejecting"}));
  ASSERT_TRUE(As("cy").ok());  // compliance, asked to approve as a lead
  EXPECT_TRUE(Fails(Proposals(*p_).Decide("retire-dogs", true, "yes", "lead").status(),
                    StatusCode::kPermissionDenied, {"cy holds compliance", "as lead"}));
  ASSERT_TRUE(As("ana").ok());  // a lead, but the proposal's author
  EXPECT_TRUE(Fails(Proposals(*p_).Decide("retire-dogs", true, "mine").status(),
                    StatusCode::kPermissionDenied, {"ana opened proposal retire-dogs", "four eyes"}));

  EXPECT_TRUE(Fails(Proposals(*p_).Merge("retire-dogs").status(), StatusCode::kFailedPrecondition,
                    {"cannot merge proposal retire-dogs", "needs a lead's approval"}));
  ASSERT_TRUE(As("bo").ok());
  Result<ProposalDecision> approved = Proposals(*p_).Decide("retire-dogs", true, "agreed");
  ASSERT_TRUE(approved.ok()) << approved.status().message();
  EXPECT_EQ(approved->role, "lead");
  ASSERT_TRUE(As("ana").ok());
  Result<std::string> merged = Proposals(*p_).Merge("retire-dogs");
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(p_->taxonomy().Find("dogs")->status, core::CategoryStatus::kDeprecated);
  const std::string message = CommitMessage(tmp_ / "p");
  EXPECT_NE(message.find("Taxa-Action: proposal.merge"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Approved-By: bo (lead)"), std::string::npos) << message;
  // A true merge: git sees the proposal's tip as main's second parent.
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "p" + " rev-parse HEAD^2").out,
            RunCommand("git -C " + tmp_ / "p" + " rev-parse proposals/retire-dogs").out);
  EXPECT_EQ(Proposals(*p_).Show("retire-dogs")->state, "merged");
}

TEST_F(ProposalsTest, ASensitiveChangeNeedsComplianceAsWellAsALead) {
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("merge-cats", "cats", "pets"));
  ASSERT_TRUE(As("bo").ok());
  ASSERT_TRUE(Proposals(*p_).Decide("merge-cats", true, "fine by me").ok());
  ASSERT_TRUE(As("ana").ok());
  EXPECT_TRUE(Fails(Proposals(*p_).Merge("merge-cats").status(), StatusCode::kFailedPrecondition,
                    {"needs a compliance approval", "sensitive"}));
  // Compliance approves, but changes nothing on main by itself.
  ASSERT_TRUE(As("cy").ok());
  EXPECT_TRUE(Fails(TaxonomyEdits(*p_).Add({.id = "birds", .name = "Birds", .definition = "B."}),
                    StatusCode::kPermissionDenied, {"cy is a compliance officer", "needs a lead"}));
  Result<ProposalDecision> cleared = Proposals(*p_).Decide("merge-cats", true, "checked");
  ASSERT_TRUE(cleared.ok()) << cleared.status().message();
  EXPECT_EQ(cleared->role, "compliance");
  Result<ProposalSummary> shown = Proposals(*p_).Show("merge-cats");
  ASSERT_TRUE(shown.ok());
  EXPECT_TRUE(shown->sensitive);
  EXPECT_EQ(shown->state, "approved");
  EXPECT_EQ(shown->approved_by, (std::vector<std::string>{"bo (lead)", "cy (compliance)"}));
  ASSERT_TRUE(As("ana").ok());
  ASSERT_TRUE(Proposals(*p_).Merge("merge-cats").ok());
  const std::string message = CommitMessage(tmp_ / "p");
  EXPECT_NE(message.find("Taxa-Approved-By: bo (lead)\nTaxa-Approved-By: cy (compliance)"),
            std::string::npos)
      << message;
}

TEST_F(ProposalsTest, AnEditAfterAnApprovalAsksForANewDecision) {
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("retire-dogs", "dogs", ""));
  ASSERT_TRUE(As("bo").ok());
  ASSERT_TRUE(Proposals(*p_).Decide("retire-dogs", true, "ok").ok());
  EXPECT_EQ(Proposals(*p_).Show("retire-dogs")->state, "approved");
  ASSERT_TRUE(As("ana").ok());
  ASSERT_TRUE(Proposals(*p_).EditOn("retire-dogs").ok());
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("pets", {.definition = "Kept at home."}).ok());
  Result<ProposalSummary> shown = Proposals(*p_).Show("retire-dogs");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->state, "open");
  ASSERT_EQ(shown->decisions.size(), 1u);
  EXPECT_FALSE(shown->decisions[0].in_force);
  // A rejection in force blocks the merge whatever else was approved.
  ASSERT_TRUE(As("bo").ok());
  ASSERT_TRUE(Proposals(*p_).Decide("retire-dogs", true, "still ok").ok());
  ASSERT_TRUE(As("ana").ok());
  ASSERT_TRUE(Proposals(*p_).Decide("retire-dogs", false, "on second thought").ok());
  EXPECT_TRUE(Fails(Proposals(*p_).Merge("retire-dogs").status(), StatusCode::kFailedPrecondition,
                    {"it was rejected"}));
}

TEST_F(ProposalsTest, MergeIsRefusedWhenMainChangedTheSameCategorySince) {
  ASSERT_TRUE(As("ana").ok());
  ASSERT_TRUE(Proposals(*p_).Open("pets-text", "clearer").ok());
  ASSERT_TRUE(Proposals(*p_).EditOn("pets-text").ok());
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("pets", {.definition = "Animals living with people."}).ok());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("pets", {.definition = "Domestic animals."}).ok());
  ASSERT_TRUE(As("bo").ok());
  ASSERT_TRUE(Proposals(*p_).Decide("pets-text", true, "ok").ok());
  ASSERT_TRUE(As("ana").ok());
  EXPECT_TRUE(Fails(Proposals(*p_).Merge("pets-text").status(), StatusCode::kFailedPrecondition,
                    {"main changed category pets since the proposal started"}));
  EXPECT_EQ(p_->taxonomy().Find("pets")->definition, "Domestic animals.");
}

TEST_F(ProposalsTest, ShowGivesEachChangesImpact) {
  ASSERT_TRUE(As("ben").ok());
  ASSERT_TRUE(Labeling(*p_).Label({.item = "a", .categories = {"cats"}}).ok());
  ASSERT_TRUE(Labeling(*p_).Label({.item = "b", .categories = {"dogs"}}).ok());
  ASSERT_TRUE(As("ana").ok());
  ASSERT_TRUE(Labeling(*p_).Label({.item = "c", .categories = {"cats"}}).ok());
  ASSERT_TRUE(Labeling(*p_).Label({.item = "b", .categories = {"dogs"}}).ok());
  ASSERT_TRUE(p_->Flush().ok());
  ASSERT_TRUE(Gold(*p_).Set("a", {"cats"}, "").ok());
  ASSERT_TRUE(Calibration(*p_).Start({.name = "r1", .items = 1, .annotators = {"ben", "ana"}}).ok());
  Result<std::vector<core::CalibrationRound>> rounds = Calibration(*p_).Rounds();
  ASSERT_TRUE(rounds.ok() && rounds->size() == 1u && (*rounds)[0].items.size() == 1u);
  const std::string in_round = (*rounds)[0].items[0];

  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("animals", "dogs", ""));  // retired, no replacement
  ASSERT_TRUE(TaxonomyEdits(*p_).Deprecate("cats", "pets").ok());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  Result<ProposalSummary> shown = Proposals(*p_).Show("animals");
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  ASSERT_EQ(shown->impact.size(), 2u);
  const CategoryImpact& cats = shown->impact[0];
  const CategoryImpact& dogs = shown->impact[1];
  EXPECT_EQ(cats.id, "cats");
  EXPECT_TRUE(cats.sensitive);
  EXPECT_EQ(cats.labels, 2u);  // ben's a, ana's c
  EXPECT_EQ(cats.gold, 1u);
  EXPECT_EQ(cats.annotators, (std::vector<std::string>{"ana", "ben"}));
  EXPECT_TRUE(cats.relabel.empty()) << "replaced: its labels carry forward";
  EXPECT_EQ(cats.calibration, in_round == "a" || in_round == "c" ? 1u : 0u);
  EXPECT_EQ(dogs.id, "dogs");
  EXPECT_FALSE(dogs.sensitive);
  EXPECT_EQ(dogs.labels, 2u);  // ben's and ana's b
  EXPECT_EQ(dogs.gold, 0u);
  EXPECT_EQ(dogs.annotators, (std::vector<std::string>{"ana", "ben"}));
  EXPECT_EQ(dogs.relabel, (std::vector<std::string>{"b"}));
  EXPECT_EQ(dogs.calibration, in_round == "b" ? 1u : 0u);
}

TEST_F(ProposalsTest, AProposalMadeOnOneReplicaIsApprovedOnAnotherAfterSync) {
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
  ASSERT_TRUE(Remotes(*p_).Add("origin", tmp_ / "hub").ok());
  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("merge-cats", "cats", "pets"));
  ASSERT_NO_FATAL_FAILURE(Reopen());
  Result<SyncReport> sent = Remotes(*p_).Sync("origin");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "hub" + " rev-parse proposals/merge-cats").out,
            RunCommand("git -C " + tmp_ / "p" + " rev-parse proposals/merge-cats").out);

  // Replicas of bo and cy approve, one after the other, each syncing.
  for (const char* who : {"bo", "cy"}) {
    auto other = Project::Clone(tmp_ / "hub", tmp_ / who, {.user = who});
    ASSERT_TRUE(other.ok()) << other.status().message();
    ASSERT_TRUE(Remotes(**other).Sync("origin").ok());
    Result<ProposalSummary> seen = Proposals(**other).Show("merge-cats");
    ASSERT_TRUE(seen.ok()) << seen.status().message();
    EXPECT_EQ(seen->author, "ana");
    Result<ProposalDecision> d = Proposals(**other).Decide("merge-cats", true, "ok");
    ASSERT_TRUE(d.ok()) << d.status().message();
    Result<SyncReport> back = Remotes(**other).Sync("origin");
    ASSERT_TRUE(back.ok()) << back.status().message();
  }
  // Meanwhile ana rejected nothing; she syncs and merges.
  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  Result<ProposalSummary> here = Proposals(*p_).Show("merge-cats");
  ASSERT_TRUE(here.ok()) << here.status().message();
  EXPECT_EQ(here->state, "approved");
  EXPECT_EQ(here->approved_by, (std::vector<std::string>{"bo (lead)", "cy (compliance)"}));
  ASSERT_TRUE(Proposals(*p_).Merge("merge-cats").ok());
  EXPECT_EQ(p_->taxonomy().Find("cats")->replaced_by, "pets");
}

// The same journey over git's smart HTTP (git http-backend behind a web
// server on 127.0.0.1), the transport a lab's hub uses, not a folder.
TEST_F(ProposalsTest, AProposalTravelsOverHttpAsMainDoes) {
  taxa::testing::GitHttpServer http;
  if (!http.missing().empty()) GTEST_SKIP() << http.missing();
  ASSERT_TRUE(http.error().empty()) << http.error();
  const std::string url = http.MakeRepo("hub.git");
  ASSERT_TRUE(Remotes(*p_).Add("origin", url).ok());
  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("merge-cats", "cats", "pets"));
  ASSERT_NO_FATAL_FAILURE(Reopen());
  Result<SyncReport> sent = Remotes(*p_).Sync("origin");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(RunCommand("git -C " + http.RepoPath("hub.git") + " rev-parse proposals/merge-cats").out,
            RunCommand("git -C " + tmp_ / "p" + " rev-parse proposals/merge-cats").out);

  auto bo = Project::Clone(url, tmp_ / "bo", {.user = "bo"});
  ASSERT_TRUE(bo.ok()) << bo.status().message();
  ASSERT_TRUE(Remotes(**bo).Sync("origin").ok());
  Result<ProposalDecision> d = Proposals(**bo).Decide("merge-cats", true, "over http");
  ASSERT_TRUE(d.ok()) << d.status().message();
  Result<SyncReport> back = Remotes(**bo).Sync("origin");
  ASSERT_TRUE(back.ok()) << back.status().message();

  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  Result<ProposalSummary> here = Proposals(*p_).Show("merge-cats");
  ASSERT_TRUE(here.ok()) << here.status().message();
  ASSERT_EQ(here->decisions.size(), 1u);
  EXPECT_EQ(here->decisions[0].person, "bo");
  EXPECT_EQ(here->decisions[0].rationale, "over http");
}

TEST_F(ProposalsTest, ApprovalsOnTwoReplicasBeforeEitherSyncsAreJoined) {
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
  ASSERT_TRUE(Remotes(*p_).Add("origin", tmp_ / "hub").ok());
  ASSERT_NO_FATAL_FAILURE(OpenDeprecating("merge-cats", "cats", "pets"));
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  auto bo = Project::Clone(tmp_ / "hub", tmp_ / "bo", {.user = "bo"});
  auto cy = Project::Clone(tmp_ / "hub", tmp_ / "cy", {.user = "cy"});
  ASSERT_TRUE(bo.ok() && cy.ok());
  ASSERT_TRUE(Remotes(**bo).Sync("origin").ok());
  ASSERT_TRUE(Remotes(**cy).Sync("origin").ok());
  ASSERT_TRUE(Proposals(**bo).Decide("merge-cats", true, "ok").ok());
  ASSERT_TRUE(Proposals(**cy).Decide("merge-cats", true, "ok").ok());
  ASSERT_TRUE(Remotes(**bo).Sync("origin").ok());
  Result<SyncReport> joined = Remotes(**cy).Sync("origin");  // the branches diverged: merged
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  ASSERT_TRUE(Remotes(*p_).Sync("origin").ok());
  EXPECT_EQ(Proposals(*p_).Show("merge-cats")->state, "approved");
  ASSERT_TRUE(Proposals(*p_).Merge("merge-cats").ok());
}

TEST_F(ProposalsTest, AReleaseIsApprovedByTheLeadCuttingItAndRefusedForUnclearedSensitiveChanges) {
  ASSERT_TRUE(As("ben").ok());
  EXPECT_TRUE(Fails(Releases(*p_).Release({.version = "1.0.0"}).status(),
                    StatusCode::kPermissionDenied, {"ben is an annotator", "needs a lead"}));
  ASSERT_TRUE(As("ana").ok());
  // cats (sensitive) came in on main, not through a proposal compliance approved.
  EXPECT_TRUE(Fails(Releases(*p_).Release({.version = "1.0.0"}).status(),
                    StatusCode::kFailedPrecondition,
                    {"cannot release 1.0.0", "category cats is sensitive", "no compliance approval"}));
  ASSERT_TRUE(Proposals(*p_).Open("cats-review", "compliance review of cats").ok());
  ASSERT_TRUE(Proposals(*p_).EditOn("cats-review").ok());
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("cats", {.definition = "Domestic cats."}).ok());
  for (const char* who : {"bo", "cy"}) {
    ASSERT_TRUE(As(who).ok());
    ASSERT_TRUE(Proposals(*p_).Decide("cats-review", true, "ok").ok());
  }
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_TRUE(Proposals(*p_).Merge("cats-review").ok());
  Result<core::ReleaseManifest> m = Releases(*p_).Release({.version = "1.0.0"});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->approvals, (std::vector<std::string>{"ana (lead)"}));
  const std::string message = CommitMessage(tmp_ / "p");
  EXPECT_NE(message.find("Taxa-Approved-By: ana (lead)"), std::string::npos) << message;
  auto manifest = nlohmann::json::parse(ReadText(tmp_ / "p/taxonomy/releases/1.0.0.json"));
  EXPECT_EQ(manifest["approvals"], nlohmann::json::parse(R"j(["ana (lead)"])j"));

  // A sensitive change made straight on main after that is refused again.
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("cats", {.definition = "Cats, big and small."}).ok());
  EXPECT_TRUE(Fails(Releases(*p_).Release({.version = "1.1.0"}).status(),
                    StatusCode::kFailedPrecondition, {"category cats is sensitive"}));
  // A change to a category that is not sensitive needs no compliance.
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("cats", {.definition = "Domestic cats."}).ok());
  ASSERT_TRUE(TaxonomyEdits(*p_).Edit("dogs", {.definition = "Dogs, all breeds."}).ok());
  EXPECT_TRUE(Releases(*p_).Release({.version = "1.1.0"}).ok());
}

TEST(Roles, TheOlderFormRoleToPeopleStillReadsAndIsRewrittenAtTheNextChange) {
  TempDir tmp;
  { ASSERT_TRUE(MakeProject(tmp / "p", tmp)); }
  ASSERT_NO_FATAL_FAILURE(
      taxa::testing::EditRoles(tmp / "p", R"({"lead": ["ana"], "annotator": ["ben"]})"));
  {
    auto ben = Project::Open(tmp / "p", {.user = "ben"});
    ASSERT_TRUE(ben.ok()) << ben.status().message();
    Standing me = Access(**ben).Me();
    EXPECT_TRUE(me.roles_in_force);
    EXPECT_EQ(me.roles, (std::vector<Role>{Role::kAnnotator}));
    EXPECT_TRUE(Fails(TaxonomyEdits(**ben).Edit("pets", {.definition = "x"}),
                      StatusCode::kPermissionDenied, {"ben is an annotator"}));
  }
  auto ana = Project::Open(tmp / "p", {.user = "ana"});
  ASSERT_TRUE(ana.ok());
  EXPECT_EQ(Access(**ana).Me().roles, (std::vector<Role>{Role::kLead}));
  ASSERT_TRUE(Users(**ana).Add("cy", Role::kCompliance).ok());
  auto roles = nlohmann::json::parse(ReadText(tmp / "p/taxa.json"))["roles"];
  EXPECT_EQ(roles, nlohmann::json::parse(
                       R"({"ana": ["lead"], "ben": ["annotator"], "cy": ["compliance"]})"));
}

}  // namespace
}  // namespace taxa::app
