// SPDX-License-Identifier: MIT
#include "slide/tile_cache.h"

namespace histomark::slide {

TileCache::TileCache(size_t budgetBytes) : m_budget(budgetBytes) {}

TileCache::Pixels TileCache::get(const core::TileKey& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_map.find(key);
    if (it == m_map.end()) {
        ++m_stats.misses;
        return nullptr;
    }
    ++m_stats.hits;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    return it->second.pixels;
}

bool TileCache::contains(const core::TileKey& key) const {
    std::lock_guard lock(m_mutex);
    return m_map.count(key) != 0;
}

void TileCache::put(const core::TileKey& key, Pixels pixels) {
    if (!pixels) return;
    std::lock_guard lock(m_mutex);
    auto it = m_map.find(key);
    if (it != m_map.end()) {
        m_bytes -= it->second.pixels->byteSize();
        m_lru.erase(it->second.lru);
        m_map.erase(it);
    }
    m_bytes += pixels->byteSize();
    m_lru.push_front(key);
    m_map.emplace(key, Entry{std::move(pixels), m_lru.begin()});
    evictLocked();
}

void TileCache::evictLocked() {
    // Never evict the newest entry, even if it alone is over budget: its reader is about to use it.
    while (m_bytes > m_budget && m_lru.size() > 1) {
        auto it = m_map.find(m_lru.back());
        m_bytes -= it->second.pixels->byteSize();
        m_map.erase(it);
        m_lru.pop_back();
        ++m_stats.evictions;
    }
}

void TileCache::eraseSlide(core::SlideId slide) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->slide == slide) {
            auto m = m_map.find(*it);
            m_bytes -= m->second.pixels->byteSize();
            m_map.erase(m);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

void TileCache::setBudget(size_t bytes) {
    std::lock_guard lock(m_mutex);
    m_budget = bytes;
    evictLocked();
}

size_t TileCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

size_t TileCache::budget() const {
    std::lock_guard lock(m_mutex);
    return m_budget;
}

size_t TileCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_map.size();
}

TileCache::Stats TileCache::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

}  // namespace histomark::slide
