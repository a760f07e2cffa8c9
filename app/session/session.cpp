#include "session.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <future>
#include <random>
#include <set>
#include <thread>

#include "taxa/assets/assets.h"
#include "taxa/core/export.h"
#include "taxa/core/parallel.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/sha256.h"
#include "taxa/core/shard.h"
#include "taxa/core/text.h"
#include "taxa/core/timing.h"
#include "utc_stamp.h"

namespace taxa::app {

namespace {

constexpr size_t kItemsPerShard = 10000;

std::string RandomHex(size_t digits) {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < digits; ++i) out += kHex[rd() & 15];
  return out;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The user named by options, TAXA_USER, or the login name.
std::string ResolveUser(const std::string& given) {
  if (!given.empty()) return given;
  for (const char* var : {"TAXA_USER", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return v;
  }
  return "annotator";
}

}  // namespace

Session::~Session() {
  if (writable() && pending_ > 0) (void)Flush();
}

Result<std::unique_ptr<Session>> Session::Create(const std::string& dir, const std::string& name,
                                                 SessionOptions options) {
  if (name.empty()) return Status::InvalidInput("a project needs a name (--name)");
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Init(dir));
  core::ProjectSettings settings;
  settings.id = RandomHex(16);
  settings.name = name;
  settings.created = UtcStamp(kIso8601);
  options.mode = OpenMode::kWrite;
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Session> s,
                        OpenRepository(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(settings)}},
      s->Meta("Create project \"" + name + "\"", {{"Taxa-Action", "project.create"}})));
  TAXA_RETURN_IF_ERROR(s->Load());
  return s;
}

Result<std::unique_ptr<Session>> Session::CreateDemo(const std::string& dir,
                                                     SessionOptions options) {
  std::optional<std::string_view> taxonomy = assets::Find("demo/taxonomy.json");
  std::optional<std::string_view> items = assets::Find("demo/items.jsonl");
  if (!taxonomy || !items) return Status::Internal("the demo data was not built into this binary");
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy t,
                        core::DecodeTaxonomyDocument(*taxonomy, "demo/taxonomy.json"));
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Session> s,
                        Create(dir, "Acme Support Tickets (demo)", std::move(options)));
  TAXA_RETURN_IF_ERROR(s->CommitTaxonomy(
      t, s->Meta("Add the demo taxonomy (" + std::to_string(t.size()) + " categories)",
                 {{"Taxa-Action", "taxonomy.import"}})));
  TAXA_RETURN_IF_ERROR(s->ImportBytes(*items, "demo/items.jsonl", core::ImportFormat::kJsonLines)
                           .status());
  return s;
}

Result<std::unique_ptr<Session>> Session::Open(const std::string& dir, SessionOptions options) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Session> s,
                        OpenRepository(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->Load());
  if (s->writable()) TAXA_RETURN_IF_ERROR(s->RecoverJournal());
  return s;
}

