// SPDX-License-Identifier: MIT
#include "core/camera.h"

#include <gtest/gtest.h>

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
