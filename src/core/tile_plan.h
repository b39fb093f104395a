// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "core/camera.h"
#include "core/tile_grid.h"
#include "core/tile_key.h"

namespace histomark::core {

struct TileRange {
    int col0 = 0, row0 = 0, col1 = -1, row1 = -1;  // inclusive; empty when col1 < col0
    bool empty() const { return col1 < col0 || row1 < row0; }
    int count() const { return empty() ? 0 : (col1 - col0 + 1) * (row1 - row0 + 1); }
};

// Tiles of `level` that intersect `rect` (level-0 px), grown by `ring` tiles on every side.
TileRange tilesIn(const TileGrid& grid, int level, const Level0Rect& rect, int ring = 0);

// More tiles of one level than any screen needs from a pyramid (a 4K screen between two levels
// wants under 1000 of 256 px): a slide without coarser levels seen from afar (a single-level
// 200,000 px TIFF at fit has 600,000). Such a level is neither loaded nor drawn; the overview
// stands in until the view is close enough.
constexpr int kMaxTilesPerLevel = 16384;
inline bool tooManyToShow(const TileRange& r) { return int64_t(r.col1 - r.col0 + 1) * (r.row1 - r.row0 + 1) > kMaxTilesPerLevel && !r.empty(); }

// Whether a level-0 rectangle reaches into the viewport grown by `marginPx` screen px on every
// side. Exact for turned views too, where visibleRect() is only the bounding box (at 45 deg
// about half of it lies outside the view).
bool inView(const Camera& cam, const Level0Rect& rect, double marginPx = 0);

struct PlannedTile {
    TileKey key;
    TileRect rect;
    double priority = 0;  // lower is more urgent
};

// What a view wants loaded, most urgent first: every level from the coarsest down to the one
// that suits the zoom (coarse tiles come first, so there is always something under the finer
// ones), and within a level, by distance from the view centre. The target level also gets a
// `prefetchRing` of tiles beyond the edges. A turned view skips the tiles of its bounding box
// that lie outside the turned viewport (inView), the ring included.
struct TilePlan {
    int targetLevel = 0;
    std::vector<PlannedTile> tiles;
};

TilePlan planTiles(const TileGrid& grid, SlideId slide, const Camera& cam, int prefetchRing = 1);

}  // namespace histomark::core
