// Proposals: branches of taxonomy changes, their impact, decisions and merge.
#include "session/proposals.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "session/history.h"
#include "session/internal/project_state.h"
#include "session/internal/proposal_sync.h"
#include "session/internal/roles.h"
#include "session/internal/sensitive_changes.h"

#include "taxa/core/layout.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/text.h"
#include "taxa/sync/incoming.h"
#include "taxa/sync/merge_commits.h"
#include "taxa/sync/remote.h"

namespace taxa::app {

namespace {

constexpr std::string_view kBranchPrefix = kProposalBranchPrefix;
// A proposal's history is walked back to its opening commit; a branch that
// never reaches it within this many commits is not a proposal.
constexpr size_t kMaxProposalCommits = 100000;

// The branch of proposal `name`: "refs/heads/proposals/NAME".
std::string ProposalBranch(const std::string& name) { return std::string(kBranchPrefix) + name; }

Status CheckProposalName(const std::string& name) {
  // Beyond a safe name, what git refuses in a branch name.
  if (core::IsSafeName(name) && name.find("..") == std::string::npos && !name.ends_with(".lock") &&
      !name.ends_with("."))
    return Status::Ok();
  return Status::InvalidInput("\"" + name +
                              "\" is not a proposal name: 1-64 letters, digits, '-', '_' or '.', "
                              "starting with a letter or digit");
}

std::string Trailer(const sync::LogEntry& e, std::string_view key) {
  for (const auto& [k, v] : e.trailers)
    if (k == key) return v;
  return "";
}

// The trailer value: one line (a rationale of several lines is joined).
std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

// The commits of a proposal: from its tip back to the commit that opened it.
struct ProposalHistory {
  std::vector<sync::CommitDetails> commits;  // oldest first (by time, then walk order)
  size_t open = 0;                           // the one that opened it
};

Result<ProposalHistory> Walk(sync::Repository& repo, const std::string& name,
                             const std::string& tip) {
  ProposalHistory h;
  std::set<std::string> seen{tip};
  std::deque<std::string> todo{tip};
  std::vector<sync::CommitDetails> found;
  bool opened = false;
  while (!todo.empty()) {
    if (found.size() >= kMaxProposalCommits) break;
    std::string id = todo.front();
    todo.pop_front();
    TAXA_ASSIGN_OR_RETURN(sync::CommitDetails c, repo.ReadCommit(id));
    bool is_open = ActionOf(c.entry) == "proposal.open" &&
                   Trailer(c.entry, "Taxa-Proposal") == name;
    if (!is_open)
      for (const std::string& p : c.parents)
        if (seen.insert(p).second) todo.push_back(p);
    opened = opened || is_open;
    found.push_back(std::move(c));
  }
  if (!opened)
    return Status::Corrupt(ProposalBranch(name) + " does not lead back to the commit that opened "
                           "proposal " + name + " (Taxa-Action: proposal.open)");
  // Walk order is newest first: reversed, a parent comes before its children
  // at equal times.
  std::reverse(found.begin(), found.end());
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.entry.time < b.entry.time;
  });
  h.commits = std::move(found);
  for (size_t i = 0; i < h.commits.size(); ++i)
    if (ActionOf(h.commits[i].entry) == "proposal.open" &&
        Trailer(h.commits[i].entry, "Taxa-Proposal") == name)
      h.open = i;
  return h;
}

// The category and attribute ids whose files differ between two commits,
// as "category ID" / "attribute ID"; `paths` gets the paths.
Result<std::set<std::string>> ChangedTaxonomyFiles(sync::Repository& repo, const std::string& from,
                                                   const std::string& to,
                                                   std::vector<std::string>* paths = nullptr) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::FileChange> changes, repo.Diff(from, to));
  std::set<std::string> out;
  for (const core::FileChange& c : changes) {
    if (auto id = core::layout::JsonFileStem(c.path, core::kCategoriesDir)) {
      out.insert("category " + std::string(*id));
    } else if (auto id = core::layout::JsonFileStem(c.path, core::kAttributesDir)) {
      out.insert("attribute " + std::string(*id));
    } else {
      continue;
    }
    if (paths != nullptr) paths->push_back(c.path);
  }
  return out;
}

}  // namespace