Result<std::unique_ptr<Session>> Session::OpenRepository(sync::Repository repo,
                                                         const std::string& dir,
                                                         SessionOptions options) {
  std::unique_ptr<Session> s(new Session());
  s->dir_ = dir;
  s->repo_ = std::move(repo);
  s->progress_ = std::move(options.progress);
  s->notice_ = std::move(options.notice);
  s->state_dir_ = s->repo_.git_dir() + "/taxa";
  TAXA_RETURN_IF_ERROR(core::MakeDirs(s->state_dir_));

  s->snapshot_ = options.mode == OpenMode::kReadOnly;
  if (options.mode != OpenMode::kReadOnly) {
    Result<core::FileLock> lock =
        core::FileLock::Acquire(s->state_dir_ + "/lock", "project " + dir, options.lock_wait);
    if (lock.ok()) {
      s->lock_ = std::move(*lock);
    } else if (options.mode == OpenMode::kWrite ||
               lock.status().code() != StatusCode::kLocked) {
      return lock.status();
    }
  }
  if (s->writable()) {
    TAXA_RETURN_IF_ERROR(s->repo_.SweepStaleLocks());
    TAXA_ASSIGN_OR_RETURN(s->journal_, core::Journal::Open(s->state_dir_ + "/journal"));
  }

  std::string device_path = s->state_dir_ + "/device";
  Result<std::string> device = core::ReadFile(device_path);
  if (device.ok() && !device->empty()) {
    s->device_ = device->substr(0, device->find('\n'));
  } else {
    s->device_ = RandomHex(8);
    if (s->writable()) TAXA_RETURN_IF_ERROR(core::WriteFileAtomic(device_path, s->device_ + "\n"));
  }

  std::string git_email = s->repo_.ConfiguredIdentity().second;
  s->user_ = ResolveUser(options.user);
  TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(s->user_));
  s->email_ = !git_email.empty() ? git_email : s->user_ + "@localhost";

  TAXA_ASSIGN_OR_RETURN(core::Index index, core::Index::Open(s->state_dir_ + "/index.sqlite"));
  if (!index.replaced_because().empty())
    s->Notice("the index was damaged (" + index.replaced_because() +
              "); rebuilding it from the repository");
  s->index_ = std::make_unique<core::Index>(std::move(index));
  Session* self = s.get();  // the index lives no longer than its session
  s->index_->SetRefill(
      [self](core::Index&, const Status& damage) { return self->RefillIndex(damage); });
  return s;
}

Status Session::Load() {
  if (snapshot_ && !index_->in_snapshot()) TAXA_RETURN_IF_ERROR(OpenSnapshot());
  TAXA_RETURN_IF_ERROR(LoadProjectFiles());
  if (!snapshot_) TAXA_RETURN_IF_ERROR(CatchUpIndex());
  TAXA_ASSIGN_OR_RETURN(uint64_t max_hlc, index_->MaxHlc());
  clock_.Observe(max_hlc);
  ++revision_;
  return Status::Ok();
}

Status Session::OpenSnapshot() {
  // A writer may move the index on between the catch-up and the snapshot:
  // the snapshot is whatever whole commit the index holds then.
  for (int attempt = 0;; ++attempt) {
    repo_.PinHead("");
    snapshot_commit_.clear();
    TAXA_RETURN_IF_ERROR(CatchUpIndex());
    TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
    TAXA_ASSIGN_OR_RETURN(std::string commit, index_->BeginSnapshot());
    if (!commit.empty() || head.empty()) {
      repo_.PinHead(commit);
      snapshot_commit_ = commit;
      return Status::Ok();
    }
    index_->EndSnapshot();  // emptied meanwhile (another process's repair)
    if (attempt == 2)
      return Status::Locked("the index of " + dir_ + " is being rebuilt; try again");
  }
}

Status Session::RefillIndex(const Status& damage) {
  // The index is empty: CatchUpIndex rebuilds it whole, at HEAD (a reader's
  // pinned snapshot), and adds this session's journaled labels again.
  TAXA_RETURN_IF_ERROR(CatchUpIndex());
  if (!snapshot_commit_.empty()) {  // the repair ended the snapshot: open it again
    TAXA_ASSIGN_OR_RETURN(std::string commit, index_->BeginSnapshot());
    if (commit != snapshot_commit_) {  // a writer moved it on meanwhile: read that commit
      if (commit.empty())
        return Status::Locked("the index of " + dir_ + " is being rebuilt; try again");
      repo_.PinHead(commit);
      snapshot_commit_ = commit;
      TAXA_RETURN_IF_ERROR(LoadProjectFiles());
    }
  }
  Notice("the index was damaged (" + damage.message() + "); rebuilt it from the repository");
  return Status::Ok();
}

