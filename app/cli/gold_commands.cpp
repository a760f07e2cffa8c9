// gold set|import|list|report, confusion and consensus: labels against a
// reference (gold, another annotator) and aggregated labels.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli.h"
#include "session/gold.h"
#include "session/json.h"
#include "session/quality_service.h"

namespace taxa::cli {
namespace {

// The matrix with truth down the side and the other labels across.
void PrintConfusion(const core::ConfusionReport& r, const std::string& rows,
                    const std::string& columns) {
  std::printf("Confusion (rows: %s, columns: %s), %llu items, accuracy %.4f\n", rows.c_str(),
              columns.c_str(), static_cast<unsigned long long>(r.total), r.accuracy);
  std::printf("%-16s", "");
  for (const std::string& c : r.categories) std::printf(" %10.10s", c.c_str());
  std::printf("\n");
  for (size_t t = 0; t < r.CategoryCount(); ++t) {
    std::printf("%-16.16s", r.categories[t].c_str());
    for (size_t p = 0; p < r.CategoryCount(); ++p)
      std::printf(" %10llu", static_cast<unsigned long long>(r.Count(t, p)));
    std::printf("\n");
  }
  std::printf("%-16s %9s %9s %9s %8s\n", "category", "precision", "recall", "f1", "support");
  for (const core::CategoryScores& c : r.per_category)
    std::printf("%-16.16s %9.4f %9.4f %9.4f %8llu\n", c.category.c_str(), c.precision, c.recall,
                c.f1, static_cast<unsigned long long>(c.support));
}

int SetGold(const Globals& g, const std::string& item, const std::vector<std::string>& categories,
            const std::string& note) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<core::GoldLabel> gold = app::Gold(*s).Set(item, categories, note);
  if (!gold.ok()) return Fail(gold.status());
  if (g.json) {
    std::cout << app::ToJson(*gold).dump() << "\n";
  } else {
    std::string joined;
    for (const std::string& c : gold->categories) joined += (joined.empty() ? "" : ", ") + c;
    std::printf("Gold label of %s: %s (by %s)\n", gold->item.c_str(), joined.c_str(),
                gold->lead.c_str());
  }
  return 0;
}

int ImportGold(const Globals& g, const std::string& file) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  auto r = app::Gold(*s).Import(file);
  if (!r.ok()) return Fail(r.status());
  if (g.json)
    std::cout << app::ToJson(*r).dump() << "\n";
  else
    std::printf("Imported %zu gold labels (commit %.10s)\n", r->records, r->commit.c_str());
  return 0;
}

int ListGold(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto gold = app::Gold(*s).Labels();
  if (!gold.ok()) return Fail(gold.status());
  if (g.json) {
    std::cout << app::ToJson(*gold).dump() << "\n";
    return 0;
  }
  if (gold->empty()) std::printf("No gold labels yet (taxa gold set ITEM CATEGORY)\n");
  for (const core::GoldLabel& l : *gold) {
    std::string joined;
    for (const std::string& c : l.categories) joined += (joined.empty() ? "" : ", ") + c;
    std::printf("%-20s %-30s %s%s%s\n", l.item.c_str(), joined.c_str(), l.lead.c_str(),
                l.note.empty() ? "" : "  ", l.note.c_str());
  }
  return 0;
}

int ReportGold(const Globals& g, const std::string& annotator) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto r = app::Gold(*s).Report(annotator);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("%-20s %8s %9s\n", "annotator", "items", "accuracy");
  for (const app::GoldScore& a : r->annotators)
    std::printf("%-20s %8zu %9.4f\n", a.annotator.c_str(), a.items, a.accuracy);
  std::printf("\n");
  PrintConfusion(r->confusion, "gold", r->subject.empty() ? "every annotator" : r->subject);
  PrintOutdated(r->outdated_labels);
  PrintOutdated(r->outdated_gold, OutdatedLine::kGoldLeftOut);
  return 0;
}

int Confusion(const Globals& g, const std::string& a, const std::string& b) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto r = app::Quality(*s).Confusion(a, b);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  PrintConfusion(r->confusion, a, b);
  return 0;
}

int OverTime(const Globals& g, const std::string& per) {
  if (per != "week" && per != "release" && per != "all")
    return Fail(Status::InvalidInput("unknown period \"" + per +
                                     "\" (expected week, release or all)"));
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto r = app::Quality(*s).OverTime();
  if (!r.ok()) return Fail(r.status());
  std::vector<app::QualityPeriod> rows;
  for (app::QualityPeriod& p : *r)
    if (per == "all" || p.kind == per) rows.push_back(std::move(p));
  if (g.json) {
    std::cout << app::ToJson(rows).dump() << "\n";
    return 0;
  }
  if (rows.empty()) {
    std::printf(per == "release" ? "No taxonomy release yet.\n" : "No labels yet.\n");
    return 0;
  }
  std::printf("%-8s %-22s %7s %6s %7s %9s  %s\n", "period", "name", "labels", "items", "alpha",
              "gold acc", "");
  for (const app::QualityPeriod& p : rows) {
    const std::string name = p.name.empty() ? "(before 1st release)" : p.name;
    std::printf("%-8s %-22s %7zu %6zu ", p.kind.c_str(), name.c_str(), p.labels, p.items);
    if (p.alpha)
      std::printf("%7.4f ", *p.alpha);
    else
      std::printf("%7s ", "-");
    if (p.gold_accuracy)
      std::printf("%8.1f%%", 100 * *p.gold_accuracy);
    else
      std::printf("%9s", "-");
    std::printf("  %s\n", p.alpha ? "" : p.alpha_error.c_str());
  }
  // Each label falls in one week and in one release: count one kind only.
  size_t outdated = 0;
  for (const app::QualityPeriod& p : rows)
    if (p.kind == rows.front().kind) outdated += p.outdated_labels;
  PrintOutdated(outdated);
  return 0;
}

