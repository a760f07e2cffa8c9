#include "support/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace taxa::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/taxa-test-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

CommandResult RunCommand(const std::string& command) {
  TempDir tmp;
  std::string full = "(" + command + ") >" + tmp.path() + "/out 2>" + tmp.path() + "/err";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadText(tmp.path() + "/out");
  r.err = ReadText(tmp.path() + "/err");
  return r;
}

size_t GitActionCount(const std::string& dir, const std::string& action) {
  CommandResult r = RunCommand("git -C " + dir +
                               " log --format='%(trailers:key=Taxa-Action,valueonly)' | grep -c '^" +
                               action + "$'");
  return static_cast<size_t>(std::stoul(r.out.empty() ? "0" : r.out));
}

}  // namespace taxa::testing