// What Summarize read on the way, for a caller that needs it again.
struct Proposals::SummaryReads {
  std::string tip;            // in: the branch's tip when the caller knows it (List); "": read it
  std::string taxonomy_tree;  // out: the id of taxonomy/ at the tip
  std::map<std::string, std::string> tip_files;  // out: the files under taxonomy/ at the tip
};

Proposals::Proposals(Project& project) : project_(project), s_(project.state()) {}

Result<ProposalSummary> Proposals::Open(const std::string& name, const std::string& why) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(CheckProposalName(name));
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "opening a proposal"));
  const std::string branch = ProposalBranch(name);
  TAXA_ASSIGN_OR_RETURN(std::string existing, s_.repo().ReferenceTarget(branch));
  if (!existing.empty())
    return Status::AlreadyExists("proposal " + name + " exists already (taxa proposal show " +
                                 name + ")");
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
  if (head.empty()) return Status::FailedPrecondition("the project has no commits yet");
  TAXA_RETURN_IF_ERROR(s_.repo().MoveReference(branch, "", head, "taxa: propose " + name));
  std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "proposal.open"},
                                                               {"Taxa-Proposal", name}};
  if (!why.empty()) trailers.emplace_back("Taxa-Rationale", OneLine(why));
  Result<std::string> opened =
      s_.repo().Commit({}, s_.Meta("Propose " + name, std::move(trailers)), nullptr,
                       {.branch = branch});
  TAXA_RETURN_IF_ERROR(opened.status());
  s_.Changed();
  return Show(name);
}

Result<std::vector<ProposalSummary>> Proposals::List() {
  TAXA_ASSIGN_OR_RETURN(auto branches, s_.repo().References(std::string(kBranchPrefix)));
  std::vector<ProposalSummary> out;
  for (const auto& [branch, tip] : branches) {
    SummaryReads reads{.tip = tip};
    TAXA_ASSIGN_OR_RETURN(ProposalSummary p,
                          Summarize(branch.substr(kBranchPrefix.size()), false, &reads));
    out.push_back(std::move(p));
  }
  return out;
}

Result<ProposalSummary> Proposals::Show(const std::string& name) { return Summarize(name, true); }

Result<std::string> Proposals::Tip(const std::string& name) {
  TAXA_RETURN_IF_ERROR(CheckProposalName(name));
  TAXA_ASSIGN_OR_RETURN(std::string tip, s_.repo().ReferenceTarget(ProposalBranch(name)));
  if (tip.empty()) return Status::NotFound("no proposal called " + name + " (taxa proposal list)");
  return tip;
}

Result<bool> Proposals::Merged(const std::string& tip) {
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
  TAXA_ASSIGN_OR_RETURN(auto ahead_behind, s_.repo().AheadBehind(tip, head));
  return ahead_behind.first == 0;
}

