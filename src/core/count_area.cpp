// SPDX-License-Identifier: MIT
#include "core/count_area.h"

#include <cstdio>

#include <algorithm>
#include <cmath>

#include "core/fnclcc.h"

namespace histomark::core {

namespace {

// Relative slack on a circle's boundary: the touching point of two round fields must not fall
// out of both through rounding.
constexpr double kCircleEdgeTolerance = 1e-9;

// Field edges are origin + k × size, computed the same way for both neighbours, so a point on a
// shared edge is inside both (and the first in row-major order takes it).
struct FieldEdges {
    double x0, x1, y0, y1;
};

FieldEdges edgesOf(const FieldGrid& grid, FieldSizePx size, int column, int row) {
    return {grid.origin.x + column * size.width, grid.origin.x + (column + 1) * size.width,
            grid.origin.y + row * size.height, grid.origin.y + (row + 1) * size.height};
}

bool inside(FieldShape shape, const FieldEdges& e, Level0Point p) {
    if (p.x < e.x0 || p.x > e.x1 || p.y < e.y0 || p.y > e.y1) return false;
    if (shape == FieldShape::Rect4x3) return true;
    const double rx = (e.x1 - e.x0) / 2, ry = (e.y1 - e.y0) / 2;
    if (rx <= 0 || ry <= 0) return false;
    const double dx = (p.x - (e.x0 + rx)) / rx, dy = (p.y - (e.y0 + ry)) / ry;
    return dx * dx + dy * dy <= 1 + kCircleEdgeTolerance;
}

bool usable(FieldSizePx s) { return std::isfinite(s.width) && std::isfinite(s.height) && s.width > 0 && s.height > 0; }

// The first field in row-major order that contains `p` and passes `accept`, or -1. Only the 3 × 3
// fields around the one `p` falls in by division can hold it (the division may round across an
// edge), so this is O(1).
template <class Accept>
int firstFieldAt(const FieldGrid& grid, FieldSizePx size, FieldShape shape, Level0Point p, Accept&& accept) {
    if (!usable(size) || grid.columns <= 0 || grid.rows <= 0 || !std::isfinite(p.x) || !std::isfinite(p.y)) return -1;
    const double fc = std::floor((p.x - grid.origin.x) / size.width);
    const double fr = std::floor((p.y - grid.origin.y) / size.height);
    if (fc < -1 || fr < -1 || fc > grid.columns || fr > grid.rows) return -1;
    const int c = int(fc), r = int(fr);
    for (int row = std::max(0, r - 1); row <= std::min(grid.rows - 1, r + 1); ++row)
        for (int column = std::max(0, c - 1); column <= std::min(grid.columns - 1, c + 1); ++column) {
            const int index = row * grid.columns + column;
            if (accept(index) && inside(shape, edgesOf(grid, size, column, row), p)) return index;
        }
    return -1;
}

bool scaleKnown(double mppX, double mppY) {
    return std::isfinite(mppX) && std::isfinite(mppY) && mppX > 0 && mppY > 0;
}

// Mitoses per the FNCLCC 10 HPF, from the figure per the preset's reference area when that area
// is FNCLCC's (keeps the exact whole-field figure), else from the examined area.
double fnclccFigure(int count, double examinedMm2, double per10Hpf, const HpfPreset& preset) {
    if (std::abs(preset.referenceAreaMm2 - kFnclccTenFieldsMm2) < 1e-9) return per10Hpf;
    return count / examinedMm2 * kFnclccTenFieldsMm2;
}

}  // namespace

Result<FieldSizePx> gridCellSizePx(const HpfPreset& preset, double mppX, double mppY) {
    return fieldSizePx(preset, mppX, mppY, preset.oneRectangle);
}

FieldGrid centredGrid(Level0Point centre, FieldSizePx size, int columns, int rows) {
    FieldGrid g;
    g.columns = std::max(1, columns), g.rows = std::max(1, rows);
    g.origin = {centre.x - g.columns * size.width / 2, centre.y - g.rows * size.height / 2};
    g.states.assign(size_t(g.columns) * size_t(g.rows), FieldState::Counted);
    g.exclusionReasons.assign(g.states.size(), std::string());
    return g;
}

std::vector<Level0Rect> fieldBoxes(const FieldGrid& grid, FieldSizePx size) {
    std::vector<Level0Rect> boxes;
    if (grid.columns <= 0 || grid.rows <= 0) return boxes;
    boxes.reserve(size_t(grid.columns) * size_t(grid.rows));
    for (int row = 0; row < grid.rows; ++row)
        for (int column = 0; column < grid.columns; ++column) {
            const FieldEdges e = edgesOf(grid, size, column, row);
            boxes.push_back({e.x0, e.y0, e.x1 - e.x0, e.y1 - e.y0});
        }
    return boxes;
}

bool fieldContains(FieldShape shape, const Level0Rect& box, Level0Point p) {
    return inside(shape, {box.x, box.right(), box.y, box.bottom()}, p);
}

int fieldAt(const FieldGrid& grid, FieldSizePx size, FieldShape shape, Level0Point p) {
    return firstFieldAt(grid, size, shape, p, [](int) { return true; });
}

double shareOnSlide(FieldShape shape, const Level0Rect& box, const Level0Rect& slide) {
    const Level0Rect on = box.intersection(slide);
    if (on.width <= 0 || on.height <= 0) return 0;
    if (on.width >= box.width && on.height >= box.height) return 1;
    if (shape != FieldShape::Circle) return on.width * on.height / (box.width * box.height);
    // A circle cut by the edge: sampled on a 256 x 256 lattice over its box (0.3 % at worst).
    constexpr int kSteps = 256;
    int inside = 0, onSlide = 0;
    for (int j = 0; j < kSteps; ++j)
        for (int i = 0; i < kSteps; ++i) {
            const double u = (i + 0.5) / kSteps * 2 - 1, v = (j + 0.5) / kSteps * 2 - 1;
            if (u * u + v * v > 1) continue;
            ++inside;
            onSlide += on.contains({box.x + (u + 1) / 2 * box.width, box.y + (v + 1) / 2 * box.height});
        }
    return inside > 0 ? double(onSlide) / inside : 0;
}

Result<CountResult> countMitoses(const CountArea& area, const HpfPreset& preset, double mppX, double mppY,
                                 const std::vector<Level0Point>& mitoses, const Level0Rect& slide) {
    if (!scaleKnown(mppX, mppY))
        return Result<CountResult>::failure(
            "the slide's scale (\xC2\xB5m per pixel) is unknown: set it in Slide > Set scale before counting per area");
    if (!(preset.fieldAreaMm2 > 0) || !(preset.referenceAreaMm2 > 0))
        return Result<CountResult>::failure("the high-power field preset has no area");

    CountResult r;
    r.presetLabel = preset.label;

    if (area.kind == CountArea::Kind::Region) {
        const Annotation& region = area.region;
        if (region.kind == ShapeKind::Point)
            return Result<CountResult>::failure(
                "the count region must be an area (rectangle, ellipse, polygon or freehand)");
        if (auto problem = geometryProblem(region))
            return Result<CountResult>::failure("the count region: " + *problem);
        const double areaPx = region.areaPx();
        if (!(areaPx > 0)) return Result<CountResult>::failure("the count region has no area");
        for (size_t i = 0; i < mitoses.size(); ++i)
            if (region.contains(mitoses[i])) ++r.count, r.counted.push_back(i);
        r.examinedMm2 = areaPx * mppX * mppY / 1e6;
        r.per10Hpf = perReferenceArea(r.count, r.examinedMm2, preset);
    } else {
        const FieldGrid& grid = area.grid;
        if (grid.columns <= 0 || grid.rows <= 0 || grid.states.size() != size_t(grid.columns) * size_t(grid.rows))
            return Result<CountResult>::failure("the field grid is inconsistent (its states do not match its size)");
        auto size = gridCellSizePx(preset, mppX, mppY);
        if (!size) return Result<CountResult>::failure(size.error());

        r.fieldTally.resize(grid.states.size(), -1);
        for (size_t i = 0; i < grid.states.size(); ++i)
            if (grid.states[i] == FieldState::Counted) r.fieldTally[i] = 0, ++r.fieldsCounted;
        if (r.fieldsCounted == 0)
            return Result<CountResult>::failure("no field is counted: switch at least one field on");

        const auto counted = [&](int i) { return grid.states[size_t(i)] == FieldState::Counted; };
        for (size_t i = 0; i < mitoses.size(); ++i) {
            const int field = firstFieldAt(grid, *size, preset.shape, mitoses[i], counted);
            if (field >= 0) ++r.fieldTally[size_t(field)], ++r.count, r.counted.push_back(i);
        }

        const double cellMm2 = preset.oneRectangle ? preset.referenceAreaMm2 : preset.fieldAreaMm2;
        r.examinedMm2 = r.fieldsCounted * cellMm2;
        r.wholeFields = true;
        if (slide.width > 0 && slide.height > 0) {
            const std::vector<Level0Rect> boxes = fieldBoxes(grid, *size);
            const FieldShape shape = preset.oneRectangle ? FieldShape::Rect4x3 : preset.shape;
            double cells = 0;
            for (size_t i = 0; i < boxes.size(); ++i) {
                if (!counted(int(i))) continue;
                const double share = shareOnSlide(shape, boxes[i], slide);
                cells += share;
                if (share <= 0) ++r.fieldsOffSlide;
                else if (share < 1) ++r.fieldsPartlyOff;
            }
            if (cells <= 0) return Result<CountResult>::failure("every counted field lies off the slide: place the fields on it");
            if (r.fieldsOffSlide + r.fieldsPartlyOff > 0) {
                r.examinedMm2 = cells * cellMm2;
                r.wholeFields = false;
                char text[200];
                std::snprintf(text, sizeof text, "%d of the %d counted fields lie %s off the slide: only the %.3f mm\xC2\xB2 on it counts as examined",
                              r.fieldsOffSlide + r.fieldsPartlyOff, r.fieldsCounted,
                              r.fieldsPartlyOff == 0 ? "wholly" : r.fieldsOffSlide == 0 ? "partly" : "partly or wholly", r.examinedMm2);
                r.note = text;
            }
        }
        // Cells per reference area (10 fields, or 1 rectangle): a whole number for every preset, and
        // then the figure is count × k / cells, exact.
        const double cellsPerReference = preset.referenceAreaMm2 / cellMm2;
        const double k = std::round(cellsPerReference);
        if (r.wholeFields && k >= 1 && std::abs(cellsPerReference - k) < 1e-9)
            r.per10Hpf = double(r.count) * k / r.fieldsCounted;
        else
            r.per10Hpf = perReferenceArea(r.count, r.examinedMm2, preset);
    }

    r.perMm2 = perMm2(r.count, r.examinedMm2);
    r.fnclccPer10Hpf = fnclccFigure(r.count, r.examinedMm2, r.per10Hpf, preset);
    r.mitoticScore = mitoticScore(r.fnclccPer10Hpf);
    return r;
}

}  // namespace histomark::core
