#include "taxa/sync/remote.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::sync {
namespace {

using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

CommitMeta Meta(const std::string& subject) {
  CommitMeta m;
  m.subject = subject;
  return m;
}

void MakeBareHub(const std::string& dir) {
  ASSERT_EQ(RunCommand("git init -q --bare " + dir).exit_code, 0);
}

Repository InitWith(const std::string& dir, const std::string& file, const std::string& bytes) {
  Result<Repository> r = Repository::Init(dir);
  EXPECT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->Commit({{file, bytes}}, Meta("add " + file)).ok());
  return std::move(*r);
}

TEST(Remote, AddRefusesBadAndDuplicateNames) {
  TempDir tmp;
  Result<Repository> repo = Repository::Init(tmp / "p");
  ASSERT_TRUE(repo.ok());
  EXPECT_TRUE(AddRemote(*repo, "origin", tmp / "hub").ok());
  EXPECT_TRUE(Fails(AddRemote(*repo, "origin", tmp / "other"), StatusCode::kAlreadyExists,
                    {"\"origin\""}));
  EXPECT_TRUE(Fails(AddRemote(*repo, "bad name", "x"), StatusCode::kInvalidInput,
                    {"\"bad name\""}));
  EXPECT_TRUE(Fails(AddRemote(*repo, "", "x"), StatusCode::kInvalidInput, {}));
  EXPECT_TRUE(Fails(AddRemote(*repo, "second", ""), StatusCode::kInvalidInput, {"url"}));
  EXPECT_TRUE(AddRemote(*repo, "backup", "file:///srv/backup.git").ok());
  auto list = ListRemotes(*repo);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].first, "backup");
  EXPECT_EQ((*list)[0].second, "file:///srv/backup.git");
  EXPECT_EQ((*list)[1].first, "origin");
}

TEST(Remote, FetchFromAnEmptyHubIsEmptyAndPushFillsIt) {
  TempDir tmp;
  MakeBareHub(tmp / "hub.git");
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  ASSERT_TRUE(AddRemote(a, "origin", tmp / "hub.git").ok());
  Result<std::string> tip = Fetch(a, "origin");
  ASSERT_TRUE(tip.ok()) << tip.status().message();
  EXPECT_EQ(*tip, "");
  std::string head = *a.Head();
  ASSERT_TRUE(Push(a, "origin", head).ok());
  EXPECT_EQ(RunCommand("git -C " + tmp / "hub.git" + " rev-parse main").out, head + "\n");
  tip = Fetch(a, "origin");
  ASSERT_TRUE(tip.ok());
  EXPECT_EQ(*tip, head);
  EXPECT_TRUE(Fails(Fetch(a, "nowhere").status(), StatusCode::kNotFound, {"\"nowhere\""}));
}

TEST(Remote, CloneChecksOutMainAndFetchesWhatOthersPushed) {
  TempDir tmp;
  MakeBareHub(tmp / "hub.git");  // its HEAD names an unborn master
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  ASSERT_TRUE(AddRemote(a, "origin", "file://" + tmp / "hub.git").ok());
  ASSERT_TRUE(Push(a, "origin", *a.Head()).ok());

  Result<Repository> b = Clone(tmp / "hub.git", tmp / "b");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(*b->Head(), *a.Head());
  EXPECT_EQ(ReadText(tmp / "b/a.txt"), "one\n");
  EXPECT_EQ(RunCommand("git -C " + tmp / "b" + " status --porcelain").out, "");
  EXPECT_EQ(RunCommand("git -C " + tmp / "b" + " symbolic-ref HEAD").out, "refs/heads/main\n");

  ASSERT_TRUE(a.Commit({{"a.txt", std::string("two\n")}}, Meta("edit")).ok());
  ASSERT_TRUE(Push(a, "origin", *a.Head()).ok());
  Result<std::string> tip = Fetch(*b, "origin");
  ASSERT_TRUE(tip.ok());
  EXPECT_EQ(*tip, *a.Head());
  // Fetch moves no local branch; AdvanceBranch lands it and the work tree.
  EXPECT_EQ(ReadText(tmp / "b/a.txt"), "one\n");
  ASSERT_TRUE(AdvanceBranch(*b, *b->Head(), *tip).ok());
  EXPECT_EQ(*b->Head(), *tip);
  EXPECT_EQ(ReadText(tmp / "b/a.txt"), "two\n");
  EXPECT_EQ(RunCommand("git -C " + tmp / "b" + " status --porcelain").out, "");
}

TEST(Remote, AdvanceBranchIsACompareAndSwap) {
  TempDir tmp;
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  std::string first = *a.Head();
  ASSERT_TRUE(a.Commit({{"a.txt", std::string("two\n")}}, Meta("edit")).ok());
  std::string second = *a.Head();
  EXPECT_TRUE(Fails(AdvanceBranch(a, first, first), StatusCode::kLocked, {"changed"}));
  EXPECT_EQ(*a.Head(), second);
}

TEST(Remote, PushThatIsNotAFastForwardIsRefused) {
  TempDir tmp;
  MakeBareHub(tmp / "hub.git");
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  ASSERT_TRUE(AddRemote(a, "origin", tmp / "hub.git").ok());
  ASSERT_TRUE(Push(a, "origin", *a.Head()).ok());
  Result<Repository> b = Clone(tmp / "hub.git", tmp / "b");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(b->Commit({{"b.txt", std::string("b\n")}}, Meta("b")).ok());
  ASSERT_TRUE(Push(*b, "origin", *b->Head()).ok());
  ASSERT_TRUE(a.Commit({{"a.txt", std::string("two\n")}}, Meta("a")).ok());
  Status refused = Push(a, "origin", *a.Head());
  EXPECT_TRUE(Fails(refused, StatusCode::kFailedPrecondition, {"refused", "fetch"}));
  EXPECT_EQ(refused.message().find('\n'), std::string::npos);
  EXPECT_EQ(RunCommand("git -C " + tmp / "hub.git" + " rev-parse main").out, *b->Head() + "\n");
}

