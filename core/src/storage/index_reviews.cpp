// The index's reviews (Index::ScanReviews) and the label events they judge:
// review segments (reviews/) are indexed whole, each review with the
// categories and taxonomy of the label event it judged once that event is
// in a committed label segment, so that the defect report reads one table
// rather than decoding every review and label segment. A review's texts
// that repeat (annotator, reviewer, device, plan, rule, and the JSON arrays
// of categories and errors) are numbers into review_texts, so that the
// report reads a million reviews without a string or a JSON array each.
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

Result<int64_t> Index::ReviewTextNumber(std::string_view text) {
  if (auto it = review_text_numbers_.find(text); it != review_text_numbers_.end())
    return it->second;
  Statement& find = st_->find_review_text;
  find.BindStatic(1, text);
  Result<bool> row = find.Step();
  int64_t n = row.ok() && *row ? find.Int(0) : -1;
  find.Reset();
  if (!row.ok()) return row.status();
  if (n < 0) {
    TAXA_RETURN_IF_ERROR(st_->insert_review_text.BindStatic(1, text).Run());
    n = sqlite3_last_insert_rowid(db_->get());
  }
  review_text_numbers_.emplace(std::string(text), n);
  return n;
}

Result<std::vector<std::string>> Index::ReviewTexts() {
  std::vector<std::string> texts;
  TAXA_ASSIGN_OR_RETURN(Statement t, db_->Prepare("SELECT n, text FROM review_texts ORDER BY n"));
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, t.Step());
    if (!row) return texts;
    const int64_t n = t.Int(0);
    if (n < 0 || n > (int64_t{1} << 26))
      return Status::Corrupt(std::string(storage::kIndexDatabase) + " " + path_ +
                             ": review text number " + std::to_string(n));
    if (static_cast<size_t>(n) >= texts.size()) texts.resize(static_cast<size_t>(n) + 1);
    texts[static_cast<size_t>(n)] = t.Text(1);
  }
}

Status Index::InsertLabelEvents(const std::vector<LabelEvent>& events) {
  // Kept to be written in key order (FlushLabelEvents): inserted as they
  // come, a million events land all over the table's B-tree and the rebuild
  // of a reviewed project took minutes.
  std::string categories;
  for (const LabelEvent& e : events) {
    TAXA_ASSIGN_OR_RETURN(int64_t taxonomy, TaxonomyNumber(e.taxonomy));
    WriteCategoriesJson(categories, e.categories);
    TAXA_ASSIGN_OR_RETURN(int64_t categories_number, ReviewTextNumber(categories));
    KeptLabelEvent& k = kept_label_events_.emplace_back();
    k.id = e.id;
    k.categories = categories_number;
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
                             .Bind(2, e.categories)
                             .Bind(3, e.taxonomy)
                             .Run());
    // A review indexed before the label it judged was committed.
    if (unjudged_reviews_)
      TAXA_RETURN_IF_ERROR(st_->judge_reviews.BindStatic(1, e.id)
                               .Bind(2, e.categories)
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
  TAXA_ASSIGN_OR_RETURN(const int64_t no_categories, ReviewTextNumber("[]"));
  std::string json;
  for (const ReviewEvent& r : reviews) {
    bool judged = false;
    int64_t judged_taxonomy = 0, judged_categories = no_categories;
    if (!r.label.empty()) {
      Statement& find = st_->find_label_event;
      find.BindStatic(1, r.label);
      Result<bool> row = find.Step();
      if (row.ok() && *row) {
        judged = true;
        judged_categories = find.Int(0);
        judged_taxonomy = find.Int(1);
      }
      find.Reset();
      if (!row.ok()) return row.status();
    }
    WriteCategoriesJson(json, r.categories);
    TAXA_ASSIGN_OR_RETURN(const int64_t cats, ReviewTextNumber(json));
    WriteCategoriesJson(json, r.errors);
    TAXA_ASSIGN_OR_RETURN(const int64_t errors, ReviewTextNumber(json));
    TAXA_ASSIGN_OR_RETURN(const int64_t annotator, ReviewTextNumber(r.annotator));
    TAXA_ASSIGN_OR_RETURN(const int64_t reviewer, ReviewTextNumber(r.reviewer));
    TAXA_ASSIGN_OR_RETURN(const int64_t device, ReviewTextNumber(r.device));
    TAXA_ASSIGN_OR_RETURN(const int64_t plan, ReviewTextNumber(r.plan));
    TAXA_ASSIGN_OR_RETURN(const int64_t rule, ReviewTextNumber(r.rule));
    TAXA_RETURN_IF_ERROR(st_->insert_review.BindStatic(1, r.label)
                             .BindStatic(2, r.id)
                             .Bind(3, static_cast<int64_t>(r.hlc))
                             .BindStatic(4, r.item)
                             .Bind(5, annotator)
                             .Bind(6, reviewer)
                             .Bind(7, device)
                             .Bind(8, plan)
                             .Bind(9, static_cast<int64_t>(r.verdict))
                             .Bind(10, cats)
                             .Bind(11, errors)
                             .Bind(12, rule)
                             .BindStatic(13, r.note)
                             .Bind(14, static_cast<int64_t>(r.duration_ms))
                             .Bind(15, static_cast<int64_t>(r.defects))
                             .Bind(16, static_cast<int64_t>(r.reviewed))
                             .Bind(17, static_cast<int64_t>(judged))
                             .Bind(18, judged_categories)
                             .Bind(19, judged_taxonomy)
                             .Run());
  }
  return Status::Ok();
}

Status Index::ScanReviews(
    const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn) {
  return GuardScan([&](bool& delivered, bool& caller_failed) {
    return ScanReviewsOnce(fn, delivered, caller_failed);
  });
}

namespace {

// The taxonomies of the index by number.
Result<std::vector<std::string>> ReadTaxonomies(storage::Database& db) {
  std::vector<std::string> taxonomies;
  TAXA_ASSIGN_OR_RETURN(Statement t, db.Prepare("SELECT n, recorded FROM taxonomies"));
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, t.Step());
    if (!row) return taxonomies;
    const int64_t n = t.Int(0);
    if (n < 0 || n > (int64_t{1} << 24)) continue;
    if (static_cast<size_t>(n) >= taxonomies.size()) taxonomies.resize(n + 1);
    taxonomies[n] = t.Text(1);
  }
}

