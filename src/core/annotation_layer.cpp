// SPDX-License-Identifier: MIT
#include "core/annotation_layer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace histomark::core {
namespace {

int32_t cellIndex(double v, double cell) {
    const double c = std::floor(v / cell);
    return int32_t(std::clamp(c, -2e9, 2e9));
}

int64_t packCell(int32_t cx, int32_t cy) { return (int64_t(cx) << 32) | int64_t(uint32_t(cy)); }

bool isPoint(const Annotation& a) { return a.kind == ShapeKind::Point && !a.points.empty(); }

void eraseKey(std::vector<MarkKey>& keys, MarkKey key) {
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) return;
    *it = keys.back();
    keys.pop_back();
}

}  // namespace

AnnotationLayer::AnnotationLayer(double cellPx) : m_cellPx(cellPx > 0 ? cellPx : 256) {}

int64_t AnnotationLayer::cellKey(Level0Point p) const {
    return packCell(cellIndex(p.x, m_cellPx), cellIndex(p.y, m_cellPx));
}

void AnnotationLayer::index(MarkKey key, const Annotation& a) {
    if (isPoint(a)) {
        m_cells[cellKey(a.points[0])].push_back(key);
        summarise(a, +1);
    } else {
        m_areas.push_back(key);
    }
}

void AnnotationLayer::summarise(const Annotation& a, int delta) {
    for (size_t level = 0; level < kSummaryFactors.size(); ++level) {
        const double cell = m_cellPx * kSummaryFactors[level];
        const int64_t key = packCell(cellIndex(a.points[0].x, cell), cellIndex(a.points[0].y, cell));
        auto& counts = m_summaries[level][key];
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const CellCount& c) { return c.className == a.className && c.reader == a.reader; });
        if (it == counts.end()) it = counts.insert(counts.end(), CellCount{a.reader, a.className, 0});
        it->count += delta;
        if (it->count <= 0) counts.erase(it);
        if (counts.empty()) m_summaries[level].erase(key);
    }
}

void AnnotationLayer::unindex(MarkKey key, const Annotation& a) {
    if (!isPoint(a)) return eraseKey(m_areas, key);
    summarise(a, -1);
    auto it = m_cells.find(cellKey(a.points[0]));
    if (it == m_cells.end()) return;
    eraseKey(it->second, key);
    if (it->second.empty()) m_cells.erase(it);
}

void AnnotationLayer::put(MarkKey key, Annotation a) {
    if (auto it = m_marks.find(key); it != m_marks.end()) {
        unindex(key, it->second);
        it->second = std::move(a);
        index(key, it->second);
    } else {
        index(key, a);
        m_marks.emplace(key, std::move(a));
    }
    m_nextKey = std::max(m_nextKey, key + 1);
}

bool AnnotationLayer::erase(MarkKey key) {
    auto it = m_marks.find(key);
    if (it == m_marks.end()) return false;
    unindex(key, it->second);
    m_marks.erase(it);
    return true;
}

const Annotation* AnnotationLayer::find(MarkKey key) const {
    auto it = m_marks.find(key);
    return it == m_marks.end() ? nullptr : &it->second;
}

void AnnotationLayer::clear() {
    m_marks.clear();
    m_cells.clear();
    m_areas.clear();
    for (auto& level : m_summaries) level.clear();
}

std::optional<MarkKey> AnnotationLayer::hitTest(Level0Point p, double radiusPx, const Filter& filter) const {
    std::optional<MarkKey> best;
    double bestDist = std::numeric_limits<double>::infinity();
    const int32_t x0 = cellIndex(p.x - radiusPx, m_cellPx), x1 = cellIndex(p.x + radiusPx, m_cellPx);
    const int32_t y0 = cellIndex(p.y - radiusPx, m_cellPx), y1 = cellIndex(p.y + radiusPx, m_cellPx);
    // A radius far larger than a cell would visit many empty cells: bound the work by the marks.
    if (int64_t(x1 - x0 + 1) * (y1 - y0 + 1) <= int64_t(m_cells.size())) {
        for (int32_t cy = y0; cy <= y1; ++cy)
            for (int32_t cx = x0; cx <= x1; ++cx) {
                auto it = m_cells.find(packCell(cx, cy));
                if (it == m_cells.end()) continue;
                for (MarkKey k : it->second) {
                    const Annotation& a = m_marks.at(k);
                    const double d = distance(a.points[0], p);
                    if (d <= radiusPx && (d < bestDist || (d == bestDist && k > *best)) && (!filter || filter(a)))
                        best = k, bestDist = d;
                }
            }
    } else {
        for (const auto& [cell, keys] : m_cells)
            for (MarkKey k : keys) {
                const Annotation& a = m_marks.at(k);
                const double d = distance(a.points[0], p);
                if (d <= radiusPx && (d < bestDist || (d == bestDist && k > *best)) && (!filter || filter(a)))
                    best = k, bestDist = d;
            }
    }
    if (best) return best;
    // No point near: the smallest area under the cursor (a field inside a tumour region wins).
    double bestArea = std::numeric_limits<double>::infinity();
    for (MarkKey k : m_areas) {
        const Annotation& a = m_marks.at(k);
        if (!a.contains(p) || (filter && !filter(a))) continue;
        const double area = a.areaPx();
        if (area < bestArea) best = k, bestArea = area;
    }
    return best;
}

