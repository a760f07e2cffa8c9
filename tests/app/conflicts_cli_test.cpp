// taxa conflicts / show / resolve end to end, with the binary, on a conflict
// produced by a real sync of two replicas through a bare hub.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

class ConflictsCli : public taxa::testing::CliFixture {
 protected:
  std::string Definition(const std::string& side) {
    auto j = nlohmann::json::parse(Git(side + " show HEAD:taxonomy/categories/billing.json"));
    return j["definition"].get<std::string>();
  }
  // Two replicas a and b edit billing's definition two ways and both sync:
  // both end with one open "field" conflict.
  void MakeConflict() {
    Ok("init a --name 'Support tickets'");
    Ok("-C a taxonomy add billing --name Billing --definition 'About money'");
    Ok("-C a taxonomy add shipping --name Shipping --definition 'Parcels'");
    ShareThroughHub();
    Ok("-C a taxonomy edit billing --definition 'Money, as A sees it'");
    Ok("-C b taxonomy edit billing --definition 'Money, as B sees it'");
    Ok("-C b sync");
    auto a1 = nlohmann::json::parse(Ok("-C a sync --json"));
    ASSERT_EQ(a1["conflicts"], 1);
    Ok("-C b sync");
  }
};

TEST_F(ConflictsCli, ListShowAndResolveTakingTheirs) {
  MakeConflict();
  auto list = nlohmann::json::parse(Ok("-C a conflicts --json"));
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["kind"], "field");
  EXPECT_EQ(list[0]["path"], "taxonomy/categories/billing.json");
  EXPECT_EQ(list[0]["field"], "definition");
  std::string id = list[0]["id"];
  std::string table = Ok("-C b conflicts");
  EXPECT_NE(table.find(id.substr(0, 10)), std::string::npos) << table;
  EXPECT_NE(table.find("taxonomy/categories/billing.json"), std::string::npos) << table;

  std::string shown = Ok("-C a conflicts show " + id.substr(0, 8));
  for (std::string v : {"About money", "Money, as A sees it", "Money, as B sees it"})
    EXPECT_NE(shown.find(v), std::string::npos) << v << "\n" << shown;
  auto show = nlohmann::json::parse(Ok("-C a conflicts show " + id + " --json"));
  EXPECT_EQ(show["base"], "About money");
  // "ours" is each replica's own side: a merged, b fast-forwarded to a's merge.
  EXPECT_EQ(show["ours"], "Money, as A sees it");
  EXPECT_EQ(show["theirs"], "Money, as B sees it");
  auto on_b = nlohmann::json::parse(Ok("-C b conflicts show " + id + " --json"));
  EXPECT_EQ(on_b["ours"], "Money, as B sees it");
  EXPECT_EQ(on_b["theirs"], "Money, as A sees it");
  // Both replicas hold the same record, sides in a fixed order, each side
  // naming the commit it came from.
  EXPECT_EQ(Git("a show HEAD:conflicts/" + id + ".json"),
            Git("b show HEAD:conflicts/" + id + ".json"));
  std::string theirs = show["theirs"];

  std::string before = Git("a rev-parse HEAD");
  Ok("-C a conflicts resolve " + id + " --take theirs");
  EXPECT_EQ(Definition("a"), theirs);
  EXPECT_EQ(Git("a rev-parse HEAD~1"), before);  // exactly one commit
  std::string changed = Git("a diff --name-only HEAD~1 HEAD");
  EXPECT_NE(changed.find("taxonomy/categories/billing.json"), std::string::npos) << changed;
  EXPECT_NE(changed.find("conflicts/" + id + ".json"), std::string::npos) << changed;
  auto log = nlohmann::json::parse(Ok("-C a log -n 1 --json"));
  EXPECT_EQ(log["trailers"]["Taxa-Action"], "conflict.resolve");
  EXPECT_EQ(log["trailers"]["Taxa-Conflict"], id);
  EXPECT_EQ(log["trailers"]["Taxa-Resolution"], "theirs");
  EXPECT_EQ(Ok("-C a conflicts"), "No open conflicts.\n");
  EXPECT_EQ(Git("a status --porcelain"), "");

  Ok("-C a sync");
  Ok("-C b sync");
  EXPECT_EQ(Git("a rev-parse HEAD^{tree}"), Git("b rev-parse HEAD^{tree}"));
  EXPECT_EQ(Definition("b"), theirs);
  EXPECT_EQ(nlohmann::json::parse(Ok("-C b conflicts --json")).size(), 0u);
}

