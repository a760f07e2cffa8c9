// People and roles in the session: taxa.json's roles decide who may do what,
// tokens are stored only as hashes outside the committed tree.
#include <sys/stat.h>

#include "session/access.h"
#include "session/gold.h"
#include "session/history.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

SessionOptions As(const std::string& user) {
  SessionOptions o;
  o.user = user;
  return o;
}

// Categories billing and shipping, items a, b, c, made by "ana".
std::unique_ptr<Project> MakeProject(const TempDir& tmp) {
  auto p = Project::Create(tmp / "p", "Tickets", As("ana"));
  EXPECT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(TaxonomyEdits(**p).Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  EXPECT_TRUE(TaxonomyEdits(**p).Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  WriteText(tmp / "items.jsonl",
            "{\"id\":\"a\",\"text\":\"refund\"}\n{\"id\":\"b\",\"text\":\"parcel\"}\n"
            "{\"id\":\"c\",\"text\":\"twice\"}\n");
  EXPECT_TRUE(Items(**p).Import(tmp / "items.jsonl").ok());
  return std::move(*p);
}

// ana a lead, ben and cy annotators, al an auditor; returns ben's token.
std::string AddPeople(Project& p) {
  EXPECT_TRUE(Users(p).Add("ana", Role::kLead).ok());
  Result<NewUser> ben = Users(p).Add("Ben", Role::kAnnotator);
  EXPECT_TRUE(ben.ok()) << ben.status().message();
  EXPECT_TRUE(Users(p).Add("cy", Role::kAnnotator).ok());
  EXPECT_TRUE(Users(p).Add("al", Role::kAuditor).ok());
  return ben.ok() ? ben->token : "";
}

std::string Sha256Of(const std::string& text) {
  return RunCommand("printf '%s' '" + text + "' | sha256sum | cut -c1-64").out.substr(0, 64);
}

TEST(Users, TheFirstPersonMustBeALead) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  EXPECT_TRUE(Fails(Users(*p).Add("ben", Role::kAnnotator).status(), StatusCode::kFailedPrecondition,
                    {"first person must be a lead", "--role lead"}));
  EXPECT_TRUE(Users(*p).Add("ana", Role::kLead).ok());
  EXPECT_TRUE(Users(*p).Add("ben", Role::kAnnotator).ok());
}

TEST(Users, OnlyTheTokensHashIsKeptOutsideTheCommittedTree) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  Result<NewUser> ana = Users(*p).Add("ana", Role::kLead);
  ASSERT_TRUE(ana.ok()) << ana.status().message();
  ASSERT_EQ(ana->token.size(), 5u + 64u);
  EXPECT_EQ(ana->token.rfind("taxa_", 0), 0u);
  const std::string tokens = tmp / "p/.git/taxa/tokens.json";
  std::string stored = ReadText(tokens);
  EXPECT_EQ(stored.find(ana->token.substr(5)), std::string::npos);
  EXPECT_NE(stored.find(Sha256Of(ana->token)), std::string::npos) << stored;  // sha256sum's hash
  struct stat st {};
  ASSERT_EQ(::stat(tokens.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The role is committed; the token file is not in the tree.
  std::string head_settings = RunCommand("git -C " + tmp / "p" + " show HEAD:taxa.json").out;
  EXPECT_NE(head_settings.find("\"lead\""), std::string::npos) << head_settings;
  EXPECT_NE(head_settings.find("\"ana\""), std::string::npos);
  EXPECT_EQ(RunCommand("git -C " + tmp / "p" + " ls-tree -r --name-only HEAD | grep -c token").out,
            "0\n");
  auto log = History(*p).Log(1);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->front().subject, "Add ana as lead");
}

TEST(Users, ATokenNamesItsHolderAndAWrongOneNobody) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  std::string ben = AddPeople(*p);
  Result<TokenBook> book = Users(*p).Tokens();
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(*book->Authenticate(ben), "ben");
  std::string wrong = ben;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_TRUE(Fails(book->Authenticate(wrong).status(), StatusCode::kUnauthenticated, {"unknown"}));
  EXPECT_TRUE(Fails(book->Authenticate("").status(), StatusCode::kUnauthenticated, {"no token"}));
  std::string run = book->AddForThisRun("ana");
  EXPECT_EQ(*book->Authenticate(run), "ana");
  EXPECT_TRUE(Fails(Users(*p).Tokens()->Authenticate(run).status(), StatusCode::kUnauthenticated, {}));
}

