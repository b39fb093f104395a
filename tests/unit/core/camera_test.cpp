// SPDX-License-Identifier: MIT
#include "core/camera.h"
#include "core/synthetic_source.h"
#include "core/tile_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace histomark::core;

TEST(Camera, ScreenAndLevel0AreInverse) {
    Camera c{{1000, 2000}, 4, {800, 600}};
    ScreenPoint s{123, 456};
    Level0Point p = c.toLevel0(s);
    ScreenPoint back = c.toScreen(p);
    EXPECT_NEAR(back.x, s.x, 1e-9);
    EXPECT_NEAR(back.y, s.y, 1e-9);
    EXPECT_NEAR(c.toLevel0({400, 300}).x, 1000, 1e-9);  // viewport centre is the camera centre
}

TEST(Camera, ZoomAroundKeepsAnchorFixed) {
    Camera c{{5000, 5000}, 8, {1000, 800}};
    ScreenPoint anchor{100, 700};
    Level0Point before = c.toLevel0(anchor);
    c.zoomAround(anchor, 2);
    Level0Point after = c.toLevel0(anchor);
    EXPECT_NEAR(before.x, after.x, 1e-9);
    EXPECT_NEAR(before.y, after.y, 1e-9);
    EXPECT_DOUBLE_EQ(c.zoom, 2);
}

TEST(Camera, PanFollowsTheMouse) {
    Camera c{{5000, 5000}, 2, {1000, 800}};
    Level0Point grabbed = c.toLevel0({300, 300});
    c.panByScreen(50, -20);
    Level0Point under = c.toLevel0({350, 280});
    EXPECT_NEAR(grabbed.x, under.x, 1e-9);
    EXPECT_NEAR(grabbed.y, under.y, 1e-9);
}

TEST(Camera, FitShowsTheWholeSlide) {
    Camera c = fitCamera(46000, 32914, {1280, 800});
    Level0Rect v = c.visibleRect();
    EXPECT_LE(v.x, 0);
    EXPECT_LE(v.y, 0);
    EXPECT_GE(v.right(), 46000);
    EXPECT_GE(v.bottom(), 32914);
    EXPECT_NEAR(c.zoom, 32914 / (800 * 0.96), 1e-9);  // height-limited at this aspect ratio
}

TEST(Camera, ZoomLimits) {
    ZoomLimits l = zoomLimitsFor(40000, 30000, {1000, 1000});
    EXPECT_DOUBLE_EQ(l.clamp(1e9), 80);
    EXPECT_DOUBLE_EQ(l.clamp(1e-9), 1.0 / 16);
}

// ---- Turned and mirrored views ----------------------------------------------------------------

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<Camera> turnedCameras() {
    std::vector<Camera> out;
    for (double deg : {0.0, 17.0, 30.0, 45.0, 90.0, 135.0, 180.0, 200.0, 270.0, -60.0, 359.0})
        for (bool mirror : {false, true}) {
            Camera c{{61234.5, 40321.25}, 3.7, {1280, 800}};
            c.rotation = deg * kPi / 180;
            c.mirror = mirror;
            out.push_back(c);
        }
    return out;
}

std::string name(const Camera& c) {
    return std::to_string(c.rotation * 180 / kPi) + (c.mirror ? " deg mirrored" : " deg");
}

}  // namespace

TEST(CameraTurned, ScreenAndLevel0AreInverse) {
    for (const Camera& c : turnedCameras()) {
        for (ScreenPoint s : {ScreenPoint{0, 0}, {640, 400}, {1280, 800}, {12.5, 777.25}, {-300, 2000}}) {
            const ScreenPoint back = c.toScreen(c.toLevel0(s));
            EXPECT_NEAR(back.x, s.x, 1e-7) << name(c);
            EXPECT_NEAR(back.y, s.y, 1e-7) << name(c);
        }
        const Level0Point p{1000, 99000};
        const Level0Point q = c.toLevel0(c.toScreen(p));
        EXPECT_NEAR(q.x, p.x, 1e-7) << name(c);
        EXPECT_NEAR(q.y, p.y, 1e-7) << name(c);
        // The viewport centre is the camera centre whatever the orientation.
        EXPECT_NEAR(c.toLevel0({640, 400}).x, c.center.x, 1e-9) << name(c);
        EXPECT_NEAR(c.toLevel0({640, 400}).y, c.center.y, 1e-9) << name(c);
    }
}

