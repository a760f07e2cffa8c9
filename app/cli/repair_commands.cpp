// fsck, repair: check the project's objects, and restore damaged ones from a peer.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/integrity.h"
#include "session/json.h"

namespace taxa::cli {

namespace {

std::string ShortId(const std::string& id) { return id.substr(0, 12); }

const char* ProblemName(sync::ObjectProblem p) {
  return p == sync::ObjectProblem::kMissing ? "missing" : "damaged";
}

std::string Checked(const sync::FsckReport& r) {
  return std::to_string(r.commits) + " commits, " + std::to_string(r.trees) + " folders and " +
         std::to_string(r.blobs) + " files from " + std::to_string(r.refs.size()) + " references";
}

// What the object holds, for people: its paths, else the references naming it.
std::string Holds(const sync::BadObject& b) {
  std::string out;
  for (const std::string& p : b.paths) out += (out.empty() ? "" : ", ") + p;
  if (out.empty())
    for (const std::string& r : b.refs) out += (out.empty() ? "" : ", ") + r;
  return out;
}

void PrintBad(const sync::BadObject& b) {
  std::printf("%s %s %s  %s\n", ProblemName(b.problem), b.type.c_str(), b.id.c_str(),
              Holds(b).c_str());
  std::printf("  %s%s%s\n", b.stored.empty() ? "" : (b.stored + ": ").c_str(), b.reason.c_str(),
              b.problem == sync::ObjectProblem::kMissing && b.reason.empty() ? "not found" : "");
  if (b.commit_count > 0) {
    std::string list;
    for (size_t i = 0; i < b.commits.size() && i < 5; ++i) list += " " + ShortId(b.commits[i]);
    std::printf("  referenced by %zu commit%s:%s%s\n", b.commit_count,
                b.commit_count == 1 ? "" : "s", list.c_str(), b.commit_count > 5 ? " ..." : "");
  }
}

int FsckCommand(const Globals& g) {
  Result<sync::FsckReport> r = app::Integrity::Fsck(g.dir);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return r->whole() ? 0 : 1;
  }
  if (r->whole()) {
    std::printf("Whole: %s checked, none damaged or missing\n", Checked(*r).c_str());
    return 0;
  }
  size_t missing = 0;
  for (const sync::BadObject& b : r->bad) missing += b.problem == sync::ObjectProblem::kMissing;
  std::printf("Checked %s: %zu damaged, %zu missing\n", Checked(*r).c_str(),
              r->bad.size() - missing, missing);
  for (const sync::BadObject& b : r->bad) PrintBad(b);
  std::printf("Restore them from a peer that has them: taxa repair --from REMOTE|BUNDLE\n");
  return 1;
}

int RepairCommand(const Globals& g, const std::string& from) {
  Result<app::RepairOutcome> r =
      app::Integrity::Repair(g.dir, from, BaseOptions(g, app::OpenMode::kWrite));
  if (!r.ok()) return Fail(r.status());
  const sync::RepairReport& rep = r->repair;
  bool whole = rep.after.whole();
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return whole ? 0 : 1;
  }
  if (rep.before.whole()) {
    std::printf("Nothing to repair: %s checked, none damaged or missing\n",
                Checked(rep.before).c_str());
  } else {
    std::printf("Restored %zu object%s from %s (%s)\n", rep.restored.size(),
                rep.restored.size() == 1 ? "" : "s", rep.from.c_str(), rep.kind.c_str());
    constexpr size_t kListed = 20;  // --json lists them all
    for (size_t i = 0; i < rep.restored.size() && i < kListed; ++i) {
      const sync::RestoredObject& o = rep.restored[i];
      std::string paths;
      for (const std::string& p : o.paths) paths += (paths.empty() ? "  " : ", ") + p;
      std::printf("  %s %s%s\n", o.type.c_str(), o.id.c_str(), paths.c_str());
    }
    if (rep.restored.size() > kListed)
      std::printf("  ... and %zu more (--json lists them)\n", rep.restored.size() - kListed);
    for (const std::string& q : rep.quarantined)
      std::printf("Moved aside: %s/%s\n", r->git_dir.c_str(), q.c_str());
    if (!rep.unrestored.empty()) {
      std::printf("Could not restore %zu object%s:\n", rep.unrestored.size(),
                  rep.unrestored.size() == 1 ? "" : "s");
      for (const sync::BadObject& b : rep.unrestored) PrintBad(b);
    }
  }
  if (r->committed > 0)
    std::printf("Committed %zu journaled label%s\n", r->committed, r->committed == 1 ? "" : "s");
  if (!whole) {
    size_t left = rep.after.bad.size();
    std::printf(
        "Still %zu object%s damaged or missing, %zu label%s in the journal; try another "
        "peer: taxa repair --from REMOTE|BUNDLE\n",
        left, left == 1 ? "" : "s", r->still_journaled, r->still_journaled == 1 ? "" : "s");
    return 1;
  }
  if (!rep.before.whole()) std::printf("Whole: %s checked\n", Checked(rep.after).c_str());
  return 0;
}

}  // namespace

void AddRepairCommands(CLI::App& app, Globals& g, Action& action) {
  auto* fsck = app.add_subcommand(
      "fsck",
      "Check every commit, folder and file reachable from the project's references; list each "
      "damaged or missing object with the paths and commits that use it (exit 1 when any)");
  fsck->callback([&] { action = [&g] { return FsckCommand(g); }; });

  auto* repair = app.add_subcommand(
      "repair",
      "Restore damaged or missing objects from a peer that has them whole, checking each "
      "against its id; damaged files are moved into .git/taxa/quarantine; then commit the "
      "journaled labels");
  auto from = std::make_shared<std::string>();
  repair
      ->add_option("--from", *from,
                   "The peer: a remote's name, a URL or path of a repository, or a bundle file")
      ->option_text("REMOTE|BUNDLE")
      ->required();
  repair->callback([&, from] { action = [&g, from] { return RepairCommand(g, *from); }; });
}

}  // namespace taxa::cli
