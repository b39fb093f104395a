// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

// Deterministic hashing and noise. Everything the sample generator draws derives from these pure
// functions of (seed, position), so any region can be painted without global state.
namespace histomark::samples {

inline uint64_t mix64(uint64_t z) {  // splitmix64 finaliser
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline uint64_t hash3(uint64_t seed, int64_t a, int64_t b) {
    return mix64(seed ^ mix64(uint64_t(a) * 0xD1B54A32D192ED03ull + mix64(uint64_t(b))));
}

inline double unitOf(uint64_t h) { return double(h >> 11) * 0x1.0p-53; }  // [0, 1)

// Cheap per-pixel hash for grain noise (32-bit, good enough for luminance jitter).
inline uint32_t pixelHash(int64_t x, int64_t y, uint32_t seed) {
    uint32_t h = uint32_t(x) * 0x9E3779B1u ^ uint32_t(y) * 0x85EBCA77u ^ seed;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    return h ^ (h >> 15);
}

// A small generator for drawing several values from one hash (splitmix64 sequence).
class Rng {
public:
    explicit Rng(uint64_t seed) : m_state(seed) {}
    uint64_t next() { return mix64(m_state += 0x9E3779B97F4A7C15ull); }
    double uniform() { return unitOf(next()); }
    double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }

private:
    uint64_t m_state;
};

inline double smoothstep(double e0, double e1, double x) {
    double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// Smooth value noise in [0, 1) with lattice spacing 1 (quintic fade, so it has no visible grid).
inline double valueNoise(uint64_t seed, double x, double y) {
    double fx = std::floor(x), fy = std::floor(y);
    int64_t ix = int64_t(fx), iy = int64_t(fy);
    double u = x - fx, v = y - fy;
    u = u * u * u * (u * (u * 6 - 15) + 10);
    v = v * v * v * (v * (v * 6 - 15) + 10);
    double a = unitOf(hash3(seed, ix, iy)), b = unitOf(hash3(seed, ix + 1, iy));
    double c = unitOf(hash3(seed, ix, iy + 1)), d = unitOf(hash3(seed, ix + 1, iy + 1));
    return (a + (b - a) * u) * (1 - v) + (c + (d - c) * u) * v;
}

// Two octaves of value noise, still in [0, 1).
inline double fbm2(uint64_t seed, double x, double y) {
    return (2 * valueNoise(seed, x, y) + valueNoise(seed + 1, 2.03 * x + 17.1, 2.03 * y - 5.3)) / 3;
}

}  // namespace histomark::samples