Result<ProposalSummary> Proposals::Summarize(const std::string& name, bool impact,
                                             SummaryReads* reads) {
  sync::Repository& repo = s_.repo();
  ProposalSummary p;
  p.name = name;
  p.branch = ProposalBranch(name);
  if (reads != nullptr && !reads->tip.empty()) {
    TAXA_RETURN_IF_ERROR(CheckProposalName(name));
    p.tip = reads->tip;
  } else {
    TAXA_ASSIGN_OR_RETURN(p.tip, Tip(name));
  }
  TAXA_ASSIGN_OR_RETURN(ProposalHistory h, Walk(repo, name, p.tip));
  const sync::CommitDetails& open = h.commits[h.open];
  p.opened = open.entry.commit;
  p.author = open.entry.author;
  p.rationale = Trailer(open.entry, "Taxa-Rationale");
  p.fork = open.parents.empty() ? "" : open.parents.front();
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy before, s_.TaxonomyAt(p.fork));
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy after,
                        s_.TaxonomyAt(p.tip, reads != nullptr ? &reads->tip_files : nullptr));
  p.changes = core::DiffTaxonomies(before, after);
  const std::set<std::string> changed = ChangedCategories(before, after);
  p.sensitive = !SensitiveAmong(before, after, changed).empty();
  TAXA_ASSIGN_OR_RETURN(std::string taxonomy_now, repo.ObjectIdAt("taxonomy", p.tip));
  if (reads != nullptr) reads->taxonomy_tree = taxonomy_now;

  // Editors, and decisions with the latest of each person and role in force.
  std::set<std::string> editors;
  std::map<std::pair<std::string, std::string>, size_t> latest;  // (person, role) -> index
  for (const sync::CommitDetails& c : h.commits) {
    const std::string action = ActionOf(c.entry);
    if (action == "proposal.approve" || action == "proposal.reject") {
      ProposalDecision d{.person = c.entry.author,
                         .role = Trailer(c.entry, "Taxa-Role"),
                         .approved = action == "proposal.approve",
                         .rationale = Trailer(c.entry, "Taxa-Rationale"),
                         .commit = c.entry.commit,
                         .time = c.entry.time};
      d.in_force = Trailer(c.entry, "Taxa-Taxonomy") == "tree:" + taxonomy_now;
      latest[{d.person, d.role}] = p.decisions.size();
      p.decisions.push_back(std::move(d));
    } else if (!action.empty() && !action.starts_with("proposal.") && c.parents.size() < 2) {
      editors.insert(c.entry.author);
    }
  }
  for (size_t i = 0; i < p.decisions.size(); ++i) {
    ProposalDecision& d = p.decisions[i];
    if (latest[{d.person, d.role}] != i) d.in_force = false;
  }
  p.editors.assign(editors.begin(), editors.end());

  // Approved? (proposals.h: the rules.)
  const core::ProjectSettings& settings = s_.settings();
  bool rejected = false;
  std::string lead, compliance;
  for (const ProposalDecision& d : p.decisions) {
    if (!d.in_force || !HasRole(settings, d.person, d.role)) continue;
    if (!d.approved) rejected = true;
    if (!d.approved || d.person == p.author || editors.count(d.person)) continue;
    if (d.role == "lead" && lead.empty()) lead = d.person;
  }
  for (const ProposalDecision& d : p.decisions) {
    if (!d.in_force || !d.approved || !HasRole(settings, d.person, d.role)) continue;
    if (d.person == p.author || editors.count(d.person) || d.person == lead) continue;
    if (d.role == "compliance" && compliance.empty()) compliance = d.person;
  }
  if (!lead.empty()) p.approved_by.push_back(lead + " (lead)");
  if (p.sensitive && !compliance.empty()) p.approved_by.push_back(compliance + " (compliance)");
  if (lead.empty()) p.missing.push_back("a lead's approval");
  if (p.sensitive && compliance.empty())
    p.missing.push_back("a compliance approval (a change touches a sensitive category)");
  TAXA_ASSIGN_OR_RETURN(bool merged, Merged(p.tip));
  if (merged)
    p.state = "merged";
  else if (rejected)
    p.state = "rejected";
  else
    p.state = p.missing.empty() ? "approved" : "open";

  if (impact) {
    TAXA_ASSIGN_OR_RETURN(p.impact, TaxonomyImpact(project_).Measure(before, after));
  }
  return p;
}

