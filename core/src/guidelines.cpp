// The labeling guide from the taxonomy (guidelines.h).
#include "taxa/core/guidelines.h"

#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>
#include <string>

#include "taxa/core/release.h"

namespace taxa::core {

namespace {

bool IsSpace(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f'; }

void Paragraph(std::string& out, const std::string& text) { out += text + "\n\n"; }

void List(std::string& out, const std::string& heading, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out += "**" + heading + "**\n\n";
  for (const std::string& item : items) out += "- " + item + "\n";
  out += "\n";
}

// A version as written when it is one (digits, letters, dots and hyphens:
// nothing Markdown reads in the middle of a line), else escaped.
std::string Version(std::string_view v) {
  for (char ch : v) {
    bool plain = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 ch == '.' || ch == '-';
    if (!plain) return EscapeMarkdown(v);
  }
  return std::string(v);
}

std::string Code(std::string_view id) { return "`" + std::string(id) + "`"; }

// "Name (`id`)", the name as `t` has it (the id alone when it has none).
std::string Named(const Taxonomy& t, const std::string& id) {
  const Category* c = t.Find(id);
  if (c == nullptr || c->name.empty()) return Code(id);
  return EscapeMarkdown(c->name) + " (" + Code(id) + ")";
}

std::string Joined(const Taxonomy& t, const std::vector<std::string>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i)
    out += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + Named(t, ids[i]);
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

void Changes(std::string& out, const Taxonomy& before, const Taxonomy& t,
             const std::string& since) {
  out += "## Changed since " + Version(since) + "\n\n";
  TaxonomyChanges c = DiffTaxonomies(before, t);
  if (c.empty()) {
    Paragraph(out, "Nothing changed since " + Version(since) + ".");
    return;
  }
  std::vector<std::string> lines;
  for (const std::string& id : c.added) lines.push_back("Added: " + Named(t, id));
  for (const std::string& id : c.removed) lines.push_back("Removed: " + Named(before, id));
  for (const auto& [id, name] : c.renamed) {
    const Category* old = before.Find(id);
    lines.push_back("Renamed: " + Code(id) + " from " +
                    EscapeMarkdown(old != nullptr ? old->name : "") + " to " +
                    EscapeMarkdown(name));
  }
  for (const auto& [id, parent] : c.moved) {
    lines.push_back("Moved: " + Named(t, id) +
                    (parent.empty() ? " to the top level" : " under " + Named(t, parent)));
  }
  for (const std::string& id : c.redefined)
    lines.push_back("Redefined: " + Named(t, id) + " (its definition, rules or examples)");
  for (const auto& [id, replacement] : c.deprecated) {
    const Category* now = t.Find(id);
    std::string how = " without replacement";
    if (!replacement.empty()) how = ", replaced by " + Named(t, replacement);
    else if (now != nullptr && !now->split_into.empty())
      how = ", split into " + Joined(t, now->split_into);
    lines.push_back("Deprecated: " + Named(t, id) + how);
  }
  for (const std::string& line : lines) out += "- " + line + "\n";
  out += "\n";
}

void CategorySection(std::string& out, const Taxonomy& t, const Category& c, int depth) {
  int level = std::min(depth + 2, 6);
  std::string heading = EscapeMarkdown(c.name);
  if (heading.empty()) heading = Code(c.id);
  out += std::string(level, '#') + " " + heading + "\n\n";
  std::string id_line = "Id: " + Code(c.id);
  if (!c.parent.empty()) id_line += ", under " + Named(t, c.parent);
  Paragraph(out, id_line);
  if (c.status == CategoryStatus::kDeprecated) {
    std::string what = "**Deprecated:** do not use it any more";
    if (!c.replaced_by.empty()) what += "; use " + Named(t, c.replaced_by) + " instead.";
    else if (!c.split_into.empty())
      what += "; it was split into " + Joined(t, c.split_into) + ": use the one that fits.";
    else
      what += " (no replacement).";
    Paragraph(out, what);
  }
  if (c.status == CategoryStatus::kDraft)
    Paragraph(out, "**Draft:** not yet in use; it may still change.");
  if (c.sensitive)
    Paragraph(out, "**Sensitive:** handle items of this category with the project's care "
                   "for sensitive content.");
  if (!c.definition.empty()) Paragraph(out, "**Definition:** " + EscapeMarkdown(c.definition));

  std::vector<std::string> use, avoid, examples, attributes;
  for (const std::string& r : c.include) use.push_back(EscapeMarkdown(r));
  for (const std::string& r : c.exclude) avoid.push_back(EscapeMarkdown(r));
  for (const std::string& n : c.near_misses)
    avoid.push_back("Near miss, not this category: " + EscapeMarkdown(n));
  for (const std::string& e : c.examples) examples.push_back(EscapeMarkdown(e));
  for (const std::string& id : c.attributes) {
    const Attribute* a = t.FindAttribute(id);
    if (a == nullptr) {
      attributes.push_back(Code(id));
      continue;
    }
    std::string line = EscapeMarkdown(a->name) + " (" + Code(id) + "): " +
                       std::string(AttributeTypeName(a->type));
    if (!a->values.empty()) {
      line += ", one of ";
      for (size_t i = 0; i < a->values.size(); ++i)
        line += (i ? ", " : "") + EscapeMarkdown(a->values[i]);
    }
    if (!a->description.empty()) line += ". " + EscapeMarkdown(a->description);
    attributes.push_back(line);
  }
  List(out, "When to use it", use);
  List(out, "What not to do", avoid);
  List(out, "Examples", examples);
  List(out, "Attributes", attributes);
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) {
  // Fold whitespace first: no line of the text can then begin a block.
  std::string folded;
  for (char ch : text) {
    if (IsSpace(ch)) {
      if (!folded.empty() && folded.back() != ' ') folded += ' ';
    } else {
      folded += ch;
    }
  }
  while (!folded.empty() && folded.back() == ' ') folded.pop_back();
  std::string out;
  for (size_t i = 0; i < folded.size(); ++i) {
    char ch = folded[i];
    // Inline syntax anywhere; block starts (#, >, +, -, =, "1." "1)") at the start.
    bool special = std::string_view("\\`*_[]<>&|~#!").find(ch) != std::string_view::npos;
    if (i == 0 && std::string_view("+-=").find(ch) != std::string_view::npos) special = true;
    if ((ch == '.' || ch == ')') && i > 0) {
      size_t digits = 0;
      while (digits < i && folded[digits] >= '0' && folded[digits] <= '9') ++digits;
      if (digits == i) special = true;  // "1." or "1)" would start an ordered list
    }
    if (special) out += '\\';
    out += ch;
  }
  return out;
}

std::string GuidelinesMarkdown(const Taxonomy& t, const GuidelinesOptions& options) {
  std::string out;
  out += "# Labeling guide";
  if (!options.title.empty()) out += ": " + EscapeMarkdown(options.title);
  out += "\n\n";
  size_t active = 0, deprecated = 0;
  for (const auto& [id, c] : t.categories())
    ++(c.status == CategoryStatus::kDeprecated ? deprecated : active);
  Paragraph(out, "Generated from the taxonomy: " + std::to_string(active) + " categories in use" +
                     (deprecated ? " and " + std::to_string(deprecated) + " deprecated" : "") +
                     ", in tree order.");
  if (options.before != nullptr) Changes(out, *options.before, t, options.since);
  for (const auto& [id, depth] : t.TreeOrder()) CategorySection(out, t, *t.Find(id), depth);
  return out;
}

Result<std::string> MarkdownToHtml(std::string_view markdown, std::string_view title) {
  // CMARK_OPT_DEFAULT leaves raw HTML out ("<!-- raw HTML omitted -->").
  std::unique_ptr<char, decltype(&std::free)> body(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &std::free);
  if (!body) return Status::Internal("cmark-gfm could not render the guide");
  std::string html = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                     EscapeHtml(title) + "</title>\n</head>\n<body>\n";
  html += body.get();
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace taxa::core
