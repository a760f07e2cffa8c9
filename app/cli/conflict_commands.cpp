// conflicts, conflicts show, conflicts resolve.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/conflicts.h"
#include "session/json.h"

namespace taxa::cli {

namespace {

int ListConflicts(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto conflicts = app::Conflicts(*s).List();
  if (!conflicts.ok()) return Fail(conflicts.status());
  if (g.json) {
    std::cout << app::ToJson(*conflicts, app::JsonDetail::kBrief).dump() << "\n";
    return 0;
  }
  if (conflicts->empty()) {
    std::printf("No open conflicts.\n");
    return 0;
  }
  std::printf("%-10s  %-12s  %-40s  %s\n", "ID", "KIND", "PATH", "FIELD");
  for (const core::MergeConflict& c : *conflicts)
    std::printf("%-10s  %-12s  %-40s  %s\n", c.id.substr(0, 10).c_str(), c.kind.c_str(),
                c.path.c_str(), c.field.c_str());
  return 0;
}

int ShowConflict(const Globals& g, const std::string& id) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto c = app::Conflicts(*s).Get(id);
  if (!c.ok()) return Fail(c.status());
  const auto full = app::ToJson(*c, app::JsonDetail::kFull);
  if (g.json) {
    std::cout << full.dump() << "\n";
    return 0;
  }
  std::printf("Conflict %s (%s)\n%s, field \"%s\"\n", c->id.c_str(), c->kind.c_str(),
              c->path.c_str(), c->field.c_str());
  for (auto [name, side] : {std::pair{"base", &c->base}, std::pair{"ours", &c->ours},
                            std::pair{"theirs", &c->theirs}}) {
    std::string text = *side ? full[name].dump(2) : "(absent)";
    std::printf("\n%s:\n%s\n", name, text.c_str());
  }
  std::printf("\nResolve with: taxa conflicts resolve %s --take ours|theirs|base|VALUE\n",
              c->id.substr(0, 10).c_str());
  return 0;
}

int ResolveConflict(const Globals& g, const std::string& id, const std::string& take) {
  const app::Resolution r = app::ParseResolution(take);
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  auto c = app::Conflicts(*s).Get(id);
  if (!c.ok()) return Fail(c.status());
  Status st = app::Conflicts(*s).Resolve(c->id, r);
  if (!st.ok()) return Fail(st);
  if (g.json) {
    std::cout << app::ToJson(app::ResolvedConflict{*c, r}).dump() << "\n";
    return 0;
  }
  std::printf("Resolved conflict %s: %s %s\n", c->id.substr(0, 10).c_str(), c->path.c_str(),
              c->field.c_str());
  return 0;
}

}  // namespace

void AddConflictCommands(CLI::App& app, Globals& g, Action& action) {
  auto* conflicts = app.add_subcommand("conflicts", "List the conflicts a merge recorded");
  conflicts->callback([&, conflicts] {
    if (conflicts->get_subcommands().empty()) action = [&g] { return ListConflicts(g); };
  });

  auto* show = conflicts->add_subcommand("show", "Show a conflict's base, ours and theirs values");
  auto show_id = std::make_shared<std::string>();
  show->add_option("ID", *show_id, "The conflict's id, or a prefix of at least 6 characters")
      ->required();
  show->callback([&, show_id] { action = [&g, show_id] { return ShowConflict(g, *show_id); }; });

  auto* resolve = conflicts->add_subcommand("resolve", "Resolve a conflict (one commit)");
  auto resolve_id = std::make_shared<std::string>();
  auto resolve_take = std::make_shared<std::string>();
  resolve->add_option("ID", *resolve_id, "The conflict's id, or a prefix of at least 6 characters")
      ->required();
  resolve
      ->add_option("--take", *resolve_take,
                   "ours, theirs, base, or a JSON value (plain text is taken as a string)")
      ->option_text("ours|theirs|base|VALUE")
      ->required();
  resolve->callback([&, resolve_id, resolve_take] {
    action = [&g, resolve_id, resolve_take] {
      return ResolveConflict(g, *resolve_id, *resolve_take);
    };
  });
}

}  // namespace taxa::cli
