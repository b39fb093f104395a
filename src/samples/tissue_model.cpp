// SPDX-License-Identifier: MIT
#include "samples/tissue_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "samples/noise.h"

namespace histomark::samples {
namespace {

constexpr double kPi = std::numbers::pi;

// Per-cell probabilities. Mitoses are ~6x denser in the hotspot; Ki-67 likewise.
constexpr double kMitosis = 0.0022, kMitosisHotspot = 0.014;
constexpr double kApoptotic = 0.003, kLymphocyte = 0.014, kMastCell = 0.003;
constexpr double kKi67 = 0.17, kKi67Hotspot = 0.5;
constexpr double kSecondNucleus = 0.35;

// What nucleus `u` (uniform [0,1)) draws. Mitoses and apoptotic bodies only as a cell's first
// nucleus, so two never share a grid cell; mast cells sit among longitudinal fascicles.
CellKind pickKind(double u, bool first, bool hot, bool crossCut) {
    const double p[] = {first ? (hot ? kMitosisHotspot : kMitosis) : 0, first ? kApoptotic : 0, kLymphocyte,
                        crossCut ? 0 : kMastCell};
    const CellKind kinds[] = {CellKind::Mitosis, CellKind::Apoptotic, CellKind::Lymphocyte, CellKind::MastCell};
    for (int i = 0; i < 4; ++i) {
        if (u < p[i]) return kinds[i];
        u -= p[i];
    }
    return CellKind::Tumour;
}

bool inRect(const RectUm& r, double x, double y) {
    return x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
}

}  // namespace

const char* cellKindName(CellKind k) {
    switch (k) {
        case CellKind::Tumour:
            return "tumour";
        case CellKind::Mitosis:
            return "mitosis";
        case CellKind::Lymphocyte:
            return "lymphocyte";
        case CellKind::Apoptotic:
            return "apoptotic body";
        case CellKind::MastCell:
            return "mast cell";
    }
    return "?";
}

const char* mitosisPhaseName(MitosisPhase p) {
    switch (p) {
        case MitosisPhase::Prophase:
            return "prophase";
        case MitosisPhase::Metaphase:
            return "metaphase";
        case MitosisPhase::Ring:
            return "metaphase ring";
        case MitosisPhase::Anaphase:
            return "anaphase";
        case MitosisPhase::Telophase:
            return "telophase";
    }
    return "?";
}

TissueModel::TissueModel(uint64_t seed, double widthUm, double heightUm)
    : m_seed(seed), m_width(widthUm), m_height(heightUm) {
    Rng rng(mix64(seed ^ 0x7155));
    for (auto& h : m_harmonics) h[0] = rng.range(0.02, 0.085), h[1] = rng.range(0, 2 * kPi);
    m_baseAngle = rng.range(0, kPi);
    // The hotspot: a 480 x 360 µm field well inside the tissue, off centre.
    const double hw = std::min(480.0, 0.3 * widthUm), hh = std::min(360.0, 0.3 * heightUm);
    for (int tries = 0; tries < 200; ++tries) {
        double cx = widthUm * rng.range(0.3, 0.7), cy = heightUm * rng.range(0.3, 0.7);
        m_hotspot = {cx - hw / 2, cy - hh / 2, hw, hh};
        if (tissue(m_hotspot.x, m_hotspot.y) > 0.99 && tissue(m_hotspot.x + hw, m_hotspot.y + hh) > 0.99 &&
            tissue(m_hotspot.x + hw, m_hotspot.y) > 0.99 && tissue(m_hotspot.x, m_hotspot.y + hh) > 0.99)
            break;
    }
    placeVessels();
}

void TissueModel::placeVessels() {
    Rng rng(mix64(m_seed ^ 0xBE55E1));
    const int count = 4 + int(m_width * m_height / 6e5);  // ~9 on the 2 x 1.5 mm demo
    for (int tries = 0; tries < 400 && int(m_vessels.size()) < count; ++tries) {
        Vessel v;
        v.x = rng.range(0.1, 0.9) * m_width, v.y = rng.range(0.1, 0.9) * m_height;
        double r = rng.range(12, 42);
        v.rx = r * rng.range(1.0, 1.9), v.ry = r, v.angle = rng.range(0, kPi);
        v.wall = rng.range(4, 9);
        v.hash = rng.next();
        const double reach = v.rx + v.wall + 15;  // lumen and wall wholly inside the tissue
        bool clear = !inRect(m_hotspot, v.x, v.y);
        for (int k = 0; k < 9 && clear; ++k)
            clear = tissue(v.x + (k < 8 ? reach * std::cos(k * kPi / 4) : 0),
                           v.y + (k < 8 ? reach * std::sin(k * kPi / 4) : 0)) > 0.99;
        for (const auto& o : m_vessels) clear = clear && std::hypot(o.x - v.x, o.y - v.y) > 3 * (o.rx + v.rx);
        if (clear) m_vessels.push_back(v);
    }
}

double TissueModel::tissue(double x, double y) const {
    // An ellipse at 45 % of the frame whose radius wobbles with angle, plus a fine ragged edge.
    double nx = (x - 0.5 * m_width) / (0.45 * m_width), ny = (y - 0.5 * m_height) / (0.45 * m_height);
    double r = std::sqrt(nx * nx + ny * ny), phi = std::atan2(ny, nx);
    double edge = 1.0;
    for (int k = 0; k < 6; ++k) edge += m_harmonics[k][0] * std::cos((k + 2) * phi + m_harmonics[k][1]);
    edge += 0.06 * (fbm2(m_seed ^ 0xED6E, x / 70, y / 70) - 0.5);
    return smoothstep(edge + 0.004, edge - 0.004, r);
}

double TissueModel::fascicleAngle(double x, double y) const {
    // Intersecting fascicles: patches that turn by 90 degrees, gently undulating.
    double turn = smoothstep(0.42, 0.58, valueNoise(m_seed ^ 0xFA5C, x / 260, y / 260));
    double wave = valueNoise(m_seed ^ 0x3A7E, x / 90, y / 90) - 0.5;
    return m_baseAngle + 0.5 * kPi * turn + 0.6 * wave;
}

void TissueModel::vesselFields(double x, double y, float& lumen, float& wall) const {
    for (const auto& v : m_vessels) {
        double dx = x - v.x, dy = y - v.y;
        if (std::abs(dx) > v.rx + v.wall + 4 || std::abs(dy) > v.rx + v.wall + 4) continue;
        double cs = std::cos(v.angle), sn = std::sin(v.angle);
        double u = (dx * cs + dy * sn) / v.rx, w = (-dx * sn + dy * cs) / v.ry;
        double q = std::sqrt(u * u + w * w);          // 1 on the lumen border
        double out = (q - 1) * std::min(v.rx, v.ry);  // ~µm outside the lumen
        lumen = std::max(lumen, float(smoothstep(0.5, -0.5, out)));
        wall = std::max(wall, float(smoothstep(-1, 0, out) * smoothstep(v.wall + 1, v.wall - 1, out)));
    }
}

TissueFields TissueModel::fields(double x, double y) const {
    TissueFields f;
    f.tissue = float(tissue(x, y));
    if (f.tissue <= 0) return f;
    vesselFields(x, y, f.lumen, f.wall);
    double a = fascicleAngle(x, y);
    f.cos2 = float(std::cos(2 * a)), f.sin2 = float(std::sin(2 * a));
    f.cross = float(smoothstep(0.7, 0.78, valueNoise(m_seed ^ 0xC2055, x / 180, y / 180)));
    f.density = float(0.78 + 0.44 * fbm2(m_seed ^ 0xDE25, x / 40, y / 40));
    return f;
}

// Nucleus k (0 or 1) of grid cell (i, j); false when the cell has none there (glass, lumen).
bool TissueModel::cellAt(int64_t i, int64_t j, int k, Cell& c) const {
    const uint64_t cellHash = hash3(m_seed, i, j);
    if (k == 1 && unitOf(mix64(cellHash ^ 0x5EC)) >= kSecondNucleus) return false;
    Rng rng(mix64(cellHash + uint64_t(k) * 0x51ED));
    c.hash = rng.next();
    c.x = (double(i) + rng.uniform()) * kCellUm;
    c.y = (double(j) + rng.uniform()) * kCellUm;
    if (c.x < 0 || c.y < 0 || c.x >= m_width || c.y >= m_height) return false;
    TissueFields f = fields(c.x, c.y);
    if (f.tissue < 0.5 || f.lumen > 0.05 || f.wall > 0.5) return false;
    const bool hot = inRect(m_hotspot, c.x, c.y);
    c.kind = pickKind(rng.uniform(), k == 0, hot, f.cross > 0.5);
    c.angle = float(fascicleAngle(c.x, c.y) + 0.18 * (rng.uniform() - 0.5) * 2);
    c.crossCut = f.cross > 0.5;
    const bool atypical = rng.uniform() < 0.05;  // pleomorphic, hyperchromatic nuclei
    c.length = float(atypical ? rng.range(11, 16) : rng.range(6, 12));
    c.width = float(atypical ? rng.range(3.5, 5) : rng.range(2.0, 3.2));
    if (c.crossCut) c.length = c.width = float(rng.range(3.5, 5.5));
    c.density = float(rng.range(0.8, 1.15) * (atypical ? 1.3 : 1.0));
    c.vacuole = !c.crossCut && rng.uniform() < 0.3;
    c.ki67 = rng.uniform() < (hot ? kKi67Hotspot : kKi67);
    if (c.kind == CellKind::Mitosis) {
        c.phase = MitosisPhase(int(rng.uniform() * 5));
        c.ki67 = true;  // cycling cells always express Ki-67
        c.density = float(rng.range(1.5, 2.0));
    } else if (c.kind == CellKind::Lymphocyte) {
        c.length = c.width = float(rng.range(5, 7));
        c.density = float(rng.range(1.0, 1.25));
        c.ki67 = false;
    } else if (c.kind != CellKind::Tumour) {
        c.ki67 = false;
    }
    return true;
}

std::vector<Cell> TissueModel::cellsIn(const RectUm& r) const {
    std::vector<Cell> out;
    const int64_t i0 = int64_t(std::floor(r.x / kCellUm)), i1 = int64_t(std::floor((r.x + r.width) / kCellUm));
    const int64_t j0 = int64_t(std::floor(r.y / kCellUm)), j1 = int64_t(std::floor((r.y + r.height) / kCellUm));
    for (int64_t j = std::max<int64_t>(j0, 0); j <= j1; ++j)
        for (int64_t i = std::max<int64_t>(i0, 0); i <= i1; ++i)
            for (int k = 0; k < 2; ++k) {
                Cell c;
                if (cellAt(i, j, k, c) && inRect(r, c.x, c.y)) out.push_back(c);
            }
    return out;
}

}  // namespace histomark::samples
