// Helpers shared by the tests: temporary directories that clean up after
// themselves, and running a command while capturing its output.
#pragma once

#include <cstddef>
#include <string>

namespace taxa::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` with /bin/sh, capturing stdout and stderr.
CommandResult RunCommand(const std::string& command);

// What git itself counts in the project at `dir`: the commits reachable from
// HEAD whose Taxa-Action trailer is `action`.
size_t GitActionCount(const std::string& dir, const std::string& action);

// Writes `text` to `path`, replacing it.
void WriteText(const std::string& path, const std::string& text);
std::string ReadText(const std::string& path);

}  // namespace taxa::testing
