#include "session/defect_report.h"

#include <unordered_map>

#include "session/internal/committed_labels.h"
#include "session/internal/label_release.h"
#include "session/internal/project_state.h"
#include "session/internal/review_log.h"
#include "session/utc_stamp.h"

#include "taxa/core/index.h"
#include "taxa/core/label_event.h"
#include "taxa/core/text.h"
#include "taxa/core/timing.h"

namespace taxa::app {

namespace {

// Keyed by text, found by a view of it.
template <typename T>
using TextMap = std::unordered_map<std::string, T, core::TextHash, std::equal_to<>>;

// Milliseconds of `since`: a date from its first second, a date-time as given.
Result<int64_t> SinceMillis(const std::string& since) {
  std::optional<int64_t> seconds = ParseIsoUtc(since);
  if (!seconds)
    return Status::InvalidInput("--since \"" + since +
                                "\" is not an ISO date (2026-12-01) or date-time "
                                "(2026-12-01T10:30:00Z, UTC)");
  if (since.size() == 10) *seconds -= 86'399;  // ParseIsoUtc gives a date's last second
  return *seconds * 1000;
}

}  // namespace

DefectReports::DefectReports(Project& project) : s_(project.state()) {}

namespace {

using VendorOf = TextMap<std::string>;  // annotator -> vendor

// A review's context from what is known of the label event it judged (by
// either way of reading them below); counts in `out` the labels not found
// and the taxonomies without a release. Each taxonomy's release is found once.
class JudgedContext {
 public:
  JudgedContext(ProjectState& s, const VendorOf& vendor_of, DefectAnalysis& out)
      : releases_(s), vendor_of_(vendor_of), out_(out) {}

  // `found`: the judged label event is committed, with `categories` and `taxonomy`.
  core::ReviewContext Of(const core::ReviewEvent& r, bool found,
                         const std::vector<std::string>& categories, std::string_view taxonomy) {
    core::ReviewContext c;
    if (core::IsLotDecision(r.verdict)) return c;
    c.vendor = Vendor(r.annotator);
    if (!found) {
      ++out_.unknown_labels;
      return c;
    }
    c.categories = categories;
    if (const std::optional<std::string>& release = Release(taxonomy))
      c.release = *release;
    else
      ++out_.unresolved_releases;
    return c;
  }

  // The same for the reviews the index read (their categories are in the
  // facts already): each review's vendor and release, as names of the facts.
  void Complete(core::IndexedReviews& indexed) {
    core::DefectFacts& f = indexed.facts;
    constexpr uint32_t kUnknown = UINT32_MAX;
    TextMap<uint32_t> number_of;  // a vendor's or release's name number
    auto name = [&](const std::string& text) -> uint32_t {
      if (text.empty()) return 0;
      auto [it, added] = number_of.try_emplace(text, static_cast<uint32_t>(f.names.size()));
      if (added) f.names.push_back(text);
      return it->second;
    };
    std::vector<uint32_t> vendor(f.names.size(), kUnknown);  // by annotator
    std::vector<std::optional<uint32_t>> release(indexed.taxonomies.size());  // by taxonomy
    std::vector<bool> released(indexed.taxonomies.size());
    for (size_t i = 0; i < f.reviews.size(); ++i) {
      core::DefectFacts::Review& r = f.reviews[i];
      if (core::IsLotDecision(r.verdict)) continue;
      if (vendor[r.annotator] == kUnknown)
        vendor[r.annotator] = name(Vendor(f.names[r.annotator]));
      r.vendor = vendor[r.annotator];
      const int32_t t = indexed.judged_taxonomy[i];
      if (t < 0) {
        ++out_.unknown_labels;
        continue;
      }
      if (!released[t]) {
        released[t] = true;
        if (const std::optional<std::string>& of = Release(indexed.taxonomies[t]))
          release[t] = name(*of);
      }
      if (release[t])
        r.release = *release[t];
      else
        ++out_.unresolved_releases;
    }
  }

