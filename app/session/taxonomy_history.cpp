// Taxonomy history: replay, diff, blame and labels made under a release
// (taxonomy_history.h).
#include "session/taxonomy_history.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <sstream>

#include "session/history.h"
#include "session/internal/committed_labels.h"
#include "session/internal/label_release.h"
#include "session/internal/project_state.h"
#include "session/utc_stamp.h"

#include "taxa/core/fs.h"
#include "taxa/core/layout.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/text.h"

namespace taxa::app {

namespace {

// Version 2: a step's line no longer carries taxonomy/'s tree id.
constexpr const char* kCacheHeader = "taxa-taxonomy-history 2";
constexpr const char* kFolder = "taxonomy";

// One commit of main, as the cache keeps it.
using Step = sync::ChainStep;

std::string Dash(const std::string& s) { return s.empty() ? "-" : s; }
std::string Undash(const std::string& s) { return s == "-" ? "" : s; }

std::string EncodeCache(const std::vector<Step>& steps) {
  std::string out = std::string(kCacheHeader) + "\n";
  for (const Step& s : steps) {
    out += s.commit + " " + std::to_string(s.time) + " " + std::to_string(s.parents.size());
    for (const std::string& p : s.parents) out += " " + p;
    out += " " + std::to_string(s.changes.size()) + "\n";
    for (const sync::PathChange& c : s.changes)
      out += c.path + " " + Dash(c.before) + " " + Dash(c.after) + "\n";
  }
  out += "end " + std::to_string(steps.size()) + "\n";
  return out;
}

// nullopt when the bytes are not a whole cache (it is then rebuilt).
std::optional<std::vector<Step>> DecodeCache(const std::string& bytes) {
  std::istringstream in(bytes);
  std::string line;
  if (!std::getline(in, line) || line != kCacheHeader) return std::nullopt;
  std::vector<Step> steps;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string first;
    ls >> first;
    if (first == "end") {
      size_t n = 0;
      if (!(ls >> n) || n != steps.size()) return std::nullopt;
      return steps;
    }
    Step s;
    s.commit = first;
    size_t parents = 0, changes = 0;
    if (s.commit.size() != 40 || !(ls >> s.time >> parents) || parents > 64) return std::nullopt;
    s.parents.resize(parents);
    for (std::string& p : s.parents)
      if (!(ls >> p) || p.size() != 40) return std::nullopt;
    if (!(ls >> changes)) return std::nullopt;
    for (size_t i = 0; i < changes; ++i) {
      if (!std::getline(in, line)) return std::nullopt;
      std::istringstream cs(line);
      sync::PathChange c;
      if (!(cs >> c.path >> c.before >> c.after)) return std::nullopt;
      c.before = Undash(c.before);
      c.after = Undash(c.after);
      s.changes.push_back(std::move(c));
    }
    steps.push_back(std::move(s));
  }
  return std::nullopt;  // no end line: cut short
}

// The last trailer named `key` of `e`; "" when none.
std::string LastTrailer(const sync::LogEntry& e, std::string_view key) {
  std::vector<std::string> v = TrailerValues(e, key);
  return v.empty() ? "" : v.back();
}

// Decodes category blobs by id once.
class CategoryBlobs {
 public:
  CategoryBlobs(sync::Repository& repo, std::string path) : repo_(repo), path_(std::move(path)) {}
  // The field values of the blob `id`; empty for "" (no file).
  Result<std::vector<std::pair<std::string, std::string>>> Fields(const std::string& id) {
    if (id.empty()) return std::vector<std::pair<std::string, std::string>>{};
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second;
    TAXA_ASSIGN_OR_RETURN(std::string bytes, repo_.ReadBlob(id));
    TAXA_ASSIGN_OR_RETURN(core::Category c, core::DecodeCategory(bytes, path_));
    return cache_[id] = core::CategoryFieldValues(c);
  }
  // The value of `field` in blob `id`, nullopt when there is no file.
  Result<std::optional<std::string>> Value(const std::string& id, const std::string& field) {
    TAXA_ASSIGN_OR_RETURN(auto fields, Fields(id));
    for (const auto& [f, v] : fields)
      if (f == field) return std::optional<std::string>(v);
    return std::optional<std::string>();
  }

