#include "gui/paths.h"

#include <cstdlib>

namespace taxa::gui {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string DefaultDemoDir() {
  std::string data = Env("XDG_DATA_HOME");
  if (!data.empty()) return data + "/taxa/demo";
  std::string home = Env("HOME");
  if (!home.empty()) return home + "/.local/share/taxa/demo";
  return "taxa-demo";
}

std::string ExpandHome(const std::string& path) {
  std::string p = Trim(path);
  if (p == "~" || p.rfind("~/", 0) == 0) {
    std::string home = Env("HOME");
    if (!home.empty()) return home + p.substr(1);
  }
  return p;
}

}  // namespace taxa::gui
