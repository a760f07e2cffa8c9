#include "app/sync_property.h"

#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"

#include "taxa/core/label_event.h"
#include "taxa/core/merge.h"
#include "taxa/core/shard.h"
#include "taxa/sync/repository.h"

namespace taxa::testing {

namespace {

// One write of one taxonomy field, and the writes of that field its replica
// had seen when it made it.
struct Write {
  size_t id = 0;
  std::string path;
  std::string field;
  std::string value;
  std::set<size_t> seen;
};

class PropertyRun {
 public:
  explicit PropertyRun(const PropertyOptions& o) : o_(o), rng_(o.seed) {}

  PropertyOutcome Run() {
    if (Setup()) {
      for (int step = 0; step < o_.steps && out_.violations.empty(); ++step) Step();
      for (int round = 0; round < 2 && out_.violations.empty(); ++round)
        for (int r = 0; r < o_.replicas && out_.violations.empty(); ++r) Sync(r);
      if (out_.violations.empty()) Check();
    }
    return out_;
  }

 private:
  bool Fail(const std::string& what, const Status& s) {
    out_.violations.push_back("seed " + std::to_string(o_.seed) + ": " + what + ": " + s.message());
    return false;
  }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  // A category this replica has (other replicas' new ones may not have reached it).
  std::string PickCategory(const app::Project& s) {
    auto it = s.taxonomy().categories().begin();
    std::advance(it, Pick(s.taxonomy().size()));
    return it->first;
  }

  bool Setup() {
    hub_ = o_.dir + "/hub.git";
    if (RunCommand("git init -q --bare " + hub_).exit_code != 0)
      return Fail("git init --bare", Status::Io(hub_));
    auto first = app::Project::Create(o_.dir + "/r0", "Property", {.user = "r0"});
    if (!first.ok()) return Fail("create", first.status());
    app::Project& s = **first;
    for (const char* id : {"a", "b", "c"}) {
      if (Status st = app::TaxonomyEdits(s).Add({.id = id, .name = std::string("Cat ") + id});
          !st.ok())
        return Fail("add category", st);
    }
    for (const char* id : {"a.x", "a.y", "b.z"}) {
      core::Category c{.id = id, .name = std::string("Cat ") + id, .parent = std::string(1, id[0])};
      if (Status st = app::TaxonomyEdits(s).Add(c); !st.ok()) return Fail("add category", st);
    }
    std::string items;
    for (int i = 0; i < 20; ++i) {
      items += "{\"id\": \"i" + std::to_string(i) + "\", \"text\": \"item " + std::to_string(i) +
               "\"}\n";
      items_.push_back("i" + std::to_string(i));
    }
    if (auto r = app::Items(s).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines);
        !r.ok())
      return Fail("import", r.status());
    if (Status st = app::Remotes(s).Add("origin", hub_); !st.ok()) return Fail("remote add", st);
    replicas_.push_back(std::move(*first));
    knows_.emplace_back();
    if (!Sync(0)) return false;
    for (int r = 1; r < o_.replicas; ++r) {
      auto clone = app::Project::Clone(hub_, o_.dir + "/r" + std::to_string(r),
                                       {.user = "r" + std::to_string(r)});
      if (!clone.ok()) return Fail("clone", clone.status());
      replicas_.push_back(std::move(*clone));
      knows_.push_back(hub_knows_);
    }
    return true;
  }

  bool Sync(int r) {
    ++out_.syncs;
    auto report = app::Remotes(*replicas_[r]).Sync("origin");
    if (!report.ok()) return Fail("sync of r" + std::to_string(r), report.status());
    // Sequential syncs: the hub now holds everything either side had.
    knows_[r].insert(hub_knows_.begin(), hub_knows_.end());
    hub_knows_ = knows_[r];
    return true;
  }

  void Record(int r, const std::string& id, const std::string& field, const std::string& value) {
    Write w{.id = writes_.size(),
            .path = "taxonomy/categories/" + id + ".json",
            .field = field,
            .value = value};
    for (size_t known : knows_[r])
      if (writes_[known].path == w.path && writes_[known].field == field) w.seen.insert(known);
    knows_[r].insert(w.id);
    writes_.push_back(std::move(w));
    ++out_.edits;
  }

  void Step() {
    int r = static_cast<int>(Pick(replicas_.size()));
    app::Project& s = *replicas_[r];
    size_t op = Pick(100);
    std::string tag = "r" + std::to_string(r) + "#" + std::to_string(++counter_);
    if (op < 50) {
      const std::string& item = items_[Pick(items_.size())];
      std::vector<std::string> cats = {PickCategory(s)};
      if (Pick(10) == 0) cats.clear();  // clears the label: an event too
      auto e = app::Labeling(s).Label({.item = item, .categories = cats, .note = tag});
      if (!e.ok()) return (void)Fail("label", e.status());
      events_.insert(e->id);
      ++out_.events;
    } else if (op < 70) {
      std::string id = PickCategory(s);
      core::CategoryEdit edit;
      bool rename = Pick(4) == 0;
      std::string value = (rename ? "Name " : "Definition ") + tag;
      (rename ? edit.name : edit.definition) = value;
      if (Status st = app::TaxonomyEdits(s).Edit(id, edit); !st.ok())
        return (void)Fail("edit " + id, st);
      Record(r, id, rename ? "name" : "definition", value);
    } else if (op < 77) {
      std::string id = "n" + std::to_string(r) + "-" + std::to_string(counter_);
      std::string parent = Pick(3) == 0 ? "" : PickCategory(s);
      if (Status st = app::TaxonomyEdits(s).Add({.id = id, .name = "New " + tag, .parent = parent});
          !st.ok())
        return (void)Fail("add " + id, st);
      ++out_.edits;
    } else if (op < 85) {
      std::string id = PickCategory(s);
      std::string parent = Pick(3) == 0 ? "" : PickCategory(s);
      if (s.taxonomy().Find(id)->parent == parent) return;
      // A move that would make a cycle here, or a sibling name clash, is refused: skip it.
      if (!app::TaxonomyEdits(s).Move(id, parent).ok()) return;
      Record(r, id, "parent", parent);
    } else {
      Sync(r);
    }
  }

