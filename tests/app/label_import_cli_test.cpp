// taxa labels import and taxa export --format label-studio, end to end.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"

namespace taxa::testing {
namespace {

using json = nlohmann::json;

class LabelImportCli : public CliFixture {};

TEST_F(LabelImportCli, ImportsACsvOnceAndSaysNothingIsNewTheSecondTime) {
  MakeTicketsProject("p");
  WriteText(tmp_ / "crowd.csv",
            "item,annotator,categories,time,seconds_spent\n"
            "t1,w1,billing.refund,2026-01-02T03:04:05Z,12\n"
            "t2,w2,shipping,2026-01-02T03:05:00Z,3.5\n");
  const std::string commits_before = Git("p rev-list --count HEAD");
  std::string out = Ok("-C p labels import crowd.csv --vendor acme");
  EXPECT_NE(out.find("Imported 2 new labels from crowd.csv (2 annotators"), std::string::npos)
      << out;
  EXPECT_EQ(std::stoi(Git("p rev-list --count HEAD")), std::stoi(commits_before) + 1);
  json settings = json::parse(ReadText(tmp_ / "p/taxa.json"));
  EXPECT_EQ(settings["vendors"]["acme"], json({"w1", "w2"}));
  std::string again = Ok("-C p labels import crowd.csv --json");
  EXPECT_EQ(json::parse(again)["added"], 0) << again;
  EXPECT_EQ(std::stoi(Git("p rev-list --count HEAD")), std::stoi(commits_before) + 1);
  // `labels --made-under` still needs its option.
  CommandResult bare = Taxa("-C p labels");
  EXPECT_NE(bare.exit_code, 0);
  EXPECT_NE(bare.err.find("--made-under"), std::string::npos) << bare.err;
}

TEST_F(LabelImportCli, ABadRowIsRefusedWithItsLineAndNothingIsWritten) {
  MakeTicketsProject("p");
  WriteText(tmp_ / "crowd.csv", "t1,w1,billing\nt2,w1,nope\n");
  const std::string head = Git("p rev-parse HEAD");
  CommandResult r = Taxa("-C p labels import crowd.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("crowd.csv:2: unknown category \"nope\""), std::string::npos) << r.err;
  EXPECT_EQ(Git("p rev-parse HEAD"), head);
}

TEST_F(LabelImportCli, ExportsLabelStudioTasksThatImportBack) {
  MakeTicketsProject("p");
  Ok("-C p label t1 billing --as ann");
  Ok("-C p export --format label-studio -o ls.json");
  json tasks = json::parse(ReadText(tmp_ / "ls.json"));
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[0]["data"]["item"], "t1");
  ASSERT_EQ(tasks[0]["annotations"].size(), 1u);
  EXPECT_EQ(tasks[0]["annotations"][0]["completed_by"]["email"], "ann");
  EXPECT_EQ(tasks[0]["annotations"][0]["result"][0]["value"]["choices"], json({"billing"}));
  // Into a second project with the same items and taxonomy.
  MakeTicketsProject("q");
  std::string out = Ok("-C q labels import ls.json --json");
  EXPECT_EQ(json::parse(out)["added"], 1) << out;
  std::string exported = Ok("-C q export");
  EXPECT_NE(exported.find("\"labels\":{\"ann\":[\"billing\"]}"), std::string::npos) << exported;
}

}  // namespace
}  // namespace taxa::testing