Status Session::LoadProjectFiles() {
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> settings,
                        repo_.ReadFile(std::string(core::kSettingsPath)));
  if (!settings)
    return Status::NotFound(dir_ + ": not a Taxa project (no taxa.json at HEAD)");
  TAXA_ASSIGN_OR_RETURN(settings_, core::DecodeSettings(*settings));
  TAXA_ASSIGN_OR_RETURN(auto files, repo_.ReadFolder("taxonomy/"));
  TAXA_ASSIGN_OR_RETURN(taxonomy_, core::DecodeTaxonomy(files));
  TAXA_ASSIGN_OR_RETURN(std::string tree, repo_.ObjectIdAt("taxonomy"));
  taxonomy_version_ = tree.empty() ? "" : "tree:" + tree;
  return Status::Ok();
}

Status Session::CatchUpIndex(const std::map<std::string, std::string>* written,
                             const core::Index::Known* known) {
  TAXA_ASSIGN_OR_RETURN(std::string head, repo_.Head());
  core::FileLoader load = [&](const std::string& path) -> Result<std::string> {
    if (written != nullptr) {
      auto it = written->find(path);
      if (it != written->end()) return it->second;
    }
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, repo_.ReadFile(path, head));
    if (!bytes) return Status::NotFound(path + ": missing at " + head);
    return std::move(*bytes);
  };
  // The index rebuilds itself from everything when the changes since what
  // it holds cannot be had (history rewritten, a copied cache) or a segment
  // vanished.
  core::ChangesSince changes = [&](const std::string& from) { return repo_.Diff(from, head); };
  const std::string generation = index_->generation();
  TAXA_RETURN_IF_ERROR(index_->CatchUp(head, changes, load, progress_, known));
  // Emptied meanwhile (rebuilt, here or by another process): labels
  // acknowledged but not yet committed stay visible.
  if (index_->generation() != generation && !unflushed_.empty())
    return index_->AddPendingEvents(unflushed_);
  return Status::Ok();
}

Status Session::RecoverJournal() {
  return Flush();  // with nothing of its own yet, Flush commits what the journal holds
}

Status Session::RequireWritable() const {
  if (!writable())
    return Status::FailedPrecondition("project " + dir_ + " is open read-only here");
  return Status::Ok();
}

sync::CommitMeta Session::Meta(std::string subject,
                               std::vector<std::pair<std::string, std::string>> trailers) const {
  sync::CommitMeta meta;
  meta.subject = std::move(subject);
  meta.trailers = std::move(trailers);
  meta.author_name = user_;
  meta.author_email = email_;
  return meta;
}

Status Session::CommitFiles(const std::vector<sync::FileWrite>& files,
                            const sync::CommitMeta& meta,
                            const std::map<std::string, std::string>* written,
                            core::Index::Known* known) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::string parent, repo_.Head());
  {
    core::ScopedTiming timing("commit: write objects and move the branch");
    TAXA_RETURN_IF_ERROR(repo_.Commit(files, meta).status());
  }
  core::ScopedTiming timing("commit: bring the index forward");
  ++revision_;
  // What the caller knows the index holds is true only on top of the parent.
  bool index_at_parent = index_->indexed_commit() == parent;
  return CatchUpIndex(written, index_at_parent ? known : nullptr);
}

Status Session::CommitTaxonomy(const core::Taxonomy& next, sync::CommitMeta meta) {
  std::map<std::string, std::string> before = core::EncodeTaxonomy(taxonomy_);
  std::map<std::string, std::string> after = core::EncodeTaxonomy(next);
  std::vector<sync::FileWrite> files;
  for (const auto& [path, bytes] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != bytes) files.push_back({path, bytes});
  }
  for (const auto& [path, bytes] : before)
    if (!after.count(path)) files.push_back({path, std::nullopt});
  if (files.empty()) return Status::Ok();
  TAXA_RETURN_IF_ERROR(CommitFiles(files, meta));
  taxonomy_ = next;
  TAXA_ASSIGN_OR_RETURN(std::string tree, repo_.ObjectIdAt("taxonomy"));
  taxonomy_version_ = "tree:" + tree;
  return Status::Ok();
}

