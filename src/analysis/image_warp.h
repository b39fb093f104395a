// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

#include "core/affine.h"

// Transforms between pictures are core::Affine in the corner convention: pixel k covers [k, k+1),
// so changing resolution is a pure scaling. OpenCV puts pixel centres at integers; these helpers
// convert at the boundary.
namespace histomark::analysis {

inline core::Affine toCentreConvention(const core::Affine& a) {
    return core::Affine::translation(0.5, 0.5).then(a).then(core::Affine::translation(-0.5, -0.5));
}
inline core::Affine toCornerConvention(const core::Affine& a) {
    return core::Affine::translation(-0.5, -0.5).then(a).then(core::Affine::translation(0.5, 0.5));
}
inline cv::Matx23d toMatx(const core::Affine& a) { return {a.a, a.b, a.tx, a.c, a.d, a.ty}; }
inline core::Affine fromMatx(const cv::Matx23d& m) { return {m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2)}; }

// `src` resampled into a `dstSize` picture through `srcToDst` (corner convention); outside `src`
// is 0. Linear interpolation (masks: threshold the result).
cv::Mat warpImage(const cv::Mat& src, const core::Affine& srcToDst, cv::Size dstSize);

// Corner-convention scaling between a picture and a resized copy of it.
inline core::Affine resizeTransform(cv::Size from, cv::Size to) {
    return core::Affine::scaling(double(to.width) / from.width, double(to.height) / from.height);
}

}  // namespace histomark::analysis
