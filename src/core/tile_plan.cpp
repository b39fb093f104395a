// SPDX-License-Identifier: MIT
#include "core/tile_plan.h"

#include <algorithm>
#include <cmath>

namespace histomark::core {

TileRange tilesIn(const TileGrid& grid, int level, const Level0Rect& rect, int ring) {
    TileRange r;
    if (level < 0 || level >= grid.levelCount()) return r;
    const double span = grid.tileSize(level) * grid.downsample(level);  // level-0 px per tile
    r.col0 = std::max(0, int(std::floor(rect.x / span)) - ring);
    r.row0 = std::max(0, int(std::floor(rect.y / span)) - ring);
    r.col1 = std::min(grid.cols(level) - 1, int(std::ceil(rect.right() / span)) - 1 + ring);
    r.row1 = std::min(grid.rows(level) - 1, int(std::ceil(rect.bottom() / span)) - 1 + ring);
    return r;
}

TilePlan planTiles(const TileGrid& grid, SlideId slide, const Camera& cam, int prefetchRing) {
    TilePlan plan;
    if (grid.levelCount() == 0 || cam.zoom <= 0) return plan;
    plan.targetLevel = grid.bestLevelForZoom(cam.zoom);
    const Level0Rect view = cam.visibleRect();
    const int coarsest = grid.levelCount() - 1;
    for (int level = coarsest; level >= plan.targetLevel; --level) {
        const TileRange range = tilesIn(grid, level, view, level == plan.targetLevel ? prefetchRing : 0);
        const double rank = coarsest - level;
        for (int row = range.row0; row <= range.row1; ++row) {
            for (int col = range.col0; col <= range.col1; ++col) {
                const Level0Rect b = grid.tileBounds(level, col, row);
                const double dx = (b.x + b.width / 2 - cam.center.x) / cam.zoom;
                const double dy = (b.y + b.height / 2 - cam.center.y) / cam.zoom;
                plan.tiles.push_back({{slide, level, col, row}, grid.tileRect(level, col, row),
                                      rank * 1e9 + std::hypot(dx, dy)});
            }
        }
    }
    std::stable_sort(plan.tiles.begin(), plan.tiles.end(),
                     [](const PlannedTile& a, const PlannedTile& b) { return a.priority < b.priority; });
    return plan;
}

}  // namespace histomark::core
