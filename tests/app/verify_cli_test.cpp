// taxa users key, taxa config taxa.signingKey, taxa verify end to end with the
// binary; signatures checked by the real git and ssh-keygen.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class VerifyCli : public taxa::testing::CliFixture {
 protected:
  // An ed25519 key made by ssh-keygen at TMP/NAME (and NAME.pub).
  void MakeKey(const std::string& name, const std::string& passphrase = "") {
    CommandResult r = RunCommand("ssh-keygen -q -t ed25519 -C " + name + " -N '" + passphrase +
                                 "' -f " + tmp_ / name);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // A project `p` whose person "tester" (the fixture's user) signs with TMP/key.
  void SigningProject() {
    MakeKey("key");
    MakeTicketsProject("p");
    Ok("-C p users key tester key.pub");
    Ok("-C p config taxa.signingKey key");
  }
  // `git verify-commit COMMIT` in p with gpg.format=ssh and the allowed
  // signers file `taxa verify --allowed-signers` wrote, set in p's config.
  CommandResult GitVerifyCommit(const std::string& commit) {
    Ok("-C p verify --allowed-signers allowed_signers");
    Git("p config gpg.format ssh");
    Git("p config gpg.ssh.allowedSignersFile " + tmp_ / "allowed_signers");
    return RunCommand("git -C " + tmp_ / "p" + " verify-commit " + commit);
  }
  std::string Head() { return Git("p rev-parse HEAD").substr(0, 40); }
};

TEST_F(VerifyCli, SignedReleaseIsAcceptedByGitVerifyCommitAndTaxaVerify) {
  SigningProject();
  Ok("-C p taxonomy release 1.0.0 -m 'First cut'");
  std::string release = Head();
  // The commit carries an ssh signature in git's gpgsig header.
  std::string raw = Git("p cat-file commit " + release);
  EXPECT_NE(raw.find("gpgsig -----BEGIN SSH SIGNATURE-----\n"), std::string::npos) << raw;

  CommandResult git = GitVerifyCommit(release);
  EXPECT_EQ(git.exit_code, 0) << git.out << git.err;
  EXPECT_NE(git.err.find("Good \"git\" signature for tester with ED25519 key"), std::string::npos)
      << git.err;
  EXPECT_EQ(ReadText(tmp_ / "allowed_signers").find("tester namespaces=\"git\" ssh-ed25519 "), 0u)
      << ReadText(tmp_ / "allowed_signers");
  // Commits before the key was configured are not signed, and git says so.
  std::string first = Git("p rev-list --max-parents=0 HEAD").substr(0, 40);
  EXPECT_NE(RunCommand("git -C " + tmp_ / "p" + " verify-commit " + first).exit_code, 0);

  std::string out = Ok("-C p verify");
  EXPECT_NE(out.find("All 1 approval and release commits are signed"), std::string::npos) << out;
  auto j = nlohmann::json::parse(Ok("-C p verify --json"));
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["checked"], 1);
  EXPECT_EQ(j["failed"].size(), 0u);
}

TEST_F(VerifyCli, TamperedReleaseIsNamed) {
  SigningProject();
  Ok("-C p taxonomy release 1.0.0 -m 'First cut'");
  std::string release = Head();
  // Rewrite the release with another changelog line in its message, keeping
  // the old signature, as someone editing history by hand would.
  std::string raw = Git("p cat-file commit " + release);
  size_t subject = raw.find("\n\n");
  ASSERT_NE(subject, std::string::npos);
  std::string forged = raw.substr(0, subject + 2) + "Release approved by everyone\n" +
                       raw.substr(raw.find('\n', subject + 2) + 1);
  WriteText(tmp_ / "forged", forged);
  std::string id = Git("p hash-object -t commit -w " + tmp_ / "forged").substr(0, 40);
  ASSERT_NE(id, release);
  Git("p update-ref refs/heads/main " + id + " " + release);

  CommandResult verify = Taxa("-C p verify");
  EXPECT_EQ(verify.exit_code, 1) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("1 of 1 approval and release commits fail verification"),
            std::string::npos)
      << verify.out;
  EXPECT_NE(verify.out.find(id + " taxonomy.release by tester"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("does not match the signed data"), std::string::npos) << verify.out;
  CommandResult j = Taxa("-C p verify --json");
  EXPECT_EQ(j.exit_code, 1);
  auto report = nlohmann::json::parse(j.out);
  ASSERT_EQ(report["failed"].size(), 1u);
  EXPECT_EQ(report["failed"][0]["commit"], id);
  EXPECT_EQ(report["failed"][0]["state"], "bad-signature");
  // The real git agrees.
  CommandResult git = GitVerifyCommit(id);
  EXPECT_NE(git.exit_code, 0) << git.err;
}

