#include "taxa/core/taxonomy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace taxa::core {

std::string_view CategoryStatusName(CategoryStatus s) {
  switch (s) {
    case CategoryStatus::kDraft: return "draft";
    case CategoryStatus::kActive: return "active";
    case CategoryStatus::kDeprecated: return "deprecated";
  }
  return "active";
}

Result<CategoryStatus> ParseCategoryStatus(std::string_view name) {
  if (name == "draft") return CategoryStatus::kDraft;
  if (name == "active") return CategoryStatus::kActive;
  if (name == "deprecated") return CategoryStatus::kDeprecated;
  return Status::InvalidInput("status \"" + std::string(name) +
                              "\" is not one of draft, active, deprecated");
}

std::string_view AttributeTypeName(AttributeType t) {
  switch (t) {
    case AttributeType::kEnum: return "enum";
    case AttributeType::kBool: return "bool";
    case AttributeType::kNumber: return "number";
    case AttributeType::kText: return "text";
  }
  return "text";
}

Result<AttributeType> ParseAttributeType(std::string_view name) {
  if (name == "enum") return AttributeType::kEnum;
  if (name == "bool") return AttributeType::kBool;
  if (name == "number") return AttributeType::kNumber;
  if (name == "text") return AttributeType::kText;
  return Status::InvalidInput("attribute type \"" + std::string(name) +
                              "\" is not one of enum, bool, number, text");
}

Status CheckId(std::string_view id, std::string_view what) {
  auto bad = [&](const char* why) {
    return Status::InvalidInput(std::string(what) + " id \"" + std::string(id) + "\" " + why);
  };
  if (id.empty()) return bad("is empty");
  if (id.size() > 128) return bad("is longer than 128 characters");
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id.front())) return bad("must start with a lowercase letter or digit");
  for (char c : id) {
    if (!lower_or_digit(c) && c != '_' && c != '.' && c != '-')
      return bad("may hold only a-z, 0-9, '_', '.' and '-'");
  }
  return Status::Ok();
}

Taxonomy Taxonomy::FromParts(std::vector<Category> categories,
                             std::vector<Attribute> attributes) {
  Taxonomy t;
  for (Category& c : categories) {
    std::string id = c.id;
    t.categories_.emplace(std::move(id), std::move(c));
  }
  for (Attribute& a : attributes) {
    std::string id = a.id;
    t.attributes_.emplace(std::move(id), std::move(a));
  }
  return t;
}

const Category* Taxonomy::Find(std::string_view id) const {
  auto it = categories_.find(id);
  return it == categories_.end() ? nullptr : &it->second;
}

const Attribute* Taxonomy::FindAttribute(std::string_view id) const {
  auto it = attributes_.find(id);
  return it == attributes_.end() ? nullptr : &it->second;
}

bool Taxonomy::IsAncestor(std::string_view ancestor, std::string_view id) const {
  // Bounded by the number of categories so a cycle in hand-edited files cannot hang us.
  std::string_view cur = id;
  for (size_t steps = 0; steps <= categories_.size(); ++steps) {
    const Category* c = Find(cur);
    if (c == nullptr || c->parent.empty()) return false;
    if (c->parent == ancestor) return true;
    cur = c->parent;
  }
  return true;
}

Status Taxonomy::CheckPlacement(const Category& c) const {
  if (c.name.empty())
    return Status::InvalidInput("category \"" + c.id + "\": name is empty");
  if (!c.parent.empty()) {
    if (c.parent == c.id)
      return Status::InvalidInput("category \"" + c.id + "\" cannot be its own parent");
    if (Find(c.parent) == nullptr)
      return Status::InvalidInput("category \"" + c.id + "\": parent \"" + c.parent +
                                  "\" does not exist");
    if (IsAncestor(c.id, c.parent))
      return Status::InvalidInput("moving \"" + c.id + "\" under \"" + c.parent +
                                  "\" would make a cycle");
    if (c.status != CategoryStatus::kDeprecated &&
        Find(c.parent)->status == CategoryStatus::kDeprecated)
      return Status::InvalidInput("category \"" + c.id + "\": parent \"" + c.parent +
                                  "\" is deprecated");
  }
  for (const auto& [id, other] : categories_) {
    if (id != c.id && other.parent == c.parent && other.name == c.name)
      return Status::InvalidInput("category \"" + c.id + "\": sibling \"" + id +
                                  "\" already has the name \"" + c.name + "\"");
  }
  for (const std::string& a : c.attributes) {
    if (FindAttribute(a) == nullptr)
      return Status::InvalidInput("category \"" + c.id + "\": attribute \"" + a +
                                  "\" does not exist");
  }
  if (!c.replaced_by.empty() && c.replaced_by != c.id && Find(c.replaced_by) == nullptr)
    return Status::InvalidInput("category \"" + c.id + "\": replacement \"" + c.replaced_by +
                                "\" does not exist");
  return Status::Ok();
}

