// The Vendors window (F4): the vendors of taxa.json with their teams,
// annotators, rate and targets (app::Vendors::Settings), and the report per
// vendor (app::Vendors::Report, as `taxa vendors report`): items labeled,
// items per hour, accuracy against gold, agreement with peers, rework, cost
// and cost per accepted label, each figure below its target shown in red
// with the target. A vendor's row opens to its teams and annotators.
//
//   VendorsKey want{host.generation(), project.revision()};
//   if (!host.reader_running() && vendors.read.Needs(want)) StartVendorsRead(host, want, vendors);
//   ... host.PollReader() -> AdoptBackgroundRead(vendors.read, *done);
//   DrawVendorsWindow(vendors, host.reader_running());
//
// The report reads every committed label event, so it is read on the GUI's
// background reader (background_read.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gui/background_read.h"
#include "session/project.h"
#include "session/project_host.h"
#include "session/vendors.h"

namespace taxa::gui {

struct VendorsKey {
  uint64_t generation = 0;
  uint64_t revision = 0;
  bool operator==(const VendorsKey&) const = default;
};

struct VendorsData {
  std::map<std::string, std::set<std::string>> vendors;  // taxa.json: vendor -> annotators
  std::map<std::string, core::VendorTerms> terms;
  std::optional<core::VendorReport> report;
  std::string error;  // one line
};

struct VendorsUi {
  bool visible = false;  // shown instead of the label workspace
};

struct VendorsWindow {
  BackgroundRead<VendorsKey, VendorsData> read;
  VendorsUi ui;
};

VendorsData ReadVendors(app::Project& project, const VendorsKey& key);
Status StartVendorsRead(app::ProjectHost& host, const VendorsKey& key, VendorsWindow& vendors);
// Reads on the calling thread when the key moved (tests).
void RefreshVendorsWindow(app::Project& project, uint64_t generation, VendorsWindow& vendors);

// One row as shown: each figure's text ("-" when absent) and whether it
// misses its target (then `target` holds the target's text).
struct VendorCell {
  std::string text;
  bool missed = false;
  std::string target;
  bool above = false;  // missed by being above the target (turnaround), not below
};
struct VendorRowText {
  std::string name;  // "(no vendor)" for ""
  std::string annotators, items;
  VendorCell items_per_hour, accuracy, agreement;
  VendorCell turnaround;  // "median / 90th percentile" hours
  std::string rework, cost, cost_per_accepted;
};
// `targets` are the vendor's (they hold for its teams and annotators).
VendorRowText VendorRowTextOf(const core::VendorReportRow& row, const core::VendorTargets& targets);
// "0.50 USD per item" ("" without a rate) and "accuracy >= 90%, items/h >= 50".
std::string FormatRate(const std::optional<core::VendorRate>& rate);
std::string FormatTargets(const core::VendorTargets& targets);

void DrawVendorsWindow(VendorsWindow& vendors, bool reading);

}  // namespace taxa::gui
