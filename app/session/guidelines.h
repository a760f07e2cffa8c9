// Guidelines: the labeling guide generated from the taxonomy at HEAD
// (core/guidelines.h), with what changed since a release.
//
//   TAXA_ASSIGN_OR_RETURN(std::string html,
//                         Guidelines(*project).Write({.format = GuidelinesFormat::kHtml}));
#pragma once

#include <string>

#include "session/project.h"

namespace taxa::app {

enum class GuidelinesFormat { kMarkdown, kHtml };

// kInvalidInput naming the accepted values ("md", "html") otherwise.
Result<GuidelinesFormat> ParseGuidelinesFormat(const std::string& name);

struct GuidelinesRequest {
  GuidelinesFormat format = GuidelinesFormat::kMarkdown;
  // The release the section "Changed since" compares with: empty for the
  // latest release (no such section while nothing is released).
  std::string since;
};

class Guidelines {
 public:
  explicit Guidelines(Project& project);

  // The guide for the taxonomy at HEAD, titled with the project's name.
  // kNotFound when `since` names no release.
  Result<std::string> Write(const GuidelinesRequest& request);

 private:
  Project& project_;
};

}  // namespace taxa::app
