// SPDX-License-Identifier: MIT
#pragma once
#include "core/units.h"

namespace histomark::core {

// What one slide view shows: a value type, free of input state. `zoom` is level-0 pixels per
// screen pixel (2 = every screen pixel covers 2x2 slide pixels); `center` the level-0 point at the
// middle of the viewport.
struct Camera {
    Level0Point center;
    double zoom = 1.0;
    SizePx viewport;

    ScreenPoint toScreen(Level0Point p) const;
    Level0Point toLevel0(ScreenPoint s) const;
    Level0Rect visibleRect() const;

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

ZoomLimits zoomLimitsFor(double slideWidth, double slideHeight, SizePx viewport);

// Whole slide centred in the viewport with a small margin.
Camera fitCamera(double slideWidth, double slideHeight, SizePx viewport);

// Keeps the centre inside the slide so the user cannot lose it off screen.
void clampCenter(Camera& cam, double slideWidth, double slideHeight);

}  // namespace histomark::core
