// SPDX-License-Identifier: MIT
#pragma once
#include <cmath>

#include "core/units.h"

namespace histomark::core {

// A 2-D affine map  x' = a x + b y + tx,  y' = c x + d y + ty  (a 2x3 matrix, rows [a b tx], [c d ty]).
// Serial-section transforms use it: a case slide's `toReference` maps its level-0 pixels onto the
// reference (H&E) slide's level-0 pixels.
struct Affine {
    double a = 1, b = 0, tx = 0;
    double c = 0, d = 1, ty = 0;

    void apply(double x, double y, double& ox, double& oy) const {
        ox = a * x + b * y + tx;
        oy = c * x + d * y + ty;
    }
    Level0Point apply(Level0Point p) const { return {a * p.x + b * p.y + tx, c * p.x + d * p.y + ty}; }
    // The linear part only (directions, offsets).
    void applyLinear(double x, double y, double& ox, double& oy) const {
        ox = a * x + b * y;
        oy = c * x + d * y;
    }
    double determinant() const { return a * d - b * c; }
    double scale() const { return std::sqrt(std::abs(determinant())); }
    bool mirrored() const { return determinant() < 0; }
    bool invertible() const { return std::isfinite(determinant()) && std::abs(determinant()) > 1e-12; }
    // Rotation of the closest similarity, in degrees (after undoing a mirror about the x axis).
    double rotationDegrees() const {
        const double cc = mirrored() ? -a : a, ss = c;  // mirrorX flips the sign of the first column
        return std::atan2(ss, cc) * 180.0 / 3.14159265358979323846;
    }
    Affine inverse() const {
        const double det = determinant();
        Affine r{d / det, -b / det, 0, -c / det, a / det, 0};
        r.tx = -(r.a * tx + r.b * ty);
        r.ty = -(r.c * tx + r.d * ty);
        return r;
    }
    // First *this, then `next`.
    Affine then(const Affine& n) const {
        return {n.a * a + n.b * c, n.a * b + n.b * d, n.a * tx + n.b * ty + n.tx,
                n.c * a + n.d * c, n.c * b + n.d * d, n.c * tx + n.d * ty + n.ty};
    }
    bool isIdentity(double eps = 1e-12) const {
        return std::abs(a - 1) < eps && std::abs(b) < eps && std::abs(tx) < eps && std::abs(c) < eps &&
               std::abs(d - 1) < eps && std::abs(ty) < eps;
    }
    bool operator==(const Affine&) const = default;

    static Affine identity() { return {}; }
    static Affine scaling(double s) { return {s, 0, 0, 0, s, 0}; }
    static Affine scaling(double sx, double sy) { return {sx, 0, 0, 0, sy, 0}; }
    static Affine translation(double x, double y) { return {1, 0, x, 0, 1, y}; }
    static Affine rotation(double radians) {
        const double cs = std::cos(radians), sn = std::sin(radians);
        return {cs, -sn, 0, sn, cs, 0};
    }
    static Affine mirrorX() { return {-1, 0, 0, 0, 1, 0}; }
};

}  // namespace histomark::core
