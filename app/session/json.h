// JSON of the session's results: one encoder per result type, shared by every
// face that prints or serves JSON (the CLI's --json, the web API), so a field
// is named and shaped once.
//
//   TAXA_ASSIGN_OR_RETURN(ProjectStatus status, Items(*project).Overview());
//   std::cout << ToJson(status).dump() << "\n";
//   std::cout << ToJson(rounds, JsonDetail::kBrief).dump() << "\n";   // a list: an array
//
// Conventions: keys are snake_case and come in a fixed order (ordered_json);
// counts are numbers; a value that is undefined or absent is null (never
// omitted) unless a comment says otherwise; ids are full (40 hex digits for
// commits); enums are written by the names their Parse functions read
// ("alpha", "dawid-skene", "stratified:source"). Encoders are pure: they
// read nothing and never fail. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "session/access.h"
#include "session/actions.h"
#include "session/agree.h"
#include "session/bundles.h"
#include "session/calibration.h"
#include "session/conflicts.h"
#include "session/defect_report.h"
#include "session/integrity.h"
#include "session/items.h"
#include "session/label_import.h"
#include "session/labeling.h"
#include "session/predictions.h"
#include "session/proposals.h"
#include "session/quality.h"
#include "session/relabel.h"
#include "session/review.h"
#include "session/sampling_plans.h"
#include "session/remotes.h"
#include "session/settings.h"
#include "session/signatures.h"
#include "session/taxonomy_edits.h"
#include "session/taxonomy_history.h"
#include "session/users.h"
#include "session/vendors.h"
#include <nlohmann/json.hpp>

#include "taxa/core/confusion.h"
#include "taxa/core/index.h"
#include "taxa/core/label_event.h"
#include "taxa/core/merge.h"
#include "taxa/core/release.h"
#include "taxa/core/taxonomy.h"
#include "taxa/sync/fsck.h"
#include "taxa/sync/repository.h"

