// The label pipeline: check, journal (durable), index, seal into segments,
// commit. A label is acknowledged once the journal holds it; everything after
// that is retried, never reported as a failure of the label.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <future>
#include <set>
#include <thread>
#include <unordered_map>

#include "session/internal/label_text.h"
#include "session/internal/project_state.h"
#include "session/internal/skips.h"

#include "taxa/core/guarded.h"
#include "taxa/core/parallel.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/text.h"
#include "taxa/core/timing.h"

namespace taxa::app {

Status ProjectState::BuildEvents(const std::vector<LabelRequest>& requests,
                                 std::vector<core::LabelEvent>& events,
                                 std::vector<std::string>& records) {
  core::ScopedTiming timing("label: check and build events");
  // Check everything before writing anything. Nothing is written here, so
  // the checks and the building run side by side: one thread looks the items
  // up in the index while the others check each request and build and seal
  // its event. The error returned is the one a check in request order meets
  // first: a request's own fault, else the first unknown item. (A damaged
  // index is repaired on the lookup's thread: that reads the repository and
  // writes the index, never what the events are built from.)
  std::vector<std::string_view> item_ids(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) item_ids[i] = requests[i].item;
  // A few labels (one acknowledged at a time) are looked up on this thread,
  // after the building: a thread started for them could wait for a core
  // longer than the lookup takes.
  const auto lookup = requests.size() >= 16384 ? std::launch::async : std::launch::deferred;
  std::future<Result<std::vector<std::string>>> missing_items =
      std::async(lookup, [&]() -> Result<std::vector<std::string>> {
        core::ScopedTiming items_timing("label: check items");
        core::ParallelSortByText(item_ids.begin(), item_ids.end(), std::identity(),
                                 std::less<>());
        item_ids.erase(std::unique(item_ids.begin(), item_ids.end()), item_ids.end());
        return index_->MissingItems(item_ids);
      });

  events.assign(requests.size(), core::LabelEvent());
  records.assign(requests.size(), std::string());
  for (size_t i = 0; i < requests.size(); ++i) events[i].hlc = clock_.Now();
  constexpr size_t kChunk = 4096;
  const size_t chunks = (requests.size() + kChunk - 1) / kChunk;
  std::vector<Status> chunk_error(chunks);  // the first fault in each chunk
  std::vector<size_t> chunk_error_at(chunks, SIZE_MAX);
  std::atomic<size_t> first_error_at{SIZE_MAX};  // chunks past a fault need not run
  core::ParallelFor(chunks, [&](size_t chunk) {
    const size_t begin = chunk * kChunk, end = std::min(requests.size(), begin + kChunk);
    if (begin > first_error_at.load()) return;
    // Bulk requests repeat a few annotators and category sets: check each
    // distinct one once (per chunk).
    std::set<std::string_view> checked_annotators;
    std::set<std::vector<std::string>> checked_categories;
    auto check = [&](const LabelRequest& r, std::string_view annotator) -> Status {
      if (checked_annotators.insert(annotator).second)
        TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(std::string(annotator)));
      TAXA_RETURN_IF_ERROR(CheckLabelText(r));
      if (!r.attributes.empty() || !checked_categories.count(r.categories)) {
        TAXA_RETURN_IF_ERROR(taxonomy_.CheckLabel(r.categories, r.attributes));
        if (r.attributes.empty()) checked_categories.insert(r.categories);
      }
      return Status::Ok();
    };
    for (size_t i = begin; i < end; ++i) {
      const LabelRequest& r = requests[i];
      std::string_view annotator = r.annotator.empty() ? std::string_view(user_) : r.annotator;
      if (Status s = check(r, annotator); !s.ok()) {
        chunk_error[chunk] = std::move(s);
        chunk_error_at[chunk] = i;
        for (size_t seen = first_error_at.load();
             i < seen && !first_error_at.compare_exchange_weak(seen, i);) {
        }
        return;
      }
      core::LabelEvent& e = events[i];
      e.annotator = r.annotator.empty() ? user_ : core::FoldAnnotatorName(r.annotator);
      e.item = r.item;
      e.device = device_;
      e.taxonomy = taxonomy_version_;
      e.categories = r.categories;
      std::sort(e.categories.begin(), e.categories.end());
      e.categories.erase(std::unique(e.categories.begin(), e.categories.end()), e.categories.end());
      e.attributes = r.attributes;
      e.note = r.note;
      e.duration_ms = r.duration_ms;
      records[i] = core::SealEvent(e);
    }
  });
  // The thread looking up items holds item_ids and the index: wait for it
  // whatever the requests' checks found.
  Result<std::vector<std::string>> missing = missing_items.get();
  if (const size_t at = first_error_at.load(); at != SIZE_MAX)
    for (size_t c = 0; c < chunks; ++c)
      if (chunk_error_at[c] == at) return chunk_error[c];
  if (!missing.ok()) return missing.status();
  if (!missing->empty()) {
    for (const LabelRequest& r : requests)  // name the first in request order
      if (std::binary_search(missing->begin(), missing->end(), r.item))
        return Status::InvalidInput("unknown item \"" + r.item + "\"");
  }
  return Status::Ok();
}

