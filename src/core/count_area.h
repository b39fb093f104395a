// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/hpf.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::core {

// Where mitoses are counted: consecutive non-overlapping high-power fields in the hotspot
// (DOMAIN §2), or a drawn region measured in mm².

// A field the reader may switch off (not looked at) or exclude (necrosis, ulcer, normal tissue;
// the reason is kept).
enum class FieldState { Counted, Off, Excluded };

// Fields laid edge to edge from `origin`: 4:3 rectangles tile; circles sit on a square lattice of
// pitch = diameter (touching). For a one-rectangle preset (MIDOG 2.37 mm²) a cell is the whole
// 10-HPF rectangle and the grid is normally 1 × 1. Field i is at column i % columns, row
// i / columns.
struct FieldGrid {
    Level0Point origin;  // top-left, level-0 px
    int columns = 5, rows = 2;
    std::vector<FieldState> states;             // row-major, size columns * rows
    std::vector<std::string> exclusionReasons;  // row-major beside `states` ("" when none); may be empty
};

struct CountArea {
    enum class Kind { Fields, Region };
    Kind kind = Kind::Fields;
    FieldGrid grid;     // Kind::Fields
    Annotation region;  // Kind::Region: a rectangle, ellipse, polygon or freehand shape
};

// The level-0 size of one grid cell for a preset: one field, or the whole 10-HPF rectangle of a
// one-rectangle preset.
Result<FieldSizePx> gridCellSizePx(const HpfPreset& preset, double mppX, double mppY);

// A grid of `columns` × `rows` (at least 1 × 1) counted fields whose centre is `centre`.
FieldGrid centredGrid(Level0Point centre, FieldSizePx size, int columns, int rows);

// Each field's box (a circle's bounding square) in row-major order. Box edges are origin + k × size,
// so neighbouring boxes touch.
std::vector<Level0Rect> fieldBoxes(const FieldGrid& grid, FieldSizePx size);

// Whether `p` lies in the field drawn in `box`: inside the box, or inside the circle (an ellipse in
// px when mpp x ≠ y) inscribed in it. Edges count as inside (a circle's with a 1e-9 relative
// tolerance, so the touching point of two round fields is in one of them).
bool fieldContains(FieldShape shape, const Level0Rect& box, Level0Point p);

// The first field (row-major) containing `p`, whatever its state, or -1: for clicking fields on
// and off. O(1).
int fieldAt(const FieldGrid& grid, FieldSizePx size, FieldShape shape, Level0Point p);

struct CountResult {
    int count = 0;             // marks inside the counted area
    double examinedMm2 = 0;    // area looked at
    int fieldsCounted = 0;     // Counted grid cells (a cell of a one-rectangle preset is 10 HPF); 0 for a region
    bool wholeFields = false;  // examined area is whole cells of the preset
    double per10Hpf = 0;       // per the preset's reference area; exact (count × 10 / fields) for whole fields
    double perMm2 = 0;
    double fnclccPer10Hpf = 0; // per 10 × 0.1734 mm², the area the FNCLCC table is defined on
    int mitoticScore = 1;      // FNCLCC mitotic score of fnclccPer10Hpf
    std::vector<int> fieldTally;  // per grid cell, row-major; -1 for Off/Excluded; empty for a region
    std::vector<size_t> counted;  // indices of the marks counted, ascending (a quiz matches only these)
    std::string presetLabel;      // the preset the figures were computed with
    int fieldsOffSlide = 0;       // counted fields wholly off the slide: no area examined there
    int fieldsPartlyOff = 0;      // counted fields partly off it: only their part on the slide is area
    std::string note;             // says so, for the reader ("" when every field is on the slide)
};

// Counts the mitoses (level-0 points) in the area. A mark counts when it lies in a Counted field
// (inside the circle for round fields, the box for rectangles) or inside the region. A mark on the
// shared edge of two counted fields counts once, in the first of them in row-major order.
//
// Examined area: counted cells × the preset's area (exact, never from rounded pixel sizes), or the
// region's measured area (px² × mppX × mppY).
//
// Score basis: the FNCLCC table (0–9, 10–19, ≥ 20 per 10 HPF) is defined on 10 fields of
// 0.1734 mm². With the FNCLCC preset (or any preset whose reference area is 1.734 mm²) the score
// uses per10Hpf directly; with any other preset it uses the count normalised to 1.734 mm²
// (fnclccPer10Hpf), so 12 mitoses in 10 FN 22 fields (2.376 mm²) are 8.76 per FNCLCC 10 HPF →
// score 1, not 12 → score 2. Counting on larger fields and scoring the raw figure would over-grade.
//
// With the slide's bounds (`slide`, level-0 px; empty = unknown), a counted field reaching past the
// slide's edge adds only its part on the slide to the examined area (glass beyond the edge was not
// looked at: a 10 x 10 grid on a 3 mm² slide claimed 17 mm²), and `note` says so; the figures are
// then per that area.
//
// Errors: unknown scale, a grid whose state list does not match its size, no counted field, every
// counted field off the slide, a region that is not an area or has no area.
Result<CountResult> countMitoses(const CountArea& area, const HpfPreset& preset, double mppX, double mppY,
                                 const std::vector<Level0Point>& mitoses, const Level0Rect& slide = {});

// The share (0..1) of a field drawn in `box` (a circle's or a rectangle's) that lies inside `slide`.
double shareOnSlide(FieldShape shape, const Level0Rect& box, const Level0Rect& slide);

}  // namespace histomark::core
