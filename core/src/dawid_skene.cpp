// Dawid and Skene (1979): EM over the true classes of items, with one
// confusion matrix per annotator.
//
// Notation of the paper: T_ij the weight of class j for item i, p_j the class
// priors, pi^a_jl the probability that annotator a answers l when the truth is
// j, n^a_il the times annotator a answered l on item i (0 or 1 here). M-step:
//   p_j = (sum_i T_ij + s) / (I + K s)
//   pi^a_jl = (sum_i T_ij n^a_il + s) / (sum_l sum_i T_ij n^a_il + K s)
// with s the smoothing (0 in the paper). E-step:
//   T_ij proportional to p_j prod_a prod_l (pi^a_jl)^(n^a_il),
// computed in logs; the log of the normaliser is item i's log-likelihood.
//
// Items with the same ratings (same annotators, same answers) have the same
// posterior, so EM runs over the distinct rating patterns, each weighted by
// its number of items: with a few annotators and classes there are far fewer
// patterns than items.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "agreement_internal.h"
#include "taxa/core/aggregation.h"
#include "taxa/core/parallel.h"

namespace taxa::core {

namespace {

// Patterns are processed in fixed chunks whose partial sums are added in chunk
// order, so the result does not depend on how many threads ran them.
constexpr size_t kChunkPatterns = 1024;
constexpr size_t kMaxChunks = 64;
// Bound on the doubles of per-chunk confusion counts (128 MiB).
constexpr size_t kMaxChunkCells = size_t{16} << 20;

Status CheckInput(const Ratings& r, const DawidSkeneOptions& o) {
  if (r.kind == ValueKind::kLabelSet)
    return Status::InvalidInput("Dawid-Skene needs one category per rating; the ratings are "
                                "label sets");
  if (r.RatingCount() == 0) return Status::FailedPrecondition("Dawid-Skene: there are no ratings");
  TAXA_RETURN_IF_ERROR(agreement_internal::RequireAnnotators(r, "Dawid-Skene"));
  if (o.max_iterations == 0)
    return Status::InvalidInput("Dawid-Skene needs max_iterations of at least 1");
  if (!(o.tolerance >= 0) || !std::isfinite(o.tolerance))
    return Status::InvalidInput("Dawid-Skene: the tolerance must be finite and >= 0; got " +
                                std::to_string(o.tolerance));
  if (!(o.smoothing >= 0) || !std::isfinite(o.smoothing))
    return Status::InvalidInput("Dawid-Skene: the smoothing must be finite and >= 0; got " +
                                std::to_string(o.smoothing));
  if (r.ItemCount() < 2)
    return Status::FailedPrecondition("Dawid-Skene needs at least 2 items; found " +
                                      std::to_string(r.ItemCount()));
  if (r.ValueCount() < 2)
    return Status::FailedPrecondition(
        "Dawid-Skene: every rating is " + agreement_internal::QuoteValue(r, 0) +
        ", so there are no classes to tell apart");
  if (agreement_internal::CountPairable(r).items == 0)
    return Status::FailedPrecondition(
        "Dawid-Skene: no pairable values (no item has ratings from 2 or more annotators)");
  return Status::Ok();
}

// The distinct rating patterns of the items, in order of first appearance.
struct Patterns {
  std::vector<uint32_t> begin{0};        // ratings of pattern p: [begin[p], begin[p+1])
  std::vector<uint32_t> annotator, value;  // sorted by annotator, as in Ratings
  std::vector<double> items;             // items with pattern p
  std::vector<uint32_t> of_item;         // pattern of each item

