// Routes: record a label (answered once it is durable), undo the caller's last,
// the label form's attributes and the session's verdict on a draft, skips.
#include "session/json.h"
#include "session/labeling.h"
#include "web/http.h"
#include "web/routes.h"

namespace taxa::web {

namespace {

using nlohmann::ordered_json;

// {"item","categories":[id],"attributes":{key: value},"note","duration_ms","annotator"}
Result<app::LabelRequest> ParseLabel(const nlohmann::json& body) {
  app::LabelRequest r;
  TAXA_ASSIGN_OR_RETURN(r.item, StringField(body, "item", /*required=*/true));
  TAXA_ASSIGN_OR_RETURN(r.categories, StringListField(body, "categories"));
  TAXA_ASSIGN_OR_RETURN(r.note, StringField(body, "note"));
  TAXA_ASSIGN_OR_RETURN(r.annotator, StringField(body, "annotator"));
  if (auto it = body.find("attributes"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return Status::InvalidInput("body: field \"attributes\" must be an object");
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string())
        return Status::InvalidInput("body: attribute \"" + key + "\" must be a string");
      r.attributes[key] = value.get<std::string>();
    }
  }
  if (auto it = body.find("duration_ms"); it != body.end() && !it->is_null()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() > UINT32_MAX)
      return Status::InvalidInput("body: field \"duration_ms\" must be a whole number of ms");
    r.duration_ms = it->get<uint32_t>();
  }
  return r;
}

void PostLabel(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<app::LabelRequest> request = ParseLabel(*body);
  if (!request.ok()) return ReplyError(c.res, request.status());
  Result<core::LabelEvent> event = c.api.gate.Label(c.caller.user, std::move(*request));
  if (!event.ok()) return ReplyError(c.res, event.status());
  ReplyJson(c.res, app::ToJson(*event), 201);
}

// The attributes each category's label may carry, for the form's fields.
void Form(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    return app::ToJson(app::Labeling(p).FormSchema());
  }));
}

// The session's verdict on a label being made, field by field; records nothing.
void Check(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<app::LabelRequest> request = ParseLabel(*body);
  if (!request.ok()) return ReplyError(c.res, request.status());
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    return app::ToJson(app::Labeling(p).CheckForm(*request));
  }));
}

// Puts an item on the caller's own skipped list ({"item"}).
void Skip(Call& c) {
  Result<nlohmann::json> body = ParseBody(c.req);
  if (!body.ok()) return ReplyError(c.res, body.status());
  Result<std::string> item = StringField(*body, "item", /*required=*/true);
  if (!item.ok()) return ReplyError(c.res, item.status());
  Reply(c, OnWriter(c, [&](app::Project& p) -> Result<ordered_json> {
    TAXA_RETURN_IF_ERROR(app::Labeling(p).Skip(*item));
    return ordered_json{{"item", *item}, {"skipped", true}};
  }));
}

void Undo(Call& c) {
  Reply(c, OnWriter(c, [](app::Project& p) -> Result<ordered_json> {
    TAXA_ASSIGN_OR_RETURN(core::LabelEvent event, app::Labeling(p).Undo());
    return app::ToJson(event);
  }));
}

}  // namespace

void AddLabelRoutes(std::vector<Route>& routes) {
  routes.push_back({"POST", "/api/v1/labels", PostLabel});
  routes.push_back({"POST", "/api/v1/labels/undo", Undo});
  routes.push_back({"GET", "/api/v1/labels/form", Form});
  routes.push_back({"POST", "/api/v1/labels/check", Check});
  routes.push_back({"POST", "/api/v1/skips", Skip});
}

}  // namespace taxa::web
