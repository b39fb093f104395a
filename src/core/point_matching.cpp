// SPDX-License-Identifier: MIT
#include "core/point_matching.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace histomark::core {

namespace {

struct PointUm {
    double x = 0, y = 0;
    bool valid = false;
};

std::vector<PointUm> toUm(const std::vector<Level0Point>& points, double mppX, double mppY) {
    std::vector<PointUm> out(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        const Level0Point p = points[i];
        if (std::isfinite(p.x) && std::isfinite(p.y)) out[i] = {p.x * mppX, p.y * mppY, true};
    }
    return out;
}

struct Candidate {
    double distanceSq;
    uint32_t reference, candidate;
};

// Uniform grid over the candidates; cell side >= radius, so every neighbour within the radius of
// a point lies in the 3 × 3 cells around the point's cell.
class CandidateGrid {
public:
    CandidateGrid(const std::vector<PointUm>& points, double minX, double minY, double cell)
        : m_minX(minX), m_minY(minY), m_cell(cell) {
        std::vector<std::pair<int64_t, uint32_t>> keyed;
        keyed.reserve(points.size());
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].valid) keyed.emplace_back(key(cellX(points[i].x), cellY(points[i].y)), uint32_t(i));
        std::sort(keyed.begin(), keyed.end());
        m_indices.reserve(keyed.size());
        for (size_t i = 0; i < keyed.size(); ++i) {
            if (i == 0 || keyed[i].first != keyed[i - 1].first)
                m_cells[keyed[i].first] = {uint32_t(i), uint32_t(i)};
            m_cells[keyed[i].first].second = uint32_t(i + 1);
            m_indices.push_back(keyed[i].second);
        }
    }

    template <class F>
    void forEachNear(double x, double y, F&& f) const {
        const int64_t cx = cellX(x), cy = cellY(y);
        for (int64_t dy = -1; dy <= 1; ++dy)
            for (int64_t dx = -1; dx <= 1; ++dx) {
                auto it = m_cells.find(key(cx + dx, cy + dy));
                if (it == m_cells.end()) continue;
                for (uint32_t k = it->second.first; k < it->second.second; ++k) f(m_indices[k]);
            }
    }

private:
    int64_t cellX(double x) const { return int64_t(std::floor((x - m_minX) / m_cell)); }
    int64_t cellY(double y) const { return int64_t(std::floor((y - m_minY) / m_cell)); }
    // Cell indices stay within a few million (see the cell size below), so 32 bits each suffice.
    static int64_t key(int64_t cx, int64_t cy) { return (cx + 2) * (int64_t(1) << 32) + (cy + 2); }

    double m_minX, m_minY, m_cell;
    std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> m_cells;  // key -> [begin, end) in m_indices
    std::vector<uint32_t> m_indices;
};

}  // namespace

MatchResult tally(int tp, int fp, int fn) {
    MatchResult r;
    r.tp = tp, r.fp = fp, r.fn = fn;
    r.precision = tp + fp > 0 ? double(tp) / (tp + fp) : (fn == 0 ? 1.0 : 0.0);
    r.recall = tp + fn > 0 ? double(tp) / (tp + fn) : (fp == 0 ? 1.0 : 0.0);
    const int denominator = 2 * tp + fp + fn;
    r.f1 = denominator > 0 ? 2.0 * tp / denominator : 1.0;
    return r;
}

MatchResult pool(const std::vector<MatchResult>& perSlide) {
    int tp = 0, fp = 0, fn = 0;
    for (const MatchResult& m : perSlide) tp += m.tp, fp += m.fp, fn += m.fn;
    return tally(tp, fp, fn);
}

Result<MatchResult> matchPoints(const std::vector<Level0Point>& reference, const std::vector<Level0Point>& candidates,
                                double mppX, double mppY, double radiusUm) {
    if (!std::isfinite(mppX) || !std::isfinite(mppY) || mppX <= 0 || mppY <= 0)
        return Result<MatchResult>::failure(
            "the slide's scale (\xC2\xB5m per pixel) is unknown, so a 7.5 \xC2\xB5m match radius cannot be applied");
    if (!std::isfinite(radiusUm) || radiusUm <= 0)
        return Result<MatchResult>::failure("the match radius must be a positive number of \xC2\xB5m");
    if (reference.size() >= std::numeric_limits<uint32_t>::max() ||
        candidates.size() >= std::numeric_limits<uint32_t>::max())
        return Result<MatchResult>::failure("too many points to match");

    const std::vector<PointUm> ref = toUm(reference, mppX, mppY), cand = toUm(candidates, mppX, mppY);

    std::vector<Candidate> possible;
    double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = -minX, maxY = -minX;
    for (const std::vector<PointUm>* set : {&ref, &cand})
        for (const PointUm& p : *set)
            if (p.valid) minX = std::min(minX, p.x), minY = std::min(minY, p.y), maxX = std::max(maxX, p.x),
                         maxY = std::max(maxY, p.y);
    if (minX <= maxX) {
        // A tiny radius over a huge extent would overflow the cell indices: widen the cells then
        // (still correct, only less selective).
        const double cell = std::max({radiusUm, (maxX - minX) / 1e6, (maxY - minY) / 1e6});
        const CandidateGrid grid(cand, minX, minY, cell);
        const double radiusSq = radiusUm * radiusUm;
        for (size_t i = 0; i < ref.size(); ++i) {
            if (!ref[i].valid) continue;
            grid.forEachNear(ref[i].x, ref[i].y, [&](uint32_t j) {
                const double dx = ref[i].x - cand[j].x, dy = ref[i].y - cand[j].y;
                const double d2 = dx * dx + dy * dy;
                if (d2 <= radiusSq) possible.push_back({d2, uint32_t(i), j});
            });
        }
    }
    std::sort(possible.begin(), possible.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distanceSq != b.distanceSq) return a.distanceSq < b.distanceSq;
        if (a.reference != b.reference) return a.reference < b.reference;
        return a.candidate < b.candidate;
    });

    std::vector<uint8_t> refUsed(ref.size(), 0), candUsed(cand.size(), 0);
    std::vector<std::pair<size_t, size_t>> pairs;
    for (const Candidate& c : possible) {
        if (refUsed[c.reference] || candUsed[c.candidate]) continue;
        refUsed[c.reference] = candUsed[c.candidate] = 1;
        pairs.emplace_back(c.reference, c.candidate);
    }
    std::sort(pairs.begin(), pairs.end());

    MatchResult r = tally(int(pairs.size()), int(cand.size() - pairs.size()), int(ref.size() - pairs.size()));
    r.pairs = std::move(pairs);
    for (size_t i = 0; i < ref.size(); ++i)
        if (!refUsed[i]) r.unmatchedReference.push_back(i);
    for (size_t j = 0; j < cand.size(); ++j)
        if (!candUsed[j]) r.unmatchedCandidates.push_back(j);
    return r;
}

}  // namespace histomark::core
