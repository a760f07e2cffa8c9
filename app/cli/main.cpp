// taxa: the command-line face of Taxa.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "cli.h"

namespace taxa::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "taxa: %s\n", s.message().c_str());
  return 1;
}

app::SessionOptions BaseOptions(const Globals& g, app::OpenMode mode) {
  app::SessionOptions options;
  options.user = g.user;
  options.mode = mode;
  options.lock_wait = std::chrono::milliseconds(static_cast<int64_t>(g.wait * 1000));
  options.progress = TerminalProgress("indexing");
  options.notice = [](const std::string& line) {
    std::fprintf(stderr, "taxa: %s\n", line.c_str());
  };
  return options;
}

std::unique_ptr<app::Project> OpenProject(const Globals& g, app::OpenMode mode) {
  Result<std::unique_ptr<app::Project>> s = app::Project::Open(g.dir, BaseOptions(g, mode));
  if (!s.ok()) {
    Fail(s.status());
    return nullptr;
  }
  return std::move(*s);
}

void PrintOutdated(size_t count, OutdatedLine line) {
  if (count == 0) return;
  switch (line) {
    case OutdatedLine::kLeftOut:
      std::printf("Outdated: %zu label%s made under split or retired categories left out "
                  "(taxa relabel list)\n",
                  count, count == 1 ? "" : "s");
      return;
    case OutdatedLine::kStatus:
      std::printf("\nOutdated:   %zu labels under split or retired categories, not counted "
                  "above (taxa relabel list)\n",
                  count);
      return;
    case OutdatedLine::kGoldLeftOut:
      std::printf("Outdated gold: %zu gold labels under split or retired categories left out "
                  "(set them again with `taxa gold set`)\n",
                  count);
      return;
  }
}

core::ProgressFn TerminalProgress(const std::string& what) {
  if (!::isatty(STDERR_FILENO)) return nullptr;
  return [what](size_t done, size_t total) {
    std::fprintf(stderr, "\r%s: %zu/%zu", what.c_str(), done, total);
    if (done == total) std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}

}  // namespace taxa::cli

int main(int argc, char** argv) {
  using namespace taxa::cli;
  // Named, so usage lines say `taxa ...` rather than the path the binary was run by.
  CLI::App app{"Taxa: the taxonomy and the quality of AI training data, in a git repository.",
               "taxa"};
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command, as in `taxa status --json`
  Globals g;
  app.add_option("-C", g.dir, "Work on the project in DIR (default: the current directory)")
      ->option_text("DIR");
  app.add_flag("--json", g.json, "Print machine-readable JSON");
  CLI::Option* as = app.add_option(
      "--as", g.user,
      "Act as this annotator / author, in lower case (default: $TAXA_USER or $USER)");
  app.add_option("--wait", g.wait,
                 "Seconds to wait for another writer of the project to finish (default 5; "
                 "0: fail at once)")
      ->option_text("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
  Action action;
  AddProjectCommands(app, g, action);
  AddTaxonomyCommands(app, g, action);
  AddItemCommands(app, g, action);
  AddQualityCommands(app, g, action);
  AddCalibrationCommands(app, g, action);
  AddGoldCommands(app, g, action);
  AddSyncCommands(app, g, action);
  AddConflictCommands(app, g, action);
  AddBundleCommands(app, g, action);
  AddConfigCommands(app, g, action);
  AddRepairCommands(app, g, action);
  AddUserCommands(app, g, action);
  AddGuidelinesCommands(app, g, action);
  AddSigningCommands(app, g, action);  // after users: adds `users key`
  AddServeCommand(app, g, action);
  AddHistoryCommands(app, g, action);
  AddRelabelCommands(app, g, action);
  AddProposalCommands(app, g, action);
  AddSampleCommands(app, g, action);
  AddActionsCommands(app, g, action);
  AddReviewCommands(app, g, action);
  AddReportCommands(app, g, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (as->count() > 0 && g.user.empty()) {
    std::fprintf(stderr, "taxa: --as: the name is empty\n");
    return 2;
  }
  try {
    return action ? action() : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "taxa: unexpected failure: %s\n", e.what());
    return 1;
  }
}
