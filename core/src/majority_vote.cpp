// Majority vote per item, with ties reported and broken by value name.
#include <algorithm>
#include <numeric>
#include <vector>

#include "taxa/core/aggregation.h"

namespace taxa::core {

Result<MajorityVoteResult> MajorityVote(const Ratings& ratings) {
  if (ratings.kind == ValueKind::kLabelSet)
    return Status::InvalidInput("majority vote needs one category per rating; the ratings are "
                                "label sets");
  if (ratings.RatingCount() == 0)
    return Status::FailedPrecondition("majority vote: there are no ratings");

  // rank[v]: position of value v's name in byte order, the tie-break.
  const size_t v_count = ratings.ValueCount();
  std::vector<uint32_t> by_name(v_count), rank(v_count);
  std::iota(by_name.begin(), by_name.end(), 0u);
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) {
    return ratings.value_names[a] < ratings.value_names[b];
  });
  for (uint32_t k = 0; k < v_count; ++k) rank[by_name[k]] = k;

  MajorityVoteResult out;
  out.items.resize(ratings.ItemCount());
  std::vector<uint32_t> ranks;  // the item's values as name ranks, sorted
  std::vector<uint32_t> top;    // the values with the top count so far
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const uint32_t b = ratings.item_begin[i], e = ratings.item_begin[i + 1];
    ranks.clear();
    for (uint32_t x = b; x < e; ++x) ranks.push_back(rank[ratings.rating_value[x]]);
    std::sort(ranks.begin(), ranks.end());
    // Runs of equal ranks are the counts; runs come in name order, so the
    // first run with the top count is the tie-break's pick.
    ItemVote& vote = out.items[i];
    vote.ratings = e - b;
    top.clear();
    for (size_t x = 0; x < ranks.size();) {
      size_t y = x;
      while (y < ranks.size() && ranks[y] == ranks[x]) ++y;
      const auto count = static_cast<uint32_t>(y - x);
      if (count > vote.votes) {
        vote.votes = count;
        top.clear();
      }
      if (count == vote.votes) top.push_back(by_name[ranks[x]]);
      x = y;
    }
    vote.value = top.front();
    if (top.size() > 1) {
      vote.tied = top;
      vote.tie_broken = true;
      ++out.ties;
    }
  }
  return out;
}

}  // namespace taxa::core
