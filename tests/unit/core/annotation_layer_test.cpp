// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/annotation_history.h"
#include "core/annotation_layer.h"

using namespace histomark::core;

namespace {

Annotation point(double x, double y, std::string cls = kMitoticFigure, std::string reader = "A") {
    Annotation a;
    a.kind = ShapeKind::Point;
    a.points = {{x, y}};
    a.className = std::move(cls);
    a.reader = std::move(reader);
    return a;
}

Annotation rect(double x0, double y0, double x1, double y1, std::string cls = kTumourRegion) {
    Annotation a;
    a.kind = ShapeKind::Rectangle;
    a.points = {{x0, y0}, {x1, y1}};
    a.className = std::move(cls);
    return a;
}

std::set<MarkKey> keysIn(const AnnotationLayer& layer, Level0Rect r) {
    std::set<MarkKey> keys;
    layer.query(r, [&](MarkKey k, const Annotation&) { keys.insert(k); });
    return keys;
}

}  // namespace

TEST(Annotation, GeometryOfEachKind) {
    Annotation e = rect(0, 0, 100, 50);
    e.kind = ShapeKind::Ellipse;
    EXPECT_NEAR(e.areaPx(), 3.14159265 * 50 * 25, 1e-3);
    EXPECT_TRUE(e.contains({50, 25}));
    EXPECT_FALSE(e.contains({2, 2}));  // inside the box, outside the ellipse
    Annotation tri;
    tri.kind = ShapeKind::Polygon;
    tri.points = {{0, 0}, {30, 0}, {0, 30}};
    EXPECT_DOUBLE_EQ(tri.areaPx(), 450);
    EXPECT_NEAR(tri.centre().x, 10, 1e-9);
    EXPECT_TRUE(tri.contains({5, 5}));
    EXPECT_FALSE(tri.contains({20, 20}));
    EXPECT_FALSE(geometryProblem(tri));
    tri.points.pop_back();
    EXPECT_TRUE(geometryProblem(tri));
    Annotation p = point(1, std::nan(""));
    EXPECT_TRUE(geometryProblem(p));
}

TEST(Annotation, BoundsOfSeveralMarks) {
    const Level0Rect none = boundsOf({});
    EXPECT_EQ(none.width, 0);
    const Level0Rect b = boundsOf({rect(100, 200, 300, 250), point(50, 400), rect(500, 210, 520, 220)});
    EXPECT_DOUBLE_EQ(b.x, 50);
    EXPECT_DOUBLE_EQ(b.y, 200);
    EXPECT_DOUBLE_EQ(b.right(), 520);
    EXPECT_DOUBLE_EQ(b.bottom(), 400);
}

TEST(AnnotationLayer, HitTestFindsTheNearestPointWithinTheRadius) {
    AnnotationLayer layer(64);
    const MarkKey a = layer.newKey(), b = layer.newKey();
    layer.put(a, point(100, 100));
    layer.put(b, point(110, 100));
    EXPECT_EQ(layer.hitTest({104, 100}, 10), a);
    EXPECT_EQ(layer.hitTest({107, 100}, 10), b);
    EXPECT_FALSE(layer.hitTest({140, 100}, 10));
    // Across a cell border (64): still found.
    const MarkKey c = layer.newKey();
    layer.put(c, point(127, 300));
    EXPECT_EQ(layer.hitTest({129, 300}, 5), c);
    // A filter hides other readers' marks (blind mode).
    layer.put(b, point(110, 100, kMitoticFigure, "B"));
    EXPECT_EQ(layer.hitTest({109, 100}, 10, [](const Annotation& m) { return m.reader == "A"; }), a);
}

TEST(AnnotationLayer, AreasAreHitInsideAndTheSmallestWins) {
    AnnotationLayer layer;
    const MarkKey big = layer.newKey(), small = layer.newKey(), dot = layer.newKey();
    layer.put(big, rect(0, 0, 1000, 1000));
    layer.put(small, rect(100, 100, 200, 200, kNecrosis));
    layer.put(dot, point(150, 150));
    EXPECT_EQ(layer.hitTest({150, 150}, 5), dot);  // a point beats the areas under it
    EXPECT_EQ(layer.hitTest({120, 120}, 5), small);
    EXPECT_EQ(layer.hitTest({500, 500}, 5), big);
    EXPECT_FALSE(layer.hitTest({1500, 500}, 5));
}

TEST(AnnotationLayer, MovingAndErasingKeepTheIndexRight) {
    AnnotationLayer layer(100);
    const MarkKey k = layer.newKey();
    layer.put(k, point(50, 50));
    layer.put(k, point(950, 950));  // moved to another cell
    EXPECT_TRUE(keysIn(layer, {900, 900, 100, 100}).count(k));
    EXPECT_TRUE(keysIn(layer, {0, 0, 100, 100}).empty());
    EXPECT_TRUE(layer.erase(k));
    EXPECT_FALSE(layer.erase(k));
    EXPECT_TRUE(keysIn(layer, {0, 0, 2000, 2000}).empty());
    EXPECT_EQ(layer.size(), 0u);
}

