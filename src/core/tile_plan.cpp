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

bool inView(const Camera& cam, const Level0Rect& r, double m) {
    // Separating axes of two rectangles: the screen's axes, then the slide's.
    const ScreenPoint s[4] = {cam.toScreen({r.x, r.y}), cam.toScreen({r.right(), r.y}),
                              cam.toScreen({r.right(), r.bottom()}), cam.toScreen({r.x, r.bottom()})};
    double x0 = s[0].x, x1 = s[0].x, y0 = s[0].y, y1 = s[0].y;
    for (const auto& p : s) x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    if (x1 <= -m || y1 <= -m || x0 >= cam.viewport.width + m || y0 >= cam.viewport.height + m) return false;
    const double w = cam.viewport.width, h = cam.viewport.height;
    const ScreenPoint grown[4] = {{-m, -m}, {w + m, -m}, {w + m, h + m}, {-m, h + m}};
    Level0Point c = cam.toLevel0(grown[0]);
    x0 = x1 = c.x, y0 = y1 = c.y;
    for (const auto& g : grown) {
        c = cam.toLevel0(g);
        x0 = std::min(x0, c.x), x1 = std::max(x1, c.x), y0 = std::min(y0, c.y), y1 = std::max(y1, c.y);
    }
    return x1 > r.x && y1 > r.y && x0 < r.right() && y0 < r.bottom();
}

TilePlan planTiles(const TileGrid& grid, SlideId slide, const Camera& cam, int prefetchRing) {
    TilePlan plan;
    if (grid.levelCount() == 0 || cam.zoom <= 0) return plan;
    plan.targetLevel = grid.bestLevelForZoom(cam.zoom);
    const Level0Rect view = cam.visibleRect();
    const int coarsest = grid.levelCount() - 1;
    for (int level = coarsest; level >= plan.targetLevel; --level) {
        const TileRange range = tilesIn(grid, level, view, level == plan.targetLevel ? prefetchRing : 0);
        if (tooManyToShow(range)) continue;
        const double rank = coarsest - level;
        const double ringPx = level == plan.targetLevel
                                  ? prefetchRing * grid.tileSize(level) * grid.downsample(level) / cam.zoom
                                  : 0;
        for (int row = range.row0; row <= range.row1; ++row) {
            for (int col = range.col0; col <= range.col1; ++col) {
                const Level0Rect b = grid.tileBounds(level, col, row);
                if (cam.oriented() && !inView(cam, b, ringPx)) continue;
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
