// SPDX-License-Identifier: MIT
#include "analysis/colour_deconvolution.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace histomark::analysis {
namespace {

constexpr double kGlassFloor = 200;  // white-balanced glass is brighter on every brightfield scanner

cv::Vec3d normalised(cv::Vec3d v) {
    const double n = cv::norm(v);
    return n > 0 ? v / n : v;
}

// OD tables for the 8-bit path: 256 entries per channel.
std::array<std::array<float, 256>, 3> odTables(cv::Vec3d background) {
    std::array<std::array<float, 256>, 3> lut{};
    for (size_t c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v)
            lut[c][size_t(v)] = float(std::max(0.0, -std::log10(std::max(1.0, double(v)) / background[int(c)])));
    return lut;
}

double percentileOf(std::vector<double>& values, double p) {
    const size_t k = std::min(values.size() - 1, size_t(std::lround(p / 100.0 * double(values.size() - 1))));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return values[k];
}

}  // namespace

core::Result<StainMatrix> makeStainMatrix(std::string name, std::string first, cv::Vec3d firstOd, std::string second,
                                          cv::Vec3d secondOd, cv::Vec3d background) {
    using R = core::Result<StainMatrix>;
    for (const cv::Vec3d& v : {firstOd, secondOd})
        if (cv::norm(v) <= 0 || v[0] < 0 || v[1] < 0 || v[2] < 0 || !std::isfinite(cv::norm(v)))
            return R::failure("a stain vector must be non-negative and non-zero");
    for (int c = 0; c < 3; ++c)
        if (!(background[c] > 0 && background[c] <= 255)) return R::failure("background intensity must be in (0, 255]");
    const cv::Vec3d a = normalised(firstOd), b = normalised(secondOd);
    const cv::Vec3d third = a.cross(b);
    // Parallel stains cannot be told apart: the matrix would be singular.
    if (cv::norm(third) < 0.05) return R::failure("the two stain vectors are (nearly) parallel");
    StainMatrix m;
    m.name = std::move(name);
    m.stains = {std::move(first), std::move(second), "Residual"};
    m.vectors = {a, b, normalised(third)};
    m.background = background;
    return m;
}

StainMatrix hematoxylinEosin() {
    return *makeStainMatrix("H&E", "Hematoxylin", {0.644, 0.717, 0.267}, "Eosin", {0.093, 0.954, 0.283});
}

StainMatrix hematoxylinDab() {
    return *makeStainMatrix("H-DAB", "Hematoxylin", {0.650, 0.704, 0.286}, "DAB", {0.268, 0.570, 0.776});
}

cv::Vec3d measureBackground(const cv::Mat& rgb) {
    CV_Assert(rgb.type() == CV_8UC3);
    std::array<int64_t, 766> hist{};
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < rgb.cols; ++x) ++hist[size_t(p[x][0] + p[x][1] + p[x][2])];
    }
    const double want = 0.01 * double(rgb.total());
    int cut = 765;
    for (double seen = 0; cut > 0 && (seen += double(hist[size_t(cut)])) < want;) --cut;
    cv::Vec3d sum(0, 0, 0);
    double n = 0;
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < rgb.cols; ++x)
            if (p[x][0] + p[x][1] + p[x][2] >= cut) sum += cv::Vec3d(p[x][0], p[x][1], p[x][2]), ++n;
    }
    cv::Vec3d glass(255, 255, 255);
    for (int c = 0; c < 3; ++c) glass[c] = std::clamp(n > 0 ? sum[c] / n : 255.0, kGlassFloor, 255.0);
    return glass;
}

cv::Mat rgbOpticalDensity(const cv::Mat& rgb, cv::Vec3d background) {
    CV_Assert(rgb.type() == CV_8UC3 || rgb.type() == CV_32FC3);
    cv::Mat od(rgb.size(), CV_32FC3);
    if (rgb.type() == CV_8UC3) {
        const auto lut = odTables(background);
        for (int y = 0; y < rgb.rows; ++y) {
            const auto* p = rgb.ptr<cv::Vec3b>(y);
            auto* o = od.ptr<cv::Vec3f>(y);
            for (int x = 0; x < rgb.cols; ++x) o[x] = {lut[0][p[x][0]], lut[1][p[x][1]], lut[2][p[x][2]]};
        }
        return od;
    }
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3f>(y);
        auto* o = od.ptr<cv::Vec3f>(y);
        for (int x = 0; x < rgb.cols; ++x)
            for (int c = 0; c < 3; ++c)
                o[x][c] = float(std::max(0.0, -std::log10(std::max(1.0, double(p[x][c])) / background[c])));
    }
    return od;
}

cv::Matx33d unmixingMatrix(const StainMatrix& s) {
    cv::Matx33d m;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) m(r, c) = s.vectors[size_t(r)][c];
    return m.inv();
}

