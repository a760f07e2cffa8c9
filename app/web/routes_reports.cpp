// Routes: the defect report (`taxa quality report`, session/defect_report.h)
// and the vendor report (`taxa vendors report`, session/vendors.h), each from
// a read-only project beside the writer.
#include <string>
#include <vector>

#include "session/defect_report.h"
#include "session/json.h"
#include "session/vendors.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// The request as `taxa quality report` reads its options: ?since=DATE,
// ?by=category,annotator (a comma-separated list; absent: every dimension),
// ?trend=day|week. kInvalidInput in the CLI's words for a bad word.
Result<app::DefectReportRequest> ReportRequestOf(const httplib::Request& req) {
  app::DefectReportRequest request;
  request.since = req.get_param_value("since");
  if (req.has_param("by")) {
    const std::string text = req.get_param_value("by");
    request.by.clear();
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      TAXA_ASSIGN_OR_RETURN(core::DefectDimension d,
                            core::ParseDefectDimension(text.substr(start, end - start)));
      request.by.push_back(d);
      start = end + 1;
    }
  }
  if (req.has_param("trend") && !req.get_param_value("trend").empty() &&
      req.get_param_value("trend") != "none") {
    TAXA_ASSIGN_OR_RETURN(request.trend, core::ParseTrendPeriod(req.get_param_value("trend")));
  }
  return request;
}

void GetDefects(Call& c) {
  Result<app::DefectReportRequest> request = ReportRequestOf(c.req);
  if (!request.ok()) return ReplyError(c.res, request.status());
  Reply(c, OnReader(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(app::DefectAnalysis analysis, app::DefectReports(p).Report(*request));
    return app::ToJson(analysis);
  }));
}

// {"report": the vendor report, "vendors": taxa.json's vendors with their
// rates and targets}
void GetVendors(Call& c) {
  Reply(c, OnReader(c, [](app::Project& p) -> Result<ordered_json> {
    app::Vendors vendors(p);
    TAXA_ASSIGN_OR_RETURN(core::VendorReport report, vendors.Report());
    ordered_json out;
    out["report"] = app::ToJson(report);
    out["vendors"] = app::VendorsJson(vendors.Settings());
    return out;
  }));
}

}  // namespace

void AddReportRoutes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/quality/report", GetDefects});
  routes.push_back({"GET", "/api/v1/vendors/report", GetVendors});
}

}  // namespace taxa::web
