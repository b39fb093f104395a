// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

#include "core/result.h"
#include "core/rgba_image.h"

namespace histomark::slide {

// JPEG-compressed TIFFs whose tiles are YCbCr JFIF streams while the TIFF says Photometric = RGB,
// as Bio-Formats writes OME-TIFF (QuPath exports). libtiff trusts the tag: it rejects the tiles
// ("Improper JPEG sampling factors", so OpenCV cannot read the file at all) or hands out the raw
// Y/Cb/Cr values as R/G/B (false pink and green in vips and others). Here each tile's JPEG stream
// goes to libjpeg-turbo, which follows the stream's own colour space (JFIF = YCbCr).

// True when page 0 of `path` is an 8-bit, 3-sample, chunky, JPEG-compressed TIFF tagged RGB whose
// first tile or strip is YCbCr-coded (a JFIF marker, or subsampled chroma, which RGB never has).
// False for everything else, non-TIFF files included.
bool isYcbcrJpegTaggedRgb(const std::string& path);

// Decodes page 0 of such a TIFF (tiled or stripped) to opaque RGBA. Fails with a message when the
// image is larger than `maxPixels` or a tile is missing, truncated or damaged.
core::Result<core::RgbaImage> decodeYcbcrJpegTiff(const std::string& path, int64_t maxPixels);

}  // namespace histomark::slide
