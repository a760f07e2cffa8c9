// taxa propose / proposal, taxonomy --proposal, users with compliance and the
// release's approval, end to end with the binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::ReadText;

class ProposalCli : public taxa::testing::CliFixture {
 protected:
  // The tickets project with shipping flagged sensitive; tester and lee
  // leads, cy compliance, ann an annotator.
  void MakeProject() {
    MakeTicketsProject("p");
    Ok("-C p taxonomy edit shipping --sensitive true");
    Ok("-C p users add tester --role lead");
    Ok("-C p users add lee --role lead");
    Ok("-C p users add cy --role compliance");
    Ok("-C p users add ann --role annotator");
  }
};

TEST_F(ProposalCli, AProposalIsEditedShownApprovedByRoleAndMerged) {
  MakeProject();
  auto roles = nlohmann::json::parse(ReadText(tmp_ / "p/taxa.json"))["roles"];
  EXPECT_EQ(roles, nlohmann::json::parse(R"({"ann": ["annotator"], "cy": ["compliance"],
                                            "lee": ["lead"], "tester": ["lead"]})"));
  Ok("-C p label t2 shipping --as ann");
  Ok("-C p propose ship-split -m 'Shipping is two queues'");
  Ok("-C p taxonomy add delivery --name Delivery --definition 'Parcels on their way' "
     "--proposal ship-split");
  Ok("-C p taxonomy deprecate shipping --proposal ship-split");
  // Main and its files are as they were.
  EXPECT_EQ(Ok("-C p taxonomy show").find("delivery"), std::string::npos);
  EXPECT_EQ(ReadText(tmp_ / "p/taxonomy/categories/shipping.json").find("deprecated"),
            std::string::npos);

  auto shown = nlohmann::json::parse(Ok("-C p proposal show ship-split --json"));
  EXPECT_EQ(shown["state"], "open");
  EXPECT_EQ(shown["author"], "tester");
  EXPECT_EQ(shown["sensitive"], true);
  EXPECT_EQ(shown["changes"]["added"], nlohmann::json::parse(R"(["delivery"])"));
  ASSERT_EQ(shown["impact"].size(), 2u);  // delivery, then shipping
  EXPECT_EQ(shown["impact"][0]["id"], "delivery");
  EXPECT_EQ(shown["impact"][0]["labels"], 0);
  EXPECT_EQ(shown["impact"][1]["id"], "shipping");
  EXPECT_EQ(shown["impact"][1]["sensitive"], true);
  EXPECT_EQ(shown["impact"][1]["labels"], 1);
  EXPECT_EQ(shown["impact"][1]["annotators"], nlohmann::json::parse(R"(["ann"])"));
  EXPECT_EQ(shown["impact"][1]["relabel"], nlohmann::json::parse(R"(["t2"])"));
  std::string text = Ok("-C p proposal show ship-split");
  EXPECT_NE(text.find("1 items would enter the relabel queue: t2"), std::string::npos) << text;

  CommandResult annotator = Taxa("-C p proposal approve ship-split -m ok --as ann");
  EXPECT_EQ(annotator.exit_code, 1);
  EXPECT_NE(annotator.err.find("ann holds annotator: approving proposal ship-split needs a lead"),
            std::string::npos)
      << annotator.err;
  CommandResult early = Taxa("-C p proposal merge ship-split");
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.err.find("needs a lead's approval and a compliance approval"), std::string::npos)
      << early.err;
  Ok("-C p proposal approve ship-split -m 'fine' --as lee");
  CommandResult no_compliance = Taxa("-C p proposal merge ship-split");
  EXPECT_EQ(no_compliance.exit_code, 1);
  EXPECT_NE(no_compliance.err.find("needs a compliance approval"), std::string::npos)
      << no_compliance.err;
  Ok("-C p proposal approve ship-split -m 'checked' --as cy");
  EXPECT_NE(Ok("-C p proposal list").find("ship-split                approved"), std::string::npos);
  Ok("-C p proposal merge ship-split");
  std::string message = Git("p log -1 --format=%B");
  EXPECT_NE(message.find("Taxa-Proposal: ship-split"), std::string::npos) << message;
  EXPECT_NE(message.find("Taxa-Approved-By: lee (lead)\nTaxa-Approved-By: cy (compliance)"),
            std::string::npos)
      << message;
  EXPECT_NE(ReadText(tmp_ / "p/taxonomy/categories/shipping.json").find("deprecated"),
            std::string::npos);

  // The release records who cut it; --approved-by is gone.
  CommandResult old = Taxa("-C p taxonomy release 1.0.0 --approved-by lee");
  EXPECT_NE(old.exit_code, 0);
  EXPECT_NE(old.err.find("--approved-by"), std::string::npos) << old.err;
  EXPECT_NE(old.err.find("is gone"), std::string::npos) << old.err;
  auto m = nlohmann::json::parse(Ok("-C p taxonomy release 1.0.0 -m first --json"));
  EXPECT_EQ(m["approvals"], nlohmann::json::parse(R"j(["tester (lead)"])j"));
  EXPECT_NE(Git("p log -1 --format=%B").find("Taxa-Approved-By: tester (lead)"), std::string::npos);
}

TEST_F(ProposalCli, AReleaseTouchingASensitiveCategoryWithoutComplianceIsRefused) {
  MakeProject();
  CommandResult r = Taxa("-C p taxonomy release 1.0.0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("category shipping is sensitive"), std::string::npos) << r.err;
  CommandResult by_annotator = Taxa("-C p taxonomy release 1.0.0 --as ann");
  EXPECT_EQ(by_annotator.exit_code, 1);
  EXPECT_NE(by_annotator.err.find("ann is an annotator: releasing the taxonomy needs a lead"),
            std::string::npos)
      << by_annotator.err;
}

TEST_F(ProposalCli, AnUnknownRoleInTaxaJsonIsNamed) {
  MakeTicketsProject("p");
  auto settings = nlohmann::json::parse(ReadText(tmp_ / "p/taxa.json"));
  settings["roles"] = nlohmann::json::parse(R"({"tester": ["lead", "boss"]})");
  taxa::testing::WriteText(tmp_ / "p/taxa.json", settings.dump(2));
  Git("p commit -qam 'roles by hand'");
  CommandResult r = Taxa("-C p status");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("taxa.json: field \"roles\" gives \"tester\" the unknown role \"boss\""),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace taxa
