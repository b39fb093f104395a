// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <vector>

#include "core/slide_info.h"
#include "core/units.h"

namespace histomark::core {

// Where a pipeline tile lies: `levelX/levelY/width/height` in pixels of its level, `x0/y0` the
// level-0 pixel to pass to SlideSource::readRegion. x0 is a multiple of the downsample for integer
// downsamples, which keeps OpenSlide on its fast aligned path.
struct TileRect {
    int64_t levelX = 0, levelY = 0;
    int width = 0, height = 0;
    int64_t x0 = 0, y0 = 0;
};

// The tile grid the pipeline uses per level: the format's native tile size when it is a sensible
// texture size (128..1024 px, so reads are whole native tiles), else kDefaultTile.
class TileGrid {
public:
    static constexpr int kDefaultTile = 512;

    TileGrid() = default;
    explicit TileGrid(const SlideInfo& info);

    int levelCount() const { return int(m_levels.size()); }
    int tileSize(int level) const { return m_tile[size_t(level)]; }
    int cols(int level) const;
    int rows(int level) const;
    double downsample(int level) const { return m_levels[size_t(level)].downsample; }
    const LevelInfo& level(int level) const { return m_levels[size_t(level)]; }
    bool valid(int level, int col, int row) const;

    TileRect tileRect(int level, int col, int row) const;
    // The level-0 area the tile's pixels cover (uses the exact, possibly fractional downsample).
    Level0Rect tileBounds(int level, int col, int row) const;

    // Finest level whose downsample is not above `zoom` (level-0 px per screen px), so tiles are
    // never magnified by the level choice itself; level 0 when zoomed in beyond full resolution.
    int bestLevelForZoom(double zoom) const;

private:
    std::vector<LevelInfo> m_levels;
    std::vector<int> m_tile;
};

}  // namespace histomark::core