TEST(Users, ListShowsRolesAndTokensAndRevokeTakesBoth) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  std::string ben = AddPeople(*p);
  Result<std::vector<UserEntry>> list = Users(*p).List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 4u);
  EXPECT_EQ((*list)[1].name, "ana");
  EXPECT_EQ((*list)[1].roles, std::vector<Role>{Role::kLead});
  EXPECT_EQ((*list)[2].name, "ben");
  EXPECT_TRUE((*list)[2].has_token);
  EXPECT_TRUE(Fails(Users(*p).Add("ben", Role::kLead).status(), StatusCode::kAlreadyExists,
                    {"ben is already listed as annotator"}));
  ASSERT_TRUE(Users(*p).Revoke("ben").ok());
  EXPECT_TRUE(Fails(Users(*p).Tokens()->Authenticate(ben).status(), StatusCode::kUnauthenticated, {}));
  EXPECT_EQ(Users(*p).List()->size(), 3u);
  EXPECT_TRUE(Fails(Users(*p).Revoke("ben"), StatusCode::kNotFound, {"ben"}));
  EXPECT_TRUE(Fails(Users(*p).Revoke("ana"), StatusCode::kFailedPrecondition, {"only lead"}));
}

TEST(Access, WithoutALeadEveryoneMayDoEverything) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  ASSERT_TRUE(p->ActAs("zed").ok());
  EXPECT_FALSE(Access(*p).Me().roles_in_force);
  EXPECT_TRUE(Labeling(*p).Label({.item = "a", .categories = {"billing"}, .annotator = "yan"}).ok());
  EXPECT_TRUE(TaxonomyEdits(*p).Add({.id = "other", .name = "Other", .definition = "x"}).ok());
}

TEST(Access, AnAnnotatorLabelsOnlyAsThemselves) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  AddPeople(*p);
  ASSERT_TRUE(p->ActAs("ben").ok());
  EXPECT_TRUE(Labeling(*p).Label({.item = "a", .categories = {"billing"}}).ok());
  EXPECT_TRUE(Labeling(*p).Label({.item = "b", .categories = {"billing"}, .annotator = "BEN"}).ok());
  EXPECT_TRUE(Fails(Labeling(*p).Label({.item = "a", .categories = {"billing"}, .annotator = "cy"}).status(),
                    StatusCode::kPermissionDenied,
                    {"ben is an annotator", "labeling as cy needs a lead"}));
  // A lead may label in someone's name (a vendor's delivery).
  ASSERT_TRUE(p->ActAs("ana").ok());
  EXPECT_TRUE(Labeling(*p).Label({.item = "c", .categories = {"shipping"}, .annotator = "cy"}).ok());
}

TEST(Access, AnAuditorOnlyReads) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  AddPeople(*p);
  ASSERT_TRUE(p->ActAs("al").ok());
  EXPECT_TRUE(Fails(Labeling(*p).Label({.item = "a", .categories = {"billing"}}).status(),
                    StatusCode::kPermissionDenied, {"al is an auditor", "labeling needs"}));
  EXPECT_TRUE(Fails(TaxonomyEdits(*p).Add({.id = "x", .name = "X", .definition = "x"}),
                    StatusCode::kPermissionDenied, {"al is an auditor", "category.add needs a lead"}));
  EXPECT_EQ(*Items(*p).Count(), 3);
  EXPECT_TRUE(Labeling(*p).LabelsOf("a").ok());
  // Someone taxa.json does not name at all reads too, and nothing more.
  ASSERT_TRUE(p->ActAs("stranger").ok());
  EXPECT_TRUE(Fails(Labeling(*p).Label({.item = "a", .categories = {"billing"}}).status(),
                    StatusCode::kPermissionDenied, {"stranger has no role in taxa.json"}));
}

