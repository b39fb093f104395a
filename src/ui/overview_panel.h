// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::ui {
class SlideView;

// The minimap: the whole slide with the visible area outlined; click or drag to move there.
void drawOverviewPanel(SlideView& view, float width, float maxHeight);

}  // namespace histomark::ui
