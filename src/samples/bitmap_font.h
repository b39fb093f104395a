// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string_view>

#include "core/rgba_image.h"

namespace histomark::samples {

// A tiny built-in 5 x 7 bitmap font for slide labels: A-Z, 0-9 and - & . : / # ( ) +; lower case
// is drawn as upper case, anything else as a space.
constexpr int kGlyphWidth = 5, kGlyphHeight = 7;

// Width in pixels of `text` drawn at `scale` (one font pixel = scale x scale), with one font pixel
// of spacing between glyphs.
int textWidth(std::string_view text, int scale);

// Draws `text` with its top-left corner at (x, y), clipped to the image.
void drawText(core::RgbaImage& img, int x, int y, std::string_view text, int scale, uint8_t r, uint8_t g, uint8_t b);

}  // namespace histomark::samples
