// The index's reviews (Index::ScanReviews) and the label events they judge:
// review segments (reviews/) are indexed whole, each review with the
// categories and taxonomy of the label event it judged once that event is
// in a committed label segment, so that the defect report reads one table
// rather than decoding every review and label segment.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "storage/index_statements.h"
#include "storage/sqlite_db.h"
#include "taxa/core/index.h"
#include "taxa/core/shard.h"

namespace taxa::core {

using storage::Statement;

Result<bool> Index::HasReviews() {
  TAXA_ASSIGN_OR_RETURN(Statement q, db_->Prepare("SELECT EXISTS(SELECT 1 FROM reviews)"));
  TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
  return row && q.Int(0) != 0;
}

Result<int64_t> Index::TaxonomyNumber(const std::string& recorded) {
  if (auto it = taxonomy_numbers_.find(recorded); it != taxonomy_numbers_.end())
    return it->second;
  Statement& find = st_->find_taxonomy;
  find.Bind(1, recorded);
  Result<bool> row = find.Step();
  const int64_t found = row.ok() && *row ? find.Int(0) : -1;
  find.Reset();
  if (!row.ok()) return row.status();
  int64_t n = found;
  if (n < 0) {
    TAXA_RETURN_IF_ERROR(st_->insert_taxonomy.Bind(1, recorded).Run());
    n = sqlite3_last_insert_rowid(db_->get());
  }
  taxonomy_numbers_[recorded] = n;
  return n;
}

Status Index::InsertLabelEvents(const std::vector<LabelEvent>& events) {
  // Kept to be written in key order (FlushLabelEvents): inserted as they
  // come, a million events land all over the table's B-tree and the rebuild
  // of a reviewed project took minutes.
  for (const LabelEvent& e : events) {
    TAXA_ASSIGN_OR_RETURN(int64_t taxonomy, TaxonomyNumber(e.taxonomy));
    KeptLabelEvent& k = kept_label_events_.emplace_back();
    k.id = e.id;
    WriteCategoriesJson(k.categories, e.categories);
    k.taxonomy = taxonomy;
  }
  return Status::Ok();
}

Status Index::FlushLabelEvents() {
  std::vector<KeptLabelEvent> events = std::move(kept_label_events_);
  kept_label_events_.clear();
  std::sort(events.begin(), events.end(),
            [](const KeptLabelEvent& a, const KeptLabelEvent& b) { return a.id < b.id; });
  for (const KeptLabelEvent& e : events) {
    TAXA_RETURN_IF_ERROR(st_->insert_label_event.BindStatic(1, e.id)
                             .BindStatic(2, e.categories)
                             .Bind(3, e.taxonomy)
                             .Run());
    // A review indexed before the label it judged was committed.
    if (unjudged_reviews_)
      TAXA_RETURN_IF_ERROR(st_->judge_reviews.BindStatic(1, e.id)
                               .BindStatic(2, e.categories)
                               .Bind(3, e.taxonomy)
                               .Run());
  }
  return Status::Ok();
}

Status Index::ApplyReviewSegments(const std::vector<std::string>& paths, const FileLoader& load) {
  std::vector<ReviewEvent> reviews;
  for (const std::string& path : paths) {
    TAXA_ASSIGN_OR_RETURN(std::string bytes, load(path));
    TAXA_ASSIGN_OR_RETURN(std::string text, DecompressFrame(bytes, path));
    TAXA_RETURN_IF_ERROR(ForEachLine(text, [&](std::string_view line, size_t line_no) -> Status {
      TAXA_ASSIGN_OR_RETURN(ReviewEvent r,
                            DecodeReviewLine(line, path + ":" + std::to_string(line_no)));
      reviews.push_back(std::move(r));
      return Status::Ok();
    }));
  }
  // In key order: the table's pages are written once each, and the label
  // events are looked up in their own key order.
  std::sort(reviews.begin(), reviews.end(), [](const ReviewEvent& a, const ReviewEvent& b) {
    return a.label != b.label ? a.label < b.label : a.id < b.id;
  });
  std::string cats, errors, judged_categories;
  for (const ReviewEvent& r : reviews) {
    bool judged = false;
    int64_t judged_taxonomy = 0;
    judged_categories = "[]";
    if (!r.label.empty()) {
      Statement& find = st_->find_label_event;
      find.BindStatic(1, r.label);
      Result<bool> row = find.Step();
      if (row.ok() && *row) {
        judged = true;
        judged_categories = find.Text(0);
        judged_taxonomy = find.Int(1);
      }
      find.Reset();
      if (!row.ok()) return row.status();
    }
    WriteCategoriesJson(cats, r.categories);
    WriteCategoriesJson(errors, r.errors);
    TAXA_RETURN_IF_ERROR(st_->insert_review.BindStatic(1, r.label)
                             .BindStatic(2, r.id)
                             .Bind(3, static_cast<int64_t>(r.hlc))
                             .BindStatic(4, r.item)
                             .BindStatic(5, r.annotator)
                             .BindStatic(6, r.reviewer)
                             .BindStatic(7, r.device)
                             .BindStatic(8, r.plan)
                             .Bind(9, static_cast<int64_t>(r.verdict))
                             .BindStatic(10, cats)
                             .BindStatic(11, errors)
                             .BindStatic(12, r.rule)
                             .BindStatic(13, r.note)
                             .Bind(14, static_cast<int64_t>(r.duration_ms))
                             .Bind(15, static_cast<int64_t>(r.defects))
                             .Bind(16, static_cast<int64_t>(r.reviewed))
                             .Bind(17, static_cast<int64_t>(judged))
                             .BindStatic(18, judged_categories)
                             .Bind(19, judged_taxonomy)
                             .Run());
  }
  return Status::Ok();
}

Status Index::ScanReviews(
    const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn,
    bool counting_only) {
  return GuardScan([&](bool& delivered, bool& caller_failed) {
    return ScanReviewsOnce(fn, counting_only, delivered, caller_failed);
  });
}

Status Index::ScanReviewsOnce(
    const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn,
    bool counting_only, bool& delivered, bool& caller_failed) {
  std::vector<std::string> taxonomies;  // number -> recorded
  {
    TAXA_ASSIGN_OR_RETURN(Statement t, db_->Prepare("SELECT n, recorded FROM taxonomies"));
    for (;;) {
      TAXA_ASSIGN_OR_RETURN(bool row, t.Step());
      if (!row) break;
      const int64_t n = t.Int(0);
      if (n < 0 || n > (int64_t{1} << 24)) continue;
      if (static_cast<size_t>(n) >= taxonomies.size()) taxonomies.resize(n + 1);
      taxonomies[n] = t.Text(1);
    }
  }
  // The columns every scan reads come first; the rest only for whole events.
  TAXA_ASSIGN_OR_RETURN(
      Statement q,
      db_->Prepare(counting_only
                       ? "SELECT label, id, hlc, annotator, verdict, categories, errors, rule, "
                         "judged, judged_categories, judged_taxonomy FROM reviews "
                         "ORDER BY label, id"
                       : "SELECT label, id, hlc, annotator, verdict, categories, errors, rule, "
                         "judged, judged_categories, judged_taxonomy, item, reviewer, device, "
                         "plan, note, ms, defects, reviewed FROM reviews ORDER BY label, id"));
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Ok();
    ReviewEvent r;
    r.label = q.Text(0);
    r.id = q.Text(1);
    r.hlc = static_cast<uint64_t>(q.Int(2));
    r.annotator = q.Text(3);
    const int64_t verdict = q.Int(4);
    if (verdict < 0 || verdict > static_cast<int64_t>(ReviewVerdict::kLotReject))
      return Status::Corrupt(std::string(storage::kIndexDatabase) + " " + path_ +
                             ": review " + r.id + " has verdict " + std::to_string(verdict));
    r.verdict = static_cast<ReviewVerdict>(verdict);
    if (std::string_view c = q.Text(5); c != "[]") ParseStoredCategories(c, r.categories);
    if (std::string_view e = q.Text(6); e != "[]") ParseStoredCategories(e, r.errors);
    r.rule = q.Text(7);
    JudgedLabelView judged;
    judged.found = q.Int(8) != 0;
    if (judged.found) {
      judged.categories = q.Text(9);
      const int64_t n = q.Int(10);
      if (n >= 0 && static_cast<size_t>(n) < taxonomies.size()) judged.taxonomy = taxonomies[n];
    }
    if (!counting_only) {
      r.item = q.Text(11);
      r.reviewer = q.Text(12);
      r.device = q.Text(13);
      r.plan = q.Text(14);
      r.note = q.Text(15);
      r.duration_ms = static_cast<uint32_t>(q.Int(16));
      r.defects = static_cast<uint64_t>(q.Int(17));
      r.reviewed = static_cast<uint64_t>(q.Int(18));
    }
    delivered = true;
    Status used = fn(r, judged);
    if (!used.ok()) {
      caller_failed = true;
      return used;
    }
  }
}

}  // namespace taxa::core
