// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "core/rgba_image.h"

namespace histomark::app {

// Writes an RGBA image as an RGB PNG (slide pixels are opaque); a name ending .jpg, .jpeg, .tif,
// .tiff or .bmp gets that format instead. The error names the path and says why (a folder, a full
// disk, a missing folder); a regular file left half-written is removed.
core::Status writePng(const core::RgbaImage& image, const std::string& path);

}  // namespace histomark::app