Status Taxonomy::Add(Category c) {
  TAXA_RETURN_IF_ERROR(CheckId(c.id, "category"));
  if (Find(c.id) != nullptr)
    return Status::AlreadyExists("category \"" + c.id +
                                 "\" already exists (ids are never reused)");
  TAXA_RETURN_IF_ERROR(CheckPlacement(c));
  std::string id = c.id;
  categories_.emplace(std::move(id), std::move(c));
  return Status::Ok();
}

Status Taxonomy::Update(Category c) {
  auto it = categories_.find(c.id);
  if (it == categories_.end())
    return Status::NotFound("category \"" + c.id + "\" does not exist");
  TAXA_RETURN_IF_ERROR(CheckPlacement(c));
  it->second = std::move(c);
  return Status::Ok();
}

Status Taxonomy::Move(std::string_view id, std::string_view new_parent) {
  const Category* c = Find(id);
  if (c == nullptr) return Status::NotFound("category \"" + std::string(id) + "\" does not exist");
  Category moved = *c;
  moved.parent = std::string(new_parent);
  return Update(std::move(moved));
}

Status Taxonomy::Deprecate(std::string_view id, std::string_view replaced_by) {
  const Category* c = Find(id);
  if (c == nullptr) return Status::NotFound("category \"" + std::string(id) + "\" does not exist");
  if (!replaced_by.empty()) {
    if (replaced_by == id)
      return Status::InvalidInput("category \"" + std::string(id) + "\" cannot replace itself");
    const Category* r = Find(replaced_by);
    if (r == nullptr)
      return Status::InvalidInput("replacement \"" + std::string(replaced_by) +
                                  "\" does not exist");
    if (r->status == CategoryStatus::kDeprecated)
      return Status::InvalidInput("replacement \"" + std::string(replaced_by) +
                                  "\" is itself deprecated");
    if (r->status != CategoryStatus::kActive)
      return Status::InvalidInput("replacement \"" + std::string(replaced_by) +
                                  "\" is a draft, not active");
  }
  if (c->status == CategoryStatus::kDeprecated) {
    // A second deprecation may name the replacement the first left out, but
    // never drops or changes one: labels already migrate through it.
    if (!c->replaced_by.empty())
      return Status::FailedPrecondition("category \"" + std::string(id) +
                                        "\" is already deprecated in favour of \"" +
                                        c->replaced_by + "\"");
    if (replaced_by.empty())
      return Status::FailedPrecondition("category \"" + std::string(id) +
                                        "\" is already deprecated");
  }
  std::string active_children;
  for (const auto& [child_id, child] : categories_)
    if (child.parent == id && child.status != CategoryStatus::kDeprecated)
      active_children += (active_children.empty() ? "" : ", ") + child_id;
  if (!active_children.empty())
    return Status::FailedPrecondition("category \"" + std::string(id) +
                                      "\" still has categories in use under it (" +
                                      active_children + "): deprecate or move them first");
  Category d = *c;
  d.status = CategoryStatus::kDeprecated;
  d.replaced_by = std::string(replaced_by);
  return Update(std::move(d));
}

