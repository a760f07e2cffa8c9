// taxonomy merge / split, -m/--why, export --as-made and relabel list/next,
// end to end with the binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/settings_edit.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;

class CarryCli : public taxa::testing::CliFixture {
 protected:
  // Project p: categories `categories` (defined), items t1..t4, and the
  // labels "ITEM ANNOTATOR CATEGORY".
  void MakeZoo(const std::vector<std::string>& categories, const std::vector<std::string>& labels) {
    Ok("init p --name Zoo");
    for (const std::string& c : categories)
      Ok("-C p taxonomy add " + c + " --name " + c + " --definition 'All " + c + "'");
    taxa::testing::WriteText(tmp_ / "items.jsonl",
                             "{\"id\":\"t1\",\"text\":\"one\"}\n{\"id\":\"t2\",\"text\":\"two\"}\n"
                             "{\"id\":\"t3\",\"text\":\"three\"}\n{\"id\":\"t4\",\"text\":\"four\"}\n");
    Ok("-C p import items.jsonl");
    for (const std::string& l : labels) {
      std::istringstream in(l);
      std::string item, who, category;
      in >> item >> who >> category;
      Ok("-C p --as " + who + " label " + item + " " + category);
    }
  }

  std::map<std::string, nlohmann::json> Export(const std::string& flags = "") {
    std::map<std::string, nlohmann::json> out;
    std::istringstream lines(Ok("-C p export " + flags));
    for (std::string line; std::getline(lines, line);) {
      nlohmann::json j = nlohmann::json::parse(line);
      out[j["id"]] = j;
    }
    return out;
  }
};

TEST_F(CarryCli, MergeIntoANewCategoryCarriesLabelsAndKeepsTheRecordAsMade) {
  MakeZoo({"cats", "dogs", "fish"},
          {"t1 ann cats", "t2 ann dogs", "t3 ann fish", "t1 bob dogs", "t2 bob cats", "t3 bob fish"});
  Ok("-C p --as lead gold set t1 cats");
  const auto before = Export();
  std::string agree_before = Ok("-C p agree --json");
  EXPECT_FALSE(nlohmann::json::parse(agree_before).contains("outdated_labels"));

  std::string merged = Ok(
      "-C p taxonomy merge cats dogs --into pets --name Pets --definition 'Kept at home' "
      "-m 'annotators cannot tell them apart'");
  EXPECT_NE(merged.find("Merged 2 categories into pets"), std::string::npos) << merged;
  std::string message = Git("p log -1 --format=%B");
  for (const char* line : {"Taxa-Action: category.merge", "Taxa-Category: cats",
                           "Taxa-Category: dogs", "Taxa-Into: pets",
                           "Taxa-Rationale: annotators cannot tell them apart"})
    EXPECT_NE(message.find(line), std::string::npos) << line << "\n" << message;
  Ok("-C p taxonomy release 1.0.0 -m 'pets'");

  const auto after = Export();
  EXPECT_EQ(after.at("t1")["labels"], nlohmann::json::parse(R"({"ann":["pets"],"bob":["pets"]})"));
  EXPECT_EQ(after.at("t2")["labels"], nlohmann::json::parse(R"({"ann":["pets"],"bob":["pets"]})"));
  EXPECT_EQ(Export("--as-made"), before);
  // Every pair agrees now (D_o = 0): alpha is 1.
  auto agree = nlohmann::json::parse(Ok("-C p agree --json"));
  EXPECT_DOUBLE_EQ(agree["value"].get<double>(), 1.0);
  auto gold = nlohmann::json::parse(Ok("-C p gold report --json"));
  ASSERT_EQ(gold["annotators"].size(), 2u);
  EXPECT_DOUBLE_EQ(gold["annotators"][1]["accuracy"].get<double>(), 1.0);  // bob: dogs -> pets
  auto status = nlohmann::json::parse(Ok("-C p status --json"));
  EXPECT_EQ(status["by_category"], nlohmann::json::parse(R"({"fish":2,"pets":4})"));

  CommandResult refused = Taxa("-C p --as ann label t4 cats");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("\"cats\" is deprecated; use \"pets\""), std::string::npos)
      << refused.err;
}

TEST_F(CarryCli, TheReleaseLineCountsMergesAndSplits) {
  MakeZoo({"cats", "dogs", "fish", "birds"}, {"t1 ann cats"});
  Ok("-C p taxonomy release 1.0.0");
  Ok("-C p taxonomy merge cats dogs --into pets --name Pets --definition 'Kept at home'");
  Ok("-C p taxonomy split fish --into trout carp --rule trout='Spotted' --rule carp='Plain'");
  Ok("-C p taxonomy deprecate birds");
  std::string released = Ok("-C p taxonomy release 1.1.0");
  // Added: pets, trout, carp; deprecated: cats, dogs (merged), fish (split), birds.
  EXPECT_NE(released.find("3 added, 0 renamed, 0 moved, 0 redefined, 4 deprecated (2 merged, 1 "
                          "split)"),
            std::string::npos)
      << released;
}

