// Quality::OverTime: agreement and gold accuracy per ISO week and per
// taxonomy release, from the clock of each current label.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "session/internal/project_state.h"
#include "session/project_ratings.h"
#include "session/quality_service.h"
#include "session/releases.h"

#include "taxa/core/hlc.h"

namespace taxa::app {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// "2026-11-30T00:00:00Z" for milliseconds since the epoch.
std::string IsoTime(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The milliseconds of a manifest's "released" (2026-11-28T02:00:00Z).
Result<int64_t> ParseIsoTime(const std::string& text, const std::string& version) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char z = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &s, &z,
                  &used) != 7 ||
      z != 'Z' || static_cast<size_t>(used) != text.size() || mo < 1 || mo > 12 || d < 1 ||
      d > 31 || h > 23 || mi > 59 || s > 60)
    return Status::InvalidInput(std::string(core::ReleasePath(version)) + ": \"released\" " +
                                "is not an ISO 8601 UTC time (2026-11-28T02:00:00Z): \"" + text +
                                "\"");
  using namespace std::chrono;
  const sys_days date{year(y) / month(static_cast<unsigned>(mo)) / day(static_cast<unsigned>(d))};
  return (date.time_since_epoch().count() * 86'400LL + h * 3600LL + mi * 60LL + s) * 1000LL;
}

// The ISO 8601 week of `ms`: its Monday (days since the epoch) and its name.
struct IsoWeek {
  int64_t monday = 0;
  std::string name;
};

IsoWeek WeekOf(int64_t ms) {
  using namespace std::chrono;
  const int64_t days = ms / kDayMs;  // ms >= 0: the clock's time is never before 1970
  IsoWeek w;
  w.monday = days - (days + 3) % 7;  // 1970-01-01 was a Thursday
  // The week belongs to the year of its Thursday; it is that year's n-th Thursday.
  const sys_days thursday{sys_days::duration(w.monday + 3)};
  const year_month_day ymd{thursday};
  const int week = static_cast<int>((thursday - sys_days{ymd.year() / January / 1}).count() / 7) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ymd.year()), week);
  w.name = buf;
  return w;
}

// One period's labels while they are read.
struct Bucket {
  Bucket() { builder.ItemsArriveGrouped(); }  // the scan comes grouped by item
  core::RatingsBuilder builder;
  size_t labels = 0;
  size_t gold_labels = 0;
  size_t gold_equal = 0;
  size_t outdated = 0;  // labels left out: outdated (core::LabelForward)
};

// Alpha, items and gold accuracy of `bucket` into `row`.
Status Finish(Bucket& bucket, const std::string& source, QualityPeriod& row) {
  row.labels = bucket.labels;
  row.outdated_labels = bucket.outdated;
  row.gold_labels = bucket.gold_labels;
  if (bucket.gold_labels > 0)
    row.gold_accuracy =
        static_cast<double>(bucket.gold_equal) / static_cast<double>(bucket.gold_labels);
  if (bucket.labels == 0) {
    row.alpha_error = "no labels were made in this period";
    return Status::Ok();
  }
  TAXA_ASSIGN_OR_RETURN(core::Ratings ratings, std::move(bucket.builder).Build());
  for (size_t i = 0; i < ratings.ItemCount(); ++i)
    if (ratings.item_begin[i + 1] - ratings.item_begin[i] >= 2) ++row.items;
  Result<AgreeReport> alpha = AgreeOnRatings(ratings, AgreeOptions{}, source);
  if (alpha.ok())
    row.alpha = alpha->value;
  else
    row.alpha_error = alpha.status().message();
  return Status::Ok();
}

}  // namespace

