// SPDX-License-Identifier: MIT
#include "analysis/alignment_check.h"

#include <algorithm>
#include <cmath>
#include <vector>
#include <opencv2/imgproc.hpp>

#include "analysis/image_warp.h"

namespace histomark::analysis {
namespace {

// The moving picture in the fixed one's frame; `valid`: inside the moving picture and under no
// ink in either picture.
struct Warped {
    cv::Mat grey, mask, valid;
};

Warped warpMoving(const TissuePicture& fixed, const TissuePicture& moving, const core::Affine& t) {
    const cv::Size size = fixed.grey.size();
    Warped w;
    w.grey = warpImage(moving.grey, t, size);
    w.mask = warpImage(moving.mask, t, size) > 127;
    w.valid = warpImage(cv::Mat(moving.grey.size(), CV_8U, cv::Scalar(255)), t, size) > 250;
    if (!moving.ink.empty()) w.valid &= warpImage(moving.ink, t, size) < 128;
    if (!fixed.ink.empty()) w.valid &= ~fixed.ink;
    w.mask &= w.valid;
    return w;
}

// Pearson correlation of the two pictures over `region` (-2 when either is flat there).
double correlationOver(const cv::Mat& a, const cv::Mat& b, const cv::Mat& region) {
    if (cv::countNonZero(region) < 16) return -2;
    cv::Scalar ma, sa, mb, sb;
    cv::meanStdDev(a, ma, sa, region);
    cv::meanStdDev(b, mb, sb, region);
    if (sa[0] <= 1e-9 || sb[0] <= 1e-9) return -2;
    cv::Mat prod;
    cv::multiply(a - ma[0], b - mb[0], prod);
    return cv::mean(prod, region)[0] / (sa[0] * sb[0]);
}

// The correlation over the fixed tissue or over the moving tissue, whichever is higher (the
// rotation search's measure: a section with a missing part is judged on the smaller one).
AlignmentCheck overlapOf(const cv::Mat& fixed, const cv::Mat& allFixedMask, const Warped& w) {
    AlignmentCheck c;
    const cv::Mat fixedMask = allFixedMask & w.valid, both = fixedMask & w.mask;
    const double smaller = std::min(cv::countNonZero(fixedMask), cv::countNonZero(w.mask));
    c.overlap = smaller > 0 ? cv::countNonZero(both) / smaller : 0;
    const double overFixed = correlationOver(fixed, w.grey, fixedMask);
    const double overMoving = correlationOver(fixed, w.grey, w.mask);
    c.correlation = std::max({overFixed, overMoving, 0.0});
    return c;
}

// Sub-pixel position of a peak from a parabola through it and its two neighbours.
double parabolaOffset(float left, float centre, float right) {
    const float denom = left - 2 * centre + right;
    return std::abs(denom) > 1e-9f ? std::clamp(0.5 * (left - right) / denom, -0.5, 0.5) : 0.0;
}

}  // namespace

AlignmentCheck checkOverlap(const TissuePicture& fixed, const TissuePicture& moving, const core::Affine& movingToFixed) {
    return overlapOf(fixed.grey, fixed.mask, warpMoving(fixed, moving, movingToFixed));
}

AlignmentCheck checkAlignment(const TissuePicture& fixedPicture, const TissuePicture& moving, const core::Affine& movingToFixed,
                              int patchPx) {
    const Warped w = warpMoving(fixedPicture, moving, movingToFixed);
    const cv::Mat& fixed = fixedPicture.grey;
    const cv::Mat fixedMask = fixedPicture.mask & w.valid;
    AlignmentCheck c = overlapOf(fixed, fixedPicture.mask, w);
    const int p = std::max(8, patchPx), r = std::max(2, p / 4);
    c.searchRadiusPx = r;
    const cv::Mat both = fixedMask & w.mask;
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
