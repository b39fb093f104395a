// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

namespace histomark::analysis {

// Greyscale morphological reconstruction by dilation (Vincent 1993, hybrid raster + queue
// algorithm, 8-connected): grows `marker` under `mask` until stable. Both CV_32F of one size; the
// marker is clipped to the mask first. Returns the reconstruction (CV_32F).
cv::Mat reconstructByDilation(const cv::Mat& marker, const cv::Mat& mask);

// Regional maxima whose dynamic (height above the saddle to anything higher) is at least `h`:
// CV_8U 0/255. The h-maxima transform, then its regional maxima. Plateaus count once, whole.
cv::Mat extendedMaxima(const cv::Mat& image, float h);

// Regional maxima (plateaus no neighbour exceeds, however slightly) with a value of at least
// `minValue`: CV_8U 0/255. One reconstruction: the local-maximum candidates are dug out and
// refilled from their surroundings; what stays below the image is a true maximum.
cv::Mat regionalMaxima(const cv::Mat& image, float minValue);

}  // namespace histomark::analysis
