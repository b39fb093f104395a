// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "core/rgba_image.h"

namespace histomark::app {

// Writes an RGBA image as an RGB PNG (slide pixels are opaque). The error names the path.
core::Status writePng(const core::RgbaImage& image, const std::string& path);

}  // namespace histomark::app
