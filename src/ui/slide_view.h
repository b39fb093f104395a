// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/camera.h"
#include "core/case_model.h"
#include "render/framebuffer.h"
#include "render/tile_renderer.h"
#include "slide/tile_loader.h"
#include "ui/slide_document.h"
#include "ui/viewer_context.h"

struct ImDrawList;  // ImGui's, for overlay painters

namespace histomark::ui {

// Side of a square of the alignment check's checkerboard, screen px.
inline constexpr float kCheckerCell = 64;

// A point drawn over the slide: the linked cross-hair, or a numbered point of a pair.
struct ViewMarker {
    core::Level0Point at;
    unsigned colour = 0xff00ffffu;  // ImGui packed ABGR
    std::string label;
    bool crosshair = false;  // long thin cross instead of a dot
};

// A left-button event over a view in tool mode (annotation tools), in level-0 px of its slide.
struct PointerEvent {
    enum class Type { Press, Drag, Release, Click, DoubleClick } type = Type::Click;
    core::Level0Point at;
    bool shift = false, ctrl = false;
};

// One slide on screen: the camera, mouse and key handling, tile requests and drawing (into its
// own framebuffer, shown as an ImGui image), and the overlays on top. UI thread only.
class SlideView {
public:
    SlideView(std::shared_ptr<SlideDocument> doc, slide::OwnerId owner);

    // Lays the view out at the ImGui cursor with `size`, handles input if `focused`, requests
    // missing tiles and draws. Returns the level-0 point under the mouse when hovered.
    void draw(ViewerContext& ctx, float width, float height, bool focused);

    // Navigation, shared by keys, buttons and the command script.
    void fit();
    void setMagnification(double magnification);
    void zoomBy(double factor);  // around the view centre
    void centerOn(core::Level0Point p);
    void panByScreen(double dx, double dy);
    // Placed by another view (linked navigation): does not count as the user navigating here.
    void setCamera(const core::Camera& cam);
    // Where to look when the slide first shows (a saved view state), instead of fitting it.
    void setInitialView(const core::ViewState& v) { m_initialView = v; }
    // True once after the user moved this view (drag, wheel, keys, buttons, script).
    bool takeNavigated() { return std::exchange(m_navigated, false); }
    // A click without a drag, in level-0 px, once.
    std::optional<core::Level0Point> takeClick() { return std::exchange(m_click, std::nullopt); }
    void setMarkers(std::vector<ViewMarker> markers) { m_markers = std::move(markers); }
    // Another picture of the same size drawn over the slide and under the overlays (the alignment
    // check): blended at `opacity`, or in every other square of a checkerboard.
    struct Comparison {
        unsigned texture = 0;  // GL texture, bottom row first (a Framebuffer's)
        float opacity = 0.5f;
        bool checkerboard = false;
    };
    void setComparison(std::optional<Comparison> c) { m_comparison = c; }
    // Stain channels instead of the colour (hematoxylin only, DAB only, DAB classes), per frame.
    void setStainDisplay(const render::StainDisplay& d) { m_stainDisplay = d; }

    // Tool mode: the left button drives the current annotation tool (its events queue up for
    // takePointerEvents) and the right or middle button pans; otherwise the left button pans.
    void setToolMode(bool on) { m_toolMode = on; }
    bool toolMode() const { return m_toolMode; }
    std::vector<PointerEvent> takePointerEvents() { return std::exchange(m_pointer, {}); }
    // Number keys 1-6 pick magnifications unless the annotation tools have them (class keys).
    void setNumberKeysZoom(bool on) { m_numberKeysZoom = on; }
    // Drawn over the slide under the view's own badges, each frame: (draw list, camera, view origin).
    using OverlayPainter = std::function<void(::ImDrawList*, const core::Camera&, float x0, float y0)>;
    void setOverlayPainter(OverlayPainter p) { m_painter = std::move(p); }

    // Calibration: the next drag draws a line instead of panning; the result is its level-0 length.
    void startCalibration() { m_calibrating = true, m_calibrationLine.reset(); }
    bool calibrating() const { return m_calibrating; }
    std::optional<double> takeCalibrationLength();  // once, after the line was drawn

    const std::shared_ptr<SlideDocument>& document() const { return m_doc; }
    const core::Camera& camera() const { return m_camera; }
    bool hasCamera() const { return m_hasCamera; }
    std::optional<core::Level0Point> cursor() const { return m_cursor; }
    const render::TileDrawStats& lastStats() const { return m_stats; }
    int pendingTiles() const { return m_pending; }
    slide::OwnerId owner() const { return m_owner; }
    // Where the view was drawn last frame, in window pixels (min x, min y, max x, max y).
    const float* screenRect() const { return m_screenRect; }
    // Where the overview (minimap) of this view was drawn last frame, window pixels; zero if hidden.
    float* overviewRect() { return m_overviewRect; }

private:
    void handleMouse(float x0, float y0);
    void handleKeys();
    void requestTiles(ViewerContext& ctx);
    void drawOverlays(float x0, float y0, float x1, float y1);
    void drawComparison(float x0, float y0, float x1, float y1);
    void clampCamera();

    std::shared_ptr<SlideDocument> m_doc;
    slide::OwnerId m_owner;
    core::Camera m_camera;
    bool m_hasCamera = false;
    render::Framebuffer m_fbo;
    render::TileDrawStats m_stats;
    int m_pending = 0;
    std::optional<core::Level0Point> m_cursor;
    std::optional<core::ViewState> m_initialView;
    bool m_navigated = false;
    std::optional<core::Level0Point> m_click;
    float m_pressX = 0, m_pressY = 0;
    std::vector<ViewMarker> m_markers;
    std::optional<Comparison> m_comparison;
    render::StainDisplay m_stainDisplay;
    bool m_toolMode = false, m_numberKeysZoom = true, m_leftPress = true;
    std::vector<PointerEvent> m_pointer;
    OverlayPainter m_painter;
    bool m_calibrating = false;
    std::optional<std::pair<core::Level0Point, core::Level0Point>> m_calibrationLine;
    std::optional<double> m_calibrationResult;
    float m_screenRect[4] = {0, 0, 0, 0};
    float m_overviewRect[4] = {0, 0, 0, 0};
};

}  // namespace histomark::ui
