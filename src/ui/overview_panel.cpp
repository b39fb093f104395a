// SPDX-License-Identifier: MIT
#include "ui/overview_panel.h"

#include <imgui.h>

#include <algorithm>

#include "ui/slide_view.h"

namespace histomark::ui {

void drawOverviewPanel(SlideView& view, float width, float maxHeight) {
    const SlideDocument& doc = *view.document();
    if (!doc.ready() || !doc.overview().valid() || !view.hasCamera()) {
        ImGui::TextDisabled("No overview");
        return;
    }
    const double sw = double(doc.info().width()), sh = double(doc.info().height());
    const float scale = float(std::min(double(width) / sw, double(maxHeight) / sh));
    const ImVec2 size(float(sw) * scale, float(sh) * scale);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##overview", size);
    float* r = view.overviewRect();
    r[0] = p0.x, r[1] = p0.y, r[2] = p0.x + size.x, r[3] = p0.y + size.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(reinterpret_cast<ImTextureID>(intptr_t(doc.overview().id())), p0, ImVec2(p0.x + size.x, p0.y + size.y));
    dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(90, 90, 90, 255));
    if (ImGui::IsItemActive()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        view.centerOn({(m.x - p0.x) / scale, (m.y - p0.y) / scale});
    }
    // The visible area as the viewport's four corners: a turned view is a turned rectangle here.
    core::Level0Point corners[4];
    view.camera().visibleCorners(corners);
    ImVec2 poly[4];
    float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
    for (int i = 0; i < 4; ++i) {
        poly[i] = ImVec2(p0.x + float(corners[i].x * scale), p0.y + float(corners[i].y * scale));
        x0 = std::min(x0, poly[i].x), y0 = std::min(y0, poly[i].y);
        x1 = std::max(x1, poly[i].x), y1 = std::max(y1, poly[i].y);
    }
    dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    const ImU32 colour = IM_COL32(0, 200, 255, 255);
    if (x1 - x0 < 3 && y1 - y0 < 3) {  // deep zoom: keep a visible mark
        const ImVec2 c((x0 + x1) * 0.5f, (y0 + y1) * 0.5f);
        dl->AddRect(ImVec2(c.x - 1.5f, c.y - 1.5f), ImVec2(c.x + 1.5f, c.y + 1.5f), colour, 0, 0, 2);
    } else {
        dl->AddPolyline(poly, 4, colour, ImDrawFlags_Closed, 2);
        // Turned: a dot on the edge that is the top of the screen, so "up" can be read off.
        if (view.camera().oriented())
            dl->AddCircleFilled(ImVec2((poly[0].x + poly[1].x) * 0.5f, (poly[0].y + poly[1].y) * 0.5f), 3, colour);
    }
    dl->PopClipRect();
}

}  // namespace histomark::ui
