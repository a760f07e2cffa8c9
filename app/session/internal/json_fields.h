// Small pieces the JSON encoders (app/session/json*.cpp) share.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace taxa::app {

// `text` as a JSON string, or null when it is empty (no error, no name, no
// version, ...).
inline nlohmann::ordered_json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

}  // namespace taxa::app
