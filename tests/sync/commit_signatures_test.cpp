// Signed commits (CommitMeta::sign) checked by the real git, and what
// taxa verify reads back (commit_signatures.h).
#include "taxa/sync/commit_signatures.h"

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "taxa/sync/repository.h"
#include "taxa/sync/ssh_signature.h"

namespace taxa::sync {
namespace {

using testing::RunCommand;
using testing::TempDir;

TEST(CommitSignatures, SignedCommitPassesGitVerifyCommitAndReadsBack) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp / "key").exit_code, 0);
  Result<SshPrivateKey> key = ReadSshPrivateKey(tmp / "key");
  ASSERT_TRUE(key.ok()) << key.status().message();
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok()) << repo.status().message();

  Result<std::string> unsigned_commit =
      repo->Commit({{"a.txt", std::string("one\n")}}, {.subject = "Unsigned"});
  ASSERT_TRUE(unsigned_commit.ok()) << unsigned_commit.status().message();
  CommitMeta meta{.subject = "Release 1.0",
                  .trailers = {{"Taxa-Action", "taxonomy.release"}},
                  .author_name = "ana"};
  meta.sign = [&](std::string_view bytes) -> Result<std::optional<std::string>> {
    TAXA_ASSIGN_OR_RETURN(std::string sig, SshSign(*key, bytes, "git"));
    return std::optional<std::string>(sig);
  };
  Result<std::string> signed_commit = repo->Commit({{"a.txt", std::string("two\n")}}, meta);
  ASSERT_TRUE(signed_commit.ok()) << signed_commit.status().message();

  testing::WriteText(tmp / "allowed",
                     "ana namespaces=\"git\" " + testing::ReadText(tmp / "key.pub"));
  std::string git = "git -C " + tmp / "p" + " -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=" +
                    tmp / "allowed" + " ";
  testing::CommandResult good = RunCommand(git + "verify-commit " + *signed_commit);
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.err.find("Good \"git\" signature for ana"), std::string::npos) << good.err;
  EXPECT_NE(RunCommand(git + "verify-commit " + *unsigned_commit).exit_code, 0);
  // The commit is otherwise what git would write: fsck finds nothing wrong.
  testing::CommandResult fsck = RunCommand("git -C " + tmp / "p" + " fsck --strict");
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;

  Result<CommitSignature> sig = ReadCommitSignature(*repo, *signed_commit);
  ASSERT_TRUE(sig.ok()) << sig.status().message();
  ASSERT_TRUE(sig->signature.has_value());
  Result<SshPublicKey> signer = SshVerify(*sig->signature, sig->signed_data, "git");
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  EXPECT_EQ(signer->key, key->public_key.key);
  Result<CommitSignature> none = ReadCommitSignature(*repo, *unsigned_commit);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->signature.has_value());
  EXPECT_EQ(ReadCommitSignature(*repo, std::string(40, '1')).status().code(),
            StatusCode::kNotFound);
}

TEST(CommitSignatures, SignerErrorFailsTheCommitAndMovesNothing) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  Result<std::string> first = repo->Commit({{"a.txt", std::string("one\n")}}, {.subject = "One"});
  ASSERT_TRUE(first.ok());
  CommitMeta meta{.subject = "Two"};
  meta.sign = [](std::string_view) -> Result<std::optional<std::string>> {
    return Status::InvalidInput("key: no key");
  };
  Result<std::string> second = repo->Commit({{"a.txt", std::string("two\n")}}, meta);
  EXPECT_EQ(second.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(second.status().message(), "key: no key");
  EXPECT_EQ(*repo->Head(), *first);
}

TEST(CommitSignatures, SignerWithoutSignatureWritesTheBytesItWasShown) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  std::string shown;
  CommitMeta meta{.subject = "Unsigned", .trailers = {{"Taxa-Action", "labels.commit"}}};
  meta.sign = [&](std::string_view bytes) -> Result<std::optional<std::string>> {
    shown = std::string(bytes);
    return std::optional<std::string>();
  };
  Result<std::string> commit = repo->Commit({{"a.txt", std::string("one\n")}}, meta);
  ASSERT_TRUE(commit.ok()) << commit.status().message();
  // git reads back exactly the bytes the signer saw: no gpgsig header.
  testing::CommandResult stored =
      RunCommand("git -C " + tmp / "p" + " cat-file commit " + *commit);
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_EQ(stored.out, shown);
  EXPECT_EQ(shown.find("gpgsig"), std::string::npos) << shown;
  Result<CommitSignature> none = ReadCommitSignature(*repo, *commit);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->signature.has_value());
}

TEST(CommitSignatures, ReachableCommitsFollowsMainAndEveryProposal) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  Result<std::string> a = repo->Commit({{"a.txt", std::string("a\n")}}, {.subject = "A"});
  Result<std::string> b = repo->Commit({{"a.txt", std::string("b\n")}}, {.subject = "B"});
  ASSERT_TRUE(a.ok() && b.ok());
  // A proposal branch with one commit of its own on top of A.
  std::string git = "git -C " + tmp / "p" + " ";
  testing::CommandResult c = RunCommand(
      git + "-c user.name=t -c user.email=t@x commit-tree -p " + *a + " -m C " + *a + "^{tree}");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  std::string proposal = c.out.substr(0, 40);
  ASSERT_EQ(RunCommand(git + "update-ref refs/heads/proposals/x " + proposal).exit_code, 0);
  ASSERT_EQ(RunCommand(git + "update-ref refs/heads/other " + proposal).exit_code, 0);

  Result<std::vector<std::string>> main_only = ReachableCommits(*repo, {"refs/heads/main"});
  ASSERT_TRUE(main_only.ok()) << main_only.status().message();
  EXPECT_EQ(*main_only, (std::vector<std::string>{*b, *a}));
  Result<std::vector<std::string>> all =
      ReachableCommits(*repo, {"refs/heads/main", "refs/heads/proposals/*", "refs/heads/none"});
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(std::count(all->begin(), all->end(), proposal), 1);
  EXPECT_EQ(all->back(), *a);
}

}  // namespace
}  // namespace taxa::sync
