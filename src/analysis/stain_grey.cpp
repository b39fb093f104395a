// SPDX-License-Identifier: MIT
#include "analysis/stain_grey.h"

#include <algorithm>
#include <vector>

#include "analysis/tissue_mask.h"

namespace histomark::analysis {
namespace {
constexpr int kBins = 1024;
constexpr float kMaxOd = 2.5f;  // beyond this nothing is resolved by an 8-bit scanner anyway
}  // namespace

cv::Mat stainGrey(const cv::Mat& rgb, const cv::Mat& mask) {
    CV_Assert(rgb.type() == CV_8UC3 && mask.type() == CV_8U && mask.size() == rgb.size());
    const cv::Mat od = opticalDensity(rgb);
    auto bin = [](float v) { return std::min(kBins - 1, int(v * (kBins / kMaxOd))); };
    std::vector<double> cdf(kBins + 1, 0);
    double n = 0;
    for (int y = 0; y < od.rows; ++y) {
        const float* d = od.ptr<float>(y);
        const uint8_t* m = mask.ptr<uint8_t>(y);
        for (int x = 0; x < od.cols; ++x)
            if (m[x]) ++cdf[size_t(bin(d[x])) + 1], ++n;
    }
    cv::Mat grey(rgb.size(), CV_32F, cv::Scalar(0));
    if (n == 0) return grey;
    // Mid-rank of each bin, so a flat region maps to the middle of its share, not its top.
    std::vector<float> rank(kBins);
    for (int i = 0; i < kBins; ++i) {
        const double below = cdf[size_t(i)];
        cdf[size_t(i) + 1] += below;
        rank[size_t(i)] = float((below + 0.5 * (cdf[size_t(i) + 1] - below)) / n);
    }
    for (int y = 0; y < od.rows; ++y) {
        const float* d = od.ptr<float>(y);
        const uint8_t* m = mask.ptr<uint8_t>(y);
        float* g = grey.ptr<float>(y);
        for (int x = 0; x < od.cols; ++x)
            if (m[x]) g[x] = rank[size_t(bin(d[x]))];
    }
    return grey;
}

}  // namespace histomark::analysis
