#include "taxa/core/gold_file.h"

#include <nlohmann/json.hpp>

#include "taxa/core/csv.h"
#include "taxa/core/shard.h"
#include "taxa/core/fs.h"
#include "taxa/core/text.h"

namespace taxa::core {

namespace {

std::string At(const std::string& file, size_t line) {
  return file + ":" + std::to_string(line) + ": ";
}

// CSV item,category (RFC 4180, so ids and categories may be quoted; a first
// record "item,category" is a header and skipped; several records of one item
// give it several categories).
Status ParseGoldCsv(std::string_view bytes, const std::string& file,
                    std::map<std::string, GoldRecord>& out) {
  CsvReader csv(bytes, file);
  for (bool first = true;; first = false) {
    TAXA_ASSIGN_OR_RETURN(bool got, csv.Next());
    if (!got) return Status::Ok();
    const size_t line_no = csv.record_line();
    if (csv.size() != 2)
      return Status::InvalidInput(At(file, line_no) + "expected two fields, item,category; found " +
                                  std::to_string(csv.size()));
    const std::string_view item = csv.Field(0), category = csv.Field(1);
    if (first && item == "item" && category == "category") continue;
    if (item.empty()) return Status::InvalidInput(At(file, line_no) + "field \"item\" is empty");
    if (category.empty())
      return Status::InvalidInput(At(file, line_no) + "field \"category\" is empty");
    GoldRecord& r = out[std::string(item)];
    if (r.line == 0) r.line = line_no;
    r.categories.emplace(category);
  }
}

// JSON Lines {"item": "...", "categories": ["..."]}, one item per line.
Status ParseGoldJsonLines(std::string_view bytes, const std::string& file,
                          std::map<std::string, GoldRecord>& out) {
  return ForEachLine(bytes, [&](std::string_view line, size_t line_no) -> Status {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return Status::Ok();
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object())
      return Status::InvalidInput(At(file, line_no) + "not a JSON object");
    auto item = j.find("item");
    if (item == j.end() || !item->is_string() || item->get<std::string>().empty())
      return Status::InvalidInput(At(file, line_no) + "field \"item\" must be a non-empty string");
    auto cats = j.find("categories");
    if (cats == j.end() || !cats->is_array() || cats->empty())
      return Status::InvalidInput(At(file, line_no) +
                                  "field \"categories\" must be a non-empty list of category ids");
    GoldRecord& r = out[item->get<std::string>()];
    if (r.line != 0)
      return Status::InvalidInput(At(file, line_no) + "item \"" + item->get<std::string>() +
                                  "\" is given again (first on line " + std::to_string(r.line) +
                                  ")");
    r.line = line_no;
    for (const nlohmann::json& c : *cats) {
      if (!c.is_string())
        return Status::InvalidInput(At(file, line_no) +
                                    "field \"categories\" must hold strings only");
      r.categories.insert(c.get<std::string>());
    }
    return Status::Ok();
  });
}

}  // namespace

Result<GoldFile> ParseGoldFile(std::string_view bytes, const std::string& file) {
  GoldFile out;
  if (HasExtension(file, ".csv")) {
    TAXA_RETURN_IF_ERROR(ParseGoldCsv(bytes, file, out));
  } else {
    TAXA_RETURN_IF_ERROR(ParseGoldJsonLines(bytes, file, out));
  }
  return out;
}

}  // namespace taxa::core