// A read transaction for the length of a scan that reads several tables
// (numbers in one, their texts in another), unless one is open already (a
// snapshot, an Apply).
class ReadTransaction {
 public:
  explicit ReadTransaction(storage::Database& db)
      : db_(sqlite3_get_autocommit(db.get()) != 0 ? &db : nullptr) {
    if (db_ != nullptr) status_ = db_->Exec("BEGIN");
  }
  ~ReadTransaction() {
    if (db_ != nullptr && status_.ok() && !db_->Exec("COMMIT").ok()) (void)db_->Exec("ROLLBACK");
  }
  const Status& status() const { return status_; }

 private:
  storage::Database* db_;
  Status status_ = Status::Ok();
};

}  // namespace

Status Index::ScanReviewsOnce(
    const std::function<Status(ReviewEvent& review, const JudgedLabelView& judged)>& fn,
    bool& delivered, bool& caller_failed) {
  ReadTransaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());
  TAXA_ASSIGN_OR_RETURN(const std::vector<std::string> taxonomies, ReadTaxonomies(*db_));
  TAXA_ASSIGN_OR_RETURN(const std::vector<std::string> texts, ReviewTexts());
  TAXA_ASSIGN_OR_RETURN(
      Statement q,
      db_->Prepare("SELECT label, id, hlc, verdict, annotator, categories, errors, rule, judged, "
                   "judged_categories, judged_taxonomy, item, reviewer, device, plan, note, ms, "
                   "defects, reviewed FROM reviews ORDER BY label, id"));
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Ok();
    ReviewEvent r;
    r.label = q.Text(0);
    r.id = q.Text(1);
    auto text = [&](int col) -> const std::string* {
      const int64_t n = q.Int(col);
      return n >= 0 && static_cast<size_t>(n) < texts.size() ? &texts[n] : nullptr;
    };
    const std::string *annotator = text(4), *categories = text(5), *errors = text(6),
                      *rule = text(7), *judged_categories = text(9), *reviewer = text(12),
                      *device = text(13), *plan = text(14);
    const int64_t verdict = q.Int(3);
    if (verdict < 0 || verdict > static_cast<int64_t>(ReviewVerdict::kLotReject) || !annotator ||
        !categories || !errors || !rule || !judged_categories || !reviewer || !device || !plan)
      return Status::Corrupt(std::string(storage::kIndexDatabase) + " " + path_ + ": review " +
                             r.id + " has a verdict or text number out of range");
    r.hlc = static_cast<uint64_t>(q.Int(2));
    r.verdict = static_cast<ReviewVerdict>(verdict);
    r.annotator = *annotator;
    if (*categories != "[]") ParseStoredCategories(*categories, r.categories);
    if (*errors != "[]") ParseStoredCategories(*errors, r.errors);
    r.rule = *rule;
    JudgedLabelView judged;
    judged.found = q.Int(8) != 0;
    if (judged.found) {
      judged.categories = *judged_categories;
      const int64_t n = q.Int(10);
      if (n >= 0 && static_cast<size_t>(n) < taxonomies.size()) judged.taxonomy = taxonomies[n];
    }
    r.item = q.Text(11);
    r.reviewer = *reviewer;
    r.device = *device;
    r.plan = *plan;
    r.note = q.Text(15);
    r.duration_ms = static_cast<uint32_t>(q.Int(16));
    r.defects = static_cast<uint64_t>(q.Int(17));
    r.reviewed = static_cast<uint64_t>(q.Int(18));
    delivered = true;
    Status used = fn(r, judged);
    if (!used.ok()) {
      caller_failed = true;
      return used;
    }
  }
}

