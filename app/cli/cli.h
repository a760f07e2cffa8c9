// The taxa command line: parse, call the session, present. No logic of its own.
#pragma once

#include <memory>
#include <string>

#include "session/project.h"
#include <CLI/CLI.hpp>

namespace taxa::cli {

// Options every command shares.
struct Globals {
  std::string dir = ".";  // -C DIR
  bool json = false;      // --json
  std::string user;       // --as (labels) and commit author
  double wait = 5;        // --wait: seconds a writer waits for another to finish
};

// A command's action: returns the process exit code.
using Action = std::function<int()>;

// Registers commands on `app`; each sets `action` when it is chosen.
void AddProjectCommands(CLI::App& app, Globals& g, Action& action);
void AddTaxonomyCommands(CLI::App& app, Globals& g, Action& action);
void AddItemCommands(CLI::App& app, Globals& g, Action& action);
void AddQualityCommands(CLI::App& app, Globals& g, Action& action);
void AddCalibrationCommands(CLI::App& app, Globals& g, Action& action);  // calibrate
void AddGoldCommands(CLI::App& app, Globals& g, Action& action);      // gold, confusion, consensus
void AddSyncCommands(CLI::App& app, Globals& g, Action& action);      // clone, remote, sync
void AddConflictCommands(CLI::App& app, Globals& g, Action& action);  // conflicts
void AddBundleCommands(CLI::App& app, Globals& g, Action& action);  // bundle create/verify/apply
void AddConfigCommands(CLI::App& app, Globals& g, Action& action);  // config (https, ssh)
void AddRepairCommands(CLI::App& app, Globals& g, Action& action);  // fsck, repair
void AddUserCommands(CLI::App& app, Globals& g, Action& action);    // users add/list/revoke
void AddServeCommand(CLI::App& app, Globals& g, Action& action);    // serve (app/web)
void AddGuidelinesCommands(CLI::App& app, Globals& g, Action& action);  // guidelines
// taxonomy export | import, registered on the `taxonomy` command.
void AddTaxonomyExchangeCommands(CLI::App& taxonomy, Globals& g, Action& action);
void AddSigningCommands(CLI::App& app, Globals& g, Action& action);  // verify, users key
void AddHistoryCommands(CLI::App& app, Globals& g, Action& action);  // history, diff, blame, labels
// labels import, registered on the `labels` command; returns it.
CLI::App* AddLabelImportCommand(CLI::App& labels, Globals& g, Action& action);
void AddRelabelCommands(CLI::App& app, Globals& g, Action& action);  // relabel list/next
void AddServeCommand(CLI::App& app, Globals& g, Action& action);
void AddProposalCommands(CLI::App& app, Globals& g, Action& action);  // propose, proposal ...    // serve (app/web)
void AddSampleCommands(CLI::App& app, Globals& g, Action& action);  // sample plan/create/show/list
void AddActionsCommands(CLI::App& app, Globals& g, Action& action);  // predictions, actions
void AddReviewCommands(CLI::App& app, Globals& g, Action& action);  // review next/accept/.../errors
void AddReportCommands(CLI::App& app, Globals& g, Action& action);  // quality report, vendors

// The session options every command starts from: the user of --as, progress
// and notices on stderr, and `mode`.
app::SessionOptions BaseOptions(const Globals& g, app::OpenMode mode = app::OpenMode::kWrite);

// Opens the project of `g.dir`; prints the error and returns null on failure.
std::unique_ptr<app::Project> OpenProject(const Globals& g, app::OpenMode mode);

// Prints "taxa: message" on stderr and returns 1 (a user error).
int Fail(const Status& s);

// Which "Outdated" line PrintOutdated prints.
enum class OutdatedLine {
  kLeftOut,     // annotators' labels a statistic left out (agree, gold, ...)
  kStatus,      // `status`: labels not counted by category, after a blank line
  kGoldLeftOut,  // gold labels a gold report left out
};

// Prints, when `count` > 0, the line that says how many labels were left out
// because they are outdated (split or retired categories), and what to run.
void PrintOutdated(size_t count, OutdatedLine line = OutdatedLine::kLeftOut);

// Progress on stderr when it is a terminal: "label: 12/100".
core::ProgressFn TerminalProgress(const std::string& what);

}  // namespace taxa::cli