 private:
  const std::string& Vendor(std::string_view annotator) const {
    auto v = vendor_of_.find(annotator);
    return v == vendor_of_.end() ? no_vendor_ : v->second;
  }
  const std::optional<std::string>& Release(std::string_view taxonomy) {
    auto release = release_of_.find(taxonomy);
    if (release == release_of_.end()) {
      const std::string recorded(taxonomy);
      release = release_of_.emplace(recorded, releases_.Of(recorded)).first;
    }
    return release->second;
  }

  LabelRelease releases_;
  const VendorOf& vendor_of_;
  DefectAnalysis& out_;
  TextMap<std::optional<std::string>> release_of_;
  const std::string no_vendor_;
};

// The reviews and their context as the segments at HEAD hold them: every
// review segment and every label segment decoded (DefectReportRequest::
// from_segments).
Status GatherFromSegments(ProjectState& s, JudgedContext& judge,
                          std::vector<core::ReviewEvent>& reviews,
                          std::vector<core::ReviewContext>& context) {
  {
    core::ScopedTiming timing("defects: read the reviews");
    TAXA_ASSIGN_OR_RETURN(reviews, ReadReviews(s));
  }
  // The label events the reviews judged: their categories and taxonomy.
  struct Judged {
    std::vector<std::string> categories;
    std::string taxonomy;
    bool found = false;  // the label event is in the label segments
  };
  std::unordered_map<std::string, Judged> judged;
  judged.reserve(reviews.size());
  for (const core::ReviewEvent& r : reviews)
    if (!core::IsLotDecision(r.verdict)) judged.try_emplace(r.label);
  {
    core::ScopedTiming timing("defects: read the judged labels");
    TAXA_RETURN_IF_ERROR(ForEachCommittedLabel(s, [&](core::LabelEvent& e) {
      auto it = judged.find(e.id);
      if (it == judged.end()) return Status::Ok();
      it->second.categories = std::move(e.categories);
      it->second.taxonomy = std::move(e.taxonomy);
      it->second.found = true;
      return Status::Ok();
    }));
  }
  const Judged none;  // a lot decision's
  context.reserve(reviews.size());
  for (const core::ReviewEvent& r : reviews) {
    auto it = judged.find(r.label);
    const Judged& j = it == judged.end() ? none : it->second;
    context.push_back(judge.Of(r, j.found, j.categories, j.taxonomy));
  }
  return Status::Ok();
}

// The same from the index, which holds each review with the categories and
// taxonomy of the committed label event it judged, as numbers: one pass
// over a table, no string per review.
Result<core::DefectFacts> GatherFromIndex(ProjectState& s, JudgedContext& judge) {
  core::ScopedTiming timing("defects: read the reviews (index)");
  TAXA_ASSIGN_OR_RETURN(core::IndexedReviews indexed, s.index().ReadReviewFacts());
  judge.Complete(indexed);
  return std::move(indexed.facts);
}

}  // namespace

Result<DefectAnalysis> DefectReports::Report(const DefectReportRequest& request) {
  core::DefectReportOptions options;
  options.by = request.by;
  options.trend = request.trend;
  options.level = request.level;
  if (!request.since.empty()) {
    TAXA_ASSIGN_OR_RETURN(options.since_ms, SinceMillis(request.since));
  }
  VendorOf vendor_of;
  for (const auto& [vendor, members] : s_.settings().vendors)
    for (const std::string& a : members) vendor_of[a] = vendor;

  DefectAnalysis out;
  JudgedContext judge(s_, vendor_of, out);
  if (request.from_segments) {
    std::vector<core::ReviewEvent> reviews;
    std::vector<core::ReviewContext> context;
    TAXA_RETURN_IF_ERROR(GatherFromSegments(s_, judge, reviews, context));
    core::ScopedTiming timing("defects: count");
    TAXA_ASSIGN_OR_RETURN(out.report, core::BuildDefectReport(reviews, context, options));
    return out;
  }
  TAXA_ASSIGN_OR_RETURN(core::DefectFacts facts, GatherFromIndex(s_, judge));
  core::ScopedTiming timing("defects: count");
  TAXA_ASSIGN_OR_RETURN(out.report, core::BuildDefectReport(facts, options));
  return out;
}

}  // namespace taxa::app
