// The JSON encoders of json.h, in the order of the header.
#include "session/json.h"

#include <optional>
#include <string>

#include "session/internal/json_fields.h"

#include "taxa/core/calibration_round.h"
#include "taxa/core/item.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

using nlohmann::ordered_json;

namespace {

ordered_json OrNull(const std::optional<double>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json Object(const std::vector<std::pair<std::string, int64_t>>& counts) {
  ordered_json j = ordered_json::object();
  for (const auto& [name, n] : counts) j[name] = n;
  return j;
}

// The fields of a coefficient, after whatever `j` already holds (a row's
// slice); "value" null when `defined` is false.
void AddReport(const AgreeReport& r, bool defined, ordered_json& j) {
  j["metric"] = MetricName(r.metric);
  j["level"] = LevelName(r.level);
  // A weighted kappa is another coefficient than the plain one: say so.
  if (r.weights != Weights::kNone) j["weights"] = WeightsName(r.weights);
  j["value"] = defined ? ordered_json(r.value) : ordered_json(nullptr);
  j["items"] = r.items;
  j["pairable_values"] = r.pairable_values;
  if (defined && r.ci) j["ci"] = {r.ci->first, r.ci->second};
}

// A side of a conflict: its JSON value, or the text itself when it does not
// parse (a record written by hand); null when the side has none.
ordered_json SideJson(const std::optional<std::string>& side) {
  if (!side) return nullptr;
  ordered_json j = ordered_json::parse(*side, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? ordered_json(*side) : j;
}

// What every bundle report starts with.
ordered_json BundleJson(const std::string& file, const sync::BundleInfo& b) {
  ordered_json j;
  j["file"] = file;
  j["version"] = b.version;
  j["tip"] = b.tip;
  j["objects"] = b.objects;
  j["bytes"] = b.bytes;
  j["sha256"] = b.sha256;
  j["refs"] = ordered_json::array();
  for (const auto& [id, name] : b.refs) j["refs"].push_back({{"name", name}, {"id", id}});
  j["prerequisites"] = b.prerequisites;
  return j;
}

}  // namespace

ordered_json ToJson(const ProjectStatus& status) {
  const core::IndexCounts& c = status.counts;
  ordered_json j;
  j["project"] = status.project;
  j["items"] = c.items;
  j["labeled_items"] = c.labeled_items;
  j["events"] = c.events;
  j["categories"] = status.categories;
  j["by_annotator"] = Object(c.by_annotator);
  j["by_category"] = Object(c.by_category);
  if (c.outdated_labels > 0) j["outdated_labels"] = c.outdated_labels;
  return j;
}

ordered_json ToJson(const ImportReport& r) {
  ordered_json j;
  j["read"] = r.read;
  j["added"] = r.added;
  j["unchanged"] = r.unchanged;
  j["batch"] = r.batch;
  j["commit"] = r.commit;
  return j;
}

ordered_json ToJson(const core::ItemRow& row) {
  ordered_json j = ordered_json::parse(core::EncodeItemLine(row.item));
  j["ord"] = row.ord;
  return j;
}

ordered_json ToJson(const ItemSummary& item) {
  ordered_json j = ToJson(item.row);
  j["mine"] = item.mine;
  j["others"] = item.others;
  j["skipped"] = item.skipped;
  return j;
}

ordered_json ToJson(const core::LabelEvent& e) {
  ordered_json j;
  j["event"] = e.id;
  j["item"] = e.item;
  j["annotator"] = e.annotator;
  j["categories"] = e.categories;
  return j;
}

ordered_json ToJson(const core::CurrentLabel& label) {
  ordered_json j;
  j["annotator"] = label.annotator;
  j["categories"] = label.categories;
  j["note"] = label.note;
  j["event"] = label.event_id;
  j["hlc"] = label.hlc;
  j["attributes"] = ordered_json::object();
  for (const auto& [k, v] : label.attributes) j["attributes"][k] = v;
  if (label.outdated) j["outdated"] = true;  // categories as recorded; relabel it
  return j;
}

ordered_json ToJson(const ItemLabels& labels) {
  ordered_json j;
  j["mine"] = labels.mine ? ToJson(*labels.mine) : ordered_json(nullptr);
  j["others"] = ToJson(labels.others);
  j["withheld"] = labels.withheld;
  j["withheld_why"] = labels.withheld_why;
  return j;
}

ordered_json ToJson(const LabelingProgress& progress) {
  return {{"items", progress.items},
          {"labeled_by_me", progress.labeled_by_me},
          {"labeled_today", progress.labeled_today},
          {"skipped", progress.skipped},
          {"left", progress.left}};
}

ordered_json ToJson(const sync::LogEntry& e) {
  ordered_json j;
  j["commit"] = e.commit;
  j["author"] = e.author;
  j["email"] = e.email;
  j["time"] = e.time;
  j["subject"] = e.subject;
  j["trailers"] = ordered_json::object();
  for (const auto& [k, v] : e.trailers) j["trailers"][k] = v;
  return j;
}

ordered_json ToJson(const core::Taxonomy& t) {
  ordered_json j;
  j["categories"] = ordered_json::array();
  for (const auto& [id, depth] : t.TreeOrder()) {
    // The category as its file holds it: one source for the fields and their order.
    ordered_json c = ordered_json::parse(core::EncodeCategory(*t.Find(id)));
    c["depth"] = depth;
    j["categories"].push_back(std::move(c));
  }
  j["attributes"] = ordered_json::array();
  for (const auto& [id, a] : t.attributes()) j["attributes"].push_back(ToJson(a));
  return j;
}

ordered_json ToJson(const TaxonomyCheck& check) {
  ordered_json j;
  j["valid"] = check.valid();
  j["problems"] = check.problems;
  return j;
}

ordered_json ToJson(const core::ReleaseManifest& release) {
  return ordered_json::parse(core::EncodeRelease(release));
}

ordered_json ToJson(const AgreeReport& report) {
  ordered_json j;
  AddReport(report, true, j);
  return j;
}

ordered_json ToJson(const AgreeRow& row) {
  ordered_json j;
  if (row.kind == "pair") {
    const size_t comma = row.slice.find(',');
    j["annotators"] = {row.slice.substr(0, comma), row.slice.substr(comma + 1)};
  } else if (row.kind == "depth") {
    j["depth"] = std::stoi(row.slice);
  } else if (row.kind != "overall") {
    j[row.kind] = row.slice;
  }
  AddReport(row.report, row.error.empty(), j);
  if (!row.error.empty()) j["error"] = row.error;
  if (row.percent) j["percent"] = *row.percent;
  if (row.outdated_labels > 0) j["outdated_labels"] = row.outdated_labels;
  return j;
}

ordered_json ToJson(const AnnotatorStanding& a) {
  return {{"annotator", a.annotator},
          {"labeled", a.labeled},
          {"compared", a.compared},
          {"disagreements", a.disagreements},
          {"disagreement_rate", a.disagreement_rate}};
}

ordered_json ToJson(const StandingsReport& report) {
  ordered_json j;
  j["annotators"] = ToJson(report.annotators);
  j["items"] = report.items;
  j["tied_items"] = report.tied_items;
  if (report.outdated_labels > 0) j["outdated_labels"] = report.outdated_labels;
  return j;
}

ordered_json ToJson(const core::ConfusedPair& p) {
  return {{"a", p.a}, {"b", p.b}, {"a_as_b", p.a_as_b}, {"b_as_a", p.b_as_a}, {"total", p.total}};
}

ordered_json ToJson(const core::ConfusionReport& r) {
  ordered_json j;
  j["categories"] = r.categories;
  ordered_json matrix = ordered_json::array();
  for (size_t t = 0; t < r.CategoryCount(); ++t) {
    ordered_json row = ordered_json::array();
    for (size_t p = 0; p < r.CategoryCount(); ++p) row.push_back(r.Count(t, p));
    matrix.push_back(std::move(row));
  }
  j["matrix"] = std::move(matrix);
  j["total"] = r.total;
  j["accuracy"] = r.accuracy;
  j["per_category"] = ordered_json::array();
  for (const core::CategoryScores& c : r.per_category)
    j["per_category"].push_back({{"category", c.category},
                                 {"precision", c.precision},
                                 {"recall", c.recall},
                                 {"f1", c.f1},
                                 {"support", c.support}});
  j["macro_f1"] = r.macro.f1;
  return j;
}

ordered_json ToJson(const AnnotatorConfusion& c) {
  ordered_json j = ToJson(c.confusion);
  j["most_confused"] = ToJson(c.most_confused);
  return j;
}

ordered_json ToJson(const ConsensusReport& r) {
  const bool majority = r.method == ConsensusMethod::kMajority;
  ordered_json j;
  j["method"] = ConsensusMethodName(r.method);
  j["items"] = ordered_json::array();
  for (const ConsensusItem& item : r.items) {
    ordered_json i{{"item", item.item}, {"label", item.label}, {"ratings", item.ratings}};
    if (majority) {
      i["votes"] = item.votes;
      i["tied"] = item.tied;
    } else {
      i["posterior"] = OrNull(item.posterior);
    }
    j["items"].push_back(std::move(i));
  }
  if (majority) {
    j["ties"] = r.ties;
  } else {
    j["annotators"] = ordered_json::array();
    for (const auto& [name, accuracy] : r.annotator_accuracy)
      j["annotators"].push_back({{"annotator", name}, {"accuracy", accuracy}});
    j["iterations"] = r.iterations;
    j["converged"] = r.converged;
  }
  if (r.outdated_labels > 0) j["outdated_labels"] = r.outdated_labels;
  return j;
}

ordered_json ToJson(const QualityOverview& o) {
  ordered_json j;
  j["overall"] = o.overall ? ToJson(*o.overall) : ordered_json(nullptr);
  j["overall_error"] = TextOrNull(o.overall_error);
  j["per_category"] = ToJson(o.per_category);
  j["pairs"] = ToJson(o.pairs);
  j["breakdown_error"] = TextOrNull(o.breakdown_error);
  j["annotators"] = o.annotators;
  j["has_gold"] = o.has_gold;
  j["standings"] = ToJson(o.standings);
  j["standings_error"] = TextOrNull(o.standings_error);
  j["rounds"] = ToJson(o.rounds, JsonDetail::kBrief);
  j["rounds_error"] = TextOrNull(o.rounds_error);
  if (o.outdated_labels > 0) j["outdated_labels"] = o.outdated_labels;
  return j;
}

ordered_json ToJson(const CalibrationRound& round, JsonDetail detail) {
  ordered_json j = ordered_json::parse(core::EncodeRound(round));
  j["item_count"] = round.items.size();
  if (detail == JsonDetail::kBrief) j.erase("items");
  return j;
}

ordered_json ToJson(const CalibrationReport& r) {
  ordered_json j;
  j["round"] = ToJson(r.round, JsonDetail::kBrief);
  j["overall"] = r.overall.empty() ? ordered_json(nullptr) : ToJson(r.overall.front());
  j["per_category"] = ToJson(r.per_category);
  j["most_confused"] = ToJson(r.confused);
  j["annotators"] = ToJson(r.annotators);
  j["tied_items"] = r.tied_items;
  if (r.outdated_labels > 0) j["outdated_labels"] = r.outdated_labels;
  return j;
}

ordered_json ToJson(const RoundComparison& comparison) {
  ordered_json out = ordered_json::array();
  for (const RoundChange& c : comparison.changes) {
    ordered_json j;
    if (c.kind == "overall")
      j["overall"] = true;
    else
      j[c.kind] = c.slice;
    j[comparison.first] = OrNull(c.first);
    j[comparison.second] = OrNull(c.second);
    j["change"] = OrNull(c.change());
    out.push_back(std::move(j));
  }
  return out;
}

ordered_json ToJson(const RoundWaiting& w) {
  ordered_json j;
  j["round"] = ToJson(w.round, JsonDetail::kBrief);
  j["labeled"] = w.labeled;
  j["more"] = w.more;
  j["next_item"] = w.next_item;
  j["next_ord"] = w.next_ord;
  return j;
}

ordered_json ToJson(const core::GoldLabel& g) {
  ordered_json j = {
      {"item", g.item}, {"categories", g.categories}, {"lead", g.lead}, {"note", g.note}};
  if (g.outdated) j["outdated"] = true;  // categories as recorded: a split or retired category
  return j;
}

ordered_json ToJson(const ImportGoldReport& r) {
  return {{"records", r.records}, {"commit", r.commit}};
}

ordered_json ToJson(const GoldReport& r) {
  ordered_json j;
  j["annotators"] = ordered_json::array();
  for (const GoldScore& a : r.annotators)
    j["annotators"].push_back(
        {{"annotator", a.annotator}, {"items", a.items}, {"accuracy", a.accuracy}});
  j["subject"] = r.subject.empty() ? ordered_json(nullptr) : ordered_json(r.subject);
  j["confusion"] = ToJson(r.confusion);
  if (r.outdated_labels > 0) j["outdated_labels"] = r.outdated_labels;
  if (r.outdated_gold > 0) j["outdated_gold"] = r.outdated_gold;
  return j;
}

ordered_json ToJson(const Remote& remote) { return {{"name", remote.name}, {"url", remote.url}}; }

ordered_json ToJson(const RemoteStatus& r) {
  ordered_json j;
  j["name"] = r.name;
  j["url"] = r.url;
  j["tracking"] = r.tracking;
  j["ahead"] = r.ahead;
  j["behind"] = r.behind;
  j["last_sync"] = r.last_sync ? ordered_json{{"time", r.last_sync->time},
                                              {"ok", r.last_sync->ok},
                                              {"summary", r.last_sync->summary}}
                               : ordered_json(nullptr);
  return j;
}

ordered_json ToJson(const SyncReport& r) {
  ordered_json j;
  j["remote"] = r.remote;
  j["fetched"] = r.fetched;
  j["head"] = r.head;
  j["merged"] = r.merged;
  j["fast_forward"] = r.fast_forward;
  j["conflicts"] = r.conflicts;
  j["pushed"] = r.pushed;
  j["attempts"] = r.attempts;
  return j;
}

ordered_json ToJson(const CloneReport& r) {
  ordered_json j;
  j["dir"] = r.dir;
  j["url"] = r.url;
  j["project"] = r.project;
  j["head"] = r.head;
  return j;
}

ordered_json ToJson(const core::MergeConflict& c, JsonDetail detail) {
  ordered_json j;
  j["id"] = c.id;
  j["kind"] = c.kind;
  j["path"] = c.path;
  j["field"] = c.field;
  if (detail == JsonDetail::kFull) {
    j["base"] = SideJson(c.base);
    j["ours"] = SideJson(c.ours);
    j["theirs"] = SideJson(c.theirs);
  }
  return j;
}

ordered_json ToJson(const ResolvedConflict& resolved) {
  ordered_json j = ToJson(resolved.conflict, JsonDetail::kBrief);
  j["resolution"] = TakeName(resolved.resolution.take);
  return j;
}

ordered_json ToJson(const BundleCreateReport& r) {
  ordered_json j = BundleJson(r.file, r.bundle);
  j["manifest"] = r.manifest;
  j["recorded"] = r.recorded;
  return j;
}

ordered_json ToJson(const BundleVerifyReport& r) {
  ordered_json j = BundleJson(r.file, r.bundle);
  j["manifest_checked"] = r.bundle.manifest_checked;
  j["prerequisites_checked"] = r.bundle.prerequisites_checked;
  return j;
}

ordered_json ToJson(const BundleApplyReport& r) {
  ordered_json j = BundleJson(r.file, r.bundle);
  j["head"] = r.merge.head;
  j["merged"] = r.merge.merged;
  j["fast_forward"] = r.merge.fast_forward;
  j["conflicts"] = r.merge.conflicts;
  j["proposals"] = r.proposals;
  return j;
}

ordered_json ToJson(const Setting& s) {
  ordered_json j;
  j["key"] = s.key;
  j["value"] = s.value ? ordered_json(s.value->value) : ordered_json(nullptr);
  j["scope"] = !s.value                                         ? ordered_json(nullptr)
               : s.value->scope == sync::SettingScope::kProject ? ordered_json("project")
                                                                : ordered_json("user");
  return j;
}

ordered_json ToJson(const sync::BadObject& b) {
  ordered_json j;
  j["id"] = b.id;
  j["type"] = b.type;
  j["problem"] = b.problem == sync::ObjectProblem::kMissing ? "missing" : "damaged";
  j["reason"] = b.reason;
  j["stored"] = b.stored;
  j["paths"] = b.paths;
  j["commits"] = b.commits;
  j["commit_count"] = b.commit_count;
  j["refs"] = b.refs;
  return j;
}

ordered_json ToJson(const sync::FsckReport& r) {
  ordered_json j;
  j["whole"] = r.whole();
  j["refs"] = r.refs;
  j["checked"] = {{"commits", r.commits}, {"trees", r.trees}, {"blobs", r.blobs}, {"tags", r.tags}};
  j["bad"] = ToJson(r.bad);
  return j;
}

ordered_json ToJson(const RepairOutcome& outcome) {
  const sync::RepairReport& rep = outcome.repair;
  ordered_json j;
  j["source"] = rep.source;
  j["kind"] = rep.kind;
  j["from"] = rep.from;
  j["whole"] = rep.after.whole();
  j["restored"] = ordered_json::array();
  for (const sync::RestoredObject& o : rep.restored) {
    ordered_json k;
    k["id"] = o.id;
    k["type"] = o.type;
    k["paths"] = o.paths;
    k["quarantined"] = o.quarantined.empty() ? "" : outcome.git_dir + "/" + o.quarantined;
    j["restored"].push_back(std::move(k));
  }
  j["unrestored"] = ToJson(rep.unrestored);
  j["quarantined"] = ordered_json::array();
  for (const std::string& q : rep.quarantined)
    j["quarantined"].push_back(outcome.git_dir + "/" + q);
  j["labels_committed"] = outcome.committed;
  j["labels_journaled"] = outcome.still_journaled;
  j["before"] = ToJson(rep.before);
  j["after"] = ToJson(rep.after);
  return j;
}

}  // namespace taxa::app
