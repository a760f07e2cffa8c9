#include "taxa/sync/merge_commits.h"

#include <git2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base64.h"
#include "git_error.h"
#include "git_ptr.h"
#include "taxa/core/item.h"
#include "taxa/core/shard.h"

namespace taxa::sync {

namespace {

constexpr char kTaxaIdentityName[] = "Taxa";
constexpr char kTaxaIdentityEmail[] = "taxa@localhost";

// One file's state in a tree: absent, or a blob with a mode.
struct Entry {
  bool present = false;
  git_oid oid{};
  uint32_t mode = GIT_FILEMODE_BLOB;

  bool SameAs(const Entry& o) const {
    if (present != o.present) return false;
    return !present || (git_oid_equal(&oid, &o.oid) && mode == o.mode);
  }
};

bool IsTaxonomyPath(const std::string& path) {
  return path == "taxa.json" || path.starts_with("taxonomy/");
}
bool IsLabelSegment(const std::string& path) {
  return (path.starts_with("labels/") || path.starts_with("reviews/") ||
          path.starts_with("gold/")) &&
         path.ends_with(".jsonl.zst");
}
bool IsItemShard(const std::string& path) {
  return path.starts_with("items/") && path.ends_with(".jsonl.zst");
}

Status LookupCommit(git_repository* repo, const std::string& hex, CommitPtr& out) {
  git_oid oid;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, hex.c_str()) < 0)
    return Status::InvalidInput("\"" + hex + "\" is not a commit id");
  TAXA_GIT(git_commit_lookup(out.out(), repo, &oid), "commit " + hex + " not found");
  return Status::Ok();
}

Result<std::string> ReadBlob(git_repository* repo, const git_oid& oid, const std::string& path) {
  BlobPtr blob;
  TAXA_GIT(git_blob_lookup(blob.out(), repo, &oid), "cannot read " + path);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

Result<std::optional<std::string>> ReadEntry(git_repository* repo, const Entry& e,
                                             const std::string& path) {
  if (!e.present) return std::optional<std::string>();
  TAXA_ASSIGN_OR_RETURN(std::string bytes, ReadBlob(repo, e.oid, path));
  return std::optional<std::string>(std::move(bytes));
}

Result<Entry> EntryAt(git_tree* tree, const std::string& path) {
  Entry e;
  TreeEntryPtr te;
  int rc = git_tree_entry_bypath(te.out(), tree, path.c_str());
  if (rc == GIT_ENOTFOUND) return e;
  TAXA_GIT(rc, "cannot look up " + path);
  if (git_tree_entry_type(te.get()) != GIT_OBJECT_BLOB) return e;
  e.present = true;
  e.oid = *git_tree_entry_id(te.get());
  e.mode = static_cast<uint32_t>(git_tree_entry_filemode(te.get()));
  return e;
}

// The files that differ between `base` and `side`, path -> state on `side`.
// Rename detection stays off: paths are ids.
Status ChangedFiles(git_repository* repo, git_tree* base, git_tree* side,
                    std::map<std::string, Entry>& out) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  DiffPtr diff;
  TAXA_GIT(git_diff_tree_to_tree(diff.out(), repo, base, side, &opts), "cannot compare trees");
  size_t n = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    Entry e;
    if (d->status == GIT_DELTA_DELETED) {
      out[d->old_file.path] = e;
      continue;
    }
    // A submodule or other non-blob entry is not a project file.
    if (d->new_file.mode == GIT_FILEMODE_COMMIT || d->new_file.mode == GIT_FILEMODE_TREE) continue;
    e.present = true;
    e.oid = d->new_file.id;
    e.mode = d->new_file.mode;
    out[d->new_file.path] = e;
  }
  return Status::Ok();
}

bool IsValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += len;
  }
  return true;
}


// A whole file as a conflict side's JSON value: the file itself when it is
// JSON, a JSON string when it is text, {"base64": ...} otherwise, so that the
// conflict record holds the exact bytes whatever they are.
std::optional<std::string> FileAsJson(const std::optional<std::string>& bytes) {
  if (!bytes) return std::nullopt;
  if (IsValidUtf8(*bytes)) {
    // Not with a NUL byte: nlohmann would stop there and drop the rest.
    if (bytes->find('\0') == std::string::npos && nlohmann::json::accept(*bytes))
      return nlohmann::json::parse(*bytes).dump();
    return nlohmann::json(*bytes).dump();
  }
  return nlohmann::json{{"base64", Base64Encode(*bytes)}}.dump();
}

