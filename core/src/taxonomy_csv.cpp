// The taxonomy as CSV, one row per category or attribute (taxonomy_exchange.h).
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/csv.h"
#include "taxa/core/text.h"
#include "taxa/core/taxonomy_exchange.h"
#include "taxonomy_import.h"

namespace taxa::core {

namespace {

enum Column {
  kKind, kId, kName, kParent, kStatus, kDefinition, kInclude, kExclude, kExamples, kNearMisses,
  kAttributes, kSensitive, kReplacedBy, kSplitInto, kType, kValues, kColumns
};

constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "kind",     "id",          "name",       "parent",    "status",    "definition",
    "include",  "exclude",     "examples",   "near_misses", "attributes", "sensitive",
    "replaced_by", "split_into", "type",     "values"};

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

void WriteRow(const std::array<std::string, kColumns>& row, std::string& out) {
  for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvField(row[i]);
  out += "\n";
}

Result<std::string> JoinList(const std::vector<std::string>& list, const std::string& owner,
                             std::string_view column) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].find_first_of("\r\n") != std::string::npos) {
      return Status::InvalidInput(owner + ": entry " + std::to_string(i + 1) + " of " +
                                  std::string(column) +
                                  " holds a line break, which a CSV list cannot carry "
                                  "(export as SKOS instead)");
    }
    out += (i ? "\n" : "") + list[i];
  }
  return out;
}

// The entries of a list cell: its non-empty lines, each without a trailing CR.
std::vector<std::string> SplitList(std::string_view cell) {
  std::vector<std::string> out;
  for (std::string_view entry : Lines(cell)) {
    if (entry.back() == '\r') entry.remove_suffix(1);
    if (!entry.empty()) out.emplace_back(entry);
  }
  return out;
}

}  // namespace

Result<std::string> EncodeTaxonomyCsv(const Taxonomy& t) {
  std::string out;
  std::array<std::string, kColumns> header;
  for (size_t i = 0; i < kColumns; ++i) header[i] = kColumnNames[i];
  WriteRow(header, out);
  for (const auto& [id, a] : t.attributes()) {
    std::array<std::string, kColumns> row;
    row[kKind] = "attribute";
    row[kId] = id;
    row[kName] = a.name;
    row[kDefinition] = a.description;
    row[kType] = AttributeTypeName(a.type);
    TAXA_ASSIGN_OR_RETURN(row[kValues], JoinList(a.values, "attribute \"" + id + "\"", "values"));
    WriteRow(row, out);
  }
  for (const auto& [id, depth] : t.TreeOrder()) {
    const Category& c = *t.Find(id);
    std::string owner = "category \"" + id + "\"";
    std::array<std::string, kColumns> row;
    row[kKind] = "category";
    row[kId] = id;
    row[kName] = c.name;
    row[kParent] = c.parent;
    row[kStatus] = CategoryStatusName(c.status);
    row[kDefinition] = c.definition;
    TAXA_ASSIGN_OR_RETURN(row[kInclude], JoinList(c.include, owner, "include"));
    TAXA_ASSIGN_OR_RETURN(row[kExclude], JoinList(c.exclude, owner, "exclude"));
    TAXA_ASSIGN_OR_RETURN(row[kExamples], JoinList(c.examples, owner, "examples"));
    TAXA_ASSIGN_OR_RETURN(row[kNearMisses], JoinList(c.near_misses, owner, "near_misses"));
    TAXA_ASSIGN_OR_RETURN(row[kAttributes], JoinList(c.attributes, owner, "attributes"));
    row[kSensitive] = c.sensitive ? "true" : "false";
    row[kReplacedBy] = c.replaced_by;
    TAXA_ASSIGN_OR_RETURN(row[kSplitInto], JoinList(c.split_into, owner, "split_into"));
    WriteRow(row, out);
  }
  return out;
}

Result<Taxonomy> DecodeTaxonomyCsv(std::string_view bytes, std::string_view name,
                                   const Taxonomy& into) {
  CsvReader csv(bytes, name);
  std::string file(name);
  auto at = [&](size_t line, const std::string& why) {
    return Status::InvalidInput(file + ":" + std::to_string(line) + ": " + why);
  };
  TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());
  if (!got) return MergeImported(into, {}, name);
  // Column -> its position in the file (-1: absent).
  std::array<int, kColumns> where;
  where.fill(-1);
  for (size_t i = 0; i < csv.size(); ++i) {
    std::string_view field = csv.Field(i);
    size_t col = 0;
    while (col < kColumns && kColumnNames[col] != field) ++col;
    if (col == kColumns) {
      std::string known;
      for (std::string_view n : kColumnNames) known += (known.empty() ? "" : ", ") + std::string(n);
      return at(csv.record_line(),
                "unknown column \"" + std::string(field) + "\" (the columns are " + known + ")");
    }
    if (where[col] != -1) return at(csv.record_line(), "column \"" + std::string(field) + "\" twice");
    where[col] = static_cast<int>(i);
  }
  for (Column required : {kId, kName}) {
    if (where[required] == -1) {
      return at(csv.record_line(),
                "the header has no column \"" + std::string(kColumnNames[required]) + "\"");
    }
  }
  csv.RequireHeaderFieldCount();

  ImportedTaxonomy imported;
  for (;;) {
    TAXA_ASSIGN_OR_RETURN(got, csv.Next());
    if (!got) break;
    size_t line = csv.record_line();
    auto cell = [&](Column c) {
      return where[c] == -1 ? std::string_view() : csv.Field(where[c]);
    };
    std::string_view kind = cell(kKind);
    if (kind == "attribute") {
      ImportedAttribute ia;
      ia.line = line;
      Attribute& a = ia.attribute;
      a.id = cell(kId);
      a.name = cell(kName);
      if (a.name.empty()) a.name = a.id;
      a.description = cell(kDefinition);
      Result<AttributeType> type = ParseAttributeType(cell(kType));
      if (!type.ok()) return at(line, type.status().message());
      a.type = *type;
      a.values = SplitList(cell(kValues));
      imported.attributes.push_back(std::move(ia));
      continue;
    }
    if (!kind.empty() && kind != "category")
      return at(line, "kind \"" + std::string(kind) + "\" is neither category nor attribute");
    ImportedCategory ic;
    ic.line = ic.parent_line = line;
    Category& c = ic.category;
    c.id = cell(kId);
    c.name = cell(kName);
    c.parent = cell(kParent);
    if (std::string_view status = cell(kStatus); !status.empty()) {
      Result<CategoryStatus> s = ParseCategoryStatus(status);
      if (!s.ok()) return at(line, s.status().message());
      c.status = *s;
    }
    c.definition = cell(kDefinition);
    c.include = SplitList(cell(kInclude));
    c.exclude = SplitList(cell(kExclude));
    c.examples = SplitList(cell(kExamples));
    c.near_misses = SplitList(cell(kNearMisses));
    c.attributes = SplitList(cell(kAttributes));
    std::string_view sensitive = cell(kSensitive);
    if (sensitive == "true") c.sensitive = true;
    else if (!sensitive.empty() && sensitive != "false")
      return at(line, "sensitive is \"" + std::string(sensitive) + "\", not true or false");
    c.replaced_by = cell(kReplacedBy);
    c.split_into = SplitList(cell(kSplitInto));
    imported.categories.push_back(std::move(ic));
  }
  return MergeImported(into, imported, name);
}

}  // namespace taxa::core
