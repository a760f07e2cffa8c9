// Who holds which role, from taxa.json's "roles" ({"lead": ["ana"], ...}).
// Private to app/session.
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

// True when `settings` lists `user` under `role`. A malformed "roles" object
// grants nothing.
bool HasRole(const core::ProjectSettings& settings, const std::string& user, std::string_view role);

}  // namespace taxa::app
