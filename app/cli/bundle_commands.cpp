// bundle create, bundle verify, bundle apply: git bundles for air-gapped sites.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/bundles.h"
#include "session/json.h"
#include "session/remotes.h"

namespace taxa::cli {

namespace {

std::string ShortId(const std::string& id) { return id.substr(0, 12); }

std::string Contents(const sync::BundleInfo& b) {
  std::string what = std::to_string(b.objects) + " objects, " + std::to_string(b.bytes) +
                     " bytes, main at " + ShortId(b.tip);
  const size_t proposals = app::CarriedProposals(b).size();
  if (proposals > 0) what += " and " + std::to_string(proposals) + " proposal branch(es)";
  if (b.prerequisites.empty()) return what + ", the whole history";
  return what + ", after " + std::to_string(b.prerequisites.size()) + " prerequisite commit(s)";
}

int CreateCommand(const Globals& g, const app::BundleRequest& request) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::BundleCreateReport> r = app::Bundles(*s).Create(request);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("Wrote %s: %s\nManifest: %s (check it with sha256sum -c)\n", request.path.c_str(),
              Contents(r->bundle).c_str(), r->manifest.c_str());
  if (!r->recorded.empty())
    std::printf("Recorded as sent in %s: the next bundle --since that peer starts there\n",
                r->recorded.c_str());
  return 0;
}

int VerifyCommand(const Globals& g, const std::string& path) {
  Result<std::unique_ptr<app::Project>> s =
      app::Project::Open(g.dir, BaseOptions(g, app::OpenMode::kReadOnly));
  if (!s.ok() && s.status().code() != StatusCode::kNotFound) return Fail(s.status());
  Result<app::BundleVerifyReport> verified =
      s.ok() ? app::Bundles(**s).Verify(path) : app::Bundles::VerifyFile(path);
  if (!verified.ok()) return Fail(verified.status());
  if (g.json) {
    std::cout << app::ToJson(*verified).dump() << "\n";
    return 0;
  }
  const sync::BundleInfo& b = verified->bundle;
  std::printf("%s is whole: git bundle v%d, %s\n", path.c_str(), b.version, Contents(b).c_str());
  std::printf("  sha256 %s (%s)\n", b.sha256.c_str(),
              b.manifest_checked ? ("matches " + sync::BundleManifestPath(path)).c_str()
                                 : "no manifest beside it");
  for (const auto& [id, name] : b.refs) std::printf("  %s %s\n", id.c_str(), name.c_str());
  for (const std::string& id : b.prerequisites)
    std::printf("  requires %s (%s)\n", id.c_str(),
                b.prerequisites_checked ? "present here" : "not checked: no project here");
  return 0;
}

int ApplyCommand(const Globals& g, const std::string& path) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::BundleApplyReport> r = app::Bundles(*s).Apply(path);
  if (!r.ok()) return Fail(r.status());
  const app::SyncReport& m = r->merge;
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::string what = m.merged         ? "merged its main"
                     : m.fast_forward ? "fast-forwarded to its main"
                                      : "nothing new in it";
  std::printf(
      "Applied %s: %s%s; main at %s\n", path.c_str(), what.c_str(),
      m.conflicts ? (", " + std::to_string(m.conflicts) + " conflict(s) recorded").c_str() : "",
      ShortId(m.head).c_str());
  for (const std::string& name : r->proposals) std::printf("Proposal %s joined\n", name.c_str());
  return 0;
}

}  // namespace

void AddBundleCommands(CLI::App& app, Globals& g, Action& action) {
  auto* bundle =
      app.add_subcommand("bundle", "Exchange the project as git bundle files (air-gapped sites)");
  bundle->require_subcommand(1);

  auto* create = bundle->add_subcommand(
      "create", "Write FILE (a git bundle) with what a peer lacks, and FILE.sha256 beside it");
  auto request = std::make_shared<app::BundleRequest>();
  create->add_option("FILE", request->path, "The bundle to write")->required();
  create
      ->add_option("--since", request->since,
                   "What the peer has: a peer sent bundles before, a remote, or a commit id "
                   "(default: nothing, the whole history)")
      ->option_text("PEER");
  create
      ->add_option("--to", request->to,
                   "Record the bundle as sent to this peer (default: --since when a name)")
      ->option_text("PEER");
  create->callback([&, request] { action = [&g, request] { return CreateCommand(g, *request); }; });

  auto* verify = bundle->add_subcommand(
      "verify", "Check FILE: its manifest, header, pack checksum and prerequisites");
  auto verify_path = std::make_shared<std::string>();
  verify->add_option("FILE", *verify_path, "The bundle to check")->required();
  verify->callback(
      [&, verify_path] { action = [&g, verify_path] { return VerifyCommand(g, *verify_path); }; });

  auto* apply =
      bundle->add_subcommand("apply", "Verify FILE, import it and merge its main as a sync does");
  auto apply_path = std::make_shared<std::string>();
  apply->add_option("FILE", *apply_path, "The bundle to apply")->required();
  apply->callback(
      [&, apply_path] { action = [&g, apply_path] { return ApplyCommand(g, *apply_path); }; });
}

}  // namespace taxa::cli
