// Fetch, Push and Clone over http://, https:// and ssh:// against real
// servers on 127.0.0.1 (tests/support/git_servers.h), and the transport
// settings and host key checks they use.
#include "taxa/sync/transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "support/git_servers.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/fs.h"
#include "taxa/core/sha256.h"
#include "taxa/sync/merge_commits.h"
#include "taxa/sync/remote.h"

namespace taxa::sync {
namespace {

using taxa::testing::Fails;
using taxa::testing::GitHttpServer;
using taxa::testing::GitSshServer;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

// Points the user's settings file into a temporary folder for one test.
class UserConfigHere {
 public:
  explicit UserConfigHere(const std::string& dir) {
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) old_ = old;
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  }
  ~UserConfigHere() {
    if (old_) ::setenv("XDG_CONFIG_HOME", old_->c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
  }

 private:
  std::optional<std::string> old_;
};

CommitMeta Meta(const std::string& subject) {
  CommitMeta m;
  m.subject = subject;
  return m;
}

// One round of what a sync does, at this layer: fetch, merge, land, push.
Status SyncRound(Repository& repo) {
  TAXA_ASSIGN_OR_RETURN(std::string theirs, Fetch(repo, "origin"));
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  std::string next = head;
  if (!theirs.empty()) {
    TAXA_ASSIGN_OR_RETURN(MergeOutcome m, MergeCommits(repo, head, theirs));
    next = m.commit;
  }
  if (next != head) TAXA_RETURN_IF_ERROR(AdvanceBranch(repo, head, next));
  if (next == theirs) return Status::Ok();
  return Push(repo, "origin", next);
}

struct ProgressLog {
  std::vector<std::pair<size_t, size_t>> calls;
  core::ProgressFn fn() {
    return [this](size_t done, size_t total) { calls.emplace_back(done, total); };
  }
  // Called at least once, never past the total, and ending at the total.
  ::testing::AssertionResult Complete() const {
    if (calls.empty()) return ::testing::AssertionFailure() << "no progress reported";
    for (auto [done, total] : calls)
      if (total == 0 || done > total)
        return ::testing::AssertionFailure() << done << "/" << total;
    if (calls.back().first != calls.back().second)
      return ::testing::AssertionFailure()
             << "ended at " << calls.back().first << "/" << calls.back().second;
    return ::testing::AssertionSuccess();
  }
};

class Transport : public ::testing::Test {
 protected:
  Transport() : config_(tmp_ / "config") {}

  // Replica a fills the empty hub at `url`, b clones it, both commit, sync
  // (b, a, b), and end on the same commit as the hub.
  void TwoReplicasConverge(const std::string& url, const std::string& hub_path) {
    Result<Repository> a = Repository::Init(tmp_ / "a");
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(a->Commit({{"notes/a.txt", std::string("a0\n")}}, Meta("a0")).ok());
    ASSERT_TRUE(AddRemote(*a, "origin", url).ok());
    ProgressLog pushed, cloned;
    Status first = Push(*a, "origin", *a->Head(), pushed.fn());
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_TRUE(pushed.Complete());
    Result<Repository> b = Clone(url, tmp_ / "b", cloned.fn());
    ASSERT_TRUE(b.ok()) << b.status().message();
    EXPECT_TRUE(cloned.Complete());
    EXPECT_EQ(*b->Head(), *a->Head());

    ASSERT_TRUE(a->Commit({{"notes/a.txt", std::string("a1\n")}}, Meta("a1")).ok());
    ASSERT_TRUE(b->Commit({{"notes/b.txt", std::string("b1\n")}}, Meta("b1")).ok());
    for (Repository* side : {&*b, &*a, &*b}) {
      Status s = SyncRound(*side);
      ASSERT_TRUE(s.ok()) << s.message();
    }
    EXPECT_EQ(*a->Head(), *b->Head());
    EXPECT_EQ(RunCommand("git -C " + hub_path + " rev-parse main").out, *a->Head() + "\n");
    EXPECT_EQ(ReadText(tmp_ / "b/notes/a.txt"), "a1\n");
    EXPECT_EQ(ReadText(tmp_ / "a/notes/b.txt"), "b1\n");
  }

