// History: the project's operations, newest first, each one commit with its
// author, time and Taxa-* trailers.
//
//   TAXA_ASSIGN_OR_RETURN(std::vector<sync::LogEntry> log, History(*project).Log(20));
#pragma once

#include <cstddef>
#include <vector>

#include "session/project.h"

#include "taxa/sync/repository.h"

namespace taxa::app {

class History {
 public:
  explicit History(Project& project);

  // Commits reachable from HEAD, newest first, at most `limit` (0: all).
  Result<std::vector<sync::LogEntry>> Log(size_t limit);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
