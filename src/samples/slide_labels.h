// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/rgba_image.h"
#include "samples/stain.h"

namespace histomark::samples {

// The printed slide label a scanner photographs: "HISTOMARK DEMO", the accession, the stain in
// large type and a 2-D barcode pattern derived from the text. 560 x 520 px.
core::RgbaImage makeLabel(const std::string& accession, Stain stain);

// The scanner's macro photo of the whole glass slide (76 x 26 mm, 1280 x 440 px): the label at the
// left end and the tissue at its true physical size, taken from `thumbnail`.
core::RgbaImage makeMacro(const core::RgbaImage& label, const core::RgbaImage& thumbnail, double tissueWidthUm,
                          double tissueHeightUm);

// Box-filter (area average) resize; alpha is set to 255.
core::RgbaImage resizeArea(const core::RgbaImage& src, int width, int height);

}  // namespace histomark::samples
