// Review: the queue a sampling plan drew, reviews as commits under reviews/,
// acceptance lots decided by Ac/Re, and the error taxonomy (review.h).
#include "session/review.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>

#include "session/internal/project_state.h"
#include "session/internal/review_log.h"
#include "session/internal/roles.h"
#include "session/sampling_plans.h"

#include "taxa/core/segment_writer.h"

namespace taxa::app {

namespace {

// A plan with the current labels of its items and the reviews made in it.
struct PlanState {
  core::SamplingPlan plan;
  // The current (not cleared) labels of each drawn item, by annotator, in
  // the plan's item order; ords at the same positions.
  std::vector<std::vector<core::CurrentLabel>> labels;
  std::vector<int64_t> ords;
  // The latest review of each (reviewer, item, annotator, label event) in the plan.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, core::ReviewEvent>
      latest;
  std::optional<core::ReviewEvent> lot;  // the first lot decision recorded for the plan
  uint64_t max_hlc = 0;                  // of every review in the project
};

// The acceptance numbers of a plan that decides a lot: ISO 2859-1 plans, and
// zero-acceptance plans (accept on 0, reject on 1).
struct LotRule {
  uint64_t n = 0;
  int ac = 0;
  int re = 1;
};
std::optional<LotRule> LotRuleOf(const core::SamplingPlan& plan) {
  if (plan.acceptance) return LotRule{plan.acceptance->n, plan.acceptance->ac, plan.acceptance->re};
  if (plan.zero_acceptance) return LotRule{plan.items.size(), 0, 1};
  return std::nullopt;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads "CATEGORY/include/N" or "CATEGORY/exclude/N" and checks it against
// the taxonomy: the category exists and its list has an N-th rule (from 1).
Status CheckRule(const std::string& rule, const core::Taxonomy& taxonomy) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("rule \"" + rule + "\": " + why);
  };
  size_t first = rule.find('/'), last = rule.rfind('/');
  if (first == std::string::npos || first == last)
    return bad("must be CATEGORY/include/N or CATEGORY/exclude/N");
  std::string category = rule.substr(0, first);
  std::string list = rule.substr(first + 1, last - first - 1);
  std::string number = rule.substr(last + 1);
  if (list != "include" && list != "exclude")
    return bad("must be CATEGORY/include/N or CATEGORY/exclude/N");
  const core::Category* c = taxonomy.Find(category);
  if (c == nullptr) return bad("unknown category \"" + category + "\"");
  size_t n = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (ec != std::errc() || end != number.data() + number.size() || n == 0)
    return bad("the rule number must be 1 or more");
  const std::vector<std::string>& rules = list == "include" ? c->include : c->exclude;
  if (n > rules.size())
    return bad("category \"" + category + "\" has " + std::to_string(rules.size()) + " " + list +
               (rules.size() == 1 ? " rule" : " rules"));
  return Status::Ok();
}

// The plan `name` ("": the only one).
Result<core::SamplingPlan> FindPlan(Project& project, const std::string& name) {
  SamplingPlans plans(project);
  if (name.empty()) {
    TAXA_ASSIGN_OR_RETURN(std::vector<core::SamplingPlan> all, plans.List());
    if (all.empty())
      return Status::FailedPrecondition(
          "no sampling plans yet: draw one with `taxa sample create NAME ...`");
    if (all.size() > 1) {
      std::vector<std::string> names;
      for (const core::SamplingPlan& p : all) names.push_back(p.name);
      return Status::InvalidInput("the project has " + std::to_string(all.size()) +
                                  " sampling plans; name one (--plan): " + Joined(names));
    }
    return std::move(all.front());
  }
  return plans.Show(name);
}

// `plan` with its items' labels and its part of `reviews` (every review at
// HEAD, as ReadReviews gives them).
Result<PlanState> StateOf(ProjectState& s, core::SamplingPlan plan,
                          const std::vector<core::ReviewEvent>& reviews) {
  PlanState st;
  st.plan = std::move(plan);
  for (const std::string& item : st.plan.items) {
    TAXA_ASSIGN_OR_RETURN(std::vector<core::CurrentLabel> labels, s.index().CurrentLabels(item));
    std::erase_if(labels, [](const core::CurrentLabel& l) { return l.categories.empty(); });
    std::sort(labels.begin(), labels.end(),
              [](const core::CurrentLabel& a, const core::CurrentLabel& b) {
                return a.annotator < b.annotator;
              });
    st.labels.push_back(std::move(labels));
    TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s.index().FindItem(item));
    st.ords.push_back(row ? row->ord : -1);
  }
  for (const core::ReviewEvent& e : reviews) {  // in (hlc, id) order: later ones overwrite
    st.max_hlc = std::max(st.max_hlc, e.hlc);
    if (e.plan != st.plan.name) continue;
    if (core::IsLotDecision(e.verdict)) {
      if (!st.lot) st.lot = e;
      continue;
    }
    st.latest[{e.reviewer, e.item, e.annotator, e.label}] = e;
  }
  return st;
}

