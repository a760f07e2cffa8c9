#include "web/routes.h"

#include "web/http.h"

namespace taxa::web {

void Reply(Call& call, const Result<nlohmann::ordered_json>& result, int status) {
  if (result.ok())
    ReplyJson(call.res, *result, status);
  else
    ReplyError(call.res, result.status());
}

std::vector<Route> ApiRoutes() {
  std::vector<Route> routes;
  AddProjectRoutes(routes);
  AddItemRoutes(routes);
  AddLabelRoutes(routes);
  AddTaxonomyRoutes(routes);
  AddQualityRoutes(routes);
  AddSyncRoutes(routes);
  AddUserRoutes(routes);
  AddGovernanceRoutes(routes);
  AddReviewRoutes(routes);
  AddReportRoutes(routes);
  AddActionRoutes(routes);
  return routes;
}

}  // namespace taxa::web
