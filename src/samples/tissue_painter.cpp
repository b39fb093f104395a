// SPDX-License-Identifier: MIT
#include "samples/tissue_painter.h"

#include <cmath>
#include <numbers>

#include "samples/cell_painter.h"
#include "samples/noise.h"

namespace histomark::samples {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr float kGlassOd = 0.0227f;  // -log10(242 / 255): clean glass
constexpr int kOdSteps = 1024;       // OD quantisation of the intensity table (< 0.5 grey level)
constexpr int kOdMax = 4;

int64_t floorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// atan2 to ~0.005 rad, several times faster than std::atan2 (it runs once per pixel).
inline float fastAtan2(float y, float x) {
    const float ax = std::abs(x), ay = std::abs(y);
    const float mn = std::min(ax, ay), mx = std::max(ax, ay) + 1e-20f;
    const float a = mn / mx, s = a * a;
    float r = ((-0.0464964749f * s + 0.15931422f) * s - 0.327622764f) * s * a + a;
    if (ay > ax) r = 1.57079637f - r;
    if (x < 0) r = 3.14159274f - r;
    return y < 0 ? -r : r;
}

// Adds one tapered streak (or, with halfLength == halfWidth, a dot) to a periodic accumulator.
void splat(std::vector<float>& acc, double cx, double cy, double halfLength, double halfWidth, double angle,
           double amp) {
    const bool round = halfLength == halfWidth;
    const int n = Texture::kSize;
    const double cs = std::cos(angle), sn = std::sin(angle);
    const int hx = int(std::abs(halfLength * cs) + std::abs(halfWidth * sn)) + 1;
    const int hy = int(std::abs(halfLength * sn) + std::abs(halfWidth * cs)) + 1;
    for (int y = int(cy) - hy; y <= int(cy) + hy; ++y)
        for (int x = int(cx) - hx; x <= int(cx) + hx; ++x) {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            double u = (dx * cs + dy * sn) / halfLength, v = (-dx * sn + dy * cs) / halfWidth;
            const double profile = round ? 1 - u * u - v * v : (1 - v * v) * (1 - u * u * u * u);
            if (std::abs(u) >= 1 || std::abs(v) >= 1 || profile <= 0) continue;
            acc[size_t(y & (n - 1)) * n + size_t(x & (n - 1))] += float(amp * profile);
        }
}

Texture toTexture(const std::vector<float>& acc, float base, float gain) {
    Texture t;
    for (size_t i = 0; i < acc.size(); ++i)
        t.texels[i] = uint8_t(std::clamp((base + gain * acc[i]) * 255.0f, 0.0f, 255.0f));
    return t;
}

// Background stain concentrations per stain: cytoplasm = base + fibres, vessel walls, plasma.
struct Background {
    float xBase, xFib, xWall, xPlasma, xFlat, hBase, hFib;
};

Background backgroundOf(Stain s) {
    switch (s) {
        case Stain::HE:
            return {0.08f, 0.26f, 0.28f, 0.05f, 0.0f, 0.03f, 0.03f};  // eosinophilic fibrils
        case Stain::Desmin:
            return {0.18f, 0.55f, 0.4f, 0.02f, 0.0f, 0.025f, 0.0f};  // strong diffuse DAB
        default:
            return {0.0f, 0.0f, 0.0f, 0.01f, 0.012f, 0.04f, 0.06f};  // counterstain only
    }
}

}  // namespace

// Smooth tissue fields sampled every m_nodeStep level-0 px on a grid anchored at (0, 0), so
// interpolated values never depend on where a region starts.
struct TissuePainter::NodeGrid {
    int64_t i0 = 0, j0 = 0;
    int nx = 0, ny = 0;
    std::vector<TissueFields> nodes;
    const TissueFields& at(int i, int j) const { return nodes[size_t(j) * size_t(nx) + size_t(i)]; }
};

TissuePainter::TissuePainter(std::shared_ptr<const TissueModel> model, SlideView view)
    : m_model(std::move(model)), m_view(view), m_tissueToSlide(view.slideToTissue.inverse()) {
    m_nodeStep = std::max(1, int(std::lround(3.0 / view.mpp)));
    m_odToIntensity.resize(kOdSteps * kOdMax + 1);
    for (size_t i = 0; i < m_odToIntensity.size(); ++i)
        m_odToIntensity[i] = uint8_t(std::lround(255.0 * std::pow(10.0, -double(i) / kOdSteps)));
    buildTextures();
}