Status Session::AddCategory(core::Category c) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::Taxonomy next = taxonomy_;
  std::string id = c.id, name = c.name;
  TAXA_RETURN_IF_ERROR(next.Add(std::move(c)));
  return CommitTaxonomy(next, Meta("Add category " + id + " (" + name + ")",
                                   {{"Taxa-Action", "category.add"}, {"Taxa-Category", id}}));
}

Status Session::EditCategory(const std::string& id, const core::CategoryEdit& edit) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  const core::Category* c = taxonomy_.Find(id);
  if (c == nullptr) return Status::NotFound("category \"" + id + "\" does not exist");
  if (edit.empty()) return Status::InvalidInput("nothing to change: give at least one field");
  TAXA_ASSIGN_OR_RETURN(core::Category edited, core::ApplyEdit(*c, edit));
  core::Taxonomy next = taxonomy_;
  TAXA_RETURN_IF_ERROR(next.Update(std::move(edited)));
  std::string action = edit.name ? "category.rename" : "category.edit";
  return CommitTaxonomy(next, Meta("Edit category " + id,
                                   {{"Taxa-Action", action}, {"Taxa-Category", id}}));
}

Status Session::MoveCategory(const std::string& id, const std::string& new_parent) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::Taxonomy next = taxonomy_;
  TAXA_RETURN_IF_ERROR(next.Move(id, new_parent));
  return CommitTaxonomy(
      next, Meta("Move category " + id + " under " + (new_parent.empty() ? "the root" : new_parent),
                 {{"Taxa-Action", "category.move"}, {"Taxa-Category", id}}));
}

Status Session::DeprecateCategory(const std::string& id, const std::string& replaced_by) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::Taxonomy next = taxonomy_;
  TAXA_RETURN_IF_ERROR(next.Deprecate(id, replaced_by));
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"Taxa-Action", "category.deprecate"}, {"Taxa-Category", id}};
  if (!replaced_by.empty()) trailers.emplace_back("Taxa-Replaced-By", replaced_by);
  return CommitTaxonomy(
      next, Meta("Deprecate category " + id +
                     (replaced_by.empty() ? std::string() : " in favour of " + replaced_by),
                 std::move(trailers)));
}

Status Session::AddAttribute(core::Attribute a) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::Taxonomy next = taxonomy_;
  std::string id = a.id;
  TAXA_RETURN_IF_ERROR(next.AddAttribute(std::move(a)));
  return CommitTaxonomy(next, Meta("Add attribute " + id, {{"Taxa-Action", "attribute.add"},
                                                           {"Taxa-Attribute", id}}));
}

Result<ImportReport> Session::Import(const std::string& path, core::ImportFormat format) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  std::string sha256 = core::Sha256Hex(bytes);
  std::vector<core::ImportedItem> parsed;
  {
    core::ScopedTiming parse_timing("import: parse");
    TAXA_ASSIGN_OR_RETURN(parsed, core::ParseItems(bytes, path, format));
  }
  std::string().swap(bytes);  // the items hold what is needed; free the file
  return ImportParsed(parsed, path, sha256);
}

Result<ImportReport> Session::ImportBytes(std::string_view bytes, const std::string& name,
                                          core::ImportFormat format) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ImportedItem> parsed,
                        core::ParseItems(bytes, name, format));
  return ImportParsed(parsed, name, core::Sha256Hex(bytes));
}

