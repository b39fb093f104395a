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
    const core::Level0Rect visible = view.camera().visibleRect();
    dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    const ImVec2 a(p0.x + float(visible.x) * scale, p0.y + float(visible.y) * scale);
    const ImVec2 b(p0.x + float(visible.right()) * scale, p0.y + float(visible.bottom()) * scale);
    dl->AddRect(a, ImVec2(std::max(b.x, a.x + 3), std::max(b.y, a.y + 3)), IM_COL32(0, 200, 255, 255), 0, 0, 2);
    dl->PopClipRect();
}

}  // namespace histomark::ui
