// agree: inter-annotator agreement on a ratings file.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "session/agree.h"

namespace taxa::cli {

namespace {

struct AgreeArgs {
  std::string file;
  app::AgreeOptions options;
  uint64_t seed = 1;
};

const char* MetricTitle(const std::string& metric) {
  if (metric == "percent") return "percent agreement";
  if (metric == "cohen") return "Cohen's kappa";
  if (metric == "scott") return "Scott's pi";
  if (metric == "bennett") return "Bennett's S";
  if (metric == "fleiss") return "Fleiss' kappa";
  return "Krippendorff's alpha";
}

int Agree(const Globals& g, const AgreeArgs& a) {
  // Options that do not fit together are bad usage (exit 2), like an unknown flag.
  if (Status s = app::CheckAgreeOptions(a.options); !s.ok()) {
    Fail(s);
    return 2;
  }
  Result<app::AgreeReport> r = app::AgreeOnFile(a.file, a.options);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    nlohmann::ordered_json j;
    j["metric"] = r->metric;
    j["level"] = r->level;
    j["value"] = r->value;
    j["items"] = r->items;
    j["pairable_values"] = r->pairable_values;
    if (r->ci) j["ci"] = {r->ci->first, r->ci->second};
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::string metric = MetricTitle(r->metric);
  if (r->weights != "none") metric += " (" + r->weights + " weights)";
  std::printf("%-16s %s\n", "metric", metric.c_str());
  std::printf("%-16s %s\n", "level", r->level.c_str());
  std::printf("%-16s %.4f\n", "value", r->value);
  std::printf("%-16s %zu\n", "items", r->items);
  std::printf("%-16s %zu\n", "pairable values", r->pairable_values);
  if (r->ci)
    std::printf("%-16s [%.4f, %.4f]  (%g%%, %zu resamples, seed %llu)\n", "interval",
                r->ci->first, r->ci->second, r->ci_level * 100, r->resamples,
                static_cast<unsigned long long>(r->seed));
  if (!r->note.empty()) std::printf("%-16s %s\n", "note", r->note.c_str());
  return 0;
}

}  // namespace

void AddQualityCommands(CLI::App& app, Globals& g, Action& action) {
  auto args = std::make_shared<AgreeArgs>();
  auto* agree = app.add_subcommand(
      "agree", "Inter-annotator agreement of a ratings file (CSV item,annotator,value or JSON Lines)");
  agree->add_option("FILE", args->file, "The ratings file (.csv, else JSON Lines)")->required();
  agree->add_option("--metric", args->options.metric,
                    "percent, cohen, scott, bennett, fleiss or alpha (default: alpha)");
  agree->add_option("--level", args->options.level,
                    "nominal, ordinal, interval, ratio, jaccard or masi (default: nominal)");
  agree->add_option("--weights", args->options.weights,
                    "none, linear or quadratic: weighted Cohen's kappa (default: none)");
  agree->add_option("--order", args->options.order, "Categories lowest first: a,b,c")
      ->delimiter(',');
  agree->add_option("--ci", args->options.ci,
                    "Bootstrap confidence interval for alpha at this level, e.g. 0.95");
  CLI::Option* seed = agree->add_option("--seed", args->seed, "Seed of the bootstrap (default: 1)");
  agree->callback([&, args, seed] {
    if (seed->count() > 0) args->options.seed = args->seed;
    action = [&g, args] { return Agree(g, *args); };
  });
}

}  // namespace taxa::cli
