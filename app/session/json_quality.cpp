// The JSON encoders of json.h for quality over time and a page of consensus.
#include <algorithm>

#include "session/json.h"

#include "session/internal/json_fields.h"

namespace taxa::app {

namespace {

template <typename T>
nlohmann::ordered_json ValueOrNull(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json ToJson(const QualityPeriod& p) {
  nlohmann::ordered_json j;
  j["kind"] = p.kind;
  j["name"] = TextOrNull(p.name);
  j["start"] = TextOrNull(p.start);
  j["end"] = TextOrNull(p.end);
  j["labels"] = p.labels;
  j["items"] = p.items;
  j["alpha"] = ValueOrNull(p.alpha);
  j["alpha_error"] = TextOrNull(p.alpha_error);
  j["gold_labels"] = p.gold_labels;
  j["gold_accuracy"] = ValueOrNull(p.gold_accuracy);
  if (p.outdated_labels > 0) j["outdated_labels"] = p.outdated_labels;
  return j;
}

nlohmann::ordered_json ToJson(const ConsensusReport& report, size_t cursor, size_t limit) {
  ConsensusReport page;
  page.method = report.method;
  page.ties = report.ties;
  page.annotator_accuracy = report.annotator_accuracy;
  page.iterations = report.iterations;
  page.converged = report.converged;
  page.outdated_labels = report.outdated_labels;
  const size_t from = std::min(cursor, report.items.size());
  const size_t to = from + std::min(limit, report.items.size() - from);
  page.items.assign(report.items.begin() + static_cast<std::ptrdiff_t>(from),
                    report.items.begin() + static_cast<std::ptrdiff_t>(to));
  nlohmann::ordered_json j = ToJson(page);
  j["next_cursor"] = to < report.items.size() ? nlohmann::ordered_json(to) : nullptr;
  j["total"] = report.items.size();
  return j;
}

}  // namespace taxa::app
