// taxonomy add | edit | move | deprecate | merge | split | show | validate | release |
// releases | attribute add
#include <algorithm>
#include <cstdio>
#include <map>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/proposals.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"

namespace taxa::cli {

namespace {

struct CategoryArgs {
  std::string id, name, parent, definition, replaced_by, status, sensitive;
  std::string why;  // -m/--why: the commit's Taxa-Rationale
  bool root = false;
  core::CategoryEdit edit;
  std::vector<std::string> include, exclude, examples, near_misses, attributes;
};

// `taxa taxonomy --proposal NAME ...`: the edit is made in that proposal.
std::string& ProposalOption() {
  static std::string name;
  return name;
}

// Runs `fn` on a writable session (in the proposal of --proposal, if given)
// and prints `done` on success.
int Write(const Globals& g, const std::function<Status(app::Project&)>& fn,
          const std::string& done) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  if (!ProposalOption().empty()) {
    if (Status st = app::Proposals(*s).EditOn(ProposalOption()); !st.ok()) return Fail(st);
  }
  Status st = fn(*s);
  if (!st.ok()) return Fail(st);
  std::printf("%s\n", done.c_str());
  return 0;
}

Result<std::optional<bool>> ParseBool(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<bool>();
  if (text == "true" || text == "yes" || text == "1") return std::optional<bool>(true);
  if (text == "false" || text == "no" || text == "0") return std::optional<bool>(false);
  return Status::InvalidInput(std::string(flag) + " takes true or false, not \"" + text + "\"");
}

int Add(const Globals& g, const CategoryArgs& a) {
  core::Category c;
  c.id = a.id;
  c.name = a.name;
  c.parent = a.parent;
  c.definition = a.definition;
  c.include = a.include;
  c.exclude = a.exclude;
  c.examples = a.examples;
  c.near_misses = a.near_misses;
  c.attributes = a.attributes;
  Result<std::optional<bool>> sensitive = ParseBool(a.sensitive, "--sensitive");
  if (!sensitive.ok()) return Fail(sensitive.status());
  c.sensitive = sensitive->value_or(false);
  if (!a.status.empty()) {
    Result<core::CategoryStatus> st = core::ParseCategoryStatus(a.status);
    if (!st.ok()) return Fail(st.status());
    c.status = *st;
  }
  return Write(
      g, [&](app::Project& s) { return app::TaxonomyEdits(s).WithRationale(a.why).Add(c); },
      "Added category " + a.id);
}

int Edit(const Globals& g, CategoryArgs a) {
  if (!a.name.empty()) a.edit.name = a.name;
  if (!a.definition.empty()) a.edit.definition = a.definition;
  Result<std::optional<bool>> sensitive = ParseBool(a.sensitive, "--sensitive");
  if (!sensitive.ok()) return Fail(sensitive.status());
  a.edit.sensitive = *sensitive;
  if (!a.status.empty()) {
    Result<core::CategoryStatus> st = core::ParseCategoryStatus(a.status);
    if (!st.ok()) return Fail(st.status());
    a.edit.status = *st;
  }
  return Write(
      g, [&](app::Project& s) { return app::TaxonomyEdits(s).WithRationale(a.why).Edit(a.id, a.edit); },
      "Edited category " + a.id);
}

int Show(const Globals& g, bool details) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  const core::Taxonomy& t = s->taxonomy();
  if (g.json) {
    std::cout << app::ToJson(t).dump(2) << "\n";
    return 0;
  }
  if (t.size() == 0) {
    std::printf("The taxonomy is empty. Add a category with `taxa taxonomy add ID --name NAME`.\n");
    return 0;
  }
  for (const auto& [id, depth] : t.TreeOrder()) {
    const core::Category& c = *t.Find(id);
    std::string flags;
    if (c.status == core::CategoryStatus::kDeprecated)
      flags += c.replaced_by.empty() ? "  [deprecated]" : "  [deprecated -> " + c.replaced_by + "]";
    if (c.status == core::CategoryStatus::kDraft) flags += "  [draft]";
    if (c.sensitive) flags += "  [sensitive]";
    std::printf("%*s%s  %s%s\n", depth * 2, "", c.id.c_str(), c.name.c_str(), flags.c_str());
    if (details && !c.definition.empty())
      std::printf("%*s    %s\n", depth * 2, "", c.definition.c_str());
  }
  if (!t.attributes().empty()) {
    std::printf("\nAttributes:\n");
    for (const auto& [id, a] : t.attributes()) {
      std::string values;
      for (const std::string& v : a.values) values += (values.empty() ? "" : ", ") + v;
      std::printf("  %s  %s (%s%s)\n", id.c_str(), a.name.c_str(),
                  std::string(core::AttributeTypeName(a.type)).c_str(),
                  values.empty() ? "" : (": " + values).c_str());
    }
  }
  return 0;
}

