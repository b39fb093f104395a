// SPDX-License-Identifier: MIT
#include "analysis/image_warp.h"

#include <opencv2/imgproc.hpp>

namespace histomark::analysis {

cv::Mat warpImage(const cv::Mat& src, const core::Affine& srcToDst, cv::Size dstSize) {
    cv::Mat dst;
    cv::warpAffine(src, dst, cv::Mat(toMatx(toCentreConvention(srcToDst))), dstSize, cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, cv::Scalar::all(0));
    return dst;
}

}  // namespace histomark::analysis
