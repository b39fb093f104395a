// SPDX-License-Identifier: MIT
#include "ui/slide_view.h"

#include <GLFW/glfw3.h>  // key codes: ImGui 1.86's GLFW backend indexes KeysDown by them
#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "core/scale_bar.h"
#include "core/tile_plan.h"
#include "render/gpu_tile_cache.h"
#include "ui/view_overlays.h"

namespace histomark::ui {

namespace {
constexpr double kWheelStep = 1.25;  // zoom factor per wheel notch
}

SlideView::SlideView(std::shared_ptr<SlideDocument> doc, slide::OwnerId owner) : m_doc(std::move(doc)), m_owner(owner) {}

void SlideView::clampCamera() {
    const auto& info = m_doc->info();
    m_camera.zoom = core::zoomLimitsFor(double(info.width()), double(info.height()), m_camera.viewport, m_camera.rotation)
                        .clamp(m_camera.zoom);
    core::clampCenter(m_camera, double(info.width()), double(info.height()));
}

void SlideView::fit() {
    if (!m_doc->ready()) return;
    // A linked serial section keeps the way up it was given; its turned bounding box is what fits.
    m_camera = core::fitCamera(double(m_doc->info().width()), double(m_doc->info().height()), m_camera.viewport,
                               m_camera.rotation, m_camera.mirror);
    m_navigated = true;
}

void SlideView::setMagnification(double mag) {
    if (!m_doc->ready() || mag <= 0) return;
    m_camera.zoom = m_doc->magnification().zoomFor(mag);
    clampCamera();
    m_navigated = true;
}

void SlideView::zoomBy(double factor) {
    if (factor <= 0) return;
    m_camera.zoom /= factor;
    clampCamera();
    m_navigated = true;
}

void SlideView::centerOn(core::Level0Point p) {
    m_camera.center = p;
    clampCamera();
    m_navigated = true;
}

void SlideView::panByScreen(double dx, double dy) {
    m_camera.panByScreen(dx, dy);
    clampCamera();
    m_navigated = true;
}

void SlideView::setCamera(const core::Camera& cam) {
    const core::SizePx vp = m_camera.viewport;
    m_camera = cam;
    if (vp.width > 0) m_camera.viewport = vp;
    m_hasCamera = m_doc->ready();
    // The zoom is kept in range, but not the centre: a serial section shifted on its glass may
    // have the leader's tissue near or past its own edge, and must still show that place.
    if (m_hasCamera) {
        const auto& info = m_doc->info();
        m_camera.zoom = core::zoomLimitsFor(double(info.width()), double(info.height()), m_camera.viewport, m_camera.rotation)
                            .clamp(m_camera.zoom);
    }
}

std::optional<double> SlideView::takeCalibrationLength() {
    if (m_calibrationResult) m_calibrationLine.reset();
    return std::exchange(m_calibrationResult, std::nullopt);
}

void SlideView::draw(ViewerContext& ctx, float width, float height, bool focused) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    width = std::max(width, 8.0f), height = std::max(height, 8.0f);
    ImGui::InvisibleButton("##slide", ImVec2(width, height),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + width, p0.y + height);
    m_screenRect[0] = p0.x, m_screenRect[1] = p0.y, m_screenRect[2] = p1.x, m_screenRect[3] = p1.y;

    if (!m_doc->ready()) {
        dl->AddRectFilled(p0, p1, IM_COL32(48, 48, 53, 255));
        if (m_doc->state() == SlideDocument::State::Failed)
            overlays::banner(dl, p0, p1, m_doc->error(), true);
        else if (const float f = m_doc->openProgress(); f > 0)
            // A single-level slide decodes every tile for its overview: minutes for tens of GPix.
        {
            char done[16];
            std::snprintf(done, sizeof done, f < 0.1f ? "%.1f %%" : "%.0f %%", double(f) * 100);
            overlays::centredText(dl, p0, p1, "Opening " + m_doc->title() + " ... reading the whole slide for its overview, " + done);
        }
        else
            overlays::centredText(dl, p0, p1, "Opening " + m_doc->title() + " ...");
        return;
    }
    m_camera.viewport = {int(width), int(height)};
    if (!m_hasCamera) {
        if (m_initialView) {
            m_camera.center = {m_initialView->centerX, m_initialView->centerY};
            m_camera.zoom = m_initialView->zoom;
            clampCamera();
        } else {
            fit();
            m_navigated = false;  // the first fit is not the user moving
        }
        m_hasCamera = true;
    }
    handleMouse(p0.x, p0.y);
    if (focused) handleKeys();
    m_doc->refreshFailure();
    requestTiles(ctx);