int Validate(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  app::TaxonomyCheck check = app::TaxonomyEdits(*s).Check();
  if (g.json) {
    std::cout << app::ToJson(check).dump() << "\n";
    return check.valid() ? 0 : 1;
  }
  for (const std::string& p : check.problems) std::fprintf(stderr, "taxa: %s\n", p.c_str());
  if (!check.valid()) return 1;
  std::printf("The taxonomy is valid: %zu categories, %zu attributes.\n", check.categories,
              check.attributes);
  return 0;
}

int Release(const Globals& g, const app::ReleaseRequest& request) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<core::ReleaseManifest> m = app::Releases(*s).Release(request);
  if (!m.ok()) return Fail(m.status());
  if (g.json) {
    std::cout << app::ToJson(*m).dump(2) << "\n";  // as the manifest's file reads
    return 0;
  }
  const core::TaxonomyChanges& c = m->changes;
  std::printf("Released taxonomy %s (%zu categories, %zu deprecated)%s%s.\n", m->version.c_str(),
              m->categories, m->deprecated, m->previous.empty() ? "" : ", since ",
              m->previous.c_str());
  size_t merged = 0;  // the categories merged into another (each is deprecated too)
  for (const auto& [into, ids] : c.merged) merged += ids.size();
  std::printf(
      "  %zu added, %zu renamed, %zu moved, %zu redefined, %zu deprecated (%zu merged, %zu "
      "split); %zu ids migrate forward\n",
      c.added.size(), c.renamed.size(), c.moved.size(), c.redefined.size(), c.deprecated.size(),
      merged, c.split.size(), m->migration.size());
  for (const std::string& a : m->approvals) std::printf("  approved by %s\n", a.c_str());
  return 0;
}

int ListReleases(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<core::ReleaseManifest>> releases = app::Releases(*s).List();
  if (!releases.ok()) return Fail(releases.status());
  if (g.json) {
    std::cout << app::ToJson(*releases).dump() << "\n";
    return 0;
  }
  if (releases->empty()) std::printf("No taxonomy release yet (taxa taxonomy release VERSION).\n");
  for (const core::ReleaseManifest& m : *releases) {
    std::printf("%-12s %s  %-12s %zu categories  %s\n", m.version.c_str(), m.released.c_str(),
                m.released_by.c_str(), m.categories, m.changelog.c_str());
  }
  return 0;
}

struct AttributeArgs {
  std::string id, name, type, description, why;
  std::vector<std::string> values;
};

int AddAttribute(const Globals& g, const AttributeArgs& a) {
  core::Attribute attr;
  attr.id = a.id;
  attr.name = a.name.empty() ? a.id : a.name;
  Result<core::AttributeType> type = core::ParseAttributeType(a.type);
  if (!type.ok()) return Fail(type.status());
  attr.type = *type;
  attr.values = a.values;
  attr.description = a.description;
  return Write(
      g, [&](app::Project& s) { return app::TaxonomyEdits(s).WithRationale(a.why).AddAttribute(attr); },
      "Added attribute " + a.id);
}

