// SPDX-License-Identifier: MIT
#include "analysis/point_pair_fit.h"

#include <cmath>
#include <string>

namespace histomark::analysis {
namespace {

using R = core::Result<PointPairFit>;

struct Centred {
    core::Level0Point mean;
    std::vector<core::Level0Point> d;  // points minus mean
    double spread = 0;                 // RMS distance from the mean
};

Centred centre(const std::vector<core::Level0Point>& p) {
    Centred c;
    for (const auto& q : p) c.mean.x += q.x / double(p.size()), c.mean.y += q.y / double(p.size());
    for (const auto& q : p) {
        c.d.push_back({q.x - c.mean.x, q.y - c.mean.y});
        c.spread += (c.d.back().x * c.d.back().x + c.d.back().y * c.d.back().y) / double(p.size());
    }
    c.spread = std::sqrt(c.spread);
    return c;
}

PointPairFit withResiduals(const core::Affine& t, const std::vector<core::Level0Point>& moving,
                           const std::vector<core::Level0Point>& fixed) {
    PointPairFit f{t, 0, {}};
    for (size_t i = 0; i < moving.size(); ++i) {
        f.residualsPx.push_back(core::distance(t.apply(moving[i]), fixed[i]));
        f.rmsPx += f.residualsPx.back() * f.residualsPx.back();
    }
    f.rmsPx = std::sqrt(f.rmsPx / double(moving.size()));
    return f;
}

// True when the points lie (within 1 % of their extent) on one line: the ratio of the smaller to
// the larger principal variance, from the 2x2 scatter matrix.
bool collinear(const Centred& c) {
    double sxx = 0, sxy = 0, syy = 0;
    for (const auto& p : c.d) sxx += p.x * p.x, sxy += p.x * p.y, syy += p.y * p.y;
    const double tr = sxx + syy, det = sxx * syy - sxy * sxy;
    return tr <= 0 || det <= 1e-4 * tr * tr;
}

// Affine by the normal equations on centred points: the 2x2 part solves
// [Sxx Sxy; Sxy Syy] [a c; b d] = [Sxu Sxv; Syu Syv], the shift follows from the means.
R fitAffine(const Centred& m, const Centred& f, const std::vector<core::Level0Point>& moving,
            const std::vector<core::Level0Point>& fixed) {
    double sxx = 0, sxy = 0, syy = 0, sxu = 0, sxv = 0, syu = 0, syv = 0;
    for (size_t i = 0; i < m.d.size(); ++i) {
        const double x = m.d[i].x, y = m.d[i].y, u = f.d[i].x, v = f.d[i].y;
        sxx += x * x, sxy += x * y, syy += y * y, sxu += x * u, sxv += x * v, syu += y * u, syv += y * v;
    }
    if (collinear(m) || collinear(f))
        return R::failure(std::string("the ") + (collinear(m) ? "moving" : "fixed") +
                          " points lie on one line: an affine fit needs 3 points that form a triangle");
    const double det = sxx * syy - sxy * sxy;
    core::Affine t;
    t.a = (syy * sxu - sxy * syu) / det;
    t.b = (sxx * syu - sxy * sxu) / det;
    t.c = (syy * sxv - sxy * syv) / det;
    t.d = (sxx * syv - sxy * sxv) / det;
    t.tx = f.mean.x - (t.a * m.mean.x + t.b * m.mean.y);
    t.ty = f.mean.y - (t.c * m.mean.x + t.d * m.mean.y);
    return withResiduals(t, moving, fixed);
}

// Umeyama's closed form for a similarity; `mirror` fits one composed with a reflection.
core::Affine fitSimilarity(const Centred& m, const Centred& f, bool mirror) {
    double sa = 0, sb = 0;  // sums of dot and cross products of centred pairs
    for (size_t i = 0; i < m.d.size(); ++i) {
        const double x = m.d[i].x, y = mirror ? -m.d[i].y : m.d[i].y;
        sa += x * f.d[i].x + y * f.d[i].y;
        sb += x * f.d[i].y - y * f.d[i].x;
    }
    const double norm = m.spread * m.spread * double(m.d.size());
    const double s = std::hypot(sa, sb) / norm, th = std::atan2(sb, sa);
    core::Affine t{s * std::cos(th), -s * std::sin(th), 0, s * std::sin(th), s * std::cos(th), 0};
    if (mirror) t.b = -t.b, t.d = -t.d;  // x' = R S diag(1, -1) x
    t.tx = f.mean.x - (t.a * m.mean.x + t.b * m.mean.y);
    t.ty = f.mean.y - (t.c * m.mean.x + t.d * m.mean.y);
    return t;
}

}  // namespace

core::Result<PointPairFit> fitPointPairs(const std::vector<core::Level0Point>& moving,
                                         const std::vector<core::Level0Point>& fixed, bool affine) {
    if (moving.size() != fixed.size())
        return R::failure("point pairs do not match: " + std::to_string(moving.size()) + " moving and " +
                          std::to_string(fixed.size()) + " fixed points");
    const size_t need = affine ? 3 : 2;
    if (moving.size() < need)
        return R::failure("at least " + std::to_string(need) + " point pairs are needed for " +
                          (affine ? "an affine" : "a similarity") + " fit (got " + std::to_string(moving.size()) + ")");
    for (size_t i = 0; i < moving.size(); ++i)
        if (!std::isfinite(moving[i].x) || !std::isfinite(moving[i].y) || !std::isfinite(fixed[i].x) || !std::isfinite(fixed[i].y))
            return R::failure("point pair " + std::to_string(i + 1) + " is not a finite position");
    const Centred m = centre(moving), f = centre(fixed);
    if (m.spread <= 1e-9 || f.spread <= 1e-9) return R::failure("the points of one slide all coincide");
    if (affine) return fitAffine(m, f, moving, fixed);
    PointPairFit best = withResiduals(fitSimilarity(m, f, false), moving, fixed);
    if (moving.size() >= 3) {  // two pairs fit a mirrored similarity just as well: keep it proper
        PointPairFit mirrored = withResiduals(fitSimilarity(m, f, true), moving, fixed);
        if (mirrored.rmsPx < best.rmsPx * 0.999) best = std::move(mirrored);
    }
    return best;
}

}  // namespace histomark::analysis