TEST_F(VerifyCli, UnsignedReleaseAndUnlistedKeyAreNamed) {
  MakeKey("key");
  MakeKey("other");
  MakeTicketsProject("p");
  Ok("-C p taxonomy release 1.0.0 -m 'Unsigned'");
  std::string unsigned_release = Head();
  // Signed, but with a key taxa.json lists for nobody.
  Ok("-C p config taxa.signingKey other");
  Ok("-C p taxonomy add returns --name Returns --definition 'Goods sent back'");
  Ok("-C p taxonomy release 1.1.0 -m 'Unlisted key'");
  std::string unlisted = Head();
  Ok("-C p users key tester key.pub");

  CommandResult verify = Taxa("-C p verify");
  EXPECT_EQ(verify.exit_code, 1) << verify.err;
  EXPECT_NE(verify.out.find("2 of 2 approval and release commits fail"), std::string::npos)
      << verify.out;
  EXPECT_NE(verify.out.find(unsigned_release + " taxonomy.release by tester (Release taxonomy"),
            std::string::npos)
      << verify.out;
  EXPECT_NE(verify.out.find("): not signed"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find(unlisted + " taxonomy.release by tester"), std::string::npos)
      << verify.out;
  EXPECT_NE(verify.out.find("which taxa.json does not list for \"tester\""), std::string::npos)
      << verify.out;
  auto report = nlohmann::json::parse(Taxa("-C p verify --json").out);
  ASSERT_EQ(report["failed"].size(), 2u);
  EXPECT_EQ(report["failed"][0]["commit"], unlisted);  // newest first
  EXPECT_EQ(report["failed"][0]["state"], "unknown-key");
  EXPECT_EQ(report["failed"][1]["state"], "unsigned");
  EXPECT_EQ(report["failed"][1]["key"], nullptr);
}

TEST_F(VerifyCli, EncryptedKeyIsRefusedNamingTheFile) {
  MakeKey("locked", "a passphrase");
  MakeTicketsProject("p");
  std::string before = Head();
  Ok("-C p config taxa.signingKey locked");
  CommandResult r = Taxa("-C p taxonomy release 1.0.0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot sign the commit with taxa.signingKey: " + tmp_ / "locked" +
                       ": the key is protected by a passphrase"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("ssh-keygen -p -N \"\" -f KEY.taxa"), std::string::npos) << r.err;
  EXPECT_EQ(Head(), before);
}

TEST_F(VerifyCli, UserSettingSignsAndKeysAreCheckedWhenAdded) {
  MakeKey("key");
  MakeTicketsProject("p");
  // --user writes the user's file ($XDG_CONFIG_HOME/taxa/config), not the project.
  std::string env = "cd " + tmp_.path() + " && XDG_CONFIG_HOME=" + tmp_ / "xdg" +
                    " TAXA_USER=tester " TAXA_BINARY_DIR "/taxa ";
  CommandResult set = RunCommand(env + "config --user taxa.signingKey key");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(ReadText(tmp_ / "xdg/taxa/config").find("signingKey = " + tmp_ / "key"),
            std::string::npos);
  EXPECT_EQ(Git("p config --local --get-regexp taxa || true"), "");
  ASSERT_EQ(RunCommand(env + "-C p users key tester key.pub").exit_code, 0);
  ASSERT_EQ(RunCommand(env + "-C p taxonomy release 1.0.0").exit_code, 0);
  CommandResult verify = RunCommand(env + "-C p verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto settings = nlohmann::json::parse(ReadText(tmp_ / "p/taxa.json"));
  std::string pub = ReadText(tmp_ / "key.pub");
  EXPECT_EQ(settings["signing_keys"]["tester"][0], pub.substr(0, pub.find('\n')));

  CommandResult again = Taxa("-C p users key tester key.pub");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("tester has the key SHA256:"), std::string::npos) << again.err;
  WriteText(tmp_ / "bad.pub", "ssh-rsa AAAAB3NzaC1yc2E= someone\n");
  CommandResult bad = Taxa("-C p users key ben bad.pub");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.pub: a \"ssh-rsa\" key; only ed25519 keys sign"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace taxa
