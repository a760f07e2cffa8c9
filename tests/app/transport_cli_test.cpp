// taxa config, clone and sync over http://, https:// and ssh:// with the
// binary, against real servers on 127.0.0.1 (tests/support/git_servers.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

#include "support/cli_fixture.h"
#include "support/git_servers.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using nlohmann::json;
using taxa::testing::CommandResult;
using taxa::testing::GitHttpServer;
using taxa::testing::GitSshServer;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

#define REQUIRE_SERVER(server)                                          \
  do {                                                                  \
    if (!(server).missing().empty()) GTEST_SKIP() << (server).missing(); \
    ASSERT_TRUE((server).error().empty()) << (server).error();          \
  } while (false)

class TransportCli : public taxa::testing::CliFixture {
 protected:
  // The user's settings file lives in the temporary folder.
  void SetUp() override {
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) old_config_ = old;
    ::setenv("XDG_CONFIG_HOME", (tmp_ / "config").c_str(), 1);
  }
  void TearDown() override {
    if (old_config_) ::setenv("XDG_CONFIG_HOME", old_config_->c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
  }


  // a syncs into the empty hub at `url`, b clones it, each labels, they sync
  // (b, a, b) and end with the same HEAD and the same labels.
  void TwoReplicasConverge(const std::string& url) {
    MakeTicketsProject("a");
    Ok("-C a remote add origin " + url);
    EXPECT_EQ(json::parse(Ok("-C a sync --json"))["pushed"], true);
    Ok("clone " + url + " b");
    Ok("-C a label t1 billing --as alice");
    Ok("-C b label t2 shipping --as bob");
    EXPECT_EQ(json::parse(Ok("-C b sync --json"))["pushed"], true);
    json a = json::parse(Ok("-C a sync --json"));
    EXPECT_EQ(a["merged"], true);
    EXPECT_EQ(a["pushed"], true);
    EXPECT_EQ(json::parse(Ok("-C b sync --json"))["fast_forward"], true);
    EXPECT_EQ(Git("a rev-parse HEAD"), Git("b rev-parse HEAD"));
    std::string labels = Ok("-C a export");
    EXPECT_EQ(labels, Ok("-C b export"));
    EXPECT_NE(labels.find("\"alice\":[\"billing\"]"), std::string::npos) << labels;
    EXPECT_NE(labels.find("\"bob\":[\"shipping\"]"), std::string::npos) << labels;
  }

  // Runs a command that must fail with one line on stderr holding `fragments`.
  void FailsWith(const std::string& args, std::initializer_list<std::string> fragments) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    for (const std::string& f : fragments)
      EXPECT_NE(r.err.find(f), std::string::npos) << args << ": " << r.err << " lacks " << f;
  }

  void UseSshKey(const GitSshServer& ssh) {
    Ok("config --user taxa.sshKey " + ssh.client_key());
  }

  std::optional<std::string> old_config_;
};

TEST_F(TransportCli, ConfigShowsAndSetsProjectAndUserSettings) {
  Ok("init p --name P");
  WriteText(tmp_ / "ca.pem", "");
  // A relative file name is stored absolute.
  EXPECT_EQ(json::parse(Ok("config --user taxa.caFile ca.pem --json")),
            json({{"key", "taxa.caFile"}, {"value", tmp_ / "ca.pem"}, {"scope", "user"}}));
  EXPECT_EQ(Ok("-C p config taxa.caFile"), tmp_ / "ca.pem\n");  // from the user's file
  EXPECT_NE(Ok("-C p config taxa.caFile /etc/project-ca.pem").find("this project only"),
            std::string::npos);
  json got = json::parse(Ok("-C p config taxa.caFile --json"));
  EXPECT_EQ(got["value"], "/etc/project-ca.pem");
  EXPECT_EQ(got["scope"], "project");
  EXPECT_EQ(Ok("config --user taxa.caFile"), tmp_ / "ca.pem\n");
  EXPECT_EQ(Git("p status --porcelain"), "");  // never committed

  FailsWith("-C p config taxa.sslCAInfo x", {"unknown setting \"taxa.sslCAInfo\"", "taxa.caFile"});
  FailsWith("-C p config taxa.sshHostKey", {"taxa.sshHostKey is not set"});
  FailsWith("config --user taxa.sshHostKey nonsense", {"nonsense", "SHA256:"});
  EXPECT_EQ(json::parse(Ok("-C p config taxa.sshHostKey --json"))["value"], nullptr);
}

TEST_F(TransportCli, HttpClonesAndSyncsTwoReplicas) {
  GitHttpServer http;
  REQUIRE_SERVER(http);
  TwoReplicasConverge(http.MakeRepo("hub.git"));
}

TEST_F(TransportCli, HttpsNeedsTheCaFileThenSyncsTwoReplicas) {
  GitHttpServer https(GitHttpServer::Kind::kHttps);
  REQUIRE_SERVER(https);
  std::string url = https.MakeRepo("hub.git");
  FailsWith("clone " + url + " b", {"localhost", "not signed by a trusted CA", "taxa.caFile"});
  EXPECT_EQ(RunCommand("test -e " + tmp_ / "b/.git").exit_code, 1);
  Ok("config --user taxa.caFile " + https.ca_file());
  TwoReplicasConverge(url);
}

TEST_F(TransportCli, SshWithKnownHostsSyncsTwoReplicas) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  UseSshKey(ssh);
  Ok("config --user taxa.knownHosts " + ssh.known_hosts());
  TwoReplicasConverge(ssh.MakeRepo("hub.git"));
}

