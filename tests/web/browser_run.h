// Running a browser check (tests/web/*_check.py: Debian's headless chromium
// through selenium, /usr/bin/python3) from a browser test, and what every
// such test expects of it.
//
//   if (std::string missing = BrowserMissing(); !missing.empty()) GTEST_SKIP() << missing;
//   nlohmann::json found = RunBrowserCheck("quality_check.py", {url, shots, token});
//   ASSERT_TRUE(found.is_object());
//   ExpectNothingRan(found);
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace taxa::testing {

// Why the checks cannot run here ("" when they can): chromium, chromedriver,
// python3 or python3-selenium missing.
std::string BrowserMissing();

// Runs tests/web/`script` with `args` (each quoted) and returns the JSON
// object it printed last: its findings. On a failed run or output without
// one, a test failure naming its output, and null.
nlohmann::json RunBrowserCheck(const std::string& script, const std::vector<std::string>& args);

// What every page must give: no script error, no alert (a payload that ran),
// no Content-Security-Policy violation in the console.
void ExpectNothingRan(const nlohmann::json& found);

}  // namespace taxa::testing
