// Rewrites a project's taxa.json at HEAD, as a lead editing it by hand and
// committing would (no project may be open on the folder meanwhile).
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

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

}  // namespace taxa::testing
