// The command line over a damaged index, and readers beside writers
// (issue 9: defect 4, and "readers block writers").
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class IndexCli : public CliFixture {
 protected:
  // t1..t4 labeled by alice and bob, who agree on all but t3.
  void MakeLabeledProject() {
    MakeTicketsProject("p");
    const char* alice[] = {"billing", "shipping", "billing", "shipping"};
    const char* bob[] = {"billing", "shipping", "billing.refund", "shipping"};
    for (int i = 0; i < 4; ++i) {
      Ok("-C p --as alice label t" + std::to_string(i + 1) + " " + alice[i]);
      Ok("-C p --as bob label t" + std::to_string(i + 1) + " " + bob[i]);
    }
  }
  std::string IndexPath() { return tmp_ / "p/.git/taxa/index.sqlite"; }
};

TEST_F(IndexCli, DamageInsideAPageIsRebuiltWithOneLineAndStatusAndAgreeStayRight) {
  MakeLabeledProject();
  // 64 bytes flipped inside the row of bob's label of t3: no b-tree
  // structure changes, so SQLite alone would answer from it.
  std::string bytes = ReadAll(IndexPath());
  size_t at = bytes.find("[\"billing.refund\"]");
  ASSERT_NE(at, std::string::npos);
  for (size_t i = at; i < at + 64 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
  WriteText(IndexPath(), bytes);

  CommandResult status = Taxa("-C p status --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  json j = json::parse(status.out);
  EXPECT_EQ(j["items"], 4);
  EXPECT_EQ(j["labeled_items"], 4);
  EXPECT_EQ(j["by_annotator"], json({{"alice", 4}, {"bob", 4}}));
  EXPECT_EQ(j["by_category"], json({{"billing", 3}, {"billing.refund", 1}, {"shipping", 4}}));
  // One line on stderr saying what happened.
  EXPECT_EQ(std::count(status.err.begin(), status.err.end(), '\n'), 1) << status.err;
  EXPECT_EQ(status.err.rfind("taxa: the index was damaged (", 0), 0u) << status.err;
  EXPECT_NE(status.err.find("rebuilt it from the repository"), std::string::npos) << status.err;

  // Agreement by hand: 3 of 4 items agree; Krippendorff's alpha (nominal)
  // from the coincidences b-b 2, s-s 4, b-r 1, r-b 1 (n = 8):
  // 1 - (2/8) / ((64 - 9 - 16 - 1) / 56) = 1 - 0.25 / (38/56) = 0.6315789...
  CommandResult percent = Taxa("-C p agree --metric percent --json");
  ASSERT_EQ(percent.exit_code, 0) << percent.err;
  EXPECT_DOUBLE_EQ(json::parse(percent.out)["value"].get<double>(), 0.75);
  EXPECT_EQ(percent.err, "") << "rebuilt once, not again";
  CommandResult alpha = Taxa("-C p agree --json");
  ASSERT_EQ(alpha.exit_code, 0) << alpha.err;
  EXPECT_NEAR(json::parse(alpha.out)["value"].get<double>(), 1.0 - 0.25 / (38.0 / 56.0), 1e-12);

  // And after new commits.
  Ok("-C p --as carol label t3 billing");
  j = json::parse(Ok("-C p status --json"));
  EXPECT_EQ(j["by_annotator"], json({{"alice", 4}, {"bob", 4}, {"carol", 1}}));
}

TEST_F(IndexCli, AnIndexThatCannotBeReadAtAllIsRebuiltAndExportWorks) {
  MakeLabeledProject();
  std::string bytes = ReadAll(IndexPath());
  for (size_t i = 0; i < 100; ++i) bytes[i] = 'x';  // the header: "file is not a database"
  WriteText(IndexPath(), bytes);
  CommandResult exported = Taxa("-C p export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.err.find("the index was damaged"), std::string::npos) << exported.err;
  std::istringstream lines(exported.out);
  std::string line;
  int labeled = 0;
  while (std::getline(lines, line)) labeled += json::parse(line)["labels"].size() == 2;
  EXPECT_EQ(labeled, 4);
  EXPECT_EQ(Taxa("-C p export").err, "");
}

// Readers never take the writer lock, and a writer that meets another waits.
TEST_F(IndexCli, ReadersBesideOneHundredFiftyLabelsNeverMakeOneFail) {
  MakeTicketsProject("p");
  // Two writer streams of 75 `taxa label` calls, each by its own annotator,
  // beside a loop of `taxa status` and `taxa export` until they are done.
  const std::string taxa = "TAXA_USER=tester " TAXA_BINARY_DIR "/taxa -C " + tmp_ / "p";
  std::string script =
      "cd " + tmp_.path() + " || exit 9; rm -f done; "
      "( while [ ! -f done ]; do " + taxa +
      " status >/dev/null 2>>reader.err; echo $? >>reader.codes; " + taxa +
      " export >/dev/null 2>>reader.err; echo $? >>reader.codes; done ) & "
      "for w in 1 2; do ( for i in $(seq 1 75); do " + taxa +
      " --as w${w}n$i label t$(( (i % 4) + 1 )) shipping >/dev/null 2>>writer.err; "
      "echo \"w${w}n$i $?\" >>writer.codes; done ) & done; "
      "while [ $(cat writer.codes 2>/dev/null | wc -l) -lt 150 ]; do sleep 0.2; done; "
      "touch done; wait";
  CommandResult r = RunCommand(script);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::istringstream codes(ReadText(tmp_ / "writer.codes"));
  std::string who;
  int code = 0, labels = 0, failed = 0;
  std::set<std::string> annotators;
  while (codes >> who >> code) {
    ++labels;
    failed += code != 0;
    annotators.insert(who);
  }
  EXPECT_EQ(labels, 150);
  EXPECT_EQ(failed, 0) << ReadText(tmp_ / "writer.err");
  std::istringstream reads(ReadText(tmp_ / "reader.codes"));
  int reader_runs = 0, reader_failed = 0;
  while (reads >> code) {
    ++reader_runs;
    reader_failed += code != 0;
  }
  EXPECT_GT(reader_runs, 2) << "the readers ran beside the writers";
  EXPECT_EQ(reader_failed, 0) << ReadText(tmp_ / "reader.err");
  std::cout << "[ info ] 150 labels, 0 failed expected: " << failed << " failed; " << reader_runs
            << " reads beside them, " << reader_failed << " failed\n";

  // Every label is in the export.
  std::istringstream exported(Ok("-C p export"));
  std::string line;
  std::set<std::string> seen;
  while (std::getline(exported, line)) {
    json item = json::parse(line);
    for (const auto& [annotator, cats] : item["labels"].items()) {
      if (cats == json({"shipping"})) seen.insert(annotator);
    }
  }
  EXPECT_EQ(seen, annotators);
  EXPECT_EQ(seen.size(), 150u);
}

TEST_F(IndexCli, ASecondWriterWaitsForTheFirstAndSucceedsWithinTheWait) {
  MakeTicketsProject("p");
  // A long writer: an import of 40,000 items.
  std::string big;
  for (int i = 0; i < 40000; ++i)
    big += "{\"id\":\"big-" + std::to_string(i) + "\",\"text\":\"a ticket with some words in it, " +
           std::to_string(i) + "\"}\n";
  WriteText(tmp_ / "big.jsonl", big);
  const std::string taxa = "TAXA_USER=tester " TAXA_BINARY_DIR "/taxa -C " + tmp_ / "p";
  // Start the import, wait until its pid is in the lock file (it holds the
  // lock), then try a label without waiting and one with the default wait.
  std::string script =
      "cd " + tmp_.path() + " || exit 8; " + taxa + " import big.jsonl >import.out 2>import.err & "
      "pid=$!; echo $pid >import.pid; "
      "n=0; while ! grep -q \"taxa pid $pid \" p/.git/taxa/lock 2>/dev/null; do "
      "  n=$((n+1)); [ $n -gt 3000 ] && exit 9; sleep 0.01; done; "
      + taxa +
      " --wait 0 --as alice label t1 billing >nowait.out 2>nowait.err; echo $? >nowait.code; "
      "start=$(date +%s%N); " + taxa +
      " --wait 120 --as bob label t1 shipping >wait.out 2>wait.err; echo $? >wait.code; "
      "echo $(( ($(date +%s%N) - start) / 1000000 )) >wait.ms; "
      "wait $pid; echo $? >import.code";
  CommandResult r = RunCommand(script);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string pid = ReadText(tmp_ / "import.pid");
  pid = pid.substr(0, pid.find('\n'));
  char host[128] = {0};
  ::gethostname(host, sizeof host - 1);

  EXPECT_EQ(ReadText(tmp_ / "nowait.code"), "1\n");
  EXPECT_NE(ReadText(tmp_ / "nowait.err").find("is in use by taxa pid " + pid + " on " + host),
            std::string::npos)
      << ReadText(tmp_ / "nowait.err");
  EXPECT_EQ(ReadText(tmp_ / "wait.code"), "0\n") << ReadText(tmp_ / "wait.err");
  EXPECT_EQ(ReadText(tmp_ / "import.code"), "0\n") << ReadText(tmp_ / "import.err");
  std::cout << "[ info ] the second writer waited " << ReadText(tmp_ / "wait.ms");

  json j = json::parse(Ok("-C p status --json"));
  EXPECT_EQ(j["items"], 40004);
  EXPECT_EQ(j["by_annotator"], json({{"bob", 1}}));
}

}  // namespace
}  // namespace taxa::testing