namespace {

// True when `c` names nothing but its id: a reference to an existing category.
bool OnlyId(const Category& c) {
  Category bare;
  bare.id = c.id;
  return c == bare;
}

// How CheckTarget words its refusals, each message made from the id (and,
// for `inactive`, the existing category's status name).
struct TargetWords {
  std::string (*exists)(const std::string& id);  // fields given for an existing id
  std::string (*inactive)(const std::string& id, const std::string& status);
  std::string (*missing)(const std::string& id);       // the id alone, unknown
  std::string (*new_inactive)(const std::string& id);  // a new one, not active
};

// The target of a merge or a part of a split: an existing active category
// named by its id alone (returned), or a new active one given with its
// fields (null returned). Refuses otherwise: kAlreadyExists, kInvalidInput,
// kNotFound, kInvalidInput, in the order of `words`.
Result<const Category*> CheckTarget(const Taxonomy& t, const Category& c,
                                    const TargetWords& words) {
  if (const Category* existing = t.Find(c.id); existing != nullptr) {
    if (!OnlyId(c)) return Status::AlreadyExists(words.exists(c.id));
    if (existing->status != CategoryStatus::kActive)
      return Status::InvalidInput(
          words.inactive(c.id, std::string(CategoryStatusName(existing->status))));
    return existing;
  }
  if (OnlyId(c)) return Status::NotFound(words.missing(c.id));
  if (c.status != CategoryStatus::kActive) return Status::InvalidInput(words.new_inactive(c.id));
  return static_cast<const Category*>(nullptr);
}

const TargetWords kMergeTarget = {
    [](const std::string& id) {
      return "category \"" + id +
             "\" already exists: merge into it by its id alone, or give a new id for a new "
             "category";
    },
    [](const std::string& id, const std::string& status) {
      return "cannot merge into \"" + id + "\": it is " + status + ", not active";
    },
    [](const std::string& id) {
      return "category \"" + id + "\" does not exist: give its name to make it a new category";
    },
    [](const std::string& id) {
      return "a new category \"" + id + "\" to merge into must be active";
    },
};

const TargetWords kSplitPart = {
    [](const std::string& id) {
      return "category \"" + id +
             "\" already exists: name it by its id alone to make it a part, or give a new id for "
             "a new category";
    },
    [](const std::string& id, const std::string& status) {
      return "part \"" + id + "\" is " + status + ", not active";
    },
    [](const std::string& id) {
      return "category \"" + id + "\" does not exist: give its name to make it a new part";
    },
    [](const std::string& id) { return "a new part \"" + id + "\" must be active"; },
};

}  // namespace

Status Taxonomy::Merge(const std::vector<std::string>& sources, const Category& into) {
  if (sources.empty()) return Status::InvalidInput("merge: name at least one category to merge");
  Taxonomy next = *this;
  TAXA_ASSIGN_OR_RETURN(const Category* target, CheckTarget(*this, into, kMergeTarget));
  if (target == nullptr) {
    Category added = into;
    if (added.parent.empty()) {
      // Beside the sources when they all share a parent.
      const Category* first = Find(sources.front());
      bool shared = first != nullptr;
      for (const std::string& id : sources) {
        const Category* c = Find(id);
        shared = shared && c != nullptr && c->parent == first->parent;
      }
      if (shared) added.parent = first->parent;
    }
    TAXA_RETURN_IF_ERROR(next.Add(std::move(added)));
  }
  std::set<std::string> seen;
  for (const std::string& id : sources) {
    if (id == into.id)
      return Status::InvalidInput("category \"" + id + "\" cannot be merged into itself");
    if (!seen.insert(id).second)
      return Status::InvalidInput("category \"" + id + "\" is named twice in the merge");
    const Category* c = Find(id);
    if (c == nullptr) return Status::NotFound("category \"" + id + "\" does not exist");
    if (c->status == CategoryStatus::kDeprecated)
      return Status::FailedPrecondition("category \"" + id + "\" is already deprecated");
    TAXA_RETURN_IF_ERROR(next.Deprecate(id, into.id));
  }
  *this = std::move(next);
  return Status::Ok();
}

Status Taxonomy::Split(std::string_view id, const std::vector<Category>& parts) {
  const Category* c = Find(id);
  if (c == nullptr) return Status::NotFound("category \"" + std::string(id) + "\" does not exist");
  if (c->status == CategoryStatus::kDeprecated)
    return Status::FailedPrecondition("category \"" + std::string(id) + "\" is already deprecated");
  if (parts.size() < 2)
    return Status::InvalidInput("a split of \"" + std::string(id) +
                                "\" needs two or more parts");
  Taxonomy next = *this;
  std::set<std::string> seen;
  std::vector<std::string> ids;
  for (const Category& part : parts) {
    if (part.id == id)
      return Status::InvalidInput("category \"" + part.id + "\" cannot be a part of itself");
    if (!seen.insert(part.id).second)
      return Status::InvalidInput("part \"" + part.id + "\" is named twice in the split");
    TAXA_ASSIGN_OR_RETURN(const Category* existing, CheckTarget(*this, part, kSplitPart));
    if (existing == nullptr) {
      Category added = part;
      if (added.parent.empty()) added.parent = c->parent;
      TAXA_RETURN_IF_ERROR(next.Add(std::move(added)));
    }
    ids.push_back(part.id);
  }
  TAXA_RETURN_IF_ERROR(next.Deprecate(id, ""));
  Category split = *next.Find(id);
  split.split_into = std::move(ids);
  TAXA_RETURN_IF_ERROR(next.Update(std::move(split)));
  *this = std::move(next);
  return Status::Ok();
}

