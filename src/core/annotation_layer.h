// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/annotation.h"

namespace histomark::core {

// Identifies a mark for the life of an open slide, from the moment it is made (its database row id
// arrives later, on the storage thread). Never reused within a layer.
using MarkKey = uint64_t;

// The marks of one slide, in memory, with a uniform-grid spatial index so that adding, removing and
// hit-testing a mark cost the same with 10 or 100,000 marks on the slide. Areas (rectangles,
// ellipses, polygons) are few and kept in a flat list; points go into grid cells.
class AnnotationLayer {
public:
    using Filter = std::function<bool(const Annotation&)>;  // empty: every mark
    using Visit = std::function<void(MarkKey, const Annotation&)>;

    explicit AnnotationLayer(double cellPx = 256);

    MarkKey newKey() { return m_nextKey++; }
    // Stores `a` under `key` (replacing what was there). Keys from newKey() or an undo.
    void put(MarkKey key, Annotation a);
    bool erase(MarkKey key);
    const Annotation* find(MarkKey key) const;
    size_t size() const { return m_marks.size(); }
    void clear();

    // The point mark nearest to `p` within `radiusPx`; otherwise the smallest area containing `p`.
    std::optional<MarkKey> hitTest(Level0Point p, double radiusPx, const Filter& filter = {}) const;
    // Every mark whose bounds meet `r`.
    void query(const Level0Rect& r, const Visit& visit, const Filter& filter = {}) const;
    // Only the areas (rectangles, ellipses, polygons) whose bounds meet `r`.
    void queryAreas(const Level0Rect& r, const Visit& visit, const Filter& filter = {}) const;
    // Point marks by grid cell (for drawing a zoomed-out slide as one dot per cell): calls `cell`
    // with the cell's box and its keys, for every non-empty cell meeting `r`.
    void forEachCell(const Level0Rect& r,
                     const std::function<void(const Level0Rect&, const std::vector<MarkKey>&)>& cell) const;
    void forEach(const Visit& visit) const;
    double cellPx() const { return m_cellPx; }

    // Point marks counted per reader and class on coarser grids (cells of 2, 4, 16 and 64 index cells),
    // kept up to date by put/erase: a zoomed-out frame costs the cells on screen, not the marks.
    struct CellCount {
        std::string reader, className;
        int count = 0;
    };
    using Summary = std::function<void(const Level0Rect&, const std::vector<CellCount>&)>;
    // Visits the non-empty cells meeting `r` of the finest summary grid whose cells are at least
    // `minCellPx` level-0 px wide (the coarsest if none is).
    void forEachSummaryCell(const Level0Rect& r, double minCellPx, const Summary& cell) const;

private:
    int64_t cellKey(Level0Point p) const;
    void index(MarkKey key, const Annotation& a);
    void unindex(MarkKey key, const Annotation& a);

    double m_cellPx;
    MarkKey m_nextKey = 1;
    std::unordered_map<MarkKey, Annotation> m_marks;
    std::unordered_map<int64_t, std::vector<MarkKey>> m_cells;  // point marks by cell
    std::vector<MarkKey> m_areas;                               // every non-point mark
    static constexpr std::array<int, 4> kSummaryFactors = {2, 4, 16, 64};
    std::array<std::unordered_map<int64_t, std::vector<CellCount>>, 4> m_summaries;
    void summarise(const Annotation& a, int delta);
};

}  // namespace histomark::core
