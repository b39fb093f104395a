// SPDX-License-Identifier: MIT
#include "slide/tile_loader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "core/synthetic_source.h"

using namespace histomark;
using slide::TileCache;
using slide::TileLoader;

namespace {

struct Fixture {
    std::shared_ptr<core::SyntheticSource> source;
    core::TileGrid grid;
    explicit Fixture(core::SyntheticSpec spec = {.width = 8192, .height = 8192, .levels = 4, .nativeTile = 256})
        : source(std::make_shared<core::SyntheticSource>(spec)), grid(source->info()) {}
    core::TilePlan plan(core::Level0Point centre, double zoom = 1.0, core::SlideId id = 1) const {
        return core::planTiles(grid, id, core::Camera{centre, zoom, {1024, 768}}, 0);
    }
};

std::set<std::tuple<int, int, int>> keysOf(const std::vector<slide::TileResult>& rs) {
    std::set<std::tuple<int, int, int>> s;
    for (auto& r : rs) s.insert({r.key.level, r.key.col, r.key.row});
    return s;
}

}  // namespace

TEST(TileLoader, ReadsCoarseLevelsFirstThenFromTheCentreOut) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    auto plan = f.plan({4000, 4000});
    loader.request(1, f.source, plan.tiles);
    EXPECT_EQ(loader.runQueued(), plan.tiles.size());
    auto results = loader.takeResults();
    ASSERT_EQ(results.size(), plan.tiles.size());
    EXPECT_EQ(results.front().key.level, 3);
    for (size_t i = 1; i < results.size(); ++i) EXPECT_GE(results[i - 1].key.level, results[i].key.level);
    auto firstFine = std::find_if(results.begin(), results.end(), [](auto& r) { return r.key.level == 0; });
    EXPECT_TRUE(f.grid.tileBounds(0, firstFine->key.col, firstFine->key.row).contains({4000, 4000}));
    // The pixels are those of the requested tile.
    uint8_t rgb[3];
    core::SyntheticSource::tileColour(firstFine->key.level, firstFine->key.col, firstFine->key.row, rgb);
    EXPECT_EQ(firstFine->pixels->at(0, 0)[1], rgb[1]);
}

TEST(TileLoader, DropsRequestsTheViewNoLongerNeeds) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    auto left = f.plan({1000, 1000});
    auto right = f.plan({7000, 7000});
    loader.request(1, f.source, left.tiles);
    loader.runQueued(3);  // the coarse tiles, shared by both views
    loader.request(1, f.source, right.tiles);
    loader.runQueued();
    auto got = keysOf(loader.takeResults());
    for (auto& t : left.tiles) {
        if (t.key.level == 0 && !std::count_if(right.tiles.begin(), right.tiles.end(), [&](auto& r) { return r.key == t.key; }))
            EXPECT_FALSE(got.count({t.key.level, t.key.col, t.key.row})) << "stale tile was read";
    }
    EXPECT_GT(loader.stats().droppedStale, 0u);
    EXPECT_EQ(f.source->reads(), int(got.size()));
}

TEST(TileLoader, NeverQueuesOrDeliversATileTwice) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    auto plan = f.plan({4000, 4000});
    loader.request(1, f.source, plan.tiles);
    loader.request(1, f.source, plan.tiles);  // same view, next frame
    loader.request(2, f.source, plan.tiles);  // another view of the same slide
    EXPECT_EQ(loader.queued(), plan.tiles.size());
    loader.runQueued();
    loader.request(1, f.source, plan.tiles);  // results not yet taken: still not duplicated
    auto results = loader.takeResults();
    EXPECT_EQ(results.size(), plan.tiles.size());
    EXPECT_EQ(f.source->reads(), int(plan.tiles.size()));
}

