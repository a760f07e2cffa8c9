// Reading and writing the project's small JSON files (categories, settings,
// releases, conflicts...) with errors that name the file and the field.
// Private to core.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

// Pretty JSON, two-space indent, with a final newline: the on-disk form.
inline std::string Dump(const nlohmann::ordered_json& j) { return j.dump(2) + "\n"; }

// Field readers that name the file and field on error.
class Fields {
 public:
  Fields(const nlohmann::json& j, std::string_view path) : j_(j), path_(path) {}

  Status Bad(std::string_view field, std::string_view why) const {
    return Status::InvalidInput(std::string(path_) + ": field \"" + std::string(field) + "\" " +
                                std::string(why));
  }
  Status String(const char* key, std::string& out, bool required) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      return required ? Bad(key, "is missing") : Status::Ok();
    }
    if (!it->is_string()) return Bad(key, "must be a string");
    out = it->get<std::string>();
    return Status::Ok();
  }
  Status Strings(const char* key, std::vector<std::string>& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return Status::Ok();
    if (!it->is_array()) return Bad(key, "must be an array of strings");
    for (const nlohmann::json& v : *it) {
      if (!v.is_string()) return Bad(key, "must be an array of strings");
      out.push_back(v.get<std::string>());
    }
    return Status::Ok();
  }
  Status Bool(const char* key, bool& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return Status::Ok();
    if (!it->is_boolean()) return Bad(key, "must be true or false");
    out = it->get<bool>();
    return Status::Ok();
  }
  Status Object(const char* key, std::string& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return Status::Ok();
    if (!it->is_object()) return Bad(key, "must be an object");
    out = it->dump();
    return Status::Ok();
  }

 private:
  const nlohmann::json& j_;
  std::string_view path_;
};

// Parses a whole file that must hold one JSON object. kInvalidInput naming
// `path`: "not valid JSON (why)" or "expected a JSON object".
inline Result<nlohmann::json> ParseObject(std::string_view bytes, std::string_view path) {
  // nlohmann stops at a NUL byte as at the end of the input, which would
  // accept whatever follows one unread.
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos)
    return Status::InvalidInput(std::string(path) + ": not valid JSON (a NUL byte at offset " +
                                std::to_string(nul) + ")");
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions to learn where it broke; only for the message.
    // Not only parse_error: a number beyond a double throws out_of_range.
    try {
      nlohmann::json unused = nlohmann::json::parse(bytes);
      (void)unused;
    } catch (const nlohmann::json::exception& e) {
      return Status::InvalidInput(std::string(path) + ": not valid JSON (" + e.what() + ")");
    }
    return Status::InvalidInput(std::string(path) + ": not valid JSON");
  }
  if (!j.is_object()) return Status::InvalidInput(std::string(path) + ": expected a JSON object");
  return j;
}

}  // namespace taxa::core
