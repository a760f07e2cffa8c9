// history, diff, blame, labels --made-under: the taxonomy's audit replay.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/taxonomy_history.h"
#include "session/utc_stamp.h"

namespace taxa::cli {

namespace {

std::string PointText(const app::HistoryPoint& p) {
  std::string s = p.commit.substr(0, 10) + " (" + app::UtcText(p.time) + ")";
  if (!p.version.empty()) s = "release " + p.version + ", commit " + s;
  return s;
}

int HistoryCommand(const Globals& g, const std::string& category, const std::string& as_of) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  app::TaxonomyHistory h(*s);
  Result<app::HistoryPoint> p = h.Resolve(as_of);
  if (!p.ok()) return Fail(p.status());
  Result<core::Taxonomy> t = h.TaxonomyAt(*p);
  if (!t.ok()) return Fail(t.status());
  const core::Category* c = nullptr;
  if (!category.empty()) {
    c = t->Find(category);
    if (c == nullptr)
      return Fail(Status::NotFound("no category \"" + category + "\" at " + PointText(*p)));
  }
  if (g.json) {
    nlohmann::ordered_json j;
    j["as_of"] = app::ToJson(*p);
    if (c != nullptr)
      j["category"] = app::CategoryFieldsJson(*c);
    else
      j["taxonomy"] = app::ToJson(*t);
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("As of %s:\n", PointText(*p).c_str());
  if (c != nullptr) {
    for (const auto& [field, value] : core::CategoryFieldValues(*c))
      std::printf("  %-12s %s\n", field.c_str(), value.c_str());
    return 0;
  }
  if (t->size() == 0) std::printf("  (no categories)\n");
  for (const auto& [id, depth] : t->TreeOrder()) {
    const core::Category& k = *t->Find(id);
    std::string flags;
    if (k.status == core::CategoryStatus::kDeprecated) {
      flags = "  [deprecated";
      if (!k.replaced_by.empty()) flags += " -> " + k.replaced_by;
      for (size_t i = 0; i < k.split_into.size(); ++i)
        flags += (i == 0 ? " -> split into " : ", ") + k.split_into[i];
      flags += "]";
    }
    if (k.status == core::CategoryStatus::kDraft) flags += "  [draft]";
    std::printf("  %*s%s  %s%s\n", depth * 2, "", k.id.c_str(), k.name.c_str(), flags.c_str());
  }
  return 0;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int DiffCommand(const Globals& g, const std::string& from, const std::string& to) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<core::TaxonomyChanges> c = app::TaxonomyHistory(*s).Diff(from, to);
  if (!c.ok()) return Fail(c.status());
  if (g.json) {
    std::cout << app::ToJson(*c).dump(2) << "\n";
    return 0;
  }
  if (c->empty()) {
    std::printf("No changes from %s to %s.\n", from.c_str(), to.c_str());
    return 0;
  }
  for (const std::string& id : c->added) std::printf("added       %s\n", id.c_str());
  for (const std::string& id : c->removed) std::printf("removed     %s\n", id.c_str());
  for (const auto& [id, name] : c->renamed) std::printf("renamed     %s -> \"%s\"\n", id.c_str(), name.c_str());
  for (const auto& [id, parent] : c->moved)
    std::printf("moved       %s -> %s\n", id.c_str(), parent.empty() ? "(top level)" : parent.c_str());
  for (const auto& [into, ids] : c->merged) std::printf("merged      %s -> %s\n", Join(ids).c_str(), into.c_str());
  for (const auto& [id, parts] : c->split) std::printf("split       %s -> %s\n", id.c_str(), Join(parts).c_str());
  for (const std::string& id : c->redefined) std::printf("redefined   %s\n", id.c_str());
  for (const auto& [id, by] : c->deprecated)
    std::printf("deprecated  %s%s\n", id.c_str(), by.empty() ? "" : (" -> " + by).c_str());
  if (!c->fields.empty()) std::printf("\nField by field:\n");
  for (const core::CategoryFieldChange& f : c->fields)
    std::printf("  %s.%s: %s -> %s\n", f.id.c_str(), f.field.c_str(), f.before.c_str(), f.after.c_str());
  return 0;
}

int BlameCommand(const Globals& g, const std::string& category) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::BlameField>> b = app::TaxonomyHistory(*s).Blame(category);
  if (!b.ok()) return Fail(b.status());
  if (g.json) {
    std::cout << app::ToJson(*b).dump(2) << "\n";
    return 0;
  }
  for (const app::BlameField& f : *b) {
    std::printf("%-12s %s\n", f.field.c_str(), f.value.c_str());
    std::printf("             %.10s %s %s", f.commit.c_str(), app::UtcText(f.time).c_str(), f.author.c_str());
    if (!f.rationale.empty()) std::printf("  why: %s", f.rationale.c_str());
    if (!f.approved_by.empty()) std::printf("  approved by: %s", Join(f.approved_by).c_str());
    if (!f.merged_in.empty()) std::printf("  (merged in %.10s)", f.merged_in.c_str());
    std::printf("\n");
  }
  return 0;
}

int LabelsCommand(const Globals& g, const std::string& version) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::MadeUnder> m = app::TaxonomyHistory(*s).LabelsMadeUnder(version);
  if (!m.ok()) return Fail(m.status());
  if (g.json) {
    std::cout << app::ToJson(*m).dump(2) << "\n";
    return 0;
  }
  for (const core::LabelEvent& e : m->labels)
    std::printf("%s  %-12s %s\n", e.item.c_str(), e.annotator.c_str(),
                e.categories.empty() ? "(cleared)" : Join(e.categories).c_str());
  std::printf("%zu label(s) made under %s", m->labels.size(), m->version.c_str());
  if (m->unresolved > 0)
    std::printf("; %zu recorded a taxonomy not found here", m->unresolved);
  std::printf("\n");
  return 0;
}

}  // namespace

