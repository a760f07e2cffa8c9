// Vendors and workforce (issue 13, item 5): per vendor, team and annotator,
// what was delivered, how fast, how well and at what cost, against the
// vendor's targets (taxa.json "vendors", core::VendorTerms). Pure: the
// session counts each annotator's work (AnnotatorWork) and this pools it.
//
// The figures, for an annotator or pooled over a team or vendor:
//   items_labeled       current non-empty labels (one per item labeled).
//   items_per_hour      label events with a recorded time spent, divided by
//                       the hours recorded on them (absent with no time).
//   accuracy            of the labels on items with gold, the share equal to
//                       gold (as `taxa gold report` counts), pooled by items.
//   agreement           pairwise agreement with peers: on each item the
//                       annotator labeled, their current label is compared
//                       with every other current label of the item; the
//                       share of those comparisons where the two label sets
//                       are equal. Pooled, it is the share over all the
//                       group's comparisons (for two annotators it is their
//                       observed agreement, NLTK's AnnotationTask.Ao).
//   rework              of the annotator's labels reviewed (the latest
//                       review of each label event, as the defect report
//                       counts), the share rejected or corrected.
//   cost                rate x items_labeled (per item) or rate x hours
//                       recorded (per hour), in the vendor's currency.
//   cost_per_accepted   cost / accepted labels, where accepted labels are
//                       estimated as items_labeled x (accepted reviews /
//                       reviewed): the review sample's acceptance share
//                       applied to all delivered labels. Absent without
//                       reviews, a rate or acceptances.
//   turnaround          for each item an annotator labeled, the time from
//                       the item's arrival in the project (the stamp of its
//                       batch, items/<YYYYMMDDTHHMMSSZ>-<hash>/: when
//                       `taxa items import` took it in) to the annotator's
//                       first label of it (the earliest event with
//                       categories, by clock). Given as the median and the
//                       90th percentile in hours (linear interpolation,
//                       core/quantile.h), pooled over all the group's
//                       labels. Not measured, and counted apart: a first
//                       label with no time (imported without one) or with
//                       a time before the item's arrival (made elsewhere
//                       before the item came in, or a clock running
//                       behind), and items of a batch named by hand.
// A group's figures pool its annotators' counts (never an average of
// rates); its cost is the sum of theirs.
//
// Targets (VendorTargets) hold for the vendor, its teams and its
// annotators. A target is missed when the figure is below it (accuracy,
// agreement, items_per_hour), or for turnaround_hours when the 90th
// percentile is above it (one label in ten may take longer); a target
// whose figure is absent is listed as unmeasured.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {

// One annotator's counts, from the session.
struct AnnotatorWork {
  std::string annotator;
  uint64_t items_labeled = 0;
  uint64_t timed_labels = 0;  // label events with duration_ms > 0
  uint64_t time_ms = 0;       // their duration_ms summed
  uint64_t gold_items = 0;
  uint64_t gold_correct = 0;
  uint64_t compared = 0;  // comparisons with a peer's label of the same item
  uint64_t agreed = 0;    // of those, the two label sets are equal
  uint64_t reviewed = 0;  // labels whose latest review is an accept, correct or reject
  uint64_t defects = 0;   // of those, correct or reject
  uint64_t accepted = 0;  // of those, accept
  std::vector<int64_t> turnaround_s;   // per item measured: seconds to the first label
  uint64_t turnaround_unmeasured = 0;  // first labels not measured (see above)
};

struct WorkFigures {
  uint64_t annotators = 0;  // pooled (1 for an annotator row)
  uint64_t items_labeled = 0;
  uint64_t timed_labels = 0;
  double hours = 0;
  std::optional<double> items_per_hour;
  uint64_t gold_items = 0;
  std::optional<double> accuracy;
  uint64_t compared = 0;  // comparisons with peers (AnnotatorWork::compared)
  std::optional<double> agreement;
  uint64_t reviewed = 0;
  uint64_t defects = 0;
  uint64_t accepted = 0;
  std::optional<double> rework;
  std::optional<double> cost;  // absent without a rate
  std::string currency;
  std::optional<double> cost_per_accepted;
  uint64_t turnaround_labels = 0;  // first labels measured
  uint64_t turnaround_unmeasured = 0;
  std::optional<double> turnaround_median_hours;
  std::optional<double> turnaround_p90_hours;
  std::vector<std::string> missed;      // accuracy, agreement, items_per_hour, turnaround_hours
  std::vector<std::string> unmeasured;  // targets set whose figure is absent
};

struct VendorReportRow {
  std::string name;    // the vendor, team or annotator ("" vendor: annotators of none)
  std::string vendor;  // the vendor it belongs to
  std::string team;    // annotator rows: their team, "" for none
  WorkFigures figures;
};

struct VendorReport {
  std::vector<VendorReportRow> vendors;     // by name; "" last when any annotator has none
  std::vector<VendorReportRow> teams;       // by vendor, then team
  std::vector<VendorReportRow> annotators;  // by vendor, then annotator
  uint64_t turnaround_unmeasured = 0;       // over every annotator: what the faces say apart
};

// Pools `work` by the vendors and teams of `settings`; annotators the
// settings list without work get rows of zeros, and annotators with work
// but no vendor come under the vendor "".
VendorReport BuildVendorReport(const std::vector<AnnotatorWork>& work,
                               const ProjectSettings& settings);

}  // namespace taxa::core
