// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

// Units live in the type names: Level0* is in level-0 (full resolution) pixels of a slide,
// Screen* in window pixels, *Px in pixels of the level named beside it, Um in micrometres.
namespace histomark::core {

struct Level0Point {
    double x = 0, y = 0;
    bool operator==(const Level0Point&) const = default;
};

struct ScreenPoint {
    double x = 0, y = 0;
};

struct SizePx {
    int width = 0, height = 0;
    int64_t area() const { return int64_t(width) * height; }
};

// Axis-aligned rectangle in level-0 pixels, [x, x + width) x [y, y + height).
struct Level0Rect {
    double x = 0, y = 0, width = 0, height = 0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
    bool intersects(const Level0Rect& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
    bool contains(Level0Point p) const { return p.x >= x && p.x < right() && p.y >= y && p.y < bottom(); }
    // The common part (width and height 0 when there is none).
    Level0Rect intersection(const Level0Rect& o) const {
        const double l = std::max(x, o.x), t = std::max(y, o.y);
        return {l, t, std::max(0.0, std::min(right(), o.right()) - l), std::max(0.0, std::min(bottom(), o.bottom()) - t)};
    }
};

inline double distance(Level0Point a, Level0Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace histomark::core
