// SPDX-License-Identifier: MIT
#include "core/count_area.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace histomark::core;

namespace {

HpfPreset preset(const std::string& id) { return findHpfPreset(id).value_or(HpfPreset{}); }

FieldSizePx cellSize(const HpfPreset& p, double mppX, double mppY) {
    auto s = gridCellSizePx(p, mppX, mppY);
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? *s : FieldSizePx{};
}

CountArea fieldsArea(const HpfPreset& p, double mpp, int columns = 5, int rows = 2) {
    CountArea a;
    a.kind = CountArea::Kind::Fields;
    a.grid = centredGrid({20000, 20000}, cellSize(p, mpp, mpp), columns, rows);
    return a;
}

Level0Point centreOf(const Level0Rect& r) { return {r.x + r.width / 2, r.y + r.height / 2}; }

// `n` marks spread round-robin over the centres of the grid's fields (jittered inside each circle).
std::vector<Level0Point> marksInFields(const CountArea& a, FieldSizePx size, int n) {
    const std::vector<Level0Rect> boxes = fieldBoxes(a.grid, size);
    std::vector<Level0Point> marks;
    for (int i = 0; i < n; ++i) {
        const Level0Rect& b = boxes[size_t(i) % boxes.size()];
        const double offset = (i / int(boxes.size())) * 10.0;
        marks.push_back({b.x + b.width / 2 + offset, b.y + b.height / 2 - offset});
    }
    return marks;
}

CountResult count(const CountArea& a, const HpfPreset& p, double mpp, const std::vector<Level0Point>& marks) {
    auto r = countMitoses(a, p, mpp, mpp, marks);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : CountResult{};
}

}  // namespace

TEST(CountArea, TenFnclccFieldsGiveExactFigures) {
    const HpfPreset fnclcc = preset("fnclcc");
    const CountArea a = fieldsArea(fnclcc, 0.25);
    const FieldSizePx size = cellSize(fnclcc, 0.25, 0.25);
    struct Case {
        int marks, score;
    };
    for (Case c : {Case{7, 1}, Case{9, 1}, Case{10, 2}, Case{19, 2}, Case{20, 3}, Case{0, 1}}) {
        const CountResult r = count(a, fnclcc, 0.25, marksInFields(a, size, c.marks));
        EXPECT_EQ(r.count, c.marks);
        EXPECT_EQ(r.fieldsCounted, 10);
        EXPECT_TRUE(r.wholeFields);
        EXPECT_EQ(r.per10Hpf, double(c.marks));  // exact, not 9.99999
        EXPECT_EQ(r.fnclccPer10Hpf, double(c.marks));
        EXPECT_EQ(r.mitoticScore, c.score) << c.marks << " marks";
        EXPECT_NEAR(r.examinedMm2, 1.734, 1e-12);
        EXPECT_NEAR(r.perMm2, c.marks / 1.734, 1e-9);
        EXPECT_EQ(r.presetLabel, fnclcc.label);
    }
}

TEST(CountArea, OtherPresetsScoreOnTheFnclccArea) {
    // 12 mitoses in 10 FN 22 fields (2.376 mm²) are 8.76 per FNCLCC 10 HPF: score 1, not 2.
    const HpfPreset fn22 = preset("fn22-40x");
    const CountArea a = fieldsArea(fn22, 0.25);
    const CountResult r = count(a, fn22, 0.25, marksInFields(a, cellSize(fn22, 0.25, 0.25), 12));
    EXPECT_EQ(r.count, 12);
    EXPECT_EQ(r.per10Hpf, 12.0);
    EXPECT_NEAR(r.examinedMm2, 2.376, 0.0005);
    EXPECT_NEAR(r.fnclccPer10Hpf, 8.76, 0.01);
    EXPECT_EQ(r.mitoticScore, 1);
}

TEST(CountArea, MidogTenFieldsAreOneRectangle) {
    const HpfPreset midog = preset("midog-2.37");
    const FieldSizePx size = cellSize(midog, 0.25, 0.25);
    EXPECT_NEAR(size.width * 0.25, 1778, 1);
    EXPECT_NEAR(size.height * 0.25, 1333, 1);
    const CountArea a = fieldsArea(midog, 0.25, 1, 1);
    const Level0Rect box = fieldBoxes(a.grid, size)[0];
    std::vector<Level0Point> marks;
    for (int i = 0; i < 15; ++i) marks.push_back({box.x + 100 + 400 * i, box.y + 100 + 300 * i});
    marks.push_back({box.right() + 1, box.y + 10});  // outside
    const CountResult r = count(a, midog, 0.25, marks);
    EXPECT_EQ(r.count, 15);
    EXPECT_EQ(r.fieldsCounted, 1);
    EXPECT_DOUBLE_EQ(r.examinedMm2, 2.37);
    EXPECT_EQ(r.per10Hpf, 15.0);
    EXPECT_NEAR(r.fnclccPer10Hpf, 15 / 2.37 * 1.734, 1e-9);  // 10.97
    EXPECT_EQ(r.mitoticScore, 2);
}

