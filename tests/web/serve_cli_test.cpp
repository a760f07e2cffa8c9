// `taxa serve` as a person runs it: the printed URL, what it refuses, the
// other commands beside it, and stopping: SIGTERM commits pending labels,
// SIGKILL loses no label that was answered.
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "session/project.h"
#include "support/cli_fixture.h"
#include "support/git_servers.h"

namespace taxa::testing {
namespace {

class ServeCli : public CliFixture {
 protected:
  // Starts `taxa -C p serve` on a free port; returns the printed URL's token.
  std::string StartServer() {
    ::setenv("TAXA_USER", "tester", 1);
    port_ = FreeLocalPort();
    log_ = tmp_ / "serve.log";
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{TAXA_BINARY_DIR "/taxa", "-C", tmp_ / "p", "serve", "--listen",
                                 "127.0.0.1:" + std::to_string(port_)},
        log_);
    std::string waited = WaitForPort(port_, *server_);
    EXPECT_EQ(waited, "") << ReadText(log_);
    // The port accepts once it listens; the URL is printed just after, which
    // on a loaded machine can come later than the first connection.
    std::string log = ReadText(log_);
    for (int i = 0; i < 100 && log.find("/?token=") == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      log = ReadText(log_);
    }
    size_t at = log.find("/?token=");
    EXPECT_NE(at, std::string::npos) << log;
    EXPECT_NE(log.find("http://127.0.0.1:" + std::to_string(port_) + "/?token=taxa_"), std::string::npos)
        << log;
    return at == std::string::npos ? "" : log.substr(at + 8, 69);
  }
  httplib::Result PostLabel(const std::string& token, const std::string& item, const std::string& category) {
    httplib::Client c("127.0.0.1", port_);
    c.set_tcp_nodelay(true);
    nlohmann::json body = {{"item", item}, {"categories", {category}}};
    return c.Post("/api/v1/labels", {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  // Waits until the server has exited; false after 20 s.
  bool Exited() {
    for (int i = 0; i < 1000; ++i) {
      if (!server_->running()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  std::map<std::string, nlohmann::json> Exported() {
    std::map<std::string, nlohmann::json> out;
    std::string text = Ok("-C p export");
    for (size_t start = 0, end; start < text.size(); start = end + 1) {
      end = text.find('\n', start);
      nlohmann::json line = nlohmann::json::parse(text.substr(start, end - start));
      out[line["id"]] = line["labels"];
    }
    return out;
  }

  int port_ = 0;
  std::string log_;
  std::unique_ptr<ChildProcess> server_;
};

TEST_F(ServeCli, AnAddressBeyondThisMachineNeedsTlsOrInsecureHttpAndPeople) {
  MakeTicketsProject("p");
  CommandResult wide = Taxa("-C p serve --listen 0.0.0.0:1");
  EXPECT_EQ(wide.exit_code, 1);
  EXPECT_NE(wide.err.find("needs --tls-cert and --tls-key (or --insecure-http"), std::string::npos) << wide.err;
  CommandResult insecure = Taxa("-C p serve --listen 0.0.0.0:1 --insecure-http");
  EXPECT_EQ(insecure.exit_code, 1);
  EXPECT_NE(insecure.err.find("needs people with tokens (taxa users add"), std::string::npos) << insecure.err;
  CommandResult half = Taxa("-C p serve --tls-cert cert.pem");
  EXPECT_EQ(half.exit_code, 1);
  EXPECT_NE(half.err.find("--tls-cert and --tls-key go together"), std::string::npos) << half.err;
  CommandResult listen = Taxa("-C p serve --listen nowhere");
  EXPECT_EQ(listen.exit_code, 1);
  EXPECT_NE(listen.err.find("expected HOST:PORT"), std::string::npos) << listen.err;
  // users add prints a token once; the list never shows it.
  std::string added = Ok("-C p users add ana --role lead");
  EXPECT_NE(added.find("taxa_"), std::string::npos) << added;
  std::string listed = Ok("-C p users list");
  EXPECT_NE(listed.find("ana"), std::string::npos);
  EXPECT_EQ(listed.find("taxa_"), std::string::npos) << listed;
}

TEST_F(ServeCli, SigtermCommitsPendingLabelsAndOtherCommandsGoOnBeside) {
  MakeTicketsProject("p");
  std::string token = StartServer();
  httplib::Result labeled = PostLabel(token, "t1", "billing");
  ASSERT_TRUE(labeled);
  EXPECT_EQ(labeled->status, 201) << labeled->body;
  // Readers work beside the server; a writer is told who holds the project.
  EXPECT_NE(Ok("-C p status").find("Items:      4"), std::string::npos);
  CommandResult writer = Taxa("--wait 0 -C p label t2 billing");
  EXPECT_EQ(writer.exit_code, 1);
  EXPECT_NE(writer.err.find("in use by taxa pid " + std::to_string(server_->pid())), std::string::npos)
      << writer.err;
  ::kill(server_->pid(), SIGTERM);
  ASSERT_TRUE(Exited()) << ReadText(log_);
  EXPECT_NE(ReadText(log_).find("every label is committed"), std::string::npos) << ReadText(log_);
  EXPECT_EQ(Git("p log -1 --format=%an").substr(0, 6), "tester");
  EXPECT_EQ(Exported()["t1"]["tester"], nlohmann::json::array({"billing"}));
  EXPECT_EQ(ReadText(tmp_ / "p/.git/taxa/journal"), "");  // nothing left to replay
}

TEST_F(ServeCli, ASigkillInTheMiddleOfLabelingLosesNoAnsweredLabel) {
  MakeTicketsProject("p");
  std::string items;
  for (int i = 5; i <= 200; ++i) items += "{\"id\": \"t" + std::to_string(i) + "\", \"text\": \"x\"}\n";
  WriteText(tmp_ / "more.jsonl", items);
  Ok("-C p import more.jsonl");
  std::string token = StartServer();
  ASSERT_NE(token, "");
  std::atomic<bool> stop{false};
  std::atomic<int> acked{0}, finished{0};
  std::vector<std::vector<std::string>> answered(8);
  std::vector<std::thread> clients;
  for (int k = 0; k < 8; ++k) {
    clients.emplace_back([&, k] {
      for (int i = 1; i <= 200 && !stop; ++i) {
        std::string item = "t" + std::to_string(i);
        std::string category = (i + k) % 2 ? "billing" : "shipping";
        // Each client labels in the name of its own annotator: the serving
        // user owns a project without a lead, so may.
        httplib::Client c("127.0.0.1", port_);
        nlohmann::json body = {{"item", item}, {"categories", {category}}, {"annotator", "c" + std::to_string(k)}};
        httplib::Result r = c.Post("/api/v1/labels", {{"Authorization", "Bearer " + token}}, body.dump(),
                                   "application/json");
        if (r && r->status == 201) {
          answered[static_cast<size_t>(k)].push_back(item + " " + category);
          ++acked;
        }
      }
      ++finished;
    });
  }
  // Until 300 are answered; should every client finish first (a server that
  // answers nothing), the assertion below says so instead of a hang.
  while (acked < 300 && finished < 8) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ::kill(server_->pid(), SIGKILL);  // in the middle: requests are under way
  stop = true;
  for (std::thread& t : clients) t.join();
  ASSERT_TRUE(Exited());
  size_t total = 0;
  for (const auto& a : answered) total += a.size();
  ASSERT_GE(total, 300u) << "the server answered too few labels to kill it in the middle";
  ASSERT_LT(total, 1600u) << "the kill came after the last label";
  // The next writer replays the journal (here: a sync that has no remote);
  // without the index, export reads only what was committed.
  (void)Taxa("-C p sync");
  EXPECT_EQ(ReadText(tmp_ / "p/.git/taxa/journal"), "");
  ASSERT_EQ(RunCommand("rm -f " + tmp_ / "p/.git/taxa/index.sqlite*").exit_code, 0);
  std::map<std::string, nlohmann::json> exported = Exported();
  for (size_t k = 0; k < answered.size(); ++k)
    for (const std::string& a : answered[k]) {
      std::string item = a.substr(0, a.find(' '));
      std::string category = a.substr(a.find(' ') + 1);
      EXPECT_EQ(exported[item]["c" + std::to_string(k)], nlohmann::json::array({category})) << a;
    }
  std::printf("[ kill ] %zu labels answered before SIGKILL, all exported after\n", total);
}

}  // namespace
}  // namespace taxa::testing