TEST_F(ConflictsCli, ResolveWithALiteralValue) {
  MakeConflict();
  auto list = nlohmann::json::parse(Ok("-C b conflicts --json"));
  ASSERT_EQ(list.size(), 1u);
  std::string id = list[0]["id"];
  Ok("-C b conflicts resolve " + id.substr(0, 6) + " --take 'A literal definition'");
  EXPECT_EQ(Definition("b"), "A literal definition");
  auto log = nlohmann::json::parse(Ok("-C b log -n 1 --json"));
  EXPECT_EQ(log["trailers"]["Taxa-Resolution"], "value");
  EXPECT_EQ(Ok("-C b conflicts"), "No open conflicts.\n");
}

TEST_F(ConflictsCli, UnknownIdAndBadValuesAreRefused) {
  MakeConflict();
  CommandResult unknown = Taxa("-C a conflicts resolve deadbeef00 --take ours");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("deadbeef00"), std::string::npos) << unknown.err;
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1) << unknown.err;
  EXPECT_EQ(Taxa("-C a conflicts show nosuchid").exit_code, 1);

  std::string id = nlohmann::json::parse(Ok("-C a conflicts --json"))[0]["id"];
  std::string head = Git("a rev-parse HEAD");
  // The definition is a string: a number does not fit, and nothing changes.
  CommandResult bad = Taxa("-C a conflicts resolve " + id + " --take 42");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("definition"), std::string::npos) << bad.err;
  EXPECT_EQ(Git("a rev-parse HEAD"), head);
  EXPECT_EQ(Taxa("-C a conflicts resolve " + id).exit_code, 2);  // --take is required
}

TEST_F(ConflictsCli, CycleResolvedByOneParentAndTheOtherRefused) {
  Ok("init a --name 'Support tickets'");
  Ok("-C a taxonomy add billing --name Billing --definition 'About money'");
  Ok("-C a taxonomy add shipping --name Shipping --definition 'Parcels'");
  ShareThroughHub();
  Ok("-C a taxonomy move billing --parent shipping");
  Ok("-C b taxonomy move shipping --parent billing");
  Ok("-C b sync");
  Ok("-C a sync");
  auto list = nlohmann::json::parse(Ok("-C a conflicts --json"));
  ASSERT_EQ(list.size(), 2u) << list.dump();
  EXPECT_EQ(list[0]["kind"], "cycle");
  EXPECT_EQ(list[0]["path"], "taxonomy/categories/billing.json");
  EXPECT_EQ(list[1]["path"], "taxonomy/categories/shipping.json");
  std::string billing = list[0]["id"], shipping = list[1]["id"];

  Ok("-C a conflicts resolve " + billing + " --take '\"shipping\"'");
  auto moved = nlohmann::json::parse(Git("a show HEAD:taxonomy/categories/billing.json"));
  EXPECT_EQ(moved["parent"], "shipping");
  // Moving shipping under billing now would make a cycle: refused, nothing changes.
  std::string head = Git("a rev-parse HEAD");
  CommandResult cycle = Taxa("-C a conflicts resolve " + shipping + " --take billing");
  EXPECT_EQ(cycle.exit_code, 1);
  EXPECT_NE(cycle.err.find("break the taxonomy"), std::string::npos) << cycle.err;
  EXPECT_EQ(Git("a rev-parse HEAD"), head);
  Ok("-C a conflicts resolve " + shipping + " --take base");
  EXPECT_EQ(Ok("-C a conflicts"), "No open conflicts.\n");
  EXPECT_EQ(Ok("-C a taxonomy validate").find("cycle"), std::string::npos);
}