  void SetUser(const std::string& key, const std::string& value) {
    Status s = SetTransportSetting(nullptr, key, value);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // The fingerprint of a fresh key no server holds.
  std::string StrangerFingerprint() {
    RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp_ / "stranger");
    std::string out = RunCommand("ssh-keygen -lf " + tmp_ / "stranger.pub").out;
    size_t start = out.find("SHA256:");
    return out.substr(start, out.find(' ', start) - start);
  }

  TempDir tmp_;
  UserConfigHere config_;
};

#define REQUIRE_SERVER(server)                                          \
  do {                                                                  \
    if (!(server).missing().empty()) GTEST_SKIP() << (server).missing(); \
    ASSERT_TRUE((server).error().empty()) << (server).error();          \
  } while (false)

TEST_F(Transport, HttpTwoReplicasConverge) {
  GitHttpServer http;
  REQUIRE_SERVER(http);
  TwoReplicasConverge(http.MakeRepo("hub.git"), http.RepoPath("hub.git"));
}

TEST_F(Transport, HttpsWithTheCaFileTwoReplicasConverge) {
  GitHttpServer https(GitHttpServer::Kind::kHttps);
  REQUIRE_SERVER(https);
  SetUser("taxa.caFile", https.ca_file());
  TwoReplicasConverge(https.MakeRepo("hub.git"), https.RepoPath("hub.git"));
}

TEST_F(Transport, HttpsWithoutTheCaFileIsRefusedInOneLine) {
  GitHttpServer https(GitHttpServer::Kind::kHttps);
  REQUIRE_SERVER(https);
  std::string url = https.MakeRepo("hub.git");
  Result<Repository> clone = Clone(url, tmp_ / "b");
  EXPECT_TRUE(Fails(clone.status(), StatusCode::kIo,
                    {"localhost", "not signed by a trusted CA", "taxa.caFile"}));
  EXPECT_EQ(clone.status().message().find('\n'), std::string::npos);

  Result<Repository> a = Repository::Init(tmp_ / "a");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->Commit({{"a.txt", std::string("a\n")}}, Meta("a")).ok());
  ASSERT_TRUE(AddRemote(*a, "origin", url).ok());
  EXPECT_TRUE(Fails(Fetch(*a, "origin").status(), StatusCode::kIo,
                    {"\"origin\"", "not signed by a trusted CA"}));
  EXPECT_TRUE(Fails(Push(*a, "origin", *a->Head()), StatusCode::kIo, {"not signed"}));
  // A project's own setting is used for its remotes.
  ASSERT_TRUE(SetTransportSetting(&*a, "taxa.caFile", https.ca_file()).ok());
  Result<std::string> fetched = Fetch(*a, "origin");
  ASSERT_TRUE(fetched.ok()) << fetched.status().message();
  EXPECT_EQ(*fetched, "");
}

TEST_F(Transport, SshWithKnownHostsTwoReplicasConverge) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  SetUser("taxa.sshKey", ssh.client_key());
  SetUser("taxa.knownHosts", ssh.known_hosts());
  TwoReplicasConverge(ssh.MakeRepo("hub.git"), ssh.RepoPath("hub.git"));
}

TEST_F(Transport, SshWithAPinnedHostKeyTwoReplicasConverge) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  WriteText(tmp_ / "empty_known_hosts", "");
  SetUser("taxa.sshKey", ssh.client_key());
  SetUser("taxa.knownHosts", tmp_ / "empty_known_hosts");
  SetUser("taxa.sshHostKey", ssh.fingerprint());
  TwoReplicasConverge(ssh.MakeRepo("hub.git"), ssh.RepoPath("hub.git"));
}

