// `taxa over-time` end to end: labels made now fall in this ISO week, whose
// alpha is NLTK's on the very same labels (ratings.csv).
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "support/quality_fixture.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::QualityFixture;
using taxa::testing::RunCommand;
using taxa::testing::WriteText;

class OverTimeCli : public QualityFixture {};

TEST_F(OverTimeCli, ThisWeeksAlphaIsNltksOnTheSameLabels) {
  if (RunCommand("/usr/bin/python3 -c 'import nltk'").exit_code != 0)
    GTEST_SKIP() << "/usr/bin/python3 cannot import nltk (apt-get install python3-nltk)";
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json rows = Json("-C p over-time --per week");
  ASSERT_TRUE(rows.is_array()) << rows;
  if (rows.size() != 1) GTEST_SKIP() << "the labels straddle Monday 00:00 UTC: " << rows.dump();
  const nlohmann::json& week = rows[0];
  char name[16];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(name, sizeof name, "%G-W%V", &tm);  // the C library's ISO week
  EXPECT_EQ(week["name"], name);
  EXPECT_EQ(week["labels"].get<size_t>(), labels_.size());
  WriteText(tmp_ / "reference.py",
            "import csv\n"
            "from nltk.metrics.agreement import AnnotationTask\n"
            "rows = list(csv.DictReader(open('ratings.csv')))\n"
            "print(repr(AnnotationTask([(r['annotator'], r['item'], r['value']) for r in rows]).alpha()))\n");
  CommandResult nltk = RunCommand("cd " + tmp_.path() + " && /usr/bin/python3 reference.py");
  ASSERT_EQ(nltk.exit_code, 0) << nltk.err;
  EXPECT_NEAR(week["alpha"].get<double>(), std::stod(nltk.out), 1e-9);
  EXPECT_TRUE(week["gold_accuracy"].is_null());  // no gold yet

  // No release yet: nothing per release; a plain table says so.
  EXPECT_EQ(Json("-C p over-time --per release"), nlohmann::json::array());
  EXPECT_NE(Ok("-C p over-time --per release").find("No taxonomy release yet."), std::string::npos);
  std::string table = Ok("-C p over-time");
  EXPECT_NE(table.find(name), std::string::npos) << table;
  CommandResult bad = Taxa("-C p over-time --per month");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("unknown period \"month\""), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace taxa
