// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <opencv2/core.hpp>
#include <string>

#include "core/result.h"

namespace histomark::analysis {

// Ruifrok & Johnston (2001) colour deconvolution. A stain is its optical density (OD) vector over
// R, G, B; a pixel's OD is the sum of the stains' vectors weighted by their concentrations
// (Beer-Lambert), so concentrations = OD x inverse of the matrix whose rows are the vectors.
struct StainMatrix {
    std::string name;                   // "H-DAB", "H&E", "H-DAB (estimated)"
    std::array<std::string, 3> stains;  // "Hematoxylin", "DAB", "Residual"
    std::array<cv::Vec3d, 3> vectors;   // unit length, OD of R, G, B
    cv::Vec3d background{255, 255, 255};  // I0 per channel: the intensity of glass (no stain)
};

// Builds a matrix from two stain OD vectors (any length; normalised here). The third stain is the
// normalised cross product of the first two (a "residual" channel holding what neither explains).
// Fails when a vector is zero, negative or the two are (nearly) parallel.
core::Result<StainMatrix> makeStainMatrix(std::string name, std::string first, cv::Vec3d firstOd, std::string second,
                                          cv::Vec3d secondOd, cv::Vec3d background = {255, 255, 255});

// The standard vectors of DOMAIN section 6 (Ruifrok & Johnston): H&E (hematoxylin, eosin) and H-DAB
// (hematoxylin, DAB), each with a cross-product residual and I0 = 255.
StainMatrix hematoxylinEosin();
StainMatrix hematoxylinDab();

// Glass intensity per channel (R, G, B) of a brightfield picture: the mean of its brightest 1 % of
// pixels, floored at 200 so a picture that is all tissue does not call pale tissue "glass".
cv::Vec3d measureBackground(const cv::Mat& rgb);

// OD = -log10(I / I0) per channel, clipped at 0 (nothing is brighter than glass), with I floored
// at 1 (an 8-bit 0 would be infinite). `rgb`: CV_8UC3 or CV_32FC3 intensities 0-255, R first.
// Returns CV_32FC3.
cv::Mat rgbOpticalDensity(const cv::Mat& rgb, cv::Vec3d background = {255, 255, 255});

// Stain concentrations (OD units) per pixel: three CV_32F images in the matrix's stain order. The
// input is as for rgbOpticalDensity, with the matrix's background as I0. Thread-safe (pure).
std::array<cv::Mat, 3> deconvolve(const cv::Mat& rgb, const StainMatrix& stains);

// The inverse of the matrix (rows = stain vectors): concentrations = OD (row) x inverse.
cv::Matx33d unmixingMatrix(const StainMatrix& stains);

struct MacenkoOptions {
    double odThreshold = 0.15;  // pixels with OD below this in any channel are glass or too pale
    double percentile = 1;      // robust extremes of the angle distribution (1st / 99th)
    int minPixels = 500;        // fewer stained pixels cannot define a plane
};

// Macenko et al. (2009): slide-specific vectors of the two stains of `reference` (e.g. H-DAB):
// the plane of the two largest singular vectors of the stained pixels' OD, the 1st and 99th
// percentile angles within it, each matched to the nearer reference stain. The background (I0)
// is measured on the picture. Fails with a reason when too few pixels are stained or the picture
// holds one stain only (the two extremes coincide).
core::Result<StainMatrix> estimateStainsMacenko(const cv::Mat& rgb, const StainMatrix& reference,
                                                const MacenkoOptions& options = {});

}  // namespace histomark::analysis
