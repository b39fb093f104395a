// SPDX-License-Identifier: MIT
#include "analysis/grey_reconstruction.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace histomark::analysis {

cv::Mat reconstructByDilation(const cv::Mat& marker, const cv::Mat& mask) {
    CV_Assert(marker.type() == CV_32F && mask.type() == CV_32F && marker.size() == mask.size());
    if (marker.empty()) return marker.clone();
    // A one-pixel frame of the lowest value spares every bounds check: it never rises.
    constexpr float kLow = std::numeric_limits<float>::lowest();
    cv::Mat jf, If;
    cv::copyMakeBorder(cv::min(marker, mask), jf, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(kLow));
    cv::copyMakeBorder(mask, If, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(kLow));
    const int w = jf.cols, h = jf.rows;
    float* J = jf.ptr<float>();
    const float* I = If.ptr<float>();
    const int nb[8] = {-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1};

    // Raster scans, forward (neighbours above and to the left) then backward, cost little per
    // pixel; repeat them while they still change much (noise makes long winding paths), then
    // let a queue finish what is left (Vincent's hybrid algorithm, with QuPath's repetition).
    auto forward = [&] {
        int64_t changes = 0;
        for (int y = 1; y < h - 1; ++y)
            for (int i = y * w + 1, end = y * w + w - 1; i < end; ++i) {
                const float v = std::min(std::max({J[i], J[i - 1], J[i - w - 1], J[i - w], J[i - w + 1]}), I[i]);
                changes += v != J[i];
                J[i] = v;
            }
        return changes;
    };
    std::vector<int> fifo;
    auto backward = [&](bool queue) {
        int64_t changes = 0;
        for (int y = h - 2; y >= 1; --y)
            for (int i = y * w + w - 2, end = y * w; i > end; --i) {
                const float v = std::min(std::max({J[i], J[i + 1], J[i + w - 1], J[i + w], J[i + w + 1]}), I[i]);
                changes += v != J[i];
                J[i] = v;
                if (!queue) continue;
                for (int q : {i + 1, i + w - 1, i + w, i + w + 1})
                    if (J[q] < v && J[q] < I[q]) {
                        fifo.push_back(i);
                        break;
                    }
            }
        return changes;
    };
    const int64_t pixels = int64_t(w) * h;
    for (int pass = 0; pass < 4 && forward() * 50 > pixels; ++pass) backward(false);
    backward(true);
    // Propagation until stable (FIFO).
    for (size_t head = 0; head < fifo.size(); ++head) {
        const int p = fifo[head];
        const float v = J[p];
        for (int d : nb) {
            const int q = p + d;
            if (J[q] < v && J[q] != I[q]) {
                J[q] = std::min(v, I[q]);
                fifo.push_back(q);
            }
        }
    }
    return jf(cv::Rect(1, 1, w - 2, h - 2)).clone();
}

cv::Mat extendedMaxima(const cv::Mat& image, float h) {
    CV_Assert(image.type() == CV_32F);
    // h-maxima: every peak lowered by h, and plateaus where peaks had less dynamic than h.
    const cv::Mat hmax = reconstructByDilation(image - h, image);
    // Regional maxima of that: a plateau no higher neighbour can reach. Reconstructing from the
    // plateau minus a small step leaves exactly the maxima standing above it.
    constexpr float kStep = 1e-5f;
    const cv::Mat below = reconstructByDilation(hmax - kStep, hmax);
    cv::Mat diff = hmax - below;
    return diff > 0.5f * kStep;
}

cv::Mat regionalMaxima(const cv::Mat& image, float minValue) {
    CV_Assert(image.type() == CV_32F);
    cv::Mat dilated;
    cv::dilate(image, dilated, cv::Mat(), {-1, -1}, 1, cv::BORDER_REPLICATE);
    const cv::Mat candidates = (image >= dilated) & (image >= minValue);
    cv::Mat dug = image.clone();
    dug.setTo(std::numeric_limits<float>::lowest(), candidates);
    const cv::Mat refilled = reconstructByDilation(dug, image);
    return image > refilled;
}

}  // namespace histomark::analysis
