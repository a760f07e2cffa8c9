// guidelines; taxonomy export | import
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/guidelines.h"
#include "session/taxonomy_exchange.h"

#include "taxa/core/fs.h"

namespace taxa::cli {

namespace {

// Writes `text` to `output` (replaced whole, never half written) or stdout.
int Emit(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : Fail(Status::Io("stdout: write failed"));
  }
  Status st = core::WriteFileAtomic(output, text);
  return st.ok() ? 0 : Fail(st);
}

struct GuidelinesArgs {
  std::string format = "md";
  std::string output;
  std::string since;
};

int WriteGuidelines(const Globals& g, const GuidelinesArgs& a) {
  Result<app::GuidelinesFormat> format = app::ParseGuidelinesFormat(a.format);
  if (!format.ok()) return Fail(format.status());
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::string> guide = app::Guidelines(*s).Write({.format = *format, .since = a.since});
  if (!guide.ok()) return Fail(guide.status());
  return Emit(*guide, a.output);
}

struct ExchangeArgs {
  std::string format;
  std::string file;  // import: the file read; export: -o
};

int ExportTaxonomy(const Globals& g, const ExchangeArgs& a) {
  Result<app::TaxonomyFormat> format = app::ParseTaxonomyFormat(a.format);
  if (!format.ok()) return Fail(format.status());
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::string> text = app::TaxonomyExchange(*s).Export(*format);
  if (!text.ok()) return Fail(text.status());
  return Emit(*text, a.file);
}

int ImportTaxonomy(const Globals& g, const ExchangeArgs& a) {
  Result<app::TaxonomyFormat> format = app::ParseTaxonomyFormat(a.format);
  if (!format.ok()) return Fail(format.status());
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  Result<app::ImportTaxonomyReport> r = app::TaxonomyExchange(*s).Import(a.file, *format);
  if (!r.ok()) return Fail(r.status());
  if (g.json) {
    std::printf("{\"categories\": %zu, \"attributes\": %zu}\n", r->categories, r->attributes);
  } else if (r->categories == 0 && r->attributes == 0) {
    std::printf("Nothing to import from %s: the taxonomy has it all already.\n", a.file.c_str());
  } else {
    std::printf("Imported %zu categories and %zu attributes from %s.\n", r->categories,
                r->attributes, a.file.c_str());
  }
  return 0;
}

}  // namespace

void AddGuidelinesCommands(CLI::App& app, Globals& g, Action& action) {
  auto args = std::make_shared<GuidelinesArgs>();
  auto* cmd = app.add_subcommand(
      "guidelines", "Write the labeling guide from the taxonomy (Markdown or HTML)");
  cmd->add_option("--format", args->format, "md (default) or html");
  cmd->add_option("-o,--output", args->output, "File to write (default: standard output)");
  cmd->add_option("--since", args->since,
                  "The release to list changes since (default: the latest release)");
  cmd->callback([&, args] { action = [&g, args] { return WriteGuidelines(g, *args); }; });
}

void AddTaxonomyExchangeCommands(CLI::App& taxonomy, Globals& g, Action& action) {
  auto exp_args = std::make_shared<ExchangeArgs>();
  auto* exp = taxonomy.add_subcommand(
      "export", "Write the taxonomy as SKOS (Turtle), CSV or Taxa's JSON document");
  exp->add_option("--format", exp_args->format, "skos, csv or json")->required();
  exp->add_option("-o,--output", exp_args->file, "File to write (default: standard output)");
  exp->callback(
      [&, exp_args] { action = [&g, exp_args] { return ExportTaxonomy(g, *exp_args); }; });

  auto imp_args = std::make_shared<ExchangeArgs>();
  auto* imp = taxonomy.add_subcommand(
      "import", "Add the categories of a SKOS (Turtle), CSV or JSON file, all or nothing");
  imp->add_option("FILE", imp_args->file, "The file to read")->required();
  imp->add_option("--format", imp_args->format, "skos, csv or json")->required();
  imp->callback(
      [&, imp_args] { action = [&g, imp_args] { return ImportTaxonomy(g, *imp_args); }; });
}

}  // namespace taxa::cli