// The plan `name` ("": the only one), with its items' labels and its reviews.
Result<PlanState> LoadPlan(Project& project, ProjectState& s, const std::string& name) {
  TAXA_ASSIGN_OR_RETURN(core::SamplingPlan plan, FindPlan(project, name));
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReviewEvent> reviews, ReadReviews(s));
  return StateOf(s, std::move(plan), reviews);
}

// The labels waiting for `user` in `st`, in queue order.
std::vector<ReviewTask> QueueOf(const PlanState& st, const std::string& user) {
  std::vector<ReviewTask> out;
  for (size_t i = 0; i < st.plan.items.size(); ++i)
    for (const core::CurrentLabel& l : st.labels[i]) {
      if (l.annotator == user) continue;
      if (st.latest.count({user, st.plan.items[i], l.annotator, l.event_id})) continue;
      out.push_back({.plan = st.plan.name, .item = st.plan.items[i], .ord = st.ords[i], .label = l});
    }
  return out;
}

ReviewStatus StatusOfState(const PlanState& st, const std::string& user) {
  ReviewStatus r;
  r.plan = st.plan.name;
  r.method = st.plan.method;
  r.drawn = st.plan.items.size();
  // Which labels have a review in the plan (by anyone), and which items a defect.
  std::set<std::tuple<std::string, std::string, std::string>> reviewed_labels;
  std::set<std::string> defective;
  for (const auto& [key, e] : st.latest) {
    reviewed_labels.insert({e.item, e.annotator, e.label});
    if (core::IsDefect(e.verdict)) defective.insert(e.item);
  }
  for (size_t i = 0; i < st.plan.items.size(); ++i) {
    const std::string& item = st.plan.items[i];
    if (st.labels[i].empty()) ++r.unlabeled;
    size_t done = 0;
    for (const core::CurrentLabel& l : st.labels[i]) {
      ++r.labels;
      if (reviewed_labels.count({item, l.annotator, l.event_id})) ++done;
    }
    r.reviewed_labels += done;
    bool is_defective = defective.count(item) > 0;
    if (is_defective) ++r.defects;
    // A defective item is judged already; another needs every label reviewed.
    if (is_defective || (!st.labels[i].empty() && done == st.labels[i].size())) ++r.reviewed;
  }
  r.queue = QueueOf(st, user).size();
  if (std::optional<LotRule> lot = LotRuleOf(st.plan)) {
    r.n = lot->n;
    r.ac = lot->ac;
    r.re = lot->re;
    if (st.lot) {
      r.decided = st.lot;
      r.decision = st.lot->verdict == core::ReviewVerdict::kLotAccept ? "accept" : "reject";
    } else if (r.defects >= static_cast<uint64_t>(lot->re)) {
      r.decision = "reject";
    } else if (r.reviewed == r.drawn && r.defects <= static_cast<uint64_t>(lot->ac)) {
      r.decision = "accept";
    }
  }
  return r;
}

}  // namespace

