// SPDX-License-Identifier: MIT
#include "core/linked_navigation.h"

#include <cmath>

namespace histomark::core {
namespace {

// Screen direction -> leader level-0 direction for one screen pixel: zoom * (R M)^-1 as a matrix.
void screenToSlide(const Camera& cam, double m[4]) {
    // Columns are the images of the screen unit vectors.
    Camera unit = cam;
    unit.center = {0, 0};
    unit.viewport = {0, 0};
    const Level0Point ex = unit.toLevel0({1, 0}), ey = unit.toLevel0({0, 1});
    m[0] = ex.x, m[1] = ey.x, m[2] = ex.y, m[3] = ey.y;
}

}  // namespace

Level0Point correspondingPoint(Level0Point p, const Affine& leaderToRef, const Affine& followerToRef) {
    if (!followerToRef.invertible()) return p;
    return followerToRef.inverse().apply(leaderToRef.apply(p));
}

Camera followCamera(const Camera& leader, const Affine& leaderToRef, const Affine& followerToRef, SizePx vp) {
    Camera out;
    out.viewport = vp;
    if (!followerToRef.invertible() || !leaderToRef.invertible()) {
        out.center = leader.center, out.zoom = leader.zoom;
        return out;
    }
    const Affine leaderToFollower = leaderToRef.then(followerToRef.inverse());
    out.center = leaderToFollower.apply(leader.center);

    // K = (linear part of leader->follower) * (leader screen->slide): follower level-0 px per screen px.
    double s[4];
    screenToSlide(leader, s);
    const Affine& t = leaderToFollower;
    const double k00 = t.a * s[0] + t.b * s[2], k01 = t.a * s[1] + t.b * s[3];
    const double k10 = t.c * s[0] + t.d * s[2], k11 = t.c * s[1] + t.d * s[3];
    const double det = k00 * k11 - k01 * k10;
    out.zoom = std::sqrt(std::abs(det));
    if (!(out.zoom > 0) || !std::isfinite(out.zoom)) {
        out.zoom = leader.zoom;
        return out;
    }
    // K / zoom = M * R^-1 (see Camera). Undo the mirror (M = diag(-1, 1) on the left), then read the
    // angle of the closest rotation R^-1 = [cos sin; -sin cos].
    out.mirror = det < 0;
    double n00 = k00 / out.zoom, n01 = k01 / out.zoom, n10 = k10 / out.zoom, n11 = k11 / out.zoom;
    if (out.mirror) n00 = -n00, n01 = -n01;
    out.rotation = std::atan2(n01 - n10, n00 + n11);
    // Below a hundredth of a degree a turn is invisible; drawing unturned keeps pixel-exact tiles.
    if (std::abs(out.rotation) < 1e-4) out.rotation = 0;
    return out;
}

Camera uprightCamera(const Affine& toReference, Level0Point center, double refZoom, SizePx vp) {
    Camera ref;
    ref.viewport = vp;
    ref.zoom = refZoom;
    ref.center = toReference.apply(center);
    return followCamera(ref, Affine::identity(), toReference, vp);
}

}  // namespace histomark::core
