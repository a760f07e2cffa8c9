// Vendors and workforce (`taxa vendors ...`): the vendors of taxa.json with
// their annotators, teams, rate and targets (core::VendorTerms), and the
// report per vendor, team and annotator (core/vendor_report.h says how each
// figure is counted).
//
//   VendorChange c{.vendor = "acme", .add = {"ana"}};
//   c.rate = core::VendorRate{0.05, "item", "USD"};
//   c.targets["accuracy"] = 0.9;
//   TAXA_RETURN_IF_ERROR(Vendors(*project).Change(c));
//   TAXA_ASSIGN_OR_RETURN(core::VendorReport r, Vendors(*project).Report());
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/vendor_report.h"

namespace taxa::app {

// One change to a vendor, applied in this order: annotators added, then
// removed (from its teams too), teams set, rate set or cleared, targets set
// or cleared. Names are folded as annotator names are.
struct VendorChange {
  std::string vendor;
  std::vector<std::string> add;     // annotators joining (none may belong to another vendor)
  std::vector<std::string> remove;  // annotators leaving
  // team -> its annotators (each one of the vendor's, after `add`); an empty
  // list removes the team.
  std::map<std::string, std::vector<std::string>> teams;
  std::optional<core::VendorRate> rate;
  bool clear_rate = false;
  // "accuracy", "agreement", "items_per_hour" or "turnaround_hours" -> the
  // target, or nullopt to clear it.
  std::map<std::string, std::optional<double>> targets;
};

class Vendors {
 public:
  explicit Vendors(Project& project);

  // Applies `change` to taxa.json in one commit (Taxa-Action: vendor.set,
  // Taxa-Vendor). A lead's change once roles are in force. kInvalidInput for
  // an unknown target, a value out of range, a team member who is not the
  // vendor's, an annotator of another vendor, or a change that changes
  // nothing (kAlreadyExists); the message names the vendor and the field.
  Status Change(const VendorChange& change);
  // Removes a vendor and its terms (kNotFound when there is none).
  Status Remove(const std::string& vendor);
  // taxa.json's vendors and their terms as they stand.
  const core::ProjectSettings& Settings() const;

  // The report per vendor, team and annotator, from the committed label
  // events (time spent), the current labels, gold, the standings against the
  // majority and the reviews. Annotators with labels but no vendor come
  // under vendor "".
  Result<core::VendorReport> Report();

 private:
  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
