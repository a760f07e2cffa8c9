// propose NAME -m WHY; proposal list | show | approve | reject | merge.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/proposals.h"

namespace taxa::cli {

namespace {

std::string Joined(const std::vector<std::string>& list, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : list) out += (out.empty() ? "" : sep) + s;
  return out;
}

void PrintSummary(const app::ProposalSummary& p) {
  std::printf("Proposal %s: %s", p.name.c_str(), p.state.c_str());
  if (!p.missing.empty()) std::printf(" (needs %s)", Joined(p.missing, " and ").c_str());
  std::printf("\n  opened by %s from main %s%s%s\n", p.author.c_str(), p.fork.substr(0, 12).c_str(),
              p.rationale.empty() ? "" : ": ", p.rationale.c_str());
  if (!p.approved_by.empty()) std::printf("  approved by %s\n", Joined(p.approved_by).c_str());
  for (const app::ProposalDecision& d : p.decisions)
    std::printf("  %s %s as %s%s%s%s\n", d.person.c_str(), d.approved ? "approved" : "rejected",
                d.role.c_str(), d.in_force ? "" : " (no longer in force)",
                d.rationale.empty() ? "" : ": ", d.rationale.c_str());
}

void PrintChanges(const app::ProposalSummary& p) {
  const core::TaxonomyChanges& c = p.changes;
  auto list = [](const char* what, const std::vector<std::string>& ids) {
    if (!ids.empty()) std::printf("  %s: %s\n", what, Joined(ids).c_str());
  };
  auto pairs = [](const char* what, const std::vector<std::pair<std::string, std::string>>& ps) {
    std::vector<std::string> out;
    for (const auto& [a, b] : ps) out.push_back(a + " -> " + (b.empty() ? "(none)" : b));
    if (!out.empty()) std::printf("  %s: %s\n", what, Joined(out).c_str());
  };
  std::printf("Changes:\n");
  if (c.empty()) std::printf("  none yet (edit with `taxa taxonomy ... --proposal %s`)\n", p.name.c_str());
  list("added", c.added);
  list("removed", c.removed);
  pairs("renamed", c.renamed);
  pairs("moved", c.moved);
  list("redefined", c.redefined);
  pairs("deprecated", c.deprecated);
  if (p.impact.empty()) return;
  std::printf("Impact:\n");
  for (const app::CategoryImpact& i : p.impact) {
    std::printf("  %s%s: %zu labels, %zu gold, %zu calibration items, annotators: %s\n",
                i.id.c_str(), i.sensitive ? " [sensitive]" : "", i.labels, i.gold, i.calibration,
                i.annotators.empty() ? "none" : Joined(i.annotators).c_str());
    if (!i.relabel.empty())
      std::printf("    %zu items would enter the relabel queue: %s\n", i.relabel.size(),
                  Joined(i.relabel).c_str());
  }
}

int Propose(const Globals& g, const std::string& name, const std::string& why) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::ProposalSummary> p = app::Proposals(*s).Open(name, why);
  if (!p.ok()) return Fail(p.status());
  if (g.json) {
    std::cout << app::ToJson(*p).dump(2) << "\n";
    return 0;
  }
  std::printf("Opened proposal %s (%s). Edit it with `taxa taxonomy ... --proposal %s`.\n",
              name.c_str(), p->branch.c_str(), name.c_str());
  return 0;
}

int List(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::ProposalSummary>> list = app::Proposals(*s).List();
  if (!list.ok()) return Fail(list.status());
  if (g.json) {
    std::cout << app::ToJson(*list).dump(2) << "\n";
    return 0;
  }
  if (list->empty()) std::printf("No proposals. Start one with `taxa propose NAME -m WHY`.\n");
  for (const app::ProposalSummary& p : *list)
    std::printf("%-24s  %-9s  %s%s\n", p.name.c_str(), p.state.c_str(), p.author.c_str(),
                p.missing.empty() ? "" : ("  needs " + Joined(p.missing, " and ")).c_str());
  return 0;
}

int Show(const Globals& g, const std::string& name) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::ProposalSummary> p = app::Proposals(*s).Show(name);
  if (!p.ok()) return Fail(p.status());
  if (g.json) {
    std::cout << app::ToJson(*p).dump(2) << "\n";
    return 0;
  }
  PrintSummary(*p);
  PrintChanges(*p);
  return 0;
}

int Decide(const Globals& g, const std::string& name, bool approve, const std::string& why,
           const std::string& role) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::ProposalDecision> d = app::Proposals(*s).Decide(name, approve, why, role);
  if (!d.ok()) return Fail(d.status());
  if (g.json) {
    std::cout << app::ToJson(*d).dump(2) << "\n";
    return 0;
  }
  std::printf("%s %s proposal %s as %s.\n", d->person.c_str(), approve ? "approved" : "rejected",
              name.c_str(), d->role.c_str());
  return 0;
}

int Merge(const Globals& g, const std::string& name) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<std::string> commit = app::Proposals(*s).Merge(name);
  if (!commit.ok()) return Fail(commit.status());
  if (g.json) {
    std::cout << nlohmann::ordered_json{{"merged", name}, {"commit", *commit}}.dump() << "\n";
    return 0;
  }
  std::printf("Merged proposal %s into main (%s).\n", name.c_str(), commit->substr(0, 12).c_str());
  return 0;
}

struct DecisionArgs {
  std::string name, why, role;
};

}  // namespace

void AddProposalCommands(CLI::App& app, Globals& g, Action& action) {
  auto open_args = std::make_shared<DecisionArgs>();
  auto* propose = app.add_subcommand("propose", "Start a proposal: taxonomy changes made apart, "
                                                "approved, then merged into main");
  propose->add_option("NAME", open_args->name, "Proposal name (letters, digits, - _ .)")->required();
  propose->add_option("-m,--why", open_args->why, "Why the change is proposed")->required();
  propose->callback([&, open_args] {
    action = [&g, open_args] { return Propose(g, open_args->name, open_args->why); };
  });

  auto* proposal = app.add_subcommand("proposal", "List, show, approve, reject or merge proposals");
  proposal->require_subcommand(1);
  auto* list = proposal->add_subcommand("list", "Every proposal and its state");
  list->callback([&] { action = [&g] { return List(g); }; });

  auto show_name = std::make_shared<std::string>();
  auto* show = proposal->add_subcommand("show", "A proposal's changes, their impact, its decisions");
  show->add_option("NAME", *show_name, "Proposal name")->required();
  show->callback([&, show_name] { action = [&g, show_name] { return Show(g, *show_name); }; });

  for (bool approve : {true, false}) {
    auto args = std::make_shared<DecisionArgs>();
    auto* cmd = proposal->add_subcommand(
        approve ? "approve" : "reject",
        approve ? "Approve a proposal (a lead, or compliance; not its author)"
                : "Reject a proposal (a lead, or compliance)");
    cmd->add_option("NAME", args->name, "Proposal name")->required();
    cmd->add_option("-m,--why", args->why, "Why")->required();
    cmd->add_option("--role", args->role, "Decide as lead or compliance (default: lead if held)");
    cmd->callback([&, args, approve] {
      action = [&g, args, approve] { return Decide(g, args->name, approve, args->why, args->role); };
    });
  }

  auto merge_name = std::make_shared<std::string>();
  auto* merge = proposal->add_subcommand("merge", "Merge an approved proposal into main");
  merge->add_option("NAME", *merge_name, "Proposal name")->required();
  merge->callback([&, merge_name] { action = [&g, merge_name] { return Merge(g, *merge_name); }; });
}

}  // namespace taxa::cli
