// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <list>
#include <unordered_map>

#include "core/tile_key.h"
#include "render/gl_texture.h"

namespace histomark::render {

// Tile textures, bounded in bytes, least recently drawn evicted first; tiles drawn in the current
// frame are never evicted. GL thread only.
class GpuTileCache {
public:
    explicit GpuTileCache(size_t budgetBytes) : m_budget(budgetBytes) {}

    void beginFrame() { ++m_frame; }
    const GlTexture* find(const core::TileKey& key);  // marks the tile used in this frame
    bool contains(const core::TileKey& key) const { return m_map.count(key) != 0; }
    void insert(const core::TileKey& key, const core::RgbaImage& pixels);  // uploads, then evicts
    void eraseSlide(core::SlideId slide);
    void setBudget(size_t bytes) { m_budget = bytes; }

    size_t bytes() const { return m_bytes; }
    size_t budget() const { return m_budget; }
    size_t size() const { return m_map.size(); }

private:
    struct Entry {
        GlTexture texture;
        uint64_t lastFrame = 0;
        std::list<core::TileKey>::iterator lru;
    };
    void evict();

    size_t m_budget;
    size_t m_bytes = 0;
    uint64_t m_frame = 1;
    std::list<core::TileKey> m_lru;  // front = most recently used
    std::unordered_map<core::TileKey, Entry, core::TileKeyHash> m_map;
};

}  // namespace histomark::render
