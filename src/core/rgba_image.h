// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace histomark::core {

// A plain straight-alpha RGBA8 pixel buffer, rows top to bottom, no padding.
// Slide readers return opaque pixels (alpha 255): transparent slide areas are composited on white.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 4 bytes

    RgbaImage() = default;
    RgbaImage(int w, int h) : width(w), height(h), pixels(size_t(w) * size_t(h) * 4, 0) {}

    size_t byteSize() const { return pixels.size(); }
    bool empty() const { return width <= 0 || height <= 0; }
    uint8_t* at(int x, int y) { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
    const uint8_t* at(int x, int y) const { return pixels.data() + (size_t(y) * size_t(width) + size_t(x)) * 4; }
    void fill(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
        for (size_t i = 0; i < pixels.size(); i += 4) {
            pixels[i] = r, pixels[i + 1] = g, pixels[i + 2] = b, pixels[i + 3] = a;
        }
    }
};

}  // namespace histomark::core
