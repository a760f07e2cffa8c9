// predictions import | models, actions, actions queue: a model's errors into
// data actions (issue 13, item 4).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/actions.h"
#include "session/json.h"
#include "session/predictions.h"

namespace taxa::cli {

namespace {

int ImportPredictions(const Globals& g, const std::string& file, const std::string& model) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::PredictionsImportReport> r = app::Predictions(*s).Import(file, {.model = model});
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  for (const app::ModelImport& m : r->models) {
    if (m.already)
      std::printf("Model %s: 0 new predictions: these %zu are already in the project (%s).\n",
                  m.model.c_str(), m.predictions, m.path.c_str());
    else
      std::printf("Model %s: imported %zu predictions into %s\n", m.model.c_str(), m.predictions,
                  m.path.c_str());
  }
  if (!r->commit.empty()) std::printf("Commit %.12s\n", r->commit.c_str());
  return 0;
}

int ListModels(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::vector<app::ModelSummary>> r = app::Predictions(*s).Models();
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  if (r->empty()) std::printf("No predictions (taxa predictions import FILE --model NAME).\n");
  for (const app::ModelSummary& m : *r)
    std::printf("%-20s %zu import%s, latest %s\n", m.model.c_str(), m.files,
                m.files == 1 ? "" : "s", m.latest.c_str());
  return 0;
}

int ShowActions(const Globals& g, const app::ActionsOptions& o) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::ActionsReport> r = app::Actions(*s).Rank(o);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  std::printf("%llu items, %llu with a %s label (%llu tied, %llu with several categories)",
              static_cast<unsigned long long>(r->items),
              static_cast<unsigned long long>(r->labeled), r->label_source.c_str(),
              static_cast<unsigned long long>(r->tied), static_cast<unsigned long long>(r->multi));
  if (!r->model.empty())
    std::printf("; model %s predicts %llu, %llu with a label and probabilities",
                r->model.c_str(), static_cast<unsigned long long>(r->predictions),
                static_cast<unsigned long long>(r->examined));
  std::printf(".\n");
  if (r->actions.empty()) std::printf("No actions: no rule found anything to do.\n");
  for (size_t i = 0; i < r->actions.size(); ++i) {
    const core::DataAction& a = r->actions[i];
    std::printf("\n%zu. [%s] %s  (score %llu)\n   %s\n", i + 1, a.kind.c_str(), a.title.c_str(),
                static_cast<unsigned long long>(a.score), a.evidence.c_str());
    if (!a.examples.empty()) {
      std::printf("   e.g.");
      for (const std::string& e : a.examples) std::printf(" %s", e.c_str());
      std::printf("\n");
    }
    if (!a.items.empty())
      std::printf("   Queue them: taxa actions queue NAME --action %zu\n", i + 1);
  }
  if (r->total > r->actions.size())
    std::printf("\n(%zu of %zu actions; --limit 0 shows all)\n", r->actions.size(), r->total);
  for (const std::string& n : r->notes) std::printf("Note: %s\n", n.c_str());
  return 0;
}

int QueueAction(const Globals& g, const std::string& name, size_t rank,
                const app::ActionsOptions& o) {
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<core::SamplingPlan> p = app::Actions(*s).Queue(name, rank, o);
  if (!p.ok()) return Fail(p.status());
  if (g.json) {
    std::cout << app::ToJson(*p).dump() << "\n";
    return 0;
  }
  std::printf("Queued %llu items as plan %s (%s). See `taxa sample show %s`.\n",
              static_cast<unsigned long long>(p->size), p->name.c_str(), p->action.c_str(),
              p->name.c_str());
  return 0;
}

}  // namespace

void AddActionsCommands(CLI::App& app, Globals& g, Action& action) {
  auto* preds = app.add_subcommand("predictions", "A model's predictions: import, list models");
  preds->require_subcommand(1);
  auto* imp = preds->add_subcommand("import", "Import a model's predictions (JSON Lines) as one commit");
  imp->footer(
      "One JSON object a line: {\"item\": \"T-1\", \"category\": \"billing.refund\",\n"
      "\"probabilities\": {\"billing.refund\": 0.8, \"billing.other\": 0.2}, \"model\": \"m1\"}.\n"
      "probabilities (optional) are numbers in [0, 1] summing to 1 (within 0.001); model is\n"
      "optional when --model is given (--model overrides it).\n"
      "All or nothing: every line is checked first (item, categories, probabilities), and the\n"
      "first fault is given as FILE:LINE with the field. Stored as\n"
      "predictions/<model>/<time>-<hash>.jsonl.zst; the newest import per item counts.\n"
      "Importing the same file again adds nothing. Needs a lead.");
  auto file = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>();
  imp->add_option("FILE", *file, "The JSON Lines file")->required();
  imp->add_option("--model", *model, "The model's name (an id: a-z, 0-9, _ . -)");
  imp->callback([&, file, model] {
    action = [&g, file, model] { return ImportPredictions(g, *file, *model); };
  });
  auto* models = preds->add_subcommand("models", "List the models with predictions");
  models->callback([&] { action = [&g] { return ListModels(g); }; });

  auto* act = app.add_subcommand("actions", "Rank data actions from labels, agreement and a model");
  act->footer(
      "Rules (thresholds in core/include/taxa/core/data_actions.h):\n"
      "  relabel           items whose label confident learning doubts (needs probabilities)\n"
      "  merge             two categories confused both ways, at least 3 times each, balanced\n"
      "  tighten           a category with alpha below 0.667 and a frequent confusion partner\n"
      "  missing-category  a catch-all with 10% or more of labeled items, or low model confidence\n"
      "  coverage-gap      a slice (--by KEY) labeled under half as often, or with alpha 0.2 lower\n"
      "Score: the number of items an action concerns; ranked by score.\n"
      "Queue a relabel action's items with `taxa actions queue NAME --action N`.");
  auto o = std::make_shared<app::ActionsOptions>();
  o->limit = 20;
  act->add_option("--model", o->model, "The model whose predictions to use (default: the only one)");
  act->add_option("--by", o->by, "An item metadata key: look for coverage gaps by its values");
  act->add_option("--limit", o->limit, "Show at most N actions (0: all; default 20)");
  auto* queue = act->add_subcommand(
      "queue", "Make a relabel action's items a sampling plan (method \"actions\")");
  queue->footer(
      "The plan is plans/NAME.json; `taxa sample show NAME` lists its items, most doubtful\n"
      "first, and the review queue can work them. Needs a lead.");
  auto name = std::make_shared<std::string>();
  auto rank = std::make_shared<size_t>(0);
  queue->add_option("NAME", *name, "The plan's name (an id)")->required();
  queue->add_option("--action", *rank, "The action's rank in `taxa actions`")->required();
  queue->add_option("--model", o->model, "As for taxa actions");
  queue->add_option("--by", o->by, "As for taxa actions");
  queue->callback([&, o, name, rank] {
    action = [&g, o, name, rank] { return QueueAction(g, *name, *rank, *o); };
  });
  act->callback([&, o, queue] {
    if (queue->parsed()) return;
    action = [&g, o] { return ShowActions(g, *o); };
  });
}

}  // namespace taxa::cli
