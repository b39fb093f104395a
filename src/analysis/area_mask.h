// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>
#include <vector>

#include "core/annotation.h"

namespace histomark::analysis {

// The areas (rectangles, ellipses, polygons, freehand shapes; points are skipped) rasterised into a
// CV_8U mask of `size` (255 inside any of them) for a picture whose top-left pixel is level-0
// point `origin` and whose pixels cover `downsample` level-0 px: the region a quantification
// counts (cells by centroid, pixels inside).
cv::Mat areaMask(const std::vector<core::Annotation>& areas, core::Level0Point origin, double downsample, cv::Size size);

}  // namespace histomark::analysis
