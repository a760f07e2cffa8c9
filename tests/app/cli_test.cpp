// The taxa command line end to end, run as a user would, in temporary folders.
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_fixture.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

class Cli : public taxa::testing::CliFixture {
 protected:
  void MakeProject() {
    Ok("init p --name 'Support tickets'");
    Ok("-C p taxonomy add billing --name Billing --definition 'About money'");
    Ok("-C p taxonomy add billing.refund --name Refund --parent billing "
       "--definition 'Wants money back' --include 'asks for a refund' --exclude 'price questions' "
       "--example 'refund my order' --near-miss 'how much is it?'");
    Ok("-C p taxonomy add shipping --name Shipping --definition 'Parcels'");
  }
};

TEST_F(Cli, HelpAndBadUsage) {
  CommandResult help = Taxa("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("taxonomy"), std::string::npos);
  EXPECT_NE(help.out.find("import"), std::string::npos);
  EXPECT_EQ(Taxa("").exit_code, 2);
  EXPECT_EQ(Taxa("frobnicate").exit_code, 2);
  EXPECT_EQ(Taxa("taxonomy add").exit_code, 2);
  EXPECT_EQ(Taxa("label").exit_code, 2);
}

// Words a description cannot end on without being cut short ("One label per
// item from every annotator's"): an article, a conjunction, a determiner or a
// possessive waits for its noun. (A preposition may end one: "the remote to
// sync with".)
bool EndsCutShort(const std::string& description) {
  static const std::set<std::string> kDangling = {"a",   "an",    "the",  "and",   "or",    "of",
                                                  "per", "every", "each", "its",   "their", "your",
                                                  "my",  "than",  "but",  "whose", "which"};
  std::string last = description.substr(description.find_last_of(' ') + 1);
  if (last.empty() || std::string(",:;(").find(last.back()) != std::string::npos) return true;
  while (!last.empty() && std::string(".)\"'").find(last.back()) != std::string::npos &&
         !last.ends_with("'s") && !last.ends_with("s'"))
    last.pop_back();
  for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kDangling.count(last) > 0 || last.ends_with("'s") || last.ends_with("s'");
}

// The descriptions in one help page: the page's own first line, and the text
// after the name column of each option, positional and subcommand (after the
// last run of two spaces). Fills `subcommands` with the page's subcommands.
std::vector<std::string> Descriptions(const std::string& help,
                                      std::vector<std::string>& subcommands) {
  std::vector<std::string> out;
  std::istringstream lines(help);
  std::string line, section;
  bool first = true;
  while (std::getline(lines, line)) {
    if (first && !line.starts_with("Usage:") && !line.empty()) out.push_back(line);
    first = false;
    if (!line.empty() && line.back() == ':' && line[0] != ' ') {
      section = line;
      continue;
    }
    if (!line.starts_with("  ") || section.empty()) continue;
    const size_t gap = line.rfind("  ");
    std::string text = line.substr(gap + 2);
    if (gap > 0 && !text.empty()) out.push_back(text);
    if (section == "Subcommands:") subcommands.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return out;
}

// Every command's help says `taxa ...` (not the path the binary was run by),
// and no description stops mid-sentence.
TEST_F(Cli, HelpNamesTaxaAndEveryDescriptionIsWhole) {
  std::vector<std::string> pending = {""};
  size_t pages = 0, described = 0;
  while (!pending.empty()) {
    const std::string path = pending.back();
    pending.pop_back();
    CommandResult r = Taxa(path + (path.empty() ? "" : " ") + "--help");
    ASSERT_EQ(r.exit_code, 0) << path << "\n" << r.err;
    ++pages;
    const std::string usage = "Usage: taxa " + (path.empty() ? "" : path + " ");
    EXPECT_NE(r.out.find("\n" + usage), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(TAXA_BINARY_DIR), std::string::npos) << r.out;
    std::vector<std::string> subcommands;
    for (const std::string& d : Descriptions(r.out, subcommands)) {
      ++described;
      EXPECT_FALSE(EndsCutShort(d)) << "taxa " << path << " --help: \"" << d << "\"";
      EXPECT_EQ(std::count(d.begin(), d.end(), '('), std::count(d.begin(), d.end(), ')')) << d;
    }
    for (const std::string& sub : subcommands)
      pending.push_back(path.empty() ? sub : path + " " + sub);
  }
  EXPECT_GT(pages, 40u) << "every command and subcommand has a page";
  EXPECT_GT(described, 150u);
  CommandResult consensus = Taxa("consensus --help");
  EXPECT_EQ(consensus.out.rfind("One label per item from every annotator's current labels", 0), 0u)
      << consensus.out;
  EXPECT_NE(consensus.out.find("\nUsage: taxa consensus [OPTIONS]\n"), std::string::npos)
      << consensus.out;
  // The words the check catches.
  EXPECT_TRUE(EndsCutShort("One label per item from every annotator's"));
  EXPECT_TRUE(EndsCutShort("List the gold labels of the"));
  EXPECT_TRUE(EndsCutShort("Show a conflict's base, ours,"));
  EXPECT_FALSE(EndsCutShort("Show a conflict's base, ours and theirs values"));
  EXPECT_FALSE(EndsCutShort("Record a label: ITEM in CATEGORY..."));
}

TEST_F(Cli, OutsideAProjectSaysSoInOneLine) {
  CommandResult r = Taxa("status");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a Taxa project"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(Cli, TaxonomyCommandsManageTheTree) {
  MakeProject();
  Ok("-C p taxonomy edit billing.refund --name 'Refund request' --add-example 'give it back' "
     "--sensitive true");
  Ok("-C p taxonomy add billing.chargeback --name Chargeback --parent billing --definition 'Bank'");
  Ok("-C p taxonomy move billing.chargeback --root");
  Ok("-C p taxonomy deprecate billing.chargeback --replaced-by billing.refund");
  std::string tree = Ok("-C p taxonomy show");
  EXPECT_NE(tree.find("billing  Billing\n  billing.refund  Refund request  [sensitive]"),
            std::string::npos) << tree;
  EXPECT_NE(tree.find("[deprecated -> billing.refund]"), std::string::npos) << tree;
  auto j = nlohmann::json::parse(Ok("-C p taxonomy show --json"));
  ASSERT_EQ(j["categories"].size(), 4u);
  EXPECT_EQ(j["categories"][1]["id"], "billing.refund");
  EXPECT_EQ(j["categories"][1]["examples"].size(), 2u);
  EXPECT_EQ(j["categories"][1]["near_misses"][0], "how much is it?");
  EXPECT_NE(Ok("-C p taxonomy validate").find("valid"), std::string::npos);

  CommandResult reused = Taxa("-C p taxonomy add billing --name Again");
  EXPECT_EQ(reused.exit_code, 1);
  EXPECT_NE(reused.err.find("never reused"), std::string::npos);
  CommandResult cycle = Taxa("-C p taxonomy move billing --parent billing.refund");
  EXPECT_EQ(cycle.exit_code, 1);
  EXPECT_NE(cycle.err.find("cycle"), std::string::npos) << cycle.err;
  CommandResult bad_id = Taxa("-C p taxonomy add 'Bad Id' --name X");
  EXPECT_EQ(bad_id.exit_code, 1);
  EXPECT_NE(bad_id.err.find("category id \"Bad Id\""), std::string::npos) << bad_id.err;
}

TEST_F(Cli, AttributesAreCheckedOnLabels) {
  MakeProject();
  Ok("-C p taxonomy attribute add severity --type enum --values low,high");
  Ok("-C p taxonomy edit billing --add-attribute severity");
  WriteText(tmp_ / "items.csv", "id,text\nt1,refund me\n");
  Ok("-C p import items.csv");
  Ok("-C p label t1 billing.refund --attr severity=high");
  CommandResult bad = Taxa("-C p label t1 billing.refund --attr severity=huge");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("is not one of low, high"), std::string::npos) << bad.err;
  CommandResult wrong = Taxa("-C p label t1 shipping --attr severity=low");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("does not belong"), std::string::npos) << wrong.err;
}