static Status CheckAttribute(const Attribute& a) {
  TAXA_RETURN_IF_ERROR(CheckId(a.id, "attribute"));
  if (a.type == AttributeType::kEnum && a.values.empty())
    return Status::InvalidInput("attribute \"" + a.id + "\": an enum needs at least one value");
  if (a.type != AttributeType::kEnum && !a.values.empty())
    return Status::InvalidInput("attribute \"" + a.id + "\": only an enum has values");
  std::set<std::string> seen;
  for (const std::string& v : a.values) {
    if (v.empty()) return Status::InvalidInput("attribute \"" + a.id + "\": empty enum value");
    if (!seen.insert(v).second)
      return Status::InvalidInput("attribute \"" + a.id + "\": value \"" + v + "\" repeated");
  }
  return Status::Ok();
}

Status Taxonomy::AddAttribute(Attribute a) {
  TAXA_RETURN_IF_ERROR(CheckAttribute(a));
  if (FindAttribute(a.id) != nullptr)
    return Status::AlreadyExists("attribute \"" + a.id + "\" already exists");
  std::string id = a.id;
  attributes_.emplace(std::move(id), std::move(a));
  return Status::Ok();
}

Status Taxonomy::UpdateAttribute(Attribute a) {
  TAXA_RETURN_IF_ERROR(CheckAttribute(a));
  auto it = attributes_.find(a.id);
  if (it == attributes_.end())
    return Status::NotFound("attribute \"" + a.id + "\" does not exist");
  it->second = std::move(a);
  return Status::Ok();
}

std::vector<std::string> Taxonomy::Children(std::string_view parent) const {
  std::vector<const Category*> kids;
  for (const auto& [id, c] : categories_)
    if (c.parent == parent) kids.push_back(&c);
  std::sort(kids.begin(), kids.end(), [](const Category* a, const Category* b) {
    return a->name != b->name ? a->name < b->name : a->id < b->id;
  });
  std::vector<std::string> out;
  out.reserve(kids.size());
  for (const Category* c : kids) out.push_back(c->id);
  return out;
}

std::vector<std::pair<std::string, int>> Taxonomy::TreeOrder() const {
  std::vector<std::pair<std::string, int>> out;
  std::vector<std::pair<std::string, int>> stack;
  auto push_children = [&](std::string_view parent, int depth) {
    std::vector<std::string> kids = Children(parent);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.emplace_back(*it, depth);
  };
  push_children("", 0);
  std::set<std::string> seen;  // guards against cycles in hand-edited files
  while (!stack.empty()) {
    auto [id, depth] = stack.back();
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    out.emplace_back(id, depth);
    push_children(id, depth + 1);
  }
  return out;
}