 private:
  sync::Repository& repo_;
  std::string path_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> cache_;
};

}  // namespace

TaxonomyHistory::TaxonomyHistory(Project& project) : s_(project.state()) {}

Result<const std::vector<Step>*> TaxonomyHistory::Mainline() {
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
  if (steps_head_ == head) return &steps_;
  steps_head_.reset();
  steps_.clear();
  if (head.empty()) {
    steps_head_ = head;
    return &steps_;
  }
  const std::string path = s_.state_dir() + "/taxonomy-history";
  std::vector<Step> steps;
  // A cache that is missing or cannot be read is rebuilt, as one that does not decode.
  if (Result<std::string> bytes = core::ReadFile(path); bytes.ok()) {
    if (auto decoded = DecodeCache(*bytes)) steps = std::move(*decoded);
  }
  // HEAD inside the cache (a reader pinned behind a newer writer): its prefix.
  for (size_t i = steps.size(); i-- > 0;) {
    if (steps[i].commit == head) {
      steps.resize(i + 1);
      steps_ = std::move(steps);
      steps_head_ = head;
      return &steps_;
    }
  }
  bool met = false;
  std::string tip = steps.empty() ? "" : steps.back().commit;
  Result<std::vector<Step>> newer = sync::FirstParentChanges(s_.repo(), head, kFolder, tip, &met);
  if (!newer.ok()) return newer.status();
  if (!met && !steps.empty()) {
    // The cache does not lead to HEAD (history rewritten, a damaged file):
    // the walk above already went to the root, so it is the whole chain.
    steps.clear();
  }
  for (size_t i = newer->size(); i-- > 0;) steps.push_back(std::move((*newer)[i]));
  // A cache that cannot be written costs the next query a walk, nothing else.
  (void)core::WriteFileAtomic(path, EncodeCache(steps));
  steps_ = std::move(steps);
  steps_head_ = head;
  return &steps_;
}

Result<size_t> TaxonomyHistory::Refresh() {
  TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* steps, Mainline());
  return steps->size();
}

