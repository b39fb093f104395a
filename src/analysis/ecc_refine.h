// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

#include "core/affine.h"

namespace histomark::analysis {

enum class Motion { Rigid, Affine };

struct EccResult {
    core::Affine movingToFixed;  // corner convention, pixels of the two pictures
    double correlation = 0;      // ECC's correlation coefficient at the end (-1..1)
    bool converged = false;      // false: ECC failed; movingToFixed is the starting estimate
};

// Improves `movingToFixed` by maximising the enhanced correlation coefficient (Evangelidis &
// Psarakis 2008, cv::findTransformECC) between `fixed` and `moving` warped onto it. The moving
// picture is first warped with the current estimate and ECC solves for the small correction, so a
// mirrored or scaled estimate stays so even for the rigid motion (which ECC parametrises as a pure
// rotation). Pixels where the warped moving picture has no data are left out, and so are those
// outside `region` (CV_8U, the fixed picture's frame) when given: with sections that do not
// overlap fully, ECC would otherwise pull the sections over each other's missing parts. Both
// pictures CV_32F. Thread-safe (pure).
EccResult refineEcc(const cv::Mat& fixed, const cv::Mat& moving, const core::Affine& movingToFixed, Motion motion,
                    const cv::Mat& region = {}, int maxIterations = 60);

}  // namespace histomark::analysis
