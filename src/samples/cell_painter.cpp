// SPDX-License-Identifier: MIT
#include "samples/cell_painter.h"

#include <numbers>
#include <vector>

#include "samples/noise.h"

namespace histomark::samples {
namespace {

constexpr double kPi = std::numbers::pi;

// One chromatin clump of a mitotic figure, in the figure's frame (µm; x along the cell axis).
struct Blob {
    double ox, oy, a, b, angle, density;
};

struct FigureShape {
    std::vector<Blob> blobs;
    double haloA = 6, haloB = 6;  // the clear zone around the figure, semi-axes µm
};

// A band of condensed chromosomes with hair-like projections (`side` 0: both sides).
void addBand(FigureShape& f, Rng& rng, double cy, double length, double thick, int n, double bend, int side) {
    for (int i = 0; i < n; ++i) {
        double x = -length / 2 + 1 + (length - 2) * i / (n - 1) + rng.range(-0.3, 0.3);
        f.blobs.push_back({x, cy + bend * x * x + rng.range(-0.35, 0.35), rng.range(0.9, 1.5),
                           thick / 2 * rng.range(0.8, 1.1), rng.range(-0.35, 0.35), rng.range(0.85, 1.15)});
    }
    for (int i = 0; i < n + 2; ++i) {
        int s = side ? side : (rng.uniform() < 0.5 ? -1 : 1);
        double x = rng.range(-length / 2 + 0.5, length / 2 - 0.5);
        f.blobs.push_back(
            {x, cy + bend * x * x + s * (thick / 2 + 0.45), 0.75, 0.22, kPi / 2 + rng.range(-0.5, 0.5), 0.9});
    }
}

// The chromatin of a mitotic figure by phase (DOMAIN.md section 4): no nuclear membrane, dense.
FigureShape figureShape(const Cell& c) {
    Rng rng(c.hash ^ 0xF16E);
    FigureShape f;
    switch (c.phase) {
        case MitosisPhase::Metaphase: {  // a plate seen side-on: one dense band
            double len = rng.range(7, 10), thick = rng.range(1.8, 2.8);
            addBand(f, rng, 0, len, thick, 7, 0, 0);
            f.haloA = len / 2 + 3, f.haloB = thick / 2 + 4;
            break;
        }
        case MitosisPhase::Anaphase: {  // two parallel bands moving apart
            double len = rng.range(6, 8), thick = rng.range(1.5, 2.1), gap = rng.range(2, 3);
            addBand(f, rng, -gap, len, thick, 5, -0.04, -1);
            addBand(f, rng, gap, len, thick, 5, 0.04, 1);
            f.haloA = len / 2 + 3, f.haloB = gap + thick / 2 + 3.5;
            break;
        }
        case MitosisPhase::Ring: {  // a metaphase plate seen end-on: a ring with a pale centre
            double r = rng.range(2.8, 3.8);
            for (int i = 0; i < 11; ++i) {
                double t = 2 * kPi * i / 11 + rng.range(-0.15, 0.15);
                f.blobs.push_back(
                    {r * std::cos(t), r * std::sin(t), rng.range(0.9, 1.3), rng.range(0.7, 0.9), t + kPi / 2, 1});
            }
            for (int i = 0; i < 7; ++i) {
                double t = rng.range(0, 2 * kPi);
                f.blobs.push_back({(r + 1.1) * std::cos(t), (r + 1.1) * std::sin(t), 0.7, 0.22, t, 0.9});
            }
            f.haloA = f.haloB = r + 3.5;
            break;
        }
        case MitosisPhase::Prophase: {  // clumped, thread-like condensed chromatin
            for (int i = 0; i < 14; ++i) {
                double rr = 2.8 * std::sqrt(rng.uniform()), t = rng.range(0, 2 * kPi);
                bool thread = i < 10;
                f.blobs.push_back({rr * std::cos(t), rr * std::sin(t), thread ? rng.range(1.0, 1.7) : 0.8,
                                   thread ? rng.range(0.35, 0.55) : 0.75, rng.range(0, kPi), 0.95});
            }
            f.haloA = f.haloB = 6;
            break;
        }
        case MitosisPhase::Telophase: {  // two compact dense clusters at the poles
            double sep = rng.range(4, 5.5);
            for (int side = -1; side <= 1; side += 2)
                for (int i = 0; i < 6; ++i) {
                    double rr = 1.4 * std::sqrt(rng.uniform()), t = rng.range(0, 2 * kPi);
                    f.blobs.push_back({side * sep + rr * std::cos(t), rr * std::sin(t), rng.range(0.8, 1.2),
                                       rng.range(0.6, 0.9), rng.range(0, kPi), 1});
                }
            f.haloA = sep + 4, f.haloB = 4.5;
            break;
        }
    }
    return f;
}

}  // namespace

StainLook StainLook::of(Stain s) {
    StainLook l;
    if (s == Stain::HE) {
        l.nucleusH = 1.0f, l.displace = 0.75f, l.apoptoticX = 0.75f;
        l.mastX = 0.05f, l.mastH = 0.22f, l.rbcX = 0.62f, l.rbcH = 0.02f;
        return l;
    }
    // On Ki-67 the second stain inside nuclei is nuclear DAB, which an overlapping nucleus must
    // not wipe out; the DAB background it would push aside is negligible anyway.
    l.nucleusH = 0.72f, l.displace = s == Stain::Ki67 ? 0.0f : 0.85f, l.mastH = 0.05f, l.rbcX = 0.1f, l.rbcH = 0.03f;
    l.apoptoticX = s == Stain::Desmin ? 0.3f : 0.04f;
    if (s == Stain::Ki67) l.ki67Dab = 0.95f;
    if (s == Stain::Cd117) l.mastX = 1.0f;
    return l;
}

CellPainter::CellPainter(const Affine& tissueToSlide, Stain stain, const Texture& chromatin)
    : m_toSlide(tissueToSlide),
      m_pxPerUm(tissueToSlide.scale()),
      m_look(StainLook::of(stain)),
      m_chromatin(chromatin) {}

Ellipse CellPainter::toSlide(double x, double y, double a, double b, double angle) const {
    Ellipse e;
    m_toSlide.apply(x, y, e.cx, e.cy);
    double dx, dy;
    m_toSlide.applyLinear(std::cos(angle), std::sin(angle), dx, dy);
    double n = std::hypot(dx, dy);
    e.cs = dx / n, e.sn = dy / n;
    e.a = std::max(0.5, a * m_pxPerUm), e.b = std::max(0.5, b * m_pxPerUm);
    return e;
}

void CellPainter::clear(Canvas& cv, const Ellipse& e, float amount) const {
    const double edge = 1.2 * m_pxPerUm;
    rasterize(cv, e, 1.3, [&](size_t i, float d, int64_t, int64_t) {
        float k = amount * coverage(d, e, edge);
        cv.other[i] *= 1 - k;
        cv.hem[i] *= 1 - 0.6f * k;
    });
}

void CellPainter::clearing(Canvas& cv, const Cell& c) const {
    switch (c.kind) {
        case CellKind::Mitosis: {
            FigureShape f = figureShape(c);
            clear(cv, toSlide(c.x, c.y, f.haloA, f.haloB, c.angle), 0.72f);
            break;
        }
        case CellKind::Apoptotic:
            clear(cv, toSlide(c.x, c.y, 5.5, 5.5, 0), 0.8f);
            break;
        case CellKind::Lymphocyte:
            clear(cv, toSlide(c.x, c.y, c.length / 2 + 1, c.length / 2 + 1, 0), 0.5f);
            break;
        case CellKind::Tumour:
            if (c.crossCut) clear(cv, toSlide(c.x, c.y, c.length * 0.9, c.length * 0.9, 0), 0.35f);
            if (c.vacuole) {  // a clear vacuole capping one end of the nucleus
                double r = 1.5 + 1.0 * unitOf(c.hash), off = c.length / 2 + r * 0.5;
                double dir = (c.hash & 1) ? 1 : -1;
                clear(cv,
                      toSlide(c.x + dir * off * std::cos(c.angle), c.y + dir * off * std::sin(c.angle), r, r * 1.2,
                              c.angle),
                      0.55f);
            }
            break;
        default:
            break;
    }
}

// A nucleus of uniform outline: chromatin texture, a slightly darker rim (the nuclear membrane,
// `rim`), and nuclear DAB when it is a Ki-67 positive nucleus on the Ki-67 slide.
void CellPainter::solidNucleus(Canvas& cv, const Ellipse& e, float density, uint64_t hash, bool ki67, float rim) const {
    const int64_t ox = int64_t(hash & 255), oy = int64_t((hash >> 8) & 255);
    const bool dab = ki67 && m_look.ki67Dab > 0;
    const float h = density * m_look.nucleusH * (dab ? 0.35f : 1.0f);
    const float keep = 1 - m_look.displace, edge = float(0.35 * m_pxPerUm);
    rasterize(cv, e, 1.15, [&](size_t i, float d, int64_t px, int64_t py) {
        float cov = coverage(d, e, edge);
        float chrom = 0.45f + 1.3f / 255 * m_chromatin.at(px + ox, py + oy);
        cv.hem[i] += h * cov * chrom * (1 - rim + rim * 1.6f * d * d);
        cv.other[i] *= 1 - (1 - keep) * cov;
        if (dab) cv.other[i] += m_look.ki67Dab * cov * chrom;
    });
}

void CellPainter::figure(Canvas& cv, const Cell& c) const {
    FigureShape f = figureShape(c);
    const double cs = std::cos(c.angle), sn = std::sin(c.angle);
    const float edge = float(0.25 * m_pxPerUm), dabShare = m_look.ki67Dab > 0 ? 0.6f : 0.0f;
    const int64_t ox = int64_t(c.hash & 255), oy = int64_t((c.hash >> 8) & 255);
    for (const Blob& b : f.blobs) {
        Ellipse e = toSlide(c.x + b.ox * cs - b.oy * sn, c.y + b.ox * sn + b.oy * cs, b.a, b.b, c.angle + b.angle);
        const float h = float(b.density) * c.density * m_look.nucleusH;
        rasterize(cv, e, 1.2, [&](size_t i, float d, int64_t px, int64_t py) {
            float cov = coverage(d, e, edge);
            float chrom = 0.75f + 0.5f / 255 * m_chromatin.at(px + ox, py + oy);
            cv.hem[i] += h * cov * chrom * (1 - 0.4f * dabShare);
            cv.other[i] = cv.other[i] * (1 - m_look.displace * cov) + dabShare * cov * chrom;
        });
    }
}

void CellPainter::apoptotic(Canvas& cv, const Cell& c) const {
    Rng rng(c.hash ^ 0xA907);
    const double rb = rng.range(2.5, 4.0);
    Ellipse body = toSlide(c.x, c.y, rb, rb * rng.range(0.85, 1), rng.range(0, kPi));
    const double edge = 0.3 * m_pxPerUm;
    rasterize(cv, body, 1.2, [&](size_t i, float d, int64_t, int64_t) {
        float cov = coverage(d, body, edge);
        cv.other[i] = cv.other[i] * (1 - cov) + m_look.apoptoticX * cov;
        cv.hem[i] += 0.05f * cov;
    });
    const int fragments = 1 + int(rng.uniform() * 3);  // pyknotic, karyorrhectic nuclear debris
    for (int k = 0; k < fragments; ++k) {
        double r = rng.range(0.6, 1.4), t = rng.range(0, 2 * kPi), off = rng.range(0, 0.55) * rb;
        Ellipse e = toSlide(c.x + off * std::cos(t), c.y + off * std::sin(t), r, r, 0);
        const float h = float(rng.range(1.6, 2.0)) * m_look.nucleusH;
        rasterize(cv, e, 1.2, [&](size_t i, float d, int64_t, int64_t) { cv.hem[i] += h * coverage(d, e, edge); });
    }
}

void CellPainter::mastCell(Canvas& cv, const Cell& c) const {
    Rng rng(c.hash ^ 0x3A57);
    const double r = rng.range(5, 6.5);
    Ellipse cyto = toSlide(c.x, c.y, r, r * rng.range(0.7, 0.95), c.angle);
    const int64_t ox = int64_t(c.hash >> 16 & 255), oy = int64_t(c.hash >> 24 & 255);
    rasterize(cv, cyto, 1.1, [&](size_t i, float d, int64_t px, int64_t py) {
        float cov = coverage(d, cyto, 0.5 * m_pxPerUm);
        float granule = m_chromatin.at(px + ox, py + oy) > 150 ? 1.0f : 0.35f;
        cv.other[i] = cv.other[i] * (1 - 0.5f * cov) + m_look.mastX * cov * granule;
        cv.hem[i] += m_look.mastH * cov * granule;
    });
    solidNucleus(cv, toSlide(c.x, c.y, 2.2, 2.0, c.angle), 0.8f, c.hash, false, 0.2f);
}

void CellPainter::nucleus(Canvas& cv, const Cell& c) const {
    switch (c.kind) {
        case CellKind::Mitosis:
            figure(cv, c);
            break;
        case CellKind::Apoptotic:
            apoptotic(cv, c);
            break;
        case CellKind::MastCell:
            mastCell(cv, c);
            break;
        case CellKind::Lymphocyte:
            solidNucleus(cv, toSlide(c.x, c.y, c.length / 2, c.width / 2 * 0.95, c.angle), c.density, c.hash, false,
                         0.1f);
            break;
        case CellKind::Tumour: {
            Ellipse e = toSlide(c.x, c.y, c.length / 2, c.width / 2, c.angle);
            e.blunt = !c.crossCut;
            solidNucleus(cv, e, c.density, c.hash, c.ki67, 0.3f);
            break;
        }
    }
}

void CellPainter::vessel(Canvas& cv, const Vessel& v) const {
    Rng rng(v.hash);
    const double cs = std::cos(v.angle), sn = std::sin(v.angle);
    auto at = [&](double u, double w, double& x, double& y) { x = v.x + u * cs - w * sn, y = v.y + u * sn + w * cs; };
    // Flat endothelial nuclei along the lumen, about one per 14 µm of circumference.
    const int endothelial = int(2 * kPi * std::sqrt((v.rx * v.rx + v.ry * v.ry) / 2) / 14);
    for (int k = 0; k < endothelial; ++k) {
        double t = 2 * kPi * (k + rng.range(-0.3, 0.3)) / endothelial, x, y;
        at((v.rx + 0.8) * std::cos(t), (v.ry + 0.8) * std::sin(t), x, y);
        double tangent = v.angle + std::atan2(v.ry * std::cos(t), -v.rx * std::sin(t));
        solidNucleus(cv, toSlide(x, y, rng.range(3, 4), 0.8, tangent), float(rng.range(0.7, 0.9)), rng.next(), false,
                     0.1f);
    }
    // Red cells: biconcave discs, paler in the middle.
    const int red = int(v.rx * v.ry / 40 * rng.range(0.2, 0.8));
    for (int k = 0; k < red; ++k) {
        double rr = 0.8 * std::sqrt(rng.uniform()), t = rng.range(0, 2 * kPi), x, y;
        at(rr * v.rx * std::cos(t), rr * v.ry * std::sin(t), x, y);
        double r = rng.range(3.3, 3.8);
        Ellipse e = toSlide(x, y, r, r * rng.range(0.8, 1), rng.range(0, kPi));
        rasterize(cv, e, 1.1, [&](size_t i, float d, int64_t, int64_t) {
            float cov = coverage(d, e, 0.3 * m_pxPerUm);
            cv.other[i] += m_look.rbcX * cov * (0.7f + 0.4f * d);
            cv.hem[i] += m_look.rbcH * cov;
        });
    }
}

}  // namespace histomark::samples
