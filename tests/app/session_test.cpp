#include "session/session.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

SessionOptions As(const std::string& user, OpenMode mode = OpenMode::kWrite) {
  SessionOptions o;
  o.user = user;
  o.mode = mode;
  return o;
}

std::unique_ptr<Session> MakeProject(const std::string& dir) {
  auto s = Session::Create(dir, "Tickets", As("lead"));
  EXPECT_TRUE(s.ok()) << s.status().message();
  Session& p = **s;
  EXPECT_TRUE(p.AddCategory({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  EXPECT_TRUE(p.AddCategory({.id = "billing.refund", .name = "Refund", .parent = "billing",
                             .definition = "Asks for money back."}).ok());
  EXPECT_TRUE(p.AddCategory({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  WriteText(dir + "/../items.jsonl",
            "{\"id\":\"a\",\"text\":\"refund please\",\"meta\":{\"lang\":\"en\"}}\n"
            "{\"id\":\"b\",\"text\":\"where is my parcel\"}\n"
            "{\"id\":\"c\",\"text\":\"charged twice\"}\n");
  auto r = p.Import(dir + "/../items.jsonl");
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(*s);
}

std::vector<std::string> ExportLines(Session& s) {
  std::vector<std::string> lines;
  EXPECT_TRUE(s.Export([&](std::string_view l) {
    lines.emplace_back(l);
    return Status::Ok();
  }).ok());
  return lines;
}

TEST(Session, CreateThenReopenKeepsTaxonomyItemsAndHistory) {
  TempDir tmp;
  std::string dir = tmp / "p";
  MakeProject(dir).reset();
  auto s = Session::Open(dir, As("lead"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->settings().name, "Tickets");
  EXPECT_EQ((*s)->taxonomy().size(), 3u);
  EXPECT_EQ(*(*s)->index().ItemCount(), 3);
  auto log = (*s)->Log(0);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 5u);  // create, three categories, import
  EXPECT_EQ((*log)[0].subject, "Import 3 items from items.jsonl");
  EXPECT_EQ((*log)[0].author, "lead");
  bool has_action = false;
  for (const auto& [k, v] : (*log)[1].trailers)
    has_action |= k == "Taxa-Action" && v == "category.add";
  EXPECT_TRUE(has_action);
}

TEST(Session, SecondWriterIsRefusedButReadersAreNot) {
  TempDir tmp;
  std::string dir = tmp / "p";
  auto first = MakeProject(dir);
  auto second = Session::Open(dir, As("bob"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kLocked);
  EXPECT_NE(second.status().message().find("in use by taxa pid"), std::string::npos)
      << second.status().message();
  auto reader = Session::Open(dir, As("bob", OpenMode::kPreferWrite));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_FALSE((*reader)->writable());
  EXPECT_EQ(*(*reader)->index().ItemCount(), 3);
  first.reset();  // the lock goes with the writer
  EXPECT_TRUE(Session::Open(dir, As("bob")).ok());
}

TEST(Session, ImportingTheSameFileTwiceAddsNothing) {
  TempDir tmp;
  std::string dir = tmp / "p";
  auto s = MakeProject(dir);
  auto again = s->Import(tmp / "items.jsonl");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->unchanged, 3u);
  EXPECT_EQ(again->commit, "");
  EXPECT_EQ(*s->index().ItemCount(), 3);
}

TEST(Session, MalformedImportNamesTheLineAndCommitsNothing) {
  TempDir tmp;
  std::string dir = tmp / "p";
  auto s = MakeProject(dir);
  auto before = s->Log(1);
  WriteText(tmp / "bad.jsonl", "{\"id\":\"x\",\"text\":\"ok\"}\n{\"text\":\"no id\"}\n");
  auto r = s->Import(tmp / "bad.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("bad.jsonl:2: field \"id\" is missing"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(s->Log(1)->front().commit, before->front().commit);
  EXPECT_EQ(*s->index().ItemCount(), 3);
}

TEST(Session, AnItemIdReusedWithOtherContentIsRefused) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  WriteText(tmp / "clash.csv", "id,text\nz,new one\nb,a different text\n");
  auto r = s->Import(tmp / "clash.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("clash.csv:3: item \"b\" is already in the project"),
            std::string::npos) << r.status().message();
}

TEST(Session, LabelsRefuseUnknownAndDeprecatedCategoriesAndUnknownItems) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  auto unknown = s->Label({.item = "a", .categories = {"nope"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown category \"nope\""), std::string::npos);
  auto no_item = s->Label({.item = "zzz", .categories = {"billing"}});
  ASSERT_FALSE(no_item.ok());
  EXPECT_NE(no_item.status().message().find("unknown item \"zzz\""), std::string::npos);
  ASSERT_TRUE(s->AddCategory({.id = "billing.money_back", .name = "Money back",
                              .parent = "billing", .definition = "d"}).ok());
  ASSERT_TRUE(s->DeprecateCategory("billing.refund", "billing.money_back").ok());
  auto deprecated = s->Label({.item = "a", .categories = {"billing.refund"}});
  ASSERT_FALSE(deprecated.ok());
  EXPECT_NE(deprecated.status().message().find("use \"billing.money_back\""), std::string::npos)
      << deprecated.status().message();
}

TEST(Session, LabelsWithTextThatIsNotUtf8AreRefused) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  auto bad = s->Label({.item = "a", .categories = {"billing"}, .note = "caf\xE9"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("note is not valid UTF-8"), std::string::npos);
  EXPECT_EQ(s->pending_labels(), 0u);
}

TEST(Session, LabelsAreVisibleAtOnceAndCommittedOnFlush) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  ASSERT_TRUE(s->Label({.item = "a", .categories = {"billing.refund"}, .annotator = "alice"}).ok());
  ASSERT_TRUE(s->Label({.item = "a", .categories = {"billing"}, .annotator = "bob"}).ok());
  EXPECT_EQ(s->pending_labels(), 2u);
  auto counts = s->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->labeled_items, 1);
  std::string head_before = s->Log(1)->front().commit;
  ASSERT_TRUE(s->Flush().ok());
  EXPECT_EQ(s->pending_labels(), 0u);
  EXPECT_NE(s->Log(1)->front().commit, head_before);
  auto lines = ExportLines(*s);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "{\"id\":\"a\",\"text\":\"refund please\",\"meta\":{\"lang\":\"en\"},"
            "\"labels\":{\"alice\":[\"billing.refund\"],\"bob\":[\"billing\"]}}");
  EXPECT_EQ(lines[1], "{\"id\":\"b\",\"text\":\"where is my parcel\",\"labels\":{}}");
  // Segments are readable by zstdcat from a plain clone.
  auto clone = RunCommand("git clone -q " + (tmp / "p") + " " + (tmp / "c") +
                          " && zstdcat " + (tmp / "c") + "/labels/alice/*/*.jsonl.zst");
  ASSERT_EQ(clone.exit_code, 0) << clone.err;
  EXPECT_NE(clone.out.find("\"categories\":[\"billing.refund\"]"), std::string::npos);
}

TEST(Session, BulkLabelsCommittedAtOnceMatchTheSameLabelsCommittedLater) {
  TempDir tmp;
  std::vector<LabelRequest> batch = {
      {.item = "a", .categories = {"billing.refund"}, .annotator = "alice"},
      {.item = "b", .categories = {"shipping"}, .annotator = "alice"},
      {.item = "a", .categories = {"billing"}, .note = "not sure", .annotator = "bob"}};
  auto now = MakeProject(tmp / "now");
  ASSERT_TRUE(now->Label({.item = "c", .categories = {"billing"}, .annotator = "carol"}).ok());
  auto r = now->LabelMany(batch, LabelCommit::kNow);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(now->pending_labels(), 0u);
  auto log = now->Log(2);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].subject, "Label 2 items (alice, bob)");  // the batch alone
  EXPECT_EQ((*log)[1].subject, "Label 1 item (carol)");        // what was pending before
  EXPECT_EQ(ReadText(tmp / "now/.git/taxa/journal"), "");

  auto later = MakeProject(tmp / "later");
  ASSERT_TRUE(later->Label({.item = "c", .categories = {"billing"}, .annotator = "carol"}).ok());
  ASSERT_TRUE(later->LabelMany(batch).ok());
  ASSERT_TRUE(later->Flush().ok());
  EXPECT_EQ(ExportLines(*now), ExportLines(*later));
  // And the index built from the commits agrees with the one filled as we went.
  std::vector<std::string> incremental = ExportLines(*now);
  now.reset();
  std::filesystem::remove(tmp / "now/.git/taxa/index.sqlite");
  auto reopened = Session::Open(tmp / "now", As("lead"));
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_EQ(ExportLines(**reopened), incremental);
}