core::MergeConflict MakeConflict(std::string path, std::string field, std::string kind,
                                 std::optional<std::string> base, std::optional<std::string> ours,
                                 std::optional<std::string> theirs) {
  core::MergeConflict c;
  c.path = std::move(path);
  c.field = std::move(field);
  c.kind = std::move(kind);
  c.base = std::move(base);
  c.ours = std::move(ours);
  c.theirs = std::move(theirs);
  c.id = core::ConflictId(c);  // the same whichever side is ours
  return c;  // sides are put in canonical order once their origins are known
}

// id -> canonical item line of one shard; empty when the shard is absent.
Result<std::map<std::string, std::string>> ItemLines(const std::string& path,
                                                     const std::optional<std::string>& bytes,
                                                     const char* side) {
  std::map<std::string, std::string> out;
  if (!bytes) return out;
  std::string where = path + " (" + side + ")";
  TAXA_ASSIGN_OR_RETURN(std::string text, core::DecompressFrame(*bytes, where));
  TAXA_RETURN_IF_ERROR(core::ForEachLine(text, [&](std::string_view line, size_t n) -> Status {
    Result<core::Item> item = core::DecodeItemLine(line, where + ":" + std::to_string(n));
    if (!item.ok()) return Status::Corrupt(item.status().message());
    out[item->id] = core::EncodeItemLine(*item);
    return Status::Ok();
  }));
  return out;
}

// Three-way merge of an item shard by item id; lines sorted by id.
Result<std::string> MergeItemShard(const std::string& path, const std::optional<std::string>& base,
                                   const std::optional<std::string>& ours,
                                   const std::optional<std::string>& theirs,
                                   std::vector<core::MergeConflict>& conflicts) {
  TAXA_ASSIGN_OR_RETURN(auto b, ItemLines(path, base, "base"));
  TAXA_ASSIGN_OR_RETURN(auto o, ItemLines(path, ours, "ours"));
  TAXA_ASSIGN_OR_RETURN(auto t, ItemLines(path, theirs, "theirs"));
  std::set<std::string> ids;
  for (const auto* m : {&b, &o, &t})
    for (const auto& [id, line] : *m) ids.insert(id);
  auto get = [](const std::map<std::string, std::string>& m,
                const std::string& id) -> std::optional<std::string> {
    auto it = m.find(id);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
  std::vector<std::string> lines;
  for (const std::string& id : ids) {
    std::optional<std::string> bl = get(b, id), ol = get(o, id), tl = get(t, id);
    std::optional<std::string> kept;
    if (ol == tl || tl == bl) {
      kept = ol;
    } else if (ol == bl) {
      kept = tl;
    } else if (ol && tl) {
      kept = std::min(*ol, *tl);
      conflicts.push_back(MakeConflict(path, "item:" + id, "field", bl, ol, tl));
    } else {
      kept = ol ? ol : tl;
      conflicts.push_back(MakeConflict(path, "item:" + id, "edit-delete", bl, ol, tl));
    }
    if (kept) lines.push_back(std::move(*kept));
  }
  return core::EncodeShard(lines);
}

// One resolved path of the merged tree.
struct Resolved {
  Entry entry;
  std::optional<std::string> bytes;  // new content to write as a blob, when set
};

Result<core::FileMap> TaxonomyFiles(Repository& repo, const std::string& commit) {
  core::FileMap files;
  if (commit.empty()) return files;
  TAXA_ASSIGN_OR_RETURN(files, repo.ReadFolder("taxonomy/", commit));
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> settings, repo.ReadFile("taxa.json", commit));
  if (settings) files["taxa.json"] = std::move(*settings);
  return files;
}

Status EmptyTree(git_repository* repo, TreePtr& out) {
  TreeBuilderPtr tb;
  git_oid empty;
  TAXA_GIT(git_treebuilder_new(tb.out(), repo, nullptr), "cannot build a tree");
  TAXA_GIT(git_treebuilder_write(&empty, tb.get()), "cannot write the empty tree");
  TAXA_GIT(git_tree_lookup(out.out(), repo, &empty), "cannot read the empty tree");
  return Status::Ok();
}

}  // namespace

