// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <numbers>

#include "core/linked_navigation.h"

using namespace histomark::core;

namespace {

// A serial section as a slide scanner might give it: turned, maybe flipped, shifted, rescaled.
Affine section(double degrees, bool mirror, double scale, double tx, double ty) {
    Affine m = mirror ? Affine::mirrorX() : Affine::identity();
    return m.then(Affine::rotation(degrees * std::numbers::pi / 180)).then(Affine::scaling(scale)).then(Affine::translation(tx, ty));
}

Camera leaderCamera() {
    Camera c;
    c.center = {5000, 3000};
    c.zoom = 2.5;
    c.viewport = {800, 600};
    return c;
}

// The same screen pixel must show the same tissue in leader and follower.
void expectSameTissueOnScreen(const Camera& leader, const Affine& leaderToRef, const Camera& follower,
                              const Affine& followerToRef, double tolerancePx) {
    for (double sx : {0.0, 200.0, 400.0, 799.0})
        for (double sy : {0.0, 300.0, 599.0}) {
            const Level0Point ref1 = leaderToRef.apply(leader.toLevel0({sx, sy}));
            const ScreenPoint fs{sx * follower.viewport.width / leader.viewport.width,
                                 sy * follower.viewport.height / leader.viewport.height};
            const Level0Point ref2 = followerToRef.apply(follower.toLevel0(fs));
            EXPECT_NEAR(ref1.x, ref2.x, tolerancePx) << sx << "," << sy;
            EXPECT_NEAR(ref1.y, ref2.y, tolerancePx) << sx << "," << sy;
        }
}

}  // namespace

TEST(LinkedNavigation, IdentityFollowsExactly) {
    const Camera leader = leaderCamera();
    const Camera f = followCamera(leader, Affine::identity(), Affine::identity(), leader.viewport);
    EXPECT_NEAR(f.center.x, 5000, 1e-9);
    EXPECT_NEAR(f.zoom, 2.5, 1e-12);
    EXPECT_EQ(f.rotation, 0);
    EXPECT_FALSE(f.mirror);
}

TEST(LinkedNavigation, TurnedFlippedRescaledSectionShowsTheSameTissue) {
    for (double deg : {0.0, 3.0, -4.5, 90.0, 180.0, 237.0})
        for (bool mirror : {false, true}) {
            const Affine followerToRef = section(deg, mirror, 0.8, 1200, -300);
            const Camera leader = leaderCamera();
            const Camera f = followCamera(leader, Affine::identity(), followerToRef, leader.viewport);
            EXPECT_EQ(f.mirror, mirror) << deg;
            EXPECT_NEAR(f.zoom, 2.5 / 0.8, 1e-9) << deg;
            expectSameTissueOnScreen(leader, Affine::identity(), f, followerToRef, 1e-6);
        }
}

TEST(LinkedNavigation, FollowingBackRestoresTheLeader) {
    const Affine a = section(33, true, 1.1, 400, 900), b = section(-170, false, 0.9, -50, 20);
    Camera leader = leaderCamera();
    leader.rotation = 0.3;
    const Camera f = followCamera(leader, a, b, leader.viewport);
    expectSameTissueOnScreen(leader, a, f, b, 1e-6);
    const Camera back = followCamera(f, b, a, leader.viewport);
    EXPECT_NEAR(back.center.x, leader.center.x, 1e-6);
    EXPECT_NEAR(back.center.y, leader.center.y, 1e-6);
    EXPECT_NEAR(back.zoom, leader.zoom, 1e-9);
    EXPECT_NEAR(std::remainder(back.rotation - leader.rotation, 2 * std::numbers::pi), 0, 1e-9);
    EXPECT_EQ(back.mirror, leader.mirror);
}

TEST(LinkedNavigation, PanningTheLeaderMovesTheFollowerToTheSameTissue) {
    const Affine followerToRef = section(180, false, 1, 8000, 6000);
    Camera leader = leaderCamera();
    const Camera before = followCamera(leader, Affine::identity(), followerToRef, leader.viewport);
    leader.panByScreen(100, 0);  // content moves right on screen
    const Camera after = followCamera(leader, Affine::identity(), followerToRef, leader.viewport);
    // The follower's content moves right on screen too: the point that was at x=400 is now at 500.
    const Level0Point p = before.toLevel0({400, 300});
    EXPECT_NEAR(after.toScreen(p).x, 500, 1e-6);
    EXPECT_NEAR(after.toScreen(p).y, 300, 1e-6);
}

TEST(LinkedNavigation, CorrespondingPointGoesThroughTheReference) {
    const Affine a = section(10, false, 1, 100, 0), b = section(-20, true, 1, 0, 300);
    const Level0Point p{1234, 567};
    const Level0Point q = correspondingPoint(p, a, b);
    const Level0Point ra = a.apply(p), rb = b.apply(q);
    EXPECT_NEAR(ra.x, rb.x, 1e-6);
    EXPECT_NEAR(ra.y, rb.y, 1e-6);
}

TEST(LinkedNavigation, DegenerateTransformFallsBackToTheLeadersNumbers) {
    const Affine flat{0, 0, 0, 0, 0, 0};
    const Camera f = followCamera(leaderCamera(), Affine::identity(), flat, {640, 480});
    EXPECT_NEAR(f.zoom, 2.5, 1e-12);
    EXPECT_EQ(f.viewport.width, 640);
}