TEST(Session, RelabelingReplacesTheCurrentLabelAndClearingRemovesIt) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  ASSERT_TRUE(s->Label({.item = "b", .categories = {"billing"}}).ok());
  ASSERT_TRUE(s->Label({.item = "b", .categories = {"shipping"}}).ok());
  auto current = s->index().CurrentLabels("b");
  ASSERT_TRUE(current.ok());
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].categories, std::vector<std::string>{"shipping"});
  ASSERT_TRUE(s->Label({.item = "b", .categories = {}}).ok());
  ASSERT_TRUE(s->Flush().ok());
  EXPECT_EQ(s->Counts()->labeled_items, 0);
  EXPECT_EQ(s->Counts()->events, 3);
}

TEST(Session, AKilledProcessLosesNoAcknowledgedLabel) {
  TempDir tmp;
  std::string dir = tmp / "p";
  MakeProject(dir).reset();
  int acks[2];
  ASSERT_EQ(::pipe(acks), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(acks[0]);
    auto s = Session::Open(dir, As("alice"));
    if (!s.ok()) ::_exit(3);
    const char* items[] = {"a", "b", "c"};
    for (int i = 0;; ++i) {
      if (!(*s)->Label({.item = items[i % 3], .categories = {i % 2 ? "billing" : "shipping"},
                        .note = std::to_string(i)}).ok())
        ::_exit(4);
      int n = i + 1;
      if (::write(acks[1], &n, sizeof n) != sizeof n) ::_exit(5);
    }
  }
  ::close(acks[1]);
  int acked = 0, n = 0;
  while (acked < 25 && ::read(acks[0], &n, sizeof n) == sizeof n) acked = n;
  ::kill(child, SIGKILL);
  // Drain acks written before the kill landed.
  while (::read(acks[0], &n, sizeof n) == sizeof n) acked = n;
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(acks[0]);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto s = Session::Open(dir, As("alice"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->get()->pending_labels(), 0u);  // recovered and committed at open
  auto counts = (*s)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_GE(counts->events, acked);
  auto log = (*s)->Log(1);
  EXPECT_EQ(log->front().trailers.front().second, "labels.commit");
}

TEST(Session, DeletedIndexIsRebuiltAndMatchesTheIncrementalOne) {
  TempDir tmp;
  std::string dir = tmp / "p";
  std::vector<std::string> incremental;
  {
    auto s = MakeProject(dir);
    ASSERT_TRUE(s->Label({.item = "a", .categories = {"billing"}, .annotator = "x"}).ok());
    ASSERT_TRUE(s->Flush().ok());
    WriteText(tmp / "more.csv", "id,text,lang\nd,fourth,en\ne,fifth,de\n");
    ASSERT_TRUE(s->Import(tmp / "more.csv").ok());
    ASSERT_TRUE(s->Label({.item = "e", .categories = {"shipping"}, .annotator = "y"}).ok());
    ASSERT_TRUE(s->Flush().ok());
    incremental = ExportLines(*s);
  }
  for (const char* f : {"index.sqlite", "index.sqlite-wal", "index.sqlite-shm"})
    std::filesystem::remove(dir + "/.git/taxa/" + f);
  auto s = Session::Open(dir, As("lead"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(ExportLines(**s), incremental);
  EXPECT_EQ(*(*s)->index().ItemCount(), 5);
}

TEST(Session, SavingAnUnchangedTaxonomyWritesNoCommit) {
  TempDir tmp;
  auto s = MakeProject(tmp / "p");
  std::string head = s->Log(1)->front().commit;
  core::CategoryEdit same;
  same.name = "Billing";
  ASSERT_TRUE(s->EditCategory("billing", same).ok());
  EXPECT_EQ(s->Log(1)->front().commit, head);
  EXPECT_EQ(ReadText(tmp / "p/taxonomy/categories/billing.json").substr(0, 16),
            "{\n  \"id\": \"billi");
}

TEST(Session, DemoProjectHasARealTaxonomyAndItems) {
  TempDir tmp;
  auto s = Session::CreateDemo(tmp / "demo", As("tester"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_GE((*s)->taxonomy().size(), 15u);
  EXPECT_LE((*s)->taxonomy().size(), 30u);
  EXPECT_TRUE((*s)->taxonomy().Validate().empty());
  EXPECT_GE(*(*s)->index().ItemCount(), 200);
  int max_depth = 0;
  for (const auto& [id, depth] : (*s)->taxonomy().TreeOrder()) max_depth = std::max(max_depth, depth);
  EXPECT_EQ(max_depth, 1);
}

}  // namespace
}  // namespace taxa::app