Result<ImportReport> Session::ImportParsed(const std::vector<core::ImportedItem>& parsed,
                                           const std::string& name, const std::string& sha256) {
  core::ScopedTiming timing("import: shard, commit and index");
  ImportReport report;
  report.read = parsed.size();
  std::vector<std::string> ids;
  TAXA_ASSIGN_OR_RETURN(int64_t items, index_->ItemCount());
  if (items > 0) {
    ids.reserve(parsed.size());
    for (const core::ImportedItem& p : parsed) ids.push_back(p.item.id);
  }
  TAXA_ASSIGN_OR_RETURN(auto existing, index_->ExistingItems(ids));
  std::vector<const core::Item*> fresh;
  fresh.reserve(parsed.size() - existing.size());
  for (const core::ImportedItem& p : parsed) {
    auto it = existing.find(p.item.id);
    if (it == existing.end()) {
      fresh.push_back(&p.item);
    } else if (it->second == p.item) {
      ++report.unchanged;
    } else {
      return Status::InvalidInput(name + ":" + std::to_string(p.line) + ": item \"" + p.item.id +
                                  "\" is already in the project with different content");
    }
  }
  if (fresh.empty()) return report;
  std::sort(fresh.begin(), fresh.end(),
            [](const core::Item* a, const core::Item* b) { return a->id < b->id; });

  report.batch = UtcStamp("%Y%m%dT%H%M%SZ") + "-" + sha256.substr(0, 8);
  std::string folder = "items/" + report.batch + "/";
  size_t shard_count = (fresh.size() + kItemsPerShard - 1) / kItemsPerShard;
  std::vector<std::string> encoded(shard_count);
  core::ParallelFor(shard_count, [&](size_t n) {
    size_t end = std::min(fresh.size(), (n + 1) * kItemsPerShard);
    std::vector<std::string> lines;
    lines.reserve(end - n * kItemsPerShard);
    for (size_t i = n * kItemsPerShard; i < end; ++i) lines.push_back(core::EncodeItemLine(*fresh[i]));
    encoded[n] = core::EncodeShard(lines);
  });
  std::vector<sync::FileWrite> files;
  core::Index::Known known;
  for (size_t n = 0; n < shard_count; ++n) {
    char shard[32];
    std::snprintf(shard, sizeof shard, "%05zu.jsonl.zst", n);
    std::string path = folder + shard;
    files.push_back({path, std::move(encoded[n])});
    size_t end = std::min(fresh.size(), (n + 1) * kItemsPerShard);
    known.item_shards[path].assign(fresh.begin() + static_cast<ptrdiff_t>(n * kItemsPerShard),
                                   fresh.begin() + static_cast<ptrdiff_t>(end));
  }
  report.added = fresh.size();
  std::string subject = "Import " + std::to_string(fresh.size()) + " items from " + BaseName(name);
  TAXA_RETURN_IF_ERROR(CommitFiles(files,
                                   Meta(subject, {{"Taxa-Action", "items.import"},
                                                  {"Taxa-Batch", report.batch},
                                                  {"Taxa-Source", BaseName(name)},
                                                  {"Taxa-Source-Sha256", sha256}}),
                                   nullptr, &known));
  TAXA_ASSIGN_OR_RETURN(report.commit, repo_.Head());
  return report;
}

Result<core::LabelEvent> Session::Label(const LabelRequest& request) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::LabelEvent> events, LabelMany({request}));
  return std::move(events.front());
}

