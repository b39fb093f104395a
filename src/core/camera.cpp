// SPDX-License-Identifier: MIT
#include "core/camera.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace histomark::core {

namespace {

// Slide direction (level-0 px) -> screen direction, without zoom: mirror, then turn.
void orientToScreen(const Camera& cam, double& x, double& y) {
    if (cam.mirror) x = -x;
    if (cam.rotation == 0) return;
    const double cs = std::cos(cam.rotation), sn = std::sin(cam.rotation);
    const double rx = cs * x - sn * y, ry = sn * x + cs * y;
    x = rx, y = ry;
}

// The inverse: screen direction -> slide direction.
void orientToSlide(const Camera& cam, double& x, double& y) {
    if (cam.rotation != 0) {
        const double cs = std::cos(cam.rotation), sn = std::sin(cam.rotation);
        const double rx = cs * x + sn * y, ry = -sn * x + cs * y;
        x = rx, y = ry;
    }
    if (cam.mirror) x = -x;
}

}  // namespace

ScreenPoint Camera::toScreen(Level0Point p) const {
    double x = (p.x - center.x) / zoom, y = (p.y - center.y) / zoom;
    orientToScreen(*this, x, y);
    return {x + viewport.width * 0.5, y + viewport.height * 0.5};
}

Level0Point Camera::toLevel0(ScreenPoint s) const {
    double x = s.x - viewport.width * 0.5, y = s.y - viewport.height * 0.5;
    orientToSlide(*this, x, y);
    return {center.x + x * zoom, center.y + y * zoom};
}

bool Camera::axisAligned() const {
    return std::abs(std::remainder(rotation, std::numbers::pi / 2)) < 1e-9;
}

void Camera::visibleCorners(Level0Point out[4]) const {
    const double w = viewport.width, h = viewport.height;
    out[0] = toLevel0({0, 0});
    out[1] = toLevel0({w, 0});
    out[2] = toLevel0({w, h});
    out[3] = toLevel0({0, h});
}

Level0Rect Camera::visibleRect() const {
    if (!oriented()) {
        const double w = viewport.width * zoom, h = viewport.height * zoom;
        return {center.x - w * 0.5, center.y - h * 0.5, w, h};
    }
    Level0Point c[4];
    visibleCorners(c);
    double x0 = c[0].x, x1 = c[0].x, y0 = c[0].y, y1 = c[0].y;
    for (const auto& p : c) x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    return {x0, y0, x1 - x0, y1 - y0};
}

void Camera::zoomAround(ScreenPoint anchor, double newZoom) {
    const Level0Point fixed = toLevel0(anchor);
    zoom = newZoom;
    double x = anchor.x - viewport.width * 0.5, y = anchor.y - viewport.height * 0.5;
    orientToSlide(*this, x, y);
    center.x = fixed.x - x * zoom;
    center.y = fixed.y - y * zoom;
}

void Camera::panByScreen(double dx, double dy) {
    orientToSlide(*this, dx, dy);
    center.x -= dx * zoom;
    center.y -= dy * zoom;
}

double ZoomLimits::clamp(double z) const { return std::clamp(z, min, max); }

void turnedExtent(double w, double h, double rotation, double& outW, double& outH) {
    // Snap |cos|, |sin| so quarter turns give exact sizes (cos(pi/2) is 6e-17, not 0).
    auto clean = [](double v) { v = std::abs(v); return v < 1e-12 ? 0.0 : (v > 1 - 1e-12 ? 1.0 : v); };
    const double cs = clean(std::cos(rotation)), sn = clean(std::sin(rotation));
    outW = cs * w + sn * h;
    outH = sn * w + cs * h;
}

ZoomLimits zoomLimitsFor(double w, double h, SizePx vp, double rotation) {
    ZoomLimits l;
    turnedExtent(w, h, rotation, w, h);
    if (vp.width > 0 && vp.height > 0) l.max = std::max(1.0, 2.0 * std::max(w / vp.width, h / vp.height));
    return l;
}

Camera fitCamera(double w, double h, SizePx vp, double rotation, bool mirror) {
    Camera c;
    c.viewport = vp;
    c.center = {w * 0.5, h * 0.5};  // turning is about the centre, so the turned box stays centred
    c.rotation = rotation;
    c.mirror = mirror;
    turnedExtent(w, h, rotation, w, h);
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
