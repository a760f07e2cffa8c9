// Two replicas of the demo project that disagree, for the Sync window tests:
// a bare hub, replica `a` (the demo, synced to the hub once) and replica `b`
// (a clone of the hub). Both gave the first top-level category a different
// name and definition; b has synced that, a has not yet. Every session is
// closed on return, so a test or the taxa-gui binary may open `a`.
#pragma once

#include <string>

#include "session/project.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::gui::testing {

struct Replicas {
  std::string hub;
  std::string a;
  std::string b;
  std::string category;  // the id both replicas edited
};

inline void EditBoth(app::Project& s, const std::string& id, const std::string& name,
                     const std::string& definition) {
  core::CategoryEdit edit;
  edit.name = name;
  edit.definition = definition;
  Status edited = app::TaxonomyEdits(s).Edit(id, edit);
  ASSERT_TRUE(edited.ok()) << edited.message();
}

inline void MakeDivergedReplicas(const ::taxa::testing::TempDir& tmp, Replicas& out) {
  out = {.hub = tmp / "hub.git", .a = tmp / "a", .b = tmp / "b"};
  ASSERT_EQ(::taxa::testing::RunCommand("git init -q --bare " + out.hub).exit_code, 0);
  Result<std::unique_ptr<app::Project>> a = app::Project::CreateDemo(out.a, {.user = "alice"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(app::Remotes(**a).Add("origin", out.hub).ok());
  Result<app::SyncReport> first = app::Remotes(**a).Sync("origin");
  ASSERT_TRUE(first.ok()) << first.status().message();
  out.category = (*a)->taxonomy().Children("").front();

  Result<std::unique_ptr<app::Project>> b = app::Project::Clone(out.hub, out.b, {.user = "bob"});
  ASSERT_TRUE(b.ok()) << b.status().message();
  EditBoth(**b, out.category, "Payments",
           "Anything about paying us: invoices, charges, refunds and payment methods.");
  ASSERT_TRUE(app::Remotes(**b).Sync("origin").ok());
  EditBoth(**a, out.category, "Billing & invoices",
           "Questions about an invoice or a charge on the customer's account.");
}

}  // namespace taxa::gui::testing
