// SPDX-License-Identifier: MIT
#include "core/annotation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace histomark::core {

const char* shapeKindName(ShapeKind k) {
    switch (k) {
        case ShapeKind::Point: return "point";
        case ShapeKind::Rectangle: return "rectangle";
        case ShapeKind::Ellipse: return "ellipse";
        case ShapeKind::Polygon: return "polygon";
        case ShapeKind::Freehand: return "freehand";
    }
    return "point";
}

std::optional<ShapeKind> parseShapeKind(const std::string& name) {
    for (ShapeKind k : {ShapeKind::Point, ShapeKind::Rectangle, ShapeKind::Ellipse, ShapeKind::Polygon,
                        ShapeKind::Freehand})
        if (name == shapeKindName(k)) return k;
    return std::nullopt;
}

const std::vector<AnnotationClass>& defaultAnnotationClasses() {
    // Mitotic figure in the pink MIDOG uses; look-alikes in a cold blue so the two never blur.
    static const std::vector<AnnotationClass> classes = {
        {kMitoticFigure, 0xfc7ca7}, {kLookAlike, 0x3c9cf0}, {kUncertain, 0xf4c430},
        {kTumourRegion, 0x34c759},  {kNecrosis, 0x8e5a2b},
    };
    return classes;
}

const AnnotationClass* defaultAnnotationClass(const std::string& name) {
    for (const AnnotationClass& c : defaultAnnotationClasses())
        if (c.name == name) return &c;
    return nullptr;
}

bool sameClass(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

Level0Point Annotation::centre() const {
    if (points.empty()) return {};
    if (kind == ShapeKind::Point) return points[0];
    const Level0Rect b = bounds();
    if (kind == ShapeKind::Rectangle || kind == ShapeKind::Ellipse) return {b.x + b.width / 2, b.y + b.height / 2};
    // Polygon centroid (area-weighted); the vertex mean for a degenerate one.
    double a = 0, cx = 0, cy = 0;
    for (size_t i = 0; i < points.size(); ++i) {
        const Level0Point p = points[i], q = points[(i + 1) % points.size()];
        const double cross = p.x * q.y - q.x * p.y;
        a += cross, cx += (p.x + q.x) * cross, cy += (p.y + q.y) * cross;
    }
    if (std::abs(a) < 1e-9) {
        for (const Level0Point& p : points) cx += p.x, cy += p.y;
        return {cx / double(points.size()), cy / double(points.size())};
    }
    return {cx / (3 * a), cy / (3 * a)};
}

Level0Rect Annotation::bounds() const {
    if (points.empty()) return {};
    double x0 = points[0].x, y0 = points[0].y, x1 = x0, y1 = y0;
    for (const Level0Point& p : points) {
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

Level0Rect boundsOf(const std::vector<Annotation>& marks) {
    if (marks.empty()) return {};
    Level0Rect box = marks.front().bounds();
    for (const Annotation& a : marks) {
        const Level0Rect b = a.bounds();
        const double x1 = std::max(box.right(), b.right()), y1 = std::max(box.bottom(), b.bottom());
        box.x = std::min(box.x, b.x), box.y = std::min(box.y, b.y);
        box.width = x1 - box.x, box.height = y1 - box.y;
    }
    return box;
}

double Annotation::areaPx() const {
    switch (kind) {
        case ShapeKind::Point: return 0;
        case ShapeKind::Rectangle: {
            const Level0Rect b = bounds();
            return b.width * b.height;
        }
        case ShapeKind::Ellipse: {
            const Level0Rect b = bounds();
            return std::numbers::pi * b.width * b.height / 4;
        }
        case ShapeKind::Polygon:
        case ShapeKind::Freehand: {
            double twice = 0;
            for (size_t i = 0; i < points.size(); ++i) {
                const Level0Point p = points[i], q = points[(i + 1) % points.size()];
                twice += p.x * q.y - q.x * p.y;
            }
            return std::abs(twice) / 2;
        }
    }
    return 0;
}

bool Annotation::contains(Level0Point p) const {
    const Level0Rect b = bounds();
    switch (kind) {
        case ShapeKind::Point: return false;
        case ShapeKind::Rectangle: return p.x >= b.x && p.x <= b.right() && p.y >= b.y && p.y <= b.bottom();
        case ShapeKind::Ellipse: {
            if (b.width <= 0 || b.height <= 0) return false;
            const double dx = (p.x - (b.x + b.width / 2)) / (b.width / 2);
            const double dy = (p.y - (b.y + b.height / 2)) / (b.height / 2);
            return dx * dx + dy * dy <= 1;
        }
        case ShapeKind::Polygon:
        case ShapeKind::Freehand: {
            // Even-odd ray casting.
            bool inside = false;
            for (size_t i = 0, j = points.size() - 1; i < points.size(); j = i++) {
                const Level0Point a = points[i], c = points[j];
                if ((a.y > p.y) != (c.y > p.y) && p.x < (c.x - a.x) * (p.y - a.y) / (c.y - a.y) + a.x) inside = !inside;
            }
            return inside;
        }
    }
    return false;
}

std::optional<std::string> geometryProblem(const Annotation& a) {
    for (const Level0Point& p : a.points)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return "a coordinate is not a number";
        else if (std::abs(p.x) > 1e9 || std::abs(p.y) > 1e9) return "a coordinate lies beyond any slide (over 10^9 px)";
    const size_t n = a.points.size();
    switch (a.kind) {
        case ShapeKind::Point:
            if (n != 1) return "a point needs exactly one coordinate";
            break;
        case ShapeKind::Rectangle:
        case ShapeKind::Ellipse:
            if (n != 2) return std::string("a ") + shapeKindName(a.kind) + " needs two corners";
            break;
        case ShapeKind::Polygon:
        case ShapeKind::Freehand:
            if (n < 3) return std::string("a ") + shapeKindName(a.kind) + " needs at least three vertices";
            break;
    }
    return std::nullopt;
}

std::optional<std::string> outsideSlideWarning(const std::vector<Annotation>& marks, int64_t width, int64_t height) {
    if (width <= 0 || height <= 0 || marks.empty()) return std::nullopt;
    size_t outside = 0;
    for (const Annotation& a : marks) {
        const Level0Rect b = a.bounds();
        outside += b.right() < 0 || b.bottom() < 0 || b.x > double(width) || b.y > double(height);
    }
    if (outside == 0) return std::nullopt;
    return std::to_string(outside) + " of " + std::to_string(marks.size()) + " marks lie outside the slide (" + std::to_string(width) +
           " x " + std::to_string(height) + " px): the labels of another image, or coordinates in other units?";
}

}  // namespace histomark::core