TEST_F(Cli, ImportLabelStatusExportLog) {
  MakeProject();
  WriteText(tmp_ / "items.jsonl",
            "{\"id\": \"t1\", \"text\": \"I want a refund\", \"meta\": {\"lang\": \"en\"}}\n"
            "{\"id\": \"t2\", \"text\": \"Where is my parcel?\"}\n"
            "{\"id\": \"m1\", \"path\": \"media/a.png\", \"sha256\": \"" +
                std::string(64, 'a') + "\"}\n");
  EXPECT_NE(Ok("-C p import items.jsonl").find("Imported 3 new items"), std::string::npos);
  EXPECT_NE(Ok("-C p import items.jsonl").find("Nothing new"), std::string::npos);
  Ok("-C p label t1 billing.refund --as alice");
  Ok("-C p label t1 billing --as bob --note 'maybe refund'");
  Ok("--as alice -C p label t2 shipping");

  CommandResult unknown = Taxa("-C p label t2 nope");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "taxa: unknown category \"nope\"\n");

  auto status = nlohmann::json::parse(Ok("-C p status --json"));
  EXPECT_EQ(status["items"], 3);
  EXPECT_EQ(status["labeled_items"], 2);
  EXPECT_EQ(status["by_annotator"]["alice"], 2);
  EXPECT_EQ(status["by_annotator"]["bob"], 1);
  EXPECT_EQ(status["by_category"]["billing.refund"], 1);
  std::string plain = Ok("-C p status");
  EXPECT_NE(plain.find("Items:      3"), std::string::npos) << plain;

  std::string exported = Ok("-C p export");
  EXPECT_EQ(exported,
            "{\"id\":\"m1\",\"media\":{\"path\":\"media/a.png\",\"sha256\":\"" +
                std::string(64, 'a') + "\"},\"labels\":{}}\n"
            "{\"id\":\"t1\",\"text\":\"I want a refund\",\"meta\":{\"lang\":\"en\"},"
            "\"labels\":{\"alice\":[\"billing.refund\"],\"bob\":[\"billing\"]}}\n"
            "{\"id\":\"t2\",\"text\":\"Where is my parcel?\",\"labels\":{\"alice\":[\"shipping\"]}}\n");
  Ok("-C p export -o out.jsonl");
  EXPECT_EQ(taxa::testing::ReadText(tmp_ / "out.jsonl"), exported);

  std::string log = Ok("-C p log");
  EXPECT_NE(log.find("labels.commit"), std::string::npos) << log;
  EXPECT_NE(log.find("items.import"), std::string::npos);
  EXPECT_NE(log.find("alice"), std::string::npos);
  auto first = nlohmann::json::parse(Ok("-C p log --json -n 1"));
  EXPECT_EQ(first["author"], "alice");
  EXPECT_EQ(first["trailers"]["Taxa-Action"], "labels.commit");
  CommandResult git = RunCommand("git -C " + (tmp_ / "p") + " status --porcelain");
  EXPECT_EQ(git.out, "");
}

