// labels import: a delivery of labels made elsewhere, as one commit.
#include <cstdio>
#include <iostream>
#include <optional>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/label_import.h"

namespace taxa::cli {

namespace {

int ImportLabels(const Globals& g, const std::string& file, const std::string& format_name,
                 const std::string& vendor) {
  std::optional<core::LabelFileFormat> format = core::GuessLabelFileFormat(file);
  if (!format_name.empty()) {
    Result<core::LabelFileFormat> named = core::ParseLabelFileFormat(format_name);
    if (!named.ok()) return Fail(named.status());
    format = *named;
  }
  if (!format)
    return Fail(Status::InvalidInput(file + ": give --format csv, jsonl or label-studio"));
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::LabelImportReport> r =
      app::LabelImport(*s).Import(file, {.format = *format, .vendor = vendor});
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::cout << app::ToJson(*r).dump() << "\n";
    return 0;
  }
  if (r->added == 0)
    std::printf("0 new labels: all %zu labels of %s are already in the project.\n", r->rows,
                file.c_str());
  else
    std::printf("Imported %zu new labels from %s (%zu annotators; %zu already present) in commit %.12s\n",
                r->added, file.c_str(), r->annotators, r->already, r->commit.c_str());
  if (r->vendor_added > 0)
    std::printf("Vendor %s: %zu annotators added.\n", vendor.c_str(), r->vendor_added);
  return 0;
}

}  // namespace

CLI::App* AddLabelImportCommand(CLI::App& labels, Globals& g, Action& action) {
  auto* imp = labels.add_subcommand(
      "import", "Take in labels made elsewhere (CSV, JSON Lines, Label Studio) as one commit");
  imp->footer(
      "All or nothing: every row is checked first (item, annotator, categories; a retired\n"
      "category is refused naming its replacement), and the first fault is given as FILE:LINE\n"
      "(FILE: task ID for Label Studio). Importing the same file again adds nothing. Needs a lead.\n"
      "\n"
      "csv - item,annotator,category[;category...][,time][,seconds_spent] (no header needed).\n"
      "jsonl - {\"item\",\"annotator\",\"categories\":[...],\"time\",\"seconds_spent\"} a line.\n"
      "label-studio - a Label Studio JSON export (a JSON array of tasks). Each task's data.item\n"
      "names the Taxa item; each annotation is a label, by completed_by (a number N reads as\n"
      "\"ls-N\", an object by its email), of the category ids in its choices and taxonomy results\n"
      "(the last id of each path), made at created_at, with lead_time the seconds spent.\n"
      "Cancelled annotations are skipped. `taxa export --format label-studio` writes this form.\n"
      "time - ISO 8601 (2026-01-02T03:04:05Z, UTC unless a zone is given) or seconds since\n"
      "1970; a row without one counts as made at 1970-01-01, before any dated label.");
  auto file = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>();
  auto vendor = std::make_shared<std::string>();
  imp->add_option("FILE", *file, "The file to import")->required();
  imp->add_option("--format", *format,
                  "csv, jsonl or label-studio (default: from the name: .csv, .jsonl, .json)");
  imp->add_option("--vendor", *vendor, "Add the file's annotators to this vendor in taxa.json");
  imp->callback([&, file, format, vendor] {
    action = [&g, file, format, vendor] { return ImportLabels(g, *file, *format, *vendor); };
  });
  return imp;
}

}  // namespace taxa::cli
