// SPDX-License-Identifier: MIT
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/slide_source.h"
#include "core/tile_plan.h"
#include "slide/tile_cache.h"

namespace histomark::slide {

using OwnerId = uint64_t;  // who asked: one slide view

struct TileResult {
    core::TileKey key;
    TileCache::Pixels pixels;  // null when the read failed
    std::string error;
};

// Reads tiles on its own worker threads, most urgent first, into the TileCache, and hands the
// results to the UI thread (takeResults). Design notes: docs/tile-pipeline.md.
// - Each owner (view) has one wishlist; request() replaces it, so tiles a view no longer needs
//   are dropped before they are read (the view moved on).
// - A key is never queued, read or delivered twice at once (de-duplicated across owners).
// - Each owner's wishlist is capped, so a fast pan cannot pile up unbounded work.
// - With 0 threads nothing runs until runQueued(), for deterministic tests.
class TileLoader {
public:
    struct Options {
        int threads = 2;
        size_t maxQueuedPerOwner = 192;
    };
    struct Stats {
        uint64_t requested = 0, deduplicated = 0, droppedStale = 0, read = 0, failed = 0, cacheHits = 0;
    };

    TileLoader(TileCache& cache, Options options, std::function<void()> wake = {});
    ~TileLoader();  // shutdown(): queued work is dropped, running reads finish
    TileLoader(const TileLoader&) = delete;
    TileLoader& operator=(const TileLoader&) = delete;

    // Replaces `owner`'s wishlist with `tiles` (most urgent first). Tiles already in the CPU cache
    // become results at once. Nothing is queued for a failed source. Thread-safe.
    void request(OwnerId owner, std::shared_ptr<core::SlideSource> source, const std::vector<core::PlannedTile>& tiles);
    void cancelOwner(OwnerId owner);
    void cancelSlide(core::SlideId slide);  // also drops its undelivered results

    std::vector<TileResult> takeResults(size_t max = SIZE_MAX);  // oldest first
    size_t runQueued(size_t max = SIZE_MAX);                      // 0-thread mode: read on the caller
    void shutdown();

    size_t queued() const;
    size_t pending() const;  // queued + being read + results not yet taken
    Stats stats() const;
    int threads() const { return int(m_threads.size()); }

private:
    struct Request {
        core::PlannedTile tile;
        OwnerId owner = 0;
        std::shared_ptr<core::SlideSource> source;
    };
    bool popBestLocked(Request& out);
    void process(Request req);
    void workerLoop();

    TileCache& m_cache;
    Options m_options;
    std::function<void()> m_wake;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::vector<Request> m_queue;  // unsorted; workers take the minimum priority (queues are short)
    std::unordered_set<core::TileKey, core::TileKeyHash> m_queuedKeys, m_inFlight, m_undelivered;
    std::vector<TileResult> m_results;
    Stats m_stats;
    std::vector<std::thread> m_threads;
};

// The UI thread's share of tile arrivals per frame: at most this many tiles and about this much
// time uploading, so a burst of results never stalls a frame (the rest waits for the next one).
struct FrameUploadBudget {
    int maxTiles = 24;
    double maxMs = 6.0;
};

// Takes finished tiles one at a time within `budget` and hands each to `apply`; returns how many.
// Used by the app's frame loop and by the benchmark that stands in for it.
size_t drainResults(TileLoader& loader, const FrameUploadBudget& budget, const std::function<void(TileResult&)>& apply);

}  // namespace histomark::slide
