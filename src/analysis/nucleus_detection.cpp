// SPDX-License-Identifier: MIT
#include "analysis/nucleus_detection.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "analysis/grey_reconstruction.h"
#include "analysis/label_flood.h"

namespace histomark::analysis {
namespace {

// Gaussian, then the negated 4-neighbour Laplacian: positive inside blobs brighter (denser) than
// their surroundings, as QuPath's approximation of a Laplacian of Gaussian.
cv::Mat negLaplacianOfGaussian(const cv::Mat& image, double sigma) {
    cv::Mat smooth, lap;
    cv::GaussianBlur(image, smooth, cv::Size(), sigma, sigma, cv::BORDER_REPLICATE);
    const cv::Matx33f k(0, -1, 0, -1, 4, -1, 0, -1, 0);
    cv::filter2D(smooth, lap, CV_32F, k, {-1, -1}, 0, cv::BORDER_REPLICATE);
    return lap;
}

// Background by opening by reconstruction, where a very dark background (maxBackground) and
// twice the radius around it is excluded from the reconstruction; returns the excluded area.
cv::Mat subtractBackground(const cv::Mat& detection, double radius, double maxBackground, cv::Mat& toMeasure) {
    const int r = std::max(1, int(std::lround(radius)));
    cv::Mat eroded;
    cv::erode(detection, eroded, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1}), {-1, -1}, 1,
              cv::BORDER_REPLICATE);
    cv::Mat excluded = eroded > maxBackground;
    if (cv::countNonZero(excluded) > 0) {
        const int r2 = 2 * r;
        cv::dilate(excluded, excluded, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r2 + 1, 2 * r2 + 1}));
        eroded.setTo(-1e6f, excluded);
    } else {
        excluded.release();
    }
    toMeasure = detection - reconstructByDilation(eroded, detection);
    return excluded;
}

struct LabelStats {
    std::vector<double> sum;
    std::vector<int> count;
    std::vector<uint8_t> touchesExcluded;
};

LabelStats statsOf(const cv::Mat& labels, int n, const cv::Mat& values, const cv::Mat& excluded) {
    LabelStats s{std::vector<double>(size_t(n) + 1, 0), std::vector<int>(size_t(n) + 1, 0),
                 std::vector<uint8_t>(size_t(n) + 1, 0)};
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        const float* v = values.ptr<float>(y);
        const uint8_t* e = excluded.empty() ? nullptr : excluded.ptr<uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) {
            if (l[x] <= 0) continue;
            s.sum[size_t(l[x])] += v[x];
            ++s.count[size_t(l[x])];
            if (e && e[x]) s.touchesExcluded[size_t(l[x])] = 1;
        }
    }
    return s;
}

}  // namespace

DetectedNuclei detectNuclei(const cv::Mat& detection, double umPerPx, const NucleusDetectionOptions& o) {
    CV_Assert(detection.type() == CV_32F && umPerPx > 0);
    DetectedNuclei out;
    out.nuclei = cv::Mat(detection.size(), CV_32S, cv::Scalar(0));
    out.cells = out.nuclei.clone();
    if (detection.empty()) return out;
    const double sigma = o.sigmaUm / umPerPx;

    cv::Mat toMeasure, excluded;
    if (o.backgroundRadiusUm > 0) excluded = subtractBackground(detection, o.backgroundRadiusUm / umPerPx, o.maxBackground, toMeasure);
    else toMeasure = detection;

    // Over-segmentation: the Laplacian of Gaussian's basins, one per local maximum.
    const cv::Mat log = negLaplacianOfGaussian(toMeasure, sigma);
    const cv::Mat positive = log > 0;
    cv::Mat basins;
    const int nBasins = labelComponents(regionalMaxima(log, 0.001f), basins);
    floodLabels(log, basins, 0);

    // Basins dense enough to be nuclear; then merged with their neighbours again.
    const LabelStats bs = statsOf(basins, nBasins, toMeasure, excluded);
    cv::Mat kept(detection.size(), CV_8U, cv::Scalar(0));
    for (int y = 0; y < basins.rows; ++y) {
        const int* b = basins.ptr<int>(y);
        uint8_t* k = kept.ptr<uint8_t>(y);
        for (int x = 0; x < basins.cols; ++x) {
            const size_t id = size_t(b[x]);
            if (id > 0 && bs.count[id] > 0 && bs.sum[id] / bs.count[id] > o.threshold && !bs.touchesExcluded[id]) k[x] = 255;
        }
    }
    cv::dilate(kept, kept, cv::Mat());  // 3 x 3: closes the seams between neighbouring basins
    kept &= positive;

    cv::Mat labels;
    if (o.splitByShape) {
        kept = fillHoles(kept);
        cv::Mat edm;
        cv::distanceTransform(kept, edm, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
        labelComponents(extendedMaxima(edm, 0.5f) & kept, labels);
        floodLabels(edm, labels, 0);
    } else {
        labelComponents(kept, labels);
    }

    // Gaussian smoothing widens thin nuclei: keep a boundary pixel only where a finer Laplacian
    // still calls it nuclear (QuPath does this when sigma exceeds 1.5 px).
    if (sigma > 1.5) {
        const cv::Mat fine = negLaplacianOfGaussian(detection, 1.0) > 0;
        cv::Mat refined(labels.size(), CV_32S, cv::Scalar(0));
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            const uint8_t* f = fine.ptr<uint8_t>(y);
            int* r = refined.ptr<int>(y);
            for (int x = 0; x < labels.cols; ++x) {
                if (l[x] == 0) continue;
                bool interior = true;
                for (int dy = -1; dy <= 1 && interior; ++dy)
                    for (int dx = -1; dx <= 1 && interior; ++dx) {
                        const int qx = x + dx, qy = y + dy;
                        interior = qx >= 0 && qy >= 0 && qx < labels.cols && qy < labels.rows &&
                                   labels.ptr<int>(qy)[qx] == l[x];
                    }
                if (interior || f[x]) r[x] = l[x];
            }
        }
        labels = refined;
    }
    const int n = relabelConnected(labels);

    // Size and density filter.
    const double pxArea = umPerPx * umPerPx;
    const LabelStats ns = statsOf(labels, n, toMeasure, cv::Mat());
    std::vector<int> newId(size_t(n) + 1, 0);
    for (int i = 1; i <= n; ++i) {
        const double area = ns.count[size_t(i)] * pxArea;
        const double mean = ns.count[size_t(i)] > 0 ? ns.sum[size_t(i)] / ns.count[size_t(i)] : 0;
        if (area >= o.minAreaUm2 && area <= o.maxAreaUm2 && mean >= o.threshold) newId[size_t(i)] = ++out.count;
    }
    for (int y = 0; y < labels.rows; ++y) {
        int* l = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x) l[x] = newId[size_t(l[x])];
    }
    out.nuclei = labels;

    // Cells: every pixel within the expansion of a nucleus goes to the nearest one (flooding the
    // distance map outwards from the nuclei, as QuPath does).
    out.cells = labels.clone();
    if (o.cellExpansionUm > 0 && out.count > 0) {
        cv::Mat dist;
        cv::distanceTransform(labels == 0, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
        floodLabels(-dist, out.cells, -float(o.cellExpansionUm / umPerPx));
    }
    return out;
}

}  // namespace histomark::analysis
