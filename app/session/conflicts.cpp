// Conflicts: listing, showing and resolving the conflict records a merge wrote.
#include "session/conflicts.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "session/internal/project_state.h"
#include <nlohmann/json.hpp>

#include "taxa/core/layout.h"

namespace taxa::app {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view kConflictsDir = "conflicts/";
constexpr size_t kMinPrefix = 6;

std::string ConflictPath(const std::string& id) {
  return std::string(kConflictsDir) + id + ".json";
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

enum class FileKind { kCategory, kAttribute, kSettings, kOther };

FileKind KindOf(const std::string& path) {
  if (path == core::kSettingsPath) return FileKind::kSettings;
  if (core::layout::JsonFileStem(path, core::kCategoriesDir)) return FileKind::kCategory;
  if (core::layout::JsonFileStem(path, core::kAttributesDir)) return FileKind::kAttribute;
  return FileKind::kOther;
}

// `bytes` decoded and re-encoded through the codec of its kind of file, so
// the result is canonical; errors name `path`.
Result<std::string> Canonical(FileKind kind, const std::string& bytes, const std::string& path) {
  switch (kind) {
    case FileKind::kCategory: {
      TAXA_ASSIGN_OR_RETURN(core::Category c, core::DecodeCategory(bytes, path));
      return core::EncodeCategory(c);
    }
    case FileKind::kAttribute: {
      TAXA_ASSIGN_OR_RETURN(core::Attribute a, core::DecodeAttribute(bytes, path));
      return core::EncodeAttribute(a);
    }
    case FileKind::kSettings: {
      TAXA_ASSIGN_OR_RETURN(core::ProjectSettings s, core::DecodeSettings(bytes));
      return core::EncodeSettings(s);
    }
    case FileKind::kOther:
      break;
  }
  return Status::FailedPrecondition(path + ": not a category, attribute or settings file");
}

// A conflict file keeps its sides in a fixed order, the same on every
// replica; here "ours" is this replica's side: the one whose commit our main
// once held, when exactly one side's did.
core::MergeConflict AsSeenHere(core::MergeConflict c, const std::set<std::string>& held) {
  const bool ours_here = !c.ours_from.empty() && held.count(c.ours_from) > 0;
  const bool theirs_here = !c.theirs_from.empty() && held.count(c.theirs_from) > 0;
  if (theirs_here && !ours_here) {
    std::swap(c.ours, c.theirs);
    std::swap(c.ours_from, c.theirs_from);
  }
  return c;
}

}  // namespace

std::string_view TakeName(Resolution::Take t) {
  switch (t) {
    case Resolution::Take::kOurs:
      return "ours";
    case Resolution::Take::kTheirs:
      return "theirs";
    case Resolution::Take::kBase:
      return "base";
    case Resolution::Take::kValue:
      return "value";
  }
  return "value";
}

Resolution ParseResolution(std::string_view text) {
  for (Resolution::Take side :
       {Resolution::Take::kOurs, Resolution::Take::kTheirs, Resolution::Take::kBase})
    if (text == TakeName(side)) return {.take = side};
  ordered_json j = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  return {.take = Resolution::Take::kValue,
          .value = j.is_discarded() ? ordered_json(std::string(text)).dump() : j.dump()};
}

Conflicts::Conflicts(Project& project) : s_(project.state()) {}

Result<std::vector<core::MergeConflict>> Conflicts::List() {
  TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder(std::string(kConflictsDir)));
  // The commits our main has held: a side that came from one of them is ours.
  // (Without a reflog the stored order stands.)
  Result<std::set<std::string>> held = s_.repo().ReflogTargets("refs/heads/main");
  std::vector<core::MergeConflict> out;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".json")) continue;
    TAXA_ASSIGN_OR_RETURN(core::MergeConflict c, core::DecodeConflict(bytes, path));
    if (held.ok()) c = AsSeenHere(std::move(c), *held);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const core::MergeConflict& a, const core::MergeConflict& b) {
    return std::tie(a.path, a.field, a.id) < std::tie(b.path, b.field, b.id);
  });
  return out;
}

Result<core::MergeConflict> Conflicts::Get(const std::string& id) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::MergeConflict> all, List());
  std::vector<const core::MergeConflict*> matches;
  for (const core::MergeConflict& c : all) {
    if (c.id == id) return c;
    if (id.size() >= kMinPrefix && StartsWith(c.id, id)) matches.push_back(&c);
  }
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1)
    return Status::InvalidInput("conflict id prefix \"" + id + "\" matches " +
                                std::to_string(matches.size()) + " conflicts; give more of it");
  return Status::NotFound(
      "no open conflict \"" + id + "\"" +
      (id.size() < kMinPrefix && !id.empty() ? " (an id prefix needs at least 6 characters)" : ""));
}