TEST(CountArea, PointOnASharedEdgeCountsOnce) {
    const HpfPreset per2 = preset("per-2mm2");  // 4:3 rectangles that tile
    const FieldSizePx size = cellSize(per2, 0.25, 0.25);
    const CountArea a = fieldsArea(per2, 0.25);
    const std::vector<Level0Rect> boxes = fieldBoxes(a.grid, size);
    ASSERT_EQ(boxes.size(), 10u);
    // Edge to edge, no overlap.
    EXPECT_EQ(boxes[1].x, boxes[0].right());
    EXPECT_EQ(boxes[5].y, boxes[0].bottom());

    const Level0Point edge{boxes[1].x, centreOf(boxes[0]).y};         // between fields 0 and 1
    const Level0Point corner{boxes[7].x, boxes[7].y};                   // fields 1, 2, 6, 7 meet
    const CountResult r = count(a, per2, 0.25, {edge, corner});
    EXPECT_EQ(r.count, 2);
    EXPECT_EQ(r.fieldTally[0], 1);
    EXPECT_EQ(r.fieldTally[1], 1);  // the corner goes to the first of the four
    EXPECT_EQ(r.fieldTally[2], 0);
    EXPECT_EQ(r.fieldTally[6], 0);
    EXPECT_EQ(r.fieldTally[7], 0);
    EXPECT_EQ(fieldAt(a.grid, size, FieldShape::Rect4x3, edge), 0);
    EXPECT_EQ(fieldAt(a.grid, size, FieldShape::Rect4x3, corner), 1);
}

TEST(CountArea, CircleCornerIsNotInTheField) {
    const HpfPreset fnclcc = preset("fnclcc");
    const FieldSizePx size = cellSize(fnclcc, 0.25, 0.25);
    const CountArea a = fieldsArea(fnclcc, 0.25);
    const std::vector<Level0Rect> boxes = fieldBoxes(a.grid, size);
    // Circles touch: field 1's box starts where field 0's ends.
    EXPECT_EQ(boxes[1].x, boxes[0].right());
    EXPECT_DOUBLE_EQ(boxes[0].width, boxes[0].height);

    const Level0Point boxCorner{boxes[0].x + 1, boxes[0].y + 1};           // in the box, outside the circle
    const Level0Point betweenFour{boxes[6].x, boxes[6].y};                  // gap between four circles
    const Level0Point touching{boxes[1].x, centreOf(boxes[1]).y};           // where fields 0 and 1 touch
    const Level0Point inside{centreOf(boxes[3]).x + size.width * 0.49, centreOf(boxes[3]).y};
    const CountResult r = count(a, fnclcc, 0.25, {boxCorner, betweenFour, touching, inside});
    EXPECT_EQ(r.count, 2);
    EXPECT_EQ(r.fieldTally[0], 1);
    EXPECT_EQ(r.fieldTally[1], 0);
    EXPECT_EQ(r.fieldTally[3], 1);
    EXPECT_FALSE(fieldContains(FieldShape::Circle, boxes[0], boxCorner));
    EXPECT_TRUE(fieldContains(FieldShape::Rect4x3, boxes[0], boxCorner));
    EXPECT_EQ(fieldAt(a.grid, size, FieldShape::Circle, betweenFour), -1);
}

TEST(CountArea, OffAndExcludedFieldsAreNotCounted) {
    const HpfPreset fnclcc = preset("fnclcc");
    const FieldSizePx size = cellSize(fnclcc, 0.25, 0.25);
    CountArea a = fieldsArea(fnclcc, 0.25);
    a.grid.states[0] = FieldState::Off;
    a.grid.states[9] = FieldState::Excluded;
    a.grid.exclusionReasons[9] = "necrosis";
    const std::vector<Level0Rect> boxes = fieldBoxes(a.grid, size);
    std::vector<Level0Point> marks = {centreOf(boxes[0]), centreOf(boxes[9]), centreOf(boxes[4]), centreOf(boxes[5]),
                                      centreOf(boxes[5])};
    // On the touching point of Off field 0 and counted field 1: field 1 takes it.
    marks.push_back({boxes[1].x, centreOf(boxes[1]).y});
    const CountResult r = count(a, fnclcc, 0.25, marks);
    EXPECT_EQ(r.count, 4);
    EXPECT_EQ(r.fieldsCounted, 8);
    EXPECT_NEAR(r.examinedMm2, 8 * 0.1734, 1e-12);
    EXPECT_EQ(r.per10Hpf, 5.0);  // 4 × 10 / 8
    EXPECT_EQ(r.fieldTally, (std::vector<int>{-1, 1, 0, 0, 1, 2, 0, 0, 0, -1}));
    // Clicking still finds the off field.
    EXPECT_EQ(fieldAt(a.grid, size, FieldShape::Circle, centreOf(boxes[0])), 0);
}