TEST_F(TransportCli, SshWithAPinnedHostKeySyncsTwoReplicas) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  UseSshKey(ssh);
  WriteText(tmp_ / "empty_known_hosts", "");
  Ok("config --user taxa.knownHosts " + tmp_ / "empty_known_hosts");
  std::string url = ssh.MakeRepo("hub.git");
  // Not in known_hosts and not pinned: refused, naming what to pin.
  FailsWith("clone " + url + " b", {"presented key " + ssh.fingerprint(), "does not hold"});
  Ok("config --user taxa.sshHostKey " + ssh.fingerprint());
  TwoReplicasConverge(url);
}

TEST_F(TransportCli, SshWithAWrongPinIsRefusedNamingTheKeyPresented) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  UseSshKey(ssh);
  MakeTicketsProject("a");
  Ok("-C a remote add origin " + ssh.MakeRepo("hub.git"));
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp_ / "stranger").exit_code, 0);
  std::string printed = RunCommand("ssh-keygen -lf " + tmp_ / "stranger.pub").out;
  size_t at = printed.find("SHA256:");
  std::string wrong = printed.substr(at, printed.find(' ', at) - at);
  Ok("-C a config taxa.sshHostKey " + wrong);
  std::string head = Git("a rev-parse HEAD");
  FailsWith("-C a sync", {"[127.0.0.1]:" + std::to_string(ssh.port()),
                          "presented key " + ssh.fingerprint(), wrong});
  EXPECT_EQ(Git("a rev-parse HEAD"), head);
  EXPECT_EQ(RunCommand("git -C " + ssh.RepoPath("hub.git") + " rev-parse -q --verify main")
                .exit_code,
            1);  // nothing reached the hub
}

TEST_F(TransportCli, UnreachableRemoteFailsFastInOneLineAndKeepsLocalWork) {
  MakeTicketsProject("a");
  std::string port = std::to_string(taxa::testing::FreeLocalPort());  // nothing listens
  Ok("-C a remote add web http://127.0.0.1:" + port + "/hub.git");
  Ok("-C a remote add shell ssh://root@127.0.0.1:" + port + "/srv/hub.git");
  Ok("-C a label t1 billing --as alice");
  std::string head = Git("a rev-parse HEAD");
  std::string labels = Ok("-C a export");
  for (std::string remote : {"web", "shell"}) {
    auto start = std::chrono::steady_clock::now();
    FailsWith("-C a sync " + remote, {"\"" + remote + "\"", "port " + port});
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << remote;
  }
  EXPECT_EQ(Git("a rev-parse HEAD"), head);
  EXPECT_EQ(Git("a status --porcelain"), "");
  EXPECT_EQ(Ok("-C a export"), labels);
}

// The hub's main moves between our fetch and our push: a pre-receive hook
// refuses the first push after landing b's commit on main (staged in the hub
// beforehand). taxa sync must fetch, merge again and push in a second round.
TEST_F(TransportCli, SyncFetchesAndMergesAgainWhenTheHubMovesBeforeThePush) {
  GitHttpServer http;
  REQUIRE_SERVER(http);
  std::string url = http.MakeRepo("hub.git");
  std::string hub = http.RepoPath("hub.git");
  MakeTicketsProject("a");
  Ok("-C a remote add origin " + url);
  Ok("-C a sync");
  Ok("clone " + url + " b");
  Ok("-C b label t2 shipping --as bob");  // committed in b, not pushed
  ASSERT_EQ(RunCommand("git -C " + hub + " fetch -q " + tmp_ / "b" + " main:refs/staged/main")
                .exit_code,
            0);
  std::string staged = Git("b rev-parse HEAD");
  std::string marker = tmp_ / "hook-ran";
  WriteText(hub + "/hooks/pre-receive",
            "#!/bin/sh\n"
            "cat >/dev/null\n"
            "[ -e " + marker + " ] && exit 0\n"
            "touch " + marker + "\n"
            // Ref updates are refused inside receive-pack's object quarantine;
            // b's objects are in the hub already, so step outside it.
            "env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY "
            "-u GIT_ALTERNATE_OBJECT_DIRECTORIES git update-ref refs/heads/main "
            "refs/staged/main || exit 2\n"
            "echo 'main moved meanwhile' >&2\n"
            "exit 1\n");
  ASSERT_EQ(RunCommand("chmod +x " + hub + "/hooks/pre-receive").exit_code, 0);

  Ok("-C a label t1 billing --as alice");
  json report = json::parse(Ok("-C a sync --json"));
  EXPECT_EQ(RunCommand("test -e " + marker).exit_code, 0);  // the hook did refuse once
  EXPECT_EQ(report["attempts"], 2) << report.dump();
  EXPECT_EQ(report["merged"], true);
  EXPECT_EQ(report["pushed"], true);
  EXPECT_EQ(report["fetched"], staged.substr(0, 40));
  EXPECT_EQ(RunCommand("git -C " + hub + " rev-parse main").out, Git("a rev-parse HEAD"));
  EXPECT_EQ(RunCommand("git -C " + hub + " merge-base --is-ancestor " + staged.substr(0, 40) +
                       " main")
                .exit_code,
            0);
  EXPECT_EQ(json::parse(Ok("-C b sync --json"))["fast_forward"], true);
  EXPECT_EQ(Git("a rev-parse HEAD"), Git("b rev-parse HEAD"));
  std::string labels = Ok("-C b export");
  EXPECT_NE(labels.find("\"alice\":[\"billing\"]"), std::string::npos) << labels;
  EXPECT_NE(labels.find("\"bob\":[\"shipping\"]"), std::string::npos) << labels;
}

}  // namespace
}  // namespace taxa