Result<ProposalDecision> Proposals::Decide(const std::string& name, bool approve,
                                           const std::string& why, const std::string& role) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  SummaryReads reads;
  TAXA_ASSIGN_OR_RETURN(ProposalSummary p, Summarize(name, false, &reads));
  const std::string verb = approve ? "approving" : "rejecting";
  const core::ProjectSettings& settings = s_.settings();
  if (!RolesInForce(settings))
    return Status::PermissionDenied(
        verb + " a proposal needs roles: name a lead in taxa.json first (taxa users add NAME "
               "--role lead)");
  const std::string& me = s_.user();
  std::string as = role;
  if (as.empty()) as = HasRole(settings, me, "lead") ? "lead" : "compliance";
  if (as != "lead" && as != "compliance")
    return Status::InvalidInput("--role " + as + ": a decision is made as lead or compliance");
  if (!HasRole(settings, me, as)) {
    std::vector<Role> held = RolesOf(settings, me);
    std::string roles;
    for (Role r : held) roles += (roles.empty() ? "" : ", ") + std::string(RoleName(r));
    return Status::PermissionDenied(
        me + (held.empty() ? " has no role in taxa.json" : " holds " + roles) + ": " + verb +
        " proposal " + name + " needs a lead" + (role.empty() ? " or compliance" : "") +
        (role.empty() ? "" : " (as " + as + ", taxa.json must give " + me + " that role)"));
  }
  if (p.state == "merged")
    return Status::FailedPrecondition("proposal " + name + " is merged already");
  if (approve && (me == p.author || std::count(p.editors.begin(), p.editors.end(), me)))
    return Status::PermissionDenied(
        me + (me == p.author ? " opened" : " made changes in") + " proposal " + name +
        ": its approval must come from someone else (four eyes)");
  const std::string& taxonomy = reads.taxonomy_tree;
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"Taxa-Action", approve ? "proposal.approve" : "proposal.reject"},
      {"Taxa-Proposal", name},
      {"Taxa-Role", as}};
  if (!why.empty()) trailers.emplace_back("Taxa-Rationale", OneLine(why));
  trailers.emplace_back("Taxa-Taxonomy", "tree:" + taxonomy);
  TAXA_ASSIGN_OR_RETURN(
      std::string commit,
      s_.repo().Commit({}, s_.Meta((approve ? "Approve proposal " : "Reject proposal ") + name +
                                       " as " + as,
                                   std::move(trailers)),
                       nullptr, {.branch = p.branch}));
  s_.Changed();
  TAXA_ASSIGN_OR_RETURN(sync::CommitDetails c, s_.repo().ReadCommit(commit));
  return ProposalDecision{.person = me,
                          .role = as,
                          .approved = approve,
                          .rationale = OneLine(why),
                          .commit = commit,
                          .time = c.entry.time,
                          .in_force = true};
}

