// Labeling: recording labels, as one annotator labels items.
//
//   Labeling labeling(*project);
//   TAXA_ASSIGN_OR_RETURN(core::LabelEvent e,
//                         labeling.Label({.item = "T-1", .categories = {"billing"}}));
//
// A label is durable (in the journal, synced to disk) when the call returns
// ok; Project::Flush() commits it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "session/project.h"

#include "taxa/core/index.h"
#include "taxa/core/label_event.h"
#include "taxa/core/taxonomy.h"

namespace taxa::app {

struct LabelRequest {
  std::string item;
  std::vector<std::string> categories;  // empty clears the label
  std::map<std::string, std::string> attributes;
  std::string note;
  uint32_t duration_ms = 0;
  std::string annotator;  // empty: the project's user (names fold to lower case)
};

// One person's label among several people's (a server's group commit).
struct PersonLabel {
  std::string by;        // who asks; they must be allowed to label as request.annotator
  LabelRequest request;  // annotator empty: `by`
};

// When LabelMany commits: with the next Flush (the default: many small
// batches make one commit), or at once, as one commit of this batch (a bulk
// load, which then also overlaps the index update with the commit).
enum class LabelCommit { kLater, kNow };

// The labels of one item as the project's user may see them.
struct ItemLabels {
  std::optional<core::CurrentLabel> mine;  // nullopt: none, or cleared
  std::vector<core::CurrentLabel> others;  // by annotator; empty while withheld
  size_t withheld = 0;                     // others' labels not shown
  std::string withheld_why;                // one line, "" when nothing is withheld
};

// How far the project's user has come.
struct LabelingProgress {
  int64_t items = 0;          // in the project
  int64_t labeled_by_me = 0;  // items with a current label of mine
  // Of those, the ones whose current label of mine was made today (since
  // midnight by this machine's local clock).
  int64_t labeled_today = 0;
  int64_t skipped = 0;  // items I skipped and have not labeled
  int64_t left = 0;     // my queue: items I have neither labeled nor skipped
};

// What a labeling form needs to draw its attribute fields at once, as the
// categories are chosen: every attribute of the taxonomy, and for each
// category the ids of the attributes a label of it alone may carry
// (AttributesFor({id})). The fields of several chosen categories are their
// lists joined in the order chosen, each attribute once.
struct LabelFormSchema {
  std::vector<core::Attribute> attributes;                      // by id
  std::map<std::string, std::vector<std::string>> by_category;  // category id -> attribute ids
};

// The session's verdict on a label being made (Labeling::CheckForm).
struct LabelCheck {
  std::vector<core::Attribute> attributes;  // AttributesFor(request.categories)
  // Check(request)'s message, as `taxa label` words it; "" when it passes.
  std::string error;
  // attribute id -> the message for its value alone (with the chosen
  // categories), for a form to show beside the field; only fields at fault.
  std::map<std::string, std::string> fields;
};

class Labeling {
 public:
  explicit Labeling(Project& project);

  // Records a label event. When this returns ok the label is durable (in the
  // journal, synced to disk); it is committed by Project::Flush(). Unknown
  // categories and items are refused; a deprecated category is refused naming
  // its replacement; kPermissionDenied when the user's role does not allow
  // it (access.h: an auditor, or labeling as someone else unless a lead).
  // A label of the user's own takes the item off the user's skipped list.
  // Returns the event.
  Result<core::LabelEvent> Label(const LabelRequest& request);
  // Checks `request` as Label() does before recording anything (categories,
  // each attribute against its schema and the chosen categories, UTF-8), and
  // records nothing: the same messages as `taxa label`. The item is not
  // looked up.
  Status Check(const LabelRequest& request) const;
  // The attributes a label with `categories` may carry: each category's own
  // and its ancestors', each once, in the order met (the categories in the
  // order given, each from its root down). Unknown ids add nothing.
  std::vector<core::Attribute> AttributesFor(const std::vector<std::string>& categories) const;
  // AttributesFor of each category on its own, for a form (LabelFormSchema).
  LabelFormSchema FormSchema() const;
  // Check(request), with the attributes of its categories and, for each
  // attribute value at fault, the message about it alone. Records nothing.
  LabelCheck CheckForm(const LabelRequest& request) const;
  // The same for many labels with one journal sync (a vendor's delivery, a
  // bulk correction): all are checked first, and either all are recorded or
  // none is.
  Result<std::vector<core::LabelEvent>> LabelMany(const std::vector<LabelRequest>& requests,
                                                  LabelCommit when = LabelCommit::kLater);
  // Several people's labels with one journal sync (taxa serve answers many
  // annotators at once): each is checked as Label checks it, for its own
  // `by` (their role, the item, the categories), and answered on its own: a
  // refused one does not stop the others. Each one is undoable by its `by`
  // (Project::ActAs them, then Undo). Leaves the acting user as it was.
  std::vector<Result<core::LabelEvent>> LabelEach(const std::vector<PersonLabel>& labels);
  // Clears the user's label of `item` (an event with no categories).
  Result<core::LabelEvent> Clear(const std::string& item);
  // Undoes the user's last label made through this Project (this sitting):
  // records a new event that gives the item back the label it had before
  // (its categories, attributes and note), or clears it when it had none.
  // Returns the new event; kFailedPrecondition when nothing is left to undo.
  Result<core::LabelEvent> Undo();
  // How many labels Undo can still take back.
  size_t undoable() const;

  // The item's current labels, with the blinding rule applied: while the
  // user has not labeled the item, others' labels are withheld when the item
  // is in a calibration round that lists the user, or when the project's
  // blind_labels setting is on (the default) and `reveal` is false or the
  // user is neither a lead nor a reviewer (taxa.json "roles"). Every face
  // shows labels only through this call.
  Result<ItemLabels> LabelsOf(const std::string& item, bool reveal = false);
  // True when the user may reveal others' labels (a lead or a reviewer).
  bool MayReveal() const;

  // The first item after position `after` (-1: from the start) the user has
  // neither labeled nor skipped; with `wrap`, from the start again when none
  // is after it. nullopt when every item is labeled or skipped.
  Result<std::optional<int64_t>> NextUnlabeled(int64_t after, bool wrap = true);
  Result<LabelingProgress> Progress();

  // Skipping: the user's own list of items to pass over for now, kept per
  // clone outside the committed tree (<git dir>/taxa/skipped-<user>), never
  // shared. NextUnlabeled passes over them; labeling one takes it off. Either
  // call moves the project's revision (views show skips). kNotFound for an
  // item that is not in the project.
  Status Skip(const std::string& item);
  Status Unskip(const std::string& item);
  // The skipped ids, sorted.
  Result<std::vector<std::string>> Skipped();

 private:
  // The user's label of `item` now, for the undo stack; nullopt when none.
  Result<std::optional<core::CurrentLabel>> MineNow(const std::string& item);

  Project& project_;
  ProjectState& s_;
};

}  // namespace taxa::app
