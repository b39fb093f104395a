// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

namespace histomark::analysis {

// QuPath's watershed cell detection defaults (WatershedCellDetection, DOMAIN section 9.3), in µm
// and converted with the image's µm per pixel. The detection itself runs best at ~0.5 µm/px.
struct NucleusDetectionOptions {
    double backgroundRadiusUm = 8;  // opening by reconstruction; larger than the largest nucleus radius
    double sigmaUm = 1.5;           // Gaussian before the Laplacian
    double minAreaUm2 = 10, maxAreaUm2 = 400;
    double threshold = 0.1;      // mean background-subtracted OD a nucleus must exceed
    double maxBackground = 2;    // nuclei on a background darker than this (OD) are dropped
    bool splitByShape = true;    // distance-transform watershed of touching nuclei
    double cellExpansionUm = 5;  // cell = nucleus grown by this much, split between neighbours
};

struct DetectedNuclei {
    cv::Mat nuclei;  // CV_32S, 0 = none, 1..count
    cv::Mat cells;   // CV_32S, the same labels grown by the cell expansion (nucleus included)
    int count = 0;
};

// Nuclei on a detection image (CV_32F optical density: hematoxylin, or the sum over R, G, B), the
// way QuPath's watershed cell detection does it: background subtracted
// by opening by reconstruction; Laplacian of Gaussian; its basins (watershed from its maxima)
// kept where their mean background-subtracted OD exceeds the threshold; kept basins merged,
// holes filled, split again by shape (distance transform, maxima of dynamic >= 0.5 px, watershed);
// boundaries refined with a finer Laplacian; area filter; cells by expansion (a pixel goes to
// the nearest nucleus within the expansion distance). Deterministic and thread-safe (pure).
DetectedNuclei detectNuclei(const cv::Mat& detection, double umPerPx, const NucleusDetectionOptions& options = {});

}  // namespace histomark::analysis