TEST_F(CarryCli, MergeAndSplitRefuseWithOneLine) {
  MakeZoo({"cats", "dogs"}, {});
  std::string head = Git("p rev-parse HEAD");
  struct Case {
    const char* args;
    const char* message;
  };
  for (const Case& c : {
           Case{"taxonomy merge cats --into pets", "give --name (and --definition)"},
           Case{"taxonomy merge cats --into dogs --name Dogs", "--name, --parent and --definition "
                                                               "are for a new one"},
           Case{"taxonomy merge ghost --into dogs", "category \"ghost\" does not exist"},
           Case{"taxonomy split cats --into big small --rule big='Big ones'",
                "part \"small\" is new: give its rule"},
           Case{"taxonomy split cats --into dogs", "needs two or more parts"},
           Case{"taxonomy split cats --into a b --rule a=x --rule b=y --rule c=z",
                "\"c\" is not one of the parts"},
           Case{"taxonomy split cats --into dogs b --rule dogs=x --rule b=y",
                "--rule and --name are for new parts"},
           Case{"taxonomy move cats --parent dogs -m 'two\nlines'", "must be one line"},
       }) {
    CommandResult r = Taxa(std::string("-C p ") + c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(Git("p rev-parse HEAD"), head);
}

TEST_F(CarryCli, SplitFillsTheRelabelQueueAndRelabelingEmptiesIt) {
  MakeZoo({"animals", "plants", "fungi"},
          {"t1 ann animals", "t2 ann plants", "t3 ann plants", "t4 ann fungi", "t1 bob animals",
           "t2 bob plants", "t3 bob animals", "t4 bob plants"});
  Ok("-C p --as lead gold set t1 animals");
  Ok("-C p --as lead gold set t2 plants");
  const auto before = Export();
  std::string split = Ok(
      "-C p taxonomy split animals --into mammals birds --rule mammals='Has fur' "
      "--rule birds='Has feathers' --name birds=Birds --why 'too broad'");
  EXPECT_NE(split.find("Split category animals into 2 parts"), std::string::npos) << split;
  std::string message = Git("p log -1 --format=%B");
  for (const char* line : {"Taxa-Action: category.split", "Taxa-Category: animals",
                           "Taxa-Into: mammals", "Taxa-Into: birds", "Taxa-Rationale: too broad"})
    EXPECT_NE(message.find(line), std::string::npos) << line << "\n" << message;
  auto tree = nlohmann::json::parse(Ok("-C p taxonomy show --json"));
  Ok("-C p taxonomy release 2.0.0");

  const auto after = Export();
  EXPECT_EQ(after.at("t1")["labels"], nlohmann::json::object());
  EXPECT_EQ(after.at("t1")["outdated"],
            nlohmann::json::parse(R"({"ann":["animals"],"bob":["animals"]})"));
  EXPECT_EQ(after.at("t3")["outdated"], nlohmann::json::parse(R"({"bob":["animals"]})"));
  EXPECT_EQ(Export("--as-made"), before);

  std::string agree = Ok("-C p agree");
  EXPECT_NE(agree.find("Outdated: 3 labels made under split or retired categories left out"),
            std::string::npos)
      << agree;
  EXPECT_EQ(nlohmann::json::parse(Ok("-C p agree --json"))["outdated_labels"], 3);
  std::string status = Ok("-C p status");
  EXPECT_NE(status.find("Outdated:   3 labels"), std::string::npos) << status;
  auto gold = nlohmann::json::parse(Ok("-C p gold report --json"));
  EXPECT_EQ(gold["outdated_gold"], 1);
  EXPECT_EQ(gold["outdated_labels"], 3);
  std::string gold_text = Ok("-C p gold report");
  EXPECT_NE(gold_text.find("Outdated gold: 1 gold labels"), std::string::npos) << gold_text;

  // A blind project shows each annotator their own outdated labels only.
  auto own = nlohmann::json::parse(Ok("-C p --as bob relabel list --json"));
  ASSERT_EQ(own.size(), 2u);
  EXPECT_EQ(own[0]["annotator"], "bob");
  EXPECT_EQ(own[1]["annotator"], "bob");
  taxa::testing::EditSettings(tmp_ / "p",
                              [](core::ProjectSettings& s) { s.blind_labels = false; });
  auto queue = nlohmann::json::parse(Ok("-C p relabel list --json"));
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue[0], nlohmann::json::parse(
                          R"({"item":"t1","ord":0,"annotator":"ann","recorded":["animals"],)"
                          R"("choices":["birds","mammals"]})"));
  EXPECT_EQ(queue[2]["item"], "t3");
  EXPECT_EQ(queue[2]["annotator"], "bob");
  std::string text = Ok("-C p relabel list");
  EXPECT_NE(text.find("3 outdated labels"), std::string::npos) << text;

  EXPECT_NE(Ok("-C p --as ann relabel next").find("t1"), std::string::npos);
  Ok("-C p --as ann label t1 mammals");
  EXPECT_NE(Ok("-C p --as ann relabel next").find("Nothing to relabel for ann"),
            std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(Ok("-C p --as bob relabel next --json"))["item"], "t1");
  Ok("-C p --as bob label t1 birds");
  EXPECT_EQ(nlohmann::json::parse(Ok("-C p --as bob relabel next --json"))["item"], "t3");
  Ok("-C p --as bob label t3 mammals");
  EXPECT_EQ(nlohmann::json::parse(Ok("-C p --as bob relabel next --json")), nullptr);
  EXPECT_NE(Ok("-C p relabel list").find("Nothing to relabel"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(Ok("-C p agree --json")).contains("outdated_labels"));
  EXPECT_EQ(Export().at("t1")["labels"],
            nlohmann::json::parse(R"({"ann":["mammals"],"bob":["birds"]})"));
}

}  // namespace
}  // namespace taxa
