// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

// Internal to the tissue painter: the stain-concentration canvas of one region and the
// ellipse rasteriser every tissue structure is drawn with.
namespace histomark::samples {

// Concentrations of the slide's two stains over a region of level-0 pixels: `h` hematoxylin,
// `x` eosin (H&E) or DAB (IHC). Pixel (i, j) covers level-0 [x0 + i, x0 + i + 1).
struct Canvas {
    int64_t x0 = 0, y0 = 0;
    int w = 0, h = 0;
    std::vector<float> hem, other;

    Canvas(int64_t x, int64_t y, int width, int height)
        : x0(x), y0(y), w(width), h(height), hem(size_t(width) * size_t(height)), other(hem.size()) {}
};

// A periodic 8-bit texture, kSize x kSize pixels of the slide, sampled at level-0 coordinates so
// painting does not depend on how the slide is tiled.
struct Texture {
    static constexpr int kSize = 512, kMask = kSize - 1;
    std::vector<uint8_t> texels = std::vector<uint8_t>(size_t(kSize) * kSize);
    uint8_t at(int64_t x, int64_t y) const { return texels[size_t(y & kMask) * kSize + size_t(x & kMask)]; }
};

// A rotated ellipse in level-0 pixels. `blunt` squares off the ends (spindle "cigar" nuclei).
struct Ellipse {
    double cx = 0, cy = 0;  // centre, level-0 px
    double a = 1, b = 1;    // semi-axes, px (a along the angle)
    double cs = 1, sn = 0;  // cos, sin of the angle
    bool blunt = false;
};

// Calls f(index, d, px, py) for each canvas pixel whose centre has shape metric d < reach^2,
// where d is 0 at the centre and 1 on the outline ((u/a)^2 + (v/b)^2 for a plain ellipse).
// Rows are clipped to the exact extent, so cost follows the area, not the bounding box.
template <class F>
void rasterize(const Canvas& cv, const Ellipse& e, double reach, F&& f) {
    const double k = reach * (e.blunt ? 1.42 : 1.0);  // a blunt shape fits in a sqrt(2)-larger ellipse
    const double A = e.a * k, B = e.b * k;
    const double p = e.cs * e.cs / (A * A) + e.sn * e.sn / (B * B);
    const double q = e.cs * e.sn * (1 / (A * A) - 1 / (B * B));
    const double r = e.sn * e.sn / (A * A) + e.cs * e.cs / (B * B);
    const double hy = std::sqrt(A * A * e.sn * e.sn + B * B * e.cs * e.cs);
    const int64_t rowMin = std::max<int64_t>(cv.y0, int64_t(std::floor(e.cy - hy)));
    const int64_t rowMax = std::min<int64_t>(cv.y0 + cv.h - 1, int64_t(std::ceil(e.cy + hy)));
    const double ia2 = 1 / (e.a * e.a), ib2 = 1 / (e.b * e.b), limit = reach * reach;
    for (int64_t py = rowMin; py <= rowMax; ++py) {
        const double dy = double(py) + 0.5 - e.cy;
        const double disc = q * q * dy * dy - p * (r * dy * dy - 1);
        if (disc < 0) continue;
        const double s = std::sqrt(disc);
        const int64_t xa = std::max<int64_t>(cv.x0, int64_t(std::floor(e.cx + (-q * dy - s) / p - 0.5)));
        const int64_t xb = std::min<int64_t>(cv.x0 + cv.w - 1, int64_t(std::ceil(e.cx + (-q * dy + s) / p - 0.5)));
        const size_t rowBase = size_t(py - cv.y0) * size_t(cv.w);
        for (int64_t px = xa; px <= xb; ++px) {
            const double dx = double(px) + 0.5 - e.cx;
            const double u = dx * e.cs + dy * e.sn, v = -dx * e.sn + dy * e.cs;
            double uu = u * u * ia2;
            if (e.blunt) uu *= 0.55 + 0.45 * uu;
            const double d = uu + v * v * ib2;
            if (d < limit) f(rowBase + size_t(px - cv.x0), float(d), px, py);
        }
    }
}

// Coverage 1 inside, 0 outside, with a soft edge about `edgePx` wide along the minor axis.
inline float coverage(float d, const Ellipse& e, double edgePx) {
    const float soft = float(2 * edgePx / std::max(e.b, 0.5));
    return std::clamp((1.0f - d) / soft + 0.5f, 0.0f, 1.0f);
}

}  // namespace histomark::samples