TEST(Remote, UnreachableRemoteFailsAtOnceInOneLine) {
  TempDir tmp;
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  ASSERT_TRUE(AddRemote(a, "gone", tmp / "no-such-hub").ok());
  // A closed port on this machine: connection refused.
  ASSERT_TRUE(AddRemote(a, "closed", "git://127.0.0.1:1/hub.git").ok());
  for (const char* name : {"gone", "closed"}) {
    auto start = std::chrono::steady_clock::now();
    Result<std::string> tip = Fetch(a, name);
    EXPECT_TRUE(Fails(tip.status(), StatusCode::kIo, {std::string("\"") + name + "\""}));
    EXPECT_EQ(tip.status().message().find('\n'), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_FALSE(Push(a, name, *a.Head()).ok());
  }
  EXPECT_FALSE(Clone(tmp / "no-such-hub", tmp / "c").ok());
}

TEST(Remote, SilentHostTimesOutWithinSeconds) {
  // A listening socket whose accept queue is full: the kernel drops further
  // connection attempts, as a host behind a dropping firewall would.
  int server = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ASSERT_EQ(::listen(server, 0), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  TempDir tmp;
  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  std::string url = "git://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/hub.git";
  ASSERT_TRUE(AddRemote(a, "silent", url).ok());
  auto start = std::chrono::steady_clock::now();
  Result<std::string> tip = Fetch(a, "silent");
  auto took = std::chrono::steady_clock::now() - start;
  for (int fd : fillers) ::close(fd);
  ::close(server);
  EXPECT_TRUE(Fails(tip.status(), StatusCode::kIo, {"\"silent\"", url}));
  EXPECT_LT(took, std::chrono::seconds(8));
}

// A git daemon on 127.0.0.1 serving `base`, stopped on destruction.
class GitDaemon {
 public:
  explicit GitDaemon(const std::string& base) {
    port_ = FreePort();
    pid_file_ = base + "/../daemon.pid";
    taxa::testing::CommandResult r = RunCommand(
        "git daemon --reuseaddr --detach --pid-file=" + pid_file_ + " --base-path=" + base +
        " --export-all --enable=receive-pack --listen=127.0.0.1 --port=" +
        std::to_string(port_) + " " + base);
    if (r.exit_code != 0) {
      error_ = r.err;
      return;
    }
    for (int i = 0; i < 100 && !Accepting(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!Accepting()) error_ = "git daemon did not start listening";
  }
  ~GitDaemon() {
    std::string pid = ReadText(pid_file_);
    if (!pid.empty()) ::kill(static_cast<pid_t>(std::stol(pid)), SIGTERM);
  }
  const std::string& error() const { return error_; }
  std::string Url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(port_) + "/" + repo;
  }

 private:
  static int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
  }
  bool Accepting() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }
  int port_ = 0;
  std::string pid_file_;
  std::string error_;
};

TEST(Remote, PushCloneAndFetchOverGitDaemon) {
  if (RunCommand("git daemon -h 2>&1 | grep -q usage")
          .exit_code != 0)
    GTEST_SKIP() << "git daemon is not available";
  TempDir tmp;
  ASSERT_EQ(RunCommand("mkdir -p " + tmp / "srv").exit_code, 0);
  MakeBareHub(tmp / "srv/hub.git");
  GitDaemon daemon(tmp / "srv");
  if (!daemon.error().empty()) GTEST_SKIP() << "git daemon did not start: " << daemon.error();

  Repository a = InitWith(tmp / "a", "a.txt", "one\n");
  ASSERT_TRUE(AddRemote(a, "origin", daemon.Url("hub.git")).ok());
  Result<std::string> tip = Fetch(a, "origin");
  ASSERT_TRUE(tip.ok()) << tip.status().message();
  EXPECT_EQ(*tip, "");
  Status pushed = Push(a, "origin", *a.Head());
  ASSERT_TRUE(pushed.ok()) << pushed.message();
  EXPECT_EQ(RunCommand("git -C " + tmp / "srv/hub.git" + " rev-parse main").out,
            *a.Head() + "\n");

  Result<Repository> b = Clone(daemon.Url("hub.git"), tmp / "b");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(*b->Head(), *a.Head());
  EXPECT_EQ(ReadText(tmp / "b/a.txt"), "one\n");

  ASSERT_TRUE(b->Commit({{"b.txt", std::string("b\n")}}, Meta("b")).ok());
  ASSERT_TRUE(Push(*b, "origin", *b->Head()).ok());
  tip = Fetch(a, "origin");
  ASSERT_TRUE(tip.ok());
  EXPECT_EQ(*tip, *b->Head());
  ASSERT_TRUE(a.Commit({{"a.txt", std::string("two\n")}}, Meta("a")).ok());
  ASSERT_TRUE(b->Commit({{"b.txt", std::string("bb\n")}}, Meta("b2")).ok());
  ASSERT_TRUE(Push(*b, "origin", *b->Head()).ok());
  EXPECT_TRUE(Fails(Push(a, "origin", *a.Head()), StatusCode::kFailedPrecondition, {"refused"}));
}

}  // namespace
}  // namespace taxa::sync
