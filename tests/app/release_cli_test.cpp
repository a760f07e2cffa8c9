// taxa taxonomy release / releases end to end, with the binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.h"
#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;

class ReleaseCli : public taxa::testing::CliFixture {};

TEST_F(ReleaseCli, ReleasesRecordChangesAndTheMigrationMap) {
  Ok("init p --name 'Support tickets'");
  Ok("-C p taxonomy add billing --name Billing --definition 'About money'");
  Ok("-C p taxonomy add billing.refund --name Refund --parent billing --definition 'Money back'");
  Ok("-C p taxonomy add shipping --name Shipping --definition 'Parcels'");
  auto first = nlohmann::json::parse(Ok("-C p taxonomy release 1.0.0 -m 'First cut' --json"));
  EXPECT_EQ(first["previous"], nullptr);
  EXPECT_EQ(first["categories"], 3);
  EXPECT_EQ(first["changes"]["added"].size(), 3u);
  // No roles in force: nobody's role proves an approval, none is recorded.
  EXPECT_EQ(first["approvals"], nlohmann::json::array());
  EXPECT_EQ(first["commit"].get<std::string>().size(), 40u);

  Ok("-C p taxonomy add returns --name Returns --definition 'Goods sent back'");
  Ok("-C p taxonomy deprecate billing.refund --replaced-by returns");
  Ok("-C p taxonomy edit shipping --name 'Shipping and delivery'");
  std::string plain = Ok("-C p taxonomy release 1.1.0 -m 'Returns split out'");
  EXPECT_NE(plain.find("Released taxonomy 1.1.0 (3 categories, 1 deprecated), since 1.0.0"),
            std::string::npos)
      << plain;

  auto manifest = nlohmann::json::parse(Git("p show HEAD:taxonomy/releases/1.1.0.json"));
  EXPECT_EQ(manifest["previous"], "1.0.0");
  EXPECT_EQ(manifest["changes"]["added"], nlohmann::json::parse(R"(["returns"])"));
  EXPECT_EQ(manifest["changes"]["renamed"]["shipping"], "Shipping and delivery");
  EXPECT_EQ(manifest["changes"]["deprecated"]["billing.refund"], "returns");
  EXPECT_EQ(manifest["migration"]["billing.refund"], "returns");
  EXPECT_NE(Git("p log -1 --format=%B").find("Taxa-Action: taxonomy.release"), std::string::npos);

  auto list = nlohmann::json::parse(Ok("-C p taxonomy releases --json"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["version"], "1.0.0");
  EXPECT_EQ(list[1]["version"], "1.1.0");
  // The release files do not disturb the taxonomy itself.
  EXPECT_NE(Ok("-C p taxonomy validate").find("valid: 4 categories"), std::string::npos);
}

TEST_F(ReleaseCli, RefusesAnInvalidTaxonomyAndBadRepeatedOrBackwardVersions) {
  Ok("init p --name P");
  Ok("-C p taxonomy add billing --name Billing");
  CommandResult invalid = Taxa("-C p taxonomy release 1.2.0");
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.err.find("the taxonomy has 1 problem(s), the first: category \"billing\""),
            std::string::npos)
      << invalid.err;
  Ok("-C p taxonomy edit billing --definition 'About money'");
  Ok("-C p taxonomy release 1.2.0");
  std::string head = Git("p rev-parse HEAD");
  struct Case {
    const char* version;
    const char* message;
  };
  for (const Case& c : {Case{"1.2", "\"1.2\" is not a version"},
                        Case{"1.2.0", "version 1.2.0 is already released"},
                        Case{"1.1.9", "does not follow the latest release, 1.2.0"},
                        Case{"1.2.0-rc.1", "does not follow the latest release, 1.2.0"}}) {
    CommandResult r = Taxa(std::string("-C p taxonomy release ") + c.version);
    EXPECT_EQ(r.exit_code, 1) << c.version;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_EQ(Git("p rev-parse HEAD"), head);
}

}  // namespace
}  // namespace taxa
