// calibrate start|list|report|compare: calibration rounds of a project.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/calibration.h"
#include "session/json.h"

namespace taxa::cli {
namespace {

void PrintAlphaRow(const std::string& label, const app::AgreeRow& row) {
  if (!row.error.empty()) {
    std::printf("  %-26s -          %s\n", label.c_str(), row.error.c_str());
    return;
  }
  std::printf("  %-26s %7.4f", label.c_str(), row.report.value);
  if (row.report.ci) std::printf("  [%.4f, %.4f]", row.report.ci->first, row.report.ci->second);
  std::printf("  (%zu items)\n", row.report.items);
}

// The flags as typed; Start() reads the plan.
struct StartArgs {
  app::CalibrationStart request;
  std::string plan = "random";
};

int Start(const Globals& g, const StartArgs& args) {
  app::CalibrationStart request = args.request;
  Result<app::SamplePlan> plan = app::ParseSamplePlan(args.plan);
  if (!plan.ok()) return Fail(plan.status());
  request.plan = *plan;
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::CalibrationRound> r = app::Calibration(*s).Start(request);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("Started calibration round %s: %zu items (%s, seed %llu) for ", r->name.c_str(),
              r->items.size(), r->plan.c_str(), static_cast<unsigned long long>(r->seed));
  for (size_t i = 0; i < r->annotators.size(); ++i)
    std::printf("%s%s", i ? ", " : "", r->annotators[i].c_str());
  std::printf("\n");
  return 0;
}

int List(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto rounds = app::Calibration(*s).Rounds();
  if (!rounds.ok()) return Fail(rounds.status());
  if (g.json) {
    std::cout << app::ToJson(*rounds, app::JsonDetail::kBrief).dump() << "\n";
    return 0;
  }
  if (rounds->empty()) std::printf("No calibration rounds yet (taxa calibrate start NAME ...)\n");
  for (const app::CalibrationRound& r : *rounds)
    std::printf("%-20s %5zu items  %zu annotators  %-20s %s\n", r.name.c_str(), r.items.size(),
                r.annotators.size(), r.plan.c_str(), r.created.c_str());
  return 0;
}

int Report(const Globals& g, const std::string& name) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto r = app::Calibration(*s).Report(name);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("Calibration round %s: %zu items, %s\n", r->round.name.c_str(), r->round.items.size(),
              r->round.plan.c_str());
  std::printf("Krippendorff's alpha (nominal, 95%% bootstrap interval, seed %llu)\n",
              static_cast<unsigned long long>(r->round.seed));
  PrintAlphaRow("overall", r->overall.front());
  for (const app::AgreeRow& row : r->per_category) PrintAlphaRow(row.slice, row);
  if (!r->confused.empty()) std::printf("Most confused categories\n");
  for (const core::ConfusedPair& p : r->confused)
    std::printf("  %s / %s: %llu\n", p.a.c_str(), p.b.c_str(),
                static_cast<unsigned long long>(p.total));
  std::printf("Annotators (against the majority; %zu tied items left out)\n", r->tied_items);
  for (const app::AnnotatorStanding& a : r->annotators)
    std::printf("  %-20s labeled %zu/%zu  disagrees %zu of %zu (%.1f%%)\n", a.annotator.c_str(),
                a.labeled, r->round.items.size(), a.disagreements, a.compared,
                100 * a.disagreement_rate);
  PrintOutdated(r->outdated_labels);
  return 0;
}

int Compare(const Globals& g, const std::string& first, const std::string& second) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::RoundComparison> comparison = app::Calibration(*s).Compare(first, second);
  if (!comparison.ok()) return Fail(comparison.status());
  if (g.json) {
    std::cout << app::ToJson(*comparison).dump() << "\n";
    return 0;
  }
  std::printf("%-24s %10s %10s %10s\n", "alpha (nominal)", first.c_str(), second.c_str(), "change");
  for (const app::RoundChange& c : comparison->changes) {
    auto cell = [](const std::optional<double>& v) {
      char buf[32] = "-";
      if (v) std::snprintf(buf, sizeof buf, "%+.4f", *v);
      return std::string(buf);
    };
    auto plain = [](const std::optional<double>& v) {
      char buf[32] = "-";
      if (v) std::snprintf(buf, sizeof buf, "%.4f", *v);
      return std::string(buf);
    };
    std::printf("%-24s %10s %10s %10s\n", c.kind == "overall" ? "overall" : c.slice.c_str(),
                plain(c.first).c_str(), plain(c.second).c_str(), cell(c.change()).c_str());
  }
  return 0;
}

}  // namespace

void AddCalibrationCommands(CLI::App& app, Globals& g, Action& action) {
  auto* calibrate =
      app.add_subcommand("calibrate", "Calibration rounds: a fixed sample for chosen annotators");
  calibrate->require_subcommand(1);

  auto* start = calibrate->add_subcommand("start", "Draw a seeded sample of items (one commit)");
  auto args = std::make_shared<StartArgs>();
  app::CalibrationStart* req = &args->request;
  start->add_option("NAME", req->name, "The round's name")->required();
  start->add_option("--items", req->items, "How many items to draw")->required();
  start->add_option("--sample", args->plan, "random (default) or stratified:<metadata key>");
  start->add_option("--annotators", req->annotators, "Who labels the round: A,B,C")
      ->delimiter(',')
      ->required();
  start->add_option("--seed", req->seed, "Seed of the draw (default: 1)");
  start->callback([&, args] { action = [&g, args] { return Start(g, *args); }; });

  auto* list = calibrate->add_subcommand("list", "List the calibration rounds");
  list->callback([&] { action = [&g] { return List(g); }; });

  auto* report = calibrate->add_subcommand(
      "report", "Agreement, confusions and each annotator's standing in a round");
  auto name = std::make_shared<std::string>();
  report->add_option("NAME", *name, "The round")->required();
  report->callback([&, name] { action = [&g, name] { return Report(g, *name); }; });

  auto* compare = calibrate->add_subcommand("compare", "Agreement in two rounds side by side");
  auto names = std::make_shared<std::pair<std::string, std::string>>();
  compare->add_option("R1", names->first, "The earlier round")->required();
  compare->add_option("R2", names->second, "The later round")->required();
  compare->callback(
      [&, names] { action = [&g, names] { return Compare(g, names->first, names->second); }; });
}

}  // namespace taxa::cli