int Consensus(const Globals& g, const std::string& method_name) {
  Result<app::ConsensusMethod> method = app::ParseConsensusMethod(method_name);
  if (!method.ok()) return Fail(method.status());
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto r = app::Quality(*s).Consensus(*method);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  for (const app::ConsensusItem& item : r->items) {
    std::printf("%-20s %-24s", item.item.c_str(), item.label.c_str());
    if (item.posterior) {
      std::printf(" posterior %.4f\n", *item.posterior);
    } else {
      std::printf(" %zu/%zu votes", item.votes, item.ratings);
      if (!item.tied.empty()) {
        std::printf("  tie:");
        for (const std::string& t : item.tied) std::printf(" %s", t.c_str());
      }
      std::printf("\n");
    }
  }
  if (r->method == app::ConsensusMethod::kMajority) {
    std::printf("%zu items, %zu ties (broken by name)\n", r->items.size(), r->ties);
  } else {
    std::printf("Estimated accuracy (%zu iterations%s)\n", r->iterations,
                r->converged ? "" : ", not converged");
    for (const auto& [name, accuracy] : r->annotator_accuracy)
      std::printf("  %-20s %.4f\n", name.c_str(), accuracy);
  }
  PrintOutdated(r->outdated_labels);
  return 0;
}

}  // namespace

void AddGoldCommands(CLI::App& app, Globals& g, Action& action) {
  auto* gold = app.add_subcommand("gold", "Gold (adjudicated) labels and accuracy against them");
  gold->require_subcommand(1);

  auto* set = gold->add_subcommand("set", "Adjudicate an item (one commit, by the lead --as)");
  auto item = std::make_shared<std::string>();
  auto categories = std::make_shared<std::vector<std::string>>();
  auto note = std::make_shared<std::string>();
  set->add_option("ITEM", *item, "The item")->required();
  set->add_option("CATEGORY", *categories, "Its categories")->required();
  set->add_option("--note", *note, "Why");
  set->callback([&, item, categories, note] {
    action = [&g, item, categories, note] { return SetGold(g, *item, *categories, *note); };
  });

  auto* import_cmd = gold->add_subcommand(
      "import", "Import gold labels: CSV item,category or JSON Lines {\"item\",\"categories\"}");
  auto file = std::make_shared<std::string>();
  import_cmd->add_option("FILE", *file, "The file")->required();
  import_cmd->callback([&, file] { action = [&g, file] { return ImportGold(g, *file); }; });

  auto* list = gold->add_subcommand("list", "List the gold labels");
  list->callback([&] { action = [&g] { return ListGold(g); }; });

  auto* report = gold->add_subcommand(
      "report", "Each annotator's accuracy against gold, per-category scores and the matrix");
  auto annotator = std::make_shared<std::string>();
  report->add_option("--annotator", *annotator, "Score this annotator alone");
  report->callback(
      [&, annotator] { action = [&g, annotator] { return ReportGold(g, *annotator); }; });

  auto* confusion = app.add_subcommand("confusion", "Confusion matrix of annotator A against B");
  auto pair = std::make_shared<std::pair<std::string, std::string>>();
  confusion->add_option("A", pair->first, "The annotator down the side (as truth)")->required();
  confusion->add_option("B", pair->second, "The annotator across")->required();
  confusion->callback(
      [&, pair] { action = [&g, pair] { return Confusion(g, pair->first, pair->second); }; });

  auto* consensus =
      app.add_subcommand("consensus",
                         "One label per item from every annotator's current labels (majority or "
                         "Dawid-Skene)");
  auto method = std::make_shared<std::string>("majority");
  consensus->add_option("--method", *method, "majority (default) or dawid-skene");
  consensus->callback([&, method] { action = [&g, method] { return Consensus(g, *method); }; });

  auto* over_time = app.add_subcommand(
      "over-time",
      "Alpha and gold accuracy per ISO week and per taxonomy release, by when each current "
      "label was made");
  auto per = std::make_shared<std::string>("all");
  over_time->add_option("--per", *per, "week, release or all (default)");
  over_time->callback([&, per] { action = [&g, per] { return OverTime(g, *per); }; });
}

}  // namespace taxa::cli