  size_t Count() const { return items.size(); }
};

Patterns FindPatterns(const Ratings& r) {
  Patterns p;
  p.of_item.resize(r.ItemCount());
  // Key: the item's (annotator, value) pairs as bytes.
  std::unordered_map<std::string, uint32_t> index;
  std::string key;
  for (size_t i = 0; i < r.ItemCount(); ++i) {
    const uint32_t b = r.item_begin[i], e = r.item_begin[i + 1];
    key.assign(reinterpret_cast<const char*>(&r.rating_annotator[b]), (e - b) * sizeof(uint32_t));
    key.append(reinterpret_cast<const char*>(&r.rating_value[b]), (e - b) * sizeof(uint32_t));
    auto [it, added] = index.emplace(key, static_cast<uint32_t>(p.items.size()));
    if (added) {
      p.annotator.insert(p.annotator.end(), &r.rating_annotator[b], &r.rating_annotator[e]);
      p.value.insert(p.value.end(), &r.rating_value[b], &r.rating_value[e]);
      p.begin.push_back(static_cast<uint32_t>(p.value.size()));
      p.items.push_back(0);
    }
    p.items[it->second] += 1;
    p.of_item[i] = it->second;
  }
  return p;
}

// The starting class weights T (patterns x K): the vote shares, or the
// majority value with a tie shared equally.
std::vector<double> StartWeights(const Patterns& p, size_t k, DawidSkeneStart start) {
  std::vector<double> t(p.Count() * k, 0);
  for (size_t q = 0; q < p.Count(); ++q) {
    double* w = &t[q * k];
    const uint32_t b = p.begin[q], e = p.begin[q + 1];
    for (uint32_t x = b; x < e; ++x) w[p.value[x]] += 1;
    if (start == DawidSkeneStart::kVoteShares) {
      for (size_t j = 0; j < k; ++j) w[j] /= (e - b);
      continue;
    }
    const double top = *std::max_element(w, w + k);
    double tied = 0;
    for (size_t j = 0; j < k; ++j) tied += w[j] == top;
    for (size_t j = 0; j < k; ++j) w[j] = w[j] == top ? 1 / tied : 0;
  }
  return t;
}

class Em {
 public:
  Em(const Ratings& r, const Patterns& p, const DawidSkeneOptions& o)
      : p_(p),
        s_(o.smoothing),
        items_(r.ItemCount()),
        patterns_(p.Count()),
        annotators_(r.AnnotatorCount()),
        k_(r.ValueCount()) {
    const size_t cells = annotators_ * k_ * k_;
    chunks_ = std::clamp<size_t>((patterns_ + kChunkPatterns - 1) / kChunkPatterns, 1, kMaxChunks);
    chunks_ = std::clamp<size_t>(kMaxChunkCells / std::max<size_t>(cells, 1), 1, chunks_);
    chunk_counts_.assign(chunks_ * cells, 0);
    chunk_classes_.assign(chunks_ * k_, 0);
    chunk_ll_.assign(chunks_, 0);
    priors_.assign(k_, 0);
    confusion_.assign(cells, 0);
    log_pi_.assign(cells, 0);
  }

  // Priors and confusion matrices from the weights t (patterns x K).
  void MStep(const std::vector<double>& t) {
    const size_t cells = annotators_ * k_ * k_;
    std::fill(chunk_counts_.begin(), chunk_counts_.end(), 0);
    std::fill(chunk_classes_.begin(), chunk_classes_.end(), 0);
    ParallelFor(chunks_, [&](size_t c) {
      double* counts = &chunk_counts_[c * cells];
      double* classes = &chunk_classes_[c * k_];
      const auto [first, last] = ChunkPatterns(c);
      std::vector<double> weighted(k_);
      for (size_t q = first; q < last; ++q) {
        const double* tq = &t[q * k_];
        for (size_t j = 0; j < k_; ++j) classes[j] += (weighted[j] = p_.items[q] * tq[j]);
        for (uint32_t x = p_.begin[q]; x < p_.begin[q + 1]; ++x) {
          // counts[(a * K + j) * K + l] for the answer l: stride K over j.
          double* cell = counts + size_t{p_.annotator[x]} * k_ * k_ + p_.value[x];
          for (size_t j = 0; j < k_; ++j) cell[j * k_] += weighted[j];
        }
      }
    });
    std::fill(confusion_.begin(), confusion_.end(), 0);
    std::vector<double> classes(k_, 0);
    for (size_t c = 0; c < chunks_; ++c) {
      for (size_t x = 0; x < cells; ++x) confusion_[x] += chunk_counts_[c * cells + x];
      for (size_t j = 0; j < k_; ++j) classes[j] += chunk_classes_[c * k_ + j];
    }
    const double kd = static_cast<double>(k_);
    for (size_t j = 0; j < k_; ++j)
      priors_[j] = (classes[j] + s_) / (static_cast<double>(items_) + kd * s_);
    for (size_t row = 0; row < annotators_ * k_; ++row) {
      double* p = &confusion_[row * k_];
      double sum = 0;
      for (size_t l = 0; l < k_; ++l) sum += p[l];
      // With no weight on the row (possible only without smoothing), any row
      // maximises the likelihood; uniform is the neutral choice.
      const double denominator = sum + kd * s_;
      for (size_t l = 0; l < k_; ++l) p[l] = denominator > 0 ? (p[l] + s_) / denominator : 1 / kd;
    }
    // log_pi_[(a * K + l) * K + j] = log pi^a_jl: contiguous over j for the E-step.
    for (size_t a = 0; a < annotators_; ++a)
      for (size_t j = 0; j < k_; ++j)
        for (size_t l = 0; l < k_; ++l)
          log_pi_[(a * k_ + l) * k_ + j] = std::log(confusion_[(a * k_ + j) * k_ + l]);
  }

