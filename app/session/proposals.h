// Proposals: taxonomy changes made on a branch of their own
// (refs/heads/proposals/NAME), shown with their impact, approved or rejected
// by people whose role allows it, and merged into main once approved. The
// branches sync with main (Remotes::Sync), so a proposal opened on one
// replica can be approved on another.
//
//   Proposals proposals(*project);
//   TAXA_RETURN_IF_ERROR(proposals.Open("merge-pets", "cats and dogs are one queue").status());
//   TAXA_RETURN_IF_ERROR(proposals.EditOn("merge-pets"));
//   TAXA_RETURN_IF_ERROR(TaxonomyEdits(*project).Deprecate("cats", "pets"));
//   ... another person: proposals.Decide("merge-pets", true, "fine") ...
//   TAXA_ASSIGN_OR_RETURN(std::string merged, proposals.Merge("merge-pets"));
//
// The rules (README "Change control"):
//  - Opening a proposal, editing in it and merging it need a lead, as any
//    taxonomy change does (access.h).
//  - A decision (approve or reject) is recorded as a commit on the proposal's
//    branch (Taxa-Action proposal.approve / proposal.reject, Taxa-Role,
//    Taxa-Rationale, Taxa-Taxonomy: the taxonomy it was made on). It needs a
//    lead, or compliance (whose decision counts as a compliance approval).
//    Roles must be in force (taxa.json names a lead).
//  - Four eyes: the person who opened the proposal and everyone who made an
//    edit in it may reject it but not approve it.
//  - A decision is in force while the proposal's taxonomy is the one it was
//    made on (an edit after it asks for a new decision), and each person's
//    latest decision in a role replaces their earlier ones.
//  - A proposal is approved when no rejection is in force, a lead approval
//    is, and, when a change touches a category flagged sensitive (before or
//    after), a compliance approval by another person than that lead is too.
//    An approver counts only while taxa.json still gives them the role.
//  - Merge is refused unless approved, and when main changed a category or
//    attribute the proposal changes since the proposal started (naming them).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "session/project.h"
#include "session/taxonomy_impact.h"

#include "taxa/core/release.h"

namespace taxa::app {

struct ProposalDecision {
  std::string person;
  std::string role;  // "lead" or "compliance"
  bool approved = false;  // false: rejected
  std::string rationale;
  std::string commit;
  int64_t time = 0;  // seconds since the epoch
  bool in_force = false;  // made on the proposal's current taxonomy, latest of its person and role
};

struct ProposalSummary {
  std::string name;
  std::string branch;     // refs/heads/proposals/NAME
  std::string author;     // who opened it
  std::string rationale;  // why (propose -m)
  std::string opened;     // the commit that opened it
  std::string fork;       // main's commit it started from
  std::string tip;        // the branch's commit now
  std::string state;      // "open", "approved", "rejected" or "merged"
  bool sensitive = false;  // a change touches a sensitive category
  std::vector<std::string> editors;  // who made edits in it, sorted
  std::vector<ProposalDecision> decisions;  // oldest first
  std::vector<std::string> approved_by;     // "NAME (ROLE)" of the approvals counted
  std::vector<std::string> missing;  // what approval still lacks, one phrase each
  core::TaxonomyChanges changes;     // core::DiffTaxonomies(fork, tip)
  std::vector<CategoryImpact> impact;  // Show only: TaxonomyImpact::Measure(fork, tip)
};

class Proposals {
 public:
  explicit Proposals(Project& project);

  // Starts proposal `name` (a safe name: letters, digits, '-', '_', '.')
  // from main's HEAD: the branch and its first commit (proposal.open).
  // kAlreadyExists when there is one of that name.
  Result<ProposalSummary> Open(const std::string& name, const std::string& why);
  // Every proposal, by name, without impact.
  Result<std::vector<ProposalSummary>> List();
  // One proposal with the impact of its changes. kNotFound for an unknown name.
  Result<ProposalSummary> Show(const std::string& name);
  // Records the acting user's decision (see the rules above). `role` empty:
  // lead when they hold it, else compliance. kPermissionDenied without an
  // approving role, for the author's approval, or when roles are not in force.
  Result<ProposalDecision> Decide(const std::string& name, bool approve, const std::string& why,
                                  const std::string& role = "");
  // Merges an approved proposal into main: a merge commit (parents: main,
  // the proposal) carrying the proposal's taxonomy changes, with
  // Taxa-Action proposal.merge and one Taxa-Approved-By per approval.
  // kFailedPrecondition when it is not approved (saying what is missing), is
  // merged already, or main changed the same categories since (naming them).
  // Returns the merge commit.
  Result<std::string> Merge(const std::string& name);
  // From now on this project's taxonomy edits (TaxonomyEdits) are made in
  // proposal `name`: they read its taxonomy and commit onto its branch,
  // leaving main, its work tree and the index alone. For one command (the
  // CLI's --proposal); open the project again to edit main.
  Status EditOn(const std::string& name);

 private:
  struct SummaryReads;  // proposals.cpp
  // The tip of proposal `name`: kInvalidInput for a name that is not one,
  // kNotFound when there is no such proposal.
  Result<std::string> Tip(const std::string& name);
  // True when main's HEAD holds every commit of `tip`.
  Result<bool> Merged(const std::string& tip);
  Result<ProposalSummary> Summarize(const std::string& name, bool impact,
                                    SummaryReads* reads = nullptr);
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