void AddListOptions(CLI::App* cmd, CategoryArgs& a, bool edit) {
  if (!edit) {
    cmd->add_option("--include", a.include, "A rule for when to use it (repeatable)");
    cmd->add_option("--exclude", a.exclude, "A rule for when not to use it (repeatable)");
    cmd->add_option("--example", a.examples, "An example that belongs (repeatable)");
    cmd->add_option("--near-miss", a.near_misses, "A near miss that does not (repeatable)");
    cmd->add_option("--attribute", a.attributes, "An attribute id labels may carry (repeatable)");
    return;
  }
  core::CategoryEdit& e = a.edit;
  cmd->add_option("--add-include", e.add_include, "Add an include rule (repeatable)");
  cmd->add_option("--remove-include", e.remove_include, "Remove an include rule");
  cmd->add_option("--add-exclude", e.add_exclude, "Add an exclude rule (repeatable)");
  cmd->add_option("--remove-exclude", e.remove_exclude, "Remove an exclude rule");
  cmd->add_option("--add-example", e.add_examples, "Add an example (repeatable)");
  cmd->add_option("--remove-example", e.remove_examples, "Remove an example");
  cmd->add_option("--add-near-miss", e.add_near_misses, "Add a near-miss example (repeatable)");
  cmd->add_option("--remove-near-miss", e.remove_near_misses, "Remove a near-miss example");
  cmd->add_option("--add-attribute", e.add_attributes, "Let labels carry this attribute");
  cmd->add_option("--remove-attribute", e.remove_attributes, "Stop labels carrying it");
}

void AddWhyOption(CLI::App* cmd, std::string& why) {
  cmd->add_option("-m,--why", why, "Why: recorded with the change (its Taxa-Rationale)");
}

struct MergeArgs {
  std::vector<std::string> sources;
  std::string into, name, parent, definition, why;
};

int Merge(const Globals& g, const MergeArgs& a) {
  return Write(
      g,
      [&](app::Project& s) -> Status {
        core::Category into;
        into.id = a.into;
        if (s.taxonomy().Find(a.into) == nullptr) {
          // A new category: named and defined; without --parent,
          // Taxonomy::Merge places it beside the sources when they share one.
          if (a.name.empty())
            return Status::InvalidInput("category \"" + a.into +
                                        "\" does not exist: give --name (and --definition) to "
                                        "merge into a new category");
          if (a.definition.empty())
            return Status::InvalidInput("a new category \"" + a.into +
                                        "\" needs --definition");
          into.name = a.name;
          into.definition = a.definition;
          into.parent = a.parent;
        } else if (!a.name.empty() || !a.parent.empty() || !a.definition.empty()) {
          return Status::InvalidInput("category \"" + a.into +
                                      "\" exists: --name, --parent and --definition are for a "
                                      "new one (change it with `taxa taxonomy edit`)");
        }
        return app::TaxonomyEdits(s).WithRationale(a.why).Merge(a.sources, into);
      },
      "Merged " + std::to_string(a.sources.size()) + " categor" +
          (a.sources.size() == 1 ? "y" : "ies") + " into " + a.into);
}

struct SplitArgs {
  std::string id, why;
  std::vector<std::string> parts, rules, names;
};

// Reads "ID=TEXT" pairs of a repeatable option into `out`.
Status ReadPairs(const std::vector<std::string>& pairs, const char* flag,
                 std::map<std::string, std::string>& out) {
  for (const std::string& p : pairs) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0)
      return Status::InvalidInput(std::string(flag) + " takes PART=TEXT, not \"" + p + "\"");
    if (!out.emplace(p.substr(0, eq), p.substr(eq + 1)).second)
      return Status::InvalidInput(std::string(flag) + " names \"" + p.substr(0, eq) + "\" twice");
  }
  return Status::Ok();
}

int Split(const Globals& g, const SplitArgs& a) {
  std::map<std::string, std::string> rules, names;
  if (Status st = ReadPairs(a.rules, "--rule", rules); !st.ok()) return Fail(st);
  if (Status st = ReadPairs(a.names, "--name", names); !st.ok()) return Fail(st);
  for (const auto* given : {&rules, &names})
    for (const auto& [part, text] : *given)
      if (std::find(a.parts.begin(), a.parts.end(), part) == a.parts.end())
        return Fail(Status::InvalidInput("\"" + part + "\" is not one of the parts (--into)"));
  return Write(
      g,
      [&](app::Project& s) -> Status {
        std::vector<core::Category> parts;
        for (const std::string& id : a.parts) {
          core::Category part;
          part.id = id;
          const bool exists = s.taxonomy().Find(id) != nullptr;
          if (exists && (rules.count(id) || names.count(id)))
            return Status::InvalidInput("part \"" + id +
                                        "\" exists: --rule and --name are for new parts");
          if (!exists) {
            if (!rules.count(id))
              return Status::InvalidInput("part \"" + id + "\" is new: give its rule, --rule " +
                                          id + "=\"...\"");
            part.definition = rules.at(id);
            part.name = names.count(id) ? names.at(id) : id;
          }
          parts.push_back(std::move(part));
        }
        return app::TaxonomyEdits(s).WithRationale(a.why).Split(a.id, parts);
      },
      "Split category " + a.id + " into " + std::to_string(a.parts.size()) + " parts");
}