void TissuePainter::buildTextures() {
    const double pxPerUm = 1.0 / m_view.mpp, sizeUm = Texture::kSize / pxPerUm;
    const size_t n = size_t(Texture::kSize) * Texture::kSize;
    Rng rng(mix64(m_model->seed() ^ 0x7E87));
    // Eosinophilic cytoplasmic fibrils: streaks 8-24 µm long, ~1 µm wide, one texture per direction.
    for (int k = 0; k < kOrientations; ++k) {
        std::vector<float> acc(n);
        for (int s = 0, count = int(sizeUm * sizeUm / 22); s < count; ++s)
            splat(acc, rng.range(0, Texture::kSize), rng.range(0, Texture::kSize), rng.range(4, 12) * pxPerUm,
                  rng.range(0.35, 0.7) * pxPerUm, k * kPi / kOrientations + rng.range(-0.12, 0.12),
                  rng.range(0.35, 0.8));
        m_fibres[size_t(k)] = toTexture(acc, 0.1f, 0.85f);
    }
    std::vector<float> dots(n), grains(n);
    for (int s = 0, count = int(sizeUm * sizeUm / 5); s < count; ++s) {  // fibres cut across
        double r = rng.range(0.4, 0.9) * pxPerUm;
        splat(dots, rng.range(0, Texture::kSize), rng.range(0, Texture::kSize), r, r, 0, rng.range(0.3, 0.7));
    }
    m_punctate = toTexture(dots, 0.15f, 0.8f);
    for (int s = 0, count = int(sizeUm * sizeUm / 1.0); s < count; ++s) {  // chromatin granules
        double r = rng.range(0.25, 0.5) * pxPerUm;
        splat(grains, rng.range(0, Texture::kSize), rng.range(0, Texture::kSize), r, r, 0, rng.range(0.2, 0.7));
    }
    m_chromatin = toTexture(grains, 0.2f, 0.6f);
}

void TissuePainter::paint(int64_t x0, int64_t y0, core::RgbaImage& out) const {
    if (out.empty()) return;
    Canvas cv(x0, y0, out.width, out.height);
    paintBackground(cv);
    paintCells(cv);
    compose(cv, out);
}

void TissuePainter::paintBackground(Canvas& cv) const {
    const int64_t g = m_nodeStep;
    NodeGrid grid;
    grid.i0 = floorDiv(cv.x0, g), grid.j0 = floorDiv(cv.y0, g);
    grid.nx = int(floorDiv(cv.x0 + cv.w - 1, g) - grid.i0 + 2);
    grid.ny = int(floorDiv(cv.y0 + cv.h - 1, g) - grid.j0 + 2);
    grid.nodes.resize(size_t(grid.nx) * size_t(grid.ny));
    for (int j = 0; j < grid.ny; ++j)
        for (int i = 0; i < grid.nx; ++i) {
            double tx, ty;
            m_view.slideToTissue.apply(double((grid.i0 + i) * g), double((grid.j0 + j) * g), tx, ty);
            TissueFields f = m_model->fields(tx, ty);
            // The fascicle direction, turned into this slide's frame (rotation, mirroring).
            double a = 0.5 * std::atan2(f.sin2, f.cos2), dx, dy;
            m_tissueToSlide.applyLinear(std::cos(a), std::sin(a), dx, dy);
            double as = std::atan2(dy, dx);
            f.cos2 = float(std::cos(2 * as)), f.sin2 = float(std::sin(2 * as));
            grid.nodes[size_t(j) * size_t(grid.nx) + size_t(i)] = f;
        }

    const Background bg = backgroundOf(m_view.stain);
    constexpr int kFields = 7;
    std::vector<float> row(size_t(grid.nx) * kFields);
    const float binScale = float(kOrientations / kPi);
    for (int y = 0; y < cv.h; ++y) {
        const int64_t py = cv.y0 + y;
        const int j = int(floorDiv(py, g) - grid.j0);
        const float v = float(py - (grid.j0 + j) * g) / float(g);
        for (int i = 0; i < grid.nx; ++i) {  // vertical interpolation once per node column
            const TissueFields &a = grid.at(i, j), &b = grid.at(i, j + 1);
            float* r = &row[size_t(i) * kFields];
            r[0] = a.tissue + (b.tissue - a.tissue) * v, r[1] = a.lumen + (b.lumen - a.lumen) * v;
            r[2] = a.wall + (b.wall - a.wall) * v, r[3] = a.cos2 + (b.cos2 - a.cos2) * v;
            r[4] = a.sin2 + (b.sin2 - a.sin2) * v, r[5] = a.cross + (b.cross - a.cross) * v;
            r[6] = a.density + (b.density - a.density) * v;
        }
        float* hem = &cv.hem[size_t(y) * size_t(cv.w)];
        float* oth = &cv.other[size_t(y) * size_t(cv.w)];
        for (int x = 0; x < cv.w; ++x) {
            const int64_t px = cv.x0 + x;
            const int i = int(floorDiv(px, g) - grid.i0);
            const float u = float(px - (grid.i0 + i) * g) / float(g);
            const float *a = &row[size_t(i) * kFields], *b = a + kFields;
            const float t = a[0] + (b[0] - a[0]) * u;
            if (t <= 0.001f) {
                hem[x] = oth[x] = 0;
                continue;
            }
            const float lumen = a[1] + (b[1] - a[1]) * u, wall = a[2] + (b[2] - a[2]) * u;
            const float cross = a[5] + (b[5] - a[5]) * u, dens = a[6] + (b[6] - a[6]) * u;
            // Fibre texture of the local direction: blend the two nearest orientation bins.
            float bin = fastAtan2(a[4] + (b[4] - a[4]) * u, a[3] + (b[3] - a[3]) * u) * 0.5f * binScale;
            if (bin < 0) bin += kOrientations;
            const int b0 = int(bin) % kOrientations, b1 = (b0 + 1) % kOrientations;
            const float wb = bin - std::floor(bin);
            const float oriented =
                (m_fibres[size_t(b0)].at(px, py) * (1 - wb) + m_fibres[size_t(b1)].at(px, py) * wb) / 255;
            const float fib = oriented + (m_punctate.at(px, py) / 255.0f - oriented) * cross;
            const float solid = t * (1 - lumen);
            oth[x] =
                solid * (dens * (bg.xBase + bg.xFib * fib) + bg.xWall * wall) + t * lumen * bg.xPlasma + t * bg.xFlat;
            hem[x] = solid * (bg.hBase + bg.hFib * fib);
        }
    }
}