TEST_F(ConflictsCli, SiblingNameClosesOnlyAfterARename) {
  Ok("init a --name 'Support tickets'");
  Ok("-C a taxonomy add billing --name Billing --definition 'About money'");
  ShareThroughHub();
  Ok("-C a taxonomy add refund --name Refund --parent billing --definition 'Money back'");
  Ok("-C b taxonomy add refunds --name Refund --parent billing --definition 'Give back'");
  Ok("-C b sync");
  Ok("-C a sync");
  auto list = nlohmann::json::parse(Ok("-C a conflicts --json"));
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["kind"], "sibling-name");
  std::string id = list[0]["id"];
  CommandResult still = Taxa("-C a conflicts resolve " + id + " --take ours");
  EXPECT_EQ(still.exit_code, 1);
  EXPECT_NE(still.err.find("taxa taxonomy edit ID --name"), std::string::npos) << still.err;
  Ok("-C a taxonomy edit refunds --name 'Refund (bulk)'");
  Ok("-C a conflicts resolve " + id + " --take ours");
  EXPECT_EQ(Ok("-C a conflicts"), "No open conflicts.\n");
}

TEST_F(ConflictsCli, EditDeleteKeepsOrDeletesTheFile) {
  Ok("init a --name 'Support tickets'");
  Ok("-C a taxonomy add billing --name Billing --definition 'About money'");
  Ok("-C a taxonomy add shipping --name Shipping --definition 'Parcels'");
  ShareThroughHub();
  Ok("-C a taxonomy edit shipping --definition 'Parcels and letters'");
  Git("b rm -q taxonomy/categories/shipping.json");
  Git("b -c user.name=t -c user.email=t@x commit -q -m 'Delete shipping by hand'");
  Ok("-C b sync");
  Ok("-C a sync");
  auto list = nlohmann::json::parse(Ok("-C a conflicts --json"));
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["kind"], "edit-delete");
  std::string id = list[0]["id"];
  // On a, ours is a's edit and theirs b's deletion; on b the other way round.
  auto show = nlohmann::json::parse(Ok("-C a conflicts show " + id + " --json"));
  EXPECT_EQ(show["ours"]["definition"], "Parcels and letters") << show.dump();
  ASSERT_TRUE(show["theirs"].is_null()) << show.dump();
  Ok("-C b sync");
  auto on_b = nlohmann::json::parse(Ok("-C b conflicts show " + id + " --json"));
  ASSERT_TRUE(on_b["ours"].is_null()) << on_b.dump();
  EXPECT_EQ(on_b["theirs"]["definition"], "Parcels and letters");
  CommandResult literal = Taxa("-C a conflicts resolve " + id + " --take '{}'");
  EXPECT_EQ(literal.exit_code, 1);
  Ok("-C a conflicts resolve " + id + " --take theirs");  // b's deletion
  EXPECT_NE(Git("a ls-files taxonomy").find("billing.json"), std::string::npos);
  EXPECT_EQ(Git("a ls-files taxonomy").find("shipping.json"), std::string::npos);
  EXPECT_EQ(Ok("-C a conflicts"), "No open conflicts.\n");
}

TEST_F(ConflictsCli, ReleaseIsRefusedWhileAConflictIsOpen) {
  MakeConflict();
  std::string before = Git("a rev-parse HEAD");
  CommandResult refused = Taxa("-C a taxonomy release 1.0.0");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("cannot release 1.0.0: 1 merge conflict is open"), std::string::npos)
      << refused.err;
  EXPECT_EQ(Git("a rev-parse HEAD"), before) << "a refused release commits nothing";

  auto list = nlohmann::json::parse(Ok("-C a conflicts --json"));
  ASSERT_EQ(list.size(), 1u);
  Ok("-C a conflicts resolve " + list[0]["id"].get<std::string>() + " --take ours");
  auto released = nlohmann::json::parse(Ok("-C a taxonomy release 1.0.0 --json"));
  EXPECT_EQ(released["version"], "1.0.0");
  EXPECT_NE(Git("a ls-files taxonomy/releases"), "");
}

}  // namespace
}  // namespace taxa