Review::Review(Project& project) : project_(project), s_(project.state()) {}

Result<std::vector<ReviewTask>> Review::Queue(const std::string& plan) {
  TAXA_ASSIGN_OR_RETURN(PlanState st, LoadPlan(project_, s_, plan));
  return QueueOf(st, s_.user());
}

namespace {

// The head of `queue` (the acting user's, of `st`) as a card; nullopt when
// the queue is empty.
Result<std::optional<ReviewCard>> CardOf(ProjectState& s, const PlanState& st,
                                         const std::vector<ReviewTask>& queue) {
  if (queue.empty()) return std::optional<ReviewCard>();
  ReviewCard card;
  card.left = queue.size();
  card.task = queue.front();
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s.index().FindItem(card.task.item));
  if (!row) return Status::NotFound("item \"" + card.task.item + "\" is not in the project");
  card.item = std::move(*row);
  size_t at = static_cast<size_t>(
      std::find(st.plan.items.begin(), st.plan.items.end(), card.task.item) - st.plan.items.begin());
  for (const core::CurrentLabel& l : st.labels[at])
    if (l.annotator != card.task.label.annotator) card.others.push_back(l);
  for (const std::string& id : card.task.label.categories)
    if (const core::Category* c = s.taxonomy().Find(id)) card.categories.push_back(*c);
  return std::optional<ReviewCard>(std::move(card));
}

}  // namespace

Result<std::optional<ReviewCard>> Review::Next(const std::string& plan) {
  TAXA_ASSIGN_OR_RETURN(PlanState st, LoadPlan(project_, s_, plan));
  return CardOf(s_, st, QueueOf(st, s_.user()));
}

Result<ReviewDesk> Review::Desk(const std::string& plan) {
  TAXA_ASSIGN_OR_RETURN(PlanState st, LoadPlan(project_, s_, plan));
  ReviewDesk desk;
  desk.queue = QueueOf(st, s_.user());
  TAXA_ASSIGN_OR_RETURN(desk.card, CardOf(s_, st, desk.queue));
  desk.status = StatusOfState(st, s_.user());
  return desk;
}

Result<ReviewOutcome> Review::Accept(ReviewRequest request) {
  request.verdict = core::ReviewVerdict::kAccept;
  return Record(std::move(request));
}
Result<ReviewOutcome> Review::Correct(ReviewRequest request) {
  request.verdict = core::ReviewVerdict::kCorrect;
  return Record(std::move(request));
}
Result<ReviewOutcome> Review::Reject(ReviewRequest request) {
  request.verdict = core::ReviewVerdict::kReject;
  return Record(std::move(request));
}

