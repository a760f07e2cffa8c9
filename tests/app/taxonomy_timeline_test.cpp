// TaxonomyHistory::Timeline: main's commits that changed taxonomy/, oldest
// first, checked against what the real git lists for the same project
// (first-parent log of taxonomy/, authors, subjects, trailers, the files each
// changed), with a release and a proposal merged by git itself.
#include <sstream>
#include <string>
#include <vector>

#include "session/items.h"
#include "session/project.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "session/taxonomy_history.h"
#include "support/test_support.h"
#include "taxa/core/fs.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::TempDir;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  for (char c : line) {
    if (c == '\x1f') {
      out.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(field);
  return out;
}

TEST(TaxonomyTimeline, IsMainsTaxonomyCommitsAsGitListsThem) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  {
    auto p = Project::Create(dir, "Tickets", {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    TaxonomyEdits edits(**p);
    ASSERT_TRUE(edits.Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
    ASSERT_TRUE(edits.Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
    // Not a taxonomy change: left out.
    ASSERT_TRUE(Items(**p)
                    .ImportBytes("{\"id\":\"a\",\"text\":\"x\"}\n", "items.jsonl",
                                 core::ImportFormat::kJsonLines)
                    .ok());
    ASSERT_TRUE(Releases(**p).Release({.version = "1.0.0", .changelog = "First."}).ok());
    TaxonomyEdits why(**p);
    ASSERT_TRUE(why.WithRationale("parcels are shipping").Edit("shipping", {.name = "Parcels"}).ok());
  }
  // A proposal merged by git, as `control` writes it.
  auto git = [&](const std::string& args) {
    auto r = taxa::testing::RunCommand("git -C " + dir + " -c user.name=bo -c user.email=bo@x " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r.out;
  };
  git("checkout -q -b proposals/define");
  const std::string file = dir + "/taxonomy/categories/billing.json";
  std::string bytes = *core::ReadFile(file);
  const size_t at = bytes.find("\"Money.\"");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 8, "\"Invoices and payments.\"");
  ASSERT_TRUE(core::WriteFileAtomic(file, bytes).ok());
  git("commit -q -a -m 'Define billing' -m 'Taxa-Action: category.edit\nTaxa-Rationale: sharper'");
  git("checkout -q main");
  git("merge -q --no-ff proposals/define -m 'Merge proposal define\n\nTaxa-Action: "
      "proposal.merge\nTaxa-Proposal: define\nTaxa-Approved-By: ana (lead)\nTaxa-Approved-By: cy "
      "(compliance)'");

  auto p = Project::Open(dir, {.user = "auditor", .mode = OpenMode::kReadOnly});
  ASSERT_TRUE(p.ok()) << p.status().message();
  Result<std::vector<TimelineEntry>> timeline = TaxonomyHistory(**p).Timeline();
  ASSERT_TRUE(timeline.ok()) << timeline.status().message();

  std::vector<std::string> rows = Lines(git(
      "log --reverse --first-parent --format='%H%x1f%an%x1f%at%x1f%s%x1f"
      "%(trailers:key=Taxa-Action,valueonly,separator=%x2C)%x1f"
      "%(trailers:key=Taxa-Rationale,valueonly,separator=%x2C)%x1f"
      "%(trailers:key=Taxa-Approved-By,valueonly,separator=%x2C)' -- taxonomy"));
  ASSERT_EQ(timeline->size(), rows.size());
  ASSERT_EQ(rows.size(), 5u) << "two adds, a release, a rename, a proposal merge";
  for (size_t i = 0; i < rows.size(); ++i) {
    const TimelineEntry& e = (*timeline)[i];
    std::vector<std::string> g = Fields(rows[i]);
    ASSERT_EQ(g.size(), 7u) << rows[i];
    EXPECT_EQ(e.commit, g[0]);
    EXPECT_EQ(e.author, g[1]);
    EXPECT_EQ(std::to_string(e.time), g[2]);
    EXPECT_EQ(e.subject, g[3]);
    EXPECT_EQ(e.action, g[4]);
    EXPECT_EQ(e.rationale, g[5]);
    std::string approved;
    for (const std::string& a : e.approved_by) approved += (approved.empty() ? "" : ",") + a;
    EXPECT_EQ(approved, g[6]);
    // The categories it changed, as git's diff against the first parent names them.
    std::vector<std::string> files = Lines(git("diff --name-only " + e.commit + "^1 " + e.commit +
                                               " -- taxonomy/categories"));
    std::vector<std::string> ids;
    for (const std::string& f : files)
      ids.push_back(f.substr(std::string("taxonomy/categories/").size(),
                             f.size() - std::string("taxonomy/categories/").size() - 5));
    EXPECT_EQ(e.categories, ids) << e.subject;
  }
  EXPECT_EQ((*timeline)[2].version, "1.0.0");
  EXPECT_EQ((*timeline)[2].action, "taxonomy.release");
  for (size_t i : {0u, 1u, 3u, 4u}) EXPECT_EQ((*timeline)[i].version, "") << i;
  EXPECT_EQ((*timeline)[3].rationale, "parcels are shipping");
  EXPECT_EQ((*timeline)[4].action, "proposal.merge");
  EXPECT_EQ((*timeline)[4].approved_by,
            (std::vector<std::string>{"ana (lead)", "cy (compliance)"}));
  EXPECT_EQ((*timeline)[4].categories, std::vector<std::string>{"billing"});
}

TEST(TaxonomyTimeline, IsEmptyBeforeAnyTaxonomyChange) {
  TempDir tmp;
  auto p = Project::Create(tmp / "p", "Empty", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  Result<std::vector<TimelineEntry>> timeline = TaxonomyHistory(**p).Timeline();
  ASSERT_TRUE(timeline.ok()) << timeline.status().message();
  auto r = taxa::testing::RunCommand("git -C " + (tmp / "p") +
                                     " log --first-parent --format=%H -- taxonomy");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(timeline->size(), Lines(r.out).size());
}

// An earlier answer's entries that still stand are taken as given (the GUI
// asks again after every commit); what follows them is read from git.
TEST(TaxonomyTimeline, AnEarlierAnswerIsReusedUpToWhereItDiffers) {
  TempDir tmp;
  auto p = Project::Create(tmp / "p", "Zoo", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  for (const char* id : {"cats", "dogs"})
    ASSERT_TRUE(TaxonomyEdits(**p).Add({.id = id, .name = id, .definition = "All of them"}).ok());
  Result<std::vector<TimelineEntry>> first = TaxonomyHistory(**p).Timeline();
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_GE(first->size(), 2u);
  std::vector<TimelineEntry> known = *first;
  known.front().subject = "as the face kept it";  // proves the entry was not read again
  known.back().commit = std::string(40, '0');     // no longer stands: read from git
  ASSERT_TRUE(TaxonomyEdits(**p).Add({.id = "fish", .name = "fish", .definition = "All"}).ok());

  Result<std::vector<TimelineEntry>> again = TaxonomyHistory(**p).Timeline(known);
  ASSERT_TRUE(again.ok()) << again.status().message();
  Result<std::vector<TimelineEntry>> fresh = TaxonomyHistory(**p).Timeline();
  ASSERT_TRUE(fresh.ok());
  ASSERT_EQ(again->size(), first->size() + 1);
  ASSERT_EQ(fresh->size(), again->size());
  EXPECT_EQ(again->front().subject, "as the face kept it");
  for (size_t i = 1; i < again->size(); ++i) {
    EXPECT_EQ((*again)[i].commit, (*fresh)[i].commit) << i;
    EXPECT_EQ((*again)[i].subject, (*fresh)[i].subject) << i;
  }
}

}  // namespace
}  // namespace taxa::app
