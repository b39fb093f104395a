// SPDX-License-Identifier: MIT
#include "analysis/rotation_search.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>

#include "analysis/image_warp.h"

namespace histomark::analysis {
namespace {

// A picture zero-padded to the transform size, its forward DFT (CCS-packed) and its sums.
struct Spectrum {
    cv::Mat dft;
    double sum = 0, sumSq = 0;
};

Spectrum spectrumOf(const cv::Mat& picture, cv::Size padded) {
    cv::Mat canvas = cv::Mat::zeros(padded, CV_32F);
    picture.copyTo(canvas(cv::Rect(0, 0, picture.cols, picture.rows)));
    Spectrum s;
    s.sum = cv::sum(picture)[0];
    s.sumSq = picture.dot(picture);
    cv::dft(canvas, s.dft, 0, picture.rows);
    return s;
}

// sum_x a(x + t) b(x) for every shift t (circular; the padding keeps real shifts apart).
cv::Mat crossCorrelation(const Spectrum& a, const Spectrum& b) {
    cv::Mat product, c;
    cv::mulSpectrums(a.dft, b.dft, product, 0, true);
    cv::idft(product, c, cv::DFT_SCALE | cv::DFT_REAL_OUTPUT);
    return c;
}

cv::Point2d centroid(const cv::Mat& picture) {
    const cv::Moments m = cv::moments(picture);
    if (m.m00 <= 0) return {picture.cols / 2.0, picture.rows / 2.0};
    return {m.m10 / m.m00 + 0.5, m.m01 / m.m00 + 0.5};  // moments put pixel centres at integers
}

cv::Mat asFloat(const cv::Mat& mask) {
    cv::Mat f;
    mask.convertTo(f, CV_32F, 1.0 / 255);
    return f;
}

// The best shift of `g` (grey) with mask `m` onto the fixed picture, by the correlation over the
// union of the tissues: with fg, mm the cross-correlations and sums over the union U(t),
// cov = fg - Sf Sg / |U|, var_f = Sff - Sf^2 / |U|, |U| = |F| + |M| - overlap(t).
cv::Point bestShift(const Spectrum& f, const Spectrum& fMask, const Spectrum& g, const Spectrum& gMask, cv::Size padded,
                    double& score) {
    const cv::Mat fg = crossCorrelation(f, g), overlap = crossCorrelation(fMask, gMask);
    score = -2;
    cv::Point best;
    const double areaSum = fMask.sum + gMask.sum;
    for (int y = 0; y < fg.rows; ++y) {
        const float* pfg = fg.ptr<float>(y);
        const float* po = overlap.ptr<float>(y);
        for (int x = 0; x < fg.cols; ++x) {
            if (po[x] < 1) continue;  // no shared tissue: not an alignment
            const double u = areaSum - po[x];
            const double varF = f.sumSq - f.sum * f.sum / u, varG = g.sumSq - g.sum * g.sum / u;
            if (varF <= 0 || varG <= 0) continue;
            const double c = (pfg[x] - f.sum * g.sum / u) / std::sqrt(varF * varG);
            if (c > score) score = c, best = {x, y};
        }
    }
    // Circular correlation: shifts past half the padded size are negative.
    if (best.x > padded.width / 2) best.x -= padded.width;
    if (best.y > padded.height / 2) best.y -= padded.height;
    return best;
}

}  // namespace

std::vector<AlignmentCandidate> searchRotations(const cv::Mat& fixed, const cv::Mat& fixedMask, const cv::Mat& moving,
                                                const cv::Mat& movingMask, const RotationSearchOptions& o, core::JobControl* job) {
    CV_Assert(fixed.type() == CV_32F && moving.type() == CV_32F && fixedMask.type() == CV_8U && movingMask.type() == CV_8U);
    const double maxScale = *std::max_element(o.scales.begin(), o.scales.end());
    // A square canvas that holds the moving picture at any angle, its tissue centroid in the middle.
    const int side = int(std::ceil(std::hypot(moving.cols, moving.rows) * maxScale)) + 2;
    // No wrap-around: the padded size covers every shift with any overlap.
    const cv::Size padded(cv::getOptimalDFTSize(fixed.cols + side), cv::getOptimalDFTSize(fixed.rows + side));
    const Spectrum f = spectrumOf(fixed, padded), fMask = spectrumOf(asFloat(fixedMask), padded);
    const cv::Mat movingMaskF = asFloat(movingMask);
    const cv::Point2d c = centroid(movingMaskF);
    const auto toCanvasCentre = core::Affine::translation(side / 2.0, side / 2.0);

    const int steps = std::max(1, int(std::lround(360.0 / o.angleStepDegrees)));
    std::vector<AlignmentCandidate> all;
    for (int mirror = 0; mirror < (o.allowMirror ? 2 : 1); ++mirror) {
        for (double scale : o.scales) {
            std::vector<AlignmentCandidate> ring;
            for (int i = 0; i < steps; ++i) {
                if (job && job->cancelled()) return {};
                const double deg = 360.0 * i / steps;
                core::Affine toCanvas = core::Affine::translation(-c.x, -c.y);
                if (mirror) toCanvas = toCanvas.then(core::Affine::mirrorX());
                toCanvas = toCanvas.then(core::Affine::scaling(scale))
                               .then(core::Affine::rotation(deg * std::numbers::pi / 180))
                               .then(toCanvasCentre);
                const Spectrum g = spectrumOf(warpImage(moving, toCanvas, {side, side}), padded);
                const Spectrum gMask = spectrumOf(warpImage(movingMaskF, toCanvas, {side, side}), padded);
                AlignmentCandidate a;
                const cv::Point t = bestShift(f, fMask, g, gMask, padded, a.score);
                a.movingToFixed = toCanvas.then(core::Affine::translation(t.x, t.y));
                a.angleDegrees = deg;
                a.mirrored = mirror != 0;
                a.scale = scale;
                ring.push_back(a);
            }
            // Local maxima over the (circular) angle only: neighbours are the same alignment.
            for (size_t i = 0; i < ring.size(); ++i) {
                const double prev = ring[(i + ring.size() - 1) % ring.size()].score, next = ring[(i + 1) % ring.size()].score;
                if (ring[i].score >= prev && ring[i].score >= next) all.push_back(ring[i]);
            }
        }
    }
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.score > y.score; });
    if (int(all.size()) > o.maxCandidates) all.resize(size_t(o.maxCandidates));
    return all;
}

}  // namespace histomark::analysis
