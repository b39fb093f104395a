// SPDX-License-Identifier: MIT
#pragma once
#include "core/units.h"

namespace histomark::core {

// What one slide view shows: a value type, free of input state. `zoom` is level-0 pixels per
// screen pixel (2 = every screen pixel covers 2x2 slide pixels); `center` the level-0 point at the
// middle of the viewport. A serial section shown in step with another may be drawn turned and
// flipped: screen offset = R(rotation) * M * (p - center) / zoom, where M mirrors x when `mirror`
// is set and R turns by `rotation` radians (clockwise on screen, whose y axis points down).
struct Camera {
    Level0Point center;
    double zoom = 1.0;
    SizePx viewport;
    double rotation = 0;  // radians
    bool mirror = false;

    ScreenPoint toScreen(Level0Point p) const;
    Level0Point toLevel0(ScreenPoint s) const;
    // Bounding box of the viewport in level-0 px (the exact area when the view is not turned).
    Level0Rect visibleRect() const;
    bool oriented() const { return rotation != 0 || mirror; }
    // Turned by a whole number of quarter turns (or not at all): slide axes stay screen axes.
    bool axisAligned() const;
    // The viewport corners in level-0 px: top-left, top-right, bottom-right, bottom-left.
    void visibleCorners(Level0Point out[4]) const;

    // Keeps the level-0 point under `anchor` fixed while changing zoom (wheel zoom at cursor).
    void zoomAround(ScreenPoint anchor, double newZoom);
    void panByScreen(double dx, double dy);  // drag by (dx, dy) screen px: content follows the mouse
    bool operator==(const Camera&) const = default;
};

// Zoom limits for a slide: from 16x digital magnification of level 0 out to twice fit-to-window.
struct ZoomLimits {
    double min = 1.0 / 16;
    double max = 1e6;
    double clamp(double z) const;
};

// `rotation` as in Camera: a turned slide needs room for its turned bounding box.
ZoomLimits zoomLimitsFor(double slideWidth, double slideHeight, SizePx viewport, double rotation = 0);

// Whole slide centred in the viewport with a small margin, drawn turned and mirrored as given
// (the turned slide's bounding box is what fits).
Camera fitCamera(double slideWidth, double slideHeight, SizePx viewport, double rotation = 0, bool mirror = false);

// Size on screen, in level-0 px, of a slide-space box of w x h turned by `rotation`.
void turnedExtent(double w, double h, double rotation, double& outWidth, double& outHeight);

// Keeps the centre inside the slide so the user cannot lose it off screen.
void clampCenter(Camera& cam, double slideWidth, double slideHeight);

}  // namespace histomark::core
