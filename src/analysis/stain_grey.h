// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

namespace histomark::analysis {

// A picture of tissue structure that looks alike whatever the stain, for matching an H&E with an
// IHC section: the optical density (how much light the tissue absorbs, all channels together),
// replaced by its rank among the tissue pixels. Ranking removes the stains' different strengths
// (dense eosin stroma vs a pale counterstain) while keeping what is darker than what; glass,
// lumens and holes stay lowest. `rgb` CV_8UC3 (R first), `mask` CV_8U tissue mask of the same size.
// Returns CV_32F in [0, 1]: the rank inside the mask, 0 outside. Thread-safe (pure).
cv::Mat stainGrey(const cv::Mat& rgb, const cv::Mat& mask);

}  // namespace histomark::analysis