void AnnotationLayer::query(const Level0Rect& r, const Visit& visit, const Filter& filter) const {
    forEachCell(r, [&](const Level0Rect&, const std::vector<MarkKey>& keys) {
        for (MarkKey k : keys) {
            const Annotation& a = m_marks.at(k);
            const Level0Point p = a.points[0];
            if (p.x >= r.x && p.x <= r.right() && p.y >= r.y && p.y <= r.bottom() && (!filter || filter(a))) visit(k, a);
        }
    });
    queryAreas(r, visit, filter);
}

void AnnotationLayer::queryAreas(const Level0Rect& r, const Visit& visit, const Filter& filter) const {
    for (MarkKey k : m_areas) {
        const Annotation& a = m_marks.at(k);
        const Level0Rect b = a.bounds();
        const bool meets = b.x <= r.right() && r.x <= b.right() && b.y <= r.bottom() && r.y <= b.bottom();
        if (meets && (!filter || filter(a))) visit(k, a);
    }
}

void AnnotationLayer::forEachCell(const Level0Rect& r,
                                  const std::function<void(const Level0Rect&, const std::vector<MarkKey>&)>& cell) const {
    const int32_t x0 = cellIndex(r.x, m_cellPx), x1 = cellIndex(r.right(), m_cellPx);
    const int32_t y0 = cellIndex(r.y, m_cellPx), y1 = cellIndex(r.bottom(), m_cellPx);
    auto boxOf = [this](int32_t cx, int32_t cy) {
        return Level0Rect{cx * m_cellPx, cy * m_cellPx, m_cellPx, m_cellPx};
    };
    if (int64_t(x1 - x0 + 1) * (y1 - y0 + 1) <= int64_t(m_cells.size())) {
        for (int32_t cy = y0; cy <= y1; ++cy)
            for (int32_t cx = x0; cx <= x1; ++cx)
                if (auto it = m_cells.find(packCell(cx, cy)); it != m_cells.end()) cell(boxOf(cx, cy), it->second);
        return;
    }
    // The rectangle spans more cells than hold marks: walk the occupied cells instead.
    for (const auto& [packed, keys] : m_cells) {
        const int32_t cx = int32_t(packed >> 32), cy = int32_t(uint32_t(packed & 0xffffffffu));
        if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) cell(boxOf(cx, cy), keys);
    }
}

void AnnotationLayer::forEachSummaryCell(const Level0Rect& r, double minCellPx, const Summary& visit) const {
    size_t level = 0;
    while (level + 1 < kSummaryFactors.size() && m_cellPx * kSummaryFactors[level] < minCellPx) ++level;
    const double cell = m_cellPx * kSummaryFactors[level];
    const auto& cells = m_summaries[level];
    const int32_t x0 = cellIndex(r.x, cell), x1 = cellIndex(r.right(), cell);
    const int32_t y0 = cellIndex(r.y, cell), y1 = cellIndex(r.bottom(), cell);
    auto boxOf = [cell](int32_t cx, int32_t cy) { return Level0Rect{cx * cell, cy * cell, cell, cell}; };
    if (int64_t(x1 - x0 + 1) * (y1 - y0 + 1) <= int64_t(cells.size())) {
        for (int32_t cy = y0; cy <= y1; ++cy)
            for (int32_t cx = x0; cx <= x1; ++cx)
                if (auto it = cells.find(packCell(cx, cy)); it != cells.end()) visit(boxOf(cx, cy), it->second);
        return;
    }
    for (const auto& [packed, counts] : cells) {
        const int32_t cx = int32_t(packed >> 32), cy = int32_t(uint32_t(packed & 0xffffffffu));
        if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) visit(boxOf(cx, cy), counts);
    }
}

void AnnotationLayer::forEach(const Visit& visit) const {
    for (const auto& [k, a] : m_marks) visit(k, a);
}

}  // namespace histomark::core
