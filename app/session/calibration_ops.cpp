// Calibration rounds: a fixed, seeded sample of items that chosen annotators
// all label, to measure and compare their agreement over time.
//
// A round is calibration/<name>.json, written once and never edited. The
// merge in sync/src/merge_commits.cpp has no rule for these files: it treats
// them as unknown files (the byte-wise smaller side wins and a conflict is
// recorded). Since a round is created once under a unique name, two sides
// only collide when both started a round of the same name, which that rule
// surfaces as a conflict for a lead; that is acceptable.
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "session/project_ratings.h"
#include "session/session.h"
#include "taxa/core/aggregation.h"
#include "taxa/core/segment_writer.h"
#include "utc_stamp.h"

namespace taxa::app {
namespace {

constexpr const char* kFolder = "calibration/";

std::string RoundPath(const std::string& name) { return kFolder + name + ".json"; }

Status CheckRoundName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0]));
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      ok = false;
  if (!ok)
    return Status::InvalidInput("round name \"" + name +
                                "\" must be 1-64 letters, digits, '-', '_' or '.', starting with a "
                                "letter or digit");
  return Status::Ok();
}

// A uniform draw in [0, bound) from the 64-bit generator, without modulo
// bias, so the sample is the same with every standard library.
uint64_t Uniform(std::mt19937_64& rng, uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % bound;
}

// `n` of `pool` drawn without replacement (a partial Fisher-Yates shuffle).
std::vector<size_t> Draw(std::vector<size_t> pool, size_t n, std::mt19937_64& rng) {
  for (size_t i = 0; i < n; ++i) std::swap(pool[i], pool[i + Uniform(rng, pool.size() - i)]);
  pool.resize(n);
  return pool;
}