Result<std::vector<TimelineEntry>> TaxonomyHistory::Timeline(std::vector<TimelineEntry> known) {
  TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* main, Mainline());
  std::vector<TimelineEntry> out;
  for (const Step& step : *main) {
    if (step.changes.empty()) continue;
    if (out.size() < known.size() && known[out.size()].commit == step.commit) {
      out.push_back(std::move(known[out.size()]));
      continue;
    }
    known.clear();  // history differs from here on: read the rest
    TAXA_ASSIGN_OR_RETURN(sync::CommitDetails d, s_.repo().ReadCommit(step.commit));
    TimelineEntry e;
    e.commit = step.commit;
    e.time = d.entry.time;
    e.author = d.entry.author;
    e.email = d.entry.email;
    e.subject = d.entry.subject;
    e.action = ActionOf(d.entry);
    e.rationale = LastTrailer(d.entry, "Taxa-Rationale");
    e.approved_by = TrailerValues(d.entry, "Taxa-Approved-By");
    for (const sync::PathChange& c : step.changes) {
      if (auto version = core::layout::JsonFileStem(c.path, core::kReleasesDir)) {
        if (c.before.empty() && !c.after.empty()) e.version = std::string(*version);
      } else if (auto id = core::layout::JsonFileStem(c.path, core::kCategoriesDir)) {
        e.categories.emplace_back(*id);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<HistoryPoint> TaxonomyHistory::Resolve(const std::string& point) {
  auto at = [&](const std::string& commit) -> Result<HistoryPoint> {
    TAXA_ASSIGN_OR_RETURN(sync::CommitDetails d, s_.repo().ReadCommit(commit));
    return HistoryPoint{commit, d.entry.time, ""};
  };
  if (point.empty() || point == "HEAD") {
    TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
    if (head.empty()) return Status::NotFound("the project has no commits yet");
    return at(head);
  }
  if (core::ParseSemver(point).ok()) {
    TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                          s_.repo().ReadFile(core::ReleasePath(point)));
    if (!bytes) {
      TAXA_ASSIGN_OR_RETURN(std::vector<std::string> files,
                            s_.repo().ListFiles(std::string(core::kReleasesDir)));
      std::string known;
      for (const std::string& f : files)
        if (auto v = core::layout::JsonFileStem(f, core::kReleasesDir))
          known += (known.empty() ? "" : ", ") + std::string(*v);
      return Status::NotFound("no release " + point +
                              " (released: " + (known.empty() ? "none" : known) + ")");
    }
    TAXA_ASSIGN_OR_RETURN(core::ReleaseManifest m,
                          core::DecodeRelease(*bytes, core::ReleasePath(point)));
    TAXA_ASSIGN_OR_RETURN(HistoryPoint p, at(m.commit));
    p.version = m.version;
    return p;
  }
  if (std::optional<int64_t> when = ParseIsoUtc(point)) {
    TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* main, Mainline());
    const std::vector<Step>& steps = *main;
    if (steps.empty()) return Status::NotFound("the project has no commits yet");
    for (size_t i = steps.size(); i-- > 0;) {
      if (steps[i].time <= *when) return HistoryPoint{steps[i].commit, steps[i].time, ""};
    }
    return Status::NotFound(point + " precedes the project: its first commit is from " +
                            UtcText(steps.front().time));
  }
  std::string lower = point;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (core::IsLowerHex(lower) && lower.size() <= 40) {
    if (lower.size() < 4)
      return Status::InvalidInput("commit prefix \"" + point +
                                  "\" is too short: give 4 or more hex digits");
    TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* steps, Mainline());
    std::vector<const Step*> found;
    for (const Step& s : *steps)
      if (s.commit.compare(0, lower.size(), lower) == 0) found.push_back(&s);
    if (found.size() == 1) return HistoryPoint{found[0]->commit, found[0]->time, ""};
    if (found.size() > 1)
      return Status::InvalidInput("commit prefix \"" + point + "\" is ambiguous: " +
                                  std::to_string(found.size()) + " commits of main start with it");
    if (lower.size() == 40) {
      Result<HistoryPoint> p = at(lower);
      if (p.ok() || p.status().code() != StatusCode::kNotFound) return p;
    }
    return Status::NotFound("no commit " + point + " in the project's history");
  }
  return Status::InvalidInput("\"" + point +
                              "\" is not a point of history: give a date (2026-12-01 or "
                              "2026-12-01T10:30:00Z, UTC), a commit id or a released version");
}

Result<core::Taxonomy> TaxonomyHistory::TaxonomyAt(const HistoryPoint& point) {
  TAXA_ASSIGN_OR_RETURN(auto files, s_.repo().ReadFolder("taxonomy/", point.commit));
  return core::DecodeTaxonomy(files);  // reads categories/ and attributes/ only
}

Result<core::TaxonomyChanges> TaxonomyHistory::Diff(const std::string& from,
                                                    const std::string& to) {
  TAXA_ASSIGN_OR_RETURN(HistoryPoint a, Resolve(from));
  TAXA_ASSIGN_OR_RETURN(HistoryPoint b, Resolve(to));
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy before, TaxonomyAt(a));
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy after, TaxonomyAt(b));
  return core::DiffTaxonomies(before, after);
}

