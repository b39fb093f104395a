// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"

namespace histomark::core {

// Guided screening: the slide walked screen by screen, as at the microscope, so a reader sees all
// the tissue once before choosing the hotspot.

// A coarse tissue mask. Cell (i, j) covers level-0 [i, i + 1) × [j, j + 1) times level0PerCell,
// from the slide's level-0 origin.
struct TissueGrid {
    int width = 0, height = 0;
    double level0PerCell = 1;
    std::vector<uint8_t> cells;  // row-major, nonzero = tissue
};

// Cuts `slideBounds` into steps of one view (`stepWidthPx` × `stepHeightPx`, level-0 px) that
// overlap by `overlap` (a fraction of a step, clamped to 0..0.5), so nothing is missed at a seam.
// The last column and row are pulled back inside the slide. Order: serpentine, row by row (left to
// right, then right to left), as a reader moves the stage.
//
// With a tissue grid only steps with tissue are kept: tissue cells cover at least 2 % of the step
// (by overlap area, so a step inside one tissue cell, with cells coarser than the view, is all
// tissue). If that leaves nothing while the grid has tissue, the steps overlapping any tissue
// are kept. A grid without tissue gives no steps (the caller may screen without one).
// Empty for a degenerate input or more than 1,000,000 steps.
std::vector<Level0Rect> planScreening(Level0Rect slideBounds, double stepWidthPx, double stepHeightPx,
                                      const TissueGrid* tissue, double overlap = 0.1);

// Where a reader is in a screening plan and which steps they have seen.
class ScreeningProgress {
public:
    explicit ScreeningProgress(size_t steps);

    std::optional<size_t> current() const { return m_current; }
    // Moves to the next step (step 0 when none is current; stays on the last) and visits it.
    size_t next();
    // Moves to the previous step (step 0 when none is current; stays on the first) and visits it.
    size_t previous();
    // Makes `step` current and marks it seen; ignored out of range.
    void visit(size_t step);
    bool visited(size_t step) const;
    size_t visitedCount() const { return m_visitedCount; }
    size_t size() const { return m_visited.size(); }
    // "37 of 120 fields"
    std::string progressText() const;

    // For saving and reopening: one byte per step, nonzero = seen.
    std::vector<uint8_t> visitedFlags() const { return m_visited; }
    // Flags beyond the plan are dropped, missing ones are unseen; an out-of-range current is none.
    void restore(const std::vector<uint8_t>& flags, std::optional<size_t> current);

private:
    std::vector<uint8_t> m_visited;
    size_t m_visitedCount = 0;
    std::optional<size_t> m_current;
};

}  // namespace histomark::core