TEST(CountArea, RegionIsMeasuredInMm2) {
    const HpfPreset fnclcc = preset("fnclcc");
    CountArea a;
    a.kind = CountArea::Kind::Region;
    a.region.kind = ShapeKind::Rectangle;
    a.region.points = {{1000, 1000}, {5000, 4000}};  // 4000 × 3000 px = 1000 × 750 µm at 0.25
    const std::vector<Level0Point> marks = {{1500, 1500}, {4999, 3999}, {5001, 2000}, {3000, 3000}};
    const CountResult r = count(a, fnclcc, 0.25, marks);
    EXPECT_EQ(r.count, 3);
    EXPECT_NEAR(r.examinedMm2, 0.75, 1e-12);
    EXPECT_FALSE(r.wholeFields);
    EXPECT_EQ(r.fieldsCounted, 0);
    EXPECT_TRUE(r.fieldTally.empty());
    EXPECT_NEAR(r.per10Hpf, 3 / 0.75 * 1.734, 1e-9);
    EXPECT_NEAR(r.perMm2, 4, 1e-9);
    EXPECT_EQ(r.mitoticScore, 1);

    // Anisotropic scale: px² × mppX × mppY.
    auto an = countMitoses(a, fnclcc, 0.25, 0.5, marks);
    ASSERT_TRUE(an.ok());
    EXPECT_NEAR(an->examinedMm2, 1.5, 1e-12);

    // A triangle (polygon): half of 4000 × 4000 px at 0.25 = 0.5 mm².
    a.region.kind = ShapeKind::Polygon;
    a.region.points = {{0, 0}, {4000, 0}, {0, 4000}};
    const CountResult t = count(a, fnclcc, 0.25, {{100, 100}, {3900, 3900}});
    EXPECT_EQ(t.count, 1);
    EXPECT_NEAR(t.examinedMm2, 0.5, 1e-12);
}

TEST(CountArea, Errors) {
    const HpfPreset fnclcc = preset("fnclcc");
    CountArea a = fieldsArea(fnclcc, 0.25);
    auto unknown = countMitoses(a, fnclcc, 0, 0, {});
    ASSERT_FALSE(unknown.ok());
    EXPECT_NE(unknown.error().find("scale"), std::string::npos) << unknown.error();

    for (FieldState& s : a.grid.states) s = FieldState::Off;
    auto none = countMitoses(a, fnclcc, 0.25, 0.25, {});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("no field"), std::string::npos) << none.error();

    a.grid.states.pop_back();
    EXPECT_FALSE(countMitoses(a, fnclcc, 0.25, 0.25, {}).ok());

    CountArea region;
    region.kind = CountArea::Kind::Region;
    region.region.kind = ShapeKind::Rectangle;
    region.region.points = {{10, 10}, {10, 500}};  // no width
    EXPECT_FALSE(countMitoses(region, fnclcc, 0.25, 0.25, {}).ok());
    region.region.kind = ShapeKind::Polygon;
    region.region.points = {{0, 0}, {10, 10}, {20, 20}};  // collinear
    EXPECT_FALSE(countMitoses(region, fnclcc, 0.25, 0.25, {}).ok());
    region.region.kind = ShapeKind::Point;
    region.region.points = {{5, 5}};
    EXPECT_FALSE(countMitoses(region, fnclcc, 0.25, 0.25, {}).ok());
    region.region.kind = ShapeKind::Ellipse;
    region.region.points = {{5, 5}};
    EXPECT_FALSE(countMitoses(region, fnclcc, 0.25, 0.25, {}).ok());
}

TEST(CountArea, GridGeometry) {
    const FieldSizePx size{400, 300};
    const FieldGrid g = centredGrid({1000, 1000}, size, 5, 2);
    EXPECT_EQ(g.states.size(), 10u);
    EXPECT_DOUBLE_EQ(g.origin.x, 0);
    EXPECT_DOUBLE_EQ(g.origin.y, 700);
    const std::vector<Level0Rect> boxes = fieldBoxes(g, size);
    EXPECT_DOUBLE_EQ(boxes[9].right(), 2000);
    EXPECT_DOUBLE_EQ(boxes[9].bottom(), 1300);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {450, 750}), 1);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {1950, 1250}), 9);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {-1, 750}), -1);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {2001, 750}), -1);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {500, 1301}), -1);
    EXPECT_EQ(fieldAt(g, size, FieldShape::Rect4x3, {NAN, 750}), -1);
}

