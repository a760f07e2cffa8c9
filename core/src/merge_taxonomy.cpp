// Field-by-field three-way merge of the taxonomy and settings (merge.h).
//
// Each structured file is decoded, re-encoded canonically and parsed as an
// ordered JSON object; fields are merged generically on those objects (arrays
// of strings as lists, everything else as scalars), and the merged object is
// decoded and encoded again, so the output is the canonical encoding. Then the
// whole-tree rules run on the merged categories: restore deleted files still
// referred to, break parent cycles, report clashing sibling names.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "taxa/core/merge.h"
#include "taxa/core/sha256.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {

namespace {

using Json = nlohmann::ordered_json;
using OptJson = std::optional<Json>;

enum class FileKind { kCategory, kAttribute, kSettings, kOther };

FileKind KindOf(const std::string& path) {
  if (path == kSettingsPath) return FileKind::kSettings;
  if (path.ends_with(".json")) {
    if (path.starts_with(kCategoriesDir) &&
        path.find('/', kCategoriesDir.size()) == std::string::npos)
      return FileKind::kCategory;
    if (path.starts_with(kAttributesDir) &&
        path.find('/', kAttributesDir.size()) == std::string::npos)
      return FileKind::kAttribute;
  }
  return FileKind::kOther;
}

// The canonical bytes of one structured file (decoded and encoded again).
Result<std::string> Canonical(FileKind kind, const std::string& path, std::string_view bytes) {
  switch (kind) {
    case FileKind::kCategory: {
      TAXA_ASSIGN_OR_RETURN(Category c, DecodeCategory(bytes, path));
      return EncodeCategory(c);
    }
    case FileKind::kAttribute: {
      TAXA_ASSIGN_OR_RETURN(Attribute a, DecodeAttribute(bytes, path));
      return EncodeAttribute(a);
    }
    case FileKind::kSettings: {
      TAXA_ASSIGN_OR_RETURN(ProjectSettings s, DecodeSettings(bytes));
      return EncodeSettings(s);
    }
    case FileKind::kOther:
      break;
  }
  return std::string(bytes);
}

// A file as a JSON value: the object of a structured file, a string holding
// the bytes of any other file.
Result<OptJson> Load(FileKind kind, const std::string& path, const FileMap& files,
                     const char* side) {
  auto it = files.find(path);
  if (it == files.end()) return OptJson();
  if (kind == FileKind::kOther) return OptJson(Json(it->second));
  Result<std::string> canon = Canonical(kind, path, it->second);
  if (!canon.ok()) return canon.status().WithPrefix(side);
  return OptJson(Json::parse(*canon));
}

std::optional<std::string> Text(const OptJson& j) {
  if (!j) return std::nullopt;
  return j->dump();
}

std::optional<std::string> FieldText(const OptJson& obj, const std::string& field) {
  if (!obj || !obj->is_object() || !obj->contains(field)) return std::nullopt;
  return (*obj)[field].dump();
}

MergeConflict MakeConflict(std::string path, std::string field, std::string kind,
                           std::optional<std::string> base, std::optional<std::string> ours,
                           std::optional<std::string> theirs) {
  MergeConflict c{"", std::move(path), std::move(field), std::move(kind),
                  std::move(base), std::move(ours), std::move(theirs)};
  c.id = ConflictId(c);
  return c;
}

bool IsStringArray(const Json& j) {
  return j.is_array() && std::all_of(j.begin(), j.end(), [](const Json& v) { return v.is_string(); });
}

std::vector<std::string> Strings(const Json* j) {
  std::vector<std::string> out;
  if (j && j->is_array())
    for (const Json& v : *j) out.push_back(v.get<std::string>());
  return out;
}

struct ListMerge {
  std::vector<std::string> value;
  bool order_conflict = false;
};

// Three-way list merge treating entries as set members that also have an
// order. The entries of base kept by both sides form a skeleton (in the order
// a side changed it to, base order if both changed it differently); each
// side's additions follow the skeleton entry they followed on that side, the
// smaller of two additions runs first when both sides added in one place.
ListMerge MergeList(const std::vector<std::string>& b, const std::vector<std::string>& o,
                    const std::vector<std::string>& t) {
  if (o == t) return {o};
  if (o == b) return {t};
  if (t == b) return {o};
  const std::set<std::string> bs(b.begin(), b.end()), os(o.begin(), o.end()),
      ts(t.begin(), t.end());
  auto kept_in = [&](const std::vector<std::string>& side) {
    std::vector<std::string> kept;
    std::set<std::string> seen;
    for (const std::string& x : side)
      if (bs.count(x) && os.count(x) && ts.count(x) && seen.insert(x).second) kept.push_back(x);
    return kept;
  };
  std::vector<std::string> kb = kept_in(b), ko = kept_in(o), kt = kept_in(t);
  ListMerge out;
  std::vector<std::string> skeleton;
  if (ko == kt || kt == kb) {
    skeleton = ko;
  } else if (ko == kb) {
    skeleton = kt;
  } else {
    skeleton = kb;
    out.order_conflict = true;
  }
  std::map<std::string, size_t> gap_after;  // entry -> the gap that follows it
  for (size_t i = 0; i < skeleton.size(); ++i) gap_after[skeleton[i]] = i + 1;
  auto additions = [&](const std::vector<std::string>& side) {
    std::vector<std::vector<std::string>> gaps(skeleton.size() + 1);
    size_t gap = 0;
    for (const std::string& x : side) {
      if (auto it = gap_after.find(x); it != gap_after.end()) {
        gap = it->second;
      } else if (!bs.count(x)) {
        gaps[gap].push_back(x);
      }
    }
    return gaps;
  };
  std::vector<std::vector<std::string>> go = additions(o), gt = additions(t);
  std::set<std::string> emitted;
  auto emit = [&](const std::string& x) {
    if (emitted.insert(x).second) out.value.push_back(x);
  };
  for (size_t g = 0; g <= skeleton.size(); ++g) {
    if (g > 0) emit(skeleton[g - 1]);
    const auto& first = std::min(go[g], gt[g]);
    const auto& second = std::max(go[g], gt[g]);
    for (const std::string& x : first) emit(x);
    for (const std::string& x : second) emit(x);
  }
  return out;
}

// Merges the fields of three versions of one object. `has_base` is false
// when the file is new on both sides: a clash then keeps the smaller value.
Json MergeFields(const std::string& path, const OptJson& b, const Json& o, const Json& t,
                 std::vector<MergeConflict>& conflicts) {
  std::vector<std::string> keys;
  for (const Json* j : {b ? &*b : nullptr, &o, &t}) {
    if (!j) continue;
    for (auto it = j->begin(); it != j->end(); ++it)
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
  }
  Json merged = Json::object();
  for (const std::string& key : keys) {
    const Json* bv = b && b->contains(key) ? &(*b)[key] : nullptr;
    const Json* ov = o.contains(key) ? &o[key] : nullptr;
    const Json* tv = t.contains(key) ? &t[key] : nullptr;
    auto same = [](const Json* x, const Json* y) {
      return x == y || (x && y && *x == *y);
    };
    auto report = [&] {
      auto text = [](const Json* j) {
        return j ? std::optional<std::string>(j->dump()) : std::nullopt;
      };
      conflicts.push_back(MakeConflict(path, key, "field", text(bv), text(ov), text(tv)));
    };
    bool list = (ov || tv) && (!ov || IsStringArray(*ov)) && (!tv || IsStringArray(*tv)) &&
                (!bv || IsStringArray(*bv));
    if (list && !same(ov, tv)) {
      ListMerge m = MergeList(Strings(bv), Strings(ov), Strings(tv));
      if (m.order_conflict) report();
      merged[key] = m.value;
      continue;
    }
    const Json* pick;
    if (same(ov, tv) || same(tv, bv)) {
      pick = ov;
    } else if (same(ov, bv)) {
      pick = tv;
    } else {
      report();
      if (b) {
        pick = bv;
      } else {
        std::string os = ov ? ov->dump() : "", ts = tv ? tv->dump() : "";
        pick = os <= ts ? ov : tv;
      }
    }
    if (pick) merged[key] = *pick;
  }
  return merged;
}

// The file's canonical bytes for a merged value.
Result<std::string> EncodeMerged(FileKind kind, const std::string& path, const Json& value) {
  if (kind == FileKind::kOther) return value.get<std::string>();
  Result<std::string> canon = Canonical(kind, path, value.dump());
  if (!canon.ok())
    return Status::Internal("merging " + path + " produced an invalid file: " +
                            canon.status().message());
  return canon;
}

struct Versions {
  FileKind kind;
  OptJson base, ours, theirs;
  OptJson merged;
};

using Tree = std::map<std::string, Versions>;

// Merges one file's three versions into v.merged.
void MergeFile(const std::string& path, Versions& v, std::vector<MergeConflict>& conflicts) {
  const OptJson &b = v.base, &o = v.ours, &t = v.theirs;
  if (o == t) {
    v.merged = o;
  } else if (o == b) {
    v.merged = t;
  } else if (t == b) {
    v.merged = o;
  } else if (!o || !t) {
    // Edited on one side, deleted on the other: keep the edit.
    v.merged = o ? o : t;
    conflicts.push_back(MakeConflict(path, "file", "edit-delete", Text(b), Text(o), Text(t)));
  } else if (v.kind == FileKind::kOther) {
    conflicts.push_back(MakeConflict(path, "file", "field", Text(b), Text(o), Text(t)));
    v.merged = b ? b : (o->dump() <= t->dump() ? o : t);
  } else {
    v.merged = MergeFields(path, b, *o, *t, conflicts);
  }
}

// Restores a deleted file that the merged tree refers to. Returns true when
// it changed the tree.
bool Restore(Tree& tree, const std::string& path, std::vector<MergeConflict>& conflicts) {
  auto it = tree.find(path);
  if (it == tree.end() || it->second.merged) return false;
  Versions& v = it->second;
  // Deleted here means deleted on one side and unchanged on the other, or
  // deleted on both: keep what a side still holds, else the base.
  v.merged = v.ours ? v.ours : v.theirs ? v.theirs : v.base;
  if (!v.merged) return false;
  conflicts.push_back(
      MakeConflict(path, "file", "edit-delete", Text(v.base), Text(v.ours), Text(v.theirs)));
  return true;
}

bool RestoreReferenced(Tree& tree, std::vector<MergeConflict>& conflicts) {
  std::vector<std::string> wanted;
  for (const auto& [path, v] : tree) {
    if (v.kind != FileKind::kCategory || !v.merged) continue;
    const Json& c = *v.merged;
    if (c.contains("parent") && c["parent"].is_string())
      wanted.push_back(CategoryPath(c["parent"].get<std::string>()));
    if (c.contains("replaced_by") && c["replaced_by"].is_string())
      wanted.push_back(CategoryPath(c["replaced_by"].get<std::string>()));
    if (c.contains("attributes"))
      for (const std::string& a : Strings(&c["attributes"])) wanted.push_back(AttributePath(a));
  }
  bool changed = false;
  for (const std::string& path : wanted) changed |= Restore(tree, path, conflicts);
  return changed;
}

std::string ParentOf(const OptJson& c) {
  if (!c || !c->contains("parent") || !(*c)["parent"].is_string()) return "";
  return (*c)["parent"].get<std::string>();
}

// Finds parent cycles among the merged categories and reverts the moves in
// each to their base parent. Returns true when it changed the tree.
bool BreakCycles(Tree& tree, std::vector<MergeConflict>& conflicts) {
  std::map<std::string, std::string> parent;  // id -> parent id
  for (const auto& [path, v] : tree)
    if (v.kind == FileKind::kCategory && v.merged)
      parent[(*v.merged)["id"].get<std::string>()] = ParentOf(v.merged);
  std::map<std::string, int> state;  // 1: on the current walk, 2: done
  bool changed = false;
  for (const auto& [start, unused] : parent) {
    std::vector<std::string> walk;
    std::string at = start;
    while (!at.empty() && parent.count(at) && state[at] == 0) {
      state[at] = 1;
      walk.push_back(at);
      at = parent[at];
    }
    if (!at.empty() && parent.count(at) && state[at] == 1) {
      // `at` starts a cycle: the tail of the walk from it.
      auto from = std::find(walk.begin(), walk.end(), at);
      for (auto it = from; it != walk.end(); ++it) {
        Versions& v = tree.at(CategoryPath(*it));
        const std::string base_parent = ParentOf(v.base);
        if (ParentOf(v.merged) == base_parent) continue;
        conflicts.push_back(MakeConflict(CategoryPath(*it), "parent", "cycle",
                                         FieldText(v.base, "parent"), FieldText(v.ours, "parent"),
                                         FieldText(v.theirs, "parent")));
        (*v.merged)["parent"] = base_parent.empty() ? Json(nullptr) : Json(base_parent);
        changed = true;
      }
    }
    for (const std::string& id : walk) state[id] = 2;
  }
  return changed;
}

// The (parent, name) a category version sits at, if it exists.
std::optional<std::pair<std::string, std::string>> Placement(const OptJson& c) {
  if (!c) return std::nullopt;
  return std::make_pair(ParentOf(c), (*c)["name"].get<std::string>());
}

void ReportSiblingNames(const Tree& tree, std::vector<MergeConflict>& conflicts) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> groups;  // -> paths
  for (const auto& [path, v] : tree)
    if (v.kind == FileKind::kCategory && v.merged) groups[*Placement(v.merged)].push_back(path);
  for (const auto& group : groups) {
    // Plain references, not a structured binding: clang 14 (the fuzz
    // build) cannot capture one in the lambda below.
    const std::pair<std::string, std::string>& place = group.first;
    const std::vector<std::string>& paths = group.second;
    if (paths.size() < 2) continue;
    auto ids_at = [&](OptJson Versions::*side) -> std::optional<std::string> {
      Json ids = Json::array();
      for (const std::string& p : paths) {
        const OptJson& c = tree.at(p).*side;
        if (Placement(c) == place) ids.push_back((*c)["id"]);
      }
      if (ids.empty()) return std::nullopt;
      return ids.dump();
    };
    std::optional<std::string> base = ids_at(&Versions::base);
    // Already clashing in the base: not something this merge did.
    Json all = Json::array();
    for (const std::string& p : paths) all.push_back((*tree.at(p).merged)["id"]);
    if (base == all.dump()) continue;
    conflicts.push_back(MakeConflict(paths.front(), "name", "sibling-name", base,
                                     ids_at(&Versions::ours), ids_at(&Versions::theirs)));
  }
}