Result<std::string> Proposals::Merge(const std::string& name) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "merging a proposal"));
  SummaryReads reads;
  TAXA_ASSIGN_OR_RETURN(ProposalSummary p, Summarize(name, false, &reads));
  if (p.state == "merged")
    return Status::FailedPrecondition("proposal " + name + " is merged already");
  if (p.state == "rejected")
    return Status::FailedPrecondition("cannot merge proposal " + name +
                                      ": it was rejected (taxa proposal show " + name + ")");
  if (p.state != "approved") {
    std::string missing;
    for (const std::string& m : p.missing) missing += (missing.empty() ? "" : " and ") + m;
    return Status::FailedPrecondition("cannot merge proposal " + name + ": it needs " + missing);
  }
  sync::Repository& repo = s_.repo();
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  std::vector<std::string> paths;
  TAXA_ASSIGN_OR_RETURN(std::set<std::string> ours, ChangedTaxonomyFiles(repo, p.fork, head));
  TAXA_ASSIGN_OR_RETURN(std::set<std::string> theirs,
                        ChangedTaxonomyFiles(repo, p.fork, p.tip, &paths));
  std::string both;
  for (const std::string& what : theirs)
    if (ours.count(what)) both += (both.empty() ? "" : ", ") + what;
  if (!both.empty())
    return Status::FailedPrecondition(
        "cannot merge proposal " + name + ": main changed " + both +
        " since the proposal started; open a new proposal from main for those changes");
  std::vector<sync::FileWrite> files;
  for (const std::string& path : paths) {  // as the tip has them (Summarize read them)
    auto it = reads.tip_files.find(path);
    files.push_back({path, it == reads.tip_files.end() ? std::nullopt
                                                       : std::optional<std::string>(it->second)});
  }
  // The taxonomy main would have: refused when it would be broken (a parent
  // main retired meanwhile, say).
  std::map<std::string, std::string> tree;
  {
    TAXA_ASSIGN_OR_RETURN(auto now, repo.ReadFolder("taxonomy/", head));
    tree = std::move(now);
    for (const sync::FileWrite& f : files) {
      if (f.bytes)
        tree[f.path] = *f.bytes;
      else
        tree.erase(f.path);
    }
    TAXA_ASSIGN_OR_RETURN(core::Taxonomy merged, core::DecodeTaxonomy(tree));
    if (std::vector<std::string> problems = merged.Validate(); !problems.empty())
      return Status::FailedPrecondition("cannot merge proposal " + name +
                                        ": main's taxonomy would have a problem: " +
                                        problems.front());
  }
  std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "proposal.merge"},
                                                               {"Taxa-Proposal", name}};
  for (const std::string& a : p.approved_by) trailers.emplace_back("Taxa-Approved-By", a);
  if (!p.rationale.empty()) trailers.emplace_back("Taxa-Rationale", p.rationale);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(files, s_.Meta("Merge proposal " + name, std::move(trailers)),
                                      nullptr, nullptr, {.second_parent = p.tip}));
  TAXA_RETURN_IF_ERROR(s_.Load());
  return repo.Head();
}

Status Proposals::EditOn(const std::string& name) {
  TAXA_ASSIGN_OR_RETURN(std::string tip, Tip(name));
  TAXA_RETURN_IF_ERROR(Walk(s_.repo(), name, tip).status());  // a proposal, not any branch
  TAXA_ASSIGN_OR_RETURN(bool merged, Merged(tip));
  if (merged)
    return Status::FailedPrecondition("proposal " + name +
                                      " is merged already; open a new one for further changes");
  return s_.UseBranch(ProposalBranch(name));
}

Result<std::vector<std::string>> JoinProposals(ProjectState& s,
                                               const std::map<std::string, std::string>& theirs,
                                               std::map<std::string, std::string>& ours,
                                               const std::string& source) {
  sync::Repository& repo = s.repo();
  std::vector<std::string> moved;
  for (const auto& [branch, tip] : theirs) {
    auto it = ours.find(branch);
    const std::string local = it == ours.end() ? "" : it->second;
    std::string next = tip;
    if (!local.empty() && local != tip) {
      TAXA_ASSIGN_OR_RETURN(sync::MergeOutcome m, sync::MergeCommits(repo, local, tip));
      next = m.commit;
    }
    if (next == local) continue;
    TAXA_RETURN_IF_ERROR(repo.MoveReference(branch, local, next, "taxa: " + source));
    ours[branch] = next;
    moved.push_back(branch);
    s.Changed();
  }
  return moved;
}

Status SyncProposals(ProjectState& s, const std::string& remote) {
  sync::Repository& repo = s.repo();
  const std::string prefix(kBranchPrefix);
  TAXA_ASSIGN_OR_RETURN(auto theirs, sync::FetchBranches(repo, remote, prefix, sync::CheckIncoming));
  TAXA_ASSIGN_OR_RETURN(auto ours, repo.References(prefix));
  TAXA_RETURN_IF_ERROR(JoinProposals(s, theirs, ours, "sync with " + remote).status());
  std::map<std::string, std::string> push;
  for (const auto& [branch, tip] : ours) {
    auto it = theirs.find(branch);
    if (it == theirs.end() || it->second != tip) push[branch] = tip;
  }
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> refused, sync::PushBranches(repo, remote, push));
  for (const std::string& branch : refused)
    s.Notice(branch + " moved on " + remote + " during the sync; sync again to join it");
  return Status::Ok();
}

}  // namespace taxa::app
