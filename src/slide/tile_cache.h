// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/rgba_image.h"
#include "core/tile_key.h"

namespace histomark::slide {

// CPU cache of decoded tiles, bounded in bytes, least recently used evicted first. Thread-safe.
// Pixels are shared_ptrs: eviction only drops the cache's reference, so a reader that holds a
// tile (a texture upload, an analysis job) keeps valid pixels.
class TileCache {
public:
    using Pixels = std::shared_ptr<const core::RgbaImage>;
    struct Stats {
        uint64_t hits = 0, misses = 0, evictions = 0;
    };

    explicit TileCache(size_t budgetBytes);

    Pixels get(const core::TileKey& key);  // nullptr on miss; a hit becomes most recently used
    bool contains(const core::TileKey& key) const;
    void put(const core::TileKey& key, Pixels pixels);  // replaces; evicts LRU tiles over budget
    void eraseSlide(core::SlideId slide);
    void setBudget(size_t bytes);

    size_t bytes() const;
    size_t budget() const;
    size_t size() const;
    Stats stats() const;

private:
    struct Entry {
        Pixels pixels;
        std::list<core::TileKey>::iterator lru;
    };
    void evictLocked();

    mutable std::mutex m_mutex;
    size_t m_budget;
    size_t m_bytes = 0;
    std::list<core::TileKey> m_lru;  // front = most recent
    std::unordered_map<core::TileKey, Entry, core::TileKeyHash> m_map;
    Stats m_stats;
};

}  // namespace histomark::slide