namespace taxa::app {

// For results a list shows briefly and a page in full (rounds without their
// items, conflicts without their sides).
enum class JsonDetail { kBrief, kFull };

// Items and labels.
// {"project","items","labeled_items","events","categories","by_annotator":{name: n},
//  "by_category":{id: n}}
nlohmann::ordered_json ToJson(const ProjectStatus& status);
// {"read","added","unchanged","batch","commit"}; batch and commit "" when nothing was new.
nlohmann::ordered_json ToJson(const ImportReport& report);
// The item's line as exported (core::EncodeItemLine: "id", "text" or the media
// fields, "meta"), then "ord".
nlohmann::ordered_json ToJson(const core::ItemRow& row);
// ToJson(row) with "mine" and "others" (bool).
nlohmann::ordered_json ToJson(const ItemSummary& item);
// {"event","item","annotator","categories"}: what a label recorded.
nlohmann::ordered_json ToJson(const core::LabelEvent& event);
// {"annotator","categories","note","event","hlc","attributes":{id: value}}
nlohmann::ordered_json ToJson(const core::CurrentLabel& label);
// {"mine": label or null,"others":[label],"withheld","withheld_why"}
nlohmann::ordered_json ToJson(const ItemLabels& labels);
// {"items":[summary],"next_cursor": n or null,"total"} (json_items.cpp);
// `total` is the project's item count.
nlohmann::ordered_json ToJson(const ItemPage& page, int64_t total);
// {"items","labeled_by_me","labeled_today","skipped","left"}
nlohmann::ordered_json ToJson(const LabelingProgress& progress);
// One commit: {"commit","author","email","time","subject","trailers":{key: value}}.
nlohmann::ordered_json ToJson(const sync::LogEntry& entry);

// The taxonomy.
// {"categories":[each category file's fields, then "depth" (0 at the top)], in tree
//  order; "attributes":[{"id","name","type","values","description"}]}
nlohmann::ordered_json ToJson(const core::Taxonomy& taxonomy);
// {"valid","problems":[line]}
nlohmann::ordered_json ToJson(const TaxonomyCheck& check);
// The release manifest's file (core::EncodeRelease).
nlohmann::ordered_json ToJson(const core::ReleaseManifest& release);

// Agreement.
// {"metric","level",("weights" only when weighted),"value","items","pairable_values",
//  ("ci":[lo, hi] only when asked)}
nlohmann::ordered_json ToJson(const AgreeReport& report);
// The slice first ({"category": id}, {"depth": 1}, {"annotators": [a, b]},
// {"vendor": v}, {<metadata key>: value}; nothing for an "overall" row), then
// as AgreeReport with "value" null and an "error" when undefined, then
// "percent" for pairs when defined.
nlohmann::ordered_json ToJson(const AgreeRow& row);
// {"annotator","labeled","compared","disagreements","disagreement_rate"}
nlohmann::ordered_json ToJson(const AnnotatorStanding& standing);
// {"annotators":[standing],"items","tied_items"}
nlohmann::ordered_json ToJson(const StandingsReport& report);
// {"a","b","a_as_b","b_as_a","total"}
nlohmann::ordered_json ToJson(const core::ConfusedPair& pair);
// {"categories","matrix":[[count]] (rows the truth),"total","accuracy",
//  "per_category":[{"category","precision","recall","f1","support"}],"macro_f1"}
nlohmann::ordered_json ToJson(const core::ConfusionReport& report);
// ToJson(confusion) with "most_confused":[pair].
nlohmann::ordered_json ToJson(const AnnotatorConfusion& confusion);
// {"method","items":[{"item","label","ratings", majority: "votes","tied";
//  dawid-skene: "posterior"}], majority: "ties"; dawid-skene: "annotators":
//  [{"annotator","accuracy"}],"iterations","converged"}
nlohmann::ordered_json ToJson(const ConsensusReport& report);
// {"overall": row or null,"overall_error","per_category":[row],"pairs":[row],
//  "breakdown_error","annotators","has_gold","standings","standings_error",
//  "rounds":[brief round],"rounds_error"}; each *_error null when there is none.
nlohmann::ordered_json ToJson(const QualityOverview& overview);

// Calibration.
// The round's file (core::EncodeRound) with "item_count"; kBrief leaves out "items".
nlohmann::ordered_json ToJson(const CalibrationRound& round, JsonDetail detail = JsonDetail::kFull);
// {"round": brief,"overall": row,"per_category":[row],"most_confused":[pair],
//  "annotators":[standing],"tied_items"}
nlohmann::ordered_json ToJson(const CalibrationReport& report);
// [{"overall": true | "category": id, <first round>: alpha, <second round>: alpha,
//  "change": second - first}], alphas null when undefined.
nlohmann::ordered_json ToJson(const RoundComparison& comparison);
// {"round": brief,"labeled","more","next_item","next_ord"}
nlohmann::ordered_json ToJson(const RoundWaiting& waiting);

// Gold.
// {"item","categories","lead","note"}
nlohmann::ordered_json ToJson(const core::GoldLabel& gold);
// {"records","commit"}
nlohmann::ordered_json ToJson(const ImportGoldReport& report);
// {"annotators":[{"annotator","items","accuracy"}],"subject": annotator or null,
//  "confusion": confusion}
nlohmann::ordered_json ToJson(const GoldReport& report);

// Remotes, sync, conflicts, bundles.
// {"name","url"}
nlohmann::ordered_json ToJson(const Remote& remote);
// {"name","url","tracking","ahead","behind","last_sync": {"time","ok","summary"} or null}
nlohmann::ordered_json ToJson(const RemoteStatus& status);
// {"remote","fetched","head","merged","fast_forward","conflicts","pushed","attempts"}
nlohmann::ordered_json ToJson(const SyncReport& report);
// {"dir","url","project","head"}
nlohmann::ordered_json ToJson(const CloneReport& report);
// {"id","kind","path","field"}; kFull adds "base","ours","theirs": each side's
// value (null when that side has none).
nlohmann::ordered_json ToJson(const core::MergeConflict& conflict,
                              JsonDetail detail = JsonDetail::kFull);
// The brief conflict with "resolution": "ours", "theirs", "base" or "value".
nlohmann::ordered_json ToJson(const ResolvedConflict& resolved);
// Each starts {"file","version","tip","objects","bytes","sha256","refs":[{"name","id"}],
// "prerequisites"}; create adds "manifest","recorded" ("" when not recorded);
// verify "manifest_checked","prerequisites_checked"; apply "head","merged",
// "fast_forward","conflicts".
nlohmann::ordered_json ToJson(const BundleCreateReport& report);
nlohmann::ordered_json ToJson(const BundleVerifyReport& report);
nlohmann::ordered_json ToJson(const BundleApplyReport& report);

// Settings and integrity.
// {"key","value","scope": "project" or "user"}; value and scope null when unset.
nlohmann::ordered_json ToJson(const Setting& setting);
// {"id","type","problem": "damaged" or "missing","reason","stored","paths","commits",
//  "commit_count","refs"}
nlohmann::ordered_json ToJson(const sync::BadObject& bad);
// {"whole","refs","checked":{"commits","trees","blobs","tags"},"bad":[object]}
nlohmann::ordered_json ToJson(const sync::FsckReport& report);
// {"source","kind","from","whole","restored":[{"id","type","paths","quarantined"}],
//  "unrestored":[object],"quarantined":[path],"labels_committed","labels_journaled",
//  "before": fsck,"after": fsck}; quarantined paths are absolute ("" when none).
nlohmann::ordered_json ToJson(const RepairOutcome& outcome);

// People and access (json_people.cpp).
// {"name","roles":[role],"token": bool,"token_created": ISO 8601 or null}
nlohmann::ordered_json ToJson(const UserEntry& user);
// {"name","role","token"}: the only place a token is ever written.
nlohmann::ordered_json ToJson(const NewUser& user);
// {"user","roles":[role],"roles_in_force"}
nlohmann::ordered_json ToJson(const Standing& standing);

// Quality over time and consensus by pages (json_quality.cpp).
// {"kind","name","start","end","labels","items","alpha","alpha_error","gold_labels",
//  "gold_accuracy"}; name null for the labels before the first release, start
// null there, end null for the latest release, alpha and gold_accuracy null
// when undefined, alpha_error null when alpha is defined.
nlohmann::ordered_json ToJson(const QualityPeriod& period);
// ToJson(report) with only the items at positions [cursor, cursor + limit),
// then "next_cursor" (the position after the page, null at the end) and
// "total" (the report's items).
nlohmann::ordered_json ToJson(const ConsensusReport& report, size_t cursor, size_t limit);

// Labeling forms and media (json_labeling.cpp).
// {"id","name","type","values","description"}, as in the taxonomy's "attributes".
nlohmann::ordered_json ToJson(const core::Attribute& attribute);
// {"attributes":[attribute],"by_category":{category id: [attribute id]}}
nlohmann::ordered_json ToJson(const LabelFormSchema& schema);
// {"ok","error": message or null,"fields":{attribute id: message},"attributes":[attribute]}
nlohmann::ordered_json ToJson(const LabelCheck& check);

// Signatures (json_signatures.cpp).
// {"commit","action","author","time","subject","state","key","problem"}; key
// and problem null when empty.
nlohmann::ordered_json ToJson(const SignedCommitCheck& check);
// {"ok","checked","refs":[ref],"failed":[check]}
nlohmann::ordered_json ToJson(const VerifyReport& report);
// Taxonomy history (json_history.cpp).
// {"commit","time" (seconds, UTC),"version" (null unless named by one)}
nlohmann::ordered_json ToJson(const HistoryPoint& point);
// The manifest's "changes" object (core::EncodeChanges): "added","removed",
// "renamed","moved","redefined","deprecated","merged","split","fields"
// ({id: {field: {"before","after"}}}).
nlohmann::ordered_json ToJson(const core::TaxonomyChanges& changes);
// Every field of a category, in file order: {field: value}.
nlohmann::ordered_json CategoryFieldsJson(const core::Category& category);
// {"field","value","commit","author","email","time","subject","rationale"
//  (null when none),"approved_by":[...],"merged_in" (null when made on main)}
nlohmann::ordered_json ToJson(const BlameField& field);
// {"commit","time","author","email","subject","action","rationale" (null when
//  none),"approved_by":[...],"version" (null unless it made a release),
//  "categories":[id]}
nlohmann::ordered_json ToJson(const TimelineEntry& entry);
// {"version","labels":[{"event","item","annotator","categories","taxonomy","hlc"}],
//  "unresolved"}
nlohmann::ordered_json ToJson(const MadeUnder& made);
// Labels carried forward: every statistic's object (status, agreement rows,
// standings, consensus, overview, calibration and gold reports, periods)
// gains "outdated_labels" (and a gold report "outdated_gold") when labels
// were left out as outdated; absent when there were none, so results of
// projects whose labels all read forward keep their shape. A current or gold
// label that is outdated carries "outdated": true.
//
// The relabel queue (json_relabel.cpp).
// {"item","ord","annotator","recorded":[id],"choices":[id]}
nlohmann::ordered_json ToJson(const RelabelEntry& entry);
// Proposals (json_proposals.cpp).
// {"person","role","decision": "approve"|"reject","rationale","commit","time","in_force"}
nlohmann::ordered_json ToJson(const ProposalDecision& decision);
// {"id","sensitive","labels","gold","calibration","annotators","relabel"}
nlohmann::ordered_json ToJson(const CategoryImpact& impact);
// {"name","branch","state","author","rationale","opened","fork","tip","sensitive",
//  "editors","decisions","approved_by","missing","changes" (as a release's), "impact"}
nlohmann::ordered_json ToJson(const ProposalSummary& proposal);
// Label import (json_label_import.cpp).
// {"rows","added","already","annotators","vendor_added","commit"}
nlohmann::ordered_json ToJson(const LabelImportReport& report);

// Sampling plans (json_sampling.cpp).
// {"code","n","ac","re","lot","lot_code","level","aql","table_n","hundred_percent","arrow"}:
// `code` is the letter whose sample size n is used (after the table's arrows).
nlohmann::ordered_json ToJson(const core::AcceptancePlan& plan);
// The plan as its file holds it (core/sampling_plan.h); kBrief leaves out "items".
nlohmann::ordered_json ToJson(const core::SamplingPlan& plan,
                              JsonDetail detail = JsonDetail::kFull);

// Predictions and data actions (json_actions.cpp).
// {"rows","models":[{"model","predictions","path","already"}],"commit"}; commit "" when
// nothing was new.
nlohmann::ordered_json ToJson(const PredictionsImportReport& report);
// {"model","files","latest"}
nlohmann::ordered_json ToJson(const ModelSummary& model);
// {"rank","kind","title","score","categories":[id],"slice","evidence","numbers":{name: x},
//  "examples":[item],"items": n}: `items` counts the items a queue would take
//  (relabel; 0 otherwise); `slice` is "" unless a coverage gap.
nlohmann::ordered_json ToJson(const core::DataAction& action, size_t rank);
// {"model" (null without predictions),"label_source","items","labeled","tied","multi",
//  "predictions","examined","total","actions":[action],"notes":[text]}
nlohmann::ordered_json ToJson(const ActionsReport& report);

// Second-pass review (json_review.cpp).
// {"id","name","description"}
nlohmann::ordered_json ToJson(const core::ErrorType& type);
// {"id","verdict","item","annotator","label","reviewer","device","hlc","plan",
//  "categories","errors","rule","note","ms","defects","reviewed"}: item,
//  annotator, label, plan and rule null when empty (a lot decision has no item).
nlohmann::ordered_json ToJson(const core::ReviewEvent& review);
// {"plan","item","ord","annotator","label": current label}
nlohmann::ordered_json ToJson(const ReviewTask& task);
// {"plan","item": item row,"annotator","label": current label,"others":[label],
//  "categories":[category fields],"left"}
nlohmann::ordered_json ToJson(const ReviewCard& card);
// {"plan","method","drawn","unlabeled","labels","reviewed_labels","reviewed",
//  "defects","queue","n","ac","re" (null unless the plan decides a lot),
//  "decision": "accept"|"reject"|null,"recorded": the lot review or null}
nlohmann::ordered_json ToJson(const ReviewStatus& status);
// {"review","commit","lot": the lot review it brought or null,"status"}
nlohmann::ordered_json ToJson(const ReviewOutcome& outcome);

// Defect and vendor reports (json_reports.cpp).
// {"level","review_events","lot_decisions","superseded","before_since",
//  "unknown_labels","unresolved_releases",
//  "overall": {"reviewed","defects","rate","low","high"},
//  "by": {"category": [{"value", ...as overall}], ...} in the order asked,
//  "pareto": [{"error","count","share","cumulative"}], "untyped_defects",
//  "trend_period": "none"|"day"|"week", "trend": [{"period","start", ...as overall}]}
// ("start" an ISO 8601 UTC time; "rate","low","high" null when nothing was reviewed).
nlohmann::ordered_json ToJson(const DefectAnalysis& analysis);
// {"vendors": [row], "teams": [row], "annotators": [row]}, each row
// {"name","vendor","team","annotators","items_labeled","timed_labels","hours",
//  "items_per_hour","gold_items","accuracy","compared","agreement","reviewed",
//  "defects","accepted","rework","cost","currency","cost_per_accepted",
//  "missed": [...], "unmeasured": [...]} (absent figures null).
nlohmann::ordered_json ToJson(const core::VendorReport& report);
// taxa.json's vendors, long form for every vendor:
// {"acme": {"annotators": [...], "teams": {...}, "rate": {...}|null, "targets": {...}}}
nlohmann::ordered_json VendorsJson(const core::ProjectSettings& settings);

// A list: a JSON array of its elements' encodings, each with `detail` when
// the element's encoder takes one.
template <typename T, typename... Detail>
nlohmann::ordered_json ToJson(const std::vector<T>& list, Detail... detail) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const T& x : list) out.push_back(ToJson(x, detail...));
  return out;
}

}  // namespace taxa::app