TEST_F(Transport, SshWithAWrongPinIsRefusedNamingTheKeyPresented) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  SetUser("taxa.sshKey", ssh.client_key());
  SetUser("taxa.knownHosts", ssh.known_hosts());  // a pin overrules known_hosts
  SetUser("taxa.sshHostKey", StrangerFingerprint());
  std::string host = "[127.0.0.1]:" + std::to_string(ssh.port());
  Result<Repository> clone = Clone(ssh.MakeRepo("hub.git"), tmp_ / "b");
  EXPECT_TRUE(Fails(clone.status(), StatusCode::kIo,
                    {host, "presented key " + ssh.fingerprint(), "taxa.sshHostKey"}));
  EXPECT_EQ(clone.status().message().find('\n'), std::string::npos);
}

TEST_F(Transport, SshHostNotInKnownHostsIsRefusedNamingTheKeyPresented) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  // The right key recorded for another port does not vouch for this one.
  std::string entry = ReadText(ssh.known_hosts());
  WriteText(tmp_ / "known_hosts", "[127.0.0.1]:1" + entry.substr(entry.find(' ')));
  SetUser("taxa.sshKey", ssh.client_key());
  SetUser("taxa.knownHosts", tmp_ / "known_hosts");
  Result<Repository> clone = Clone(ssh.MakeRepo("hub.git"), tmp_ / "b");
  EXPECT_TRUE(Fails(clone.status(), StatusCode::kIo,
                    {"[127.0.0.1]:" + std::to_string(ssh.port()), ssh.fingerprint(),
                     tmp_ / "known_hosts", "does not hold"}));
}

TEST_F(Transport, SshKeyTheServerRefusesIsTriedOnceWithAClearLine) {
  GitSshServer ssh;
  REQUIRE_SERVER(ssh);
  taxa::testing::SshLeakAllowance leaks;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp_ / "other").exit_code, 0);
  SetUser("taxa.sshKey", tmp_ / "other");
  SetUser("taxa.knownHosts", ssh.known_hosts());
  auto start = std::chrono::steady_clock::now();
  Result<Repository> clone = Clone(ssh.MakeRepo("hub.git"), tmp_ / "b");
  EXPECT_TRUE(Fails(clone.status(), StatusCode::kIo, {"refused key " + tmp_ / "other"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  SetUser("taxa.sshKey", tmp_ / "missing");
  EXPECT_TRUE(Fails(Clone(ssh.MakeRepo("hub2.git"), tmp_ / "c").status(), StatusCode::kIo,
                    {tmp_ / "missing", "does not exist"}));
}

TEST_F(Transport, ClosedPortFailsFastInOneLineAndChangesNothing) {
  int port = taxa::testing::FreeLocalPort();  // nothing listens there
  ASSERT_NE(port, 0);
  Result<Repository> a = Repository::Init(tmp_ / "a");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->Commit({{"a.txt", std::string("a\n")}}, Meta("a")).ok());
  std::string head = *a->Head();
  std::string p = std::to_string(port);
  ASSERT_TRUE(AddRemote(*a, "http", "http://127.0.0.1:" + p + "/hub.git").ok());
  ASSERT_TRUE(AddRemote(*a, "ssh", "ssh://root@127.0.0.1:" + p + "/srv/hub.git").ok());
  for (const char* name : {"http", "ssh"}) {
    auto start = std::chrono::steady_clock::now();
    Result<std::string> tip = Fetch(*a, name);
    EXPECT_TRUE(Fails(tip.status(), StatusCode::kIo,
                      {std::string("\"") + name + "\"", "port " + p}));
    EXPECT_EQ(tip.status().message().find('\n'), std::string::npos);
    EXPECT_TRUE(Fails(Push(*a, name, head), StatusCode::kIo, {"port " + p}));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << name;
  }
  EXPECT_EQ(*a->Head(), head);
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "a" + " for-each-ref refs/remotes refs/taxa").out, "");
}