void ProjectState::ForgetSkipsOf(const std::vector<core::LabelEvent>& events) const {
  if (Status forgot = ForgetLabeledSkips(*this, events); !forgot.ok())
    Notice("labeled, but a skip of the item stays marked: " + forgot.message());
}

Result<std::vector<core::LabelEvent>> ProjectState::Record(
    const std::vector<LabelRequest>& requests, LabelCommit when) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  core::ScopedTiming timing("label: check, record and index");
  std::vector<core::LabelEvent> events;
  std::vector<std::string> records;
  TAXA_RETURN_IF_ERROR(BuildEvents(requests, events, records));
  if (when == LabelCommit::kNow && !events.empty()) {
    TAXA_RETURN_IF_ERROR(RecordAndCommit(events, records));
    ForgetSkipsOf(events);
    return events;
  }
  // The journal (disk) and the index (CPU) are written side by side; the
  // index rows are committed only once the journal holds the events, so a
  // failed sync leaves no trace of them.
  Status journaled;
  std::thread journal_writer([&] {
    core::ScopedTiming journal_timing("label: journal");
    journaled = core::Guarded("writing the label journal", [&] { return journal_.Append(records); });
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
  // Durable is success: what went wrong after is said, not returned, so that
  // no face reports a saved label as failed.
  if (!indexed.ok())
    Notice("saved, but the index could not show the labels yet (" + indexed.message() +
           "); it is rebuilt when the project is next opened");
  ForgetSkipsOf(events);
  return events;
}

Status ProjectState::CommitEvents(const std::vector<core::LabelEvent>& events,
                                  const std::vector<std::string>& records,
                                  const BatchExtras& extras) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  if (events.empty()) return Status::Ok();
  TAXA_RETURN_IF_ERROR(RecordAndCommit(events, records, &extras, Durable::kOnCommit));
  ForgetSkipsOf(events);
  return Status::Ok();
}