Status Conflicts::Resolve(const std::string& id, const Resolution& r) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_ASSIGN_OR_RETURN(core::MergeConflict c, Get(id));
  const std::string where = "conflict " + c.id.substr(0, 10) + " (" + c.path + " " + c.field + ")";

  std::optional<std::string> chosen;
  switch (r.take) {
    case Resolution::Take::kOurs:
      chosen = c.ours;
      break;
    case Resolution::Take::kTheirs:
      chosen = c.theirs;
      break;
    case Resolution::Take::kBase:
      chosen = c.base;
      break;
    case Resolution::Take::kValue:
      chosen = r.value;
      break;
  }
  std::optional<ordered_json> value;
  if (chosen) {
    value = ordered_json::parse(*chosen, nullptr, /*allow_exceptions=*/false);
    if (value->is_discarded())
      return Status::InvalidInput(where + ": the value is not JSON: " + *chosen);
  }

  FileKind kind = KindOf(c.path);
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> current, s_.repo().ReadFile(c.path));
  std::vector<sync::FileWrite> files;

  if (c.kind == "field" || c.kind == "cycle") {
    if (kind == FileKind::kOther)
      return Status::FailedPrecondition(where +
                                        ": only category, attribute and settings files "
                                        "can be resolved here; edit " +
                                        c.path + " by hand and commit it");
    if (c.field == "id" || c.field == "format")
      return Status::FailedPrecondition(where + ": field \"" + c.field +
                                        "\" cannot be changed by resolving");
    if (!current) return Status::FailedPrecondition(where + ": " + c.path + " no longer exists");
    ordered_json doc = ordered_json::parse(*current, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
      return Status::FailedPrecondition(where + ": " + c.path + " is not a JSON object");
    if (value)
      doc[c.field] = *value;
    else
      doc.erase(c.field);
    Result<std::string> bytes = Canonical(kind, doc.dump(), c.path);
    if (!bytes.ok())
      return Status::InvalidInput(where + ": the value does not fit: " + bytes.status().message());
    // A field the codec does not keep, or normalizes to something else, would
    // silently lose the choice.
    ordered_json written = ordered_json::parse(*bytes);
    if (value && (!written.contains(c.field) || written[c.field] != *value))
      return Status::InvalidInput(where + ": field \"" + c.field + "\" cannot hold " +
                                  value->dump());
    if (*bytes != *current) files.push_back({c.path, *bytes});
  } else if (c.kind == "edit-delete") {
    if (r.take == Resolution::Take::kValue)
      return Status::FailedPrecondition(where +
                                        ": an edit-delete conflict is resolved by "
                                        "--take ours, theirs or base (keep or delete "
                                        "the file)");
    if (kind == FileKind::kOther || kind == FileKind::kSettings)
      return Status::FailedPrecondition(where +
                                        ": only category and attribute files can be "
                                        "kept or deleted here");
    if (value) {
      Result<std::string> bytes = Canonical(kind, value->dump(), c.path);
      if (!bytes.ok()) return Status::InvalidInput(where + ": " + bytes.status().message());
      if (!current || *bytes != *current) files.push_back({c.path, *bytes});
    } else if (current) {
      files.push_back({c.path, std::nullopt});
    }
  } else if (c.kind == "sibling-name") {
    // Closing the record is all there is to do, once the names differ.
    std::set<std::string> ids;
    for (const auto& side : {c.base, c.ours, c.theirs}) {
      if (!side) continue;
      ordered_json list = ordered_json::parse(*side, nullptr, false);
      if (!list.is_array()) continue;
      for (const auto& e : list)
        if (e.is_string()) ids.insert(e.get<std::string>());
    }
    std::vector<const core::Category*> cats;
    for (const std::string& cat_id : ids)
      if (const core::Category* cat = s_.taxonomy().Find(cat_id)) cats.push_back(cat);
    for (size_t i = 0; i < cats.size(); ++i)
      for (size_t j = i + 1; j < cats.size(); ++j)
        if (cats[i]->parent == cats[j]->parent && cats[i]->name == cats[j]->name)
          return Status::FailedPrecondition(where + ": categories " + cats[i]->id + " and " +
                                            cats[j]->id + " are still both named \"" +
                                            cats[i]->name +
                                            "\"; rename one first with `taxa "
                                            "taxonomy edit ID --name ...`");
  } else {
    return Status::FailedPrecondition(where + ": conflicts of kind \"" + c.kind +
                                      "\" cannot be resolved here");
  }

  // Refuse a change that gives the taxonomy a problem it did not have.
  if (!files.empty() && kind != FileKind::kSettings) {
    TAXA_ASSIGN_OR_RETURN(auto tax_files, s_.repo().ReadFolder("taxonomy/"));
    for (const sync::FileWrite& f : files) {
      if (f.bytes)
        tax_files[f.path] = *f.bytes;
      else
        tax_files.erase(f.path);
    }
    TAXA_ASSIGN_OR_RETURN(core::Taxonomy next, core::DecodeTaxonomy(tax_files));
    std::vector<std::string> before = s_.taxonomy().Validate();
    std::set<std::string> known(before.begin(), before.end());
    for (const std::string& problem : next.Validate())
      if (!known.count(problem))
        return Status::InvalidInput(where + ": refused, it would break the taxonomy: " + problem);
  }

  files.push_back({ConflictPath(c.id), std::nullopt});
  TAXA_RETURN_IF_ERROR(
      s_.CommitFiles(files, s_.Meta("Resolve conflict " + c.id + ": " + c.path + " " + c.field,
                                    {{"Taxa-Action", "conflict.resolve"},
                                     {"Taxa-Conflict", c.id},
                                     {"Taxa-Resolution", std::string(TakeName(r.take))}})));
  return s_.Load();
}

}  // namespace taxa::app
