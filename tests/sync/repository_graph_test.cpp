// Repository::ReferenceTarget and AheadBehind, checked against git's own
// `git rev-list --left-right --count`.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>

#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/sync/repository.h"

namespace taxa::sync {
namespace {

using taxa::testing::Fails;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

std::string CommitFile(Repository& repo, const std::string& path, const std::string& bytes) {
  Result<std::string> id = repo.Commit({{path, bytes}}, {.subject = "write " + path});
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : std::string();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// What git itself says: {ahead, behind} of `a` against `b`.
std::pair<size_t, size_t> GitAheadBehind(const std::string& dir, const std::string& a,
                                         const std::string& b) {
  ::taxa::testing::CommandResult r =
      RunCommand("git -C " + dir + " rev-list --left-right --count " + a + "..." + b);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  size_t ahead = 0, behind = 0;
  in >> ahead >> behind;
  return {ahead, behind};
}

TEST(RepositoryGraph, AheadBehindMatchesGitOnDivergedHistories) {
  TempDir tmp;
  std::string dir = tmp / "p";
  Result<Repository> repo = Repository::Init(dir);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  std::string c1 = CommitFile(*repo, "a.txt", "1");
  std::string c2 = CommitFile(*repo, "a.txt", "2");
  std::string c3 = CommitFile(*repo, "b.txt", "3");
  // A side branch from c1 with two commits of its own, made by git.
  std::string tree = Trim(RunCommand("git -C " + dir + " rev-parse " + c1 + "^{tree}").out);
  std::string s1 =
      Trim(RunCommand("git -C " + dir + " commit-tree " + tree + " -p " + c1 + " -m s1").out);
  std::string s2 =
      Trim(RunCommand("git -C " + dir + " commit-tree " + tree + " -p " + s1 + " -m s2").out);
  ASSERT_EQ(s2.size(), 40u);

  for (auto [a, b] : {std::pair{c3, s2}, std::pair{s2, c3}, std::pair{c3, c1},
                      std::pair{c1, c3}, std::pair{c2, c2}, std::pair{s1, c2}}) {
    Result<std::pair<size_t, size_t>> ours = repo->AheadBehind(a, b);
    ASSERT_TRUE(ours.ok()) << ours.status().message();
    EXPECT_EQ(*ours, GitAheadBehind(dir, a, b)) << a << "..." << b;
  }
  EXPECT_EQ(*repo->AheadBehind(c3, s2), (std::pair<size_t, size_t>{2, 2}));
}

TEST(RepositoryGraph, AnEmptySideCountsAsNoCommits) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ(*repo->AheadBehind("", ""), (std::pair<size_t, size_t>{0, 0}));
  CommitFile(*repo, "a.txt", "1");
  std::string c2 = CommitFile(*repo, "a.txt", "2");
  EXPECT_EQ(*repo->AheadBehind(c2, ""), (std::pair<size_t, size_t>{2, 0}));
  EXPECT_EQ(*repo->AheadBehind("", c2), (std::pair<size_t, size_t>{0, 2}));
}

TEST(RepositoryGraph, AheadBehindRefusesMalformedAndUnknownIds) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  std::string c1 = CommitFile(*repo, "a.txt", "1");
  EXPECT_TRUE(Fails(repo->AheadBehind("xyz", c1).status(), StatusCode::kInvalidInput,
                    {"\"xyz\"", "commit id"}));
  std::string missing(40, 'a');
  EXPECT_TRUE(Fails(repo->AheadBehind(c1, missing).status(), StatusCode::kNotFound,
                    {missing, "not in this repository"}));
}

TEST(RepositoryGraph, ReferenceTargetReadsRefsAndIsEmptyWhenAbsent) {
  TempDir tmp;
  std::string dir = tmp / "p";
  Result<Repository> repo = Repository::Init(dir);
  ASSERT_TRUE(repo.ok());
  EXPECT_EQ(*repo->ReferenceTarget("refs/heads/main"), "") << "unborn";
  std::string c1 = CommitFile(*repo, "a.txt", "1");
  EXPECT_EQ(*repo->ReferenceTarget("refs/heads/main"), c1);
  EXPECT_EQ(*repo->ReferenceTarget("HEAD"), c1) << "symbolic references are followed";
  EXPECT_EQ(*repo->ReferenceTarget("refs/remotes/origin/main"), "");
  ASSERT_EQ(RunCommand("git -C " + dir + " update-ref refs/remotes/origin/main " + c1).exit_code,
            0);
  EXPECT_EQ(*repo->ReferenceTarget("refs/remotes/origin/main"), c1);
  EXPECT_TRUE(Fails(repo->ReferenceTarget("refs/heads/bad..name").status(),
                    StatusCode::kInvalidInput, {"bad..name"}));
}

}  // namespace
}  // namespace taxa::sync
