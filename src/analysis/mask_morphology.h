// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

// Binary morphology on CV_8U 0/255 masks with round structuring elements of any radius, in time
// independent of the radius (3x3 chamfer distance transforms instead of kernels: within a few %
// of a true disc, plenty for tissue masks).
namespace histomark::analysis {

cv::Mat dilateMask(const cv::Mat& mask, double radiusPx);
cv::Mat erodeMask(const cv::Mat& mask, double radiusPx);
cv::Mat closeMask(const cv::Mat& mask, double radiusPx);
// Drops 8-connected pieces smaller than `minAreaPx` pixels.
cv::Mat removeSmallPieces(const cv::Mat& mask, double minAreaPx);
// Fills holes (background not connected to the border) smaller than `maxAreaPx` pixels.
cv::Mat fillSmallHoles(const cv::Mat& mask, double maxAreaPx);

}  // namespace histomark::analysis
