// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

namespace histomark::analysis {

// Marker-controlled watershed by flooding (Meyer), 8-connected: the labelled pixels of `labels`
// (CV_32S, 0 = unlabelled) grow into unlabelled pixels whose `priority` (CV_32F) is above
// `floor`, highest priority first (hierarchical queues, priorities quantised to 4096 levels); each
// pixel takes the label of the flood that reaches it first (ties in queue order, so the result is
// deterministic). Labels meet without a line.
void floodLabels(const cv::Mat& priority, cv::Mat& labels, float floor);

// Labels the 8-connected components of a CV_8U mask's non-zero pixels 1..n (CV_32S); returns n.
int labelComponents(const cv::Mat& mask, cv::Mat& labels);

// Splits every label that falls apart into 4-connected pieces into one label per piece, numbered
// 1..n in raster order of their first pixel (CV_32S in and out); returns n.
int relabelConnected(cv::Mat& labels);

// Fills the holes of a CV_8U 0/255 mask (background not reachable from the border, 4-connected).
cv::Mat fillHoles(const cv::Mat& mask);

}  // namespace histomark::analysis
