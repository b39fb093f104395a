// SPDX-License-Identifier: MIT
#include "analysis/mask_morphology.h"

#include <opencv2/imgproc.hpp>

namespace histomark::analysis {

cv::Mat dilateMask(const cv::Mat& mask, double radiusPx) {
    if (radiusPx <= 0 || mask.empty() || cv::countNonZero(mask) == 0) return mask.clone();
    cv::Mat inverse = mask == 0, distance;
    cv::distanceTransform(inverse, distance, cv::DIST_L2, cv::DIST_MASK_3);
    return distance <= radiusPx;
}

cv::Mat erodeMask(const cv::Mat& mask, double radiusPx) {
    if (radiusPx <= 0 || mask.empty() || cv::countNonZero(mask) == 0) return mask.clone();
    cv::Mat distance;
    cv::distanceTransform(mask, distance, cv::DIST_L2, cv::DIST_MASK_3);
    return distance > radiusPx;
}

cv::Mat closeMask(const cv::Mat& mask, double radiusPx) {
    if (radiusPx <= 0 || mask.empty()) return mask.clone();
    // Pad so the closing does not treat the image border as background.
    const int pad = int(radiusPx) + 2;
    cv::Mat padded;
    cv::copyMakeBorder(mask, padded, pad, pad, pad, pad, cv::BORDER_REPLICATE);
    cv::Mat closed = erodeMask(dilateMask(padded, radiusPx), radiusPx);
    return closed(cv::Rect(pad, pad, mask.cols, mask.rows)).clone();
}

cv::Mat removeSmallPieces(const cv::Mat& mask, double minAreaPx) {
    if (mask.empty() || minAreaPx <= 1) return mask.clone();
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    std::vector<uint8_t> keep(size_t(n), 0);
    for (int i = 1; i < n; ++i) keep[size_t(i)] = stats.at<int>(i, cv::CC_STAT_AREA) >= minAreaPx ? 255 : 0;
    cv::Mat out(mask.size(), CV_8U);
    out.forEach<uint8_t>([&](uint8_t& v, const int* p) { v = keep[size_t(labels.at<int>(p[0], p[1]))]; });
    return out;
}

cv::Mat fillSmallHoles(const cv::Mat& mask, double maxAreaPx) {
    if (mask.empty() || maxAreaPx <= 0) return mask.clone();
    cv::Mat background = mask == 0, labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(background, labels, stats, centroids, 4, CV_32S);
    std::vector<uint8_t> fill(size_t(n), 0);
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool touchesBorder = x == 0 || y == 0 || x + w == mask.cols || y + h == mask.rows;
        fill[size_t(i)] = !touchesBorder && stats.at<int>(i, cv::CC_STAT_AREA) <= maxAreaPx ? 255 : 0;
    }
    cv::Mat out = mask.clone();
    out.forEach<uint8_t>([&](uint8_t& v, const int* p) { v |= fill[size_t(labels.at<int>(p[0], p[1]))]; });
    return out;
}

}  // namespace histomark::analysis
