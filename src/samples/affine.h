// SPDX-License-Identifier: MIT
#pragma once
#include <cmath>

namespace histomark::samples {

// A 2-D affine map  x' = a x + b y + tx,  y' = c x + d y + ty  (the 2x3 matrix of truth.json).
struct Affine {
    double a = 1, b = 0, tx = 0;
    double c = 0, d = 1, ty = 0;

    void apply(double x, double y, double& ox, double& oy) const {
        ox = a * x + b * y + tx;
        oy = c * x + d * y + ty;
    }
    // The linear part only (directions, offsets).
    void applyLinear(double x, double y, double& ox, double& oy) const {
        ox = a * x + b * y;
        oy = c * x + d * y;
    }
    double determinant() const { return a * d - b * c; }
    double scale() const { return std::sqrt(std::abs(determinant())); }
    Affine inverse() const {
        double det = determinant();
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
    static Affine scaling(double s) { return {s, 0, 0, 0, s, 0}; }
    static Affine translation(double x, double y) { return {1, 0, x, 0, 1, y}; }
    static Affine rotation(double radians) {
        double cs = std::cos(radians), sn = std::sin(radians);
        return {cs, -sn, 0, sn, cs, 0};
    }
    static Affine mirrorX() { return {-1, 0, 0, 0, 1, 0}; }
};

}  // namespace histomark::samples
