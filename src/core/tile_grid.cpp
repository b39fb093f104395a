// SPDX-License-Identifier: MIT
#include "core/tile_grid.h"

#include <algorithm>
#include <cmath>

namespace histomark::core {

TileGrid::TileGrid(const SlideInfo& info) : m_levels(info.levels) {
    for (const auto& l : m_levels) {
        bool nativeOk = l.tileWidth == l.tileHeight && l.tileWidth >= 128 && l.tileWidth <= 1024;
        m_tile.push_back(nativeOk ? l.tileWidth : kDefaultTile);
    }
}

int TileGrid::cols(int level) const {
    const auto& l = m_levels[size_t(level)];
    return int((l.width + tileSize(level) - 1) / tileSize(level));
}

int TileGrid::rows(int level) const {
    const auto& l = m_levels[size_t(level)];
    return int((l.height + tileSize(level) - 1) / tileSize(level));
}

bool TileGrid::valid(int level, int col, int row) const {
    return level >= 0 && level < levelCount() && col >= 0 && row >= 0 && col < cols(level) && row < rows(level);
}

TileRect TileGrid::tileRect(int level, int col, int row) const {
    const auto& l = m_levels[size_t(level)];
    const int t = tileSize(level);
    TileRect r;
    r.levelX = int64_t(col) * t;
    r.levelY = int64_t(row) * t;
    r.width = int(std::min<int64_t>(t, l.width - r.levelX));
    r.height = int(std::min<int64_t>(t, l.height - r.levelY));
    r.x0 = int64_t(std::llround(double(r.levelX) * l.downsample));
    r.y0 = int64_t(std::llround(double(r.levelY) * l.downsample));
    return r;
}

Level0Rect TileGrid::tileBounds(int level, int col, int row) const {
    const TileRect r = tileRect(level, col, row);
    const double ds = m_levels[size_t(level)].downsample;
    return {double(r.levelX) * ds, double(r.levelY) * ds, r.width * ds, r.height * ds};
}

int TileGrid::bestLevelForZoom(double zoom) const {
    int best = 0;
    for (int i = 0; i < levelCount(); ++i)
        if (m_levels[size_t(i)].downsample <= zoom * 1.0001) best = i;
    return best;
}

}  // namespace histomark::core
