// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

// Binary morphology on CV_8U 0/255 masks with round structuring elements of any radius, in time
// independent of the radius (distance transforms instead of kernels).
namespace histomark::analysis {

cv::Mat dilateMask(const cv::Mat& mask, double radiusPx);
cv::Mat erodeMask(const cv::Mat& mask, double radiusPx);
cv::Mat closeMask(const cv::Mat& mask, double radiusPx);
// Drops 8-connected pieces smaller than `minAreaPx` pixels.
cv::Mat removeSmallPieces(const cv::Mat& mask, double minAreaPx);
// Fills holes (background not connected to the border) smaller than `maxAreaPx` pixels.
cv::Mat fillSmallHoles(const cv::Mat& mask, double maxAreaPx);

}  // namespace histomark::analysis
