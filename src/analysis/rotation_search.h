// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include <opencv2/core.hpp>

#include "core/affine.h"
#include "core/job_control.h"

namespace histomark::analysis {

struct RotationSearchOptions {
    double angleStepDegrees = 5;
    bool allowMirror = true;
    std::vector<double> scales{1.0};  // moving-to-fixed scale factors to try
    int maxCandidates = 6;
};

struct AlignmentCandidate {
    core::Affine movingToFixed;  // corner convention, pixels of the two search pictures
    double score = 0;            // correlation over the union of both tissues at the best shift, -1..1
    double angleDegrees = 0;
    bool mirrored = false;
    double scale = 1;
};

// Exhaustive coarse search: every rotation (0-360° in `angleStepDegrees`), both mirror states and
// each scale; for each, every shift at once by FFT. The score of a shift is the Pearson
// correlation of the two structure pictures over the union of the two tissues there: tissue
// facing glass counts against it (so the outlines matter) and so does mismatched texture inside
// (so a symmetric outline does not decide alone). Over the union, every sum it needs is a plain
// cross-correlation: of the pictures, and of the masks (the overlap area). `fixed` and `moving`
// are CV_32F structure pictures (stainGrey; 0 off tissue) with CV_8U tissue masks, at the same µm
// per pixel, a few hundred pixels at most. Returns the best local maxima over the angle, best
// first; empty when `job` is cancelled. Thread-safe (pure).
std::vector<AlignmentCandidate> searchRotations(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                                                const cv::Mat& movingMask, const RotationSearchOptions& options,
                                                core::JobControl* job = nullptr);

}  // namespace histomark::analysis
