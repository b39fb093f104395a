// SPDX-License-Identifier: MIT
// The mouse tools and keys of the marks on a case slide, guided screening, the consensus match.
#include <GLFW/glfw3.h>  // key codes: ImGui 1.86's GLFW backend indexes KeysDown by them
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "analysis/colour_deconvolution.h"
#include "ui/marks_ui.h"

namespace histomark::ui {
namespace {

constexpr float kHitRadius = 8;  // screen px around a mark that still picks it

bool ready(const SlideMarks* m) { return m && m->load == SlideMarks::Load::Ready; }

core::ShapeKind kindOf(AnnotationTool t) {
    switch (t) {
        case AnnotationTool::Ellipse: return core::ShapeKind::Ellipse;
        case AnnotationTool::Polygon: return core::ShapeKind::Polygon;
        case AnnotationTool::Freehand: return core::ShapeKind::Freehand;
        default: return core::ShapeKind::Rectangle;
    }
}

// The renderer's stain display for a slide: H-DAB vectors of Ruifrok & Johnston, unmixed per pixel.
render::StainDisplay stainDisplayFor(const AnnotationSession& a, core::CaseSlideId slide) {
    render::StainDisplay d;
    auto it = a.stainViews.find(slide);
    if (it == a.stainViews.end() || it->second.mode == 0) return d;
    static const analysis::StainMatrix hdab = analysis::hematoxylinDab();
    static const cv::Matx33d unmix = analysis::unmixingMatrix(hdab);
    d.mode = render::StainDisplay::Mode(it->second.mode);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) d.unmix[r * 3 + c] = float(unmix(r, c));
    for (int i = 0; i < 3; ++i) {
        d.first[i] = float(hdab.vectors[0][i]), d.second[i] = float(hdab.vectors[1][i]);
        d.background[i] = float(hdab.background[i] / 255.0), d.thresholds[i] = it->second.thresholds[i];
    }
    return d;
}

}  // namespace

void MarksUi::prepareView(CaseSession& s, const CaseViewer& v, SlideView& view) {
    AnnotationSession& a = s.annotations;
    const SlideMarks* m = a.marks(v.record.id);
    // Pair clicking (alignment) keeps the plain left-click behaviour.
    const bool tool = a.tool != AnnotationTool::Navigate && !s.pairs.active() && ready(m);
    view.setToolMode(tool);
    view.setStainDisplay(stainDisplayFor(a, v.record.id));
    view.setNumberKeysZoom(a.tool == AnnotationTool::Navigate);
    if (!m) {
        view.setOverlayPainter({});
        return;
    }
    const core::CaseSlideId id = v.record.id;
    const SlideDocument* doc = view.document().get();
    // The per-field tally of the count on show (computed for the panel when the marks change).
    std::vector<int> tally;
    if (auto c = m_counts.find(id); c != m_counts.end() && c->second.version == m->version && c->second.reader == a.reader &&
                                    c->second.report)
        tally = c->second.report->result.fieldTally;
    view.setOverlayPainter([&a, m, id, doc, tally = std::move(tally)](ImDrawList* dl, const core::Camera& cam, float x0, float y0) {
        auto it = m->counts.find(a.reader);
        paintMarks(dl, cam, x0, y0, a, *m, it == m->counts.end() ? nullptr : &it->second, doc->info(), id, tally);
    });
}

void MarksUi::handleView(CaseSession& s, const CaseViewer& v, SlideView& view, bool focused, CaseActions& actions) {
    SlideMarks* m = s.annotations.marks(v.record.id);
    if (!ready(m)) {
        if (!m && v.file == CaseViewer::File::Present && view.document()->ready()) {
            s.annotations.slides[v.record.id].load = SlideMarks::Load::Loading;
            actions.loadMarks(v.record.id);
        }
        return;
    }
    for (const PointerEvent& e : view.takePointerEvents()) handlePointer(s, v, view, e, actions);
    if (!focused) return;
    handleKeys(s, v, view, actions);
    if (s.annotations.consensus.on) updateConsensus(s, v, view.document()->info());
}

