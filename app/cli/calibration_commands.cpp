// calibrate start|list|report|compare: calibration rounds of a project.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/calibration.h"
#include <nlohmann/json.hpp>

namespace taxa::cli {
namespace {

using nlohmann::ordered_json;

// The round's file, with its item count, and without its items unless asked.
ordered_json RoundJson(const app::CalibrationRound& r, bool with_items) {
  ordered_json j = ordered_json::parse(core::EncodeRound(r));
  j["item_count"] = r.items.size();
  if (!with_items) j.erase("items");
  return j;
}

ordered_json OptionalJson(const std::optional<double>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

// One agreement row as JSON, the slice first ({"category": ...} for per-category rows).
ordered_json AlphaRowJson(const app::AgreeRow& row) {
  ordered_json j;
  if (row.kind != "overall") j[row.kind] = row.slice;
  j["metric"] = "alpha";
  j["level"] = "nominal";
  j["value"] = row.error.empty() ? ordered_json(row.report.value) : ordered_json(nullptr);
  j["items"] = row.report.items;
  j["pairable_values"] = row.report.pairable_values;
  if (row.error.empty() && row.report.ci) j["ci"] = {row.report.ci->first, row.report.ci->second};
  if (!row.error.empty()) j["error"] = row.error;
  return j;
}

void PrintAlphaRow(const std::string& label, const app::AgreeRow& row) {
  if (!row.error.empty()) {
    std::printf("  %-26s -          %s\n", label.c_str(), row.error.c_str());
    return;
  }
  std::printf("  %-26s %7.4f", label.c_str(), row.report.value);
  if (row.report.ci) std::printf("  [%.4f, %.4f]", row.report.ci->first, row.report.ci->second);
  std::printf("  (%zu items)\n", row.report.items);
}

int Start(const Globals& g, const app::CalibrationStart& request) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::CalibrationRound> r = app::Calibration(*s).Start(request);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << RoundJson(*r, true).dump() << "\n";
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
    ordered_json out = ordered_json::array();
    for (const app::CalibrationRound& r : *rounds) out.push_back(RoundJson(r, false));
    std::cout << out.dump() << "\n";
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
    ordered_json j;
    j["round"] = RoundJson(r->round, false);
    j["overall"] = AlphaRowJson(r->overall.front());
    j["per_category"] = ordered_json::array();
    for (const app::AgreeRow& row : r->per_category) j["per_category"].push_back(AlphaRowJson(row));
    j["most_confused"] = ordered_json::array();
    for (const core::ConfusedPair& p : r->confused)
      j["most_confused"].push_back(
          {{"a", p.a}, {"b", p.b}, {"a_as_b", p.a_as_b}, {"b_as_a", p.b_as_a}, {"total", p.total}});
    j["annotators"] = ordered_json::array();
    for (const app::AnnotatorStanding& a : r->annotators)
      j["annotators"].push_back({{"annotator", a.annotator},
                                 {"labeled", a.labeled},
                                 {"compared", a.compared},
                                 {"disagreements", a.disagreements},
                                 {"disagreement_rate", a.disagreement_rate}});
    j["tied_items"] = r->tied_items;
    std::cout << j.dump() << "\n";
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
  return 0;
}

int Compare(const Globals& g, const std::string& first, const std::string& second) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto changes = app::Calibration(*s).Compare(first, second);
  if (!changes.ok()) return Fail(changes.status());
  auto delta = [](const app::RoundChange& c) -> std::optional<double> {
    if (c.first && c.second) return *c.second - *c.first;
    return std::nullopt;
  };
  if (g.json) {
    ordered_json out = ordered_json::array();
    for (const app::RoundChange& c : *changes) {
      ordered_json j;
      if (c.kind != "overall")
        j[c.kind] = c.slice;
      else
        j["overall"] = true;
      j[first] = OptionalJson(c.first);
      j[second] = OptionalJson(c.second);
      j["change"] = OptionalJson(delta(c));
      out.push_back(std::move(j));
    }
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::printf("%-24s %10s %10s %10s\n", "alpha (nominal)", first.c_str(), second.c_str(), "change");
  for (const app::RoundChange& c : *changes) {
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
                plain(c.first).c_str(), plain(c.second).c_str(), cell(delta(c)).c_str());
  }
  return 0;
}

}  // namespace

void AddCalibrationCommands(CLI::App& app, Globals& g, Action& action) {
  auto* calibrate =
      app.add_subcommand("calibrate", "Calibration rounds: a fixed sample for chosen annotators");
  calibrate->require_subcommand(1);

  auto* start = calibrate->add_subcommand("start", "Draw a seeded sample of items (one commit)");
  auto req = std::make_shared<app::CalibrationStart>();
  start->add_option("NAME", req->name, "The round's name")->required();
  start->add_option("--items", req->items, "How many items to draw")->required();
  start->add_option("--sample", req->plan, "random (default) or stratified:<metadata key>");
  start->add_option("--annotators", req->annotators, "Who labels the round: A,B,C")
      ->delimiter(',')
      ->required();
  start->add_option("--seed", req->seed, "Seed of the draw (default: 1)");
  start->callback([&, req] { action = [&g, req] { return Start(g, *req); }; });

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