void AppendOptional(std::string& out, const std::optional<std::string>& s) {
  if (!s) {
    out += '0';
  } else {
    out += '1';
    out += std::to_string(s->size());
    out += ':';
    out += *s;
  }
}

}  // namespace

std::string ConflictId(const MergeConflict& c) {
  std::string key = "taxa-conflict-v1\n" + c.kind + "\n" + c.path + "\n" + c.field + "\n";
  AppendOptional(key, c.base);
  auto lo = std::min(c.ours, c.theirs), hi = std::max(c.ours, c.theirs);
  AppendOptional(key, lo);
  AppendOptional(key, hi);
  return Sha256Hex(key).substr(0, 32);
}

MergeConflict CanonicalSides(MergeConflict c) {
  if (c.theirs < c.ours) {
    std::swap(c.ours, c.theirs);
    std::swap(c.ours_from, c.theirs_from);
  }
  return c;
}

Result<TreeMergeResult> MergeTaxonomyFiles(const FileMap& base, const FileMap& ours,
                                           const FileMap& theirs) {
  Tree tree;
  std::vector<MergeConflict> conflicts;
  for (const FileMap* files : {&base, &ours, &theirs})
    for (const auto& [path, bytes] : *files) tree[path].kind = KindOf(path);
  for (auto& [path, v] : tree) {
    TAXA_ASSIGN_OR_RETURN(v.base, Load(v.kind, path, base, "base"));
    TAXA_ASSIGN_OR_RETURN(v.ours, Load(v.kind, path, ours, "ours"));
    TAXA_ASSIGN_OR_RETURN(v.theirs, Load(v.kind, path, theirs, "theirs"));
    MergeFile(path, v, conflicts);
  }
  // Each pass restores files or reverts moves to base, so this ends; the
  // bound only guards against a base that is itself broken by hand.
  for (size_t pass = 0; pass <= tree.size() + 1; ++pass) {
    bool changed = RestoreReferenced(tree, conflicts);
    changed |= BreakCycles(tree, conflicts);
    if (!changed) break;
  }
  ReportSiblingNames(tree, conflicts);

  TreeMergeResult out;
  for (const auto& [path, v] : tree) {
    if (!v.merged) {
      out.files[path] = std::nullopt;
      continue;
    }
    TAXA_ASSIGN_OR_RETURN(std::string bytes, EncodeMerged(v.kind, path, *v.merged));
    out.files[path] = std::move(bytes);
  }
  std::sort(conflicts.begin(), conflicts.end(), [](const MergeConflict& a, const MergeConflict& b) {
    return std::tie(a.path, a.id) < std::tie(b.path, b.id);
  });
  conflicts.erase(std::unique(conflicts.begin(), conflicts.end(),
                              [](const MergeConflict& a, const MergeConflict& b) {
                                return a.id == b.id;
                              }),
                  conflicts.end());
  out.conflicts = std::move(conflicts);
  return out;
}