void TissuePainter::paintCells(Canvas& cv) const {
    // The region in tissue µm (bounding box of its transformed corners), grown by the farthest
    // reach of any cell, so every cell that can touch the region is drawn.
    double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
    for (int c = 0; c < 4; ++c) {
        double x, y;
        m_view.slideToTissue.apply(double(cv.x0 + (c & 1) * cv.w), double(cv.y0 + (c >> 1) * cv.h), x, y);
        minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y), maxY = std::max(maxY, y);
    }
    const double reach = TissueModel::kMaxReachUm;
    const RectUm rect{minX - reach, minY - reach, maxX - minX + 2 * reach, maxY - minY + 2 * reach};
    const std::vector<Cell> cells = m_model->cellsIn(rect);
    CellPainter painter(m_tissueToSlide, m_view.stain, m_chromatin);
    for (const Cell& c : cells) painter.clearing(cv, c);  // clear zones first: they lighten stroma only
    for (const Cell& c : cells) painter.nucleus(cv, c);
    for (const Vessel& v : m_model->vessels()) {
        const double r = std::max(v.rx, v.ry) + v.wall + 4;
        if (v.x + r > rect.x && v.x - r < rect.x + rect.width && v.y + r > rect.y && v.y - r < rect.y + rect.height)
            painter.vessel(cv, v);
    }
}

void TissuePainter::compose(const Canvas& cv, core::RgbaImage& out) const {
    const StainVectors sv = stainVectors(m_view.stain);
    const uint32_t grainSeed = uint32_t(mix64(m_model->seed() ^ uint64_t(m_view.stain) * 0x1F3));
    const int maxIndex = int(m_odToIntensity.size()) - 1;
    for (int y = 0; y < cv.h; ++y) {
        uint8_t* dst = out.at(0, y);
        const size_t base = size_t(y) * size_t(cv.w);
        for (int x = 0; x < cv.w; ++x) {
            const float hc = cv.hem[base + size_t(x)], xc = cv.other[base + size_t(x)];
            // Mild luminance grain: every channel's OD scaled by the same +-4 %.
            const uint32_t hsh = pixelHash(cv.x0 + x, cv.y0 + y, grainSeed);
            const float grain = 1.0f + 0.08f * (float(hsh & 0xFFFF) / 65535.0f - 0.5f);
            for (int c = 0; c < 3; ++c) {
                const float od = (kGlassOd + hc * sv.h[c] + xc * sv.x[c]) * grain;
                dst[x * 4 + c] = m_odToIntensity[size_t(std::min(int(od * kOdSteps + 0.5f), maxIndex))];
            }
            dst[x * 4 + 3] = 255;
        }
    }
}

}  // namespace histomark::samples