TEST(Access, TaxonomyGoldAndPeopleNeedALead) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  AddPeople(*p);
  ASSERT_TRUE(p->ActAs("ben").ok());
  EXPECT_TRUE(Fails(TaxonomyEdits(*p).Move("shipping", "billing"), StatusCode::kPermissionDenied,
                    {"ben is an annotator", "category.move needs a lead"}));
  EXPECT_TRUE(Fails(Gold(*p).Set("a", {"billing"}, "").status(), StatusCode::kPermissionDenied,
                    {"gold.set needs a lead"}));
  EXPECT_TRUE(Fails(Users(*p).Add("dee", Role::kLead).status(), StatusCode::kPermissionDenied,
                    {"user.add needs a lead"}));
  EXPECT_TRUE(Fails(Users(*p).Revoke("cy"), StatusCode::kPermissionDenied, {"user.revoke"}));
  EXPECT_TRUE(Users(*p).Tokens().ok());
  EXPECT_FALSE(Access(*p).Allows(Permission::kLead));
  ASSERT_TRUE(p->ActAs("ana").ok());
  EXPECT_TRUE(Access(*p).Allows(Permission::kLead));
  EXPECT_TRUE(TaxonomyEdits(*p).Move("shipping", "billing").ok());
}

TEST(Access, SyncingAServedProjectNeedsALeadButACopysOwnerSyncsIt) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  AddPeople(*p);
  ASSERT_TRUE(p->ActAs("ben").ok());
  EXPECT_TRUE(Fails(Remotes(*p).Sync("origin").status(), StatusCode::kPermissionDenied,
                    {"ben is an annotator", "syncing the served project needs a lead"}));
  p.reset();
  // ben on his own copy: the sync goes on (and fails only for want of a remote).
  auto own = Project::Open(tmp / "p", As("ben"));
  ASSERT_TRUE(own.ok());
  Status synced = Remotes(**own).Sync("origin").status();
  EXPECT_FALSE(synced.ok());
  EXPECT_NE(synced.code(), StatusCode::kPermissionDenied) << synced.message();
}

TEST(Labeling, LabelEachAnswersEachPersonOnItsOwn) {
  TempDir tmp;
  auto p = MakeProject(tmp);
  AddPeople(*p);
  std::vector<Result<core::LabelEvent>> out = Labeling(*p).LabelEach({
      {.by = "ben", .request = {.item = "a", .categories = {"billing"}}},
      {.by = "cy", .request = {.item = "a", .categories = {"shipping"}}},
      {.by = "al", .request = {.item = "b", .categories = {"billing"}}},
      {.by = "ben", .request = {.item = "b", .categories = {"billing"}, .annotator = "cy"}},
      {.by = "ben", .request = {.item = "a", .categories = {"shipping"}}},
  });
  ASSERT_EQ(out.size(), 5u);
  ASSERT_TRUE(out[0].ok()) << out[0].status().message();
  EXPECT_EQ(out[0]->annotator, "ben");
  ASSERT_TRUE(out[1].ok());
  EXPECT_EQ(out[1]->annotator, "cy");
  EXPECT_TRUE(Fails(out[2].status(), StatusCode::kPermissionDenied, {"al is an auditor"}));
  EXPECT_TRUE(Fails(out[3].status(), StatusCode::kPermissionDenied, {"labeling as cy"}));
  ASSERT_TRUE(out[4].ok());
  EXPECT_EQ(p->user(), "ana");  // left as it was
  // A bad request among good ones is refused alone.
  out = Labeling(*p).LabelEach({{.by = "cy", .request = {.item = "nope", .categories = {"billing"}}},
                                {.by = "cy", .request = {.item = "c", .categories = {"billing"}}}});
  EXPECT_TRUE(Fails(out[0].status(), StatusCode::kInvalidInput, {"unknown item \"nope\""}));
  EXPECT_TRUE(out[1].ok());
  // Each person's undo takes back their own labels, newest first.
  ASSERT_TRUE(p->ActAs("ben").ok());
  EXPECT_EQ(Labeling(*p).undoable(), 2u);
  ASSERT_TRUE(Labeling(*p).Undo().ok());  // a: shipping -> billing
  EXPECT_EQ(Labeling(*p).LabelsOf("a")->mine->categories, std::vector<std::string>{"billing"});
  ASSERT_TRUE(Labeling(*p).Undo().ok());  // a: billing -> none
  EXPECT_FALSE(Labeling(*p).LabelsOf("a")->mine.has_value());
  ASSERT_TRUE(p->ActAs("cy").ok());
  EXPECT_EQ(Labeling(*p).undoable(), 2u);
  EXPECT_EQ(Labeling(*p).LabelsOf("a")->mine->categories, std::vector<std::string>{"shipping"});
}

}  // namespace
}  // namespace taxa::app
