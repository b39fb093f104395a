// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "core/affine.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::analysis {

struct PointPairFit {
    core::Affine movingToFixed;
    double rmsPx = 0;                  // root mean square of residualsPx
    std::vector<double> residualsPx;   // |fit(moving[i]) - fixed[i]| per pair, fixed-slide level-0 px
};

// Least-squares transform from user-clicked point pairs (moving[i] on the moving slide, fixed[i]
// on the fixed one, both level-0 px), for correcting an automatic registration by hand.
// affine = true: full affine, needs >= 3 pairs not all on one line. affine = false: similarity
// (rotation, uniform scale, shift; a mirror when the points say so and there are >= 3 pairs),
// needs >= 2 distinct pairs. Errors name the problem ("at least 3 point pairs", "collinear").
core::Result<PointPairFit> fitPointPairs(const std::vector<core::Level0Point>& moving,
                                         const std::vector<core::Level0Point>& fixed, bool affine = true);

}  // namespace histomark::analysis
