// Rewrites a project's taxa.json at HEAD, as a lead editing it by hand and
// committing would (no project may be open on the folder meanwhile).
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/repository.h"

namespace taxa::testing {

inline void EditSettings(const std::string& dir,
                         const std::function<void(core::ProjectSettings&)>& edit) {
  Result<sync::Repository> repo = sync::Repository::Open(dir);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  Result<std::optional<std::string>> bytes = repo->ReadFile("taxa.json");
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  Result<core::ProjectSettings> settings = core::DecodeSettings(**bytes);
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  edit(*settings);
  ASSERT_TRUE(
      repo->Commit({{"taxa.json", core::EncodeSettings(*settings)}},
                   {.subject = "Edit settings", .trailers = {{"Taxa-Action", "settings.edit"}}})
          .ok());
}

// Writes `roles` (JSON text, either form: {"ana": ["lead"]} or the older
// {"lead": ["ana"]}) as taxa.json's "roles", byte for byte as given, the
// rest of the file as it was.
inline void EditRoles(const std::string& dir, const std::string& roles) {
  Result<sync::Repository> repo = sync::Repository::Open(dir);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  Result<std::optional<std::string>> bytes = repo->ReadFile("taxa.json");
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(**bytes);
  j["roles"] = nlohmann::ordered_json::parse(roles);
  ASSERT_TRUE(
      repo->Commit({{"taxa.json", j.dump(2) + "\n"}},
                   {.subject = "Edit roles", .trailers = {{"Taxa-Action", "settings.edit"}}})
          .ok());
}

}  // namespace taxa::testing