Status ProjectState::RecordAndCommit(const std::vector<core::LabelEvent>& events,
                                     const std::vector<std::string>& records,
                                     const BatchExtras* extras, Durable durable) {
  const bool journaled_first = durable == Durable::kOnJournal;
  // Earlier labels go first, in their own commit, so this batch's commit
  // holds exactly this batch.
  TAXA_RETURN_IF_ERROR(Flush());
  TAXA_ASSIGN_OR_RETURN(std::string parent, repo_.Head());
  // Two lanes: this thread fills the index while the other seals the batch
  // into segments and writes the commit. The index rows are committed only
  // once the batch is durable: in the journal (kOnJournal), or in the commit
  // itself (kOnCommit). A process killed before that leaves no index row
  // that no journal or commit holds; one killed after it leaves rows that the
  // next catch-up recognises by id.
  std::promise<Status> durable_done;
  std::future<Status> durable_status = durable_done.get_future();
  Status journal_status;
  Status written_status;
  SealedLabels sealed;
  sync::WorkTreeReport work_tree;
  std::thread writer([&] {
    // The journal is mostly waiting on the disk: seal the segments meanwhile,
    // and commit once the batch is durable in the journal.
    std::thread journal_writer;
    if (journaled_first) {
      journal_writer = std::thread([&] {
        core::ScopedTiming journal_timing("label: journal");
        journal_status =
            core::Guarded("writing the label journal", [&] { return journal_.Append(records); });
        durable_done.set_value(journal_status);
      });
    }
    auto write = [&]() -> Status {
      Result<SealedLabels> s =
          core::Guarded("sealing the labels", [&] { return SealLabels(events, records); });
      if (journal_writer.joinable()) journal_writer.join();
      TAXA_RETURN_IF_ERROR(journal_status);
      TAXA_RETURN_IF_ERROR(s.status());
      sealed = std::move(*s);
      if (extras) {
        sealed.files.insert(sealed.files.end(), extras->files.begin(), extras->files.end());
        sealed.meta = extras->meta;
      }
      if (sealed.files.empty()) return Status::Ok();
      core::ScopedTiming commit_timing("commit: write objects and move the branch");
      return core::Guarded("committing the labels", [&] {
        return repo_.Commit(sealed.files, sealed.meta, &work_tree,
                            {.durable = !journaled_first})
            .status();
      });
    };
    written_status = write();
    if (!journaled_first) durable_done.set_value(written_status);
  });
  Status indexed;
  {
    core::ScopedTiming index_timing("label: index");
    indexed = index_->AddPendingEvents(events, [&] { return durable_status.get(); });
  }
  writer.join();
  TAXA_RETURN_IF_ERROR(journal_status);  // nothing recorded, the index rolled back
  if (!journaled_first) TAXA_RETURN_IF_ERROR(written_status);  // likewise: nothing landed
  ++revision_;
  ReportWorkTree(work_tree);
  if (!written_status.ok()) {
    // Journaled (durable) but not committed: a later Flush commits them.
    pending_ += events.size();
    unflushed_.insert(unflushed_.end(), events.begin(), events.end());
    unflushed_lines_.insert(unflushed_lines_.end(), records.begin(), records.end());
    Notice("saved in the journal, but not yet committed (" + written_status.message() +
           "); they are committed on the next save");
    return Status::Ok();
  }
  // The index still stands at the parent: bring it forward, skipping what it
  // holds already (unless filling it failed, when it reads the segments).
  bool index_at_parent = indexed.ok() && index_->indexed_commit() == parent;
  core::ScopedTiming catch_up_timing("commit: bring the index forward");
  TAXA_RETURN_IF_ERROR(CatchUpIndex(&sealed.written, index_at_parent ? &sealed.known : nullptr));
  return journaled_first ? journal_.Clear() : Status::Ok();
}

Status ProjectState::Flush() {
  if (!writable()) return Status::Ok();
  std::vector<core::LabelEvent> events = std::move(unflushed_);
  std::vector<std::string> lines = std::move(unflushed_lines_);
  unflushed_.clear();
  unflushed_lines_.clear();
  if (events.empty()) {
    // Nothing of ours, but the journal may hold records a crashed process
    // left (this process appends only after recovering those at open).
    TAXA_ASSIGN_OR_RETURN(core::Journal::Contents contents, journal_.ReadAll());
    // A line cut short by a crash (never acknowledged) or damaged on disk, or
    // one that no longer reads as a label, cannot be committed; it is kept
    // beside the journal, never dropped without a word.
    std::vector<std::string> set_aside = std::move(contents.damaged);
    events.reserve(contents.records.size());
    for (std::string& record : contents.records) {
      Result<core::LabelEvent> e = core::DecodeEventLine(record, journal_.path());
      if (!e.ok()) {
        set_aside.push_back(std::move(record));
        continue;
      }
      clock_.Observe(e->hlc);
      events.push_back(std::move(*e));
      lines.push_back(std::move(record));
    }
    if (!set_aside.empty()) {
      TAXA_RETURN_IF_ERROR(journal_.SetAside(set_aside));
      Notice(std::to_string(set_aside.size()) + " damaged label journal " +
             (set_aside.size() == 1 ? "line was" : "lines were") + " set aside in " +
             journal_.set_aside_path() +
             " (a label cut short by a crash is one that was never acknowledged)");
    }
    if (events.empty()) {
      if (!set_aside.empty()) TAXA_RETURN_IF_ERROR(journal_.Clear());
      pending_ = 0;
      return Status::Ok();
    }
    TAXA_RETURN_IF_ERROR(index_->AddPendingEvents(events));
  }
  // What cannot be committed stays in the journal and in unflushed_ for the
  // next Flush (held_labels.cpp).
  return CommitJournaled(std::move(events), std::move(lines));
}

Status ProjectState::Recover() {
  recovering_ = true;
  Status s = Flush();
  recovering_ = false;
  return s;
}

