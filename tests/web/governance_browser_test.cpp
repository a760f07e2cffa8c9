// The Taxonomy page's History and Proposals views in a real browser
// (tests/web/governance_check.py: Debian's headless chromium through
// selenium): a lead views the timeline, the taxonomy as of a release and as
// of a change, a diff of two releases field by field and a category's blame,
// then reads a proposal, approves it with a rationale and merges it; an
// annotator reads without the controls. Hostile names and rationales read
// back as text. Skipped, saying why, where chromium, chromedriver or
// python3-selenium are not installed.
#include <algorithm>
#include <filesystem>

#include "web/browser_run.h"
#include "session/labeling.h"
#include "session/proposals.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

const char* const kHostile = "<img src=x onerror=alert(1)>";
const char* const kHostileName = "Billing <img src=x onerror=alert('name')>";

bool Has(const json& list, const std::string& text) {
  return std::find(list.begin(), list.end(), json(text)) != list.end();
}


class WebGovernancePage : public ServedProject {};

TEST_F(WebGovernancePage, ALeadViewsHistoryAndApprovesAndMergesAProposal) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  category_names_ = {kHostileName, "Refund", "Shipping"};
  prepare_ = [this](app::Project& p) {
    Result<app::NewUser> dee = app::Users(p).Add("dee", app::Role::kLead);
    ASSERT_TRUE(dee.ok()) << dee.status().message();
    tokens_["dee"] = dee->token;
    app::Labeling labeling(p);
    ASSERT_TRUE(labeling.Label({.item = "t1", .categories = {"billing.refund"}}).ok());
    Result<core::LabelEvent> bens = labeling.Label({.item = "t2", .categories = {"billing.refund"}, .annotator = "ben"});
    ASSERT_TRUE(bens.ok()) << bens.status().message();
    ASSERT_TRUE(app::Releases(p).Release({.version = "1.0.0", .changelog = "First."}).ok());
    core::CategoryEdit rename;
    rename.name = "Deliveries";
    ASSERT_TRUE(app::TaxonomyEdits(p).WithRationale(kHostile).Edit("shipping", rename).ok());
    ASSERT_TRUE(app::Releases(p).Release({.version = "1.1.0", .changelog = "Renamed."}).ok());
  };
  prepare_apart_ = [](const std::string& dir) {
    for (auto [name, id, definition] :
         {std::tuple{"refund-rules", "billing.refund", "Asks for money back, in writing."},
          {"shipping-note", "shipping", "Parcels and letters."}}) {
      app::SessionOptions as_ana;
      as_ana.user = "ana";
      auto p = app::Project::Open(dir, as_ana);
      ASSERT_TRUE(p.ok()) << p.status().message();
      app::Proposals proposals(**p);
      ASSERT_TRUE(proposals.Open(name, kHostile).ok());
      ASSERT_TRUE(proposals.EditOn(name).ok());
      core::CategoryEdit edit;
      edit.definition = definition;
      ASSERT_TRUE(app::TaxonomyEdits(**p).WithRationale("tighter").Edit(id, edit).ok());
    }
  };
  Serve(4);
  const std::string shots = std::string(TAXA_BINARY_DIR) + "/web-screens";
  std::filesystem::create_directories(shots);
  const std::string base = url_.substr(0, url_.find("/?token="));
  json found = RunBrowserCheck("governance_check.py", {base, shots, tokens_["dee"], tokens_["ben"]});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);
  EXPECT_TRUE(Has(found["tree_names"], kHostileName)) << found["tree_names"];
  EXPECT_EQ(found["proposal_tab"], "Proposals · 2 open");

  // The timeline: newest first, the second release on top, the rename with its rationale as text.
  ASSERT_FALSE(found["timeline_actions"].empty());
  EXPECT_EQ(found["timeline_actions"][0], "taxonomy.release");
  EXPECT_EQ(found["timeline_actions"][1], "category.rename");
  EXPECT_NE(found["timeline"][1].get<std::string>().find(std::string("why: ") + kHostile), std::string::npos)
      << found["timeline"][1];
  EXPECT_NE(found["as_of_first"].get<std::string>().find("release 1.1.0"), std::string::npos) << found["as_of_first"];
  // As of 1.0.0 shipping was still "Shipping"; as of the rename it is "Deliveries".
  EXPECT_NE(found["as_of_head"].get<std::string>().find("3 categories"), std::string::npos);
  EXPECT_EQ(found["as_of_names"], json::array({kHostileName, "Refund", "Shipping"}));
  EXPECT_EQ(found["as_of_rename_names"], json::array({kHostileName, "Refund", "Deliveries"}));
  EXPECT_EQ(found["as_of_rename_focused"].size(), 1u);
  // The diff of the two releases, field by field.
  EXPECT_EQ(found["diff_inputs"], json::array({"1.0.0", "1.1.0"}));
  EXPECT_EQ(found["diff_lines"], json::array({"renamed shipping → “Deliveries”"}));
  EXPECT_EQ(found["diff_rows"], json::array({json::array({"shipping", "name", "Shipping", "Deliveries"})}));
  ASSERT_EQ(found["blame_name"].size(), 5u) << found["blame_name"];
  EXPECT_EQ(found["blame_name"][1], "Deliveries");
  EXPECT_EQ(found["blame_name"][3], kHostile);
  EXPECT_NE(found["blame_name"][2].get<std::string>().find("ana"), std::string::npos);
  EXPECT_EQ(found["bad_point"].get<std::string>().find('\n'), std::string::npos);
  EXPECT_NE(found["bad_point"].get<std::string>().find(kHostile), std::string::npos) << found["bad_point"];

  // The proposal: state, what it lacks, its changes and impact; approved, then merged.
  EXPECT_EQ(found["list_state"], "open");
  EXPECT_NE(found["list_approval"].get<std::string>().find("needs"), std::string::npos) << found["list_approval"];
  EXPECT_EQ(found["rationale"], kHostile);
  EXPECT_EQ(found["proposal_fields"],
            json::array({json::array({"billing.refund", "definition", "Wants money back.",
                                      "Asks for money back, in writing."})}));
  ASSERT_EQ(found["impact"].size(), 1u);
  EXPECT_EQ(found["impact"][0], json::array({"billing.refund", "2", "0", "0", "ana, ben", "0"}));
  EXPECT_TRUE(found["merge_disabled_before"].get<bool>());
  EXPECT_EQ(found["approve_status"], "Approved proposal refund-rules");
  EXPECT_EQ(found["list_state_after"], "approved");
  EXPECT_EQ(found["decision_rationale"], std::string(kHostile) + " looks right");
  EXPECT_NE(found["decision"].get<std::string>().find("approved by dee (lead)"), std::string::npos) << found["decision"];
  EXPECT_EQ(found["list_state_merged"], "merged");
  EXPECT_NE(found["timeline_after"][0].get<std::string>().find("refund-rules"), std::string::npos)
      << found["timeline_after"];
  EXPECT_EQ(found["annotator_controls"], 0);
  EXPECT_EQ(found["annotator_mode"],
            "Read only: ben is neither a lead nor compliance, and deciding on a proposal needs one.");

  // What the page did is in the project, as git holds it.
  ASSERT_TRUE(Stop().ok());
  CommandResult trailers = RunCommand("git -C " + dir_ +
                                      " log -1 '--format=%(trailers:key=Taxa-Action,valueonly,separator=)|"
                                      "%(trailers:key=Taxa-Approved-By,valueonly,separator=)'");
  EXPECT_EQ(trailers.out, "proposal.merge|dee (lead)\n");
  CommandResult rationale = RunCommand("git -C " + dir_ +
                                       " log -1 '--format=%(trailers:key=Taxa-Rationale,valueonly,separator=)' "
                                       "HEAD^2");
  EXPECT_EQ(rationale.out, std::string(kHostile) + " looks right\n");
  for (const char* page : {"taxonomy_history", "taxonomy_proposal_open", "taxonomy_proposal",
                           "taxonomy_proposal_annotator"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

}  // namespace
}  // namespace taxa::testing
