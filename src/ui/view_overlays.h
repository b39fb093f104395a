// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

struct ImDrawList;
struct ImVec2;

// Drawing helpers for what sits on top of a slide view: scale bar, magnification badge, banners.
namespace histomark::ui::overlays {

// A 1-2-5 scale bar at the bottom-left of the view; "scale unknown" when umPerScreenPx is empty.
void scaleBar(ImDrawList* dl, const ImVec2& viewMin, const ImVec2& viewMax, std::optional<double> umPerScreenPx);
void magnificationBadge(ImDrawList* dl, const ImVec2& viewMin, const std::string& label);
// Under the magnification badge when the view is turned or mirrored (e.g. "turned 35°, mirrored"),
// so nobody mistakes a turned view for the slide as it lies on the glass. Nothing when neither.
void orientationBadge(ImDrawList* dl, const ImVec2& viewMin, double rotationRadians, bool mirror);
std::string orientationLabel(double rotationRadians, bool mirror);  // "" when not turned or mirrored
void loadingBadge(ImDrawList* dl, const ImVec2& viewMin, const ImVec2& viewMax, int pendingTiles);
// A full-width message box at the top of the view (errors: red, notes: amber).
void banner(ImDrawList* dl, const ImVec2& viewMin, const ImVec2& viewMax, const std::string& text, bool error);
void centredText(ImDrawList* dl, const ImVec2& viewMin, const ImVec2& viewMax, const std::string& text);

}  // namespace histomark::ui::overlays