Result<MergeOutcome> MergeCommits(Repository& repo, const std::string& ours,
                                  const std::string& theirs) {
  git_repository* g = repo.git_handle_for_sync_internal();
  if (g == nullptr) return Status::FailedPrecondition("the repository is not open");
  CommitPtr ours_c, theirs_c;
  TAXA_RETURN_IF_ERROR(LookupCommit(g, ours, ours_c));
  TAXA_RETURN_IF_ERROR(LookupCommit(g, theirs, theirs_c));
  const git_oid* ours_id = git_commit_id(ours_c.get());
  const git_oid* theirs_id = git_commit_id(theirs_c.get());

  MergeOutcome outcome;
  if (git_oid_equal(ours_id, theirs_id)) {
    outcome.commit = ours;
    outcome.fast_forward = true;
    return outcome;
  }
  for (auto [desc, anc] : {std::pair{ours_id, theirs_id}, std::pair{theirs_id, ours_id}}) {
    int rc = git_graph_descendant_of(g, desc, anc);
    TAXA_GIT(rc, "cannot compare the histories of " + ours + " and " + theirs);
    if (rc == 1) {
      outcome.commit = OidHex(desc);
      outcome.fast_forward = true;
      return outcome;
    }
  }

  // The merge base; with none (unrelated histories) the empty tree.
  std::string base_hex;
  TreePtr base_tree, ours_tree, theirs_tree;
  git_oid base_oid;
  int rc = git_merge_base(&base_oid, g, ours_id, theirs_id);
  if (rc == 0) {
    base_hex = OidHex(&base_oid);
    CommitPtr base_c;
    TAXA_GIT(git_commit_lookup(base_c.out(), g, &base_oid), "cannot read the merge base");
    TAXA_GIT(git_commit_tree(base_tree.out(), base_c.get()), "cannot read the merge base's tree");
  } else if (rc == GIT_ENOTFOUND) {
    TAXA_RETURN_IF_ERROR(EmptyTree(g, base_tree));
  } else {
    return GitStatus(rc, "cannot find the merge base of " + ours + " and " + theirs);
  }
  TAXA_GIT(git_commit_tree(ours_tree.out(), ours_c.get()), "cannot read the tree of " + ours);
  TAXA_GIT(git_commit_tree(theirs_tree.out(), theirs_c.get()), "cannot read the tree of " + theirs);

  std::map<std::string, Entry> ours_changes, theirs_changes;
  TAXA_RETURN_IF_ERROR(ChangedFiles(g, base_tree.get(), ours_tree.get(), ours_changes));
  TAXA_RETURN_IF_ERROR(ChangedFiles(g, base_tree.get(), theirs_tree.get(), theirs_changes));

  auto touches_taxonomy = [](const std::map<std::string, Entry>& changes) {
    return std::any_of(changes.begin(), changes.end(),
                       [](const auto& kv) { return IsTaxonomyPath(kv.first); });
  };
  // Taxonomy files constrain each other (parents, names among siblings), so
  // when both sides touched any of them the core decides the whole set.
  const bool merge_taxonomy = touches_taxonomy(ours_changes) && touches_taxonomy(theirs_changes);

  std::set<std::string> paths;
  for (const auto* changes : {&ours_changes, &theirs_changes})
    for (const auto& [path, e] : *changes) paths.insert(path);

  std::map<std::string, Resolved> resolved;
  std::vector<core::MergeConflict> conflicts;
  for (const std::string& path : paths) {
    if (merge_taxonomy && IsTaxonomyPath(path)) continue;
    auto o_it = ours_changes.find(path), t_it = theirs_changes.find(path);
    if (t_it == theirs_changes.end()) {
      resolved[path].entry = o_it->second;
      continue;
    }
    if (o_it == ours_changes.end()) {
      resolved[path].entry = t_it->second;
      continue;
    }
    const Entry& o = o_it->second;
    const Entry& t = t_it->second;
    if (o.SameAs(t)) {
      resolved[path].entry = o;
      continue;
    }
    if (o.present && t.present && git_oid_equal(&o.oid, &t.oid)) {
      // Same bytes, modes differ: the smaller mode, whichever side has it.
      resolved[path].entry = o.mode <= t.mode ? o : t;
      continue;
    }
    TAXA_ASSIGN_OR_RETURN(Entry b, EntryAt(base_tree.get(), path));
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bb, ReadEntry(g, b, path));
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> ob, ReadEntry(g, o, path));
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> tb, ReadEntry(g, t, path));
    Resolved& r = resolved[path];
    if (!o.present || !t.present) {
      // An edit against a delete keeps the edited file.
      r.entry = o.present ? o : t;
      if (!IsLabelSegment(path) && !IsItemShard(path))
        conflicts.push_back(MakeConflict(path, "file", "edit-delete", FileAsJson(bb),
                                         FileAsJson(ob), FileAsJson(tb)));
      continue;
    }
    r.entry.present = true;
    r.entry.mode = GIT_FILEMODE_BLOB;
    if (IsLabelSegment(path)) {
      TAXA_ASSIGN_OR_RETURN(r.bytes, core::MergeLabelSegment(path, bb, *ob, *tb));
    } else if (IsItemShard(path)) {
      TAXA_ASSIGN_OR_RETURN(r.bytes, MergeItemShard(path, bb, ob, tb, conflicts));
    } else {
      r.entry = *ob < *tb ? o : t;
      conflicts.push_back(MakeConflict(path, "file", "field", FileAsJson(bb), FileAsJson(ob),
                                       FileAsJson(tb)));
    }
  }

  if (merge_taxonomy) {
    TAXA_ASSIGN_OR_RETURN(core::FileMap base_files, TaxonomyFiles(repo, base_hex));
    TAXA_ASSIGN_OR_RETURN(core::FileMap ours_files, TaxonomyFiles(repo, OidHex(ours_id)));
    TAXA_ASSIGN_OR_RETURN(core::FileMap theirs_files, TaxonomyFiles(repo, OidHex(theirs_id)));
    TAXA_ASSIGN_OR_RETURN(core::TreeMergeResult m,
                          core::MergeTaxonomyFiles(base_files, ours_files, theirs_files));
    for (auto& [path, bytes] : m.files) {
      Resolved& r = resolved[path];
      r.entry.present = bytes.has_value();
      r.entry.mode = GIT_FILEMODE_BLOB;
      r.bytes = std::move(bytes);
    }
    for (core::MergeConflict& c : m.conflicts) conflicts.push_back(std::move(c));
  }
  // Each side remembers the commit it came from, then the sides take their
  // fixed order: both replicas write the same file.
  for (core::MergeConflict& c : conflicts) {
    c.ours_from = OidHex(ours_id);
    c.theirs_from = OidHex(theirs_id);
    c = core::CanonicalSides(std::move(c));
  }

  std::sort(conflicts.begin(), conflicts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.id) < std::tie(b.path, b.id);
  });
  conflicts.erase(std::unique(conflicts.begin(), conflicts.end(),
                              [](const auto& a, const auto& b) { return a.id == b.id; }),
                  conflicts.end());
  for (const core::MergeConflict& c : conflicts) {
    Resolved& r = resolved["conflicts/" + c.id + ".json"];
    r.entry.present = true;
    r.entry.mode = GIT_FILEMODE_BLOB;
    r.bytes = core::EncodeConflict(c);
  }

  // The merged tree: the base tree plus every resolved change, so it does not
  // depend on which side is "ours".
  std::vector<std::string> update_paths;
  std::vector<git_tree_update> updates;
  for (auto& [path, r] : resolved) {
    if (r.bytes) {
      TAXA_GIT(git_blob_create_from_buffer(&r.entry.oid, g, r.bytes->data(), r.bytes->size()),
               "cannot write " + path);
    }
    TAXA_ASSIGN_OR_RETURN(Entry b, EntryAt(base_tree.get(), path));
    if (b.SameAs(r.entry)) continue;
    git_tree_update u{};
    u.action = r.entry.present ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
    u.id = r.entry.oid;
    u.filemode = static_cast<git_filemode_t>(r.entry.mode);
    u.path = path.c_str();  // `resolved` outlives `updates`
    updates.push_back(u);
  }
  git_oid tree_oid;
  TAXA_GIT(git_tree_create_updated(&tree_oid, g, base_tree.get(), updates.size(), updates.data()),
           "cannot build the merged tree");
  TreePtr tree;
  TAXA_GIT(git_tree_lookup(tree.out(), g, &tree_oid), "cannot read the merged tree");

  // A deterministic commit: sorted parents, fixed identity, time from the parents.
  const git_commit* parents[2] = {ours_c.get(), theirs_c.get()};
  if (git_oid_cmp(theirs_id, ours_id) < 0) std::swap(parents[0], parents[1]);
  git_time_t when = std::max(git_commit_time(ours_c.get()), git_commit_time(theirs_c.get()));
  SignaturePtr sig;
  TAXA_GIT(git_signature_new(sig.out(), kTaxaIdentityName, kTaxaIdentityEmail, when, 0),
           "cannot make the merge signature");
  std::string first = OidHex(git_commit_id(parents[0]));
  std::string second = OidHex(git_commit_id(parents[1]));
  std::string message = "Merge " + first.substr(0, 7) + " and " + second.substr(0, 7) +
                        "\n\nTaxa-Action: sync.merge\nTaxa-Merge-Algorithm: " +
                        std::to_string(core::kMergeAlgorithmVersion) +
                        "\nTaxa-Conflicts: " + std::to_string(conflicts.size()) + "\n";
  git_oid commit_oid;
  TAXA_GIT(git_commit_create(&commit_oid, g, nullptr, sig.get(), sig.get(), nullptr,
                             message.c_str(), tree.get(), 2, parents),
           "cannot write the merge commit");
  outcome.commit = OidHex(&commit_oid);
  outcome.conflicts = std::move(conflicts);
  return outcome;
}

}  // namespace taxa::sync
