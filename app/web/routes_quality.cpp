// Routes: the quality overview (from a read-only project beside the writer)
// and a lead's gold labels; the confusion of two annotators, quality over
// time, calibration rounds, gold labels with accuracy, and consensus by pages.
#include <algorithm>
#include <cstdlib>

#include "session/calibration.h"
#include "session/gold.h"
#include "session/json.h"
#include "session/quality_service.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

void Overview(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::QualityOverview overview, app::Quality(p).Overview(0.95));
    return app::ToJson(overview);
  }));
}

// One breakdown of agreement, as `taxa agree` gives it: metric, level, per,
// by, ci and seed in the query, each optional, with the CLI's names.
Result<app::ProjectAgreeOptions> AgreeOptionsOf(const httplib::Request& req) {
  app::ProjectAgreeOptions o;
  if (req.has_param("metric")) {
    TAXA_ASSIGN_OR_RETURN(o.agree.metric, app::ParseMetric(req.get_param_value("metric")));
  }
  if (req.has_param("level")) {
    TAXA_ASSIGN_OR_RETURN(o.agree.level, app::ParseLevel(req.get_param_value("level")));
  }
  if (req.has_param("per")) {
    TAXA_ASSIGN_OR_RETURN(o.per, app::ParseBreakdown(req.get_param_value("per")));
  }
  o.by = req.get_param_value("by");
  if (req.has_param("ci")) {
    const std::string text = req.get_param_value("ci");
    char* end = nullptr;
    o.agree.ci = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
      return Status::InvalidInput("ci: expected a number such as 0.95, got \"" + text + "\"");
  }
  if (req.has_param("seed")) {
    TAXA_ASSIGN_OR_RETURN(int64_t seed, QueryInt(req, "seed", 1));
    if (seed < 0) return Status::InvalidInput("seed: must be 0 or more");
    o.agree.seed = static_cast<uint64_t>(seed);
  }
  return o;
}

void Agree(Call& c) {
  Result<app::ProjectAgreeOptions> options = AgreeOptionsOf(c.req);
  if (!options.ok()) return ReplyError(c.res, options.status());
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::AgreeRow> rows, app::Quality(p).Agree(*options));
    ordered_json out = ordered_json::array();
    for (const app::AgreeRow& row : rows) out.push_back(app::ToJson(row));
    return out;
  }));
}

void SetGold(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> item = StringField(*body, "item", /*required=*/true);
  if (!item.ok()) return ReplyError(c.res, item.status());
  Result<std::vector<std::string>> categories = StringListField(*body, "categories");
  if (!categories.ok()) return ReplyError(c.res, categories.status());
  Result<std::string> note = StringField(*body, "note");
  if (!note.ok()) return ReplyError(c.res, note.status());
  Reply(c,
        OnWriter(c,
                 [&](app::Project& p) -> Result<ordered_json> {
                   TAXA_ASSIGN_OR_RETURN(core::GoldLabel gold,
                                         app::Gold(p).Set(*item, *categories, *note));
                   return app::ToJson(gold);
                 }),
        201);
}

// A page's cursor and limit from the query (as /api/v1/items reads them).
Status PageOf(const httplib::Request& req, int64_t& cursor, int64_t& limit) {
  Result<int64_t> c = QueryInt(req, "cursor", 0);
  if (!c.ok()) return c.status();
  if (*c < 0) return Status::InvalidInput("cursor: must be 0 or more");
  Result<int64_t> l = QueryInt(req, "limit", 100);
  if (!l.ok()) return l.status();
  if (*l < 1 || *l > 1000) return Status::InvalidInput("limit: must be from 1 to 1000");
  cursor = *c;
  limit = *l;
  return Status::Ok();
}

void Confusion(Call& c) {
  const std::string a = c.req.get_param_value("a"), b = c.req.get_param_value("b");
  if (a.empty() || b.empty())
    return ReplyError(c.res, Status::InvalidInput("a and b: give two annotators (?a=ann&b=bob)"));
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::AnnotatorConfusion confusion, app::Quality(p).Confusion(a, b));
    return app::ToJson(confusion);
  }));
}

void OverTime(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(std::vector<app::QualityPeriod> periods, app::Quality(p).OverTime());
    return ordered_json{{"periods", app::ToJson(periods)}};
  }));
}

void CalibrationRounds(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    app::Calibration calibration(p);
    TAXA_ASSIGN_OR_RETURN(std::vector<app::CalibrationRound> rounds, calibration.Rounds());
    std::vector<app::CalibrationReport> reports;
    for (const app::CalibrationRound& round : rounds) {
      TAXA_ASSIGN_OR_RETURN(app::CalibrationReport report, calibration.Report(round.name));
      reports.push_back(std::move(report));
    }
    return ordered_json{{"rounds", app::ToJson(reports)}};
  }));
}

void OneRound(Call& c) {
  const std::string name = c.param(0);
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::CalibrationReport report, app::Calibration(p).Report(name));
    return app::ToJson(report);
  }));
}

void GoldLabels(Call& c) {
  int64_t cursor = 0, limit = 0;
  if (Status s = PageOf(c.req, cursor, limit); !s.ok()) return ReplyError(c.res, s);
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    app::Gold gold(p);
    TAXA_ASSIGN_OR_RETURN(std::vector<core::GoldLabel> labels, gold.Labels());
    const size_t from = std::min(static_cast<size_t>(cursor), labels.size());
    const size_t to = from + std::min(static_cast<size_t>(limit), labels.size() - from);
    ordered_json j;
    j["labels"] = ordered_json::array();
    for (size_t i = from; i < to; ++i) j["labels"].push_back(app::ToJson(labels[i]));
    j["next_cursor"] = to < labels.size() ? ordered_json(to) : ordered_json(nullptr);
    j["total"] = labels.size();
    // Accuracy is undefined before gold meets a label: said, not an error.
    Result<app::GoldReport> report = gold.Report("");
    if (!report.ok() && report.status().code() != StatusCode::kFailedPrecondition)
      return report.status();
    j["accuracy"] = report.ok() ? app::ToJson(*report) : ordered_json(nullptr);
    j["accuracy_error"] = report.ok() ? ordered_json(nullptr) : ordered_json(report.status().message());
    return j;
  }));
}

void Consensus(Call& c) {
  int64_t cursor = 0, limit = 0;
  if (Status s = PageOf(c.req, cursor, limit); !s.ok()) return ReplyError(c.res, s);
  const std::string text = c.req.has_param("method") ? c.req.get_param_value("method") : "majority";
  Result<app::ConsensusMethod> method = app::ParseConsensusMethod(text);
  if (!method.ok()) return ReplyError(c.res, method.status());
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::ConsensusReport report, app::Quality(p).Consensus(*method));
    return app::ToJson(report, static_cast<size_t>(cursor), static_cast<size_t>(limit));
  }));
}

}  // namespace

void AddQualityRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/quality", Overview});
  routes.push_back({"GET", "/api/v1/quality/agree", Agree});
  routes.push_back({"POST", "/api/v1/gold", SetGold});
  routes.push_back({"GET", "/api/v1/quality/confusion", Confusion});
  routes.push_back({"GET", "/api/v1/quality/over-time", OverTime});
  routes.push_back({"GET", "/api/v1/calibration", CalibrationRounds});
  routes.push_back({"GET", "/api/v1/calibration/{id}", OneRound});
  routes.push_back({"GET", "/api/v1/gold", GoldLabels});
  routes.push_back({"GET", "/api/v1/consensus", Consensus});
}

}  // namespace taxa::web