void MarksUi::handlePointer(CaseSession& s, const CaseViewer& v, SlideView& view, const PointerEvent& e,
                            CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks& m = *a.marks(v.record.id);
    MarkEditor editor(a, actions);
    const core::CaseSlideId id = v.record.id;
    const double hitPx = kHitRadius * view.camera().zoom;
    m_needsFrame = true;
    using T = PointerEvent::Type;
    switch (a.tool) {
        case AnnotationTool::Navigate: break;
        case AnnotationTool::Point:
            if (e.type == T::Click) editor.add(id, core::ShapeKind::Point, {e.at});
            break;
        case AnnotationTool::Rectangle:
        case AnnotationTool::Ellipse:
        case AnnotationTool::Freehand:
            if (e.type == T::Press) a.drawing = DrawingState{id, kindOf(a.tool), {e.at, e.at}, false, {}, {}, std::nullopt};
            if (!a.drawing || a.drawing->slide != id) break;
            if (e.type == T::Drag) {
                if (a.tool != AnnotationTool::Freehand)
                    a.drawing->points[1] = e.at;
                else if (core::distance(a.drawing->points.back(), e.at) > 2 * view.camera().zoom)
                    a.drawing->points.push_back(e.at);
            }
            if (e.type == T::Release) {
                DrawingState d = std::move(*a.drawing);
                a.drawing.reset();
                if (d.kind == core::ShapeKind::Freehand) d.points.erase(d.points.begin());  // the press point twice
                core::Annotation shape;
                shape.kind = d.kind, shape.points = d.points;
                const core::Level0Rect b = shape.bounds();
                // A click or a tiny drag is not a shape.
                if (std::max(b.width, b.height) > 3 * view.camera().zoom) editor.add(id, d.kind, std::move(d.points));
            }
            break;
        case AnnotationTool::Polygon:
            if (e.type == T::Click) {
                if (!a.drawing || a.drawing->slide != id) a.drawing = DrawingState{id, core::ShapeKind::Polygon, {}, false, {}, {}, std::nullopt};
                auto& pts = a.drawing->points;
                // Clicking the first vertex again closes the polygon.
                if (pts.size() >= 3 && core::distance(pts.front(), e.at) <= hitPx) {
                    editor.add(id, core::ShapeKind::Polygon, std::move(pts));
                    a.drawing.reset();
                } else {
                    pts.push_back(e.at);
                }
            }
            if (e.type == T::DoubleClick && a.drawing && a.drawing->points.size() >= 3) {
                editor.add(id, core::ShapeKind::Polygon, std::move(a.drawing->points));
                a.drawing.reset();
            }
            break;
        case AnnotationTool::Select: {
            auto visible = [&a](const core::Annotation& x) { return a.visible(x); };
            if (e.type == T::Press) {
                const auto hit = m.layer.hitTest(e.at, hitPx, visible);
                if (hit && std::find(m.selection.begin(), m.selection.end(), *hit) != m.selection.end())
                    a.drawing = DrawingState{id, core::ShapeKind::Point, {}, true, e.at, e.at, std::nullopt};
            }
            if (e.type == T::Drag && a.drawing && a.drawing->moving) a.drawing->moveTo = e.at;
            if (e.type == T::Release && a.drawing && a.drawing->moving) {
                const DrawingState d = *a.drawing;
                a.drawing.reset();
                if (core::distance(d.moveFrom, d.moveTo) > 0)
                    editor.moveSelection(id, d.moveTo.x - d.moveFrom.x, d.moveTo.y - d.moveFrom.y);
            }
            if (e.type == T::Click) {
                const auto hit = m.layer.hitTest(e.at, hitPx, visible);
                if (!e.shift) m.selection.clear();
                if (hit) {
                    auto it = std::find(m.selection.begin(), m.selection.end(), *hit);
                    if (it == m.selection.end())
                        m.selection.push_back(*hit);
                    else
                        m.selection.erase(it);
                }
            }
            break;
        }
        case AnnotationTool::Fields: {
            core::CountSetup setup = a.countFor(m);
            const core::SlideInfo& info = view.document()->info();
            if (!info.mpp.known()) {
                a.message = "The slide's scale is unknown: set it (Properties, Set scale) to size the fields";
                break;
            }
            if (!setup.placed || setup.area.kind != core::CountArea::Kind::Fields) {
                if (e.type == T::Click) {
                    if (auto st = placeGrid(s, v, info, e.at, 5, 2, actions); !st) a.message = st.error();
                }
                break;
            }
            auto preset = core::presetOf(setup);
            auto size = preset ? core::gridCellSizePx(*preset, *info.mpp.x, *info.mpp.y) : core::Result<core::FieldSizePx>(core::Error{preset.error()});
            if (!size) break;
            const core::FieldShape shape = preset->oneRectangle ? core::FieldShape::Rect4x3 : preset->shape;
            core::FieldGrid& g = setup.area.grid;
            const int field = core::fieldAt(g, *size, shape, e.at);
            if (e.type == T::Press && field >= 0)
                a.drawing = DrawingState{id, core::ShapeKind::Point, {}, true, e.at, e.at, setup};
            if (e.type == T::Drag && a.drawing && a.drawing->moving) {
                // The grid follows the mouse at once (in memory); it is saved when released.
                g.origin.x += e.at.x - a.drawing->moveTo.x, g.origin.y += e.at.y - a.drawing->moveTo.y;
                a.drawing->moveTo = e.at;
                m.counts[a.reader] = setup;
                ++m.version;
            }
            if (e.type == T::Release && a.drawing && a.drawing->moving) {
                const bool moved = core::distance(a.drawing->moveFrom, a.drawing->moveTo) > 0;
                const auto before = a.drawing->countBefore;
                a.drawing.reset();
                if (moved) editor.setCount(id, setup, "move the fields", before);
            }
            if (e.type == T::Click && field >= 0 && size_t(field) < g.states.size()) {
                // Click: counted <-> off; shift+click: excluded (necrosis, outside tumour) <-> counted.
                core::FieldState& st = g.states[size_t(field)];
                if (e.shift)
                    st = st == core::FieldState::Excluded ? core::FieldState::Counted : core::FieldState::Excluded;
                else
                    st = st == core::FieldState::Counted ? core::FieldState::Off : core::FieldState::Counted;
                editor.setCount(id, setup, "field " + std::to_string(field + 1) + " " +
                                               (st == core::FieldState::Counted ? "counted" : st == core::FieldState::Off ? "off" : "excluded"));
            }
            break;
        }
    }
}