  // Posteriors of each pattern into t; returns the objective (log-likelihood plus the
  // smoothing's log prior), or an error if an item has no possible class.
  Result<double> EStep(std::vector<double>& t) {
    std::vector<double> log_prior(k_);
    for (size_t j = 0; j < k_; ++j) log_prior[j] = std::log(priors_[j]);
    std::vector<int> impossible(chunks_, 0);
    ParallelFor(chunks_, [&](size_t c) {
      double ll = 0;
      const auto [first, last] = ChunkPatterns(c);
      for (size_t q = first; q < last; ++q) {
        double* w = &t[q * k_];
        std::copy(log_prior.begin(), log_prior.end(), w);
        for (uint32_t x = p_.begin[q]; x < p_.begin[q + 1]; ++x) {
          const double* lp = &log_pi_[(size_t{p_.annotator[x]} * k_ + p_.value[x]) * k_];
          for (size_t j = 0; j < k_; ++j) w[j] += lp[j];
        }
        const double top = *std::max_element(w, w + k_);
        if (top == -std::numeric_limits<double>::infinity()) {
          impossible[c] = 1;
          continue;
        }
        double sum = 0;
        for (size_t j = 0; j < k_; ++j) sum += (w[j] = std::exp(w[j] - top));
        for (size_t j = 0; j < k_; ++j) w[j] /= sum;
        ll += p_.items[q] * (top + std::log(sum));
      }
      chunk_ll_[c] = ll;
    });
    if (std::find(impossible.begin(), impossible.end(), 1) != impossible.end())
      return Status::Internal("Dawid-Skene: an item has probability 0 under every class");
    double objective = 0;
    for (double ll : chunk_ll_) objective += ll;
    if (s_ > 0) {
      double log_prior_density = 0;
      for (double lp : log_prior) log_prior_density += lp;
      for (double lp : log_pi_) log_prior_density += lp;
      objective += s_ * log_prior_density;
    }
    return objective;
  }

  std::vector<double>& priors() { return priors_; }
  std::vector<double>& confusion() { return confusion_; }

 private:
  std::pair<size_t, size_t> ChunkPatterns(size_t c) const {
    return {patterns_ * c / chunks_, patterns_ * (c + 1) / chunks_};
  }

  const Patterns& p_;
  const double s_;
  const size_t items_, patterns_, annotators_, k_;
  size_t chunks_ = 1;
  std::vector<double> chunk_counts_, chunk_classes_, chunk_ll_;
  std::vector<double> priors_;     // p_j
  std::vector<double> confusion_;  // pi^a_jl at [(a * K + j) * K + l]
  std::vector<double> log_pi_;     // log pi^a_jl at [(a * K + l) * K + j]
};

}  // namespace

Result<DawidSkeneResult> DawidSkene(const Ratings& ratings, const DawidSkeneOptions& options) {
  TAXA_RETURN_IF_ERROR(CheckInput(ratings, options));
  const Patterns patterns = FindPatterns(ratings);
  const size_t k = ratings.ValueCount();
  std::vector<double> t = StartWeights(patterns, k, options.start);
  Em em(ratings, patterns, options);
  DawidSkeneResult out;
  const double threshold = options.tolerance * static_cast<double>(ratings.ItemCount());
  while (out.iterations < options.max_iterations) {
    em.MStep(t);
    TAXA_ASSIGN_OR_RETURN(double objective, em.EStep(t));
    ++out.iterations;
    const bool small_gain =
        !out.log_likelihood.empty() && objective - out.log_likelihood.back() < threshold;
    out.log_likelihood.push_back(objective);
    if (small_gain) {
      out.converged = true;
      break;
    }
  }
  out.classes = ratings.value_names;
  out.priors = std::move(em.priors());
  out.confusion = std::move(em.confusion());
  std::vector<uint32_t> pattern_label(patterns.Count());
  for (size_t q = 0; q < patterns.Count(); ++q)
    pattern_label[q] =
        static_cast<uint32_t>(std::max_element(&t[q * k], &t[q * k] + k) - &t[q * k]);
  out.label.resize(ratings.ItemCount());
  out.posterior.resize(ratings.ItemCount() * k);
  for (size_t i = 0; i < ratings.ItemCount(); ++i) {
    const uint32_t q = patterns.of_item[i];
    out.label[i] = pattern_label[q];
    std::copy(&t[q * k], &t[q * k] + k, &out.posterior[i * k]);
  }
  return out;
}

}  // namespace taxa::core
