// SPDX-License-Identifier: MIT
#pragma once
#include "core/rgba_image.h"
#include "core/screening.h"

namespace histomark::core {

// A coarse tissue map from a slide's overview picture, for guided screening: a cell is tissue when
// its pixels absorb light (summed RGB optical density above a threshold) and are not ink-black.
// `level0PerPixel` is the overview's scale; the grid is at most `maxCells` cells wide.
TissueGrid tissueGridFromOverview(const RgbaImage& overview, double level0PerPixel, int maxCells = 256);

}  // namespace histomark::core