std::string EncodeConflict(const MergeConflict& c) {
  Json j;
  j["id"] = c.id;
  j["path"] = c.path;
  j["field"] = c.field;
  j["kind"] = c.kind;
  for (auto [key, value] : {std::pair{"base", &c.base}, std::pair{"ours", &c.ours},
                            std::pair{"theirs", &c.theirs}}) {
    if (!*value) continue;
    Json parsed = Json::parse(**value, nullptr, /*allow_exceptions=*/false);
    // A value that is not JSON (should not happen) is kept as a string.
    j[key] = parsed.is_discarded() ? Json(**value) : parsed;
  }
  for (auto [key, value] : {std::pair{"ours_from", &c.ours_from},
                            std::pair{"theirs_from", &c.theirs_from}}) {
    if (!value->empty()) j[key] = *value;
  }
  return j.dump(2) + "\n";
}

Result<MergeConflict> DecodeConflict(std::string_view bytes, std::string_view path) {
  const std::string where(path);
  Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidInput(where + ": not a JSON object");
  MergeConflict c;
  for (auto [key, out] : {std::pair{"id", &c.id}, std::pair{"path", &c.path},
                          std::pair{"field", &c.field}, std::pair{"kind", &c.kind}}) {
    if (!j.contains(key) || !j[key].is_string())
      return Status::InvalidInput(where + ": field \"" + key + "\" must be a string");
    *out = j[key].get<std::string>();
  }
  static const std::set<std::string> kKinds = {"field", "edit-delete", "cycle", "sibling-name"};
  if (!kKinds.count(c.kind))
    return Status::InvalidInput(where + ": field \"kind\" must be field, edit-delete, cycle or "
                                "sibling-name");
  for (auto [key, out] : {std::pair{"base", &c.base}, std::pair{"ours", &c.ours},
                          std::pair{"theirs", &c.theirs}}) {
    if (j.contains(key)) *out = j[key].dump();
  }
  for (auto [key, out] : {std::pair{"ours_from", &c.ours_from},
                          std::pair{"theirs_from", &c.theirs_from}}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_string())
      return Status::InvalidInput(where + ": field \"" + key + "\" must be a string");
    *out = j[key].get<std::string>();
  }
  return c;
}

}  // namespace taxa::core
