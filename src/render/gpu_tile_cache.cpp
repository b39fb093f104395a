// SPDX-License-Identifier: MIT
#include "render/gpu_tile_cache.h"

namespace histomark::render {

const GlTexture* GpuTileCache::find(const core::TileKey& key) {
    auto it = m_map.find(key);
    if (it == m_map.end()) return nullptr;
    it->second.lastFrame = m_frame;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    return &it->second.texture;
}

void GpuTileCache::insert(const core::TileKey& key, const core::RgbaImage& pixels) {
    auto it = m_map.find(key);
    if (it != m_map.end()) {
        m_bytes -= it->second.texture.byteSize();
        it->second.texture.upload(pixels);
        m_bytes += it->second.texture.byteSize();
        return;
    }
    m_lru.push_front(key);
    Entry e{GlTexture(pixels), m_frame, m_lru.begin()};
    m_bytes += e.texture.byteSize();
    m_map.emplace(key, std::move(e));
    evict();
}

void GpuTileCache::evict() {
    while (m_bytes > m_budget && !m_lru.empty()) {
        auto it = m_map.find(m_lru.back());
        if (it->second.lastFrame >= m_frame) break;  // everything left is on screen now
        m_bytes -= it->second.texture.byteSize();
        m_map.erase(it);
        m_lru.pop_back();
    }
}

void GpuTileCache::eraseSlide(core::SlideId slide) {
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->slide == slide) {
            auto m = m_map.find(*it);
            m_bytes -= m->second.texture.byteSize();
            m_map.erase(m);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace histomark::render
