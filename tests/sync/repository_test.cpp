#include "taxa/sync/repository.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/test_support.h"
#include "taxa/core/shard.h"

namespace taxa::sync {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;

TEST(Repository, InitStartsWithoutCommits) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  Result<std::string> head = repo->Head();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, "");
  EXPECT_EQ(repo->work_dir(), dir / "p");
}

TEST(Repository, InitRefusesAnExistingRepository) {
  TempDir dir;
  ASSERT_TRUE(Repository::Init(dir / "p").ok());
  Result<Repository> again = Repository::Init(dir / "p");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
}

TEST(Repository, OpenOfAPlainFolderSaysItIsNotAProject) {
  TempDir dir;
  Result<Repository> repo = Repository::Open(dir.path());
  ASSERT_FALSE(repo.ok());
  EXPECT_EQ(repo.status().code(), StatusCode::kNotFound);
  EXPECT_NE(repo.status().message().find("not a Taxa project"), std::string::npos);
}

TEST(Repository, CommitWritesFilesReadableAtEveryCommit) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  Result<std::string> c1 = repo->Commit({{"a/b.txt", "one"}, {"top.txt", "t"}},
                                        {.subject = "First", .trailers = {{"Taxa-Action", "x.y"}}});
  ASSERT_TRUE(c1.ok()) << c1.status().message();
  Result<std::string> c2 = repo->Commit({{"a/b.txt", "two"}, {"top.txt", std::nullopt}},
                                        {.subject = "Second"});
  ASSERT_TRUE(c2.ok()) << c2.status().message();

  EXPECT_EQ(**repo->ReadFile("a/b.txt"), "two");
  EXPECT_EQ(**repo->ReadFile("a/b.txt", *c1), "one");
  EXPECT_FALSE(repo->ReadFile("top.txt")->has_value());
  EXPECT_EQ(**repo->ReadFile("top.txt", *c1), "t");

  Result<std::vector<core::FileChange>> diff = repo->Diff(*c1, *c2);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->size(), 2u);
  EXPECT_EQ((*diff)[0].path, "a/b.txt");
  EXPECT_EQ((*diff)[0].kind, core::FileChange::Kind::kModified);
  EXPECT_EQ((*diff)[1].path, "top.txt");
  EXPECT_EQ((*diff)[1].kind, core::FileChange::Kind::kDeleted);

  Result<std::vector<LogEntry>> log = repo->Log(0);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].subject, "Second");
  EXPECT_EQ((*log)[1].subject, "First");
  ASSERT_EQ((*log)[1].trailers.size(), 1u);
  EXPECT_EQ((*log)[1].trailers[0].first, "Taxa-Action");
  EXPECT_EQ((*log)[1].trailers[0].second, "x.y");
}

TEST(Repository, WorkTreeStaysInStepSoGitStatusIsClean) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE(repo->Commit({{"x/y.json", "{}\n"}}, {.subject = "One"}).ok());
  ASSERT_TRUE(repo->Commit({{"x/z.json", "[]\n"}}, {.subject = "Two"}).ok());
  EXPECT_EQ(taxa::testing::ReadText(dir / "p/x/y.json"), "{}\n");
  auto r = RunCommand("git -C " + (dir / "p") + " status --porcelain");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  auto fsck = RunCommand("git -C " + (dir / "p") + " fsck --strict");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.err;
}

TEST(Repository, ReadFolderAndListFilesSeeOnlyTheFolder) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE(repo->Commit({{"t/a.json", "A"}, {"t/sub/b.json", "B"}, {"u/c.json", "C"}},
                           {.subject = "Files"}).ok());
  auto files = repo->ReadFolder("t/");
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ(files->at("t/a.json"), "A");
  EXPECT_EQ(files->at("t/sub/b.json"), "B");
  auto list = repo->ListFiles("u");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, std::vector<std::string>{"u/c.json"});
  auto none = repo->ListFiles("missing/");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(Repository, AStaleRefLockFromAKilledWriterIsSwept) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE(repo->Commit({{"a", "1"}}, {.subject = "One"}).ok());
  taxa::testing::WriteText(dir / "p/.git/refs/heads/main.lock", "");
  Result<std::string> blocked = repo->Commit({{"a", "2"}}, {.subject = "Two"});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), StatusCode::kLocked);
  ASSERT_TRUE(repo->SweepStaleLocks().ok());
  Result<std::string> after = repo->Commit({{"a", "2"}}, {.subject = "Two"});
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(**repo->ReadFile("a"), "2");
}

TEST(Repository, PlainGitCloneGivesTheFiles) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  ASSERT_TRUE(repo->Commit({{"taxa.json", "{\"x\":1}\n"}}, {.subject = "One"}).ok());
  auto r = RunCommand("git clone -q " + (dir / "p") + " " + (dir / "clone"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(taxa::testing::ReadText(dir / "clone/taxa.json"), "{\"x\":1}\n");
}

TEST(Repository, CompressedShardsAreStoredSoThatGitReadsTheSameBytes) {
  // A zstd frame (as label segments and item shards are) larger than one
  // stored zlib block (65535 bytes), beside a JSON file libgit2 deflates.
  std::string text;
  for (int i = 0; text.size() < 400000; ++i)
    text +=
        "{\"id\":\"" + std::to_string(i * 7919 % 100003) + "\",\"n\":" + std::to_string(i) + "}\n";
  const std::string frame = core::CompressFrame(text, 1);
  ASSERT_GT(frame.size(), 65535u);
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  Result<std::string> c = repo->Commit({{"labels/ann/d/00000001.jsonl.zst", frame},
                                        {"gold/x.jsonl.zst", frame},
                                        {"taxa.json", "{}\n"}},
                                       {.subject = "Shards"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(**repo->ReadFile("labels/ann/d/00000001.jsonl.zst"), frame);

  // git itself: the object is whole, named by its content, and holds the bytes.
  auto fsck = RunCommand("git -C " + (dir / "p") + " fsck --strict --full");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.err;
  auto shown =
      RunCommand("git -C " + (dir / "p") +
                 " cat-file blob HEAD:labels/ann/d/00000001.jsonl.zst > " + (dir / "out.zst"));
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(taxa::testing::ReadText(dir / "out.zst"), frame);
  auto hashed = RunCommand("git hash-object " + (dir / "out.zst"));
  auto named = RunCommand("git -C " + (dir / "p") + " rev-parse HEAD:gold/x.jsonl.zst");
  EXPECT_EQ(hashed.out, named.out);
  EXPECT_EQ(taxa::testing::ReadText(dir / "p/labels/ann/d/00000001.jsonl.zst"),
            frame);  // work tree
  // Stored, not deflated again: the loose object holds the frame's bytes as
  // they are (zlib's first stored block carries "blob <size>\0" and 65 KB).
  ASSERT_GE(named.out.size(), 40u);
  const std::string id = named.out.substr(0, 40);
  const std::string object =
      taxa::testing::ReadText(dir / ("p/.git/objects/" + id.substr(0, 2) + "/" + id.substr(2)));
  EXPECT_NE(object.find(frame.substr(0, 4096)), std::string::npos);
}

}  // namespace
}  // namespace taxa::sync