Result<IndexedReviews> Index::ReadReviewFacts() {
  IndexedReviews out;
  // Nothing reaches the caller before the end: after a repair, read again.
  TAXA_RETURN_IF_ERROR(GuardScan([&](bool&, bool&) -> Status {
    TAXA_ASSIGN_OR_RETURN(out, ReadReviewFactsOnce());
    return Status::Ok();
  }));
  return out;
}

Result<IndexedReviews> Index::ReadReviewFactsOnce() {
  ReadTransaction tx(*db_);
  TAXA_RETURN_IF_ERROR(tx.status());
  IndexedReviews out;
  DefectFacts& f = out.facts;
  TAXA_ASSIGN_OR_RETURN(out.taxonomies, ReadTaxonomies(*db_));
  TAXA_ASSIGN_OR_RETURN(f.names, ReviewTexts());
  if (f.names.empty()) f.names.emplace_back();
  f.names[0].clear();  // review_texts numbers from 1: 0 is free for ""
  const size_t texts = f.names.size();
  auto corrupt = [&](const std::string& what) {
    return Status::Corrupt(std::string(storage::kIndexDatabase) + " " + path_ + ": " + what);
  };
  // A text that is a JSON array (categories, errors) becomes a list the
  // first time a review names it, its elements new names (DefectFacts
  // allows a text under two numbers).
  constexpr uint32_t kNoList = UINT32_MAX;
  std::vector<uint32_t> list_of(texts, kNoList);
  std::vector<std::string> parsed;
  auto list = [&](int64_t n, uint32_t& l) -> Status {
    if (n < 0 || static_cast<size_t>(n) >= texts)
      return corrupt("review text number " + std::to_string(n) + " out of range");
    uint32_t& known = list_of[static_cast<size_t>(n)];
    if (known == kNoList) {
      ParseStoredCategories(f.names[static_cast<size_t>(n)], parsed);
      known = 0;
      if (!parsed.empty()) {
        std::vector<uint32_t>& names = f.lists.emplace_back();
        for (std::string& p : parsed) {
          names.push_back(static_cast<uint32_t>(f.names.size()));
          f.names.push_back(std::move(p));
        }
        known = static_cast<uint32_t>(f.lists.size() - 1);
      }
    }
    l = known;
    return Status::Ok();
  };
  TAXA_ASSIGN_OR_RETURN(
      Statement q,
      db_->Prepare("SELECT label, hlc, verdict, annotator, categories, errors, rule, judged, "
                   "judged_categories, judged_taxonomy FROM reviews ORDER BY label, id"));
  std::string label;  // of the previous review
  uint32_t label_number = 0;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return out;
    if (const std::string_view l = q.Text(0); f.reviews.empty() || l != label) {
      if (!f.reviews.empty()) ++label_number;
      label.assign(l);
    }
    DefectFacts::Review& r = f.reviews.emplace_back();
    r.label = label_number;
    r.hlc = static_cast<uint64_t>(q.Int(1));
    const int64_t verdict = q.Int(2), annotator = q.Int(3), rule = q.Int(6);
    if (verdict < 0 || verdict > static_cast<int64_t>(ReviewVerdict::kLotReject))
      return corrupt("review of label " + label + " has verdict " + std::to_string(verdict));
    r.verdict = static_cast<ReviewVerdict>(verdict);
    if (annotator < 0 || static_cast<size_t>(annotator) >= texts || rule < 0 ||
        static_cast<size_t>(rule) >= texts)
      return corrupt("review of label " + label + " has a text number out of range");
    r.annotator = static_cast<uint32_t>(annotator);
    r.rule = static_cast<uint32_t>(rule);
    TAXA_RETURN_IF_ERROR(list(q.Int(4), r.corrected));
    TAXA_RETURN_IF_ERROR(list(q.Int(5), r.errors));
    int32_t taxonomy = -1;
    if (q.Int(7) != 0) {
      TAXA_RETURN_IF_ERROR(list(q.Int(8), r.categories));
      const int64_t t = q.Int(9);
      if (t < 0 || static_cast<size_t>(t) >= out.taxonomies.size())
        return corrupt("review of label " + label + " has taxonomy number " + std::to_string(t));
      taxonomy = static_cast<int32_t>(t);
    }
    out.judged_taxonomy.push_back(taxonomy);
  }
}

}  // namespace taxa::core
