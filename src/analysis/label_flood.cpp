// SPDX-License-Identifier: MIT
#include "analysis/label_flood.h"

#include <algorithm>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace histomark::analysis {
namespace {

constexpr int kLevels = 4096;  // priority quantisation of the hierarchical queue

}  // namespace

void floodLabels(const cv::Mat& priority, cv::Mat& labels, float floor) {
    CV_Assert(priority.type() == CV_32F && labels.type() == CV_32S && priority.size() == labels.size());
    CV_Assert(priority.isContinuous() && labels.isContinuous());
    const int w = labels.cols, h = labels.rows;
    const float* pr = priority.ptr<float>();
    int* lab = labels.ptr<int>();
    // Range of the priorities that can be flooded, for the bucket index.
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    for (int i = 0; i < w * h; ++i)
        if (pr[i] > floor) lo = std::min(lo, pr[i]), hi = std::max(hi, pr[i]);
    if (lo > hi) return;
    const float scale = hi > lo ? float(kLevels - 1) / (hi - lo) : 0.0f;
    auto bucketOf = [&](float v) { return std::clamp(int((v - lo) * scale), 0, kLevels - 1); };

    // Hierarchical FIFO queues (Meyer): a pixel waits in the bucket of its priority, capped at the
    // level being flooded, so the flood only ever goes down and each bucket drains in FIFO order.
    std::vector<std::vector<int>> buckets(kLevels);
    std::vector<size_t> heads(kLevels, 0);
    int top = -1;
    auto push = [&](int i, int level) {
        buckets[size_t(level)].push_back(i);
        top = std::max(top, level);
    };
    auto pushNeighbours = [&](int i, int level) {
        const int x = i % w, y = i / w;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int qx = x + dx, qy = y + dy;
                if ((dx == 0 && dy == 0) || qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
                const int q = qy * w + qx;
                if (lab[q] != 0 || !(pr[q] > floor)) continue;
                lab[q] = lab[i];  // claimed by the first flood to reach it
                push(q, std::min(level, bucketOf(pr[q])));
            }
    };
    // Seeds enter at their own level: the flood starts from the highest.
    for (int i = 0; i < w * h; ++i)
        if (lab[i] != 0) push(i, pr[i] > floor ? bucketOf(pr[i]) : 0);
    while (top >= 0) {
        auto& b = buckets[size_t(top)];
        size_t& head = heads[size_t(top)];
        if (head == b.size()) {
            b.clear();
            head = 0;
            --top;
            continue;
        }
        const int level = top;
        pushNeighbours(b[head++], level);
    }
}

int labelComponents(const cv::Mat& mask, cv::Mat& labels) {
    return cv::connectedComponents(mask, labels, 8, CV_32S) - 1;
}

int relabelConnected(cv::Mat& labels) {
    CV_Assert(labels.type() == CV_32S && labels.isContinuous());
    const int w = labels.cols, h = labels.rows;
    cv::Mat out(labels.size(), CV_32S, cv::Scalar(0));
    const int* in = labels.ptr<int>();
    int* o = out.ptr<int>();
    int next = 0;
    std::vector<int> stack;
    for (int s = 0; s < w * h; ++s) {
        if (in[s] == 0 || o[s] != 0) continue;
        const int id = ++next, l = in[s];
        o[s] = id;
        stack.assign(1, s);
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            const int x = i % w, y = i / w;
            const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
            for (const auto& q : nb) {
                if (q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h) continue;
                const int j = q[1] * w + q[0];
                if (in[j] == l && o[j] == 0) o[j] = id, stack.push_back(j);
            }
        }
    }
    labels = out;
    return next;
}

cv::Mat fillHoles(const cv::Mat& mask) {
    CV_Assert(mask.type() == CV_8U);
    // Flood the background from a one-pixel frame; whatever background it does not reach is a hole.
    cv::Mat framed;
    cv::copyMakeBorder(mask, framed, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::floodFill(framed, cv::Point(0, 0), cv::Scalar(128), nullptr, cv::Scalar(0), cv::Scalar(0), 4);
    cv::Mat inner = framed(cv::Rect(1, 1, mask.cols, mask.rows));
    return inner != 128;
}

}  // namespace histomark::analysis