TEST(CountArea, AnisotropicScaleMakesRoundFieldsElliptic) {
    // 0.25 × 0.5 µm/px: an FN 22 field (550 µm) is 2200 × 1100 px.
    const HpfPreset fn22 = preset("fn22-40x");
    auto size = gridCellSizePx(fn22, 0.25, 0.5);
    ASSERT_TRUE(size.ok());
    EXPECT_NEAR(size->width, 2200, 1e-6);
    EXPECT_NEAR(size->height, 1100, 1e-6);
    CountArea a;
    a.grid = centredGrid({0, 0}, *size, 1, 1);
    // 1000 px right of centre is 250 µm (inside); 540 px down is 270 µm (inside); 560 px down is 280 µm (outside).
    auto r = countMitoses(a, fn22, 0.25, 0.5, {{1000, 0}, {0, 540}, {0, 560}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->count, 2);
}

namespace histomark::core {
namespace {

// Fields past the slide's edge: only their part on the slide is examined area (a 10 x 10 grid on a
// 2 x 1.5 mm slide claimed 17 mm²); the figures follow that area and a note says so.
TEST(CountArea, FieldsPastTheSlideEdgeCountOnlyTheirPartOnIt) {
    const HpfPreset fnclcc = *findHpfPreset("fnclcc");
    const double mpp = 0.25;
    auto size = gridCellSizePx(fnclcc, mpp, mpp);
    ASSERT_TRUE(size);
    const Level0Rect slide{0, 0, 8192, 6144};
    CountArea area;
    area.grid.origin = {0, 0};
    area.grid.columns = 2, area.grid.rows = 1;
    area.grid.states.assign(2, FieldState::Counted);
    // Both fields on the slide: whole fields, exact figure, no note.
    auto inside = countMitoses(area, fnclcc, mpp, mpp, {{100, 100}}, slide);
    ASSERT_TRUE(inside) << inside.error();
    EXPECT_TRUE(inside->wholeFields);
    EXPECT_NEAR(inside->examinedMm2, 2 * 0.1734, 1e-9);
    EXPECT_EQ(inside->note, "");
    // The second field wholly off the right edge, the first cut in half by it.
    area.grid.origin = {8192 - size->width / 2, 100};
    auto cut = countMitoses(area, fnclcc, mpp, mpp, {{8100, 100 + size->height / 2}}, slide);
    ASSERT_TRUE(cut) << cut.error();
    EXPECT_EQ(cut->fieldsPartlyOff, 1);
    EXPECT_EQ(cut->fieldsOffSlide, 1);
    EXPECT_FALSE(cut->wholeFields);
    EXPECT_NEAR(cut->examinedMm2, 0.1734 / 2, 0.1734 * 0.005);  // half a circle
    EXPECT_NEAR(cut->per10Hpf, 1 / (0.1734 / 2) * 1.734, 0.2);
    EXPECT_NE(cut->note.find("2 of the 2 counted fields lie partly or wholly off the slide"), std::string::npos) << cut->note;
    // Every field off the slide: an error, not a count of 0 on 0.35 mm².
    area.grid.origin = {20000, 20000};
    EXPECT_FALSE(countMitoses(area, fnclcc, mpp, mpp, {}, slide));
    // Without the slide's bounds nothing changes.
    auto unknown = countMitoses(area, fnclcc, mpp, mpp, {});
    ASSERT_TRUE(unknown);
    EXPECT_NEAR(unknown->examinedMm2, 2 * 0.1734, 1e-9);
    // A rectangle preset cut by the bottom edge: exactly the share of the box.
    const HpfPreset midog = *findHpfPreset("midog-2.37");
    auto cell = gridCellSizePx(midog, mpp, mpp);
    CountArea rect;
    rect.grid.columns = rect.grid.rows = 1;
    rect.grid.states = {FieldState::Counted};
    rect.grid.origin = {0, 6144 - cell->height / 4};
    auto quarter = countMitoses(rect, midog, mpp, mpp, {}, slide);
    ASSERT_TRUE(quarter) << quarter.error();
    EXPECT_NEAR(quarter->examinedMm2, 2.37 / 4, 0.01);
}

}  // namespace
}  // namespace histomark::core
