// sample plan|create|show|list: sampling plans (session/sampling_plans.h).
// `sample plan` needs no project.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/sampling_plans.h"

namespace taxa::cli {
namespace {

// The flags as typed; the level is parsed by the session's core call.
struct PlanArgs {
  uint64_t lot = 0;
  double aql = 0;
  std::string level = "II";
  bool zero = false;
  double confidence = 0;
  double defect_rate = 0;
};

void PrintAcceptance(const core::AcceptancePlan& p) {
  std::printf("ISO 2859-1 single sampling, normal inspection, general level %s, AQL %g\n",
              core::InspectionLevelName(p.level).c_str(), p.aql);
  std::printf("Lot of %llu items: sample size code letter %c\n",
              static_cast<unsigned long long>(p.lot), p.lot_code);
  if (!p.arrow.empty())
    std::printf("Table II-A has an arrow %s at %c, AQL %g: the plan of code letter %c is used "
                "(n %llu)\n",
                p.arrow.c_str(), p.lot_code, p.aql, p.code,
                static_cast<unsigned long long>(p.table_n));
  if (p.hundred_percent)
    std::printf("The sample size %llu is not smaller than the lot: inspect all %llu items "
                "(100%% inspection)\n",
                static_cast<unsigned long long>(p.table_n), static_cast<unsigned long long>(p.n));
  if (p.ac == 0)
    std::printf("Code %c: inspect %llu items; accept the lot only with none nonconforming, "
                "reject it with 1 or more\n",
                p.code, static_cast<unsigned long long>(p.n));
  else
    std::printf("Code %c: inspect %llu items; accept the lot with %d or fewer nonconforming, "
                "reject it with %d or more\n",
                p.code, static_cast<unsigned long long>(p.n), p.ac, p.re);
}

int Plan(const Globals& g, const PlanArgs& a) {
  if (a.zero) {
    if (a.lot != 0 || a.aql != 0)
      return Fail(Status::InvalidInput("--zero-acceptance takes --confidence and --defect-rate, "
                                       "not --lot or --aql"));
    Result<uint64_t> n = app::SamplingPlans::ZeroAcceptance(a.confidence, a.defect_rate);
    if (!n.ok()) return Fail(n.status());
    if (g.json) {
      nlohmann::ordered_json j;
      j["n"] = *n;
      j["ac"] = 0;
      j["re"] = 1;
      j["confidence"] = a.confidence;
      j["defect_rate"] = a.defect_rate;
      std::cout << j.dump() << "\n";
      return 0;
    }
    std::printf("Zero acceptance (c = 0): inspect %llu items; accept only if none is defective\n",
                static_cast<unsigned long long>(*n));
    std::printf("A lot with a defect rate of %g or more shows at least one defective item in "
                "such a sample with probability %g or more\n(binomial model: n = ceil(ln(1 - %g) "
                "/ ln(1 - %g)))\n",
                a.defect_rate, a.confidence, a.confidence, a.defect_rate);
    return 0;
  }
  if (a.confidence != 0 || a.defect_rate != 0)
    return Fail(Status::InvalidInput("--confidence and --defect-rate go with --zero-acceptance"));
  if (a.lot == 0 || a.aql == 0)
    return Fail(Status::InvalidInput(
        "an acceptance plan needs --lot N and --aql A (or --zero-acceptance)"));
  Result<core::InspectionLevel> level = core::ParseInspectionLevel(a.level);
  if (!level.ok()) return Fail(level.status());
  Result<core::AcceptancePlan> plan = app::SamplingPlans::Acceptance(a.lot, a.aql, *level);
  if (!plan.ok()) return Fail(plan.status());
  if (g.json) {
    std::cout << app::ToJson(*plan).dump() << "\n";
    return 0;
  }
  PrintAcceptance(*plan);
  return 0;
}

struct CreateArgs {
  app::PlanRequest request;
  std::string level;  // empty: not given
};

void PrintPlan(const core::SamplingPlan& p, bool with_items) {
  std::printf("Sampling plan %s: %s, seed %llu, %llu of %llu items (drawn at %.12s by %s, %s)\n",
              p.name.c_str(), p.method.c_str(), static_cast<unsigned long long>(p.seed),
              static_cast<unsigned long long>(p.size),
              static_cast<unsigned long long>(p.population), p.commit.c_str(),
              p.created_by.c_str(), p.created.c_str());
  if (!p.by.empty()) {
    std::printf("Stratified by %s, %s allocation\n", p.by.c_str(), p.allocation.c_str());
    for (const core::PlanStratum& s : p.strata)
      std::printf("  %-24s %8llu drawn of %llu\n", s.name.empty() ? "(none)" : s.name.c_str(),
                  static_cast<unsigned long long>(s.drawn),
                  static_cast<unsigned long long>(s.population));
  }
  if (p.acceptance) PrintAcceptance(*p.acceptance);
  if (!p.action.empty()) std::printf("Action: %s\n", p.action.c_str());
  if (p.zero_acceptance)
    std::printf("Zero acceptance: confidence %g, defect rate %g: n %llu%s; accept only if none "
                "is defective\n",
                p.zero_acceptance->confidence, p.zero_acceptance->defect_rate,
                static_cast<unsigned long long>(p.zero_acceptance->n),
                p.zero_acceptance->hundred_percent ? " (not smaller than the project: all "
                                                     "items drawn)"
                                                   : "");
  if (with_items)
    for (const std::string& id : p.items) std::printf("%s\n", id.c_str());
}

int Create(const Globals& g, const CreateArgs& args) {
  app::PlanRequest request = args.request;
  if (!args.level.empty()) {
    Result<core::InspectionLevel> level = core::ParseInspectionLevel(args.level);
    if (!level.ok()) return Fail(level.status());
    request.level = *level;
  }
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<core::SamplingPlan> plan = app::SamplingPlans(*s).Create(request);
  if (!plan.ok()) return Fail(plan.status());
  if (g.json) {
    std::cout << app::ToJson(*plan).dump() << "\n";
    return 0;
  }
  PrintPlan(*plan, false);
  std::printf("Stored in plans/%s.json (taxa sample show %s)\n", plan->name.c_str(),
              plan->name.c_str());
  return 0;
}

int Show(const Globals& g, const std::string& name) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<core::SamplingPlan> plan = app::SamplingPlans(*s).Show(name);
  if (!plan.ok()) return Fail(plan.status());
  if (g.json) {
    std::cout << app::ToJson(*plan).dump() << "\n";
    return 0;
  }
  PrintPlan(*plan, true);
  return 0;
}

int List(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  auto plans = app::SamplingPlans(*s).List();
  if (!plans.ok()) return Fail(plans.status());
  if (g.json) {
    std::cout << app::ToJson(*plans, app::JsonDetail::kBrief).dump() << "\n";
    return 0;
  }
  if (plans->empty()) std::printf("No sampling plans yet (taxa sample create NAME ...)\n");
  for (const core::SamplingPlan& p : *plans)
    std::printf("%-20s %-16s %6llu items  seed %-8llu %s\n", p.name.c_str(), p.method.c_str(),
                static_cast<unsigned long long>(p.size), static_cast<unsigned long long>(p.seed),
                p.created.c_str());
  return 0;
}

}  // namespace

