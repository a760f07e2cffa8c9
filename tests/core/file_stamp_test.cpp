// File-name stamps and item batch arrivals (core/file_stamp.h). The seconds
// are Python's: datetime(..., tzinfo=timezone.utc).timestamp().
#include "taxa/core/file_stamp.h"

#include <gtest/gtest.h>

namespace taxa::core {
namespace {

TEST(FileStamp, WritesAndReadsUtcToTheSecond) {
  EXPECT_EQ(FileStamp(1796637600), "20261207T100000Z");
  EXPECT_EQ(FileStamp(1709251199), "20240229T235959Z");
  EXPECT_EQ(FileStamp(0), "19700101T000000Z");
  EXPECT_EQ(FileStamp(2147483648), "20380119T031408Z");  // past 32-bit seconds
  EXPECT_EQ(ParseFileStamp("20261207T100000Z"), 1796637600);
  EXPECT_EQ(ParseFileStamp("20240229T235959Z"), 1709251199);
  EXPECT_EQ(ParseFileStamp("20380119T031408Z"), 2147483648);
}

TEST(FileStamp, RefusesWhatIsNotARealDateAndTime) {
  for (const char* bad : {"20260230T100000Z",  // no 30 February
                          "20250229T100000Z",  // not a leap year
                          "20261207T240000Z", "20261207T106000Z", "20261307T100000Z",
                          "20261207 100000Z", "20261207T100000", "20261207T100000Zx",
                          "2026120T7100000Z", "", "x0261207T100000Z"})
    EXPECT_FALSE(ParseFileStamp(bad)) << bad;
}

TEST(FileStamp, ItemBatchesArriveAtTheStampOfTheirName) {
  const std::string batch = ItemBatchName(1796637600, "4f2a9c01deadbeef");
  EXPECT_EQ(batch, "20261207T100000Z-4f2a9c01");
  EXPECT_EQ(ItemBatchArrival("items/" + batch + "/00000.jsonl.zst"), 1796637600);
  // A batch named by hand, or another path, has no arrival.
  EXPECT_FALSE(ItemBatchArrival("items/spring/00000.jsonl.zst"));
  EXPECT_FALSE(ItemBatchArrival("items/20261207T100000Zx/00000.jsonl.zst"));
  EXPECT_FALSE(ItemBatchArrival("items/20261207T100000Z"));
  EXPECT_FALSE(ItemBatchArrival("labels/20261207T100000Z-4f2a9c01/00000.jsonl.zst"));
  EXPECT_EQ(ItemBatchArrival("items/20261207T100000Z/00000.jsonl.zst"), 1796637600);
}

}  // namespace
}  // namespace taxa::core