Status Session::BuildEvents(const std::vector<LabelRequest>& requests,
                            std::vector<core::LabelEvent>& events,
                            std::vector<std::string>& records) {
  std::optional<core::ScopedTiming> phase;
  phase.emplace("label: validate");
  // Check everything before writing anything. Bulk requests repeat a few
  // annotators and category sets: check each distinct one once.
  std::vector<std::string_view> item_ids;
  item_ids.reserve(requests.size());
  std::set<std::string_view> checked_annotators;
  std::set<std::vector<std::string>> checked_categories;
  for (const LabelRequest& r : requests) {
    std::string_view annotator = r.annotator.empty() ? std::string_view(user_) : r.annotator;
    if (checked_annotators.insert(annotator).second)
      TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(std::string(annotator)));
    if (!core::IsValidUtf8(r.note))
      return Status::InvalidInput("label of \"" + r.item + "\": the note is not valid UTF-8");
    for (const auto& [key, value] : r.attributes)
      if (!core::IsValidUtf8(value))
        return Status::InvalidInput("label of \"" + r.item + "\": attribute \"" + key +
                                    "\" is not valid UTF-8");
    if (!r.attributes.empty() || !checked_categories.count(r.categories)) {
      TAXA_RETURN_IF_ERROR(taxonomy_.CheckLabel(r.categories, r.attributes));
      if (r.attributes.empty()) checked_categories.insert(r.categories);
    }
    item_ids.push_back(r.item);
  }
  core::ParallelSort(item_ids.begin(), item_ids.end(), std::less<>());
  item_ids.erase(std::unique(item_ids.begin(), item_ids.end()), item_ids.end());
  std::vector<std::string> missing;
  {
    core::ScopedTiming items_timing("label: check items");
    TAXA_ASSIGN_OR_RETURN(missing, index_->MissingItems(item_ids));
  }
  if (!missing.empty()) {
    for (const LabelRequest& r : requests)  // name the first in request order
      if (std::binary_search(missing.begin(), missing.end(), r.item))
        return Status::InvalidInput("unknown item \"" + r.item + "\"");
  }

  phase.emplace("label: build events");
  events.assign(requests.size(), core::LabelEvent());
  records.assign(requests.size(), std::string());
  for (size_t i = 0; i < requests.size(); ++i) events[i].hlc = clock_.Now();
  constexpr size_t kChunk = 4096;
  core::ParallelFor((requests.size() + kChunk - 1) / kChunk, [&](size_t chunk) {
    size_t end = std::min(requests.size(), (chunk + 1) * kChunk);
    for (size_t i = chunk * kChunk; i < end; ++i) {
      const LabelRequest& r = requests[i];
      core::LabelEvent& e = events[i];
      e.annotator = r.annotator.empty() ? user_ : r.annotator;
      e.item = r.item;
      e.device = device_;
      e.taxonomy = taxonomy_version_;
      e.categories = r.categories;
      std::sort(e.categories.begin(), e.categories.end());
      e.categories.erase(std::unique(e.categories.begin(), e.categories.end()),
                         e.categories.end());
      e.attributes = r.attributes;
      e.note = r.note;
      e.duration_ms = r.duration_ms;
      records[i] = core::SealEvent(e);
    }
  });
  return Status::Ok();
}

Result<std::vector<core::LabelEvent>> Session::LabelMany(const std::vector<LabelRequest>& requests,
                                                         LabelCommit when) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::ScopedTiming timing("label: check, record and index");
  std::vector<core::LabelEvent> events;
  std::vector<std::string> records;
  TAXA_RETURN_IF_ERROR(BuildEvents(requests, events, records));
  if (when == LabelCommit::kNow && !events.empty()) {
    TAXA_RETURN_IF_ERROR(RecordAndCommit(events, records));
    return events;
  }
  // The journal (disk) and the index (CPU) are written side by side; the
  // index rows are committed only once the journal holds the events, so a
  // failed sync leaves no trace of them.
  Status journaled;
  std::thread journal_writer([&] {
    core::ScopedTiming journal_timing("label: journal");
    journaled = journal_.Append(records);
  });
  Status indexed;
  {
    core::ScopedTiming index_timing("label: index");
    indexed = index_->AddPendingEvents(events, [&] {
      journal_writer.join();
      return journaled;
    });
  }
  if (journal_writer.joinable()) journal_writer.join();  // the index failed before waiting
  TAXA_RETURN_IF_ERROR(journaled);
  // Durable from here on: the labels will be committed whatever the index says.
  pending_ += events.size();
  ++revision_;
  unflushed_.insert(unflushed_.end(), events.begin(), events.end());
  unflushed_lines_.insert(unflushed_lines_.end(), std::make_move_iterator(records.begin()),
                          std::make_move_iterator(records.end()));
  if (!indexed.ok())
    return Status::Internal("the labels are saved, but the index could not show them (" +
                            indexed.message() + "); reopen the project to rebuild it");
  return events;
}

