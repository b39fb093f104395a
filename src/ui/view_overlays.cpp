// SPDX-License-Identifier: MIT
#include "ui/view_overlays.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/scale_bar.h"

namespace histomark::ui::overlays {
namespace {

void boxedText(ImDrawList* dl, ImVec2 pos, const std::string& text, ImU32 bg, ImU32 fg) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    dl->AddRectFilled(ImVec2(pos.x - 6, pos.y - 3), ImVec2(pos.x + size.x + 6, pos.y + size.y + 3), bg, 4);
    dl->AddText(pos, fg, text.c_str());
}

}  // namespace

void scaleBar(ImDrawList* dl, const ImVec2& vmin, const ImVec2& vmax, std::optional<double> umPerPx) {
    const float x = vmin.x + 16, y = vmax.y - 18;
    if (!umPerPx) {
        boxedText(dl, ImVec2(x, y - 16), "scale unknown (Slide > Set scale)", IM_COL32(40, 40, 40, 200),
                  IM_COL32(255, 210, 120, 255));
        return;
    }
    const float maxPx = std::min(220.0f, (vmax.x - vmin.x) * 0.35f);
    auto bar = core::chooseScaleBar(*umPerPx, maxPx);
    if (!bar) return;
    const float len = float(bar->lengthScreenPx);
    const ImVec2 textSize = ImGui::CalcTextSize(bar->label.c_str());
    const float boxW = std::max(len, textSize.x) + 16;
    dl->AddRectFilled(ImVec2(x - 8, y - textSize.y - 12), ImVec2(x - 8 + boxW, y + 10), IM_COL32(255, 255, 255, 215), 4);
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + len, y + 5), IM_COL32(0, 0, 0, 255));
    dl->AddText(ImVec2(x + (len - textSize.x) * 0.5f, y - textSize.y - 4), IM_COL32(0, 0, 0, 255), bar->label.c_str());
}

void magnificationBadge(ImDrawList* dl, const ImVec2& vmin, const std::string& label) {
    boxedText(dl, ImVec2(vmin.x + 14, vmin.y + 10), label, IM_COL32(20, 20, 24, 200), IM_COL32(255, 255, 255, 255));
}

std::string orientationLabel(double rotation, bool mirror) {
    // Whole degrees clockwise in [0, 360): serial-section alignment is not finer than that on screen.
    long deg = std::lround(rotation * 180.0 / 3.14159265358979323846) % 360;
    if (deg < 0) deg += 360;
    std::string text = deg != 0 ? "turned " + std::to_string(deg) + "°" : "";
    if (mirror) text += text.empty() ? "mirrored" : ", mirrored";
    return text;
}

void orientationBadge(ImDrawList* dl, const ImVec2& vmin, double rotation, bool mirror) {
    const std::string text = orientationLabel(rotation, mirror);
    if (text.empty()) return;
    const float below = ImGui::GetFontSize() + 14;  // one badge row under the magnification
    boxedText(dl, ImVec2(vmin.x + 14, vmin.y + 10 + below), text, IM_COL32(20, 20, 24, 170),
              IM_COL32(255, 225, 150, 255));
}

void loadingBadge(ImDrawList* dl, const ImVec2& vmin, const ImVec2& vmax, int pending) {
    if (pending <= 0) return;
    const std::string text = "loading " + std::to_string(pending) + " tiles";
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    (void)vmin;
    boxedText(dl, ImVec2(vmax.x - size.x - 16, vmin.y + 10), text, IM_COL32(20, 20, 24, 170), IM_COL32(200, 220, 255, 255));
}

void banner(ImDrawList* dl, const ImVec2& vmin, const ImVec2& vmax, const std::string& text, bool error) {
    const float wrap = vmax.x - vmin.x - 40;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImU32 bg = error ? IM_COL32(150, 24, 24, 235) : IM_COL32(150, 100, 10, 235);
    dl->AddRectFilled(ImVec2(vmin.x + 10, vmin.y + 40), ImVec2(vmax.x - 10, vmin.y + 52 + size.y), bg, 4);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(vmin.x + 20, vmin.y + 46), IM_COL32(255, 255, 255, 255),
                text.c_str(), nullptr, wrap);
}

void centredText(ImDrawList* dl, const ImVec2& vmin, const ImVec2& vmax, const std::string& text) {
    const float wrap = std::min(600.0f, vmax.x - vmin.x - 40);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 pos((vmin.x + vmax.x - size.x) * 0.5f, (vmin.y + vmax.y - size.y) * 0.5f);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos, IM_COL32(230, 230, 230, 255), text.c_str(), nullptr, wrap);
}

}  // namespace histomark::ui::overlays
