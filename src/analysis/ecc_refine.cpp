// SPDX-License-Identifier: MIT
#include "analysis/ecc_refine.h"

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "analysis/image_warp.h"

namespace histomark::analysis {

EccResult refineEcc(const cv::Mat& fixed, const cv::Mat& moving, const core::Affine& movingToFixed, Motion motion,
                    const cv::Mat& region, int maxIterations) {
    EccResult r{movingToFixed, 0, false};
    if (!movingToFixed.invertible()) return r;
    const cv::Mat warped = warpImage(moving, movingToFixed, fixed.size());
    // Valid where the moving picture has data: an all-ones picture warped the same way.
    cv::Mat valid = warpImage(cv::Mat(moving.size(), CV_32F, cv::Scalar(1)), movingToFixed, fixed.size()) > 0.99f;
    if (!region.empty()) valid &= region;
    if (cv::countNonZero(valid) < 64) return r;
    // ECC's warp maps template (fixed) pixels to input (warped moving) pixels, centre convention.
    cv::Mat warp = cv::Mat::eye(2, 3, CV_32F);
    try {
        r.correlation = cv::findTransformECC(fixed, warped, warp, motion == Motion::Rigid ? cv::MOTION_EUCLIDEAN : cv::MOTION_AFFINE,
                                             cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, maxIterations, 1e-4),
                                             valid, 3);
    } catch (const cv::Exception&) {
        return r;  // no convergence or a degenerate picture: keep the estimate
    }
    cv::Matx23d w;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) w(i, j) = double(warp.at<float>(i, j));
    const core::Affine fixedToWarped = toCornerConvention(fromMatx(w));
    if (!fixedToWarped.invertible() || !std::isfinite(r.correlation)) return r;
    // moving -> warped (the estimate), then warped -> fixed (the correction's inverse).
    r.movingToFixed = movingToFixed.then(fixedToWarped.inverse());
    r.converged = true;
    return r;
}

}  // namespace histomark::analysis