// The item's metadata value for `key` as text ("" when absent).
std::string MetaValue(const std::string& meta_json, const std::string& key) {
  nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, false);
  if (!meta.is_object()) return "";
  auto it = meta.find(key);
  if (it == meta.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Positions of the sample in project order. Stratified: each stratum (value
// of the key) gets n x its share, rounded by largest remainder (ties to the
// stratum whose value sorts first), and is sampled in value order.
Result<std::vector<size_t>> Sample(const std::vector<core::ItemRow>& items, size_t n,
                                   const std::string& plan, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<size_t> chosen;
  if (plan == "random") {
    std::vector<size_t> all(items.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    chosen = Draw(std::move(all), n, rng);
  } else {
    const std::string key = plan.substr(plan.find(':') + 1);
    std::map<std::string, std::vector<size_t>> strata;
    for (size_t i = 0; i < items.size(); ++i)
      strata[MetaValue(items[i].item.meta_json, key)].push_back(i);
    std::vector<size_t> take;
    std::vector<std::pair<uint64_t, size_t>> remainders;  // (remainder, rank)
    size_t given = 0, rank = 0;
    for (const auto& [value, members] : strata) {
      const uint64_t exact = static_cast<uint64_t>(n) * members.size();
      take.push_back(exact / items.size());
      given += take.back();
      remainders.push_back({exact % items.size(), rank++});
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; given < n; ++i, ++given) ++take[remainders[i].second];
    rank = 0;
    for (auto& [value, members] : strata) {
      std::vector<size_t> drawn = Draw(members, take[rank++], rng);
      chosen.insert(chosen.end(), drawn.begin(), drawn.end());
    }
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// Alpha overall and per category over a round's labels.
struct RoundAgreement {
  AgreeRow overall;
  std::vector<AgreeRow> per_category;
};

RoundAgreement AgreeOnRound(const core::Ratings& sets, double ci, uint64_t seed) {
  AgreeOptions alpha{.metric = "alpha", .ci = ci};
  if (ci != 0) alpha.seed = seed;
  RoundAgreement out;
  if (sets.RatingCount() == 0) {
    out.overall = {.kind = "overall",
                   .error = "the round's annotators have not labeled its items yet"};
    return out;
  }
  out.overall =
      MakeRow("overall", "", Derive(sets, core::ValueKind::kCategory, KeepLabels()), alpha, {});
  std::vector<std::string> categories = sets.label_names;
  std::sort(categories.begin(), categories.end());
  for (const std::string& c : categories)
    out.per_category.push_back(
        MakeRow("category", c, Derive(sets, core::ValueKind::kCategory, OneVsRest(c)), alpha, {}));
  return out;
}

}  // namespace

Result<CalibrationRound> Session::StartCalibration(const CalibrationStart& request) {
  TAXA_RETURN_IF_ERROR(RequireWritable());
  TAXA_RETURN_IF_ERROR(CheckRoundName(request.name));
  if (request.plan != "random" &&
      !(request.plan.starts_with("stratified:") && request.plan.size() > 11))
    return Status::InvalidInput("unknown --sample \"" + request.plan +
                                "\" (expected random or stratified:<metadata key>)");
  std::set<std::string> annotators(request.annotators.begin(), request.annotators.end());
  if (annotators.size() < 2)
    return Status::InvalidInput(
        "a calibration round needs at least two annotators (--annotators A,B)");
  for (const std::string& a : annotators) TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(a));
  if (request.items == 0) return Status::InvalidInput("--items must be at least 1");
  TAXA_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                        repo_.ReadFile(RoundPath(request.name)));
  if (existing)
    return Status::AlreadyExists("calibration round \"" + request.name + "\" already exists");
  const int64_t count = index_->ItemCount();
  if (static_cast<int64_t>(request.items) > count)
    return Status::InvalidInput("--items " + std::to_string(request.items) +
                                " but the project has " + std::to_string(count) + " items");
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> items, index_->ItemsAt(0, count));
  TAXA_ASSIGN_OR_RETURN(std::vector<size_t> chosen,
                        Sample(items, request.items, request.plan, request.seed));

  CalibrationRound round;
  round.name = request.name;
  round.created = UtcStamp(kIso8601);
  round.created_by = user_;
  TAXA_ASSIGN_OR_RETURN(round.commit, repo_.Head());
  round.taxonomy = taxonomy_version_;
  round.plan = request.plan;
  round.seed = request.seed;
  round.annotators.assign(annotators.begin(), annotators.end());
  for (size_t i : chosen) round.items.push_back(items[i].item.id);
  TAXA_RETURN_IF_ERROR(CommitFiles(
      {{RoundPath(round.name), EncodeRound(round)}},
      Meta("Start calibration round " + round.name + " (" + std::to_string(round.items.size()) +
               " items, " + std::to_string(round.annotators.size()) + " annotators)",
           {{"Taxa-Action", "calibrate.start"},
            {"Taxa-Calibration", round.name},
            {"Taxa-Sample", round.plan},
            {"Taxa-Seed", std::to_string(round.seed)}})));
  return round;
}

Result<std::vector<CalibrationRound>> Session::CalibrationRounds() {
  TAXA_ASSIGN_OR_RETURN(auto files, repo_.ReadFolder(kFolder));
  std::vector<CalibrationRound> rounds;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".json")) continue;
    TAXA_ASSIGN_OR_RETURN(CalibrationRound r, DecodeRound(bytes, path));
    rounds.push_back(std::move(r));
  }
  std::sort(rounds.begin(), rounds.end(),
            [](const CalibrationRound& a, const CalibrationRound& b) { return a.name < b.name; });
  return rounds;
}

namespace {

// The labels the round's annotators made on its items.
Result<ProjectLabels> RoundLabels(core::Index& index, const CalibrationRound& round) {
  LabelFilter filter;
  filter.items.insert(round.items.begin(), round.items.end());
  filter.annotators.insert(round.annotators.begin(), round.annotators.end());
  filter.any_order = true;  // coefficients and counts: the order of items does not matter
  return LoadProjectLabels(index, filter);
}

Result<CalibrationRound> FindRound(const std::vector<CalibrationRound>& rounds,
                                   const std::string& name) {
  for (const CalibrationRound& r : rounds)
    if (r.name == name) return r;
  return Status::NotFound("no calibration round \"" + name + "\" (see `taxa calibrate list`)");
}

// Fills `standings` (one per annotator of `r`, by name) against the majority
// of each item with two or more ratings, and counts the tied items.
Status CountStandings(const core::Ratings& r, std::vector<AnnotatorStanding>& standings,
                      size_t& tied_items) {
  TAXA_ASSIGN_OR_RETURN(core::MajorityVoteResult mv, core::MajorityVote(r));
  std::map<std::string, AnnotatorStanding*> by_name;
  for (AnnotatorStanding& s : standings) by_name[s.annotator] = &s;
  for (size_t item = 0; item < r.ItemCount(); ++item) {
    const core::ItemVote& vote = mv.items[item];
    const bool tied = !vote.tied.empty();
    if (tied) ++tied_items;
    for (uint32_t k = r.item_begin[item]; k < r.item_begin[item + 1]; ++k) {
      auto it = by_name.find(r.annotator_names[r.rating_annotator[k]]);
      if (it == by_name.end()) continue;
      AnnotatorStanding& s = *it->second;
      ++s.labeled;
      if (tied || vote.ratings < 2) continue;
      ++s.compared;
      if (r.rating_value[k] != vote.value) ++s.disagreements;
    }
  }
  for (AnnotatorStanding& s : standings)
    s.disagreement_rate = s.compared ? static_cast<double>(s.disagreements) / s.compared : 0;
  return Status::Ok();
}

}  // namespace