TEST(CameraTurned, TurnsClockwiseAndMirrorsAcrossTheVerticalAxis) {
    Camera c{{1000, 1000}, 2, {800, 600}};
    c.rotation = kPi / 2;  // a quarter turn clockwise: slide +x points down the screen
    ScreenPoint s = c.toScreen({1200, 1000});
    EXPECT_NEAR(s.x, 400, 1e-9);
    EXPECT_NEAR(s.y, 400, 1e-9);
    s = c.toScreen({1000, 1200});  // slide +y points left
    EXPECT_NEAR(s.x, 300, 1e-9);
    EXPECT_NEAR(s.y, 300, 1e-9);
    c.rotation = 0;
    c.mirror = true;  // slide +x points left, +y still down
    s = c.toScreen({1200, 1100});
    EXPECT_NEAR(s.x, 300, 1e-9);
    EXPECT_NEAR(s.y, 350, 1e-9);
    c.rotation = kPi;  // mirrored, then half a turn: flipped upside down
    s = c.toScreen({1200, 1100});
    EXPECT_NEAR(s.x, 500, 1e-9);
    EXPECT_NEAR(s.y, 250, 1e-9);
}

TEST(CameraTurned, ZoomAroundKeepsAnchorFixed) {
    for (Camera c : turnedCameras()) {
        for (ScreenPoint anchor : {ScreenPoint{100, 700}, {1200, 20}, {640, 400}}) {
            const Level0Point before = c.toLevel0(anchor);
            c.zoomAround(anchor, c.zoom * 0.37);
            const Level0Point after = c.toLevel0(anchor);
            EXPECT_NEAR(before.x, after.x, 1e-7) << name(c);
            EXPECT_NEAR(before.y, after.y, 1e-7) << name(c);
            const ScreenPoint s = c.toScreen(before);
            EXPECT_NEAR(s.x, anchor.x, 1e-7) << name(c);
            EXPECT_NEAR(s.y, anchor.y, 1e-7) << name(c);
        }
    }
}

TEST(CameraTurned, PanMovesContentWithTheMouse) {
    for (Camera c : turnedCameras()) {
        const Level0Point grabbed = c.toLevel0({300, 300});
        const ScreenPoint before = c.toScreen(grabbed);
        c.panByScreen(50, -20);  // drag right and up
        const ScreenPoint after = c.toScreen(grabbed);
        EXPECT_NEAR(after.x - before.x, 50, 1e-7) << name(c);  // the tissue moved right on screen
        EXPECT_NEAR(after.y - before.y, -20, 1e-7) << name(c);
        const Level0Point under = c.toLevel0({350, 280});
        EXPECT_NEAR(grabbed.x, under.x, 1e-7) << name(c);
        EXPECT_NEAR(grabbed.y, under.y, 1e-7) << name(c);
    }
}

TEST(CameraTurned, VisibleRectHoldsEveryCorner) {
    for (const Camera& c : turnedCameras()) {
        Level0Point corners[4];
        c.visibleCorners(corners);
        const Level0Rect v = c.visibleRect();
        const ScreenPoint expected[4] = {{0, 0}, {1280, 0}, {1280, 800}, {0, 800}};
        for (int i = 0; i < 4; ++i) {
            EXPECT_GE(corners[i].x, v.x - 1e-9) << name(c);
            EXPECT_LE(corners[i].x, v.right() + 1e-9) << name(c);
            EXPECT_GE(corners[i].y, v.y - 1e-9) << name(c);
            EXPECT_LE(corners[i].y, v.bottom() + 1e-9) << name(c);
            const ScreenPoint s = c.toScreen(corners[i]);  // in order: tl, tr, br, bl of the screen
            EXPECT_NEAR(s.x, expected[i].x, 1e-7) << name(c);
            EXPECT_NEAR(s.y, expected[i].y, 1e-7) << name(c);
        }
        // Tight: the box's area is that of the turned viewport's bounding box.
        double w = 0, h = 0;
        turnedExtent(1280 * c.zoom, 800 * c.zoom, c.rotation, w, h);
        EXPECT_NEAR(v.width, w, 1e-6) << name(c);
        EXPECT_NEAR(v.height, h, 1e-6) << name(c);
    }
    // Unturned, it is exactly the viewport.
    const Camera plain{{1000, 2000}, 4, {800, 600}};
    const Level0Rect v = plain.visibleRect();
    EXPECT_DOUBLE_EQ(v.x, 1000 - 1600);
    EXPECT_DOUBLE_EQ(v.width, 3200);
}

TEST(CameraTurned, AxisAlignedOnlyForQuarterTurns) {
    Camera c;
    EXPECT_TRUE(c.axisAligned());
    for (int q = -4; q <= 4; ++q) {
        c.rotation = q * kPi / 2;
        EXPECT_TRUE(c.axisAligned()) << q;
    }
    c.mirror = true;
    EXPECT_TRUE(c.axisAligned());
    c.rotation = 0.3;
    EXPECT_FALSE(c.axisAligned());
}

