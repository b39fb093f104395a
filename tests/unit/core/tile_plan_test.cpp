// SPDX-License-Identifier: MIT
#include "core/synthetic_source.h"
#include "core/tile_plan.h"

#include <gtest/gtest.h>

#include <set>

using namespace histomark::core;

TEST(TileGrid, NativeTileSizeWhenSensibleElseDefault) {
    SlideInfo info;
    info.levels = {{2220, 2967, 1, 240, 240}, {3968, 4864, 1, 3968, 8}, {300, 250, 1, 64, 64}};
    TileGrid g(info);
    EXPECT_EQ(g.tileSize(0), 240);                      // Aperio native tiles
    EXPECT_EQ(g.tileSize(1), TileGrid::kDefaultTile);   // NDPI strips are not tiles
    EXPECT_EQ(g.tileSize(2), TileGrid::kDefaultTile);   // too small to be worth a texture each
    EXPECT_EQ(g.cols(0), 10);
    EXPECT_EQ(g.rows(0), 13);
    TileRect last = g.tileRect(0, 9, 12);
    EXPECT_EQ(last.width, 2220 - 9 * 240);
    EXPECT_EQ(last.height, 2967 - 12 * 240);
}

TEST(TileGrid, ReadOriginsAreMultiplesOfTheDownsample) {
    SyntheticSource s({.width = 100000, .height = 80000, .levels = 6, .nativeTile = 256});
    TileGrid g(s.info());
    for (int level = 0; level < g.levelCount(); ++level) {
        TileRect r = g.tileRect(level, 3, 2);
        const auto ds = int64_t(g.downsample(level));
        EXPECT_EQ(r.x0 % ds, 0);
        EXPECT_EQ(r.x0, 3 * 256 * ds);
    }
}

TEST(TileGrid, BestLevelNeverMagnifiesByChoice) {
    SyntheticSource s({.width = 65536, .height = 49152, .levels = 9});
    TileGrid g(s.info());
    EXPECT_EQ(g.bestLevelForZoom(0.25), 0);
    EXPECT_EQ(g.bestLevelForZoom(1), 0);
    EXPECT_EQ(g.bestLevelForZoom(1.9), 0);
    EXPECT_EQ(g.bestLevelForZoom(2), 1);
    EXPECT_EQ(g.bestLevelForZoom(13.7), 3);
    EXPECT_EQ(g.bestLevelForZoom(1e6), 8);
}

TEST(TilePlan, CoarseLevelsFirstThenCentreOut) {
    SyntheticSource s({.width = 65536, .height = 49152, .levels = 9, .nativeTile = 256});
    TileGrid g(s.info());
    Camera cam{{30000, 20000}, 1.0, {1280, 800}};
    TilePlan plan = planTiles(g, 7, cam, 0);
    ASSERT_EQ(plan.targetLevel, 0);
    ASSERT_FALSE(plan.tiles.empty());
    // Levels never increase along the list: coarse first.
    for (size_t i = 1; i < plan.tiles.size(); ++i) EXPECT_GE(plan.tiles[i - 1].key.level, plan.tiles[i].key.level);
    EXPECT_EQ(plan.tiles.front().key.level, 8);
    // Within level 0, the first tile holds the view centre.
    auto first0 = std::find_if(plan.tiles.begin(), plan.tiles.end(), [](auto& t) { return t.key.level == 0; });
    ASSERT_NE(first0, plan.tiles.end());
    EXPECT_TRUE(g.tileBounds(0, first0->key.col, first0->key.row).contains(cam.center));
    // Every level-0 tile of the view is planned exactly once, and only those.
    TileRange r = tilesIn(g, 0, cam.visibleRect());
    int n0 = int(std::count_if(plan.tiles.begin(), plan.tiles.end(), [](auto& t) { return t.key.level == 0; }));
    EXPECT_EQ(n0, r.count());
    EXPECT_EQ(r.count(), 6 * 4);  // x 29360..30640 -> cols 114..119; y 19600..20400 -> rows 76..79
}

TEST(TilePlan, PrefetchRingAddsOneTileAllAround) {
    SyntheticSource s({.width = 65536, .height = 49152, .levels = 1, .nativeTile = 256});
    TileGrid g(s.info());
    Camera cam{{30000, 20000}, 1.0, {1280, 800}};
    EXPECT_EQ(planTiles(g, 1, cam, 1).tiles.size(), size_t(8 * 6));
}

TEST(TilePlan, ViewOutsideTheSlidePlansNothingFine) {
    SyntheticSource s({.width = 4096, .height = 4096, .levels = 3, .nativeTile = 256});
    TileGrid g(s.info());
    Camera cam{{-50000, -50000}, 1.0, {800, 600}};
    EXPECT_TRUE(planTiles(g, 1, cam, 0).tiles.empty());
}

TEST(SyntheticSource, TilesEncodeTheirPosition) {
    SyntheticSource s({.width = 1000, .height = 700, .levels = 2, .nativeTile = 256});
    auto img = s.readRegion(512, 256, 0, 10, 10);
    ASSERT_TRUE(img.ok());
    uint8_t rgb[3];
    SyntheticSource::tileColour(0, 2, 1, rgb);
    EXPECT_EQ(img->at(0, 0)[0], rgb[0]);
    EXPECT_EQ(img->at(0, 0)[1], rgb[1]);
    EXPECT_EQ(img->at(0, 0)[2], rgb[2]);
    auto outside = s.readRegion(990, 0, 0, 20, 1);  // crosses the right edge: white beyond it
    ASSERT_TRUE(outside.ok());
    EXPECT_EQ(outside->at(15, 0)[0], 255);
}

TEST(TilePlan, ASingleLevelGiantSeenFromAfarLoadsNothingUntilZoomedIn) {
    // A 200,000 px square TIFF without a pyramid: at fit, 600,000 level-0 tiles would be asked
    // for on every frame; the overview stands in instead.
    SyntheticSource s({.width = 200000, .height = 200000, .levels = 1, .nativeTile = 256});
    TileGrid g(s.info());
    Camera fit{{100000, 100000}, 200000.0 / 1000, {1000, 1000}};
    EXPECT_GT(tilesIn(g, 0, fit.visibleRect()).count(), kMaxTilesPerLevel);
    EXPECT_TRUE(planTiles(g, 1, fit, 1).tiles.empty());
    // Close enough (a 32,000 px wide view: 125 x 125 tiles), it is read as usual.
    Camera near{{100000, 100000}, 32.0, {1000, 1000}};
    const TilePlan plan = planTiles(g, 1, near, 0);
    EXPECT_EQ(int(plan.tiles.size()), tilesIn(g, 0, near.visibleRect()).count());
    EXPECT_GT(plan.tiles.size(), 10000u);
    // A pyramid is never affected: its best level for any zoom has a screenful of tiles.
    SyntheticSource pyramid({.width = 200000, .height = 200000, .levels = 10, .nativeTile = 256});
    TileGrid pg(pyramid.info());
    const TilePlan p = planTiles(pg, 2, fit, 1);
    EXPECT_FALSE(p.tiles.empty());
    EXPECT_EQ(p.tiles.back().key.level, pg.bestLevelForZoom(fit.zoom));
}
