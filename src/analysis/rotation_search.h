// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include <opencv2/core.hpp>

#include "analysis/alignment_check.h"
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
    double score = 0;            // the search's correlation at the best shift, -1..1
    double angleDegrees = 0;
    bool mirrored = false;
    double scale = 1;
};

// Exhaustive coarse search: every rotation (0-360° in `angleStepDegrees`), both mirror states and
// each scale; for each, every shift at once by FFT cross-correlation. A shift scores the larger of
// the Pearson correlations of the two structure pictures over the fixed tissue and over the moving
// tissue, leaving out what lies under ink (see bestShift), so outlines and texture both count and
// a section with a missing part is still found. Pictures at the same µm per pixel, a few hundred
// pixels at most (grey blurred by the caller to the scale of the search). Returns the best local
// maxima over the angle, best first; empty when `job` is cancelled. Thread-safe (pure).
std::vector<AlignmentCandidate> searchRotations(const TissuePicture& fixed, const TissuePicture& moving,
                                                const RotationSearchOptions& options, core::JobControl* job = nullptr);

}  // namespace histomark::analysis