void AddHistoryCommands(CLI::App& app, Globals& g, Action& action) {
  const char* point_help =
      "DATE (2026-12-01 = end of that day, or 2026-12-01T10:30:00Z; UTC), COMMIT (id or unique "
      "prefix) or VERSION (a release)";
  auto* history = app.add_subcommand(
      "history", "Show the taxonomy (or one category, every field) as it stood at a point");
  auto h_cat = std::make_shared<std::string>();
  auto h_as_of = std::make_shared<std::string>();
  history->add_option("CATEGORY", *h_cat, "One category's fields");
  history->add_option("--as-of", *h_as_of, point_help)->option_text("POINT");
  history->callback([&, h_cat, h_as_of] {
    action = [&g, h_cat, h_as_of] { return HistoryCommand(g, *h_cat, *h_as_of); };
  });

  auto* diff = app.add_subcommand(
      "diff", "What changed in the taxonomy between two points, category by category and field by field");
  auto d_from = std::make_shared<std::string>();
  auto d_to = std::make_shared<std::string>();
  diff->add_option("FROM", *d_from, point_help)->required();
  diff->add_option("TO", *d_to, point_help)->required();
  diff->callback([&, d_from, d_to] {
    action = [&g, d_from, d_to] { return DiffCommand(g, *d_from, *d_to); };
  });

  auto* blame = app.add_subcommand(
      "blame", "For each field of a category: its value, who changed it last, when, why, who approved");
  auto b_cat = std::make_shared<std::string>();
  blame->add_option("CATEGORY", *b_cat, "The category's id")->required();
  blame->callback([&, b_cat] { action = [&g, b_cat] { return BlameCommand(g, *b_cat); }; });

  auto* labels = app.add_subcommand("labels", "List the labels made under a release (--made-under), or import labels (labels import)");
  auto l_version = std::make_shared<std::string>();
  labels->add_option("--made-under", *l_version, "A released version (1.2.0)")
      ->option_text("VERSION");
  CLI::App* import = AddLabelImportCommand(*labels, g, action);
  labels->callback([&, l_version, import] {
    if (import->parsed()) return;  // `labels import` set the action
    if (l_version->empty()) throw CLI::RequiredError("--made-under");
    action = [&g, l_version] { return LabelsCommand(g, *l_version); };
  });
}

}  // namespace taxa::cli
