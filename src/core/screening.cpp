// SPDX-License-Identifier: MIT
#include "core/screening.h"

#include <algorithm>
#include <cmath>

namespace histomark::core {

namespace {

constexpr double kMinTissueFraction = 0.02;
constexpr size_t kMaxSteps = 1'000'000;

// Step origins along one axis: stride = step × (1 − overlap), the last pulled back to end at the
// far edge so no step hangs off the slide.
std::vector<double> stepStarts(double start, double length, double step, double stride) {
    std::vector<double> starts{start};
    if (length <= step) return starts;
    const auto n = size_t(std::ceil((length - step) / stride - 1e-9));
    for (size_t k = 1; k <= n; ++k) starts.push_back(std::min(start + double(k) * stride, start + length - step));
    return starts;
}

struct CellRange {
    int i0, i1, j0, j1;  // inclusive; empty when i0 > i1 or j0 > j1
};

// Grid cells whose area overlaps `r`.
CellRange overlapping(const TissueGrid& g, const Level0Rect& r) {
    const double s = g.level0PerCell;
    const auto clampX = [&](double v) { return int(std::clamp(v, -1.0, double(g.width))); };
    const auto clampY = [&](double v) { return int(std::clamp(v, -1.0, double(g.height))); };
    return {std::max(0, clampX(std::floor(r.x / s))), std::min(g.width - 1, clampX(std::ceil(r.right() / s) - 1)),
            std::max(0, clampY(std::floor(r.y / s))), std::min(g.height - 1, clampY(std::ceil(r.bottom() / s) - 1))};
}

bool tissueAt(const TissueGrid& g, int i, int j) { return g.cells[size_t(j) * size_t(g.width) + size_t(i)] != 0; }

bool anyTissue(const TissueGrid& g, const CellRange& c) {
    for (int j = c.j0; j <= c.j1; ++j)
        for (int i = c.i0; i <= c.i1; ++i)
            if (tissueAt(g, i, j)) return true;
    return false;
}

// Tissue share of the step by overlap area, so a step inside one tissue cell (cells coarser than
// the view) is all tissue and a sliver of a cell counts for its sliver.
bool hasEnoughTissue(const TissueGrid& g, const Level0Rect& step) {
    const CellRange c = overlapping(g, step);
    const double s = g.level0PerCell;
    double tissueArea = 0;
    for (int j = c.j0; j <= c.j1; ++j)
        for (int i = c.i0; i <= c.i1; ++i) {
            if (!tissueAt(g, i, j)) continue;
            const double w = std::min(step.right(), (i + 1) * s) - std::max(step.x, i * s);
            const double h = std::min(step.bottom(), (j + 1) * s) - std::max(step.y, j * s);
            if (w > 0 && h > 0) tissueArea += w * h;
        }
    return tissueArea > 0 && tissueArea >= kMinTissueFraction * step.width * step.height;
}

bool validGrid(const TissueGrid& g) {
    return g.width > 0 && g.height > 0 && std::isfinite(g.level0PerCell) && g.level0PerCell > 0 &&
           g.cells.size() == size_t(g.width) * size_t(g.height);
}

}  // namespace

std::vector<Level0Rect> planScreening(Level0Rect slideBounds, double stepWidthPx, double stepHeightPx,
                                      const TissueGrid* tissue, double overlap) {
    const Level0Rect& b = slideBounds;
    if (!std::isfinite(stepWidthPx) || !std::isfinite(stepHeightPx) || stepWidthPx <= 0 || stepHeightPx <= 0 ||
        !std::isfinite(b.x) || !std::isfinite(b.y) || !std::isfinite(b.width) || !std::isfinite(b.height) ||
        b.width <= 0 || b.height <= 0)
        return {};
    overlap = std::isfinite(overlap) ? std::clamp(overlap, 0.0, 0.5) : 0.1;

    const double strideX = stepWidthPx * (1 - overlap), strideY = stepHeightPx * (1 - overlap);
    const double columnsEstimate = std::ceil(b.width / strideX) + 1, rowsEstimate = std::ceil(b.height / strideY) + 1;
    if (columnsEstimate * rowsEstimate > double(kMaxSteps)) return {};
    const std::vector<double> xs = stepStarts(b.x, b.width, stepWidthPx, strideX);
    const std::vector<double> ys = stepStarts(b.y, b.height, stepHeightPx, strideY);

    std::vector<Level0Rect> all;
    all.reserve(xs.size() * ys.size());
    for (size_t row = 0; row < ys.size(); ++row)
        for (size_t k = 0; k < xs.size(); ++k) {
            const size_t column = row % 2 == 0 ? k : xs.size() - 1 - k;
            all.push_back({xs[column], ys[row], stepWidthPx, stepHeightPx});
        }
    if (!tissue) return all;
    if (!validGrid(*tissue) || std::none_of(tissue->cells.begin(), tissue->cells.end(), [](uint8_t v) { return v; }))
        return {};

    std::vector<Level0Rect> kept;
    for (const Level0Rect& step : all)
        if (hasEnoughTissue(*tissue, step)) kept.push_back(step);
    if (kept.empty())
        for (const Level0Rect& step : all)
            if (anyTissue(*tissue, overlapping(*tissue, step))) kept.push_back(step);
    return kept;
}

ScreeningProgress::ScreeningProgress(size_t steps) : m_visited(steps, 0) {}

size_t ScreeningProgress::next() {
    if (m_visited.empty()) return 0;
    visit(m_current ? std::min(*m_current + 1, m_visited.size() - 1) : 0);
    return *m_current;
}

size_t ScreeningProgress::previous() {
    if (m_visited.empty()) return 0;
    visit(m_current && *m_current > 0 ? *m_current - 1 : 0);
    return *m_current;
}

void ScreeningProgress::visit(size_t step) {
    if (step >= m_visited.size()) return;
    m_current = step;
    if (!m_visited[step]) m_visited[step] = 1, ++m_visitedCount;
}

bool ScreeningProgress::visited(size_t step) const { return step < m_visited.size() && m_visited[step]; }

std::string ScreeningProgress::progressText() const {
    return std::to_string(m_visitedCount) + " of " + std::to_string(m_visited.size()) +
           (m_visited.size() == 1 ? " field" : " fields");
}

void ScreeningProgress::restore(const std::vector<uint8_t>& flags, std::optional<size_t> current) {
    m_visitedCount = 0;
    for (size_t i = 0; i < m_visited.size(); ++i) {
        m_visited[i] = i < flags.size() && flags[i] ? 1 : 0;
        m_visitedCount += m_visited[i];
    }
    m_current = current && *current < m_visited.size() ? current : std::nullopt;
}

}  // namespace histomark::core