void MarksUi::handleKeys(CaseSession& s, const CaseViewer& v, SlideView& view, CaseActions& actions) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    AnnotationSession& a = s.annotations;
    SlideMarks& m = *a.marks(v.record.id);
    MarkEditor editor(a, actions);
    const core::CaseSlideId id = v.record.id;
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    if (io.KeyCtrl) {
        if (pressed(GLFW_KEY_Z) && !io.KeyShift) editor.undo(id), m_needsFrame = true;
        if ((pressed(GLFW_KEY_Z) && io.KeyShift) || pressed(GLFW_KEY_Y)) editor.redo(id), m_needsFrame = true;
        return;
    }
    if (io.KeyAlt) return;
    // Tool keys.
    const std::pair<int, AnnotationTool> tools[] = {
        {GLFW_KEY_V, AnnotationTool::Navigate}, {GLFW_KEY_P, AnnotationTool::Point},   {GLFW_KEY_R, AnnotationTool::Rectangle},
        {GLFW_KEY_E, AnnotationTool::Ellipse},  {GLFW_KEY_G, AnnotationTool::Polygon}, {GLFW_KEY_F, AnnotationTool::Freehand},
        {GLFW_KEY_S, AnnotationTool::Select},   {GLFW_KEY_C, AnnotationTool::Fields},
    };
    for (const auto& [key, tool] : tools)
        if (pressed(key)) a.tool = tool, a.drawing.reset();
    // Number keys pick the class of new marks, and relabel the selection (while annotating).
    if (a.tool != AnnotationTool::Navigate)
        for (int i = 0; i < 9 && i < int(a.classes.size()); ++i)
            if (pressed(GLFW_KEY_1 + i)) {
                a.className = a.classes[size_t(i)].name;
                if (!m.selection.empty()) editor.relabelSelection(id, a.className);
            }
    if (pressed(GLFW_KEY_DELETE) || pressed(GLFW_KEY_BACKSPACE)) editor.deleteSelection(id);
    if (pressed(GLFW_KEY_ESCAPE)) {
        if (a.drawing) a.drawing.reset();
        else m.selection.clear();
    }
    if (pressed(GLFW_KEY_ENTER) && a.drawing && a.drawing->kind == core::ShapeKind::Polygon && a.drawing->points.size() >= 3) {
        editor.add(id, core::ShapeKind::Polygon, std::move(a.drawing->points));
        a.drawing.reset();
    }
    // Candidate review: A accept as a mitotic figure, L look-alike, K skip.
    if (a.review.slide == id && a.review.current >= 0 && m_queueFocusedFrame < ImGui::GetFrameCount() - 1) {  // else the list's window takes them
        if (pressed(GLFW_KEY_A)) review(s, v, view, CandidateReview::Status::Accepted, actions);
        if (pressed(GLFW_KEY_L)) review(s, v, view, CandidateReview::Status::LookAlike, actions);
        if (pressed(GLFW_KEY_K)) review(s, v, view, CandidateReview::Status::Skipped, actions);
    }
    // Guided screening: N next, B back.
    if (a.screening.slide == id) {
        if (pressed(GLFW_KEY_N)) stepScreening(s, view, +1);
        if (pressed(GLFW_KEY_B)) stepScreening(s, view, -1);
    }
}

core::Status MarksUi::placeGrid(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info, core::Level0Point centre,
                                int columns, int rows, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks* m = a.marks(v.record.id);
    if (!ready(m)) return core::Status::failure("The slide's marks are not loaded yet");
    if (!info.mpp.known()) return core::Status::failure("The slide's scale (µm per pixel) is unknown: set it first");
    core::CountSetup setup = a.countFor(*m);
    auto grid = core::gridAt(setup, *info.mpp.x, *info.mpp.y, centre, columns, rows);
    if (!grid) return core::Status::failure(grid.error());
    setup.area.kind = core::CountArea::Kind::Fields;
    setup.area.grid = std::move(*grid);
    setup.placed = true;
    MarkEditor(a, actions).setCount(v.record.id, setup, "place the fields");
    return {};
}