Status Session::RecordAndCommit(const std::vector<core::LabelEvent>& events,
                                const std::vector<std::string>& records) {
  // Earlier labels go first, in their own commit, so this batch's commit
  // holds exactly this batch.
  TAXA_RETURN_IF_ERROR(Flush());
  TAXA_ASSIGN_OR_RETURN(std::string parent, repo_.Head());
  // Two lanes: this thread fills the index while the other journals the
  // batch, seals it into segments and writes the commit. The index rows are
  // committed only once the journal holds the events.
  std::promise<Status> journal_done;
  std::future<Status> journaled = journal_done.get_future();
  Status journal_status;
  Status written_status;
  SealedLabels sealed;
  std::thread writer([&] {
    // The journal is mostly waiting on the disk: seal the segments meanwhile,
    // and commit once the batch is durable in the journal.
    std::thread journal_writer([&] {
      core::ScopedTiming journal_timing("label: journal");
      journal_status = journal_.Append(records);
      journal_done.set_value(journal_status);
    });
    Result<SealedLabels> s = SealLabels(events, records);
    journal_writer.join();
    if (!journal_status.ok()) return;
    if (!s.ok()) {
      written_status = s.status();
      return;
    }
    sealed = std::move(*s);
    if (sealed.files.empty()) return;
    core::ScopedTiming commit_timing("commit: write objects and move the branch");
    written_status = repo_.Commit(sealed.files, sealed.meta).status();
  });
  Status indexed;
  {
    core::ScopedTiming index_timing("label: index");
    indexed = index_->AddPendingEvents(events, [&] { return journaled.get(); });
  }
  writer.join();
  TAXA_RETURN_IF_ERROR(journal_status);  // nothing recorded, the index rolled back
  ++revision_;
  if (!written_status.ok()) {
    // Journaled (durable) but not committed: a later Flush commits them.
    pending_ += events.size();
    unflushed_.insert(unflushed_.end(), events.begin(), events.end());
    unflushed_lines_.insert(unflushed_lines_.end(), records.begin(), records.end());
    return Status::Internal("the labels are saved, but not yet committed (" +
                            written_status.message() + "); they are committed on the next save");
  }
  // The index still stands at the parent: bring it forward, skipping what it
  // holds already (unless filling it failed, when it reads the segments).
  bool index_at_parent = indexed.ok() && index_->indexed_commit() == parent;
  core::ScopedTiming catch_up_timing("commit: bring the index forward");
  TAXA_RETURN_IF_ERROR(CatchUpIndex(&sealed.written, index_at_parent ? &sealed.known : nullptr));
  return journal_.Clear();
}

Status Session::Flush() {
  if (!writable()) return Status::Ok();
  std::vector<core::LabelEvent> events = std::move(unflushed_);
  std::vector<std::string> lines = std::move(unflushed_lines_);
  unflushed_.clear();
  unflushed_lines_.clear();
  if (events.empty()) {
    // Nothing of ours, but the journal may hold records a crashed process
    // left (this process appends only after recovering those at open).
    TAXA_ASSIGN_OR_RETURN(core::Journal::Contents contents, journal_.ReadAll());
    events.reserve(contents.records.size());
    for (size_t i = 0; i < contents.records.size(); ++i) {
      TAXA_ASSIGN_OR_RETURN(core::LabelEvent e,
                            core::DecodeEventLine(contents.records[i],
                                                  journal_.path() + ":" + std::to_string(i + 1)));
      clock_.Observe(e.hlc);
      events.push_back(std::move(e));
    }
    if (events.empty()) {
      if (contents.damaged > 0) TAXA_RETURN_IF_ERROR(journal_.Clear());
      pending_ = 0;
      return Status::Ok();
    }
    TAXA_RETURN_IF_ERROR(index_->AddPendingEvents(events));
    lines = std::move(contents.records);
  }
  // On failure the events stay in the journal, and the next Flush reads them
  // back from there.
  TAXA_RETURN_IF_ERROR(CommitEvents(std::move(events), std::move(lines)));
  TAXA_RETURN_IF_ERROR(journal_.Clear());
  pending_ = 0;
  return Status::Ok();
}

