// JSON of second-pass review (json.h).
#include "session/json.h"

namespace taxa::app {

namespace {

nlohmann::ordered_json TextOrNull(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

}  // namespace

nlohmann::ordered_json ToJson(const core::ErrorType& type) {
  nlohmann::ordered_json j;
  j["id"] = type.id;
  j["name"] = type.name;
  j["description"] = type.description;
  return j;
}

nlohmann::ordered_json ToJson(const core::ReviewEvent& review) {
  nlohmann::ordered_json j;
  j["id"] = review.id;
  j["verdict"] = std::string(core::ReviewVerdictName(review.verdict));
  j["item"] = TextOrNull(review.item);
  j["annotator"] = TextOrNull(review.annotator);
  j["label"] = TextOrNull(review.label);
  j["reviewer"] = review.reviewer;
  j["device"] = review.device;
  j["hlc"] = review.hlc;
  j["plan"] = TextOrNull(review.plan);
  j["categories"] = review.categories;
  j["errors"] = review.errors;
  j["rule"] = TextOrNull(review.rule);
  j["note"] = review.note;
  j["ms"] = review.duration_ms;
  j["defects"] = review.defects;
  j["reviewed"] = review.reviewed;
  return j;
}

nlohmann::ordered_json ToJson(const ReviewTask& task) {
  nlohmann::ordered_json j;
  j["plan"] = task.plan;
  j["item"] = task.item;
  j["ord"] = task.ord;
  j["annotator"] = task.label.annotator;
  j["label"] = ToJson(task.label);
  return j;
}

nlohmann::ordered_json ToJson(const ReviewCard& card) {
  nlohmann::ordered_json j;
  j["plan"] = card.task.plan;
  j["item"] = ToJson(card.item);
  j["annotator"] = card.task.label.annotator;
  j["label"] = ToJson(card.task.label);
  j["others"] = nlohmann::ordered_json::array();
  for (const core::CurrentLabel& l : card.others) j["others"].push_back(ToJson(l));
  j["categories"] = nlohmann::ordered_json::array();
  for (const core::Category& c : card.categories) j["categories"].push_back(CategoryFieldsJson(c));
  j["left"] = card.left;
  return j;
}

nlohmann::ordered_json ToJson(const ReviewStatus& status) {
  nlohmann::ordered_json j;
  j["plan"] = status.plan;
  j["method"] = status.method;
  j["drawn"] = status.drawn;
  j["unlabeled"] = status.unlabeled;
  j["labels"] = status.labels;
  j["reviewed_labels"] = status.reviewed_labels;
  j["reviewed"] = status.reviewed;
  j["defects"] = status.defects;
  j["queue"] = status.queue;
  j["n"] = status.n ? nlohmann::ordered_json(*status.n) : nlohmann::ordered_json(nullptr);
  j["ac"] = status.ac ? nlohmann::ordered_json(*status.ac) : nlohmann::ordered_json(nullptr);
  j["re"] = status.re ? nlohmann::ordered_json(*status.re) : nlohmann::ordered_json(nullptr);
  j["decision"] = TextOrNull(status.decision);
  j["recorded"] = status.decided ? ToJson(*status.decided) : nlohmann::ordered_json(nullptr);
  return j;
}

nlohmann::ordered_json ToJson(const ReviewOutcome& outcome) {
  nlohmann::ordered_json j;
  j["review"] = ToJson(outcome.review);
  j["commit"] = outcome.commit;
  j["lot"] = outcome.lot ? ToJson(*outcome.lot) : nlohmann::ordered_json(nullptr);
  j["status"] = ToJson(outcome.status);
  return j;
}

}  // namespace taxa::app
