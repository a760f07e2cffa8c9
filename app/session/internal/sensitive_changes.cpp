#include "session/internal/sensitive_changes.h"

#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

std::set<std::string> ChangedCategories(const core::Taxonomy& before, const core::Taxonomy& after) {
  std::set<std::string> out;
  for (const auto& [id, c] : after.categories()) {
    const core::Category* old = before.Find(id);
    if (old == nullptr || core::EncodeCategory(*old) != core::EncodeCategory(c)) out.insert(id);
  }
  for (const auto& [id, c] : before.categories())
    if (after.Find(id) == nullptr) out.insert(id);
  return out;
}

bool SensitiveIn(const core::Taxonomy& t, const std::string& id) {
  const core::Category* c = t.Find(id);
  return c != nullptr && c->sensitive;
}

std::set<std::string> SensitiveAmong(const core::Taxonomy& before, const core::Taxonomy& after,
                                     const std::set<std::string>& ids) {
  std::set<std::string> out;
  for (const std::string& id : ids)
    if (SensitiveIn(before, id) || SensitiveIn(after, id)) out.insert(id);
  return out;
}

std::set<std::string> ChangedSensitiveCategories(const core::Taxonomy& before,
                                                 const core::Taxonomy& after) {
  return SensitiveAmong(before, after, ChangedCategories(before, after));
}

}  // namespace taxa::app