Result<ReviewOutcome> Review::Record(ReviewRequest r) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  if (core::IsLotDecision(r.verdict))
    return Status::InvalidInput("a lot is decided by the reviews of its plan, not recorded by hand");
  if (r.duration_ms > kMaxReviewMs)
    return Status::InvalidInput("the time a review took is at most one day (86400 s), not " +
                                std::to_string(r.duration_ms) + " ms");
  const std::string action = "review." + std::string(core::ReviewVerdictName(r.verdict));
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kReview, action));
  TAXA_ASSIGN_OR_RETURN(PlanState st, LoadPlan(project_, s_, r.plan));

  // The label judged: the head of the queue, or the one named.
  ReviewTask task;
  if (r.item.empty() && r.annotator.empty()) {
    std::vector<ReviewTask> queue = QueueOf(st, s_.user());
    if (queue.empty())
      return Status::FailedPrecondition("the review queue of plan \"" + st.plan.name +
                                        "\" is empty: every label of its items is reviewed");
    task = std::move(queue.front());
  } else if (r.item.empty() || r.annotator.empty()) {
    return Status::InvalidInput("name both the item and the annotator whose label is reviewed");
  } else {
    auto it = std::find(st.plan.items.begin(), st.plan.items.end(), r.item);
    if (it == st.plan.items.end())
      return Status::InvalidInput("item \"" + r.item + "\" is not in plan \"" + st.plan.name +
                                  "\"");
    size_t at = static_cast<size_t>(it - st.plan.items.begin());
    std::string annotator = core::FoldAnnotatorName(r.annotator);
    const core::CurrentLabel* found = nullptr;
    for (const core::CurrentLabel& l : st.labels[at])
      if (l.annotator == annotator) found = &l;
    if (found == nullptr)
      return Status::NotFound(annotator + " has no current label of item \"" + r.item + "\"");
    task = {.plan = st.plan.name, .item = r.item, .ord = st.ords[at], .label = *found};
  }
  if (task.label.annotator == s_.user())
    return Status::FailedPrecondition(s_.user() + " cannot review their own label of item \"" +
                                      task.item + "\"");

  // What the verdict carries.
  switch (r.verdict) {
    case core::ReviewVerdict::kAccept:
      if (!r.categories.empty())
        return Status::InvalidInput("an accepted label takes no categories (correct it instead)");
      if (!r.errors.empty())
        return Status::InvalidInput("an accepted label has no error types (reject it instead)");
      break;
    case core::ReviewVerdict::kCorrect: {
      if (r.categories.empty())
        return Status::InvalidInput("a correction needs the right categories");
      TAXA_RETURN_IF_ERROR(s_.taxonomy().CheckLabel(r.categories, {}).WithPrefix("correction"));
      std::sort(r.categories.begin(), r.categories.end());
      r.categories.erase(std::unique(r.categories.begin(), r.categories.end()),
                         r.categories.end());
      std::vector<std::string> own = task.label.categories;
      std::sort(own.begin(), own.end());
      if (own == r.categories)
        return Status::InvalidInput("the correction names the label's own categories (" +
                                    Joined(own) + "); accept it instead");
      break;
    }
    case core::ReviewVerdict::kReject:
      if (r.errors.empty())
        return Status::InvalidInput("a rejection needs at least one error type");
      break;
    default: break;
  }
  const std::vector<core::ErrorType>& types = core::ErrorTypesOf(s_.settings());
  std::vector<std::string> errors;
  for (const std::string& id : r.errors) {
    bool known = std::any_of(types.begin(), types.end(),
                             [&](const core::ErrorType& t) { return t.id == id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const core::ErrorType& t : types) ids.push_back(t.id);
      return Status::InvalidInput("unknown error type \"" + id + "\" (error types: " +
                                  Joined(ids) + ")");
    }
    if (std::find(errors.begin(), errors.end(), id) == errors.end()) errors.push_back(id);
  }
  if (!r.rule.empty()) TAXA_RETURN_IF_ERROR(CheckRule(r.rule, s_.taxonomy()));

  core::ReviewEvent e;
  e.item = task.item;
  e.annotator = task.label.annotator;
  e.label = task.label.event_id;
  e.reviewer = s_.user();
  e.device = s_.device();
  s_.ObserveClock(st.max_hlc);
  e.hlc = s_.ClockNow();
  e.plan = st.plan.name;
  e.verdict = r.verdict;
  e.categories = r.categories;
  e.errors = std::move(errors);
  e.rule = r.rule;
  e.note = r.note;
  e.duration_ms = r.duration_ms;
  core::SealReview(e);
  TAXA_RETURN_IF_ERROR(CommitReviews(
      s_, {e},
      s_.Meta("Review: " + std::string(core::ReviewVerdictName(e.verdict)) + " " + e.annotator +
                  "'s label of " + e.item + " (plan " + e.plan + ")",
              {{"Taxa-Action", action},
               {"Taxa-Item", e.item},
               {"Taxa-Annotator", e.annotator},
               {"Taxa-Plan", e.plan}})));
  ReviewOutcome out;
  out.review = e;
  TAXA_ASSIGN_OR_RETURN(out.commit, s_.repo().Head());
  st.latest[{e.reviewer, e.item, e.annotator, e.label}] = e;
  out.status = StatusOfState(st, s_.user());

  // The lot decision, once.
  if (!st.lot && !out.status.decision.empty()) {
    core::ReviewEvent lot;
    lot.reviewer = s_.user();
    lot.device = s_.device();
    lot.hlc = s_.ClockNow();
    lot.plan = st.plan.name;
    bool accepted = out.status.decision == "accept";
    lot.verdict = accepted ? core::ReviewVerdict::kLotAccept : core::ReviewVerdict::kLotReject;
    lot.defects = out.status.defects;
    lot.reviewed = out.status.reviewed;
    core::SealReview(lot);
    TAXA_RETURN_IF_ERROR(CommitReviews(
        s_, {lot},
        s_.Meta("Lot " + lot.plan + (accepted ? " accepted: " : " rejected: ") +
                    std::to_string(lot.defects) + " defective of " +
                    std::to_string(lot.reviewed) + " items reviewed (Ac " +
                    std::to_string(*out.status.ac) + ", Re " + std::to_string(*out.status.re) +
                    ")",
                {{"Taxa-Action", "review.lot"},
                 {"Taxa-Plan", lot.plan},
                 {"Taxa-Decision", accepted ? "accept" : "reject"}})));
    st.lot = lot;
    out.lot = lot;
    out.status.decided = lot;
  }
  return out;
}

