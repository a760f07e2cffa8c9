// Large commits (kPackedCommitFiles files or more: an import, a
// bulk of labels) write their objects as one pack: git reads every file as
// written, fsck finds nothing wrong, no loose object is left, and the same
// files give the same tree as a commit of loose objects.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "taxa/core/shard.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {
namespace {

using taxa::testing::RunCommand;
using taxa::testing::TempDir;

// sync/src/batch_objects.h: commits of this many files or more are packed.
constexpr size_t kPackedCommitFiles = 256;

// Files in three folders a deep: zstd frames (stored as they are) and JSON
// (deflated), as an import writes them.
std::vector<FileWrite> ManyFiles(size_t n, const std::string& tag) {
  std::vector<FileWrite> files;
  for (size_t i = 0; i < n; ++i) {
    const std::string who = "w" + std::to_string(i);
    if (i % 3 == 0) {
      files.push_back({"notes/" + who + ".json", "{\"who\":\"" + who + "\",\"tag\":\"" + tag + "\"}"});
    } else {
      files.push_back({"labels/" + who + "/import/00000001.jsonl.zst",
                       core::EncodeShardLines({"{\"line\":\"" + who + tag + "\"}"})});
    }
  }
  return files;
}

size_t CountFiles(const std::filesystem::path& dir, const std::string& extension) {
  size_t n = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == extension) ++n;
  return n;
}

// Loose objects live in objects/<2 hex digits>/.
size_t LooseObjects(const std::filesystem::path& objects) {
  size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(objects)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == 2 && entry.is_directory())
      n += static_cast<size_t>(std::distance(std::filesystem::directory_iterator(entry.path()),
                                             std::filesystem::directory_iterator()));
  }
  return n;
}

TEST(PackedCommit, ALargeCommitIsOnePackThatGitReadsAsWritten) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  ASSERT_TRUE(repo->Commit({{"taxa.json", "{}"}}, {.subject = "Start"}).ok());
  const std::filesystem::path objects = dir / "p/.git/objects";
  const size_t loose_before = LooseObjects(objects);

  const std::vector<FileWrite> files = ManyFiles(kPackedCommitFiles + 44, "a");
  Result<std::string> c = repo->Commit(files, {.subject = "Import"});
  ASSERT_TRUE(c.ok()) << c.status().message();

  EXPECT_EQ(CountFiles(objects / "pack", ".pack"), 1u);
  EXPECT_EQ(CountFiles(objects / "pack", ".idx"), 1u);
  EXPECT_EQ(LooseObjects(objects), loose_before);  // nothing loose for the commit
  testing::CommandResult fsck = RunCommand("git -C " + dir / "p" + " fsck --full --strict 2>&1");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out;
  EXPECT_EQ(RunCommand("git -C " + dir / "p" + " rev-parse HEAD").out, *c + "\n");
  for (const FileWrite& f : files) {
    // Through git itself, through libgit2, and in the work tree.
    EXPECT_EQ(RunCommand("git -C " + dir / "p" + " cat-file blob HEAD:" + f.path).out, *f.bytes)
        << f.path;
    Result<std::optional<std::string>> read = repo->ReadFile(f.path);
    ASSERT_TRUE(read.ok() && read->has_value()) << f.path;
    EXPECT_EQ(**read, *f.bytes) << f.path;
    EXPECT_EQ(testing::ReadText(dir / "p/" + f.path), *f.bytes) << f.path;
  }
  EXPECT_EQ(RunCommand("git -C " + dir / "p" + " status --porcelain").out, "");
}

TEST(PackedCommit, APackedCommitHasTheTreeLooseObjectsWouldGive) {
  // git computes the tree of the same files from its own index: the ids
  // match only if every blob and folder was written as git writes it.
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  const std::vector<FileWrite> files = ManyFiles(kPackedCommitFiles, "b");
  ASSERT_TRUE(repo->Commit(files, {.subject = "Import"}).ok());
  ASSERT_EQ(RunCommand("git init -q " + dir / "q").exit_code, 0);
  for (const FileWrite& f : files) {
    std::filesystem::path path = std::filesystem::path(dir / "q") / f.path;
    std::filesystem::create_directories(path.parent_path());
    taxa::testing::WriteText(path.string(), *f.bytes);
  }
  ASSERT_EQ(RunCommand("git -C " + dir / "q" + " add -A").exit_code, 0);
  const std::string theirs = RunCommand("git -C " + dir / "q" + " write-tree").out;
  const std::string ours = RunCommand("git -C " + dir / "p" + " rev-parse HEAD^{tree}").out;
  EXPECT_FALSE(ours.empty());
  EXPECT_EQ(ours, theirs);
}

TEST(PackedCommit, LaterCommitsOnTopOfAPackReadEveryVersion) {
  TempDir dir;
  Result<Repository> repo = Repository::Init(dir / "p");
  ASSERT_TRUE(repo.ok());
  const std::vector<FileWrite> first = ManyFiles(kPackedCommitFiles, "1");
  Result<std::string> c1 = repo->Commit(first, {.subject = "One"});
  ASSERT_TRUE(c1.ok()) << c1.status().message();
  // A small commit (loose) and a large one (a second pack) on top.
  Result<std::string> c2 = repo->Commit({{"notes/w0.json", "{\"small\":1}"}}, {.subject = "Two"});
  ASSERT_TRUE(c2.ok()) << c2.status().message();
  const std::vector<FileWrite> third = ManyFiles(kPackedCommitFiles, "3");
  Result<std::string> c3 = repo->Commit(third, {.subject = "Three"});
  ASSERT_TRUE(c3.ok()) << c3.status().message();
  EXPECT_EQ(CountFiles(dir / "p/.git/objects/pack", ".pack"), 2u);
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(**repo->ReadFile(first[i].path, *c1), *first[i].bytes);
    EXPECT_EQ(**repo->ReadFile(third[i].path, *c3), *third[i].bytes);
  }
  EXPECT_EQ(**repo->ReadFile("notes/w0.json", *c2), "{\"small\":1}");
  EXPECT_EQ(RunCommand("git -C " + dir / "p" + " fsck --full --strict 2>&1").exit_code, 0);
  // A reopened handle reads them too.
  Result<Repository> again = Repository::Open(dir / "p");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(**again->ReadFile(third.back().path), *third.back().bytes);
}

}  // namespace
}  // namespace taxa::sync
