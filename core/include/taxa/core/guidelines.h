// The labeling guide, generated from the taxonomy so that it is never out of
// step with it: Markdown written here, HTML rendered from that Markdown by
// libcmark-gfm (raw HTML off).
//
//   std::string md = GuidelinesMarkdown(t, {.title = "Support tickets", .since = "1.0.0",
//                                           .before = &released});
//   TAXA_ASSIGN_OR_RETURN(std::string html, MarkdownToHtml(md, "Support tickets"));
//
// The guide: a title, the section "Changed since VERSION" when `before` is
// given (core::DiffTaxonomies of `before` and `t`), then every category in
// tree order, its heading level following its depth (roots are level 2, at
// most 6), each with its id, its state (draft; deprecated with its
// replacement or the parts it was split into; sensitive), its definition,
// "When to use it" (include rules), "What not to do" (exclude rules and near
// misses), "Examples" and "Attributes" (name, id, type, allowed values,
// description). Text from the taxonomy is escaped, with line breaks folded
// into spaces, so that it reads as written: it cannot start a heading, a list
// or raw HTML.
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"

namespace taxa::core {

struct GuidelinesOptions {
  std::string title;                // the project's name
  std::string since;                // the version `before` was released as
  const Taxonomy* before = nullptr;  // null: no "Changed since" section
};

std::string GuidelinesMarkdown(const Taxonomy& t, const GuidelinesOptions& options);

// `markdown` (CommonMark) as a whole HTML page titled `title` (escaped).
// Raw HTML in the Markdown is left out, not passed through.
Result<std::string> MarkdownToHtml(std::string_view markdown, std::string_view title);

// `text` as Markdown inline text that renders as `text` with its whitespace
// runs, line breaks included, folded into one space and trimmed.
std::string EscapeMarkdown(std::string_view text);

}  // namespace taxa::core