Result<Session::SealedLabels> Session::SealLabels(const std::vector<core::LabelEvent>& events,
                                                  const std::vector<std::string>& lines,
                                                  std::string_view root) {
  core::ScopedTiming timing("labels: seal");
  // Each device of each annotator writes its own folder.
  std::map<std::pair<std::string_view, std::string_view>, std::vector<size_t>> by_writer;
  for (size_t i = 0; i < events.size(); ++i)
    by_writer[{events[i].annotator, events[i].device}].push_back(i);
  SealedLabels out;
  std::string who;
  std::string_view last_annotator;
  for (const auto& [writer, positions] : by_writer) {
    TAXA_ASSIGN_OR_RETURN(std::string folder,
                          core::SegmentFolder(std::string(writer.first), std::string(writer.second)));
    // The same layout under another root: gold/<lead>/<device>/.
    if (root != "labels") folder = std::string(root) + folder.substr(folder.find('/'));
    // by_writer is sorted by annotator, so one name's devices are adjacent.
    if (writer.first != last_annotator)
      who += (who.empty() ? "" : ", ") + std::string(writer.first);
    last_annotator = writer.first;
    std::vector<const core::LabelEvent*> list;
    std::vector<std::string_view> list_lines;
    list.reserve(positions.size());
    for (size_t i : positions) list.push_back(&events[i]);
    if (!lines.empty()) {
      list_lines.reserve(positions.size());
      for (size_t i : positions) list_lines.push_back(lines[i]);
    }
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> existing, repo_.ListFiles(folder));
    std::optional<core::OpenSegment> open;
    if (!existing.empty()) {
      TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, repo_.ReadFile(existing.back()));
      if (bytes) open = core::OpenSegment{existing.back(), std::move(*bytes)};
    }
    TAXA_ASSIGN_OR_RETURN(auto segments,
                          core::AppendEvents(folder, open, list,
                                             lines.empty() ? nullptr : &list_lines));
    // Every event written is in the index already (pending), and so is the
    // rest of each open segment (from the commit that wrote it).
    for (core::SegmentFile& f : segments) {
      out.known.indexed_segments[f.path] = static_cast<int64_t>(f.events);
      out.files.push_back({f.path, f.bytes});
      out.written[f.path] = std::move(f.bytes);
    }
  }
  std::vector<std::string_view> items;
  items.reserve(events.size());
  for (const core::LabelEvent& e : events) items.push_back(e.item);
  core::ParallelSort(items.begin(), items.end(), std::less<>());
  size_t item_count = static_cast<size_t>(std::unique(items.begin(), items.end()) - items.begin());
  out.meta = Meta("Label " + std::to_string(item_count) + (item_count == 1 ? " item" : " items") +
                      " (" + who + ")",
                  {{"Taxa-Action", "labels.commit"},
                   {"Taxa-Events", std::to_string(events.size())}});
  return out;
}

Status Session::CommitEvents(std::vector<core::LabelEvent> events,
                             std::vector<std::string> lines) {
  TAXA_ASSIGN_OR_RETURN(SealedLabels sealed, SealLabels(events, lines));
  if (sealed.files.empty()) return Status::Ok();  // every event was already committed
  return CommitFiles(sealed.files, sealed.meta, &sealed.written, &sealed.known);
}

Status Session::Export(const std::function<Status(std::string_view line)>& out) {
  return index_->ForEachItemWithLabels(
      [&](const core::Item& item, const std::vector<core::CurrentLabel>& labels) {
        return out(core::EncodeExportLine(item, labels));
      });
}

}  // namespace taxa::app
