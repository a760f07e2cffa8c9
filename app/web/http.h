// HTTP helpers of the web face: JSON replies, errors as
// {"error": {"code": ..., "message": ...}} with the status that fits the
// session's StatusCode, request bodies and query parameters.
//
//   Result<nlohmann::json> body = ParseBody(req);
//   if (!body.ok()) return ReplyError(res, body.status());     // 400
//   ReplyJson(res, app::ToJson(event), 201);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "taxa/core/status.h"

namespace taxa::web {

// The HTTP status for a session error: kInvalidInput 400, kUnauthenticated
// 401, kPermissionDenied 403, kNotFound 404, kAlreadyExists and
// kFailedPrecondition 409, kLocked 503, the rest 500.
int HttpStatusOf(StatusCode code);
// The error's "code": "invalid_input", "unauthenticated", ...
std::string_view ErrorCodeOf(StatusCode code);

void ReplyJson(httplib::Response& res, const nlohmann::ordered_json& body, int status = 200);
void ReplyError(httplib::Response& res, const Status& status);
void ReplyError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message);

// The request's body as a JSON object. kInvalidInput "body: ..." when it is
// not JSON or not an object.
Result<nlohmann::json> ParseBody(const httplib::Request& req);

// The query parameter `name` as a whole number; `fallback` when absent;
// kInvalidInput naming it when it is not one.
Result<int64_t> QueryInt(const httplib::Request& req, const std::string& name, int64_t fallback);

// Fields of a JSON body. Each fails with kInvalidInput naming the field when
// it has another type; absent fields give the default.
Result<std::string> StringField(const nlohmann::json& body, const std::string& name,
                                bool required = false);
Result<std::vector<std::string>> StringListField(const nlohmann::json& body,
                                                 const std::string& name);

}  // namespace taxa::web
