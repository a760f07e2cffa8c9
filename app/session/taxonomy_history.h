// Taxonomy history: the taxonomy as it stood at any point of main, what
// changed between two points field by field, who changed each field of a
// category (and why, and who approved it), and the labels made under a
// release. Read-only; works on a read-only project.
//
//   TaxonomyHistory h(*project);
//   TAXA_ASSIGN_OR_RETURN(HistoryPoint p, h.Resolve("1.2.0"));  // or a date, a commit
//   TAXA_ASSIGN_OR_RETURN(core::Taxonomy t, h.TaxonomyAt(p));
//   TAXA_ASSIGN_OR_RETURN(core::TaxonomyChanges c, h.Diff("1.0.0", "2026-12-01"));
//   TAXA_ASSIGN_OR_RETURN(std::vector<BlameField> b, h.Blame("billing.refund"));
//
// "Main" is the first-parent chain from HEAD. The commits of that chain that
// touched taxonomy/ (which files, blob ids before and after) are kept in a
// cache, <git dir>/taxa/taxonomy-history, built on first use and extended as
// HEAD moves (and kept in the TaxonomyHistory object while HEAD stays); it
// is rebuilt whenever it does not lead to HEAD or does not read, and every
// answer's content (categories, fields, commits' authors and trailers) is
// read from the repository itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/label_event.h"
#include "taxa/core/release.h"
#include "taxa/core/taxonomy.h"
#include "taxa/sync/path_history.h"

namespace taxa::app {

// A point of the history, as Resolve found it.
struct HistoryPoint {
  std::string commit;   // 40 hex digits
  int64_t time = 0;     // the commit's author time, seconds since the epoch (UTC)
  std::string version;  // the release it was named by, "" otherwise
};

// One field of a category and its last change.
struct BlameField {
  std::string field;    // as core::CategoryFieldValues names it
  std::string value;    // compact JSON
  std::string commit;   // the commit that made the change (on a proposal branch, that commit)
  std::string author;
  std::string email;
  int64_t time = 0;     // that commit's author time
  std::string subject;
  std::string rationale;  // its Taxa-Rationale trailer ("" when none)
  // The Taxa-Approved-By trailers of the merge on main that brought the
  // change (Taxa-Action proposal.merge or any merge), or of the commit
  // itself when it was made on main; empty when none.
  std::vector<std::string> approved_by;
  std::string merged_in;  // the merge commit on main that brought it; "" when made on main
};

// One commit of main that changed taxonomy/ (an edit, a release, a merge
// that brought edits), as a timeline shows it.
struct TimelineEntry {
  std::string commit;   // 40 hex digits
  int64_t time = 0;     // author time, seconds since the epoch (UTC)
  std::string author;
  std::string email;
  std::string subject;
  std::string action;     // its Taxa-Action trailer; "" for a commit made outside Taxa
  std::string rationale;  // its last Taxa-Rationale trailer; "" when none
  std::vector<std::string> approved_by;  // its Taxa-Approved-By trailers
  // The release this commit added (taxonomy/releases/<version>.json); "" when none.
  std::string version;
  // The categories whose files it added, changed or deleted, by id.
  std::vector<std::string> categories;
};

// The labels made under one release.
struct MadeUnder {
  std::string version;
  std::vector<core::LabelEvent> labels;  // committed label events, by segment path then line
  size_t unresolved = 0;  // events whose recorded taxonomy could not be read here
};

class TaxonomyHistory {
 public:
  explicit TaxonomyHistory(Project& project);

  // What `--as-of` names, tried in this order:
  //  - "" or "HEAD": HEAD;
  //  - a version (semver) released in taxonomy/releases/ at HEAD: the commit
  //    the release was cut from;
  //  - an ISO date (2026-12-01: the end of that day, UTC) or date-time
  //    (2026-12-01T10:30[:00][Z], UTC): the newest commit of main at or
  //    before it;
  //  - a commit id or a prefix of 4 or more hex digits unique on main (a
  //    full id of any commit of the project is taken too).
  // kNotFound naming the point when there is no such release or commit, or
  // when the date precedes the project's first commit; kInvalidInput when
  // it is none of the above or the prefix is ambiguous.
  Result<HistoryPoint> Resolve(const std::string& point);

  // The taxonomy at `point`'s commit (every category and attribute).
  Result<core::Taxonomy> TaxonomyAt(const HistoryPoint& point);

  // What changed from `from` to `to` (each as Resolve takes it), by
  // core::DiffTaxonomies: the same diff releases record.
  Result<core::TaxonomyChanges> Diff(const std::string& from, const std::string& to);

  // Each field of `category` at HEAD (CategoryFieldValues order) with the
  // commit that last changed it. kNotFound when there is no such category.
  Result<std::vector<BlameField>> Blame(const std::string& category);

  // The committed label events made under release `version`: those whose
  // recorded taxonomy ("tree:<id of taxonomy/>", what labeling records) held
  // `version` as its newest release, i.e. made while `version` was the
  // latest release (until the next release's commit). Events that record a
  // version name count under that name, and ones that record a commit
  // under the newest release in that commit's taxonomy/releases/.
  // kNotFound when `version` is not released at HEAD.
  Result<MadeUnder> LabelsMadeUnder(const std::string& version);

  // Every commit of main that changed taxonomy/, oldest first (the first
  // commit too when it wrote taxonomy files). Each point's taxonomy is
  // TaxonomyAt({.commit = entry.commit}). The entries of `known` (an
  // earlier answer) that still stand at the same place are taken as they
  // are, so a face that asks again after new commits reads only those.
  Result<std::vector<TimelineEntry>> Timeline(std::vector<TimelineEntry> known = {});

  // The number of commits on main, bringing the cache up to HEAD (tests use
  // it to build the cache ahead of queries).
  Result<size_t> Refresh();

 private:
  // Main up to HEAD, oldest first, through the cache; kept in this object
  // and read again only when HEAD has moved.
  Result<const std::vector<sync::ChainStep>*> Mainline();

  ProjectState& s_;
  std::optional<std::string> steps_head_;  // the HEAD `steps_` lead to; nullopt: none loaded
  std::vector<sync::ChainStep> steps_;
};

}  // namespace taxa::app
