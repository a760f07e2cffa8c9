// Guidelines: the labeling guide from the taxonomy at HEAD.
#include "session/guidelines.h"

#include "session/releases.h"
#include "session/taxonomy_history.h"

#include "taxa/core/guidelines.h"

namespace taxa::app {

Result<GuidelinesFormat> ParseGuidelinesFormat(const std::string& name) {
  if (name == "md" || name == "markdown") return GuidelinesFormat::kMarkdown;
  if (name == "html") return GuidelinesFormat::kHtml;
  return Status::InvalidInput("unknown guidelines format \"" + name + "\" (use md or html)");
}

Guidelines::Guidelines(Project& project) : project_(project) {}

Result<std::string> Guidelines::Write(const GuidelinesRequest& request) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ReleaseManifest> releases, Releases(project_).List());
  const core::ReleaseManifest* since = nullptr;
  if (request.since.empty()) {
    if (!releases.empty()) since = &releases.back();
  } else {
    for (const core::ReleaseManifest& m : releases)
      if (m.version == request.since) since = &m;
    if (since == nullptr) {
      return Status::NotFound("no release " + request.since +
                              " (see `taxa taxonomy releases`)");
    }
  }
  core::Taxonomy before;
  core::GuidelinesOptions options{.title = project_.settings().name};
  if (since != nullptr) {
    TAXA_ASSIGN_OR_RETURN(before, TaxonomyHistory(project_).TaxonomyAt({.commit = since->commit}));
    options.since = since->version;
    options.before = &before;
  }
  std::string markdown = core::GuidelinesMarkdown(project_.taxonomy(), options);
  if (request.format == GuidelinesFormat::kMarkdown) return markdown;
  return core::MarkdownToHtml(markdown, "Labeling guide: " + project_.settings().name);
}

}  // namespace taxa::app
