// SPDX-License-Identifier: MIT
#include "slide/tile_loader.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace histomark::slide {

TileLoader::TileLoader(TileCache& cache, Options options, std::function<void()> wake)
    : m_cache(cache), m_options(options), m_wake(std::move(wake)) {
    for (int i = 0; i < options.threads; ++i) m_threads.emplace_back([this] { workerLoop(); });
}

TileLoader::~TileLoader() { shutdown(); }

void TileLoader::shutdown() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_queue.clear();
        m_queuedKeys.clear();
    }
    m_cv.notify_all();
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
}

void TileLoader::request(OwnerId owner, std::shared_ptr<core::SlideSource> source,
                         const std::vector<core::PlannedTile>& tiles) {
    const bool failed = !source || !source->failure().empty();
    std::unordered_set<core::TileKey, core::TileKeyHash> wanted;
    for (const auto& t : tiles) wanted.insert(t.key);
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) return;
        // Drop this owner's queued requests: the new wishlist supersedes them.
        auto stale = std::remove_if(m_queue.begin(), m_queue.end(), [&](const Request& r) {
            if (r.owner != owner) return false;
            if (!wanted.count(r.tile.key)) ++m_stats.droppedStale;
            m_queuedKeys.erase(r.tile.key);
            return true;
        });
        m_queue.erase(stale, m_queue.end());
        if (failed) return;

        size_t queuedNow = 0;
        for (const auto& t : tiles) {
            if (queuedNow >= m_options.maxQueuedPerOwner) break;
            ++m_stats.requested;
            if (m_queuedKeys.count(t.key) || m_inFlight.count(t.key) || m_undelivered.count(t.key)) {
                ++m_stats.deduplicated;
                continue;
            }
            if (auto pixels = m_cache.get(t.key)) {
                ++m_stats.cacheHits;
                m_results.push_back({t.key, std::move(pixels), {}});
                m_undelivered.insert(t.key);
                continue;
            }
            m_queue.push_back({t, owner, source});
            m_queuedKeys.insert(t.key);
            ++queuedNow;
        }
    }
    m_cv.notify_all();
}

void TileLoader::cancelOwner(OwnerId owner) {
    std::lock_guard lock(m_mutex);
    auto it = std::remove_if(m_queue.begin(), m_queue.end(), [&](const Request& r) {
        if (r.owner != owner) return false;
        m_queuedKeys.erase(r.tile.key);
        ++m_stats.droppedStale;
        return true;
    });
    m_queue.erase(it, m_queue.end());
}

void TileLoader::cancelSlide(core::SlideId slide) {
    std::lock_guard lock(m_mutex);
    auto it = std::remove_if(m_queue.begin(), m_queue.end(), [&](const Request& r) {
        if (r.tile.key.slide != slide) return false;
        m_queuedKeys.erase(r.tile.key);
        return true;
    });
    m_queue.erase(it, m_queue.end());
    auto res = std::remove_if(m_results.begin(), m_results.end(), [&](const TileResult& r) {
        if (r.key.slide != slide) return false;
        m_undelivered.erase(r.key);
        return true;
    });
    m_results.erase(res, m_results.end());
}

std::vector<TileResult> TileLoader::takeResults(size_t max) {
    std::lock_guard lock(m_mutex);
    const size_t n = std::min(max, m_results.size());
    std::vector<TileResult> out(std::make_move_iterator(m_results.begin()),
                                std::make_move_iterator(m_results.begin() + ptrdiff_t(n)));
    m_results.erase(m_results.begin(), m_results.begin() + ptrdiff_t(n));
    for (const auto& r : out) m_undelivered.erase(r.key);
    return out;
}

bool TileLoader::popBestLocked(Request& out) {
    if (m_queue.empty()) return false;
    auto best = std::min_element(m_queue.begin(), m_queue.end(), [](const Request& a, const Request& b) {
        return a.tile.priority < b.tile.priority;
    });
    out = std::move(*best);
    *best = std::move(m_queue.back());
    m_queue.pop_back();
    m_queuedKeys.erase(out.tile.key);
    m_inFlight.insert(out.tile.key);
    return true;
}

void TileLoader::process(Request req) {
    TileResult result{req.tile.key, m_cache.get(req.tile.key), {}};
    if (!result.pixels) {
        const core::TileRect& r = req.tile.rect;
        try {
            auto img = req.source->readRegion(r.x0, r.y0, req.tile.key.level, r.width, r.height);
            if (img.ok()) {
                result.pixels = std::make_shared<const core::RgbaImage>(std::move(img.value()));
                m_cache.put(req.tile.key, result.pixels);
            } else {
                result.error = img.error();
            }
        } catch (const std::exception& e) {
            result.error = std::string("tile read failed: ") + e.what();
        }
    }
    {
        std::lock_guard lock(m_mutex);
        m_inFlight.erase(req.tile.key);
        ++(result.pixels ? m_stats.read : m_stats.failed);
        m_undelivered.insert(result.key);
        m_results.push_back(std::move(result));
    }
    if (m_wake) m_wake();
}

size_t TileLoader::runQueued(size_t max) {
    size_t n = 0;
    while (n < max) {
        Request req;
        {
            std::lock_guard lock(m_mutex);
            if (m_stop || !popBestLocked(req)) break;
        }
        process(std::move(req));
        ++n;
    }
    return n;
}

void TileLoader::workerLoop() {
    for (;;) {
        Request req;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) return;
            popBestLocked(req);
        }
        process(std::move(req));
    }
}

size_t TileLoader::queued() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

size_t TileLoader::pending() const {
    std::lock_guard lock(m_mutex);
    return m_queue.size() + m_inFlight.size() + m_results.size();
}

TileLoader::Stats TileLoader::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

size_t drainResults(TileLoader& loader, const FrameUploadBudget& budget, const std::function<void(TileResult&)>& apply) {
    const auto t0 = std::chrono::steady_clock::now();
    size_t n = 0;
    while (int(n) < budget.maxTiles) {
        auto results = loader.takeResults(1);
        if (results.empty()) break;
        apply(results.front());
        ++n;
        if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() > budget.maxMs) break;
    }
    return n;
}

}  // namespace histomark::slide
