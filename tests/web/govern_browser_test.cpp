// The Taxonomy and Sync pages in a real browser (tests/web/govern_check.py:
// Debian's headless chromium through selenium): a lead edits a category
// through the page, sees a refused move's message, and resolves a conflict
// that a real sync through a bare hub recorded; hostile names and
// definitions read back as text. Skipped, saying why, where chromium,
// chromedriver or python3-selenium are not installed.
#include <algorithm>
#include <filesystem>

#include "web/browser_run.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

// Text that would run or break out of an attribute if a page parsed it as HTML.
const char* const kName = "Billing <script>alert('name')</script>";
const char* const kRefund = "Refund\"><img src=x onerror=alert('refund')>";
const char* const kOurs = "<img src=x onerror=alert('ours')> Money, as we see it.";
const char* const kTheirs = "<script>alert('theirs')</script> Money, as the peer sees it.";

class WebGovernBrowser : public ServedProject {
 protected:
  json FileAtHead(const std::string& path) {
    CommandResult r = RunCommand("git -C " + dir_ + " show HEAD:" + path);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
};

TEST_F(WebGovernBrowser, ALeadEditsACategoryAndResolvesARealConflict) {
  if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
  category_names_ = {kName, kRefund, "Shipping"};
  const std::string hub = tmp_ / "hub.git";
  ASSERT_EQ(RunCommand("git init -q --bare " + hub).exit_code, 0);
  // Served copy and a peer clone change billing's definition two ways; the
  // peer has pushed, the served copy syncs from the page.
  prepare_ = [&](app::Project& p) {
    ASSERT_TRUE(app::Remotes(p).Add("origin", hub).ok());
    ASSERT_TRUE(app::Remotes(p).Sync("origin").ok());
    app::SessionOptions as_ana;
    as_ana.user = "ana";
    auto peer = app::Project::Clone(hub, tmp_ / "peer", as_ana);
    ASSERT_TRUE(peer.ok()) << peer.status().message();
    core::CategoryEdit theirs;
    theirs.definition = kTheirs;
    ASSERT_TRUE(app::TaxonomyEdits(**peer).Edit("billing", theirs).ok());
    ASSERT_TRUE(app::Remotes(**peer).Sync("origin").ok());
    core::CategoryEdit ours;
    ours.definition = kOurs;
    ASSERT_TRUE(app::TaxonomyEdits(p).Edit("billing", ours).ok());
  };
  Serve(4);
  const std::string shots = std::string(TAXA_BINARY_DIR) + "/web-screens";
  std::filesystem::create_directories(shots);
  json found = RunBrowserCheck("govern_check.py", {url_, shots, tokens_["ana"], tokens_["ben"]});
  ASSERT_TRUE(found.is_object());
  ExpectNothingRan(found);
  EXPECT_EQ(found["nav"], json::array({"Label", "Items", "Taxonomy", "Quality", "Review", "Errors", "Actions",
                                            "Vendors", "Sync", "Log"}));

  // Names and definitions read back as the very text they are.
  const json names = found["tree_names"];
  EXPECT_NE(std::find(names.begin(), names.end(), json(kName)), names.end()) << names.dump();
  EXPECT_NE(std::find(names.begin(), names.end(), json(kRefund)), names.end()) << names.dump();
  EXPECT_EQ(found["billing_title"], std::string(kName) + " billing");
  EXPECT_EQ(found["billing_definition"], kOurs);
  EXPECT_EQ(found["refund_title"], std::string(kRefund) + " billing.refund");
  // Every field of the category is on show, the parent by its name.
  for (const char* part : {"Parent", kName, "Definition", "Wants money back.", "Use when", "asks for a refund",
                           "Do not", "asks what a refund is", "Examples", "I want my money back",
                           "Near misses (not this category)", "Attributes", "Sensitive", "Status", "active"})
    EXPECT_NE(found["refund_details"].get<std::string>().find(part), std::string::npos)
        << part << " in " << found["refund_details"];

  // The page's edit is in the project's history, as git holds it.
  EXPECT_EQ(found["edit_status"], "Edited category shipping");
  ASSERT_TRUE(Stop().ok());
  json shipping = FileAtHead("taxonomy/categories/shipping.json");
  EXPECT_EQ(shipping["definition"], "Parcels, boxes and their delivery.");
  EXPECT_EQ(shipping["include"], json::array({"asks where a parcel is"}));
  EXPECT_EQ(shipping["sensitive"], true);
  EXPECT_EQ(shipping["name"], "Shipping (changed elsewhere)");
  EXPECT_NE(found["shipping_details"].get<std::string>().find("Parcels, boxes and their delivery."),
            std::string::npos);
  EXPECT_TRUE(found["taxonomy_live"].get<bool>()) << "a change posted elsewhere did not show";

  // The refused move shows the taxonomy's own message, as the CLI prints it.
  CommandResult cli = RunCommand("TAXA_USER=ana " TAXA_BINARY_DIR "/taxa -C " + dir_ +
                                 " taxonomy move billing --parent billing.refund");
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_EQ("taxa: " + found["move_error"].get<std::string>() + "\n", cli.err);
  EXPECT_EQ(found["move_status"], found["move_error"]);

  // The page's sync merged, recorded the conflict, showed its three sides,
  // and taking theirs closed it in the project.
  EXPECT_NE(found["sync_status"].get<std::string>().find("1 conflict"), std::string::npos) << found["sync_status"];
  EXPECT_EQ(found["conflict"]["base"], json("About money.").dump());
  EXPECT_EQ(found["conflict"]["ours"], json(kOurs).dump());
  EXPECT_EQ(found["conflict"]["theirs"], json(kTheirs).dump());
  EXPECT_NE(found["conflict_head"].get<std::string>().find("taxonomy/categories/billing.json"), std::string::npos);
  EXPECT_EQ(found["resolve_status"], "Resolved the conflict on taxonomy/categories/billing.json (definition)");
  EXPECT_EQ(FileAtHead("taxonomy/categories/billing.json")["definition"], kTheirs);
  CommandResult left = RunCommand("git -C " + dir_ + " ls-tree --name-only HEAD conflicts/");
  EXPECT_EQ(left.out, "");
  EXPECT_TRUE(found["sync_live"].get<bool>()) << found["last_sync_live"];
  // Others read both pages without the controls (the server refuses them anyway).
  EXPECT_EQ(found["annotator_controls"], 0);
  EXPECT_EQ(found["annotator_mode"], "Read only: ben is not a lead, and changing the taxonomy needs one.");
  EXPECT_EQ(found["annotator_sync_controls"], 0);
  EXPECT_EQ(found["annotator_sync_mode"], "Read only: syncing and resolving conflicts need a lead.");
  for (const char* page : {"taxonomy", "taxonomy-edit", "taxonomy-error", "sync-before", "sync-conflict", "sync",
                           "taxonomy-annotator"})
    EXPECT_TRUE(std::filesystem::exists(shots + "/" + page + ".png")) << page;
}

}  // namespace
}  // namespace taxa::testing
