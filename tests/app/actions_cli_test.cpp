// `taxa predictions` and `taxa actions` end to end: import, refusal with
// FILE:LINE, the ranked list in text and JSON, a relabel action queued as a
// plan `taxa sample show` lists, two replicas importing and syncing, --help.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/cli_fixture.h"

namespace taxa {
namespace {

using taxa::testing::CliFixture;
using taxa::testing::WriteText;

class ActionsCli : public CliFixture {
 protected:
  // The tickets project; t1..t4 labeled by tester: billing, billing, billing,
  // shipping; a model that says t3 is shipping with p(billing) = 0.1.
  void MakeProject(const std::string& dir) {
    MakeTicketsProject(dir);
    Ok("-C " + dir + " label t1 billing");
    Ok("-C " + dir + " label t2 billing");
    Ok("-C " + dir + " label t3 billing");
    Ok("-C " + dir + " label t4 shipping");
    WriteText(tmp_ / "preds.jsonl",
              "{\"item\":\"t1\",\"category\":\"billing\",\"probabilities\":{\"billing\":0.9,\"shipping\":0.1}}\n"
              "{\"item\":\"t2\",\"category\":\"billing\",\"probabilities\":{\"billing\":0.8,\"shipping\":0.2}}\n"
              "{\"item\":\"t3\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.1,\"shipping\":0.9}}\n"
              "{\"item\":\"t4\",\"category\":\"shipping\",\"probabilities\":{\"billing\":0.2,\"shipping\":0.8}}\n");
  }
};

TEST_F(ActionsCli, ImportRankAndQueue) {
  MakeProject("p");
  std::string out = Ok("-C p predictions import preds.jsonl --model m1");
  EXPECT_NE(out.find("Model m1: imported 4 predictions into predictions/m1/"), std::string::npos)
      << out;
  out = Ok("-C p predictions import preds.jsonl --model m1");
  EXPECT_NE(out.find("0 new predictions"), std::string::npos) << out;
  EXPECT_NE(Ok("-C p predictions models").find("m1"), std::string::npos);

  // t_billing = (0.9 + 0.8 + 0.1) / 3 = 0.6, t_shipping = 0.8: t3 counts as
  // shipping, everything else on the diagonal; one billing item is estimated
  // to be shipping: t3.
  out = Ok("-C p actions");
  EXPECT_NE(out.find("1. [relabel] Relabel 1 item whose label model m1 doubts  (score 1)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("taxa actions queue NAME --action 1"), std::string::npos) << out;
  nlohmann::json j = nlohmann::json::parse(Ok("-C p --json actions"));
  EXPECT_EQ(j["model"], "m1");
  EXPECT_EQ(j["examined"], 4);
  ASSERT_EQ(j["actions"].size(), 1u);
  EXPECT_EQ(j["actions"][0]["kind"], "relabel");
  EXPECT_EQ(j["actions"][0]["examples"], nlohmann::json::array({"t3"}));
  EXPECT_EQ(j["actions"][0]["items"], 1);

  out = Ok("-C p actions queue fix-1 --action 1");
  EXPECT_NE(out.find("Queued 1 items as plan fix-1"), std::string::npos) << out;
  out = Ok("-C p sample show fix-1");
  EXPECT_NE(out.find("Sampling plan fix-1: actions"), std::string::npos) << out;
  EXPECT_NE(out.find("\nt3\n"), std::string::npos) << out;
}

TEST_F(ActionsCli, AFaultyFileIsRefusedWithItsLineAndNothingIsWritten) {
  MakeProject("p");
  WriteText(tmp_ / "bad.jsonl",
            "{\"item\":\"t1\",\"category\":\"billing\"}\n"
            "{\"item\":\"t9\",\"category\":\"billing\"}\n");
  const std::string before = Git("p rev-parse HEAD");
  testing::CommandResult r = Taxa("-C p predictions import bad.jsonl --model m1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.jsonl:2: field \"item\": unknown item \"t9\""), std::string::npos)
      << r.err;
  EXPECT_EQ(Git("p rev-parse HEAD"), before);
  r = Taxa("-C p predictions import preds.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("preds.jsonl:1: field \"model\" is missing"), std::string::npos) << r.err;
}

TEST_F(ActionsCli, TwoReplicasImportingPredictionsSyncWithoutConflicts) {
  MakeProject("a");
  ShareThroughHub();
  Ok("-C a predictions import preds.jsonl --model m1");
  WriteText(tmp_ / "other.jsonl", "{\"item\":\"t1\",\"category\":\"shipping\"}\n");
  Ok("-C b predictions import other.jsonl --model m1");
  Ok("-C b predictions import preds.jsonl --model m2");
  Ok("-C a sync");
  Ok("-C b sync");
  Ok("-C a sync");
  EXPECT_EQ(Ok("-C a conflicts").find("predictions/"), std::string::npos);
  nlohmann::json models = nlohmann::json::parse(Ok("-C a --json predictions models"));
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0]["model"], "m1");
  EXPECT_EQ(models[0]["files"], 2);
  EXPECT_EQ(models[1]["model"], "m2");
  EXPECT_EQ(Ok("-C a --json predictions models"), Ok("-C b --json predictions models"));
}

TEST_F(ActionsCli, EveryCommandHasHelp) {
  for (const char* cmd : {"predictions --help", "predictions import --help",
                          "predictions models --help", "actions --help",
                          "actions queue --help"}) {
    std::string out = Ok(cmd);
    EXPECT_NE(out.find("Usage"), std::string::npos) << cmd << "\n" << out;
  }
  EXPECT_NE(Ok("actions --help").find("Score: the number of items"), std::string::npos);
}

}  // namespace
}  // namespace taxa