const core::Result<core::CountReport>& MarksUi::count(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info) {
    AnnotationSession& a = s.annotations;
    SlideMarks* m = a.marks(v.record.id);
    CountCache& c = m_counts[v.record.id];
    if (!ready(m)) {
        c = {};
        c.report = core::Error{"Loading the marks ..."};
        return c.report;
    }
    if (c.slide == v.record.id && c.version == m->version && c.reader == a.reader && c.mpp.x == info.mpp.x && c.mpp.y == info.mpp.y)
        return c.report;
    c.slide = v.record.id, c.version = m->version, c.reader = a.reader, c.mpp = info.mpp;
    if (!info.mpp.known())
        c.report = core::Error{"The slide's scale (µm per pixel) is unknown: set it to count per area"};
    else
        c.report = core::evaluateCount(a.countFor(*m), *info.mpp.x, *info.mpp.y, mitosesOf(*m, a.reader),
                                       {0, 0, double(info.width()), double(info.height())});
    return c.report;
}

void MarksUi::startScreening(CaseSession& s, const CaseViewer& v, SlideView& view, const core::SlideInfo& info) {
    ScreeningState& sc = s.annotations.screening;
    const core::Camera& cam = view.camera();
    const core::TissueGrid& tissue = view.document()->tissue();
    sc.slide = v.record.id;
    sc.steps = core::planScreening({0, 0, double(info.width()), double(info.height())}, cam.viewport.width * cam.zoom,
                                   cam.viewport.height * cam.zoom, tissue.cells.empty() ? nullptr : &tissue);
    sc.progress = core::ScreeningProgress(sc.steps.size());
    stepScreening(s, view, +1);
}

void MarksUi::stepScreening(CaseSession& s, SlideView& view, int direction) {
    ScreeningState& sc = s.annotations.screening;
    if (sc.steps.empty()) return;
    const size_t i = direction > 0 ? sc.progress.next() : sc.progress.previous();
    if (i >= sc.steps.size()) return;
    sc.progress.visit(i);
    const core::Level0Rect& r = sc.steps[i];
    view.centerOn({r.x + r.width / 2, r.y + r.height / 2});
    m_needsFrame = true;
}

void MarksUi::showCandidate(CaseSession& s, SlideView& view, int index) {
    CandidateReview& r = s.annotations.review;
    r.current = index;
    if (index < 0 || index >= int(r.candidates.size())) return;
    view.setMagnification(40);  // a figure is judged at high power
    view.centerOn(r.candidates[size_t(index)].at);
    m_needsFrame = true;
}

void MarksUi::review(CaseSession& s, const CaseViewer& v, SlideView& view, CandidateReview::Status decision,
                     CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    CandidateReview& r = a.review;
    if (r.slide != v.record.id || r.current < 0 || r.current >= int(r.candidates.size())) return;
    CandidateReview::Candidate& c = r.candidates[size_t(r.current)];
    c.status = decision;
    if (decision == CandidateReview::Status::Accepted || decision == CandidateReview::Status::LookAlike) {
        // An ordinary mark of the reader: undoable and saved like a click.
        const std::string cls = a.className;
        a.className = decision == CandidateReview::Status::Accepted ? core::kMitoticFigure : core::kLookAlike;
        MarkEditor(a, actions).add(v.record.id, core::ShapeKind::Point, {c.at});
        a.className = cls;
    }
    showCandidate(s, view, r.nextPending(r.current, view.document()->info().mpp.mean()));
}

void MarksUi::updateConsensus(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info) {
    ConsensusState& c = s.annotations.consensus;
    SlideMarks* m = s.annotations.marks(v.record.id);
    if (!ready(m)) return;
    const std::string key = s.annotations.reader + "\n" + c.otherReader + "\n" + std::to_string(c.radiusUm);
    if (m_consensusSlide == v.record.id && m_consensusVersion == m->version && m_consensusKey == key) return;
    m_consensusSlide = v.record.id, m_consensusVersion = m->version, m_consensusKey = key;
    c.slide = v.record.id;
    c.mine = mitosesOf(*m, s.annotations.reader);
    c.theirs = mitosesOf(*m, c.otherReader);
    c.match.reset();
    c.error.clear();
    if (!info.mpp.known()) {
        c.error = "The slide's scale is unknown: matching within 7.5 µm needs it";
        return;
    }
    auto r = core::matchPoints(c.mine, c.theirs, *info.mpp.x, *info.mpp.y, c.radiusUm);
    if (r)
        c.match = std::move(*r);
    else
        c.error = r.error();
}

}  // namespace histomark::ui
