// SPDX-License-Identifier: MIT
// `histomark bench-marks`: the cost of marks at scale (the promise: adding or hit-testing a mark
// does not grow with the number of marks; a frame costs the same with 100,000 marks). Each size is
// measured in the same run, so the ratios against the smallest are the figures to read.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "app/commands.h"
#include "core/annotation_history.h"
#include "ui/marks_ui.h"

namespace histomark::app {
namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

double microsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

constexpr double kSlideW = 100000, kSlideH = 80000;  // a large resection slide at 0.25 µm/px

core::Annotation pointAt(double x, double y, const char* cls) {
    core::Annotation a;
    a.kind = core::ShapeKind::Point;
    a.points = {{x, y}};
    a.className = cls;
    a.reader = "bench";
    return a;
}

struct SizeResult {
    size_t marks = 0;
    double addUs = 0, hitUs = 0, lowZoomMs = 0, highZoomMs = 0;
    int lowZoomVertices = 0, highZoomVertices = 0;
};

// One frame of the overlay as the case window builds it: ImGui draw lists, no GPU.
double frameMs(const ui::AnnotationSession& s, const ui::SlideMarks& m, const core::Camera& cam, int& vertices) {
    const core::SlideInfo info;
    const auto t0 = Clock::now();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(float(cam.viewport.width), float(cam.viewport.height)));
    ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
    paintMarks(ImGui::GetWindowDrawList(), cam, 0, 0, s, m, nullptr, info, 1);
    ImGui::End();
    ImGui::Render();
    const double ms = microsSince(t0) / 1000;
    vertices = ImGui::GetDrawData()->TotalVtxCount;
    return ms;
}

SizeResult measure(size_t n, std::mt19937& rng) {
    SizeResult r;
    r.marks = n;
    ui::AnnotationSession s;
    s.classes = core::defaultAnnotationClasses();
    s.reader = "bench";
    ui::SlideMarks m;
    m.load = ui::SlideMarks::Load::Ready;
    std::uniform_real_distribution<double> ux(0, kSlideW), uy(0, kSlideH);
    std::vector<core::Level0Point> placed;
    for (size_t i = 0; i < n; ++i) {
        placed.push_back({ux(rng), uy(rng)});
        m.layer.put(m.layer.newKey(), pointAt(placed.back().x, placed.back().y, i % 3 ? core::kLookAlike : core::kMitoticFigure));
    }

    // Adding one mark the way a click does (edit, apply, history), then taking it back out.
    std::vector<double> add, hit;
    for (int i = 0; i < 2000; ++i) {
        const auto t0 = Clock::now();
        core::AnnotationEdit e = core::addEdit(m.layer, {pointAt(ux(rng), uy(rng), core::kMitoticFigure)}, "add point");
        core::applyEdit(m.layer, e);
        m.history.push(e);
        add.push_back(microsSince(t0));
        core::applyEdit(m.layer, *m.history.undo());
    }
    // Hit-testing a click on a mark, 3 px beside it (the search radius is 8 screen px at 10x: 16 px).
    std::uniform_int_distribution<size_t> pick(0, placed.size() - 1);
    for (int i = 0; i < 2000; ++i) {
        const core::Level0Point target = placed[pick(rng)];
        const core::Level0Point q{target.x + 3, target.y};
        const auto t0 = Clock::now();
        volatile bool found = m.layer.hitTest(q, 16, [&s](const core::Annotation& a) { return s.visible(a); }).has_value();
        (void)found;
        hit.push_back(microsSince(t0));
    }
    r.addUs = median(add), r.hitUs = median(hit);

    // A frame with the whole slide in view, and one at 40x.
    core::Camera low;
    low.viewport = {1600, 1000};
    low.center = {kSlideW / 2, kSlideH / 2};
    low.zoom = std::max(kSlideW / 1600, kSlideH / 1000);
    core::Camera high = low;
    high.zoom = 1;  // one level-0 px per screen px: 40x at 0.25 µm/px
    std::vector<double> lowMs, highMs;
    for (int i = 0; i < 15; ++i) {
        lowMs.push_back(frameMs(s, m, low, r.lowZoomVertices));
        highMs.push_back(frameMs(s, m, high, r.highZoomVertices));
    }
    r.lowZoomMs = median(lowMs), r.highZoomMs = median(highMs);
    return r;
}

}  // namespace

int runMarksBench(const MarksBenchArgs& args) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.IniFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // as the OpenGL 3 backend: big lists split
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas (no GPU needed)

    std::mt19937 rng(7);
    std::vector<SizeResult> results;
    for (size_t n : {size_t(1000), size_t(10000), args.marks}) {
        results.push_back(measure(n, rng));
        if (!args.json) {
            const SizeResult& r = results.back();
            std::printf("%7zu marks: add %.2f us, hit-test %.2f us, frame whole slide %.2f ms (%d vertices), "
                        "frame 40x %.2f ms (%d vertices)\n",
                        r.marks, r.addUs, r.hitUs, r.lowZoomMs, r.lowZoomVertices, r.highZoomMs, r.highZoomVertices);
        }
    }
    ImGui::DestroyContext();
    const SizeResult &base = results.front(), &big = results.back();
    auto ratio = [](double a, double b) { return b > 0 ? a / b : 0; };
    if (args.json) {
        nlohmann::json sizes = nlohmann::json::array();
        for (const auto& r : results)
            sizes.push_back({{"marks", r.marks},
                             {"add_us_p50", r.addUs},
                             {"hit_test_us_p50", r.hitUs},
                             {"frame_low_zoom_ms_p50", r.lowZoomMs},
                             {"frame_high_zoom_ms_p50", r.highZoomMs},
                             {"frame_low_zoom_vertices", r.lowZoomVertices},
                             {"frame_high_zoom_vertices", r.highZoomVertices}});
        nlohmann::json j = {{"sizes", sizes},
                            {"add_ratio", ratio(big.addUs, base.addUs)},
                            {"hit_test_ratio", ratio(big.hitUs, base.hitUs)},
                            {"frame_low_zoom_ratio", ratio(big.lowZoomMs, base.lowZoomMs)},
                            {"frame_high_zoom_ratio", ratio(big.highZoomMs, base.highZoomMs)}};
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
        std::printf("%zu vs %zu marks: add x%.2f, hit-test x%.2f, frame whole slide x%.2f, frame 40x x%.2f "
                    "(1.0 = no growth; medians of one run on this machine)\n",
                    big.marks, base.marks, ratio(big.addUs, base.addUs), ratio(big.hitUs, base.hitUs),
                    ratio(big.lowZoomMs, base.lowZoomMs), ratio(big.highZoomMs, base.highZoomMs));
    }
    return 0;
}

}  // namespace histomark::app
