// SPDX-License-Identifier: MIT
#include "analysis/registration_pyramid.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "analysis/image_warp.h"
#include "analysis/stain_grey.h"
#include "analysis/tissue_mask.h"

namespace histomark::analysis::detail {
namespace {

constexpr int kOverviewSide = 512;  // px: where the tissue is

Picture finePicture(const cv::Mat& rgb, cv::Rect roi, double inUm, double fineUm) {
    const double s = std::min(1.0, inUm / fineUm);
    const cv::Size size(std::max(8, int(std::lround(roi.width * s))), std::max(8, int(std::lround(roi.height * s))));
    cv::Mat small;
    cv::resize(rgb(roi), small, size, 0, 0, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    Picture p;
    p.fromInput = core::Affine::translation(-roi.x, -roi.y).then(resizeTransform(roi.size(), size));
    p.umPerPx = inUm * roi.width / size.width;
    TissueAndInk t = tissueAndInk(small, {p.umPerPx});
    p.mask = std::move(t.tissue);
    p.ink = std::move(t.ink);
    p.grey = stainGrey(small, p.mask);
    return p;
}

Picture shrink(const Picture& fine, double umPerPx) {
    const double s = fine.umPerPx / umPerPx;
    const cv::Size size(std::max(8, int(std::lround(fine.grey.cols * s))), std::max(8, int(std::lround(fine.grey.rows * s))));
    Picture p;
    cv::Mat mask, ink;
    cv::resize(fine.grey, p.grey, size, 0, 0, cv::INTER_AREA);
    cv::resize(fine.mask, mask, size, 0, 0, cv::INTER_AREA);
    cv::resize(fine.ink, ink, size, 0, 0, cv::INTER_AREA);
    p.mask = mask > 127;
    p.ink = ink > 0;  // any ink in a coarse pixel makes it unknown
    p.fromInput = fine.fromInput.then(resizeTransform(fine.grey.size(), size));
    p.umPerPx = fine.umPerPx * fine.grey.cols / size.width;
    return p;
}

}  // namespace

cv::Rect tissueBounds(const cv::Mat& rgb, double umPerPx, int maxSide) {
    const double s = std::min(1.0, double(maxSide) / std::max(rgb.cols, rgb.rows));
    cv::Mat small = rgb;
    if (s < 1)
        cv::resize(rgb, small, cv::Size(std::max(1, int(std::lround(rgb.cols * s))), std::max(1, int(std::lround(rgb.rows * s)))), 0,
                   0, cv::INTER_AREA);
    const cv::Mat mask = tissueMask(small, {umPerPx * rgb.cols / small.cols});
    if (cv::countNonZero(mask) == 0) return {};
    const cv::Rect b = cv::boundingRect(mask);
    const double sx = double(rgb.cols) / small.cols, sy = double(rgb.rows) / small.rows;
    const cv::Rect box(cv::Point(int(std::floor(b.x * sx)), int(std::floor(b.y * sy))),
                       cv::Point(int(std::ceil(b.br().x * sx)), int(std::ceil(b.br().y * sy))));
    return box & cv::Rect(0, 0, rgb.cols, rgb.rows);
}

core::Affine changeLevel(const core::Affine& w, const Level& from, const Level& to) {
    return to.moving.fromInput.inverse().then(from.moving.fromInput).then(w).then(from.fixed.fromInput.inverse()).then(to.fixed.fromInput);
}

core::Result<Pyramid> buildPyramid(const cv::Mat& fixedRgb, double fUm, const cv::Mat& movingRgb, double mUm, double workingUmPerPx,
                                   int fineSide, int coarseSide) {
    using R = core::Result<Pyramid>;
    const cv::Rect fBox = tissueBounds(fixedRgb, fUm, kOverviewSide), mBox = tissueBounds(movingRgb, mUm, kOverviewSide);
    if (fBox.empty()) return R::failure("no tissue found in the fixed image");
    if (mBox.empty()) return R::failure("no tissue found in the moving image");
    Pyramid p;
    p.extentUm = std::max(std::max(fBox.width, fBox.height) * fUm, std::max(mBox.width, mBox.height) * mUm);
    const double fineUm = std::max({fUm, mUm, p.extentUm / fineSide, workingUmPerPx});
    const double coarseUm = std::max(fineUm, p.extentUm / coarseSide);
    // A margin of glass around the tissue, so outlines are whole at every level.
    auto grow = [&](cv::Rect b, const cv::Mat& img, double um) {
        const int m = int(std::ceil(0.05 * p.extentUm / um)) + 2;
        return cv::Rect(b.x - m, b.y - m, b.width + 2 * m, b.height + 2 * m) & cv::Rect(0, 0, img.cols, img.rows);
    };
    Level fine{finePicture(fixedRgb, grow(fBox, fixedRgb, fUm), fUm, fineUm),
               finePicture(movingRgb, grow(mBox, movingRgb, mUm), mUm, fineUm)};
    if (cv::countNonZero(fine.fixed.mask) == 0) return R::failure("no tissue found in the fixed image");
    if (cv::countNonZero(fine.moving.mask) == 0) return R::failure("no tissue found in the moving image");
    for (double um = coarseUm; um > fineUm * 1.5; um /= 2) p.levels.push_back({shrink(fine.fixed, um), shrink(fine.moving, um)});
    p.levels.push_back(std::move(fine));
    return p;
}

}  // namespace histomark::analysis::detail
