// SPDX-License-Identifier: MIT
// Reading a slide picture at a resolution through core::SlideSource (a file-free SyntheticSource:
// each tile of each level has its own flat colour, so a pixel tells where it was read from).
#include "analysis/slide_thumbnail.h"

#include <gtest/gtest.h>

#include "core/synthetic_source.h"

namespace histomark::analysis {
namespace {

core::SyntheticSpec spec(double mpp = 0.25) {
    core::SyntheticSpec s;  // 4096 x 3072, levels 1, 2, 4, 8, tiles of 256
    s.mpp = mpp;
    return s;
}

cv::Vec3b colourOf(int level, int col, int row) {
    uint8_t rgb[3];
    core::SyntheticSource::tileColour(level, col, row, rgb);
    return {rgb[0], rgb[1], rgb[2]};
}

TEST(SlideThumbnail, PicksTheLevelThatMatchesTheResolution) {
    core::SyntheticSource src(spec());
    auto t = readSlideThumbnail(src, {2.0, 0, 4096, {}});  // 2 µm = 8 level-0 px: exactly level 3
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->level, 3);
    EXPECT_EQ(t->rgb.cols, 512);
    EXPECT_EQ(t->rgb.rows, 384);
    EXPECT_EQ(t->rgb.type(), CV_8UC3);
    EXPECT_DOUBLE_EQ(t->umPerPx, 2.0);
    EXPECT_DOUBLE_EQ(t->level0PerPxX, 8.0);
    // Level-3 tiles are 256 px: picture pixel (300, 100) lies in tile (1, 0) of level 3.
    EXPECT_EQ(t->rgb.at<cv::Vec3b>(100, 300), colourOf(3, 1, 0));

    auto between = readSlideThumbnail(src, {1.5, 0, 4096, {}});  // 6 level-0 px: level 2, shrunk 1.5x
    ASSERT_TRUE(between.ok());
    EXPECT_EQ(between->level, 2);
    EXPECT_EQ(between->rgb.cols, 683);
    EXPECT_NEAR(between->umPerPx, 1.5, 0.01);
}

TEST(SlideThumbnail, NeverExceedsTheLongestSideNorGoesBelowLevelZero) {
    core::SyntheticSource src(spec());
    auto capped = readSlideThumbnail(src, {0.25, 0, 1000, {}});
    ASSERT_TRUE(capped.ok());
    EXPECT_EQ(std::max(capped->rgb.cols, capped->rgb.rows), 1000);
    EXPECT_NEAR(capped->level0PerPxX, 4.096, 1e-9);
    core::SyntheticSpec small = spec();
    small.width = 300, small.height = 200, small.levels = 1;
    core::SyntheticSource tiny(small);
    auto fine = readSlideThumbnail(tiny, {0.05, 0, 4096, {}});  // finer than the scan: level 0 as is
    ASSERT_TRUE(fine.ok());
    EXPECT_EQ(fine->rgb.cols, 300);
    EXPECT_DOUBLE_EQ(fine->umPerPx, 0.25);
}

TEST(SlideThumbnail, ReadsARegionWithItsPlace) {
    core::SyntheticSource src(spec());
    auto t = readSlideThumbnail(src, {1.0, 0, 4096, {1024, 512, 2048, 1024}});  // 1 µm = level 2 exactly
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->level, 2);
    EXPECT_EQ(t->rgb.cols, 512);
    EXPECT_EQ(t->rgb.rows, 256);
    const core::Level0Point p = t->toLevel0(10, 20);
    EXPECT_DOUBLE_EQ(p.x, 1024 + 40);
    EXPECT_DOUBLE_EQ(p.y, 512 + 80);
    // Level-0 (1064, 592) is level-2 pixel (266, 148): tile (1, 0) of level 2.
    EXPECT_EQ(t->rgb.at<cv::Vec3b>(20, 10), colourOf(2, 1, 0));
    auto outside = readSlideThumbnail(src, {1.0, 0, 4096, {5000, 0, 100, 100}});
    ASSERT_FALSE(outside.ok());
    EXPECT_EQ(outside.error(), "region is outside the slide");
}

TEST(SlideThumbnail, UnknownScaleUsesTheDownsample) {
    core::SyntheticSource src(spec(0));
    auto t = readSlideThumbnail(src, {2.0, 4.0, 4096, {}});  // µm cannot apply; 4 level-0 px per px
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->level, 2);
    EXPECT_EQ(t->rgb.cols, 1024);
    EXPECT_EQ(t->umPerPx, 0);
}

TEST(SlideThumbnail, ReadErrorsAndCancellationComeBack) {
    core::SyntheticSpec failing = spec();
    failing.failAfterReads = 0;
    core::SyntheticSource broken(failing);
    auto t = readSlideThumbnail(broken, {2.0, 0, 4096, {}});
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().find("simulated read failure"), std::string::npos) << t.error();

    core::SyntheticSource src(spec());
    core::JobControl job;
    job.cancel();
    auto c = readSlideThumbnail(src, {2.0, 0, 4096, {}}, &job);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error(), "cancelled");
}

}  // namespace
}  // namespace histomark::analysis