TEST(AnnotationLayer, QueryAgreesWithBruteForceOnManyMarks) {
    AnnotationLayer layer(256);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(-500, 50000);
    std::vector<std::pair<MarkKey, Level0Point>> all;
    for (int i = 0; i < 20000; ++i) {
        const MarkKey k = layer.newKey();
        const Level0Point p{u(rng), u(rng)};
        layer.put(k, point(p.x, p.y));
        all.emplace_back(k, p);
    }
    for (const Level0Rect r : {Level0Rect{1000, 2000, 3000, 500}, Level0Rect{-1000, -1000, 60000, 60000},
                               Level0Rect{-400, 100, 10, 10}}) {
        std::set<MarkKey> expected;
        for (const auto& [k, p] : all)
            if (p.x >= r.x && p.x <= r.right() && p.y >= r.y && p.y <= r.bottom()) expected.insert(k);
        EXPECT_EQ(keysIn(layer, r), expected);
    }
    // Nearest within the radius, against brute force.
    for (int i = 0; i < 200; ++i) {
        const Level0Point q{u(rng), u(rng)};
        std::optional<MarkKey> want;
        double best = 1e300;
        for (const auto& [k, p] : all)
            if (const double d = distance(p, q); d <= 400 && d < best) best = d, want = k;
        const auto got = layer.hitTest(q, 400);
        ASSERT_EQ(bool(got), bool(want));
        if (got) EXPECT_DOUBLE_EQ(distance(layer.find(*got)->points[0], q), best);
    }
}

TEST(AnnotationHistory, UndoAndRedoOfEveryKindOfEdit) {
    AnnotationLayer layer;
    AnnotationHistory history;
    auto run = [&](AnnotationEdit e) {
        applyEdit(layer, e);
        history.push(std::move(e));
    };
    run(addEdit(layer, {point(10, 10)}, "add point"));
    const MarkKey k = 1;  // the first key a layer hands out
    ASSERT_TRUE(layer.find(k));
    run(relabelEdit(layer, {k}, kLookAlike));
    EXPECT_EQ(layer.find(k)->className, kLookAlike);
    run(moveEdit(layer, {k}, 5, -3));
    EXPECT_DOUBLE_EQ(layer.find(k)->points[0].x, 15);
    run(removeEdit(layer, {k}));
    EXPECT_FALSE(layer.find(k));

    applyEdit(layer, *history.undo());  // the delete
    ASSERT_TRUE(layer.find(k));
    EXPECT_DOUBLE_EQ(layer.find(k)->points[0].y, 7);
    applyEdit(layer, *history.undo());  // the move
    EXPECT_DOUBLE_EQ(layer.find(k)->points[0].x, 10);
    applyEdit(layer, *history.undo());  // the relabel
    EXPECT_EQ(layer.find(k)->className, kMitoticFigure);
    applyEdit(layer, *history.undo());  // the add
    EXPECT_EQ(layer.size(), 0u);
    EXPECT_FALSE(history.undo());

    applyEdit(layer, *history.redo());
    applyEdit(layer, *history.redo());
    EXPECT_EQ(layer.find(k)->className, kLookAlike);
    // A new edit after undoing drops the redo stack.
    run(addEdit(layer, {point(1, 1)}, "add point"));
    EXPECT_FALSE(history.canRedo());
}

TEST(AnnotationHistory, AWholeImportIsOneUndo) {
    AnnotationLayer layer;
    AnnotationHistory history;
    applyEdit(layer, addEdit(layer, {point(1, 1)}, "add point"));
    std::vector<Annotation> imported;
    for (int i = 0; i < 1500; ++i) imported.push_back(point(i * 3.0, 50));
    AnnotationEdit e = addEdit(layer, imported, "import 1500 marks");
    applyEdit(layer, e);
    history.push(e);
    EXPECT_EQ(layer.size(), 1501u);
    ASSERT_NE(history.nextUndoLabel(), nullptr);
    EXPECT_EQ(*history.nextUndoLabel(), "import 1500 marks");
    applyEdit(layer, *history.undo());
    EXPECT_EQ(layer.size(), 1u);
    applyEdit(layer, *history.redo());
    EXPECT_EQ(layer.size(), 1501u);
}

TEST(AnnotationHistory, CountChangesAreUndoneLikeMarks) {
    AnnotationHistory history;
    CountSetup placed;
    placed.placed = true;
    AnnotationEdit e;
    e.label = "place the fields";
    e.count = CountChange{"A", CountSetup{}, placed};
    EXPECT_FALSE(e.empty());
    EXPECT_FALSE(e.marksChange());
    history.push(e);
    const auto undo = history.undo();
    ASSERT_TRUE(undo && undo->count);
    EXPECT_FALSE(undo->count->after.placed);
    EXPECT_TRUE(undo->count->before.placed);
    EXPECT_EQ(undo->count->reader, "A");
    const auto redo = history.redo();
    ASSERT_TRUE(redo && redo->count);
    EXPECT_TRUE(redo->count->after.placed);
}
