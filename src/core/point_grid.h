// SPDX-License-Identifier: MIT
#pragma once
// Point sets in µm and a uniform grid over them, for finding the points within a radius of another
// (the one-to-one matching and the readers' consensus). Internal to core.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/units.h"

namespace histomark::core {

struct PointUm {
    double x = 0, y = 0;
    bool valid = false;  // non-finite coordinates never meet anything
};

inline std::vector<PointUm> toUm(const std::vector<Level0Point>& points, double mppX, double mppY) {
    std::vector<PointUm> out(points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        const Level0Point p = points[i];
        if (std::isfinite(p.x) && std::isfinite(p.y)) out[i] = {p.x * mppX, p.y * mppY, true};
    }
    return out;
}

// Uniform grid over a point set; cell side >= radius, so every neighbour within the radius of a
// point lies in the 3 x 3 cells around the point's cell.
class PointGrid {
public:
    // Over `points`, with the origin and cells fitted to `extent` (every set that will be looked
    // up; `points` among them). Empty when no point is valid.
    PointGrid(const std::vector<PointUm>& points, double radius, std::initializer_list<const std::vector<PointUm>*> extent) {
        double maxX = -std::numeric_limits<double>::infinity(), maxY = maxX;
        m_minX = m_minY = std::numeric_limits<double>::infinity();
        for (const std::vector<PointUm>* set : extent)
            for (const PointUm& p : *set)
                if (p.valid) m_minX = std::min(m_minX, p.x), m_minY = std::min(m_minY, p.y), maxX = std::max(maxX, p.x), maxY = std::max(maxY, p.y);
        if (!(m_minX <= maxX)) return;
        // A tiny radius over a huge extent would overflow the cell indices: widen the cells then
        // (still correct, only less selective).
        m_cell = std::max({radius, (maxX - m_minX) / 1e6, (maxY - m_minY) / 1e6});
        std::vector<std::pair<int64_t, uint32_t>> keyed;
        keyed.reserve(points.size());
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].valid) keyed.emplace_back(key(cellX(points[i].x), cellY(points[i].y)), uint32_t(i));
        std::sort(keyed.begin(), keyed.end());
        m_indices.reserve(keyed.size());
        for (size_t i = 0; i < keyed.size(); ++i) {
            if (i == 0 || keyed[i].first != keyed[i - 1].first) m_cells[keyed[i].first] = {uint32_t(i), uint32_t(i)};
            m_cells[keyed[i].first].second = uint32_t(i + 1);
            m_indices.push_back(keyed[i].second);
        }
    }

    // Calls f(index) for every point of the grid in the cells around (x, y): a superset of those
    // within the radius, each once.
    template <class F>
    void forEachNear(double x, double y, F&& f) const {
        if (m_indices.empty()) return;
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
    // Cell indices stay within a few million (see the cell size above), so 32 bits each suffice.
    static int64_t key(int64_t cx, int64_t cy) { return (cx + 2) * (int64_t(1) << 32) + (cy + 2); }

    double m_minX = 0, m_minY = 0, m_cell = 1;
    std::unordered_map<int64_t, std::pair<uint32_t, uint32_t>> m_cells;  // key -> [begin, end) in m_indices
    std::vector<uint32_t> m_indices;
};

}  // namespace histomark::core