Result<std::vector<QualityPeriod>> Quality::OverTime() {
  // Releases in order of their time; ties keep the version order List gives.
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReleaseManifest> releases, Releases(project_).List());
  std::vector<std::pair<int64_t, const core::ReleaseManifest*>> release_times;
  for (const core::ReleaseManifest& m : releases) {
    TAXA_ASSIGN_OR_RETURN(int64_t ms, ParseIsoTime(m.released, m.version));
    release_times.emplace_back(ms, &m);
  }
  std::stable_sort(release_times.begin(), release_times.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<int64_t> starts;
  for (const auto& [ms, m] : release_times) starts.push_back(ms);

  TAXA_ASSIGN_OR_RETURN(std::vector<core::GoldLabel> gold, s_.index().GoldLabels());
  // Values as the overall alpha and Gold::Report compare them.
  const std::unordered_map<std::string, std::string> gold_by_item = GoldByItem(gold);

  std::map<int64_t, std::pair<std::string, Bucket>> weeks;  // by Monday
  std::vector<Bucket> by_release(release_times.size() + 1);  // [0]: before the first release
  std::unordered_map<std::string, std::string> joined_of;    // stored categories -> value
  std::vector<std::string> categories;
  size_t total = 0;
  auto scan = [&]() {
    return s_.index().ScanLabelTimes([&](const core::TimedLabelView& v) -> Status {
      // The week and the release period the label was made in.
      const int64_t ms = static_cast<int64_t>(core::HybridClock::Physical(v.hlc));
      const IsoWeek week = WeekOf(ms);
      auto [w, fresh] = weeks.try_emplace(week.monday);
      if (fresh) w->second.first = week.name;
      const size_t release =
          static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), ms) - starts.begin());
      if (v.outdated) {
        ++w->second.second.outdated;
        ++by_release[release].outdated;
        ++total;
        return Status::Ok();
      }
      auto value = joined_of.find(std::string(v.categories));
      if (value == joined_of.end()) {
        core::ParseStoredCategories(v.categories, categories);
        value = joined_of.emplace(std::string(v.categories), JoinCategories(categories)).first;
      }
      const auto g = gold_by_item.find(std::string(v.item));
      for (Bucket* b : {&w->second.second, &by_release[release]}) {
        TAXA_RETURN_IF_ERROR(b->builder.AddCategory(v.item, v.annotator, value->second));
        ++b->labels;
        if (g != gold_by_item.end()) {
          ++b->gold_labels;
          if (g->second == value->second) ++b->gold_equal;
        }
      }
      ++total;
      return Status::Ok();
    });
  };
  Status scanned = scan();
  if (!scanned.ok() && scanned.code() == StatusCode::kCorrupt &&
      scanned.message().starts_with(core::kRebuiltDuringScan)) {
    // The index was rebuilt halfway: read everything again, once.
    weeks.clear();
    by_release = std::vector<Bucket>(release_times.size() + 1);
    total = 0;
    scanned = scan();
  }
  TAXA_RETURN_IF_ERROR(scanned);

  std::vector<QualityPeriod> rows;
  if (total == 0) return rows;
  for (auto& [monday, named] : weeks) {
    QualityPeriod row{.kind = "week",
                      .name = named.first,
                      .start = IsoTime(monday * kDayMs),
                      .end = IsoTime((monday + 7) * kDayMs)};
    TAXA_RETURN_IF_ERROR(Finish(named.second, "the labels made in week " + row.name, row));
    rows.push_back(std::move(row));
  }
  if (release_times.empty()) return rows;
  if (by_release[0].labels > 0 || by_release[0].outdated > 0) {
    QualityPeriod row{.kind = "release", .end = IsoTime(release_times.front().first)};
    TAXA_RETURN_IF_ERROR(Finish(by_release[0], "the labels made before the first release", row));
    rows.push_back(std::move(row));
  }
  for (size_t r = 0; r < release_times.size(); ++r) {
    QualityPeriod row{
        .kind = "release",
        .name = release_times[r].second->version,
        .start = IsoTime(release_times[r].first),
        .end = r + 1 < release_times.size() ? IsoTime(release_times[r + 1].first) : ""};
    TAXA_RETURN_IF_ERROR(Finish(by_release[r + 1],
                                "the labels made under release " + row.name, row));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace taxa::app
