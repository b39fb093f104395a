// SPDX-License-Identifier: MIT
#pragma once
#include "core/affine.h"
#include "core/camera.h"

namespace histomark::core {

// Linked viewers of serial sections. Every slide of a case has a transform `toReference` from its
// level-0 px to the reference (H&E) slide's level-0 px. A follower is placed from the leader's
// camera (absolute, not by deltas, so nothing drifts): the same tissue at the middle, the same
// µm per screen pixel, and turned/mirrored so the tissue looks the same way up as in the leader.

// Where the leader's `leaderPoint` lies on the follower slide (level-0 px of each).
Level0Point correspondingPoint(Level0Point leaderPoint, const Affine& leaderToRef, const Affine& followerToRef);

// The follower's camera for `followerViewport`. Affine shear is approximated by the closest
// rotation + uniform scale (the display cannot shear); the centre is mapped exactly.
Camera followCamera(const Camera& leader, const Affine& leaderToRef, const Affine& followerToRef, SizePx followerViewport);

// Orientation (rotation, mirror) a slide gets when shown upright in the reference's frame, with its
// zoom chosen so one screen pixel spans `refZoom` reference level-0 px.
Camera uprightCamera(const Affine& toReference, Level0Point center, double refZoom, SizePx viewport);

}  // namespace histomark::core
