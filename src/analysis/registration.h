// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "analysis/point_pair_fit.h"
#include "analysis/tissue_mask.h"
#include "core/affine.h"
#include "core/job_control.h"
#include "core/result.h"
#include "core/slide_source.h"

// Serial-section registration: the transform that puts a moving section (an IHC slide) onto a
// fixed one (the H&E) from the tissue itself. See docs/registration.md for the method and its
// measured accuracy.
namespace histomark::analysis {

struct RegistrationOptions {
    double workingUmPerPx = 0;  // finest resolution used; 0 = choose (about 1000 px across the tissue)
    bool allowMirror = true;    // also try the moving section flipped over
    bool allowAffine = true;    // else rigid + uniform scale
    // Slides only: the scales (µm per level-0 px) to use instead of the files' own, e.g. one the
    // reader set in the window; 0 = the file's.
    double fixedMpp = 0, movingMpp = 0;
};

struct RegistrationResult {
    core::Affine movingToFixed;  // moving level-0 (or image) px -> fixed level-0 (or image) px; pixel k covers [k, k+1)
    // Median local misalignment left after the fit, in µm (in pixels when neither side has a
    // scale): the overlap is cut into patches of about an eighth of the tissue, and in each the
    // residual shift between the fixed and the aligned moving structure picture is measured by
    // normalised cross-correlation. -1 when no patch had enough shared texture to measure.
    double residualUm = 0;
    double residualP90Um = 0;  // 90th percentile of the same patch shifts
    int residualPatches = 0;   // how many patches were measured
    double rotationDegrees = 0;
    bool mirrored = false;
    double scale = 1;  // moving px -> fixed px (level-0 px for slides)
    // Similarity of the aligned sections, 0..1: the Pearson correlation of their structure
    // pictures over the fixed or the moving tissue (the higher; ink left out) times `overlap`.
    // Same tissue well aligned scores about 0.5-1; under 0.3 a note asks for a check.
    double score = 0;
    double overlap = 0;  // shared tissue / tissue of the smaller section, 0..1
    double workingUmPerPx = 0;  // finest resolution used
    std::string method;               // one line: what was done
    std::vector<std::string> notes;   // warnings: low overlap, unknown mpp assumed, ...
};

// Images: 8-bit RGB (CV_8UC3, R first) with their µm per image pixel (0 = unknown: the other's is
// assumed, or pixels when both are unknown; a note says so). Returns the transform from moving
// image px to fixed image px. Handles any rotation, a mirrored section, shifts, partial overlap
// and a scale difference given by the µm per pixel (plus a few % found by the affine fit).
// Progress goes to `job` from 0 to 1; cancellation is checked between stages ("cancelled").
// Errors: "no tissue found in the fixed image", "... moving image", bad input. A result with a
// low score or overlap is returned with a note, not as an error. Thread-safe (pure).
core::Result<RegistrationResult> registerImages(const cv::Mat& fixedRgb, double fixedUmPerPx, const cv::Mat& movingRgb,
                                                double movingUmPerPx, const RegistrationOptions& options = {},
                                                core::JobControl* job = nullptr);

// Whole slides: reads an overview of each to find the tissue, then the tissue at the working
// resolution, through SlideSource (mpp from info(); when one slide has none the other's is
// assumed, when neither has one the work is in level-0 pixels; notes say so). Returns a level-0
// -> level-0 transform. Reads slides: worker threads only. Errors: "no tissue found in the fixed
// slide (PATH)" / "... moving slide ...", the source's read error, "cancelled".
core::Result<RegistrationResult> registerSlides(core::SlideSource& fixed, core::SlideSource& moving,
                                                const RegistrationOptions& options = {}, core::JobControl* job = nullptr);

}  // namespace histomark::analysis
