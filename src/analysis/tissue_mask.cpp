// SPDX-License-Identifier: MIT
#include "analysis/tissue_mask.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "analysis/colour_deconvolution.h"
#include "analysis/mask_morphology.h"

namespace histomark::analysis {
namespace {

// Otsu between glass and tissue is kept inside this band of optical density: below it lie JPEG
// noise and uneven glass (scanner stripes); above it every stain's pale tissue would be lost
// (Otsu on a picture that is all tissue splits dark from pale tissue instead).
constexpr double kMinTissueOd = 0.06, kMaxTissueOd = 0.2;
// An assumed tissue extent for pictures of unknown scale, so morphology scales with the picture.
constexpr double kAssumedExtentUm = 15000;
constexpr double kCellUm = 8;  // the local mean for the threshold spans about two cells

// The glass colour: the mean of the brightest 1 % (analysis::measureBackground).
std::array<float, 3> glassColour(const cv::Mat& rgb) {
    const cv::Vec3d g = measureBackground(rgb);
    return {float(g[0]), float(g[1]), float(g[2])};
}

// Per-channel optical density tables relative to the glass colour, clipped at 0.
std::array<std::array<float, 256>, 3> odTables(const std::array<float, 3>& glass) {
    std::array<std::array<float, 256>, 3> lut{};
    for (size_t c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v) lut[c][size_t(v)] = std::max(0.0f, std::log10((glass[c] + 1.0f) / (float(v) + 1.0f)));
    return lut;
}

// Optical density magnitude and the colour classes of ink, from one glass estimate.
void densityAndInk(const cv::Mat& rgb, cv::Mat* od, cv::Mat* inkColour, cv::Mat* darkBlue) {
    CV_Assert(rgb.type() == CV_8UC3);
    const auto lut = odTables(glassColour(rgb));
    if (od) od->create(rgb.size(), CV_32F);
    if (inkColour) inkColour->create(rgb.size(), CV_8U);
    if (darkBlue) darkBlue->create(rgb.size(), CV_8U);
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < rgb.cols; ++x) {
            const float r = lut[0][p[x][0]], g = lut[1][p[x][1]], b = lut[2][p[x][2]];
            if (od) od->ptr<float>(y)[x] = std::sqrt(r * r + g * g + b * b);
            // Hematoxylin, eosin, DAB, fast red and their mixtures absorb green at least half as
            // much as their strongest channel; green and cyan marker inks do not. Near-black
            // (dust, black ink) passes under 16 % of the light in every channel.
            if (inkColour)
                inkColour->ptr<uint8_t>(y)[x] =
                    (std::max(r, b) > 0.25f && g < 0.5f * std::max(r, b)) || std::min({r, g, b}) > 0.8f ? 255 : 0;
            // Blue ink absorbs red much more than green, but so does a blue hematoxylin
            // counterstain: only the colour of dark blue, sorted out by size below.
            if (darkBlue) darkBlue->ptr<uint8_t>(y)[x] = r > 0.5f && g < 0.75f * r ? 255 : 0;
        }
    }
}

double effectiveUmPerPx(const cv::Mat& rgb, double umPerPx) {
    return umPerPx > 0 ? umPerPx : kAssumedExtentUm / std::max(rgb.cols, rgb.rows);
}

// Ink from the colour classes: green, cyan and black at once; dark blue only where it forms
// areas wider than a pen line's narrowest stroke that no cluster of nuclei reaches.
cv::Mat inkFrom(const cv::Mat& inkColour, const cv::Mat& darkBlue, double umPerPx) {
    constexpr double kStrokeHalfWidthUm = 25;
    const double r = kStrokeHalfWidthUm / umPerPx;
    return inkColour | dilateMask(erodeMask(darkBlue, r), r);
}

}  // namespace

cv::Mat opticalDensity(const cv::Mat& rgb) {
    cv::Mat od;
    densityAndInk(rgb, &od, nullptr, nullptr);
    return od;
}

cv::Mat inkMask(const cv::Mat& rgb, double umPerPx) {
    cv::Mat colour, blue;
    densityAndInk(rgb, nullptr, &colour, &blue);
    return inkFrom(colour, blue, effectiveUmPerPx(rgb, umPerPx));
}

cv::Mat tissueMask(const cv::Mat& rgb) { return tissueAndInk(rgb, {}).tissue; }

cv::Mat tissueMask(const cv::Mat& rgb, const TissueMaskOptions& o) { return tissueAndInk(rgb, o).tissue; }

TissueAndInk tissueAndInk(const cv::Mat& rgb, const TissueMaskOptions& o) {
    if (rgb.empty()) return {};
    const double umPerPx = effectiveUmPerPx(rgb, o.umPerPx);
    cv::Mat od, colour, blue;
    densityAndInk(rgb, &od, &colour, &blue);
    // Ink is not tissue, and must not smear into a rim of "tissue" around a stroke either (a rim
    // would enclose the stroke and hole filling would then take it back in); the dilation
    // covers the strokes' anti-aliased edges.
    const cv::Mat ink = dilateMask(inkFrom(colour, blue, umPerPx), 1.5);
    od.setTo(0, ink);
    // Threshold a local mean over about two cells, so pale cytoplasm between stained nuclei counts
    // with them and Otsu separates glass from tissue rather than nuclei from cytoplasm.
    const int box = std::max(3, 2 * int(std::lround(kCellUm / umPerPx)) + 1);
    cv::Mat smooth, od8, unused;
    cv::blur(od, smooth, cv::Size(box, box));
    smooth.convertTo(od8, CV_8U, 128.0);  // Otsu on 1/128 OD steps
    const double otsu = cv::threshold(od8, unused, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU) / 128.0;
    const double t = std::clamp(otsu, kMinTissueOd, kMaxTissueOd);

    cv::Mat mask = ((smooth > t) | (od > t)) & ~ink;
    mask = closeMask(mask, o.closeRadiusUm / umPerPx) & ~ink;
    const double minSide = o.minFragmentUm / umPerPx, holeSide = o.fillHolesUpToUm / umPerPx;
    mask = removeSmallPieces(mask, minSide * minSide);
    return {fillSmallHoles(mask, holeSide * holeSide) & ~ink, ink};
}

}  // namespace histomark::analysis