Result<ProjectState::SealedLabels> ProjectState::SealLabels(
    const std::vector<core::LabelEvent>& events, const std::vector<std::string>& lines,
    std::string_view root) {
  core::ScopedTiming timing("labels: seal");
  // Each device of each annotator writes its own folder.
  // Gathered through a hash table (a bulk batch has a million events and
  // thousands of writers), then put in (annotator, device) order.
  using WriterKey = std::pair<std::string_view, std::string_view>;
  struct WriterHash {
    size_t operator()(const WriterKey& k) const {
      const std::hash<std::string_view> h;
      return h(k.first) * 31 + h(k.second);
    }
  };
  std::unordered_map<WriterKey, size_t, WriterHash> writer_of;
  std::vector<std::pair<WriterKey, std::vector<size_t>>> by_writer;
  const WriterKey* last = nullptr;  // consecutive events often share a writer
  size_t last_at = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const WriterKey key{events[i].annotator, events[i].device};
    if (!last || *last != key) {
      auto [it, added] = writer_of.try_emplace(key, by_writer.size());
      if (added) by_writer.push_back({key, {}});
      last = &it->first;
      last_at = it->second;
    }
    by_writer[last_at].second.push_back(i);
  }
  std::sort(by_writer.begin(), by_writer.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  SealedLabels out;
  std::string who;
  std::string_view last_annotator;
  // Each writer's folder and open segment are read here, on this thread (the
  // repository handle is not shared between threads); the segments are then
  // built and compressed side by side, each writer's on its own, and
  // gathered in writer order, so the files are the same as one by one.
  struct Writer {
    std::string folder;
    std::optional<core::OpenSegment> open;
    std::vector<const core::LabelEvent*> list;
    std::vector<std::string_view> lines;
    Result<std::vector<core::SegmentFile>> segments = std::vector<core::SegmentFile>();
  };
  std::vector<Writer> writers;
  writers.reserve(by_writer.size());
  for (const auto& [writer, positions] : by_writer) {
    Writer& w = writers.emplace_back();
    TAXA_ASSIGN_OR_RETURN(w.folder, core::SegmentFolder(std::string(writer.first),
                                                        std::string(writer.second)));
    // The same layout under another root: gold/<lead>/<device>/.
    if (root != "labels") w.folder = std::string(root) + w.folder.substr(w.folder.find('/'));
    // by_writer is sorted by annotator, so one name's devices are adjacent.
    if (writer.first != last_annotator)
      who += (who.empty() ? "" : ", ") + std::string(writer.first);
    last_annotator = writer.first;
    w.list.reserve(positions.size());
    for (size_t i : positions) w.list.push_back(&events[i]);
    if (!lines.empty()) {
      w.lines.reserve(positions.size());
      for (size_t i : positions) w.lines.push_back(lines[i]);
    }
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> existing, repo_.ListFiles(w.folder));
    if (!existing.empty()) {
      TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, repo_.ReadFile(existing.back()));
      if (bytes) w.open = core::OpenSegment{existing.back(), std::move(*bytes)};
    }
  }
  core::ParallelFor(writers.size(), [&](size_t k) {
    Writer& w = writers[k];
    w.segments = core::AppendEvents(w.folder, w.open, w.list, lines.empty() ? nullptr : &w.lines);
  });
  for (Writer& w : writers) {
    TAXA_RETURN_IF_ERROR(w.segments.status());
    // Every event written is in the index already (pending), and so is the
    // rest of each open segment (from the commit that wrote it).
    for (core::SegmentFile& f : *w.segments) {
      out.known.indexed_segments[f.path] = static_cast<int64_t>(f.events);
      out.files.push_back({f.path, f.bytes});
      out.written[f.path] = std::move(f.bytes);
    }
  }
  std::vector<std::string_view> items;
  items.reserve(events.size());
  for (const core::LabelEvent& e : events) items.push_back(e.item);
  core::ParallelSortByText(items.begin(), items.end(), std::identity(), std::less<>());
  size_t item_count = static_cast<size_t>(std::unique(items.begin(), items.end()) - items.begin());
  out.meta =
      Meta("Label " + std::to_string(item_count) + (item_count == 1 ? " item" : " items") + " (" +
               who + ")",
           {{"Taxa-Action", "labels.commit"}, {"Taxa-Events", std::to_string(events.size())}});
  return out;
}


}  // namespace taxa::app
