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

// The reviews and their context as the segments at HEAD hold them: every
// review segment and every label segment decoded (DefectReportRequest::
// from_segments).
Status GatherFromSegments(ProjectState& s, const std::unordered_map<std::string, std::string>& vendor_of,
                          std::vector<core::ReviewEvent>& reviews,
                          std::vector<core::ReviewContext>& context, DefectAnalysis& out) {
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
  LabelRelease releases(s);
  context.assign(reviews.size(), {});
  for (size_t i = 0; i < reviews.size(); ++i) {
    const core::ReviewEvent& r = reviews[i];
    if (core::IsLotDecision(r.verdict)) continue;
    core::ReviewContext& c = context[i];
    if (auto v = vendor_of.find(r.annotator); v != vendor_of.end()) c.vendor = v->second;
    const Judged& j = judged[r.label];
    if (!j.found) {
      ++out.unknown_labels;
      continue;
    }
    c.categories = j.categories;
    std::optional<std::string> release = releases.Of(j.taxonomy);
    if (release)
      c.release = *release;
    else
      ++out.unresolved_releases;
  }
  return Status::Ok();
}

// The same from the index, which holds each review with the categories and
// taxonomy of the committed label event it judged: one pass over a table.
Status GatherFromIndex(ProjectState& s, const std::unordered_map<std::string, std::string>& vendor_of,
                       std::vector<core::ReviewEvent>& reviews,
                       std::vector<core::ReviewContext>& context, DefectAnalysis& out) {
  core::ScopedTiming timing("defects: read the reviews (index)");
  LabelRelease releases(s);
  // Few distinct annotators, category sets and taxonomies: each is looked
  // up once, then found by its text without a copy.
  TextMap<const std::string*> vendor_by;
  for (const auto& [annotator, vendor] : vendor_of) vendor_by.emplace(annotator, &vendor);
  TextMap<std::vector<std::string>> categories_of;
  TextMap<std::optional<std::string>> release_of;
  std::vector<std::string> parsed;
  return s.index().ScanReviews(
      [&](core::ReviewEvent& r, const core::JudgedLabelView& j) {
        core::ReviewContext c;
        if (!core::IsLotDecision(r.verdict)) {
          if (auto v = vendor_by.find(std::string_view(r.annotator)); v != vendor_by.end())
            c.vendor = *v->second;
          if (!j.found) {
            ++out.unknown_labels;
          } else {
            auto cats = categories_of.find(j.categories);
            if (cats == categories_of.end()) {
              core::ParseStoredCategories(j.categories, parsed);
              cats = categories_of.emplace(std::string(j.categories), parsed).first;
            }
            c.categories = cats->second;
            auto rel = release_of.find(j.taxonomy);
            if (rel == release_of.end()) {
              const std::string taxonomy(j.taxonomy);
              rel = release_of.emplace(taxonomy, releases.Of(taxonomy)).first;
            }
            if (rel->second)
              c.release = *rel->second;
            else
              ++out.unresolved_releases;
          }
        }
        reviews.push_back(std::move(r));
        context.push_back(std::move(c));
        return Status::Ok();
      },
      /*counting_only=*/true);
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
  std::unordered_map<std::string, std::string> vendor_of;
  for (const auto& [vendor, members] : s_.settings().vendors)
    for (const std::string& a : members) vendor_of[a] = vendor;

  DefectAnalysis out;
  std::vector<core::ReviewEvent> reviews;
  std::vector<core::ReviewContext> context;
  if (request.from_segments)
    TAXA_RETURN_IF_ERROR(GatherFromSegments(s_, vendor_of, reviews, context, out));
  else
    TAXA_RETURN_IF_ERROR(GatherFromIndex(s_, vendor_of, reviews, context, out));
  core::ScopedTiming timing("defects: count");
  TAXA_ASSIGN_OR_RETURN(out.report, core::BuildDefectReport(reviews, context, options));
  return out;
}

}  // namespace taxa::app
