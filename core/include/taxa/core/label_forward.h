// Labels carried forward: what a category id recorded in a label reads as
// under the current taxonomy. A deprecated category with a replacement reads
// as the end of its replacement chain (cats -> pets -> animals); a chain that
// reaches a split (several choices), a category retired without replacement,
// or a loop leaves the label outdated: it waits to be relabeled and is
// counted apart, never silently dropped or guessed. Ids that are not
// deprecated, and ids the taxonomy does not know, read as recorded.
//
// The index applies it to every current and gold label it hands out
// (core::Index::SetLabelForward), so export, status, the statistics and the
// faces all read labels in the current taxonomy; the events never change.
//
//   LabelForward forward(taxonomy);
//   std::vector<std::string> now;
//   if (!forward.Map({"cats"}, now)) { /* outdated: relabel */ }
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "taxa/core/taxonomy.h"
#include "taxa/core/text.h"

namespace taxa::core {

class LabelForward {
 public:
  // Maps nothing: labels read as recorded.
  LabelForward() = default;
  explicit LabelForward(const Taxonomy& taxonomy);

  // True when no category maps elsewhere (the taxonomy has no deprecated
  // category): every label reads as recorded, and callers may skip Map.
  bool empty() const { return to_.empty(); }

  // The id `recorded` reads as now: itself when it is not deprecated (or
  // unknown), the end of its replacement chain otherwise. Returns false (and
  // leaves `now` alone) when the label is outdated.
  bool Forward(std::string_view recorded, std::string& now) const;

  // Maps a label's categories: `out` gets the current ids, sorted and
  // distinct (two recorded ids may now be one). Returns false when any of
  // them is outdated; `out` then holds `recorded` unchanged.
  bool Map(const std::vector<std::string>& recorded, std::vector<std::string>& out) const;

  // What someone relabeling an outdated id may choose: the current ids of a
  // split's parts (each followed forward; parts outdated themselves are left
  // out), empty for a retired category or one that reads as current.
  std::vector<std::string> Choices(std::string_view recorded) const;

  // The ids whose labels are outdated (a label holding any of them is), sorted.
  std::vector<std::string> OutdatedIds() const;
  // True when OutdatedIds() is not empty (no label can be outdated otherwise).
  bool has_outdated() const { return has_outdated_; }

  // The deprecated ids that read as one of `now` (for a search by category
  // that should find labels made under earlier ids), sorted.
  std::vector<std::string> RecordedAs(const std::vector<std::string>& now) const;

 private:
  struct Fate {
    std::string now;  // the current id; empty when outdated
    std::vector<std::string> choices;  // for an outdated split
  };
  std::unordered_map<std::string, Fate, TextHash, std::equal_to<>> to_;  // deprecated ids only
  bool has_outdated_ = false;  // some Fate::now is empty
};

// LabelForward on the index's stored form of a label's categories (a JSON
// array of sorted ids), each distinct stored text mapped once. Not thread
// safe: one per scan.
class StoredLabelForward {
 public:
  // `forward` must outlive this. Null (or an empty LabelForward) maps
  // nothing: every label reads as recorded, without a lookup.
  explicit StoredLabelForward(const LabelForward* forward)
      : forward_(forward && !forward->empty() ? forward : nullptr) {}
  explicit StoredLabelForward(const LabelForward& forward) : StoredLabelForward(&forward) {}

  // The stored form of the mapped categories (valid as long as this object),
  // or `stored` itself when nothing changed; `outdated` tells whether the
  // label is outdated (then the result is `stored`).
  std::string_view Map(std::string_view stored, bool& outdated);

 private:
  struct Mapped {
    std::string text;
    bool same = false;
    bool outdated = false;
  };
  const LabelForward* forward_;  // null: maps nothing
  std::unordered_map<std::string, Mapped, TextHash, std::equal_to<>> cache_;
  std::vector<std::string> recorded_, now_;
};

}  // namespace taxa::core
