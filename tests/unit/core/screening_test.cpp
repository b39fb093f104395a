// SPDX-License-Identifier: MIT
#include "core/screening.h"

#include <gtest/gtest.h>

using namespace histomark::core;

TEST(Screening, SerpentineOrderWithOverlap) {
    // 1000 × 500 px slide, 300 × 200 px view, 10 % overlap: stride 270 × 180.
    const std::vector<Level0Rect> steps = planScreening({0, 0, 1000, 500}, 300, 200, nullptr, 0.1);
    // Columns start at 0, 270, 540, then 700 (pulled back so the last ends at 1000); rows at 0, 180, 300.
    ASSERT_EQ(steps.size(), 12u);
    const double xs[] = {0, 270, 540, 700, 700, 540, 270, 0, 0, 270, 540, 700};
    const double ys[] = {0, 0, 0, 0, 180, 180, 180, 180, 300, 300, 300, 300};
    for (size_t i = 0; i < steps.size(); ++i) {
        EXPECT_DOUBLE_EQ(steps[i].x, xs[i]) << i;
        EXPECT_DOUBLE_EQ(steps[i].y, ys[i]) << i;
        EXPECT_DOUBLE_EQ(steps[i].width, 300);
        EXPECT_DOUBLE_EQ(steps[i].height, 200);
        EXPECT_LE(steps[i].right(), 1000);
        EXPECT_LE(steps[i].bottom(), 500);
    }
    // Consecutive steps in a row overlap (nothing is missed at a seam).
    EXPECT_TRUE(steps[0].intersects(steps[1]));
}

TEST(Screening, SlideSmallerThanTheViewIsOneStep) {
    const auto steps = planScreening({100, 200, 50, 40}, 300, 200, nullptr);
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_DOUBLE_EQ(steps[0].x, 100);
    EXPECT_DOUBLE_EQ(steps[0].y, 200);
}

TEST(Screening, DegenerateInputGivesNoSteps) {
    EXPECT_TRUE(planScreening({0, 0, 1000, 1000}, 0, 100, nullptr).empty());
    EXPECT_TRUE(planScreening({0, 0, 0, 1000}, 100, 100, nullptr).empty());
    EXPECT_TRUE(planScreening({0, 0, 1e9, 1e9}, 1, 1, nullptr).empty());  // absurd step count
}

TEST(Screening, OnlyStepsWithTissue) {
    // 10 × 10 cells of 100 px over a 1000 × 1000 slide; tissue in the bottom-right 3 × 3 cells.
    TissueGrid g;
    g.width = g.height = 10;
    g.level0PerCell = 100;
    g.cells.assign(100, 0);
    for (int j = 7; j < 10; ++j)
        for (int i = 7; i < 10; ++i) g.cells[size_t(j * 10 + i)] = 1;
    const auto all = planScreening({0, 0, 1000, 1000}, 250, 250, nullptr, 0);
    const auto kept = planScreening({0, 0, 1000, 1000}, 250, 250, &g, 0);
    ASSERT_EQ(all.size(), 16u);
    ASSERT_FALSE(kept.empty());
    EXPECT_LT(kept.size(), all.size());
    for (const Level0Rect& s : kept) EXPECT_GE(s.right(), 700) << s.x << "," << s.y;
    // Steps at 500..750 and 750..1000 in both axes are 4 % to 100 % tissue: 4 steps, in serpentine order.
    ASSERT_EQ(kept.size(), 4u);
    EXPECT_DOUBLE_EQ(kept[0].x, 500);
    EXPECT_DOUBLE_EQ(kept[0].y, 500);
    EXPECT_DOUBLE_EQ(kept[1].x, 750);
    EXPECT_DOUBLE_EQ(kept[2].x, 750);  // row 3 runs right to left
    EXPECT_DOUBLE_EQ(kept[2].y, 750);
    EXPECT_DOUBLE_EQ(kept[3].x, 500);
}

