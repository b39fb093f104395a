// SPDX-License-Identifier: MIT
// The whole slide as one small picture: the band read of a large single-level slide.
#include "slide/overview_reader.h"

#include <gtest/gtest.h>

#include <atomic>

#include "core/synthetic_source.h"
#include "core/tile_grid.h"

using namespace histomark;

namespace {

// 24 MPix on one level: past the 16 MPix a level is read whole, so it goes by bands.
core::SyntheticSpec singleLevel() {
    core::SyntheticSpec s;
    s.width = 6000, s.height = 4000, s.levels = 1;
    return s;
}

}  // namespace

TEST(OverviewReader, ALargeSingleLevelSlideGivesTheSamePictureOnAnyThreadCountAndSaysHowFarItIs) {
    core::SyntheticSource source(singleLevel());
    std::atomic<float> progress{0};
    slide::OverviewOptions one{1024, nullptr, 0, 1};
    auto a = slide::readOverview(source, one);
    ASSERT_TRUE(a.ok()) << a.error();
    slide::OverviewOptions two{1024, nullptr, 0, 2};
    two.progress = &progress;
    auto b = slide::readOverview(source, two);
    ASSERT_TRUE(b.ok()) << b.error();
    EXPECT_EQ(a->width, 1000);  // 6000 / factor 6
    EXPECT_EQ(a->height, 667);
    EXPECT_EQ(a->pixels, b->pixels) << "the picture depends on the thread count";
    EXPECT_FLOAT_EQ(progress.load(), 1.0f);
    // Each output pixel is its 6 x 6 block's average: inside a flat tile, that tile's colour.
    const int tile = core::TileGrid(source.info()).tileSize(0);
    const int x = tile * 3 + tile / 2, y = tile * 2 + tile / 2;  // the middle of tile (3, 2)
    uint8_t rgb[3];
    core::SyntheticSource::tileColour(0, 3, 2, rgb);
    const uint8_t* p = a->at(x / 6, y / 6);
    EXPECT_NEAR(p[0], rgb[0], 1);
    EXPECT_NEAR(p[1], rgb[1], 1);
    EXPECT_NEAR(p[2], rgb[2], 1);
}

TEST(OverviewReader, ACancelledReadStopsWithAMessage) {
    core::SyntheticSource source(singleLevel());
    std::atomic<bool> cancel{true};
    slide::OverviewOptions o{1024, nullptr, 0, 2};
    o.cancel = &cancel;
    auto r = slide::readOverview(source, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "cancelled");
}
