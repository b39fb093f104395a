// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "analysis/colour_deconvolution.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::analysis {

// The blob stage of the mitosis assistant and the measurements its classifier weighs.
//
// Pictures are analysed at a working scale of about 0.5 µm per pixel whatever the scanner: a 40x
// picture (0.23-0.25 µm/px) is averaged over 2 x 2 blocks, a 20x one (0.5) is taken as it is. A
// figure (5-15 µm) is still 10-30 working pixels across, the work is a quarter of 40x's, and 20x
// and 40x slides are measured alike. Every size below is in µm.
struct MitosisBlobOptions {
    double workingUmPerPx = 0.5;         // the block size is the whole number of pixels nearest this
    double smoothSigmaUm = 0.5;          // joins a figure's clumped chromatin, removes sensor noise
    double hematoxylinThreshold = 0.35;  // smoothed hematoxylin OD of a blob's pixels
    double minAreaUm2 = 4, maxAreaUm2 = 200;
    double maxExtentUm = 24;  // longer than the largest figure (anaphase pairs are ~15 µm): a cord
};

// What the classifier sees of a blob, in this order (mitosis_features.cpp says how each is taken).
inline constexpr int kMitosisFeatureCount = 19;
using MitosisFeatureVector = std::array<float, kMitosisFeatureCount>;
const std::array<const char*, kMitosisFeatureCount>& mitosisFeatureNames();

struct MitosisBlob {
    core::Level0Point at;  // centroid in the picture's (or slide's) level-0 pixels
    double areaUm2 = 0;
    MitosisFeatureVector features{};
};

// The working block size for a picture of `mpp` µm/px: round(target / mpp), at least 1.
int mitosisWorkingFactor(double mpp, const MitosisBlobOptions& options = {});

// Blobs of one picture (CV_8UC3 RGB or CV_8UC4 RGBA, R first) at `mpp` µm per picture pixel, whose
// top-left pixel is level-0 pixel (originX, originY) and whose pixels each cover `pitch` x `pitch`
// level-0 pixels (1 for level 0; a pyramid level's downsample). The origin, in picture pixels, must
// be a multiple of the working factor for results that do not depend on where a picture was cut.
// Blobs that touch `valid` (the part of the picture that is image, in picture pixels; the whole
// picture when empty) are left out: a blob cut by the edge of the image has no true size or shape.
// Positions are level-0 px, from integer pixel sums, so a blob measured from any picture that holds
// it whole gets bit-identical numbers. Thread-safe.
core::Result<std::vector<MitosisBlob>> measureMitosisBlobs(const cv::Mat& picture, double mpp, const StainMatrix& stains,
                                                          const MitosisBlobOptions& options, int64_t originX = 0,
                                                          int64_t originY = 0, cv::Rect valid = {}, int pitch = 1);

}  // namespace histomark::analysis
