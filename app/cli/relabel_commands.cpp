// relabel list | next: the labels a split or retired category left outdated.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/relabel.h"

namespace taxa::cli {

namespace {

std::string Joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

void PrintEntry(const app::RelabelEntry& e) {
  std::printf("%-20s %-16s %-24s %s\n", e.item.c_str(), e.annotator.c_str(),
              Joined(e.recorded).c_str(),
              e.choices.empty() ? "(retired: any current category)" : Joined(e.choices).c_str());
}

int List(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::RelabelEntry>> queue = app::Relabel(*s).List();
  if (!queue.ok()) return Fail(queue.status());
  if (g.json) {
    std::cout << app::ToJson(*queue).dump() << "\n";
    return 0;
  }
  if (queue->empty()) {
    std::printf("Nothing to relabel: every label reads in the current taxonomy.\n");
    return 0;
  }
  std::printf("%-20s %-16s %-24s %s\n", "item", "annotator", "recorded", "choose from");
  for (const app::RelabelEntry& e : *queue) PrintEntry(e);
  std::printf("%zu outdated label%s\n", queue->size(), queue->size() == 1 ? "" : "s");
  return 0;
}

int Next(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::optional<app::RelabelEntry>> next = app::Relabel(*s).Next();
  if (!next.ok()) return Fail(next.status());
  if (g.json) {
    std::cout << (*next ? app::ToJson(**next) : nlohmann::ordered_json(nullptr)).dump() << "\n";
    return 0;
  }
  if (!*next) {
    std::printf("Nothing to relabel for %s.\n", s->user().c_str());
    return 0;
  }
  const app::RelabelEntry& e = **next;
  std::printf("%s\n", e.item.c_str());
  std::printf("  labeled %s by %s; choose from %s\n", Joined(e.recorded).c_str(),
              e.annotator.c_str(),
              e.choices.empty() ? "any current category" : Joined(e.choices).c_str());
  std::printf("  taxa label %s CATEGORY\n", e.item.c_str());
  return 0;
}

}  // namespace

void AddRelabelCommands(CLI::App& app, Globals& g, Action& action) {
  auto* relabel = app.add_subcommand(
      "relabel", "Labels a split or retired category left outdated, waiting to be relabeled");
  relabel->require_subcommand(1);
  relabel->add_subcommand("list", "Every outdated label: item, annotator, recorded, choices")
      ->callback([&] { action = [&g] { return List(g); }; });
  relabel->add_subcommand("next", "The next item for you (--as) to relabel")
      ->callback([&] { action = [&g] { return Next(g); }; });
}

}  // namespace taxa::cli