std::vector<std::string> Taxonomy::Path(std::string_view id) const {
  std::vector<std::string> path;
  const Category* c = Find(id);
  while (c != nullptr && path.size() <= categories_.size()) {
    path.push_back(c->id);
    c = c->parent.empty() ? nullptr : Find(c->parent);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<std::string> Taxonomy::Validate() const {
  std::vector<std::string> problems;
  std::map<std::pair<std::string, std::string>, std::string> sibling_names;
  for (const auto& [id, c] : categories_) {
    if (Status s = CheckId(id, "category"); !s.ok()) problems.push_back(s.message());
    if (c.name.empty()) problems.push_back("category \"" + id + "\": name is empty");
    if (!c.parent.empty() && Find(c.parent) == nullptr)
      problems.push_back("category \"" + id + "\": parent \"" + c.parent + "\" does not exist");
    else if (!c.parent.empty() && IsAncestor(id, id))
      problems.push_back("category \"" + id + "\": its parents form a cycle");
    auto [it, fresh] = sibling_names.emplace(std::make_pair(c.parent, c.name), id);
    if (!fresh)
      problems.push_back("categories \"" + it->second + "\" and \"" + id +
                         "\" are siblings with the same name \"" + c.name + "\"");
    if (!c.replaced_by.empty()) {
      const Category* r = Find(c.replaced_by);
      if (r == nullptr) {
        problems.push_back("category \"" + id + "\": replacement \"" + c.replaced_by +
                           "\" does not exist");
      } else {
        // A replacement deprecated later is a chain (cats -> pets -> animals)
        // that labels follow; only a chain that comes back is broken.
        std::set<std::string_view> on_chain{id};
        for (const Category* step = r; step != nullptr && !step->replaced_by.empty();
             step = Find(step->replaced_by)) {
          if (!on_chain.insert(step->id).second) {
            problems.push_back("category \"" + id + "\": its replacements form a loop");
            break;
          }
        }
      }
    }
    if (c.status != CategoryStatus::kDeprecated && !c.parent.empty()) {
      const Category* parent = Find(c.parent);
      if (parent != nullptr && parent->status == CategoryStatus::kDeprecated)
        problems.push_back("category \"" + id + "\" is " +
                           std::string(CategoryStatusName(c.status)) + " but its parent \"" +
                           c.parent + "\" is deprecated");
    }
    if (c.status != CategoryStatus::kDeprecated && !c.replaced_by.empty())
      problems.push_back("category \"" + id + "\" has a replacement but is not deprecated");
    if (!c.split_into.empty()) {
      if (c.status != CategoryStatus::kDeprecated)
        problems.push_back("category \"" + id + "\" was split but is not deprecated");
      if (!c.replaced_by.empty())
        problems.push_back("category \"" + id + "\" has both a replacement and a split");
      for (const std::string& part : c.split_into)
        if (Find(part) == nullptr)
          problems.push_back("category \"" + id + "\": split into \"" + part +
                             "\", which does not exist");
    }
    for (const std::string& a : c.attributes)
      if (FindAttribute(a) == nullptr)
        problems.push_back("category \"" + id + "\": attribute \"" + a + "\" does not exist");
    if (c.status == CategoryStatus::kActive && c.definition.empty())
      problems.push_back("category \"" + id + "\" is active but has no definition");
  }
  for (const auto& [id, a] : attributes_)
    if (Status s = CheckAttribute(a); !s.ok()) problems.push_back(s.message());
  return problems;
}

static Status CheckAttributeValue(const Attribute& a, const std::string& v) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("attribute \"" + a.id + "\": value \"" + v + "\" " + why);
  };
  switch (a.type) {
    case AttributeType::kEnum:
      if (std::find(a.values.begin(), a.values.end(), v) == a.values.end()) {
        std::string allowed;
        for (const std::string& x : a.values) allowed += (allowed.empty() ? "" : ", ") + x;
        return bad("is not one of " + allowed);
      }
      return Status::Ok();
    case AttributeType::kBool:
      if (v != "true" && v != "false") return bad("is not true or false");
      return Status::Ok();
    case AttributeType::kNumber: {
      char* end = nullptr;
      bool starts_well = !v.empty() && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'));
      double d = starts_well ? std::strtod(v.c_str(), &end) : 0.0;
      if (!starts_well || end != v.c_str() + v.size() || !std::isfinite(d))
        return bad("is not a number");
      return Status::Ok();
    }
    case AttributeType::kText:
      return Status::Ok();
  }
  return Status::Ok();
}

Status Taxonomy::CheckLabel(const std::vector<std::string>& categories,
                            const std::map<std::string, std::string>& attributes) const {
  std::set<std::string> allowed_attributes;
  for (const std::string& id : categories) {
    const Category* c = Find(id);
    if (c == nullptr) return Status::InvalidInput("unknown category \"" + id + "\"");
    if (c->status == CategoryStatus::kDeprecated) {
      if (!c->split_into.empty()) {
        std::string parts;
        for (const std::string& part : c->split_into) parts += (parts.empty() ? "\"" : ", \"") + part + "\"";
        return Status::InvalidInput("category \"" + id + "\" was split; use one of " + parts +
                                    " instead");
      }
      if (c->replaced_by.empty())
        return Status::InvalidInput("category \"" + id + "\" is deprecated");
      const Category* r = Find(c->replaced_by);
      return Status::InvalidInput("category \"" + id + "\" is deprecated; use \"" +
                                  c->replaced_by + "\" (" + (r ? r->name : "") + ") instead");
    }
    // A category may carry the attributes of its ancestors as well as its own.
    for (const std::string& p : Path(id))
      for (const std::string& a : Find(p)->attributes) allowed_attributes.insert(a);
  }
  for (const auto& [key, value] : attributes) {
    const Attribute* a = FindAttribute(key);
    if (a == nullptr) return Status::InvalidInput("unknown attribute \"" + key + "\"");
    if (!allowed_attributes.count(key))
      return Status::InvalidInput("attribute \"" + key +
                                  "\" does not belong to the chosen categories");
    TAXA_RETURN_IF_ERROR(CheckAttributeValue(*a, value));
  }
  return Status::Ok();
}

}  // namespace taxa::core
