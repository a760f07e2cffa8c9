// review next|accept|correct|reject|status|errors: second-pass review of the
// labels a sampling plan drew (session/review.h).
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/review.h"

namespace taxa::cli {
namespace {

std::string Joined(const std::vector<std::string>& ids, const char* sep = ", ") {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : sep) + id;
  return out;
}

// What a verdict command takes besides the verdict.
struct VerdictArgs {
  app::ReviewRequest request;
  double seconds = 0;
};

void PrintRules(const char* what, const std::string& id, const std::vector<std::string>& rules) {
  for (size_t i = 0; i < rules.size(); ++i)
    std::printf("    %s %s/%s/%zu: %s\n", what, id.c_str(), what, i + 1, rules[i].c_str());
}

void PrintCard(const app::ReviewCard& c) {
  std::printf("Plan %s: %zu label%s to review\n\n", c.task.plan.c_str(), c.left,
              c.left == 1 ? "" : "s");
  std::printf("Item %s\n", c.item.item.id.c_str());
  if (!c.item.item.text.empty())
    std::printf("  %s\n", c.item.item.text.c_str());
  else if (!c.item.item.media_path.empty())
    std::printf("  (media: %s)\n", c.item.item.media_path.c_str());
  std::printf("\nLabel by %s: %s", c.task.label.annotator.c_str(),
              Joined(c.task.label.categories).c_str());
  if (c.task.label.outdated) std::printf(" (outdated: made under a split or retired category)");
  std::printf("\n");
  if (!c.task.label.note.empty()) std::printf("  note: %s\n", c.task.label.note.c_str());
  for (const auto& [attribute, value] : c.task.label.attributes)
    std::printf("  %s = %s\n", attribute.c_str(), value.c_str());
  for (const core::CurrentLabel& l : c.others)
    std::printf("  also labeled by %s: %s\n", l.annotator.c_str(), Joined(l.categories).c_str());
  for (const core::Category& cat : c.categories) {
    std::printf("\n%s (%s)\n", cat.id.c_str(), cat.name.c_str());
    if (!cat.definition.empty()) std::printf("  %s\n", cat.definition.c_str());
    PrintRules("include", cat.id, cat.include);
    PrintRules("exclude", cat.id, cat.exclude);
  }
  std::printf("\ntaxa review accept | correct --category C | reject --error TYPE [--rule R] "
              "[--note TEXT]\n");
}

void PrintStatus(const app::ReviewStatus& r) {
  std::printf("Plan %s (%s): %llu items drawn, %llu reviewed, %llu defective", r.plan.c_str(),
              r.method.c_str(), static_cast<unsigned long long>(r.drawn),
              static_cast<unsigned long long>(r.reviewed),
              static_cast<unsigned long long>(r.defects));
  if (r.unlabeled) std::printf(", %llu without a label", static_cast<unsigned long long>(r.unlabeled));
  std::printf("\n  labels: %llu, reviewed %llu; waiting for you: %llu\n",
              static_cast<unsigned long long>(r.labels),
              static_cast<unsigned long long>(r.reviewed_labels),
              static_cast<unsigned long long>(r.queue));
  if (r.ac) {
    std::printf("  lot: n %llu, Ac %d, Re %d: ", static_cast<unsigned long long>(*r.n), *r.ac,
                *r.re);
    if (r.decision.empty())
      std::printf("undecided\n");
    else
      std::printf("%s%s\n", r.decision == "accept" ? "ACCEPTED" : "REJECTED",
                  r.decided ? " (recorded)" : " (recorded at the next review)");
  }
}

int Next(const Globals& g, const std::string& plan) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::optional<app::ReviewCard>> next = app::Review(*s).Next(plan);
  if (!next.ok()) return Fail(next.status());
  if (g.json) {
    std::cout << (*next ? app::ToJson(**next) : nlohmann::ordered_json(nullptr)).dump() << "\n";
    return 0;
  }
  if (!*next) {
    Result<app::ReviewStatus> status = app::Review(*s).StatusOf(plan);
    if (!status.ok()) return Fail(status.status());
    std::printf("Nothing to review in plan %s for %s.\n", status->plan.c_str(),
                s->user().c_str());
    PrintStatus(*status);
    return 0;
  }
  PrintCard(**next);
  return 0;
}