void AddMergeAndSplit(CLI::App* tax, Globals& g, Action& action) {
  auto merge_args = std::make_shared<MergeArgs>();
  auto* merge = tax->add_subcommand(
      "merge", "Merge categories into one (existing or new); their labels read as it");
  merge->add_option("IDS", merge_args->sources, "The categories to merge")->required();
  merge->add_option("--into", merge_args->into, "The category they become")->required();
  merge->add_option("--name", merge_args->name, "Name of a new --into category");
  merge->add_option("--parent", merge_args->parent, "Parent of a new --into category");
  merge->add_option("--definition", merge_args->definition, "Definition of a new --into category");
  AddWhyOption(merge, merge_args->why);
  merge->callback([&, merge_args] { action = [&g, merge_args] { return Merge(g, *merge_args); }; });

  auto split_args = std::make_shared<SplitArgs>();
  auto* split = tax->add_subcommand(
      "split", "Split a category into parts; its labels wait in the relabel queue");
  split->add_option("ID", split_args->id, "The category to split")->required();
  split->add_option("--into", split_args->parts, "The parts (existing or new), two or more")
      ->required();
  split->add_option("--rule", split_args->rules,
                    "PART=\"when to use it\": the definition of a new part (repeatable)");
  split->add_option("--name", split_args->names, "PART=NAME of a new part (default: its id)");
  AddWhyOption(split, split_args->why);
  split->callback([&, split_args] { action = [&g, split_args] { return Split(g, *split_args); }; });
}

}  // namespace

