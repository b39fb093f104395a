// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

#include "core/affine.h"

namespace histomark::analysis {

// A section as the registration compares it.
struct TissuePicture {
    cv::Mat grey;  // CV_32F structure picture (stainGrey): 0 off tissue
    cv::Mat mask;  // CV_8U tissue mask
    cv::Mat ink;   // CV_8U pen ink and dirt: what lies beneath is unknown (empty: none)
};

// How well a moving picture sits on a fixed one after a transform (both at the same µm per px).
// Places under ink in either picture, and places outside the moving picture, are left out.
struct AlignmentCheck {
    double correlation = 0;     // Pearson correlation over the fixed or over the moving tissue, the higher; >= 0
    double overlap = 0;         // tissue in both / tissue of the smaller of the two
    int patches = 0;            // patches whose local shift could be measured
    double medianShiftPx = -1;  // median local misalignment over those patches (-1: none measured)
    double p90ShiftPx = -1;
    double searchRadiusPx = 0;  // shifts are measured up to this (a median there means matching failed)
    // One number for "is this the same tissue, aligned": matching texture and outline on the
    // smaller section, discounted by how much of it lies off the other's tissue. 0..1.
    double score() const { return correlation * overlap; }
};

// Correlation and overlap only (cheap: for choosing between candidates).
AlignmentCheck checkOverlap(const TissuePicture& fixed, const TissuePicture& moving, const core::Affine& movingToFixed);

// Also the local misalignment that remains: the overlap is cut into square patches (about
// `patchPx` pixels) and, in each patch with tissue in both pictures and some texture, the shift
// of the warped moving picture that best matches the fixed one is found by normalised
// cross-correlation over +-patchPx/4 with sub-pixel peak interpolation. A shift that hits the end
// of the search range counts as that range (so a wrong alignment reads as large, not as unknown).
AlignmentCheck checkAlignment(const TissuePicture& fixed, const TissuePicture& moving, const core::Affine& movingToFixed,
                              int patchPx);

}  // namespace histomark::analysis
