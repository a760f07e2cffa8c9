#include "taxa/core/guidelines.h"

#include <gtest/gtest.h>

#include <string>

#include "support/status_matchers.h"

namespace taxa::core {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Taxonomy Zoo() {
  std::vector<Attribute> attributes = {{.id = "urgency", .name = "Urgency",
                                        .type = AttributeType::kEnum, .values = {"low", "high"},
                                        .description = "How soon"}};
  std::vector<Category> categories = {
      {.id = "pets", .name = "Pets", .definition = "Animals people keep",
       .include = {"Owned animals"}, .exclude = {"Zoo animals"}, .examples = {"My dog ate it"},
       .near_misses = {"A toy dog"}, .attributes = {"urgency"}, .sensitive = true},
      {.id = "pets.dogs", .name = "Dogs", .parent = "pets", .status = CategoryStatus::kDraft,
       .definition = "Dogs"},
      {.id = "pets.parrots", .name = "Parrots", .parent = "pets", .definition = "Parrots"},
      {.id = "wild", .name = "Wild", .definition = "Wild animals"},
      {.id = "cats", .name = "Cats", .status = CategoryStatus::kDeprecated,
       .replaced_by = "pets", .definition = "Cats"},
      {.id = "birds", .name = "Birds", .status = CategoryStatus::kDeprecated,
       .split_into = {"pets.parrots", "wild"}, .definition = "Birds"},
  };
  return Taxonomy::FromParts(categories, attributes);
}

TEST(Guidelines, EachCategoryHasItsSections) {
  std::string md = GuidelinesMarkdown(Zoo(), {.title = "Zoo"});
  EXPECT_TRUE(Has(md, "# Labeling guide: Zoo\n")) << md;
  EXPECT_TRUE(Has(md, "\n## Pets\n\nId: `pets`\n")) << md;
  EXPECT_TRUE(Has(md, "\n### Dogs\n\nId: `pets.dogs`, under Pets (`pets`)\n")) << md;
  EXPECT_TRUE(Has(md, "**Definition:** Animals people keep\n")) << md;
  EXPECT_TRUE(Has(md, "**When to use it**\n\n- Owned animals\n")) << md;
  EXPECT_TRUE(Has(md, "**What not to do**\n\n- Zoo animals\n- Near miss, not this category: "
                      "A toy dog\n"))
      << md;
  EXPECT_TRUE(Has(md, "**Examples**\n\n- My dog ate it\n")) << md;
  EXPECT_TRUE(Has(md, "**Attributes**\n\n- Urgency (`urgency`): enum, one of low, high. How soon\n"))
      << md;
  EXPECT_TRUE(Has(md, "**Sensitive:**")) << md;
  EXPECT_TRUE(Has(md, "**Draft:**")) << md;
  EXPECT_TRUE(Has(md, "## Cats\n\nId: `cats`\n\n**Deprecated:** do not use it any more; use Pets "
                      "(`pets`) instead.\n"))
      << md;
  EXPECT_TRUE(Has(md, "it was split into Parrots (`pets.parrots`) and Wild (`wild`)")) << md;
  // Tree order: a child follows its parent, before the next root.
  EXPECT_LT(md.find("## Pets"), md.find("### Dogs"));
  EXPECT_LT(md.find("### Parrots"), md.find("## Wild"));
  EXPECT_FALSE(Has(md, "Changed since")) << md;
}

TEST(Guidelines, HostileTextCannotMakeHeadingsListsOrHtml) {
  Taxonomy t;
  ASSERT_TRUE(t.Add({.id = "x", .name = "# Boss <b>bold</b>",
                     .definition = "ok\n## Injected\n<script>alert(1)</script>\n1. one\n- two",
                     .include = {"- nested", "[link](javascript:alert(1))"},
                     .examples = {"`code` *em* _u_ & &amp; \\"}})
                  .ok());
  std::string md = GuidelinesMarkdown(t, {.title = "<i>T</i>"});
  EXPECT_FALSE(Has(md, "\n## Injected")) << md;
  EXPECT_FALSE(Has(md, "\n# Boss")) << md;
  Result<std::string> html = MarkdownToHtml(md, "<i>T</i>");
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_FALSE(Has(*html, "<script>")) << *html;
  EXPECT_FALSE(Has(*html, "<b>")) << *html;
  EXPECT_FALSE(Has(*html, "<i>")) << *html;
  EXPECT_FALSE(Has(*html, "<h2>Injected")) << *html;
  EXPECT_FALSE(Has(*html, "<ol>")) << *html;
  EXPECT_FALSE(Has(*html, "<a ")) << *html;
  EXPECT_FALSE(Has(*html, "<em>")) << *html;
  EXPECT_FALSE(Has(*html, "<code>code")) << *html;
  // Each reads as written, escaped for HTML.
  EXPECT_TRUE(Has(*html, "<h2># Boss &lt;b&gt;bold&lt;/b&gt;</h2>")) << *html;
  EXPECT_TRUE(Has(*html, "ok ## Injected &lt;script&gt;alert(1)&lt;/script&gt; 1. one - two"))
      << *html;
  EXPECT_TRUE(Has(*html, "<li>- nested</li>")) << *html;
  EXPECT_TRUE(Has(*html, "<li>[link](javascript:alert(1))</li>")) << *html;
  EXPECT_TRUE(Has(*html, "<li>`code` *em* _u_ &amp; &amp;amp; \\</li>")) << *html;
  EXPECT_TRUE(Has(*html, "<title>&lt;i&gt;T&lt;/i&gt;</title>")) << *html;
}

TEST(Guidelines, HtmlComesFromCmark) {
  std::string md = GuidelinesMarkdown(Zoo(), {.title = "Zoo"});
  Result<std::string> html = MarkdownToHtml(md, "Zoo");
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_TRUE(Has(*html, "<h1>Labeling guide: Zoo</h1>")) << *html;
  EXPECT_TRUE(Has(*html, "<h2>Pets</h2>")) << *html;
  EXPECT_TRUE(Has(*html, "<h3>Dogs</h3>")) << *html;
  EXPECT_TRUE(Has(*html, "<p><strong>When to use it</strong></p>\n<ul>\n<li>Owned animals</li>"))
      << *html;
  EXPECT_TRUE(Has(*html, "<code>pets</code>")) << *html;
  // Raw HTML in Markdown is left out, not passed through.
  Result<std::string> raw = MarkdownToHtml("<script>x()</script>\n\nhi <b>x</b>\n", "t");
  ASSERT_TRUE(raw.ok());
  EXPECT_FALSE(Has(*raw, "<script>")) << *raw;
  EXPECT_FALSE(Has(*raw, "<b>")) << *raw;
}

TEST(Guidelines, ChangedSinceListsWhatDiffTaxonomiesFound) {
  Taxonomy before;
  ASSERT_TRUE(before.Add({.id = "pets", .name = "Pets", .definition = "Kept"}).ok());
  ASSERT_TRUE(before.Add({.id = "cats", .name = "Cats", .definition = "Cats"}).ok());
  ASSERT_TRUE(before.Add({.id = "fish", .name = "Fish", .definition = "Fish"}).ok());
  Taxonomy after = before;
  ASSERT_TRUE(after.Add({.id = "birds", .name = "Birds", .definition = "Fly"}).ok());
  Category pets = *after.Find("pets");
  pets.name = "Companions";
  pets.definition = "Animals people keep";
  ASSERT_TRUE(after.Update(pets).ok());
  ASSERT_TRUE(after.Deprecate("cats", "pets").ok());
  ASSERT_TRUE(after.Move("fish", "pets").ok());
  std::string md = GuidelinesMarkdown(after, {.title = "Zoo", .since = "1.0.0", .before = &before});
  size_t section = md.find("\n## Changed since 1.0.0\n\n");
  ASSERT_NE(section, std::string::npos) << md;
  EXPECT_LT(section, md.find("\n## Birds\n")) << md;
  EXPECT_TRUE(Has(md, "- Added: Birds (`birds`)\n")) << md;
  EXPECT_TRUE(Has(md, "- Renamed: `pets` from Pets to Companions\n")) << md;
  EXPECT_TRUE(Has(md, "- Moved: Fish (`fish`) under Companions (`pets`)\n")) << md;
  EXPECT_TRUE(Has(md, "- Redefined: Companions (`pets`)")) << md;
  EXPECT_TRUE(Has(md, "- Deprecated: Cats (`cats`), replaced by Companions (`pets`)\n")) << md;

  std::string same = GuidelinesMarkdown(before, {.since = "1.0.0", .before = &before});
  EXPECT_TRUE(Has(same, "## Changed since 1.0.0\n\nNothing changed since 1.0.0.\n")) << same;
}

}  // namespace
}  // namespace taxa::core