TEST_F(Transport, SettingsComeFromTheProjectThenTheUserFile) {
  Result<Repository> a = Repository::Init(tmp_ / "a");
  ASSERT_TRUE(a.ok());
  auto get = [&](Repository* repo, const std::string& key) {
    Result<std::optional<SettingValue>> v = GetTransportSetting(repo, key);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? *v : std::nullopt;
  };
  EXPECT_FALSE(get(&*a, "taxa.caFile").has_value());
  SetUser("taxa.caFile", "/etc/user-ca.pem");
  EXPECT_EQ(UserConfigPath(), tmp_ / "config/taxa/config");
  // The user's file is git-config format: git itself reads it.
  EXPECT_EQ(RunCommand("git config -f " + UserConfigPath() + " taxa.cafile").out,
            "/etc/user-ca.pem\n");
  std::optional<SettingValue> v = get(&*a, "taxa.caFile");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->value, "/etc/user-ca.pem");
  EXPECT_EQ(v->scope, SettingScope::kUser);
  ASSERT_TRUE(SetTransportSetting(&*a, "taxa.caFile", "/etc/project-ca.pem").ok());
  v = get(&*a, "taxa.caFile");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->value, "/etc/project-ca.pem");
  EXPECT_EQ(v->scope, SettingScope::kProject);
  EXPECT_EQ(get(nullptr, "taxa.caFile")->value, "/etc/user-ca.pem");
  // Per clone: in .git/config, not in any commit.
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "a" + " config --local taxa.cafile").out,
            "/etc/project-ca.pem\n");
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "a" + " status --porcelain").out, "");

  Result<TransportSettings> all = LoadTransportSettings(&*a);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->ca_file, "/etc/project-ca.pem");
  EXPECT_EQ(all->ssh_host_key, "");
  EXPECT_NE(all->ssh_key.find("/.ssh/id_ed25519"), std::string::npos);
  EXPECT_NE(all->known_hosts.find("/.ssh/known_hosts"), std::string::npos);
}

TEST_F(Transport, UnknownKeysAndMalformedPinsAreRefused) {
  EXPECT_TRUE(Fails(SetTransportSetting(nullptr, "taxa.cafile2", "x"), StatusCode::kInvalidInput,
                    {"unknown setting \"taxa.cafile2\"", "taxa.caFile", "taxa.sshHostKey"}));
  EXPECT_TRUE(Fails(GetTransportSetting(nullptr, "user.name").status(),
                    StatusCode::kInvalidInput, {"\"user.name\""}));
  EXPECT_TRUE(Fails(SetTransportSetting(nullptr, "taxa.sshHostKey", "MD5:ab:cd"),
                    StatusCode::kInvalidInput, {"MD5:ab:cd", "SHA256:"}));
  EXPECT_TRUE(Fails(SetTransportSetting(nullptr, "taxa.sshKey", ""), StatusCode::kInvalidInput,
                    {"needs a value"}));
  EXPECT_FALSE(core::PathExists(UserConfigPath()));
}

