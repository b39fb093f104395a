// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include <opencv2/core.hpp>

#include "core/affine.h"

namespace histomark::analysis {

// How well a moving picture sits on a fixed one after a transform. Pictures are CV_32F structure
// pictures (stainGrey) with their CV_8U tissue masks, at the same µm per pixel.
struct AlignmentCheck {
    double correlation = 0;     // Pearson correlation over the union of both tissues (where both have data)
    double overlap = 0;         // tissue in both / tissue of the smaller of the two
    int patches = 0;            // patches whose local shift could be measured
    double medianShiftPx = -1;  // median local misalignment over those patches (-1: none measured)
    double p90ShiftPx = -1;
    double searchRadiusPx = 0;  // shifts are measured up to this (a median there means matching failed)
};

// Correlation and overlap only (cheap: for choosing between candidates).
AlignmentCheck checkOverlap(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                            const cv::Mat& movingMask, const core::Affine& movingToFixed);

// Also the local misalignment that remains: the overlap is cut into square patches (about
// `patchPx` pixels) and, in each patch with tissue in both pictures and some texture, the shift
// of the warped moving picture that best matches the fixed one is found by normalised
// cross-correlation over +-patchPx/4 with sub-pixel peak interpolation. A shift that hits the end
// of the search range counts as that range (so a wrong alignment reads as large, not as unknown).
AlignmentCheck checkAlignment(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                              const cv::Mat& movingMask, const core::Affine& movingToFixed, int patchPx);

}  // namespace histomark::analysis
