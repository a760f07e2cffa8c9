// `taxa review` end to end: a whole review pass over an ISO 2859-1 lot, from
// the queue to the lot's recorded decision, with the error taxonomy and the
// one-line refusals a user sees.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "support/cli_fixture.h"

namespace taxa {
namespace {

using taxa::testing::CliFixture;
using taxa::testing::CommandResult;

class ReviewCli : public CliFixture {
 protected:
  nlohmann::json Json(const std::string& args) {
    std::string out = Ok(args + " --json");
    nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }
  // A failing command: exit 1 and one line on stderr holding `fragment`.
  void Refused(const std::string& args, const std::string& fragment) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
};

TEST_F(ReviewCli, AWholePassOverAnAcceptanceLot) {
  MakeTicketsProject("p");
  Ok("-C p taxonomy edit billing --add-include 'Mentions a charge or a refund'");
  for (const char* item : {"t1", "t2", "t3", "t4"}) Ok(std::string("-C p label ") + item + " billing --as ana");
  Ok("-C p label t1 billing.refund --as ben");

  // The error taxonomy: the defaults, one more; taxa.json untouched until then.
  std::string settings = Git("p show HEAD:taxa.json");
  nlohmann::json errors = Json("-C p review errors");
  ASSERT_TRUE(errors.is_array());
  EXPECT_EQ(errors[0]["id"], "wrong-category");
  EXPECT_EQ(settings.find("error_types"), std::string::npos);
  Ok("-C p review errors add pii-missed --name 'PII missed' --description 'Unmasked data'");
  EXPECT_EQ(Json("-C p review errors").size(), errors.size() + 1);
  Refused("-C p review errors add pii-missed --name Again", "exists already");

  // A lot of 4 items at level II is code letter A (2 to 8): n 2; Table
  // II-A's cell A / AQL 6.5 is Ac 0, Re 1.
  nlohmann::json plan = Json("-C p sample create lot --method acceptance --aql 6.5 --seed 4");
  EXPECT_EQ(plan["acceptance"]["code"], "A");
  EXPECT_EQ(plan["acceptance"]["n"], 2);
  EXPECT_EQ(plan["acceptance"]["ac"], 0);
  EXPECT_EQ(plan["acceptance"]["re"], 1);
  std::vector<std::string> items = plan["items"].get<std::vector<std::string>>();
  ASSERT_EQ(items.size(), 2u);

  // The card: the item's text, the label, the category's rules.
  nlohmann::json card = Json("-C p review next");
  ASSERT_TRUE(card.is_object()) << card;
  EXPECT_EQ(card["plan"], "lot");
  EXPECT_EQ(card["item"]["id"], items[0]);
  std::string text = Ok("-C p review next");
  EXPECT_NE(text.find("Item " + items[0]), std::string::npos) << text;
  EXPECT_NE(text.find("About money"), std::string::npos) << text;
  EXPECT_NE(text.find("include billing/include/1: Mentions a charge or a refund"),
            std::string::npos)
      << text;

  // Refusals, one line each, exit 1.
  Refused("-C p review reject --error typo", "unknown error type \"typo\"");
  Refused("-C p review reject --error wrong-category --rule billing/exclude/1",
          "has 0 exclude rules");
  Refused("-C p review correct --category nope", "unknown category \"nope\"");
  Refused("-C p review accept --plan gone", "no sampling plan \"gone\"");
  Refused("-C p review accept --item t9 --annotator ana", "not in plan \"lot\"");
  Refused("-C p review accept --seconds 100000", "at most one day (86400 s)");
  Refused("-C p review accept --seconds -1", "--seconds must be a number of seconds");
  EXPECT_EQ(Taxa("-C p review correct").exit_code, 2) << "--category is required";

  // Accept every label of the first item; the lot stays undecided.
  std::string first = Ok("-C p review accept --seconds 4.5 --note 'fine'");
  EXPECT_NE(first.find("accept ana's label of " + items[0]), std::string::npos) << first;
  nlohmann::json status = Json("-C p review status --plan lot");
  EXPECT_EQ(status["decision"], nullptr);
  if (Json("-C p review next")["item"]["id"] == items[0])  // ben's label of t1
    Ok("-C p review accept");
  EXPECT_EQ(Json("-C p review status --plan lot")["reviewed"], 1);

  // One defect reaches Re 1: the lot is rejected and the decision recorded.
  nlohmann::json rejected = Json(
      "-C p review reject --error pii-missed --error wrong-category --rule billing/include/1 "
      "--note 'mentions a card number'");
  EXPECT_EQ(rejected["review"]["item"], items[1]);
  EXPECT_EQ(rejected["review"]["errors"], nlohmann::json({"pii-missed", "wrong-category"}));
  ASSERT_TRUE(rejected["lot"].is_object()) << rejected;
  EXPECT_EQ(rejected["lot"]["verdict"], "lot-reject");
  EXPECT_EQ(rejected["lot"]["defects"], 1);
  status = Json("-C p review status");
  ASSERT_TRUE(status.is_array());
  EXPECT_EQ(status[0]["decision"], "reject");
  EXPECT_EQ(status[0]["defects"], 1);
  EXPECT_EQ(status[0]["ac"], 0);
  EXPECT_EQ(status[0]["re"], 1);
  EXPECT_EQ(status[0]["recorded"]["verdict"], "lot-reject");
  std::string shown = Ok("-C p review status");
  EXPECT_NE(shown.find("REJECTED (recorded)"), std::string::npos) << shown;

  // The history: one commit per review, then the lot's.
  std::string log = Git("p log --format=%s%n%b");
  EXPECT_NE(log.find("Taxa-Action: review.accept"), std::string::npos) << log;
  EXPECT_NE(log.find("Taxa-Action: review.reject"), std::string::npos) << log;
  EXPECT_NE(log.find("Taxa-Action: review.lot"), std::string::npos) << log;
  EXPECT_EQ(Git("p log -1 --format=%s"), "Lot lot rejected: 1 defective of 2 items reviewed (Ac 0, Re 1)\n");
  EXPECT_NE(Git("p ls-tree -r --name-only HEAD reviews/").find("reviews/tester/"), std::string::npos);
  EXPECT_NE(Ok("-C p review --help").find("next"), std::string::npos);
}

}  // namespace
}  // namespace taxa