std::array<cv::Mat, 3> deconvolve(const cv::Mat& rgb, const StainMatrix& stains) {
    const cv::Matx33d inv = unmixingMatrix(stains);
    std::array<cv::Mat, 3> out;
    for (auto& m : out) m.create(rgb.size(), CV_32F);
    auto unmix = [&](int y, int x, float r, float g, float b) {
        for (int s = 0; s < 3; ++s)
            out[size_t(s)].ptr<float>(y)[x] = float(r * inv(0, s) + g * inv(1, s) + b * inv(2, s));
    };
    if (rgb.type() == CV_8UC3) {
        const auto lut = odTables(stains.background);
        for (int y = 0; y < rgb.rows; ++y) {
            const auto* p = rgb.ptr<cv::Vec3b>(y);
            for (int x = 0; x < rgb.cols; ++x) unmix(y, x, lut[0][p[x][0]], lut[1][p[x][1]], lut[2][p[x][2]]);
        }
        return out;
    }
    const cv::Mat od = rgbOpticalDensity(rgb, stains.background);
    for (int y = 0; y < od.rows; ++y) {
        const auto* o = od.ptr<cv::Vec3f>(y);
        for (int x = 0; x < od.cols; ++x) unmix(y, x, o[x][0], o[x][1], o[x][2]);
    }
    return out;
}

core::Result<StainMatrix> estimateStainsMacenko(const cv::Mat& rgb, const StainMatrix& reference, const MacenkoOptions& o) {
    using R = core::Result<StainMatrix>;
    if (rgb.empty() || rgb.type() != CV_8UC3) return R::failure("stain estimation needs an 8-bit RGB picture");
    const cv::Vec3d background = measureBackground(rgb);
    const cv::Mat od = rgbOpticalDensity(rgb, background);

    // Stained pixels: OD magnitude above the threshold (glass and faint haze carry no colour).
    std::vector<cv::Vec3d> samples;
    cv::Matx33d moment = cv::Matx33d::zeros();
    for (int y = 0; y < od.rows; ++y) {
        const auto* p = od.ptr<cv::Vec3f>(y);
        for (int x = 0; x < od.cols; ++x) {
            const cv::Vec3d v(p[x][0], p[x][1], p[x][2]);
            if (cv::norm(v) < o.odThreshold) continue;
            samples.push_back(v);
            moment += v * v.t();
        }
    }
    if (int(samples.size()) < o.minPixels)
        return R::failure("too few stained pixels to estimate stain vectors (" + std::to_string(samples.size()) +
                          " above OD " + std::to_string(o.odThreshold).substr(0, 4) + ", need " +
                          std::to_string(o.minPixels) + ")");

    // The plane through the origin that holds the OD cloud: Beer-Lambert mixtures of two stains
    // lie on rays between the stains' vectors, so no centring.
    cv::Mat values, vectors;
    cv::eigen(cv::Mat(moment), values, vectors);  // descending eigenvalues, vectors as rows
    cv::Vec3d e1(vectors.at<double>(0, 0), vectors.at<double>(0, 1), vectors.at<double>(0, 2));
    cv::Vec3d e2(vectors.at<double>(1, 0), vectors.at<double>(1, 1), vectors.at<double>(1, 2));
    if (e1[0] + e1[1] + e1[2] < 0) e1 = -e1;  // point into the positive octant
    // Orient e2 so that angles grow from the first reference stain towards the second.
    if (e2.dot(reference.vectors[1]) - e2.dot(reference.vectors[0]) < 0) e2 = -e2;

    std::vector<double> angles;
    angles.reserve(samples.size());
    for (const auto& v : samples) angles.push_back(std::atan2(v.dot(e2), v.dot(e1)));
    const double lo = percentileOf(angles, o.percentile), hi = percentileOf(angles, 100 - o.percentile);
    const cv::Vec3d a = normalised(e1 * std::cos(lo) + e2 * std::sin(lo));
    const cv::Vec3d b = normalised(e1 * std::cos(hi) + e2 * std::sin(hi));
    // Real stain pairs lie 30-40 degrees apart; a spread under 10 degrees is one stain plus noise.
    if (std::acos(std::clamp(a.dot(b), -1.0, 1.0)) < 10.0 * CV_PI / 180)
        return R::failure("the picture shows one stain only: its colours span less than 10 degrees");
    // Match the extremes to the reference stains (the larger total similarity wins).
    const bool swap = a.dot(reference.vectors[1]) + b.dot(reference.vectors[0]) >
                      a.dot(reference.vectors[0]) + b.dot(reference.vectors[1]);
    cv::Vec3d first = swap ? b : a, second = swap ? a : b;
    // A slightly negative component is noise in a channel the stain hardly absorbs.
    for (cv::Vec3d* v : {&first, &second})
        for (int c = 0; c < 3; ++c) (*v)[c] = std::max(0.0, (*v)[c]);
    return makeStainMatrix(reference.name + " (estimated)", reference.stains[0], first, reference.stains[1], second,
                           background);
}

}  // namespace histomark::analysis
