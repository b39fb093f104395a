// SPDX-License-Identifier: MIT
#include "core/camera.h"

#include <algorithm>

namespace histomark::core {

ScreenPoint Camera::toScreen(Level0Point p) const {
    return {(p.x - center.x) / zoom + viewport.width * 0.5, (p.y - center.y) / zoom + viewport.height * 0.5};
}

Level0Point Camera::toLevel0(ScreenPoint s) const {
    return {center.x + (s.x - viewport.width * 0.5) * zoom, center.y + (s.y - viewport.height * 0.5) * zoom};
}

Level0Rect Camera::visibleRect() const {
    const double w = viewport.width * zoom, h = viewport.height * zoom;
    return {center.x - w * 0.5, center.y - h * 0.5, w, h};
}

void Camera::zoomAround(ScreenPoint anchor, double newZoom) {
    const Level0Point fixed = toLevel0(anchor);
    zoom = newZoom;
    center.x = fixed.x - (anchor.x - viewport.width * 0.5) * zoom;
    center.y = fixed.y - (anchor.y - viewport.height * 0.5) * zoom;
}

void Camera::panByScreen(double dx, double dy) {
    center.x -= dx * zoom;
    center.y -= dy * zoom;
}

double ZoomLimits::clamp(double z) const { return std::clamp(z, min, max); }

ZoomLimits zoomLimitsFor(double w, double h, SizePx vp) {
    ZoomLimits l;
    if (vp.width > 0 && vp.height > 0) l.max = std::max(1.0, 2.0 * std::max(w / vp.width, h / vp.height));
    return l;
}

Camera fitCamera(double w, double h, SizePx vp) {
    Camera c;
    c.viewport = vp;
    c.center = {w * 0.5, h * 0.5};
    const double margin = 0.96;  // a thin frame of background around the slide
    if (vp.width > 0 && vp.height > 0 && w > 0 && h > 0)
        c.zoom = std::max(w / (vp.width * margin), h / (vp.height * margin));
    return c;
}

void clampCenter(Camera& cam, double w, double h) {
    cam.center.x = std::clamp(cam.center.x, 0.0, w);
    cam.center.y = std::clamp(cam.center.y, 0.0, h);
}

}  // namespace histomark::core