    m_fbo.resize(int(width), int(height));
    m_fbo.bind();
    render::TileDrawOptions opt;
    opt.failed = !m_doc->error().empty();
    opt.stains = m_stainDisplay;
    m_stats = ctx.renderer.draw(m_camera, m_doc->grid(), m_doc->id(), ctx.gpu, &m_doc->overview(), opt);
    render::Framebuffer::bindDefault(int(width), int(height));
    // The framebuffer's first row is the bottom of the view: flip vertically when showing it.
    dl->AddImage(reinterpret_cast<ImTextureID>(intptr_t(m_fbo.texture())), p0, p1, ImVec2(0, 1), ImVec2(1, 0));
    if (m_comparison) drawComparison(p0.x, p0.y, p1.x, p1.y);
    drawOverlays(p0.x, p0.y, p1.x, p1.y);
}

void SlideView::handleMouse(float x0, float y0) {
    ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsItemHovered();
    const core::ScreenPoint mouse{io.MousePos.x - x0, io.MousePos.y - y0};
    m_cursor.reset();
    if (hovered) m_cursor = m_camera.toLevel0(mouse);

    if (m_calibrating) {
        if (ImGui::IsItemActivated()) m_calibrationLine = {m_camera.toLevel0(mouse), m_camera.toLevel0(mouse)};
        if (ImGui::IsItemActive() && m_calibrationLine) m_calibrationLine->second = m_camera.toLevel0(mouse);
        if (ImGui::IsItemDeactivated() && m_calibrationLine) {
            const double len = core::distance(m_calibrationLine->first, m_calibrationLine->second);
            if (len > 1) m_calibrationResult = len;
            m_calibrating = false;
        }
        return;
    }
    if (ImGui::IsItemActivated()) {
        m_pressX = io.MousePos.x, m_pressY = io.MousePos.y;
        m_leftPress = ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    }
    const bool moved = std::hypot(io.MousePos.x - m_pressX, io.MousePos.y - m_pressY) >= 4;
    const bool dragging = ImGui::IsItemActive() && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0);
    if (m_toolMode && m_leftPress) {
        // The left button drives the tool.
        auto event = [&](PointerEvent::Type t) { m_pointer.push_back({t, m_camera.toLevel0(mouse), io.KeyShift, io.KeyCtrl}); };
        if (ImGui::IsItemActivated()) event(PointerEvent::Type::Press);
        if (dragging) event(PointerEvent::Type::Drag);
        if (ImGui::IsItemDeactivated()) {
            event(PointerEvent::Type::Release);
            if (!moved) event(PointerEvent::Type::Click);
        }
        if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) event(PointerEvent::Type::DoubleClick);
    } else {
        if (ImGui::IsItemDeactivated() && !moved && m_leftPress) m_click = m_camera.toLevel0(mouse);
        if (dragging) {
            m_camera.panByScreen(io.MouseDelta.x, io.MouseDelta.y);
            clampCamera();
            m_navigated = true;
        }
    }
    if (hovered && io.MouseWheel != 0) {
        m_camera.zoomAround(mouse, m_camera.zoom / std::pow(kWheelStep, io.MouseWheel));
        clampCamera();
        m_navigated = true;
    }
    if (hovered && !m_toolMode && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        m_camera.zoomAround(mouse, m_camera.zoom / 2);
        clampCamera();
        m_navigated = true;
    }
}

void SlideView::handleKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
    for (int i = 0; i < 6 && m_numberKeysZoom; ++i)
        if (ImGui::IsKeyPressed(GLFW_KEY_1 + i, false)) setMagnification(kMagnificationPresets[i]);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) fit();
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)) zoomBy(2);
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)) zoomBy(0.5);
    const double step = 0.25;
    const double w = m_camera.viewport.width, h = m_camera.viewport.height;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) panByScreen(w * step, 0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) panByScreen(-w * step, 0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) panByScreen(0, h * step);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) panByScreen(0, -h * step);
}