Result<ReviewStatus> Review::StatusOf(const std::string& plan) {
  TAXA_ASSIGN_OR_RETURN(PlanState st, LoadPlan(project_, s_, plan));
  return StatusOfState(st, s_.user());
}

Result<std::vector<ReviewStatus>> Review::Statuses() {
  // Every plan and every review read once, not once per plan.
  TAXA_ASSIGN_OR_RETURN(std::vector<core::SamplingPlan> plans, SamplingPlans(project_).List());
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReviewEvent> reviews, ReadReviews(s_));
  std::vector<ReviewStatus> out;
  for (core::SamplingPlan& p : plans) {
    TAXA_ASSIGN_OR_RETURN(PlanState st, StateOf(s_, std::move(p), reviews));
    out.push_back(StatusOfState(st, s_.user()));
  }
  return out;
}

std::vector<core::ErrorType> Review::ErrorTypes() const {
  return core::ErrorTypesOf(s_.settings());
}

Status Review::AddErrorType(const core::ErrorType& type) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(core::CheckId(type.id, "error type"));
  if (type.name.empty())
    return Status::InvalidInput("error type \"" + type.id + "\" needs a name");
  core::ProjectSettings next = s_.settings();
  if (!next.error_types) next.error_types = core::DefaultErrorTypes();
  for (const core::ErrorType& t : *next.error_types)
    if (t.id == type.id)
      return Status::AlreadyExists("error type \"" + type.id + "\" exists already (" + t.name +
                                   ")");
  next.error_types->push_back(type);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(next)}},
      s_.Meta("Add error type " + type.id + " (" + type.name + ")",
              {{"Taxa-Action", "review.errors.add"}, {"Taxa-Error-Type", type.id}})));
  return s_.Load();
}

Status Review::RemoveErrorType(const std::string& id) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  core::ProjectSettings next = s_.settings();
  if (!next.error_types) next.error_types = core::DefaultErrorTypes();
  auto it = std::find_if(next.error_types->begin(), next.error_types->end(),
                         [&](const core::ErrorType& t) { return t.id == id; });
  if (it == next.error_types->end())
    return Status::NotFound("no error type \"" + id + "\" (see `taxa review errors`)");
  if (next.error_types->size() == 1)
    return Status::FailedPrecondition("error type \"" + id +
                                      "\" is the last one; a rejection needs one to name");
  next.error_types->erase(it);
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(next)}},
      s_.Meta("Remove error type " + id,
              {{"Taxa-Action", "review.errors.remove"}, {"Taxa-Error-Type", id}})));
  return s_.Load();
}

}  // namespace taxa::app
