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
    bool empty() const { return dft.empty(); }
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

// sum_x a(x + t) (1 - ink(x)) for every t: `total` less the part under ink (none: no ink).
cv::Mat offInk(double total, const Spectrum& a, const Spectrum& ink, bool inkFirst, cv::Size padded) {
    if (ink.empty()) return cv::Mat(padded, CV_32F, cv::Scalar(total));
    return total - (inkFirst ? crossCorrelation(ink, a) : crossCorrelation(a, ink));
}

cv::Mat asFloat(const cv::Mat& mask) {
    cv::Mat f;
    mask.convertTo(f, CV_32F, 1.0 / 255);
    return f;
}

// One side's spectra: grey g (0 off the tissue), g^2, the tissue mask and the ink (none: empty).
struct Side {
    Spectrum g, g2, mask, ink;
};

Side sideOf(const cv::Mat& grey, const cv::Mat& mask, const cv::Mat& ink, cv::Size padded) {
    const cv::Mat g = grey.mul(mask);
    return {spectrumOf(g, padded), spectrumOf(g.mul(g), padded), spectrumOf(mask, padded),
            ink.empty() ? Spectrum{} : spectrumOf(ink, padded)};
}

// Ink worth accounting for: more than a few % of the tissue's area. Less changes the scores
// little, and leaving it out halves the transforms per angle.
cv::Mat significantInk(const TissuePicture& p) {
    if (p.ink.empty() || cv::countNonZero(p.ink) <= 0.03 * std::max(1, cv::countNonZero(p.mask))) return {};
    return asFloat(p.ink);
}

// Pearson correlation maps over a region R(t) given sum_R ab, the region's size n and both
// pictures' sums and sums of squares over it (all maps over t).
cv::Mat pearson(const cv::Mat& sab, const cv::Mat& n, const cv::Mat& sa, const cv::Mat& saa, const cv::Mat& sb, const cv::Mat& sbb) {
    constexpr double kFlat = 1e-6;  // a flat or empty region gets a tiny denominator floor, so a low score
    cv::Mat nn, va, vb, out;
    cv::max(n, 1.0, nn);
    cv::max(saa - sa.mul(sa) / nn, kFlat, va);
    cv::max(sbb - sb.mul(sb) / nn, kFlat, vb);
    cv::sqrt(va.mul(vb), va);
    cv::divide(sab - sa.mul(sb) / nn, va, out);
    return out;
}

// The best shift of the moving canvas onto the fixed picture. The score of a shift is the larger
// of two Pearson correlations: over the fixed tissue and over the moving tissue, leaving out what
// lies under the other picture's ink (unknown). Each is high where one section's tissue finds
// matching tissue in the other, so a section with a missing part (torn, cut short, partly off the
// scan) still scores well on the region of the smaller one, while tissue facing glass counts
// against it in both. Every sum over such a region is a cross-correlation with its mask.
cv::Point bestShift(const Side& f, const Side& m, cv::Size padded, double& score) {
    const cv::Mat fg = crossCorrelation(f.g, m.g);
    // Over the fixed tissue where the moving picture has no ink.
    const cv::Mat nF = offInk(f.mask.sum, f.mask, m.ink, false, padded);
    const cv::Mat onF = pearson(fg, nF, offInk(f.g.sum, f.g, m.ink, false, padded), offInk(f.g2.sum, f.g2, m.ink, false, padded),
                                crossCorrelation(f.mask, m.g), crossCorrelation(f.mask, m.g2));
    // Over the moving tissue where the fixed picture has no ink.
    const cv::Mat nM = offInk(m.mask.sum, m.mask, f.ink, true, padded);
    const cv::Mat onM = pearson(fg, nM, crossCorrelation(f.g, m.mask), crossCorrelation(f.g2, m.mask),
                                offInk(m.g.sum, m.g, f.ink, true, padded), offInk(m.g2.sum, m.g2, f.ink, true, padded));
    cv::Point at;
    cv::minMaxLoc(cv::max(onF, onM), nullptr, &score, nullptr, &at);
    // Circular correlation: shifts past half the padded size are negative.
    if (at.x > padded.width / 2) at.x -= padded.width;
    if (at.y > padded.height / 2) at.y -= padded.height;
    return at;
}

}  // namespace

std::vector<AlignmentCandidate> searchRotations(const TissuePicture& fixed, const TissuePicture& moving, const RotationSearchOptions& o,
                                                core::JobControl* job) {
    CV_Assert(fixed.grey.type() == CV_32F && moving.grey.type() == CV_32F && fixed.mask.type() == CV_8U && moving.mask.type() == CV_8U);
    const cv::Mat movingMask = asFloat(moving.mask), movingInk = significantInk(moving);
    const double maxScale = *std::max_element(o.scales.begin(), o.scales.end());
    // A square canvas that holds the moving tissue at any angle: the diagonal of its bounding box,
    // turned about the box's centre. (Only tissue matters; glass around it is zeros anyway.)
    const cv::Rect box = cv::countNonZero(moving.mask) ? cv::boundingRect(moving.mask) : cv::Rect(0, 0, moving.mask.cols, moving.mask.rows);
    const cv::Point2d c(box.x + box.width / 2.0, box.y + box.height / 2.0);
    const int side = int(std::ceil(std::hypot(box.width, box.height) * maxScale)) + 4;
    // No wrap-around: the padded size covers every shift with any overlap.
    const cv::Size padded(cv::getOptimalDFTSize(fixed.grey.cols + side), cv::getOptimalDFTSize(fixed.grey.rows + side));
    const Side f = sideOf(fixed.grey, asFloat(fixed.mask), significantInk(fixed), padded);
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
                const cv::Size canvas(side, side);
                const Side m = sideOf(warpImage(moving.grey, toCanvas, canvas), warpImage(movingMask, toCanvas, canvas),
                                      movingInk.empty() ? cv::Mat() : warpImage(movingInk, toCanvas, canvas), padded);
                AlignmentCandidate a;
                const cv::Point t = bestShift(f, m, padded, a.score);
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