TEST(CameraTurned, FitShowsTheWholeTurnedSlide) {
    const double sw = 46000, sh = 32914;
    for (double deg : {0.0, 30.0, 45.0, 90.0, 180.0, 250.0})
        for (bool mirror : {false, true}) {
            const Camera c = fitCamera(sw, sh, {1280, 800}, deg * kPi / 180, mirror);
            EXPECT_EQ(c.mirror, mirror);
            EXPECT_DOUBLE_EQ(c.rotation, deg * kPi / 180);
            double minX = 1e300, maxX = -1e300, minY = 1e300, maxY = -1e300;
            for (Level0Point p : {Level0Point{0, 0}, {sw, 0}, {sw, sh}, {0, sh}}) {
                const ScreenPoint s = c.toScreen(p);
                minX = std::min(minX, s.x), maxX = std::max(maxX, s.x);
                minY = std::min(minY, s.y), maxY = std::max(maxY, s.y);
            }
            // Every corner of the slide on screen, centred, and one axis filled to the margin.
            EXPECT_GE(minX, -1e-6) << deg;
            EXPECT_GE(minY, -1e-6) << deg;
            EXPECT_LE(maxX, 1280 + 1e-6) << deg;
            EXPECT_LE(maxY, 800 + 1e-6) << deg;
            EXPECT_NEAR(minX + maxX, 1280, 1e-6) << deg;
            EXPECT_NEAR(minY + maxY, 800, 1e-6) << deg;
            EXPECT_TRUE(std::abs((maxX - minX) - 1280 * 0.96) < 1e-6 || std::abs((maxY - minY) - 800 * 0.96) < 1e-6)
                << deg;
        }
    // A quarter turn: the height-limited slide becomes width-limited.
    const Camera q = fitCamera(sw, sh, {1280, 800}, kPi / 2);
    EXPECT_NEAR(q.zoom, sw / (800 * 0.96), 1e-9);
}

TEST(CameraTurned, ZoomLimitsLeaveRoomForTheTurnedFit) {
    // A long strip on a wide window: turned upright, fitting it needs a larger zoom than the
    // unturned limit would allow.
    const double sw = 10000, sh = 1000;
    const SizePx vp{2000, 500};
    const Camera fit = fitCamera(sw, sh, vp, kPi / 2);
    EXPECT_GT(fit.zoom, zoomLimitsFor(sw, sh, vp).max);
    EXPECT_LE(fit.zoom, zoomLimitsFor(sw, sh, vp, kPi / 2).max);
    EXPECT_DOUBLE_EQ(zoomLimitsFor(sw, sh, vp, kPi).max, zoomLimitsFor(sw, sh, vp).max);
}

// ---- Tile planning for turned views (inView lives in tile_plan) --------------------------------

TEST(CameraTurned, InViewIsExactForTurnedViews) {
    Camera c{{5000, 5000}, 1, {1000, 1000}};
    c.rotation = kPi / 4;
    // The bounding box reaches ~707 px from the centre along x; the turned square's corner
    // points that way, but beside it, near the box's corner, nothing is visible.
    EXPECT_TRUE(c.visibleRect().contains({5650, 5650}));
    EXPECT_FALSE(inView(c, {5600, 5600, 100, 100}));
    EXPECT_TRUE(inView(c, {5600, 4950, 100, 100}));  // inside, near the turned corner at +x
    EXPECT_TRUE(inView(c, {4990, 4990, 20, 20}));
    EXPECT_TRUE(inView(c, {5600, 5600, 100, 100}, 400));  // a margin brings it in
    EXPECT_FALSE(inView(c, {20000, 5000, 100, 100}));
}

TEST(CameraTurned, PlanSkipsTheBoundingBoxOutsideATurnedView) {
    SyntheticSource s({.width = 65536, .height = 49152, .levels = 1, .nativeTile = 256});
    TileGrid g(s.info());
    Camera cam{{30000, 20000}, 1.0, {1280, 800}};
    cam.rotation = kPi / 4;
    const TilePlan plan = planTiles(g, 1, cam, 0);
    const int boxTiles = tilesIn(g, 0, cam.visibleRect()).count();
    EXPECT_LT(int(plan.tiles.size()), boxTiles * 3 / 4);  // about half the box is outside the view
    // Every tile that shows any pixel is planned.
    std::set<std::pair<int, int>> planned;
    for (const auto& t : plan.tiles) planned.insert({t.key.col, t.key.row});
    for (int y = 0; y <= 800; y += 4)
        for (int x = 0; x <= 1280; x += 4) {
            const Level0Point p = cam.toLevel0({double(x), double(y)});
            EXPECT_TRUE(planned.count({int(p.x / 256), int(p.y / 256)})) << x << "," << y;
        }
    // Unturned views plan their whole rectangle, as before.
    cam.rotation = 0;
    EXPECT_EQ(planTiles(g, 1, cam, 0).tiles.size(), size_t(tilesIn(g, 0, cam.visibleRect()).count()));
    // The ring is kept for turned views too: a tile just beyond the edge is planned.
    cam.rotation = kPi / 2;
    const TilePlan ring = planTiles(g, 1, cam, 1);
    EXPECT_GT(ring.tiles.size(), planTiles(g, 1, cam, 0).tiles.size());
}