  void Check() {
    std::string head;
    for (int r = 0; r < o_.replicas; ++r) {
      auto repo = sync::Repository::Open(replicas_[r]->dir());
      if (!repo.ok()) return (void)Fail("open", repo.status());
      auto h = repo->Head();
      if (!h.ok()) return (void)Fail("head", h.status());
      if (r == 0) head = *h;
      if (*h != head) {
        out_.violations.push_back("seed " + std::to_string(o_.seed) + ": r" + std::to_string(r) +
                                  " ends at " + *h + ", r0 at " + head);
      }
      auto counts = app::Items(*replicas_[r]).Counts();
      if (!counts.ok()) return (void)Fail("counts", counts.status());
      if (static_cast<size_t>(counts->events) != events_.size()) {
        out_.violations.push_back("seed " + std::to_string(o_.seed) + ": r" + std::to_string(r) +
                                  "'s index counts " + std::to_string(counts->events) +
                                  " events, " + std::to_string(events_.size()) + " were made");
      }
    }
    auto repo = sync::Repository::Open(replicas_[0]->dir());
    if (!repo.ok()) return (void)Fail("open", repo.status());
    CheckEvents(*repo);
    CheckConflicts(*repo);
  }

  void CheckEvents(sync::Repository& repo) {
    auto files = repo.ReadFolder("labels/");
    if (!files.ok()) return (void)Fail("read labels", files.status());
    std::set<std::string> found;
    for (const auto& [path, bytes] : *files) {
      auto text = core::DecompressFrame(bytes, path);
      if (!text.ok()) return (void)Fail("segment", text.status());
      Status st = core::ForEachLine(*text, [&](std::string_view line, size_t) -> Status {
        TAXA_ASSIGN_OR_RETURN(core::LabelEvent e, core::DecodeEventLine(line, path));
        if (!found.insert(e.id).second) return Status::Corrupt("event " + e.id + " twice");
        return Status::Ok();
      });
      if (!st.ok()) return (void)Fail("segment", st);
    }
    for (const std::string& id : events_)
      if (!found.count(id))
        out_.violations.push_back("seed " + std::to_string(o_.seed) + ": event " + id + " lost");
    if (found.size() != events_.size()) {
      out_.violations.push_back("seed " + std::to_string(o_.seed) + ": the tree holds " +
                                std::to_string(found.size()) + " events, " +
                                std::to_string(events_.size()) + " were made");
    }
  }

  void CheckConflicts(sync::Repository& repo) {
    auto files = repo.ReadFolder("conflicts/");
    if (!files.ok()) return (void)Fail("read conflicts", files.status());
    std::set<std::pair<std::string, std::string>> recorded;  // path, field
    for (const auto& [path, bytes] : *files) {
      auto c = core::DecodeConflict(bytes, path);
      if (!c.ok()) return (void)Fail("conflict record", c.status());
      recorded.emplace(c->path, c->field);
    }
    out_.conflicts = files->size();
    // A write that a later write of the field had seen was replaced on
    // purpose; the writes nobody replaced are the ones a merge must meet.
    std::set<size_t> replaced;
    for (const Write& w : writes_) replaced.insert(w.seen.begin(), w.seen.end());
    for (const Write& a : writes_) {
      for (const Write& b : writes_) {
        if (b.id <= a.id || a.path != b.path || a.field != b.field || a.value == b.value) continue;
        if (replaced.count(a.id) || replaced.count(b.id)) continue;
        ++out_.concurrent;
        if (!recorded.count({a.path, a.field})) {
          std::string others;
          for (const auto& [path, field] : recorded) others += " " + path + ":" + field;
          out_.violations.push_back(
              "seed " + std::to_string(o_.seed) + ": " + a.path + " " + a.field +
              " was written \"" + a.value + "\" and \"" + b.value +
              "\" concurrently, and no conflict records it (recorded:" + others + ")");
        }
      }
    }
  }

  PropertyOptions o_;
  std::mt19937_64 rng_;
  std::string hub_;
  std::vector<std::unique_ptr<app::Project>> replicas_;
  std::vector<std::set<size_t>> knows_;  // per replica: the writes it has seen
  std::set<size_t> hub_knows_;
  std::vector<Write> writes_;
  std::vector<std::string> items_;
  std::set<std::string> events_;
  size_t counter_ = 0;
  PropertyOutcome out_;
};

}  // namespace

std::string PropertyOutcome::Describe() const {
  std::ostringstream s;
  s << events << " events, " << edits << " taxonomy writes, " << syncs << " syncs, " << concurrent
    << " concurrent field writes, " << conflicts << " conflict records";
  for (const std::string& v : violations) s << "\n  " << v;
  return s.str();
}

PropertyOutcome RunSyncProperty(const PropertyOptions& options) {
  return PropertyRun(options).Run();
}

}  // namespace taxa::testing
