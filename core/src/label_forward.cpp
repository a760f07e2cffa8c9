#include "taxa/core/label_forward.h"

#include <algorithm>
#include <set>

#include "json_write.h"
#include "taxa/core/index.h"

namespace taxa::core {

namespace {

// Follows `id` forward: the first category along its replacement chain that
// is not deprecated, or "" when the chain ends in a split, a retirement, an
// unknown replacement or a loop (`last` then names where it stopped).
std::string Follow(const Taxonomy& t, const Category& start, const Category*& last) {
  std::set<std::string_view> seen;
  const Category* c = &start;
  for (;;) {
    last = c;
    if (c->status != CategoryStatus::kDeprecated) return c->id;
    if (c->replaced_by.empty() || !seen.insert(c->id).second) return "";
    const Category* next = t.Find(c->replaced_by);
    if (next == nullptr) return "";
    c = next;
  }
}

}  // namespace

LabelForward::LabelForward(const Taxonomy& taxonomy) {
  for (const auto& [id, c] : taxonomy.categories()) {
    if (c.status != CategoryStatus::kDeprecated) continue;
    const Category* last = nullptr;
    Fate fate;
    fate.now = Follow(taxonomy, c, last);
    if (fate.now.empty() && last != nullptr) {
      for (const std::string& part : last->split_into) {
        const Category* p = taxonomy.Find(part);
        const Category* end = nullptr;
        std::string now = p ? Follow(taxonomy, *p, end) : "";
        if (!now.empty() && std::find(fate.choices.begin(), fate.choices.end(), now) ==
                                fate.choices.end())
          fate.choices.push_back(std::move(now));
      }
    }
    if (fate.now.empty()) has_outdated_ = true;
    to_.emplace(id, std::move(fate));
  }
}

bool LabelForward::Forward(std::string_view recorded, std::string& now) const {
  auto it = to_.find(recorded);
  if (it == to_.end()) {
    now.assign(recorded);
    return true;
  }
  if (it->second.now.empty()) return false;
  now = it->second.now;
  return true;
}

bool LabelForward::Map(const std::vector<std::string>& recorded,
                       std::vector<std::string>& out) const {
  out.resize(recorded.size());
  for (size_t i = 0; i < recorded.size(); ++i) {
    if (!Forward(recorded[i], out[i])) {
      out = recorded;
      return false;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return true;
}

std::vector<std::string> LabelForward::Choices(std::string_view recorded) const {
  auto it = to_.find(recorded);
  if (it == to_.end()) return {};
  return it->second.choices;
}

std::vector<std::string> LabelForward::OutdatedIds() const {
  std::vector<std::string> out;
  for (const auto& [id, fate] : to_)
    if (fate.now.empty()) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> LabelForward::RecordedAs(const std::vector<std::string>& now) const {
  std::vector<std::string> out;
  for (const auto& [id, fate] : to_)
    if (!fate.now.empty() && std::find(now.begin(), now.end(), fate.now) != now.end())
      out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

std::string_view StoredLabelForward::Map(std::string_view stored, bool& outdated) {
  if (forward_ == nullptr) {
    outdated = false;
    return stored;
  }
  auto it = cache_.find(stored);
  if (it == cache_.end()) {
    Mapped m;
    ParseStoredCategories(stored, recorded_);
    m.outdated = !forward_->Map(recorded_, now_);
    m.same = m.outdated || now_ == recorded_;
    if (!m.same) {
      m.text.assign(1, '[');
      for (size_t i = 0; i < now_.size(); ++i) {
        if (i) m.text += ',';
        AppendJsonString(m.text, now_[i]);
      }
      m.text += ']';
    }
    it = cache_.emplace(std::string(stored), std::move(m)).first;
  }
  outdated = it->second.outdated;
  return it->second.same ? stored : std::string_view(it->second.text);
}

}  // namespace taxa::core
