// SPDX-License-Identifier: MIT
#pragma once
// Internal to the analysis layer: the pictures the registration works on, from coarse to fine.
#include <vector>

#include <opencv2/core.hpp>

#include "analysis/alignment_check.h"
#include "core/affine.h"
#include "core/result.h"

namespace histomark::analysis::detail {

// One side (fixed or moving) at one resolution.
struct Picture : TissuePicture {
    core::Affine fromInput;  // input picture px -> these px (corner convention)
    double umPerPx = 0;
};
struct Level {
    Picture fixed, moving;
};
struct Pyramid {
    std::vector<Level> levels;  // coarse (about kCoarseSide px across the tissue) to fine, ~2x apart
    double extentUm = 0;        // the larger tissue's longer side
};

// Finds the tissue of both pictures, crops to it, and builds the levels: the finest at
// max(both µm/px, extent / fineSide, workingUmPerPx), the coarsest at extent / coarseSide.
// Errors: "no tissue found in the fixed image" / "... moving image".
core::Result<Pyramid> buildPyramid(const cv::Mat& fixedRgb, double fixedUmPerPx, const cv::Mat& movingRgb, double movingUmPerPx,
                                   double workingUmPerPx, int fineSide, int coarseSide);

// A transform between the pictures of level `from` expressed between those of level `to`.
core::Affine changeLevel(const core::Affine& movingToFixed, const Level& from, const Level& to);

// The tissue's bounding box in `rgb` (pixels), found on a copy of at most `maxSide` pixels; empty
// when there is no tissue.
cv::Rect tissueBounds(const cv::Mat& rgb, double umPerPx, int maxSide);

}  // namespace histomark::analysis::detail
