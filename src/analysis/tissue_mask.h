// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

namespace histomark::analysis {

struct TissueMaskOptions {
    // µm per image pixel: morphology and the smallest fragment kept are sized in µm. 0 = unknown:
    // sizes are then taken relative to the image (as if its long side were a whole slide's tissue).
    double umPerPx = 0;
    double minFragmentUm = 60;     // connected pieces smaller than this square are debris
    double closeRadiusUm = 12;     // joins pale tissue between stained structures
    double fillHolesUpToUm = 400;  // holes (lumens, fat) smaller than this square are filled
};

// Tissue vs glass on a brightfield RGB picture (CV_8UC3, R first), for any stain: the optical
// density above the glass colour (estimated from the brightest pixels), averaged over about two
// cells and thresholded with Otsu between the glass and tissue modes (kept within 0.06-0.2 OD);
// pen ink and near-black dirt excluded (see inkMask); then closing, debris removal and hole
// filling, sized in µm. Returns CV_8U 0/255 of the same size;
// all zero for a blank image. Thread-safe (pure).
cv::Mat tissueMask(const cv::Mat& rgb, const TissueMaskOptions& options);
cv::Mat tissueMask(const cv::Mat& rgb);

// The tissue mask and the ink it left out (CV_8U 0/255 each; ink slightly dilated to cover
// anti-aliased stroke edges): what lies under ink is unknown, neither tissue nor glass.
struct TissueAndInk {
    cv::Mat tissue, ink;
};
TissueAndInk tissueAndInk(const cv::Mat& rgb, const TissueMaskOptions& options);

// Optical density magnitude |OD(R,G,B)| per pixel (CV_32F) relative to the glass colour estimated
// from the picture; 0 on glass, about 0.3-1.5 on stained tissue. Shared by the mask and stainGrey.
cv::Mat opticalDensity(const cv::Mat& rgb);

// Pen ink and near-black dirt (CV_8U 0/255): green and cyan inks by colour (no histological stain
// absorbs so little green), dark blue only in areas too wide for nuclei (blue ink has the hue of
// a hematoxylin counterstain). `umPerPx` as in TissueMaskOptions.
cv::Mat inkMask(const cv::Mat& rgb, double umPerPx = 0);

}  // namespace histomark::analysis