TEST_F(Cli, MalformedImportsNameFileAndLineAndCommitNothing) {
  MakeProject();
  std::string head = Ok("-C p log --json -n 1");
  WriteText(tmp_ / "bad.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\n");
  CommandResult r = Taxa("-C p import bad.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("taxa: bad.jsonl:2: ", 0), 0u) << r.err;
  WriteText(tmp_ / "bad.csv", "id,text\na,fine\nb,\"unterminated\n");
  r = Taxa("-C p import bad.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.csv:3: unterminated quoted field"), std::string::npos) << r.err;
  WriteText(tmp_ / "noid.csv", "name,text\na,fine\n");
  r = Taxa("-C p import noid.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("noid.csv:1:"), std::string::npos) << r.err;
  r = Taxa("-C p import missing.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
  EXPECT_EQ(Ok("-C p log --json -n 1"), head);
  auto status = nlohmann::json::parse(Ok("-C p status --json"));
  EXPECT_EQ(status["items"], 0);
}

TEST_F(Cli, DemoCreatesAWorkingProject) {
  EXPECT_NE(Ok("demo d").find("categories"), std::string::npos);
  auto status = nlohmann::json::parse(Ok("-C d status --json"));
  EXPECT_EQ(status["items"], 300);
  EXPECT_NE(Ok("-C d taxonomy show").find("billing.refund_request"), std::string::npos);
}

}  // namespace
}  // namespace taxa