Result<std::vector<BlameField>> TaxonomyHistory::Blame(const std::string& category) {
  if (s_.taxonomy().Find(category) == nullptr && !core::CheckId(category, "category").ok())
    return Status::InvalidInput("\"" + category + "\" is not a category id");
  const std::string path = core::CategoryPath(category);
  TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* main, Mainline());
  const std::vector<Step>& steps = *main;
  // The steps of main that changed the file, newest first.
  std::vector<std::pair<const Step*, const sync::PathChange*>> touching;
  for (size_t i = steps.size(); i-- > 0;) {
    for (const sync::PathChange& c : steps[i].changes)
      if (c.path == path) touching.emplace_back(&steps[i], &c);
  }
  if (touching.empty() || touching.front().second->after.empty())
    return Status::NotFound("no category \"" + category + "\" at HEAD");
  CategoryBlobs blobs(s_.repo(), path);
  TAXA_ASSIGN_OR_RETURN(auto current, blobs.Fields(touching.front().second->after));

  std::map<std::string, sync::CommitDetails> commits;
  auto details = [&](const std::string& id) -> Result<const sync::CommitDetails*> {
    auto it = commits.find(id);
    if (it == commits.end()) {
      TAXA_ASSIGN_OR_RETURN(sync::CommitDetails d, s_.repo().ReadCommit(id));
      it = commits.emplace(id, std::move(d)).first;
    }
    return &it->second;
  };
  // The first-parent chain of the branch each merge on main brought, by merge.
  std::map<std::string, std::vector<Step>> branches;
  auto branch_of = [&](const Step& merge) -> Result<const std::vector<Step>*> {
    auto it = branches.find(merge.commit);
    if (it == branches.end()) {
      TAXA_ASSIGN_OR_RETURN(std::string base,
                            s_.repo().MergeBase(merge.parents[0], merge.parents[1]));
      TAXA_ASSIGN_OR_RETURN(
          std::vector<Step> chain,
          sync::FirstParentChanges(s_.repo(), merge.parents[1], kFolder, base, nullptr));
      it = branches.emplace(merge.commit, std::move(chain)).first;
    }
    return &it->second;
  };

  std::vector<BlameField> out;
  for (const auto& [field, value] : current) {
    BlameField b;
    b.field = field;
    b.value = value;
    const Step* changed = nullptr;
    for (const auto& [step, change] : touching) {
      TAXA_ASSIGN_OR_RETURN(std::optional<std::string> was, blobs.Value(change->before, field));
      TAXA_ASSIGN_OR_RETURN(std::optional<std::string> now, blobs.Value(change->after, field));
      if (was != now) {
        changed = step;
        break;
      }
    }
    if (changed == nullptr) changed = touching.back().first;  // unreachable: the add changes all
    std::string made = changed->commit;
    if (changed->parents.size() >= 2) {
      // Brought by a merge: find the commit on the merged branch that made it.
      b.merged_in = changed->commit;
      TAXA_ASSIGN_OR_RETURN(const std::vector<Step>* branch, branch_of(*changed));
      for (const Step& bs : *branch) {
        const sync::PathChange* c = nullptr;
        for (const sync::PathChange& pc : bs.changes)
          if (pc.path == path) c = &pc;
        if (c == nullptr) continue;
        TAXA_ASSIGN_OR_RETURN(std::optional<std::string> was, blobs.Value(c->before, field));
        TAXA_ASSIGN_OR_RETURN(std::optional<std::string> now, blobs.Value(c->after, field));
        if (was != now && now == std::optional<std::string>(value)) {
          made = bs.commit;
          break;
        }
      }
    }
    TAXA_ASSIGN_OR_RETURN(const sync::CommitDetails* d, details(made));
    b.commit = made;
    b.author = d->entry.author;
    b.email = d->entry.email;
    b.time = d->entry.time;
    b.subject = d->entry.subject;
    b.rationale = LastTrailer(d->entry, "Taxa-Rationale");
    TAXA_ASSIGN_OR_RETURN(const sync::CommitDetails* on_main, details(changed->commit));
    b.approved_by = TrailerValues(on_main->entry, "Taxa-Approved-By");
    if (b.rationale.empty()) b.rationale = LastTrailer(on_main->entry, "Taxa-Rationale");
    out.push_back(std::move(b));
  }
  return out;
}

Result<MadeUnder> TaxonomyHistory::LabelsMadeUnder(const std::string& version) {
  TAXA_ASSIGN_OR_RETURN(HistoryPoint release, Resolve(version));
  if (release.version.empty())
    return Status::InvalidInput("\"" + version + "\" is not a version (such as 1.2.0)");
  MadeUnder out;
  out.version = release.version;
  LabelRelease releases(s_);
  TAXA_RETURN_IF_ERROR(ForEachCommittedLabel(s_, [&](core::LabelEvent& e) {
    std::optional<std::string> r = releases.Of(e.taxonomy);
    if (!r)
      ++out.unresolved;
    else if (*r == out.version)
      out.labels.push_back(std::move(e));
    return Status::Ok();
  }));
  return out;
}

}  // namespace taxa::app
