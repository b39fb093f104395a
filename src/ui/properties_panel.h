// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::ui {
class SlideDocument;

// Everything known about a slide: vendor, size, levels, scale and where it came from, objective,
// associated images (label, macro, thumbnail) as pictures, and all raw properties.
// Returns true when the user asked to set or calibrate the scale. `blinded` (quiz mode) leaves out
// what may name the case or its diagnosis: the file's path, the label and macro pictures, the raw
// properties.
bool drawPropertiesPanel(const SlideDocument& doc, float width, bool blinded = false);

}  // namespace histomark::ui