void AddTaxonomyCommands(CLI::App& app, Globals& g, Action& action) {
  auto* tax = app.add_subcommand("taxonomy", "Manage the categories and their guidelines");
  tax->require_subcommand(1);
  tax->add_option("--proposal", ProposalOption(),
                  "Make the change in this proposal (taxa propose), not on main");

  auto add_args = std::make_shared<CategoryArgs>();
  auto* add = tax->add_subcommand("add", "Add a category with a new, never reused id");
  add->add_option("ID", add_args->id, "Stable id: a-z 0-9 _ . -")->required();
  add->add_option("--name", add_args->name, "Name shown to annotators")->required();
  add->add_option("--parent", add_args->parent, "Parent category id (default: top level)");
  add->add_option("--definition", add_args->definition, "What the category means");
  add->add_option("--status", add_args->status, "draft or active (default: active)");
  add->add_option("--sensitive", add_args->sensitive, "true when it needs special handling");
  AddListOptions(add, *add_args, false);
  AddWhyOption(add, add_args->why);
  add->callback([&, add_args] { action = [&g, add_args] { return Add(g, *add_args); }; });

  auto edit_args = std::make_shared<CategoryArgs>();
  auto* edit = tax->add_subcommand("edit", "Change a category's fields");
  edit->add_option("ID", edit_args->id, "Category id")->required();
  edit->add_option("--name", edit_args->name, "New name");
  edit->add_option("--definition", edit_args->definition, "New definition");
  edit->add_option("--status", edit_args->status, "draft or active");
  edit->add_option("--sensitive", edit_args->sensitive, "true or false");
  AddListOptions(edit, *edit_args, true);
  AddWhyOption(edit, edit_args->why);
  edit->callback([&, edit_args] { action = [&g, edit_args] { return Edit(g, *edit_args); }; });

  auto move_args = std::make_shared<CategoryArgs>();
  auto* move = tax->add_subcommand("move", "Move a category under another parent");
  move->add_option("ID", move_args->id, "Category id")->required();
  auto* parent_opt = move->add_option("--parent", move_args->parent, "New parent id");
  auto* root_opt = move->add_flag("--root", move_args->root, "Move it to the top level");
  parent_opt->excludes(root_opt);
  AddWhyOption(move, move_args->why);
  move->callback([&, move_args, parent_opt, root_opt] {
    if (parent_opt->count() == 0 && root_opt->count() == 0)
      throw CLI::ValidationError("move", "give --parent ID or --root");
    action = [&g, move_args] {
      return Write(
          g,
          [&](app::Project& s) {
            return app::TaxonomyEdits(s).WithRationale(move_args->why).Move(move_args->id,
                                                                           move_args->parent);
          },
          "Moved category " + move_args->id);
    };
  });

  auto dep_args = std::make_shared<CategoryArgs>();
  auto* dep = tax->add_subcommand("deprecate", "Retire a category, naming what replaces it");
  dep->add_option("ID", dep_args->id, "Category id")->required();
  dep->add_option("--replaced-by", dep_args->replaced_by, "The category to use instead");
  AddWhyOption(dep, dep_args->why);
  AddMergeAndSplit(tax, g, action);
  dep->callback([&, dep_args] {
    action = [&g, dep_args] {
      return Write(
          g,
          [&](app::Project& s) {
            return app::TaxonomyEdits(s).WithRationale(dep_args->why).Deprecate(
                dep_args->id, dep_args->replaced_by);
          },
          "Deprecated category " + dep_args->id);
    };
  });

  auto show_details = std::make_shared<bool>(false);
  auto* show = tax->add_subcommand("show", "Print the category tree (--json for scripts)");
  show->add_flag("-d,--definitions", *show_details, "Print each definition under its name");
  show->callback(
      [&, show_details] { action = [&g, show_details] { return Show(g, *show_details); }; });

  auto* validate = tax->add_subcommand("validate", "Check the taxonomy files for problems");
  validate->callback([&] { action = [&g] { return Validate(g); }; });

  auto release_args = std::make_shared<app::ReleaseRequest>();
  auto* release = tax->add_subcommand(
      "release", "Release the taxonomy as a version (refused while merge conflicts are open)");
  release->add_option("VERSION", release_args->version, "Semantic version, e.g. 1.2.0")->required();
  release->add_option("--changelog,-m", release_args->changelog, "What changed, for people");
  auto gone = std::make_shared<std::vector<std::string>>();
  auto* approved_by = release->add_option("--approved-by", *gone)->group("");  // gone: see below
  release->callback([&, release_args, approved_by, gone] {
    if (approved_by->count() > 0)
      throw CLI::ValidationError(
          "--approved-by",
          "is gone: the person releasing (--as or TAXA_USER) must be a lead and is recorded as "
          "the approver; approve changes through proposals (taxa propose)");
    if (!ProposalOption().empty())
      throw CLI::ValidationError("--proposal", "a release is cut from main, not from a proposal");
    action = [&g, release_args] { return Release(g, *release_args); };
  });
  auto* releases = tax->add_subcommand("releases", "List the released taxonomy versions");
  releases->callback([&] { action = [&g] { return ListReleases(g); }; });

  AddTaxonomyExchangeCommands(*tax, g, action);

  auto* attr = tax->add_subcommand("attribute", "Manage attribute schemas");
  attr->require_subcommand(1);
  auto attr_args = std::make_shared<AttributeArgs>();
  auto* attr_add = attr->add_subcommand("add", "Add an attribute schema");
  attr_add->add_option("ID", attr_args->id, "Attribute id")->required();
  attr_add->add_option("--type", attr_args->type, "enum, bool, number or text")->required();
  attr_add->add_option("--name", attr_args->name, "Name shown to annotators");
  attr_add->add_option("--values", attr_args->values, "Allowed values of an enum")->delimiter(',');
  attr_add->add_option("--description", attr_args->description, "What it records");
  AddWhyOption(attr_add, attr_args->why);
  attr_add->callback(
      [&, attr_args] { action = [&g, attr_args] { return AddAttribute(g, *attr_args); }; });
}

}  // namespace taxa::cli