void AddSampleCommands(CLI::App& app, Globals& g, Action& action) {
  auto* sample = app.add_subcommand("sample", "Sampling plans: seeded samples and acceptance plans");
  sample->require_subcommand(1);

  auto* plan = sample->add_subcommand(
      "plan", "An ISO 2859-1 acceptance plan or a zero-acceptance sample size (no project)");
  auto pa = std::make_shared<PlanArgs>();
  plan->add_option("--lot", pa->lot, "Lot size (items)");
  plan->add_option("--aql", pa->aql, "Acceptance quality limit, e.g. 1.0 (ISO 2859-1's values)");
  plan->add_option("--level", pa->level, "General inspection level I, II (default) or III");
  plan->add_flag("--zero-acceptance", pa->zero, "Zero-acceptance (c = 0) sample size");
  plan->add_option("--confidence", pa->confidence, "Zero acceptance: confidence, e.g. 0.95");
  plan->add_option("--defect-rate", pa->defect_rate,
                   "Zero acceptance: tolerable defect rate, e.g. 0.01");
  plan->callback([&, pa] { action = [&g, pa] { return Plan(g, *pa); }; });

  auto* create = sample->add_subcommand(
      "create", "Draw a seeded sample of the project's items into plans/NAME.json (one commit)");
  auto ca = std::make_shared<CreateArgs>();
  app::PlanRequest* r = &ca->request;
  create->add_option("NAME", r->name, "The plan's name (a-z, 0-9, '_', '.', '-')")->required();
  create->add_option("--method", r->method,
                     "random (default), stratified, acceptance or zero-acceptance");
  create->add_option("--seed", r->seed, "Seed of the draw (default: 1)");
  create->add_option("--size", r->size, "random, stratified: how many items to draw");
  create->add_option("--by", r->by, "stratified: category, annotator, vendor or meta:KEY");
  create->add_option("--allocation", r->allocation,
                     "stratified: proportional (default) or equal");
  create->add_option("--aql", r->aql, "acceptance: the AQL, e.g. 1.0");
  create->add_option("--level", ca->level, "acceptance: general inspection level I, II or III");
  create->add_option("--confidence", r->confidence, "zero-acceptance: confidence, e.g. 0.95");
  create->add_option("--defect-rate", r->defect_rate,
                     "zero-acceptance: tolerable defect rate, e.g. 0.01");
  create->callback([&, ca] { action = [&g, ca] { return Create(g, *ca); }; });

  auto* show = sample->add_subcommand("show", "A stored plan and the items it drew");
  auto name = std::make_shared<std::string>();
  show->add_option("NAME", *name, "The plan")->required();
  show->callback([&, name] { action = [&g, name] { return Show(g, *name); }; });

  auto* list = sample->add_subcommand("list", "The stored sampling plans");
  list->callback([&] { action = [&g] { return List(g); }; });
}

}  // namespace taxa::cli
