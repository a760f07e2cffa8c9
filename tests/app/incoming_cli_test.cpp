// What a project takes in, end to end with the binary: bundle verify, bundle
// apply and sync refuse another project and a peer's commit that holds a
// file that does not read, in one line naming the commit and the path; the
// project is left as it was (HEAD, refs, objects) and keeps working, and
// nothing is pushed onward. Hostile peers are made with the real git CLI.
#include <algorithm>
#include <filesystem>
#include <string>

#include "support/cli_fixture.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class IncomingCli : public taxa::testing::CliFixture {
 protected:
  std::string GitLine(const std::string& args) {
    std::string out = Git(args);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  std::string Head(const std::string& dir) { return GitLine(dir + " rev-parse HEAD"); }
  // HEAD, every ref, every object file and the work tree's state.
  std::string State(const std::string& dir) {
    std::string out = Head(dir) + "\n" + Git(dir + " show-ref");
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(tmp_ / dir + "/.git/objects"))
      out += e.path().filename().string() + "\n";
    return out + Git(dir + " status --porcelain");
  }
  // Runs taxa, which must fail with exit code 1 and one line on stderr.
  std::string Refused(const std::string& args) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 1) << "taxa " << args << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return r.err;
  }
  // The project in `dir` opens, exports and labels.
  void StillWorks(const std::string& dir) {
    Ok("-C " + dir + " status");
    Ok("-C " + dir + " export");
    Ok("-C " + dir + " label t3 shipping --as carol");
  }
  // A git clone of `from` as `peer`, with an identity to commit as.
  void GitPeer(const std::string& from, const std::string& peer) {
    Git(". clone -q " + from + " " + peer);
    Git(peer + " config user.name Peer");
    Git(peer + " config user.email peer@x");
  }
  std::string PeerCommit(const std::string& peer, const std::string& message) {
    Git(peer + " add -A");
    Git(peer + " commit -q -m '" + message + "'");
    return Head(peer);
  }
};

TEST_F(IncomingCli, BundlesOfAnotherProjectOrAPlainRepositoryAreRefused) {
  MakeTicketsProject("a");
  Ok("init other --name Other");
  Git("other bundle create -q ../other.bundle main");
  Git(". init -q -b main plain");
  WriteText(tmp_ / "plain/notes.txt", "hello\n");
  PeerCommit("plain", "notes");
  Git("plain bundle create -q ../plain.bundle main");
  const std::string before = State("a");

  for (const char* verb : {"verify", "apply"}) {
    std::string err = Refused("-C a bundle " + std::string(verb) + " other.bundle");
    EXPECT_NE(err.find("taxa: other.bundle: refused: another project: its history shares no "
                       "commit with this one's (it is \"Other\""),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("this is \"Support tickets\""), std::string::npos) << err;
    EXPECT_EQ(State("a"), before);
    err = Refused("-C a bundle " + std::string(verb) + " plain.bundle");
    EXPECT_NE(err.find("taxa: plain.bundle: refused: its commit " + Head("plain").substr(0, 12) +
                       " holds no taxa.json: not a Taxa project"),
              std::string::npos)
        << err;
    EXPECT_EQ(State("a"), before);
  }
  StillWorks("a");
}

TEST_F(IncomingCli, BundlesWithABrokenCategoryOrAFlippedSegmentAreRefusedAndTheCopyKeepsWorking) {
  MakeTicketsProject("a");
  Ok("-C a label t1 billing --as alice");
  const std::string base = Head("a");
  GitPeer("a", "peer");
  WriteText(tmp_ / "peer/taxonomy/categories/evil.json", "{\"id\": \"evil\", \"name\": ");
  std::string evil = PeerCommit("peer", "evil category");
  Git("peer bundle create -q ../evil.bundle " + base + "..main");

  Git("peer reset -q --hard " + base);
  std::string segment = GitLine("peer ls-files labels");
  ASSERT_NE(segment.find(".jsonl.zst"), std::string::npos) << segment;
  std::string bytes = ReadText(tmp_ / "peer" + "/" + segment);
  bytes[bytes.size() / 2] ^= 0x01;
  WriteText(tmp_ / "peer" + "/" + segment, bytes);
  std::string flipped = PeerCommit("peer", "flipped");
  Git("peer bundle create -q ../flipped.bundle " + base + "..main");
  const std::string before = State("a");

  for (const char* verb : {"verify", "apply"}) {
    std::string err = Refused("-C a bundle " + std::string(verb) + " evil.bundle");
    EXPECT_NE(err.find("taxa: evil.bundle: refused: commit " + evil.substr(0, 12) +
                       ": taxonomy/categories/evil.json"),
              std::string::npos)
        << err;
    EXPECT_EQ(State("a"), before);
    err = Refused("-C a bundle " + std::string(verb) + " flipped.bundle");
    EXPECT_NE(err.find("taxa: flipped.bundle: refused: commit " + flipped.substr(0, 12) + ": " +
                       segment),
              std::string::npos)
        << err;
    EXPECT_EQ(State("a"), before);
  }
  StillWorks("a");
}

TEST_F(IncomingCli, SyncWithAnotherProjectsHubRefusesAndPushesNothing) {
  Ok("init other --name Other");
  ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
  Ok("-C other remote add origin " + tmp_ / "hub");
  Ok("-C other sync");
  const std::string hub = GitLine("hub rev-parse main");

  MakeTicketsProject("a");
  Ok("-C a remote add origin " + tmp_ / "hub");
  Ok("-C a label t1 billing --as alice");
  const std::string before = State("a");
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string err = Refused("-C a sync");
    EXPECT_NE(err.find("remote \"origin\" (" + tmp_ / "hub" +
                       "): refused: another project: its history shares no commit"),
              std::string::npos)
        << err;
    EXPECT_EQ(State("a"), before);  // no merge, no tracking ref, no object
    EXPECT_EQ(GitLine("hub rev-parse main"), hub);
  }
  // The pending label is still there, and the project works.
  EXPECT_NE(Ok("-C a export").find("\"alice\":[\"billing\"]"), std::string::npos);
  StillWorks("a");
}

TEST_F(IncomingCli, SyncRefusesABrokenCommitOnTheHubSoItSpreadsNoFurther) {
  MakeTicketsProject("a");
  ShareThroughHub();  // a, hub, b
  GitPeer(tmp_ / "hub", "peer");
  WriteText(tmp_ / "peer/taxonomy/categories/evil.json", "not json");
  std::string evil = PeerCommit("peer", "evil");
  Git("peer push -q origin main");
  const std::string hub = GitLine("hub rev-parse main");

  Ok("-C b label t2 shipping --as bob");
  const std::string before = State("b");
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string err = Refused("-C b sync");
    EXPECT_NE(err.find("refused: commit " + evil.substr(0, 12) +
                       ": taxonomy/categories/evil.json"),
              std::string::npos)
        << err;
    EXPECT_EQ(State("b"), before);
    EXPECT_EQ(GitLine("hub rev-parse main"), hub);
  }
  StillWorks("b");
}

}  // namespace
}  // namespace taxa
