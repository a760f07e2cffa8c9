#include "taxa/core/data_actions.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

namespace taxa::core {

namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
  return buf;
}

int KindRank(const std::string& kind) {
  static const char* kOrder[] = {"relabel", "merge", "tighten", "missing-category",
                                 "coverage-gap"};
  for (int i = 0; i < 5; ++i)
    if (kind == kOrder[i]) return i;
  return 5;
}

std::vector<std::string> FirstExamples(const std::vector<std::string>& items) {
  return {items.begin(), items.begin() + std::min(items.size(), kActionExamples)};
}

}  // namespace

bool LooksCatchAll(std::string_view id, std::string_view name) {
  static const std::set<std::string> kWords = {
      "other",   "others",        "misc",          "miscellaneous", "unknown", "none",
      "unclear", "uncategorized", "uncategorised", "unclassified",  "catchall"};
  for (std::string_view text : {id, name}) {
    std::vector<std::string> w = Words(text);
    for (size_t i = 0; i < w.size(); ++i) {
      if (kWords.count(w[i])) return true;
      if (w[i] == "catch" && i + 1 < w.size() && w[i + 1] == "all") return true;
    }
  }
  return false;
}

std::vector<DataAction> RankActions(const ActionEvidence& e) {
  std::vector<DataAction> out;
  std::map<std::string, const CategoryEvidence*> by_id;
  for (const CategoryEvidence& c : e.categories) by_id[c.id] = &c;
  auto items_of = [&](const std::string& id) -> uint64_t {
    auto it = by_id.find(id);
    return it == by_id.end() ? 0 : it->second->items;
  };

  // ---- relabel ----
  if (e.relabel && !e.relabel->issues.empty()) {
    const RelabelEvidence& r = *e.relabel;
    DataAction a;
    a.kind = "relabel";
    a.title = "Relabel " + std::to_string(r.issues.size()) +
              (r.issues.size() == 1 ? " item" : " items") + " whose label model " + r.model +
              " doubts";
    for (const LabelIssueRow& i : r.issues) a.items.push_back(i.item);
    a.examples = FirstExamples(a.items);
    a.score = r.issues.size();
    a.numbers = {{"flagged", static_cast<double>(r.issues.size())},
                 {"examined", static_cast<double>(r.examined)},
                 {"estimated_errors", r.estimated_errors}};
    a.evidence = std::to_string(r.issues.size()) + " of " + std::to_string(r.examined) +
                 " items with a " + r.label_source + " label and probabilities flagged by " +
                 "confident learning (estimated label errors " + Num(r.estimated_errors) + ")";
    if (!r.issues.empty()) {
      const LabelIssueRow& top = r.issues.front();
      a.evidence += "; e.g. " + top.item + " labeled " + top.given + ", model says " +
                    top.suggested + " (p(" + top.given + ") = " + Num(top.self_confidence) + ")";
    }
    std::set<std::string> cats;
    for (const LabelIssueRow& i : r.issues) cats.insert(i.given);
    a.categories.assign(cats.begin(), cats.end());
    out.push_back(std::move(a));
  }

  // ---- merge ----
  std::set<std::pair<std::string, std::string>> merged;
  for (const PairEvidence& pe : e.confused) {
    const ConfusedPair& p = pe.pair;
    const uint64_t lo = std::min(p.a_as_b, p.b_as_a), hi = std::max(p.a_as_b, p.b_as_a);
    const uint64_t smaller = std::min(items_of(p.a), items_of(p.b));
    if (lo < kMinConfusions || static_cast<double>(lo) < kMergeBalance * static_cast<double>(hi) ||
        static_cast<double>(p.total) < kMergeShare * static_cast<double>(smaller))
      continue;
    merged.insert({p.a, p.b});
    DataAction a;
    a.kind = "merge";
    a.title = "Consider merging " + p.a + " and " + p.b + " (confused both ways)";
    a.categories = {p.a, p.b};
    a.score = p.total;
    a.examples = FirstExamples(pe.examples);
    a.numbers = {{"a_as_b", static_cast<double>(p.a_as_b)},
                 {"b_as_a", static_cast<double>(p.b_as_a)},
                 {"items_a", static_cast<double>(items_of(p.a))},
                 {"items_b", static_cast<double>(items_of(p.b))}};
    a.evidence = p.a + " labeled as " + p.b + " " + std::to_string(p.a_as_b) + " times, " + p.b +
                 " as " + p.a + " " + std::to_string(p.b_as_a) + " times (" +
                 std::to_string(items_of(p.a)) + " and " + std::to_string(items_of(p.b)) +
                 " items)";
    out.push_back(std::move(a));
  }

  // ---- tighten ----
  for (const CategoryEvidence& c : e.categories) {
    if (!c.alpha || *c.alpha >= kLowAgreement) continue;
    const PairEvidence* best = nullptr;
    for (const PairEvidence& pe : e.confused)
      if ((pe.pair.a == c.id || pe.pair.b == c.id) && (!best || pe.pair.total > best->pair.total))
        best = &pe;
    if (!best || best->pair.total < kMinConfusions) continue;
    if (merged.count({best->pair.a, best->pair.b})) continue;
    const std::string& d = best->pair.a == c.id ? best->pair.b : best->pair.a;
    DataAction a;
    a.kind = "tighten";
    a.title = "Tighten the definition of " + c.id + " against " + d + " (or add an exclude rule)";
    a.categories = {c.id, d};
    a.score = best->pair.total;
    a.examples = FirstExamples(best->examples);
    a.numbers = {{"alpha", *c.alpha},
                 {"confusions", static_cast<double>(best->pair.total)},
                 {"items", static_cast<double>(c.items)}};
    a.evidence = "agreement on " + c.id + " is alpha " + Num(*c.alpha) + " (below " +
                 Num(kLowAgreement) + "); most often confused with " + d + ": " +
                 std::to_string(best->pair.total) + " times";
    out.push_back(std::move(a));
  }

  // ---- missing category: catch-all ----
  for (const CategoryEvidence& c : e.categories) {
    if (!LooksCatchAll(c.id, c.name) || e.labeled == 0 || c.items < kMinItems) continue;
    const double share = static_cast<double>(c.items) / static_cast<double>(e.labeled);
    if (share < kCatchAllShare) continue;
    DataAction a;
    a.kind = "missing-category";
    a.title = "A category may be missing: " + std::to_string(c.items) + " items are labeled " +
              c.id;
    a.categories = {c.id};
    a.score = c.items;
    a.numbers = {{"items", static_cast<double>(c.items)}, {"share", share}};
    a.evidence = c.id + " (a catch-all) holds " + Pct(share) + " of the " +
                 std::to_string(e.labeled) + " labeled items";
    out.push_back(std::move(a));
  }
  // ---- missing category: low confidence clusters ----
  for (const LowConfidenceEvidence& l : e.low_confidence) {
    if (l.items < kMinItems || l.predicted == 0) continue;
    const double share = static_cast<double>(l.items) / static_cast<double>(l.predicted);
    if (share < kLowConfidenceShare) continue;
    DataAction a;
    a.kind = "missing-category";
    a.title = "A category may be missing near " + l.category + ": " + std::to_string(l.items) +
              " items the model is unsure of";
    a.categories = {l.category};
    a.score = l.items;
    a.examples = FirstExamples(l.examples);
    a.numbers = {{"items", static_cast<double>(l.items)},
                 {"predicted", static_cast<double>(l.predicted)},
                 {"share", share}};
    a.evidence = std::to_string(l.items) + " of the " + std::to_string(l.predicted) +
                 " items predicted as " + l.category + " (" + Pct(share) +
                 ") have a top probability below " + Num(kLowConfidence);
    out.push_back(std::move(a));
  }

  // ---- coverage gaps ----
  const double project_share =
      e.items == 0 ? 0 : static_cast<double>(e.labeled) / static_cast<double>(e.items);
  for (const SliceEvidence& s : e.slices) {
    const std::string name = s.key + "=" + s.value;
    const double share =
        s.items == 0 ? 0 : static_cast<double>(s.labeled) / static_cast<double>(s.items);
    if (s.items >= kMinItems && share < kCoverageRatio * project_share) {
      DataAction a;
      a.kind = "coverage-gap";
      a.title = "Label more of " + name + ": " + std::to_string(s.labeled) + " of " +
                std::to_string(s.items) + " items labeled";
      a.slice = name;
      a.score = s.items - s.labeled;
      a.numbers = {{"items", static_cast<double>(s.items)},
                   {"labeled", static_cast<double>(s.labeled)},
                   {"share", share},
                   {"project_share", project_share}};
      a.evidence = Pct(share) + " of " + name + " is labeled, against " + Pct(project_share) +
                   " of the project";
      out.push_back(std::move(a));
    }
    if (s.alpha && e.overall_alpha && *s.alpha <= *e.overall_alpha - kAgreementGap) {
      DataAction a;
      a.kind = "coverage-gap";
      a.title = "Agreement is low on " + name + ": review its guidelines and labels";
      a.slice = name;
      a.score = s.labeled;
      a.numbers = {{"alpha", *s.alpha},
                   {"overall_alpha", *e.overall_alpha},
                   {"labeled", static_cast<double>(s.labeled)}};
      a.evidence = "alpha " + Num(*s.alpha) + " on " + name + " against " +
                   Num(*e.overall_alpha) + " overall";
      out.push_back(std::move(a));
    }
  }

  std::stable_sort(out.begin(), out.end(), [](const DataAction& a, const DataAction& b) {
    if (a.score != b.score) return a.score > b.score;
    if (KindRank(a.kind) != KindRank(b.kind)) return KindRank(a.kind) < KindRank(b.kind);
    return a.title < b.title;
  });
  return out;
}

}  // namespace taxa::core
