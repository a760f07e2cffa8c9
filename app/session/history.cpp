#include "session/history.h"

#include "session/internal/project_state.h"

namespace taxa::app {

History::History(Project& project) : s_(project.state()) {}

Result<std::vector<sync::LogEntry>> History::Log(size_t limit) { return s_.repo().Log(limit); }

}  // namespace taxa::app
