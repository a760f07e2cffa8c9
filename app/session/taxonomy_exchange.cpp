// Taxonomy exchange: export and import as SKOS, CSV or Taxa's JSON document.
#include "session/taxonomy_exchange.h"

#include <filesystem>

#include "session/internal/project_state.h"

#include "taxa/core/fs.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/taxonomy_exchange.h"

namespace taxa::app {

namespace {

std::string_view FormatName(TaxonomyFormat f) {
  switch (f) {
    case TaxonomyFormat::kSkos: return "skos";
    case TaxonomyFormat::kCsv: return "csv";
    case TaxonomyFormat::kJson: return "json";
  }
  return "json";
}

}  // namespace

Result<TaxonomyFormat> ParseTaxonomyFormat(const std::string& name) {
  if (name == "skos" || name == "ttl" || name == "turtle") return TaxonomyFormat::kSkos;
  if (name == "csv") return TaxonomyFormat::kCsv;
  if (name == "json") return TaxonomyFormat::kJson;
  return Status::InvalidInput("unknown taxonomy format \"" + name + "\" (use skos, csv or json)");
}

TaxonomyExchange::TaxonomyExchange(Project& project) : project_(project) {}

Result<std::string> TaxonomyExchange::Export(TaxonomyFormat format) {
  const core::Taxonomy& t = project_.taxonomy();
  switch (format) {
    case TaxonomyFormat::kSkos: {
      const std::string& id = project_.settings().id;
      return core::EncodeSkos(
          t, {.scheme = "urn:taxa:" + (id.empty() ? std::string("project") : id),
              .title = project_.settings().name});
    }
    case TaxonomyFormat::kCsv:
      return core::EncodeTaxonomyCsv(t);
    case TaxonomyFormat::kJson:
      return core::EncodeTaxonomyDocument(t);
  }
  return Status::Internal("unknown taxonomy format");
}

Result<ImportTaxonomyReport> TaxonomyExchange::Import(const std::string& path,
                                                      TaxonomyFormat format) {
  TAXA_RETURN_IF_ERROR(project_.state().RequireWritable());
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  return ImportBytes(bytes, path, format);
}

Result<ImportTaxonomyReport> TaxonomyExchange::ImportBytes(std::string_view bytes,
                                                           const std::string& name,
                                                           TaxonomyFormat format) {
  ProjectState& s = project_.state();
  TAXA_RETURN_IF_ERROR(s.RequireWritable());
  const core::Taxonomy& before = s.taxonomy();
  core::Taxonomy next;
  switch (format) {
    case TaxonomyFormat::kSkos: {
      TAXA_ASSIGN_OR_RETURN(next, core::DecodeSkos(bytes, name, before));
      break;
    }
    case TaxonomyFormat::kCsv: {
      TAXA_ASSIGN_OR_RETURN(next, core::DecodeTaxonomyCsv(bytes, name, before));
      break;
    }
    case TaxonomyFormat::kJson: {
      TAXA_ASSIGN_OR_RETURN(next, core::DecodeTaxonomyDocumentInto(bytes, name, before));
      break;
    }
  }
  ImportTaxonomyReport report{.categories = next.size() - before.size(),
                              .attributes = next.attributes().size() - before.attributes().size()};
  if (report.categories == 0 && report.attributes == 0) return report;
  std::string file = std::filesystem::path(name).filename().string();
  TAXA_RETURN_IF_ERROR(s.CommitTaxonomy(
      next, s.Meta("Import the taxonomy from " + file + " (" + std::to_string(report.categories) +
                       " categories, " + std::to_string(report.attributes) + " attributes)",
                   {{"Taxa-Action", "taxonomy.import"},
                    {"Taxa-Format", std::string(FormatName(format))}})));
  return report;
}

}  // namespace taxa::app
