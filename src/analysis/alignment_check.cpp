// SPDX-License-Identifier: MIT
#include "analysis/alignment_check.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "analysis/image_warp.h"

namespace histomark::analysis {
namespace {

struct Warped {
    cv::Mat grey, mask, valid;
};

Warped warpMoving(const cv::Mat& fixed, const cv::Mat& moving, const cv::Mat& movingMask, const core::Affine& t) {
    Warped w;
    w.grey = warpImage(moving, t, fixed.size());
    w.mask = warpImage(movingMask, t, fixed.size()) > 127;
    w.valid = warpImage(cv::Mat(moving.size(), CV_8U, cv::Scalar(255)), t, fixed.size()) > 250;
    return w;
}

AlignmentCheck overlapOf(const cv::Mat& fixed, const cv::Mat& fixedMask, const Warped& w) {
    AlignmentCheck c;
    const cv::Mat both = fixedMask & w.mask;
    const double smaller = std::min(cv::countNonZero(fixedMask), cv::countNonZero(w.mask));
    c.overlap = smaller > 0 ? cv::countNonZero(both) / smaller : 0;
    const cv::Mat region = (fixedMask | w.mask) & w.valid;
    if (cv::countNonZero(region) < 16) return c;
    cv::Scalar mf, sf, mm, sm;
    cv::meanStdDev(fixed, mf, sf, region);
    cv::meanStdDev(w.grey, mm, sm, region);
    if (sf[0] <= 1e-9 || sm[0] <= 1e-9) return c;
    cv::Mat a = fixed - mf[0], b = w.grey - mm[0], prod;
    cv::multiply(a, b, prod);
    c.correlation = cv::mean(prod, region)[0] / (sf[0] * sm[0]);
    return c;
}

// Sub-pixel position of a peak from a parabola through it and its two neighbours.
double parabolaOffset(float left, float centre, float right) {
    const float denom = left - 2 * centre + right;
    return std::abs(denom) > 1e-9f ? std::clamp(0.5 * (left - right) / denom, -0.5, 0.5) : 0.0;
}

}  // namespace

AlignmentCheck checkOverlap(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                            const cv::Mat& movingMask, const core::Affine& movingToFixed) {
    return overlapOf(fixed, fixedMask, warpMoving(fixed, moving, movingMask, movingToFixed));
}

AlignmentCheck checkAlignment(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                              const cv::Mat& movingMask, const core::Affine& movingToFixed, int patchPx) {
    const Warped w = warpMoving(fixed, moving, movingMask, movingToFixed);
    AlignmentCheck c = overlapOf(fixed, fixedMask, w);
    const int p = std::max(8, patchPx), r = std::max(2, p / 4);
    c.searchRadiusPx = r;
    const cv::Mat both = fixedMask & w.mask & w.valid;
    std::vector<double> shifts;
    for (int y = r; y + p + r <= fixed.rows; y += p) {
        for (int x = r; x + p + r <= fixed.cols; x += p) {
            const cv::Rect inner(x, y, p, p), outer(x - r, y - r, p + 2 * r, p + 2 * r);
            if (cv::countNonZero(both(inner)) < 0.5 * p * p) continue;
            cv::Scalar mean, sdF, sdM;
            cv::meanStdDev(fixed(inner), mean, sdF);
            cv::meanStdDev(w.grey(inner), mean, sdM);
            if (sdF[0] < 0.02 || sdM[0] < 0.02) continue;  // featureless: no shift to measure
            cv::Mat ncc;
            cv::matchTemplate(w.grey(outer), fixed(inner), ncc, cv::TM_CCOEFF_NORMED);
            cv::Point at;
            cv::minMaxLoc(ncc, nullptr, nullptr, nullptr, &at);
            double dx = at.x - r, dy = at.y - r;
            if (at.x > 0 && at.x < ncc.cols - 1)
                dx += parabolaOffset(ncc.at<float>(at.y, at.x - 1), ncc.at<float>(at), ncc.at<float>(at.y, at.x + 1));
            if (at.y > 0 && at.y < ncc.rows - 1)
                dy += parabolaOffset(ncc.at<float>(at.y - 1, at.x), ncc.at<float>(at), ncc.at<float>(at.y + 1, at.x));
            shifts.push_back(std::min(std::hypot(dx, dy), double(r)));
        }
    }
    c.patches = int(shifts.size());
    if (shifts.empty()) return c;
    std::sort(shifts.begin(), shifts.end());
    c.medianShiftPx = shifts[shifts.size() / 2];
    c.p90ShiftPx = shifts[std::min(shifts.size() - 1, size_t(0.9 * double(shifts.size())))];
    return c;
}

}  // namespace histomark::analysis
