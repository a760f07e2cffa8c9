#include "web/http.h"

#include <charconv>

namespace taxa::web {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidInput: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kLocked: return 503;
    case StatusCode::kCorrupt:
    case StatusCode::kIo:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorCodeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidInput: return "invalid_input";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kLocked: return "locked";
    case StatusCode::kCorrupt: return "corrupt";
    case StatusCode::kIo: return "io";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

void ReplyJson(httplib::Response& res, const nlohmann::ordered_json& body, int status) {
  res.status = status;
  // Invalid UTF-8 in stored text is replaced rather than failing the reply.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void ReplyError(httplib::Response& res, const Status& status) {
  ReplyError(res, HttpStatusOf(status.code()), ErrorCodeOf(status.code()), status.message());
}

void ReplyError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message) {
  nlohmann::ordered_json body;
  body["error"]["code"] = code;
  body["error"]["message"] = message;
  if (http_status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"taxa\"");
  ReplyJson(res, body, http_status);
}

Result<nlohmann::json> ParseBody(const httplib::Request& req) {
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return Status::InvalidInput("body: not valid JSON (" + std::to_string(req.body.size()) +
                                " bytes)");
  if (!body.is_object()) return Status::InvalidInput("body: expected a JSON object");
  return body;
}

Result<int64_t> QueryInt(const httplib::Request& req, const std::string& name, int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty())
    return Status::InvalidInput(name + ": expected a whole number, got \"" + text + "\"");
  return value;
}

Result<std::string> StringField(const nlohmann::json& body, const std::string& name,
                                bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidInput("body: field \"" + name + "\" is missing");
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidInput("body: field \"" + name + "\" must be a string");
  return it->get<std::string>();
}

Result<std::vector<std::string>> StringListField(const nlohmann::json& body,
                                                 const std::string& name) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array())
    return Status::InvalidInput("body: field \"" + name + "\" must be a list of strings");
  for (const nlohmann::json& v : *it) {
    if (!v.is_string())
      return Status::InvalidInput("body: field \"" + name + "\" must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace taxa::web
