// Taxonomy files as a pull, a merge or a hand edit may leave them. The input
// is one or more files separated by lines "~~~~"; a file whose first line
// starts with "taxonomy/" is stored at that path, others are
// taxonomy/categories/billing.json. Each file goes through DecodeCategory or
// DecodeAttribute (by its folder), the set through DecodeTaxonomy and the
// first file through DecodeTaxonomyDocument (the demo's and `taxonomy import`'s
// one-document form). What decodes must encode and decode back to itself,
// and a loaded taxonomy, however broken, must be walkable without a hang
// (Validate, TreeOrder, Path, MigrationMap).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/release.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"

namespace {

using taxa::Result;
using taxa::core::Attribute;
using taxa::core::Category;
using taxa::core::Taxonomy;

constexpr std::string_view kDefaultPath = "taxonomy/categories/billing.json";

bool SameTaxonomy(const Taxonomy& a, const Taxonomy& b) {
  return a.categories() == b.categories() && a.attributes() == b.attributes();
}

void Walk(const Taxonomy& t) {
  (void)t.Validate();
  std::set<std::string> seen;
  for (const auto& [id, depth] : t.TreeOrder()) {
    FUZZ_CHECK(seen.insert(id).second, "TreeOrder lists \"" + id + "\" twice");
    FUZZ_CHECK(depth >= 0 && static_cast<size_t>(depth) < t.size(), "TreeOrder depth");
  }
  for (const auto& [id, c] : t.categories()) {
    std::vector<std::string> path = t.Path(id);
    FUZZ_CHECK(!path.empty() && path.back() == id && path.size() <= t.size() + 1, "Path of " + id);
  }
  for (const auto& [from, to] : taxa::core::MigrationMap(t))
    FUZZ_CHECK(t.Find(from) != nullptr, "MigrationMap maps an unknown category");
}

void CheckFile(const std::string& path, std::string_view bytes) {
  if (path.starts_with("taxonomy/attributes/")) {
    Result<Attribute> a = taxa::core::DecodeAttribute(bytes, path);
    if (!a.ok()) {
      FUZZ_CHECK(a.status().code() == taxa::StatusCode::kInvalidInput, a.status().message());
      FUZZ_CHECK(a.status().message().starts_with(path + ": "), a.status().message());
      return;
    }
    const std::string encoded = taxa::core::EncodeAttribute(*a);
    Result<Attribute> again = taxa::core::DecodeAttribute(encoded, path);
    FUZZ_CHECK(again.ok(), again.status().message());
    // The file keeps "values" only for an enum.
    Attribute expected = *a;
    if (expected.type != taxa::core::AttributeType::kEnum) expected.values.clear();
    FUZZ_CHECK(*again == expected, "an attribute does not read back: " + encoded);
    FUZZ_CHECK(taxa::core::EncodeAttribute(*again) == encoded, "not stable: " + encoded);
    return;
  }
  Result<Category> c = taxa::core::DecodeCategory(bytes, path);
  if (!c.ok()) {
    FUZZ_CHECK(c.status().code() == taxa::StatusCode::kInvalidInput, c.status().message());
    FUZZ_CHECK(c.status().message().starts_with(path + ": "), c.status().message());
    return;
  }
  const std::string encoded = taxa::core::EncodeCategory(*c);
  Result<Category> again = taxa::core::DecodeCategory(encoded, path);
  FUZZ_CHECK(again.ok() && *again == *c, "a category does not read back: " + encoded);
  FUZZ_CHECK(taxa::core::EncodeCategory(*again) == encoded, "not stable: " + encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::map<std::string, std::string> files;
  std::string_view first;
  for (std::string_view part : taxa::fuzz::SplitParts(taxa::fuzz::Text(data, size))) {
    std::string path(kDefaultPath);
    if (part.starts_with("taxonomy/")) {
      size_t eol = part.find('\n');
      path = std::string(part.substr(0, eol));
      part = eol == std::string_view::npos ? std::string_view() : part.substr(eol + 1);
    }
    if (files.empty()) first = part;
    files[path] = std::string(part);
    CheckFile(path, part);
  }

  Result<Taxonomy> loaded = taxa::core::DecodeTaxonomy(files);
  if (loaded.ok()) {
    Walk(*loaded);
    Result<Taxonomy> again = taxa::core::DecodeTaxonomy(taxa::core::EncodeTaxonomy(*loaded));
    FUZZ_CHECK(again.ok(), again.status().message());
    // Attribute values outside an enum are not written; compare what is.
    Result<Taxonomy> twice = taxa::core::DecodeTaxonomy(taxa::core::EncodeTaxonomy(*again));
    FUZZ_CHECK(twice.ok() && SameTaxonomy(*again, *twice), "a taxonomy does not read back");
  }

  Result<Taxonomy> document = taxa::core::DecodeTaxonomyDocument(first, "doc.json");
  if (!document.ok()) {
    FUZZ_CHECK(document.status().code() == taxa::StatusCode::kInvalidInput,
               document.status().message());
    FUZZ_CHECK(document.status().message().starts_with("doc.json: "), document.status().message());
    return 0;
  }
  FUZZ_CHECK(document->Validate().empty(), "DecodeTaxonomyDocument returned an invalid taxonomy");
  Walk(*document);
  Result<Taxonomy> stored = taxa::core::DecodeTaxonomy(taxa::core::EncodeTaxonomy(*document));
  FUZZ_CHECK(stored.ok(), stored.status().message());
  FUZZ_CHECK(stored->Validate().empty(), "a valid document stores as an invalid taxonomy");
  return 0;
}
