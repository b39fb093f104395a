// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>

#include "core/rgba_image.h"

namespace histomark::core {

// A `width` x `height` region of a level held whole in memory, whose top-left corner is at
// level-0 pixel (x0, y0); outside the level it is white (as every SlideSource returns).
// Uses the level pixel nearest to x0 / downsample: TileGrid rounds a tile's level origin times
// the downsample to the nearest level-0 pixel, so with a fractional downsample x0 / downsample can
// fall just below the origin, and flooring it would shift such tiles by one pixel (a seam).
RgbaImage cropLevel(const RgbaImage& level, double downsample, int64_t x0, int64_t y0, int width, int height);

}  // namespace histomark::core