// The digest of the key blob in a .pub file (its second field, base64).
std::string DigestOfPublicKey(const std::string& pub_file) {
  std::string line = ReadText(pub_file);
  size_t start = line.find(' ') + 1;
  std::string b64 = line.substr(start, line.find(' ', start) - start);
  // Decode with the base64 tool, an implementation other than ours.
  std::string blob = RunCommand("printf %s " + b64 + " | base64 -d").out;
  core::Sha256 h;
  h.Update(blob);
  auto d = h.Finish();
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

TEST(HostKeys, FingerprintIsWhatSshKeygenPrints) {
  TempDir tmp;
  for (const char* type : {"ed25519", "ecdsa", "rsa"}) {
    std::string key = tmp / type;
    ASSERT_EQ(RunCommand("ssh-keygen -q -t " + std::string(type) + " -N '' -f " + key).exit_code,
              0);
    std::string printed = RunCommand("ssh-keygen -lf " + key + ".pub").out;
    std::string fingerprint = HostKeyFingerprint(DigestOfPublicKey(key + ".pub"));
    EXPECT_NE(printed.find(" " + fingerprint + " "), std::string::npos)
        << type << ": " << printed << " vs " << fingerprint;
  }
}

// Hashed host names (HashKnownHosts, Debian's default) as OpenSSH's own
// `ssh-keygen -H` writes them.
TEST(HostKeys, KnownHostsMatchesHashedNamesWrittenByOpenSsh) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp / "k").exit_code, 0);
  std::string pub = ReadText(tmp / "k.pub");
  std::string key = pub.substr(0, pub.rfind(' '));
  std::string digest = DigestOfPublicKey(tmp / "k.pub");
  WriteText(tmp / "known", "hub.example " + key + "\n[127.0.0.1]:2222 " + key + "\n");
  ASSERT_EQ(RunCommand("ssh-keygen -H -f " + tmp / "known").exit_code, 0);
  std::string hashed = ReadText(tmp / "known");
  ASSERT_EQ(hashed.find("hub.example"), std::string::npos) << hashed;
  ASSERT_EQ(hashed.rfind("|1|", 0), 0u) << hashed;
  EXPECT_TRUE(KnownHostsAccepts(hashed, "hub.example", 22, digest));
  EXPECT_TRUE(KnownHostsAccepts(hashed, "127.0.0.1", 2222, digest));
  EXPECT_FALSE(KnownHostsAccepts(hashed, "127.0.0.1", 22, digest));
  EXPECT_FALSE(KnownHostsAccepts(hashed, "other.example", 22, digest));
  EXPECT_FALSE(KnownHostsAccepts("|1|bm90|YmFk " + key, "hub.example", 22, digest));  // bad hash
}

TEST(HostKeys, KnownHostsMatchesHostPortPatternsAndKey) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp / "k").exit_code, 0);
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f " + tmp / "other").exit_code, 0);
  std::string pub = ReadText(tmp / "k.pub");
  std::string key = pub.substr(0, pub.rfind(' '));  // "ssh-ed25519 AAAA..."
  std::string digest = DigestOfPublicKey(tmp / "k.pub");
  std::string other = DigestOfPublicKey(tmp / "other.pub");
  EXPECT_TRUE(KnownHostsAccepts("# comment\n\nhub.example " + key + "\n", "hub.example", 22,
                                digest));
  EXPECT_FALSE(KnownHostsAccepts("hub.example " + key + "\n", "hub.example", 22, other));
  EXPECT_FALSE(KnownHostsAccepts("hub.example " + key + "\n", "hub.example", 2222, digest));
  EXPECT_TRUE(KnownHostsAccepts("a.example,[hub.example]:2222 " + key + " comment\n",
                                "hub.example", 2222, digest));
  EXPECT_TRUE(KnownHostsAccepts("*.example " + key, "hub.example", 22, digest));
  EXPECT_TRUE(KnownHostsAccepts("h?b.example " + key, "hub.example", 22, digest));
  EXPECT_FALSE(KnownHostsAccepts("*.example,!hub.example " + key, "hub.example", 22, digest));
  // "[" is literal in known_hosts, not a character class.
  EXPECT_FALSE(KnownHostsAccepts("[127.0.0.1]:2222 " + key, "1", 2222, digest));
  EXPECT_FALSE(KnownHostsAccepts("@cert-authority hub.example " + key, "hub.example", 22, digest));
  EXPECT_FALSE(KnownHostsAccepts("hub.example " + key + "\n@revoked hub.example " + key,
                                 "hub.example", 22, digest));
  // What `ssh-keygen -F` (OpenSSH's own lookup) finds, we accept.
  WriteText(tmp / "kh", "[hub.example]:2222 " + key + "\nhub.example " + key + "\n");
  for (auto [name, port] : std::vector<std::pair<std::string, int>>{
           {"hub.example", 22}, {"hub.example", 2222}, {"hub.example", 2223}}) {
    std::string query = port == 22 ? name : "[" + name + "]:" + std::to_string(port);
    bool found = RunCommand("ssh-keygen -F '" + query + "' -f " + tmp / "kh").exit_code == 0;
    EXPECT_EQ(KnownHostsAccepts(ReadText(tmp / "kh"), name, port, digest), found) << query;
  }
}

}  // namespace
}  // namespace taxa::sync