Result<CalibrationReport> Session::ReportCalibration(const std::string& name) {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, CalibrationRounds());
  CalibrationReport report;
  TAXA_ASSIGN_OR_RETURN(report.round, FindRound(rounds, name));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, RoundLabels(*index_, report.round));
  RoundAgreement agreement = AgreeOnRound(labels.sets, 0.95, report.round.seed);
  report.overall.push_back(std::move(agreement.overall));
  report.per_category = std::move(agreement.per_category);

  for (const std::string& a : report.round.annotators) report.annotators.push_back({a});
  if (labels.sets.RatingCount() == 0) return report;
  TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  // Confusions between every two annotators, pooled.
  std::vector<core::LabelPair> pairs;
  for (size_t i = 0; i < r.AnnotatorCount(); ++i)
    for (size_t j = i + 1; j < r.AnnotatorCount(); ++j) {
      Result<std::vector<core::LabelPair>> p =
          core::PairsBetween(r, r.annotator_names[i], r.annotator_names[j]);
      if (p.ok()) pairs.insert(pairs.end(), p->begin(), p->end());
    }
  if (!pairs.empty()) {
    TAXA_ASSIGN_OR_RETURN(core::ConfusionReport confusion, core::BuildConfusion(pairs));
    report.confused = core::MostConfusedPairs(confusion, 10);
  }
  TAXA_RETURN_IF_ERROR(CountStandings(r, report.annotators, report.tied_items));
  return report;
}

Result<StandingsReport> Session::Standings() {
  TAXA_ASSIGN_OR_RETURN(ProjectLabels labels, LoadProjectLabels(*index_, {.any_order = true}));
  if (labels.sets.RatingCount() == 0)
    return Status::FailedPrecondition("the project has no labels yet");
  TAXA_ASSIGN_OR_RETURN(core::Ratings r,
                        Derive(labels.sets, core::ValueKind::kCategory, KeepLabels()));
  StandingsReport report;
  report.items = r.ItemCount();
  std::vector<std::string> names = r.annotator_names;
  std::sort(names.begin(), names.end());
  for (const std::string& a : names) report.annotators.push_back({a});
  TAXA_RETURN_IF_ERROR(CountStandings(r, report.annotators, report.tied_items));
  return report;
}

Result<std::vector<RoundChange>> Session::CompareCalibration(const std::string& first,
                                                             const std::string& second) {
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, CalibrationRounds());
  TAXA_ASSIGN_OR_RETURN(CalibrationRound r1, FindRound(rounds, first));
  TAXA_ASSIGN_OR_RETURN(CalibrationRound r2, FindRound(rounds, second));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels l1, RoundLabels(*index_, r1));
  TAXA_ASSIGN_OR_RETURN(ProjectLabels l2, RoundLabels(*index_, r2));
  RoundAgreement a1 = AgreeOnRound(l1.sets, 0, 0), a2 = AgreeOnRound(l2.sets, 0, 0);
  auto value = [](const AgreeRow& row) {
    return row.error.empty() ? std::optional<double>(row.report.value) : std::nullopt;
  };
  std::vector<RoundChange> out;
  out.push_back({"overall", "", value(a1.overall), value(a2.overall)});
  std::map<std::string, RoundChange> per;
  for (const AgreeRow& row : a1.per_category)
    per[row.slice] = {"category", row.slice, value(row), std::nullopt};
  for (const AgreeRow& row : a2.per_category) {
    RoundChange& c = per[row.slice];
    c.kind = "category";
    c.slice = row.slice;
    c.second = value(row);
  }
  for (auto& [slice, change] : per) out.push_back(std::move(change));
  return out;
}

}  // namespace taxa::app
