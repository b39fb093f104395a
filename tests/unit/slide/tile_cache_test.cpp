// SPDX-License-Identifier: MIT
#include "slide/tile_cache.h"

#include <gtest/gtest.h>

using namespace histomark;
using slide::TileCache;

namespace {
TileCache::Pixels tile(int side) { return std::make_shared<const core::RgbaImage>(side, side); }
core::TileKey key(int col, core::SlideId slide = 1) { return {slide, 0, col, 0}; }
}  // namespace

TEST(TileCache, EvictsLeastRecentlyUsedByBytes) {
    TileCache cache(3 * 64 * 64 * 4);  // room for three 64x64 tiles
    cache.put(key(0), tile(64));
    cache.put(key(1), tile(64));
    cache.put(key(2), tile(64));
    EXPECT_NE(cache.get(key(0)), nullptr);  // 0 becomes most recent
    cache.put(key(3), tile(64));            // evicts 1, the least recent
    EXPECT_TRUE(cache.contains(key(0)));
    EXPECT_FALSE(cache.contains(key(1)));
    EXPECT_TRUE(cache.contains(key(2)));
    EXPECT_TRUE(cache.contains(key(3)));
    EXPECT_EQ(cache.bytes(), 3u * 64 * 64 * 4);
    EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(TileCache, BigTilesCountByTheirBytes) {
    TileCache cache(100000);
    cache.put(key(0), tile(64));   // 16 KiB
    cache.put(key(1), tile(128));  // 64 KiB
    cache.put(key(2), tile(64));   // 96 KiB total, fits
    EXPECT_EQ(cache.size(), 3u);
    cache.put(key(3), tile(128));  // evicts 0 and 1
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_LE(cache.bytes(), 100000u);
}

TEST(TileCache, EvictionNeverFreesPixelsInUse) {
    TileCache cache(64 * 64 * 4);
    cache.put(key(0), tile(64));
    TileCache::Pixels held = cache.get(key(0));
    const_cast<core::RgbaImage&>(*held).pixels[0] = 42;  // test-only write to prove identity
    cache.put(key(1), tile(64));
    EXPECT_FALSE(cache.contains(key(0)));
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held->pixels[0], 42);
    EXPECT_EQ(held->byteSize(), 64u * 64 * 4);
}

TEST(TileCache, ShrinkingTheBudgetEvicts) {
    TileCache cache(1 << 20);
    for (int i = 0; i < 10; ++i) cache.put(key(i), tile(64));
    cache.setBudget(2 * 64 * 64 * 4);
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_TRUE(cache.contains(key(9)));
}

TEST(TileCache, EraseSlideDropsOnlyThatSlide) {
    TileCache cache(1 << 20);
    cache.put(key(0, 1), tile(16));
    cache.put(key(0, 2), tile(16));
    cache.eraseSlide(1);
    EXPECT_FALSE(cache.contains(key(0, 1)));
    EXPECT_TRUE(cache.contains(key(0, 2)));
    EXPECT_EQ(cache.bytes(), 16u * 16 * 4);
}
