// SPDX-License-Identifier: MIT
#include "analysis/nucleus_scale.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "analysis/grey_reconstruction.h"
#include "analysis/label_flood.h"

namespace histomark::analysis {
namespace {

constexpr int kMinNuclei = 10;
constexpr int kMaxSide = 2048;   // a centred crop this large holds enough nuclei
constexpr int kMinPiecePx = 9;   // smaller specks are noise at any sensible scale

// Otsu on the hematoxylin OD between its 0.5th and 99.5th percentiles (a few very dark pixels
// must not decide the threshold). CV_8U 0/255.
cv::Mat nuclearMask(const cv::Mat& h) {
    std::vector<float> v(h.begin<float>(), h.end<float>());
    const auto at = [&](double q) {
        const size_t k = size_t(q * double(v.size() - 1));
        std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
        return v[k];
    };
    const float lo = at(0.005), hi = at(0.995);
    cv::Mat h8, mask;
    if (!(hi > lo)) return cv::Mat(h.size(), CV_8U, cv::Scalar(0));
    cv::Mat(cv::min(cv::max(h, lo), hi)).convertTo(h8, CV_8U, 255.0 / (hi - lo), -255.0 * lo / (hi - lo));
    cv::threshold(h8, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    return mask;
}

}  // namespace

core::Result<ScaleEstimate> estimateUmPerPx(const cv::Mat& hematoxylinIn, double diameterUm) {
    using R = core::Result<ScaleEstimate>;
    CV_Assert(hematoxylinIn.type() == CV_32F);
    cv::Mat h = hematoxylinIn;
    if (h.cols > kMaxSide || h.rows > kMaxSide) {
        const int w = std::min(h.cols, kMaxSide), ht = std::min(h.rows, kMaxSide);
        h = hematoxylinIn(cv::Rect((h.cols - w) / 2, (h.rows - ht) / 2, w, ht));
    }
    if (h.empty()) return R::failure("cannot estimate the scale of an empty picture");
    cv::Mat mask = fillHoles(nuclearMask(h));
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::Mat());  // one-pixel bridges and spurs
    cv::Mat edm, labels;
    cv::distanceTransform(mask, edm, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
    const int n = labelComponents(extendedMaxima(edm, 0.5f) & mask, labels);
    floodLabels(edm, labels, 0);

    std::vector<double> area(size_t(n) + 1, 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x) area[size_t(l[x])] += 1;
    }
    std::vector<double> pieces;
    for (int i = 1; i <= n; ++i)
        if (area[size_t(i)] >= kMinPiecePx) pieces.push_back(area[size_t(i)]);
    if (int(pieces.size()) < kMinNuclei)
        return R::failure("cannot estimate the scale: too few nuclei in the picture (give the scale)");
    std::sort(pieces.begin(), pieces.end());
    double total = 0;
    for (double a : pieces) total += a;
    double seen = 0, medianArea = pieces.back();
    for (double a : pieces)
        if ((seen += a) >= 0.5 * total) {
            medianArea = a;
            break;
        }
    const double diameterPx = 2 * std::sqrt(medianArea / CV_PI);
    return ScaleEstimate{diameterUm / diameterPx, diameterPx, int(pieces.size())};
}

}  // namespace histomark::analysis
