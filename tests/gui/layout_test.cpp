// The workspace layout: dragged panel widths are kept, and the item panel
// never drops below its minimum, down to a 960-pixel window.
#include "gui/shell.h"
#include <gtest/gtest.h>

namespace taxa::gui {
namespace {

float Right(const Rect& r) { return r.pos.x + r.size.x; }

TEST(Layout, PanelsTileTheWindowAndKeepTheirDraggedWidths) {
  Layout l = ComputeLayout(ImVec2(1280, 800), 20, 30, {.items = 300, .taxonomy = 350});
  EXPECT_EQ(l.items.size.x, 300);
  EXPECT_EQ(l.taxonomy.size.x, 350);
  EXPECT_EQ(l.item.pos.x, Right(l.items));
  EXPECT_EQ(l.taxonomy.pos.x, Right(l.item));
  EXPECT_EQ(Right(l.taxonomy), 1280);
  EXPECT_EQ(l.item.size.x, 1280 - 300 - 350);
  EXPECT_EQ(l.items.size.y, 800 - 20 - 30);
}

TEST(Layout, TheItemPanelKeepsItsMinimumAndTheWiderSidePanelGivesWay) {
  // Both side panels dragged far too wide for a 960-pixel window.
  Layout l = ComputeLayout(ImVec2(960, 600), 20, 30, {.items = 500, .taxonomy = 700});
  EXPECT_GE(l.item.size.x, kMinItemPanel);
  EXPECT_GE(l.items.size.x, kMinSidePanel);
  EXPECT_GE(l.taxonomy.size.x, kMinSidePanel);
  EXPECT_EQ(Right(l.taxonomy), 960);
  // Dragged to nothing, they keep a usable width.
  Layout narrow = ComputeLayout(ImVec2(960, 600), 20, 30, {.items = 10, .taxonomy = 10});
  EXPECT_EQ(narrow.items.size.x, kMinSidePanel);
  EXPECT_EQ(narrow.taxonomy.size.x, kMinSidePanel);
  // Untouched, the defaults at 960 leave the item panel its minimum or more.
  Layout fresh = ComputeLayout(ImVec2(960, 600), 20, 30);
  EXPECT_GE(fresh.item.size.x, kMinItemPanel);
}

}  // namespace
}  // namespace taxa::gui
