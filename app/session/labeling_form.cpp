// Labeling: what a labeling form needs besides recording (the attributes of
// the chosen categories, the label check) and the user's skipped items.
#include <set>

#include "session/internal/label_text.h"
#include "session/internal/project_state.h"
#include "session/internal/skips.h"
#include "session/labeling.h"

namespace taxa::app {

Status Labeling::Check(const LabelRequest& request) const {
  TAXA_RETURN_IF_ERROR(CheckLabelText(request));
  return s_.taxonomy().CheckLabel(request.categories, request.attributes);
}

std::vector<core::Attribute> Labeling::AttributesFor(
    const std::vector<std::string>& categories) const {
  const core::Taxonomy& t = s_.taxonomy();
  std::vector<core::Attribute> out;
  std::set<std::string> seen;
  for (const std::string& id : categories) {
    for (const std::string& step : t.Path(id)) {
      const core::Category* c = t.Find(step);
      if (c == nullptr) continue;
      for (const std::string& a : c->attributes) {
        const core::Attribute* attribute = t.FindAttribute(a);
        if (attribute != nullptr && seen.insert(a).second) out.push_back(*attribute);
      }
    }
  }
  return out;
}

LabelFormSchema Labeling::FormSchema() const {
  LabelFormSchema out;
  for (const auto& [id, a] : s_.taxonomy().attributes()) out.attributes.push_back(a);
  for (const auto& [id, c] : s_.taxonomy().categories()) {
    std::vector<std::string>& ids = out.by_category[id];
    for (const core::Attribute& a : AttributesFor({id})) ids.push_back(a.id);
  }
  return out;
}

LabelCheck Labeling::CheckForm(const LabelRequest& request) const {
  LabelCheck out{.attributes = AttributesFor(request.categories)};
  if (Status verdict = Check(request); !verdict.ok()) out.error = verdict.message();
  // Each value on its own, once the categories themselves pass: a message
  // about the categories is no field's.
  if (!s_.taxonomy().CheckLabel(request.categories, {}).ok()) return out;
  for (const auto& [key, value] : request.attributes) {
    LabelRequest one{.item = request.item, .categories = request.categories,
                     .attributes = {{key, value}}};
    if (Status alone = Check(one); !alone.ok()) out.fields[key] = alone.message();
  }
  return out;
}

Status Labeling::Skip(const std::string& item) {
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, s_.index().FindItem(item));
  if (!row) return Status::NotFound("no item \"" + item + "\" in this project");
  TAXA_RETURN_IF_ERROR(SetSkipped(s_, item, true));
  s_.Changed();  // views mark skipped items
  return Status::Ok();
}

Status Labeling::Unskip(const std::string& item) {
  TAXA_RETURN_IF_ERROR(SetSkipped(s_, item, false));
  s_.Changed();
  return Status::Ok();
}

Result<std::vector<std::string>> Labeling::Skipped() { return ReadSkips(s_); }

}  // namespace taxa::app