int Verdict(const Globals& g, core::ReviewVerdict verdict, const VerdictArgs& args) {
  // More than a day is refused by the session (app::kMaxReviewMs); here
  // only what cannot be a time.
  if (!(args.seconds >= 0) || args.seconds > UINT32_MAX / 1000.0)
    return Fail(Status::InvalidInput("--seconds must be a number of seconds from 0 up"));
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  app::ReviewRequest request = args.request;
  request.verdict = verdict;
  request.duration_ms = static_cast<uint32_t>(args.seconds * 1000 + 0.5);
  Result<app::ReviewOutcome> done = app::Review(*s).Record(request);
  if (!done.ok()) return Fail(done.status());
  if (g.json) {
    std::cout << app::ToJson(*done).dump() << "\n";
    return 0;
  }
  const core::ReviewEvent& e = done->review;
  std::printf("%s %s's label of %s", std::string(core::ReviewVerdictName(e.verdict)).c_str(),
              e.annotator.c_str(), e.item.c_str());
  if (!e.categories.empty()) std::printf(" -> %s", Joined(e.categories).c_str());
  if (!e.errors.empty()) std::printf(" [%s]", Joined(e.errors).c_str());
  std::printf(" (plan %s, commit %.12s)\n", e.plan.c_str(), done->commit.c_str());
  if (done->lot)
    std::printf("Lot %s %s: %llu defective of %llu items reviewed (Ac %d, Re %d)\n",
                e.plan.c_str(),
                done->lot->verdict == core::ReviewVerdict::kLotAccept ? "ACCEPTED" : "REJECTED",
                static_cast<unsigned long long>(done->lot->defects),
                static_cast<unsigned long long>(done->lot->reviewed), *done->status.ac,
                *done->status.re);
  else
    std::printf("%llu left to review in plan %s\n",
                static_cast<unsigned long long>(done->status.queue), e.plan.c_str());
  return 0;
}

int StatusCommand(const Globals& g, const std::string& plan) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  app::Review review(*s);
  std::vector<app::ReviewStatus> all;
  if (plan.empty()) {
    Result<std::vector<app::ReviewStatus>> list = review.Statuses();
    if (!list.ok()) return Fail(list.status());
    all = std::move(*list);
  } else {
    Result<app::ReviewStatus> one = review.StatusOf(plan);
    if (!one.ok()) return Fail(one.status());
    all.push_back(std::move(*one));
  }
  if (g.json) {
    std::cout << (plan.empty() ? app::ToJson(all) : app::ToJson(all.front())).dump() << "\n";
    return 0;
  }
  if (all.empty()) std::printf("No sampling plans yet (taxa sample create NAME ...)\n");
  for (const app::ReviewStatus& r : all) PrintStatus(r);
  return 0;
}

int ListErrors(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  std::vector<core::ErrorType> types = app::Review(*s).ErrorTypes();
  if (g.json) {
    std::cout << app::ToJson(types).dump() << "\n";
    return 0;
  }
  for (const core::ErrorType& t : types)
    std::printf("%-24s %-24s %s\n", t.id.c_str(), t.name.c_str(), t.description.c_str());
  return 0;
}

int AddError(const Globals& g, const core::ErrorType& type) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Status added = app::Review(*s).AddErrorType(type);
  if (!added.ok()) return Fail(added);
  std::printf("Added error type %s (%s)\n", type.id.c_str(), type.name.c_str());
  return 0;
}

int RemoveError(const Globals& g, const std::string& id) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Status removed = app::Review(*s).RemoveErrorType(id);
  if (!removed.ok()) return Fail(removed);
  std::printf("Removed error type %s\n", id.c_str());
  return 0;
}