TEST(Screening, ASpeckBelowTwoPercentIsSkipped) {
    // 100 × 100 cells of 10 px; one step of 500 × 500 px covers 2500 cells. One tissue cell (0.04 %)
    // in the first step, a block of 100 cells (4 %) in the last.
    TissueGrid g;
    g.width = g.height = 100;
    g.level0PerCell = 10;
    g.cells.assign(10000, 0);
    g.cells[size_t(10 * 100 + 10)] = 1;
    for (int j = 60; j < 70; ++j)
        for (int i = 60; i < 70; ++i) g.cells[size_t(j * 100 + i)] = 1;
    const auto kept = planScreening({0, 0, 1000, 1000}, 500, 500, &g, 0);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_DOUBLE_EQ(kept[0].x, 500);
    EXPECT_DOUBLE_EQ(kept[0].y, 500);
}

TEST(Screening, StepsSmallerThanACellUseTheCellsTheyTouch) {
    // Cells of 1000 px, steps of 100 px: no cell centre inside most steps.
    TissueGrid g;
    g.width = g.height = 2;
    g.level0PerCell = 1000;
    g.cells = {0, 1, 0, 0};  // tissue in the top-right cell only
    const auto kept = planScreening({0, 0, 2000, 2000}, 100, 100, &g, 0);
    ASSERT_FALSE(kept.empty());
    for (const Level0Rect& s : kept) {
        EXPECT_GE(s.right(), 1000);
        EXPECT_LE(s.y, 1000);
    }
    EXPECT_EQ(kept.size(), 100u);  // 10 × 10 steps of the top-right cell
}

TEST(Screening, NeverEmptyWhenThereIsTissue) {
    // A single tissue cell, far below 2 % of any step: still screened.
    TissueGrid g;
    g.width = g.height = 100;
    g.level0PerCell = 10;
    g.cells.assign(10000, 0);
    g.cells[size_t(55 * 100 + 55)] = 1;
    EXPECT_FALSE(planScreening({0, 0, 1000, 1000}, 500, 500, &g, 0).empty());
    // No tissue at all: nothing to screen.
    g.cells.assign(10000, 0);
    EXPECT_TRUE(planScreening({0, 0, 1000, 1000}, 500, 500, &g, 0).empty());
}

TEST(Screening, ProgressNextPreviousAndBounds) {
    ScreeningProgress p(3);
    EXPECT_EQ(p.size(), 3u);
    EXPECT_FALSE(p.current().has_value());
    EXPECT_EQ(p.progressText(), "0 of 3 fields");
    EXPECT_EQ(p.next(), 0u);
    EXPECT_TRUE(p.visited(0));
    EXPECT_EQ(p.next(), 1u);
    EXPECT_EQ(p.next(), 2u);
    EXPECT_EQ(p.next(), 2u);  // stays on the last
    EXPECT_EQ(p.visitedCount(), 3u);
    EXPECT_EQ(p.progressText(), "3 of 3 fields");
    EXPECT_EQ(p.previous(), 1u);
    EXPECT_EQ(p.previous(), 0u);
    EXPECT_EQ(p.previous(), 0u);  // stays on the first
    EXPECT_EQ(p.visitedCount(), 3u);

    ScreeningProgress q(120);
    EXPECT_EQ(q.previous(), 0u);  // from none: the first step
    for (size_t i = 0; i < 37; ++i) q.visit(i);
    q.visit(5);  // again: not counted twice
    q.visit(500);  // out of range: ignored
    EXPECT_EQ(q.current(), 5u);
    EXPECT_EQ(q.progressText(), "37 of 120 fields");
    EXPECT_FALSE(q.visited(37));
    EXPECT_FALSE(q.visited(1000));

    ScreeningProgress empty(0);
    EXPECT_EQ(empty.next(), 0u);
    EXPECT_FALSE(empty.current().has_value());
}

TEST(Screening, ProgressSurvivesSaveAndRestore) {
    ScreeningProgress p(5);
    p.visit(1), p.visit(3);
    const std::vector<uint8_t> flags = p.visitedFlags();
    ScreeningProgress q(5);
    q.restore(flags, 3);
    EXPECT_EQ(q.current(), 3u);
    EXPECT_EQ(q.visitedCount(), 2u);
    EXPECT_TRUE(q.visited(1));
    EXPECT_FALSE(q.visited(2));
    EXPECT_EQ(q.next(), 4u);
    EXPECT_EQ(q.visitedCount(), 3u);
    // Flags from a longer plan and an out-of-range step.
    q.restore({1, 1, 1, 1, 1, 1, 1}, 9);
    EXPECT_EQ(q.visitedCount(), 5u);
    EXPECT_FALSE(q.current().has_value());
}