TEST(TileLoader, CachedTilesComeBackWithoutARead) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    auto plan = f.plan({4000, 4000});
    loader.request(1, f.source, plan.tiles);
    loader.runQueued();
    loader.takeResults();
    const int reads = f.source->reads();
    loader.request(1, f.source, plan.tiles);
    EXPECT_EQ(loader.queued(), 0u);
    EXPECT_EQ(loader.takeResults().size(), plan.tiles.size());
    EXPECT_EQ(f.source->reads(), reads);
}

TEST(TileLoader, CapsWhatOneViewCanQueue) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0, .maxQueuedPerOwner = 5});
    auto plan = f.plan({4000, 4000});
    ASSERT_GT(plan.tiles.size(), 5u);
    loader.request(1, f.source, plan.tiles);
    EXPECT_EQ(loader.queued(), 5u);
    loader.runQueued();
    auto got = loader.takeResults();
    EXPECT_EQ(got.front().key, plan.tiles.front().key);  // the most urgent ones were kept
}

TEST(TileLoader, AFailedSourceReportsAndIsNotRetried) {
    Fixture f({.width = 4096, .height = 4096, .levels = 2, .nativeTile = 256, .failAfterReads = 1});
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    auto plan = f.plan({2000, 2000});
    loader.request(1, f.source, plan.tiles);
    loader.runQueued();
    auto results = loader.takeResults();
    ASSERT_GE(results.size(), 2u);
    EXPECT_TRUE(results[0].pixels);
    EXPECT_FALSE(results[1].pixels);
    EXPECT_NE(results[1].error.find("simulated read failure"), std::string::npos);
    loader.request(1, f.source, plan.tiles);
    EXPECT_EQ(loader.queued(), 0u);
}

TEST(TileLoader, CancelSlideDropsQueueAndUndeliveredResults) {
    Fixture f;
    TileCache cache(64 << 20);
    TileLoader loader(cache, {.threads = 0});
    loader.request(1, f.source, f.plan({4000, 4000}).tiles);
    loader.runQueued(2);
    loader.cancelSlide(1);
    EXPECT_EQ(loader.pending(), 0u);
    EXPECT_TRUE(loader.takeResults().empty());
}

TEST(TileLoader, ShutdownWhileBusyReturnsPromptly) {
    Fixture f({.width = 65536, .height = 65536, .levels = 1, .nativeTile = 256, .readDelayMicros = 30000});
    TileCache cache(64 << 20);
    auto t0 = std::chrono::steady_clock::now();
    {
        TileLoader loader(cache, {.threads = 2});
        loader.request(1, f.source, f.plan({30000, 30000}).tiles);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
    EXPECT_LE(f.source->reads(), 4);
}

TEST(TileLoader, ThreadedStressDeliversCorrectPixelsOnce) {
    Fixture f({.width = 32768, .height = 32768, .levels = 5, .nativeTile = 256, .readDelayMicros = 200});
    TileCache cache(8 << 20);  // small: evictions happen during the run
    std::atomic<int> wakes{0};
    TileLoader loader(cache, {.threads = 2}, [&] { ++wakes; });
    std::set<std::tuple<int, int, int>> seen;
    int duplicates = 0, wrong = 0;
    auto consume = [&] {
        for (auto& r : loader.takeResults()) {
            ASSERT_TRUE(r.pixels) << r.error;
            uint8_t rgb[3];
            core::SyntheticSource::tileColour(r.key.level, r.key.col, r.key.row, rgb);
            if (r.pixels->at(0, 0)[1] != rgb[1] || r.pixels->at(0, 0)[2] != rgb[2]) ++wrong;
            if (!seen.insert({r.key.level, r.key.col, r.key.row}).second) ++duplicates;
        }
    };
    for (int step = 0; step < 60; ++step) {
        const double x = 2000 + step * 400;
        loader.request(1 + step % 3, f.source, f.plan({x, x * 0.7}, 1.0 + (step % 4)).tiles);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        consume();
        seen.clear();  // a tile may legitimately come back again once the view returns to it
    }
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(duplicates, 0);
    EXPECT_GT(wakes.load(), 0);
}