// The options every verdict command shares.
void AddVerdictOptions(CLI::App* cmd, VerdictArgs& a) {
  cmd->add_option("--plan", a.request.plan, "The sampling plan (default: the only one)");
  cmd->add_option("--item", a.request.item, "The item (default: the head of the queue)");
  cmd->add_option("--annotator", a.request.annotator, "Whose label of the item");
  cmd->add_option("--rule", a.request.rule,
                  "The guideline rule concerned: CATEGORY/include/N or CATEGORY/exclude/N");
  cmd->add_option("--note", a.request.note, "A note for the annotator and the lead");
  cmd->add_option("--seconds", a.seconds, "Time the review took, in seconds");
}

}  // namespace

void AddReviewCommands(CLI::App& app, Globals& g, Action& action) {
  auto* review = app.add_subcommand(
      "review", "Second-pass review of the labels a sampling plan drew");
  review->require_subcommand(1);

  auto* next = review->add_subcommand(
      "next", "The next label to review: the item, the label and its categories' rules");
  auto next_plan = std::make_shared<std::string>();
  next->add_option("--plan", *next_plan, "The sampling plan (default: the only one)");
  next->callback([&, next_plan] { action = [&g, next_plan] { return Next(g, *next_plan); }; });

  auto* accept = review->add_subcommand("accept", "Accept a label (default: the one `next` shows)");
  auto aa = std::make_shared<VerdictArgs>();
  AddVerdictOptions(accept, *aa);
  accept->callback([&, aa] {
    action = [&g, aa] { return Verdict(g, core::ReviewVerdict::kAccept, *aa); };
  });

  auto* correct = review->add_subcommand(
      "correct", "Correct a label: record the right categories (a defect)");
  auto ca = std::make_shared<VerdictArgs>();
  AddVerdictOptions(correct, *ca);
  correct->add_option("--category", ca->request.categories, "A right category (repeatable)")
      ->required();
  correct->add_option("--error", ca->request.errors, "An error type id (repeatable)");
  correct->callback([&, ca] {
    action = [&g, ca] { return Verdict(g, core::ReviewVerdict::kCorrect, *ca); };
  });

  auto* reject = review->add_subcommand(
      "reject", "Reject a label for one or more error types (a defect)");
  auto ra = std::make_shared<VerdictArgs>();
  AddVerdictOptions(reject, *ra);
  reject->add_option("--error", ra->request.errors,
                     "An error type id (repeatable; see `taxa review errors`)")
      ->required();
  reject->callback([&, ra] {
    action = [&g, ra] { return Verdict(g, core::ReviewVerdict::kReject, *ra); };
  });

  auto* status = review->add_subcommand(
      "status", "Where each plan's review stands: reviewed, defects, the lot's decision");
  auto status_plan = std::make_shared<std::string>();
  status->add_option("--plan", *status_plan, "One plan (default: every plan)");
  status->callback(
      [&, status_plan] { action = [&g, status_plan] { return StatusCommand(g, *status_plan); }; });

  auto* errors = review->add_subcommand(
      "errors", "The error types a review may record (taxa.json's error_types)");
  errors->callback([&, errors] {
    if (errors->get_subcommands().empty()) action = [&g] { return ListErrors(g); };
  });
  auto* add = errors->add_subcommand("add", "Add an error type (a lead's change)");
  auto type = std::make_shared<core::ErrorType>();
  add->add_option("ID", type->id, "The id (a-z, 0-9, '_', '.', '-')")->required();
  add->add_option("--name", type->name, "The name people read")->required();
  add->add_option("--description", type->description, "What the error is");
  add->callback([&, type] { action = [&g, type] { return AddError(g, *type); }; });
  auto* remove = errors->add_subcommand("remove", "Remove an error type (a lead's change)");
  auto id = std::make_shared<std::string>();
  remove->add_option("ID", *id, "The error type")->required();
  remove->callback([&, id] { action = [&g, id] { return RemoveError(g, *id); }; });
}

}  // namespace taxa::cli
