// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::ui {
class SlideDocument;

// Everything known about a slide: vendor, size, levels, scale and where it came from, objective,
// associated images (label, macro, thumbnail) as pictures, and all raw properties.
// Returns true when the user asked to set or calibrate the scale.
bool drawPropertiesPanel(const SlideDocument& doc, float width);

}  // namespace histomark::ui
