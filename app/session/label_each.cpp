// Labeling::LabelEach: several people's labels behind one journal sync.
#include <map>
#include <utility>

#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/labeling.h"

#include "taxa/core/segment_writer.h"

namespace taxa::app {

std::vector<Result<core::LabelEvent>> Labeling::LabelEach(const std::vector<PersonLabel>& labels) {
  const std::string acting = s_.user();
  std::vector<Result<core::LabelEvent>> out(labels.size(), Status::Internal("not recorded"));
  struct Allowed {
    size_t at;          // in `labels`
    std::string user;   // `by`, folded
    LabelRequest request;
    bool own = false;   // by its own annotator: theirs to undo
  };
  std::vector<Allowed> allowed;
  // Each (user, item)'s own label before the batch, for the undo stack; a
  // later request of the batch on the same item sees the earlier one's.
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::optional<core::CurrentLabel>> mine;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (Status acted = s_.ActAs(labels[i].by); !acted.ok()) {
      out[i] = acted;
      continue;
    }
    Allowed a{.at = i, .user = s_.user(), .request = labels[i].request};
    if (a.request.annotator.empty()) a.request.annotator = a.user;
    if (Status may = RequireMayRecord(s_, {a.request}); !may.ok()) {
      out[i] = may;
      continue;
    }
    a.own = core::FoldAnnotatorName(a.request.annotator) == a.user;
    Key key{a.user, a.request.item};
    if (a.own && !mine.count(key)) {
      Result<std::optional<core::CurrentLabel>> now = MineNow(a.request.item);
      if (!now.ok()) {
        out[i] = now.status();
        continue;
      }
      mine[key] = std::move(*now);
    }
    allowed.push_back(std::move(a));
  }
  if (!allowed.empty()) {
    std::vector<LabelRequest> requests;
    requests.reserve(allowed.size());
    for (const Allowed& a : allowed) requests.push_back(a.request);
    Result<std::vector<core::LabelEvent>> events = s_.Record(requests, LabelCommit::kLater);
    if (events.ok()) {
      for (size_t j = 0; j < allowed.size(); ++j) {
        const Allowed& a = allowed[j];
        const core::LabelEvent& e = (*events)[j];
        out[a.at] = e;
        if (!a.own) continue;
        Key key{a.user, a.request.item};
        (void)s_.ActAs(a.user);  // a name that acted above
        s_.undo().push_back({a.request.item, mine[key]});
        if (e.categories.empty())
          mine[key] = std::nullopt;
        else
          mine[key] = core::CurrentLabel{e.annotator, e.id, e.hlc, e.categories, e.note};
      }
    } else {
      // One bad request (an unknown item or category) refuses the whole
      // batch: record each on its own, so each gets its own answer.
      for (const Allowed& a : allowed) {
        (void)s_.ActAs(a.user);
        out[a.at] = Label(a.request);
      }
    }
  }
  (void)s_.ActAs(acting);
  return out;
}

}  // namespace taxa::app