void SlideView::requestTiles(ViewerContext& ctx) {
    if (!m_doc->error().empty()) {
        ctx.loader.cancelOwner(m_owner);
        m_pending = 0;
        return;
    }
    core::TilePlan plan = core::planTiles(m_doc->grid(), m_doc->id(), m_camera, 1);
    // Only what the GPU lacks; the loader de-duplicates against what is queued or in flight.
    std::erase_if(plan.tiles, [&](const core::PlannedTile& t) { return ctx.gpu.contains(t.key); });
    m_pending = int(plan.tiles.size());
    ctx.loader.request(m_owner, m_doc->source(), plan.tiles);
}

void SlideView::drawComparison(float x0, float y0, float x1, float y1) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto tex = reinterpret_cast<ImTextureID>(intptr_t(m_comparison->texture));
    if (!m_comparison->checkerboard) {
        dl->AddImage(tex, ImVec2(x0, y0), ImVec2(x1, y1), ImVec2(0, 1), ImVec2(1, 0),
                     IM_COL32(255, 255, 255, int(m_comparison->opacity * 255)));
        return;
    }
    // Every other square shows the comparison, so edges can be followed from one to the other.
    const float cell = kCheckerCell, w = x1 - x0, h = y1 - y0;
    for (int cy = 0; float(cy) * cell < h; ++cy)
        for (int cx = 0; float(cx) * cell < w; ++cx) {
            if ((cx + cy) % 2) continue;
            const float a = float(cx) * cell, b = float(cy) * cell;
            const float c = std::min(w, a + cell), d = std::min(h, b + cell);
            dl->AddImage(tex, ImVec2(x0 + a, y0 + b), ImVec2(x0 + c, y0 + d), ImVec2(a / w, 1 - b / h), ImVec2(c / w, 1 - d / h));
        }
}

void SlideView::drawOverlays(float x0, float y0, float x1, float y1) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 vmin(x0, y0), vmax(x1, y1);
    dl->PushClipRect(vmin, vmax, true);
    if (m_painter) m_painter(dl, m_camera, x0, y0);
    overlays::magnificationBadge(dl, vmin, m_doc->magnification().label(m_camera.zoom));
    overlays::orientationBadge(dl, vmin, m_camera.rotation, m_camera.mirror);
    overlays::scaleBar(dl, vmin, vmax, core::umPerScreenPixel(m_doc->info().mpp, m_camera.zoom));
    overlays::loadingBadge(dl, vmin, vmax, m_stats.targetMissing);
    if (!m_doc->error().empty()) overlays::banner(dl, vmin, vmax, m_doc->error(), true);
    for (const ViewMarker& m : m_markers) {
        const core::ScreenPoint p = m_camera.toScreen(m.at);
        const ImVec2 c(x0 + float(p.x), y0 + float(p.y));
        if (m.crosshair) {
            dl->AddLine(ImVec2(c.x - 18, c.y), ImVec2(c.x - 4, c.y), m.colour, 2);
            dl->AddLine(ImVec2(c.x + 4, c.y), ImVec2(c.x + 18, c.y), m.colour, 2);
            dl->AddLine(ImVec2(c.x, c.y - 18), ImVec2(c.x, c.y - 4), m.colour, 2);
            dl->AddLine(ImVec2(c.x, c.y + 4), ImVec2(c.x, c.y + 18), m.colour, 2);
        } else {
            dl->AddCircleFilled(c, 5, m.colour);
            dl->AddCircle(c, 6, IM_COL32(0, 0, 0, 200), 0, 1.5f);
        }
        if (!m.label.empty()) dl->AddText(ImVec2(c.x + 8, c.y - 18), m.colour, m.label.c_str());
    }
    if (m_calibrating || m_calibrationLine) {
        if (m_calibrating && !m_calibrationLine)
            overlays::banner(dl, vmin, vmax, "Calibrate: drag a line over a structure of known length", false);
        if (m_calibrationLine) {
            const auto a = m_camera.toScreen(m_calibrationLine->first), b = m_camera.toScreen(m_calibrationLine->second);
            dl->AddLine(ImVec2(x0 + float(a.x), y0 + float(a.y)), ImVec2(x0 + float(b.x), y0 + float(b.y)),
                        IM_COL32(255, 220, 0, 255), 3);
        }
    }
    dl->PopClipRect();
}

}  // namespace histomark::ui
