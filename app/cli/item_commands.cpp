// import, label.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/items.h"
#include "session/json.h"
#include "session/labeling.h"

namespace taxa::cli {

namespace {

int Import(const Globals& g, const std::string& file, const std::string& format_name) {
  Result<core::ImportFormat> format = core::ParseImportFormat(format_name);
  if (!format.ok()) return Fail(format.status());
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::ImportReport> r = app::Items(*s).Import(file, *format);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
  } else if (r->added == 0) {
    std::printf("Nothing new: all %zu items of %s are already in the project.\n", r->read,
                file.c_str());
  } else {
    std::printf("Imported %zu new items from %s (%zu already present) as batch %s\n", r->added,
                file.c_str(), r->unchanged, r->batch.c_str());
  }
  return 0;
}

struct LabelArgs {
  std::string item;
  std::vector<std::string> categories;
  std::vector<std::string> attrs;
  std::string note;
  bool clear = false;
};

int Label(const Globals& g, const LabelArgs& a) {
  app::LabelRequest req;
  req.item = a.item;
  req.categories = a.categories;
  req.note = a.note;
  if (req.categories.empty() && !a.clear)
    return Fail(Status::InvalidInput("give at least one CATEGORY, or --clear to remove the label"));
  if (!req.categories.empty() && a.clear) {
    std::fprintf(stderr, "taxa: label: give CATEGORY or --clear, not both\n");
    return 2;
  }
  for (const std::string& kv : a.attrs) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Fail(Status::InvalidInput("--attr \"" + kv + "\": expected KEY=VALUE"));
    req.attributes[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<core::LabelEvent> e = app::Labeling(*s).Label(req);
  if (!e.ok()) return Fail(e.status());
  // A command-line label is one operation, so it is committed right away.
  // The label is durable already (journaled): a commit that fails now is
  // retried at the next start, so the exit code stays 0 and says so.
  if (Status st = s->Flush(); !st.ok())
    std::fprintf(stderr, "taxa: saved in the journal, not yet committed: %s\n",
                 st.message().c_str());
  if (g.json) {
    std::cout << app::ToJson(*e).dump() << "\n";
  } else {
    std::string cats;
    for (const std::string& c : e->categories) cats += (cats.empty() ? "" : ", ") + c;
    std::printf("Labeled %s as %s (by %s)\n", e->item.c_str(),
                cats.empty() ? "(cleared)" : cats.c_str(), e->annotator.c_str());
  }
  return 0;
}

}  // namespace

void AddItemCommands(CLI::App& app, Globals& g, Action& action) {
  auto import_file = std::make_shared<std::string>();
  auto import_format = std::make_shared<std::string>("auto");
  auto* imp = app.add_subcommand(
      "import", "Add items from JSON Lines ({\"id\",\"text\",\"meta\"}) or CSV (id,text,...)");
  imp->add_option("FILE", *import_file, "The file to read")->required();
  imp->add_option("--format", *import_format, "auto, jsonl or csv (default: by extension)");
  imp->callback([&, import_file, import_format] {
    action = [&g, import_file, import_format] { return Import(g, *import_file, *import_format); };
  });

  auto label_args = std::make_shared<LabelArgs>();
  auto* label = app.add_subcommand("label", "Record a label: ITEM in CATEGORY...");
  label->add_option("ITEM", label_args->item, "Item id")->required();
  label->add_option("CATEGORY", label_args->categories, "Category ids");
  label->add_option("--attr", label_args->attrs, "An attribute value KEY=VALUE (repeatable)");
  label->add_option("--note", label_args->note, "A note for reviewers (edge case, doubt)");
  label->add_flag("--clear", label_args->clear, "Remove your label from the item");
  label->callback([&, label_args] { action = [&g, label_args] { return Label(g, *label_args); }; });
}

}  // namespace taxa::cli
