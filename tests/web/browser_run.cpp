#include "web/browser_run.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace taxa::testing {

std::string BrowserMissing() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"})
    if (!std::filesystem::exists(path)) return std::string(path) + " is not installed";
  if (RunCommand("/usr/bin/python3 -c 'import selenium'").exit_code != 0)
    return "python3-selenium is not installed";
  return "";
}

nlohmann::json RunBrowserCheck(const std::string& script, const std::vector<std::string>& args) {
  std::string command = "/usr/bin/python3 " TAXA_SOURCE_DIR "/tests/web/" + script;
  for (const std::string& a : args) command += " '" + a + "'";
  CommandResult run = RunCommand(command);
  if (run.exit_code != 0) {
    ADD_FAILURE() << script << " exited with " << run.exit_code << ":\n" << run.err;
    return nullptr;
  }
  nlohmann::json found = nlohmann::json::parse(run.out.substr(run.out.rfind("\n{") + 1), nullptr, false);
  if (found.is_discarded()) found = nlohmann::json::parse(run.out, nullptr, false);
  if (!found.is_object()) {
    ADD_FAILURE() << script << " printed no findings:\n" << run.out << run.err;
    return nullptr;
  }
  return found;
}

void ExpectNothingRan(const nlohmann::json& found) {
  EXPECT_EQ(found["errors"], nlohmann::json::array()) << found.dump(1);
  EXPECT_EQ(found["alerts"], nlohmann::json::array()) << "a payload ran";
  for (const nlohmann::json& line : found["console"])
    EXPECT_EQ(line.get<std::string>().find("Content Security Policy"), std::string::npos) << line;
}

}  // namespace taxa::testing
