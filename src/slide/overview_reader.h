// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>

#include "core/slide_source.h"
#include "core/tile_key.h"

namespace histomark::slide {
class TileCache;

struct OverviewOptions {
    int maxSide = 2048;            // long side of the result, pixels
    TileCache* cache = nullptr;    // when set, the coarsest level's tiles are kept here for the views
    core::SlideId slide = 0;       // their key
    int threads = 2;               // parallel tile reads
    // Set by another thread to stop a long read (a huge single-level slide decodes every tile):
    // the read then fails with "cancelled".
    const std::atomic<bool>* cancel = nullptr;
    // Set as a large coarsest level is read (0..1, the share of its bands done), for "Opening ... 35 %".
    std::atomic<float>* progress = nullptr;
};

// The whole slide as one picture of at most `maxSide` pixels, from the coarsest level: the
// "whole coarsest level loaded at open" that the minimap and the fallback under all tiles use.
// When the coarsest level is small enough (<= 16 MPix) it is read tile by tile on the pipeline's
// grid, in parallel, and the tiles go into `cache`, so the first view needs no second read of
// them. A larger coarsest level (single-level slides and photos) is read in bands and
// area-averaged, so memory stays bounded; the bands are read in fixed-width chunks, `threads` at
// once, with the same picture for any thread count. Slow: worker threads only.
core::Result<core::RgbaImage> readOverview(core::SlideSource& source, const OverviewOptions& options = {});

// Shrinks an image by an integer factor with area averaging (partial edge blocks averaged too).
core::RgbaImage shrinkByArea(const core::RgbaImage& image, int factor);

}  // namespace histomark::slide
