// SPDX-License-Identifier: MIT
// What is drawn over a slide of the case: marks (one dot per grid cell when zoomed far out, so a
// frame costs the same with 100,000 marks), the count fields with their tallies, the consensus.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "ui/marks_ui.h"

namespace histomark::ui {
namespace {

constexpr float kPointRadius = 6;  // screen px: a mark stays clickable at any zoom

ImU32 rgba(uint32_t rgb, int alpha = 255) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
}

struct Painter {
    ImDrawList* dl;
    const core::Camera& cam;
    float x0, y0;

    ImVec2 at(core::Level0Point p) const {
        const core::ScreenPoint s = cam.toScreen(p);
        return {x0 + float(s.x), y0 + float(s.y)};
    }
    // The outline of a shape given in level-0 px (turned and mirrored with the view).
    // A tissue outline from another tool can hold 10^5-10^6 vertices: points under half a screen
    // pixel from the last one drawn are dropped, and what is left goes to ImGui in runs of at most
    // kRun points (its polyline takes scratch space per point on the stack).
    void outline(const std::vector<core::Level0Point>& pts, ImU32 colour, float thickness, bool closed = true) const {
        constexpr size_t kRun = 4096;
        std::vector<ImVec2> screen;
        screen.reserve(std::min(pts.size(), size_t(1) << 16));
        for (const auto& p : pts) {
            const ImVec2 v = at(p);
            if (screen.empty() || std::abs(v.x - screen.back().x) + std::abs(v.y - screen.back().y) >= 0.5f) screen.push_back(v);
        }
        if (screen.size() <= kRun) {
            dl->AddPolyline(screen.data(), int(screen.size()), colour, closed ? ImDrawFlags_Closed : 0, thickness);
            return;
        }
        if (closed) screen.push_back(screen.front());
        for (size_t start = 0; start + 1 < screen.size(); start += kRun - 1)  // runs share their end points
            dl->AddPolyline(screen.data() + start, int(std::min(kRun, screen.size() - start)), colour, 0, thickness);
    }
};

std::vector<core::Level0Point> rectPoints(const core::Level0Rect& b) {
    return {{b.x, b.y}, {b.right(), b.y}, {b.right(), b.bottom()}, {b.x, b.bottom()}};
}

std::vector<core::Level0Point> ellipsePoints(const core::Level0Rect& b, int n = 64) {
    std::vector<core::Level0Point> pts;
    const double cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    for (int i = 0; i < n; ++i) {
        const double t = 2 * std::numbers::pi * i / n;
        pts.push_back({cx + b.width / 2 * std::cos(t), cy + b.height / 2 * std::sin(t)});
    }
    return pts;
}

std::vector<core::Level0Point> shapeOutline(const core::Annotation& a) {
    switch (a.kind) {
        case core::ShapeKind::Rectangle: return rectPoints(a.bounds());
        case core::ShapeKind::Ellipse: return ellipsePoints(a.bounds());
        default: return a.points;
    }
}

// One field of the preset around the view's centre, as the eyepiece would frame it.
void paintReticle(const Painter& p, const core::CountSetup& count, const core::SlideInfo& info) {
    auto preset = core::presetOf(count);
    if (!preset || !info.mpp.known()) return;
    auto size = core::fieldSizePx(*preset, *info.mpp.x, *info.mpp.y);
    if (!size) return;
    const core::Level0Point c = p.cam.center;
    const core::Level0Rect box{c.x - size->width / 2, c.y - size->height / 2, size->width, size->height};
    const auto outline = preset->shape == core::FieldShape::Circle ? ellipsePoints(box) : rectPoints(box);
    p.outline(outline, IM_COL32(0, 0, 0, 160), 4);
    p.outline(outline, IM_COL32(120, 230, 255, 255), 2);
    const ImVec2 label = p.at({box.x, box.y});
    p.dl->AddText(label, IM_COL32(120, 230, 255, 255), ("1 HPF: " + preset->label).c_str());
}

void paintFields(const Painter& p, const core::CountSetup& count, const core::SlideInfo& info, const std::vector<int>& tally) {
    if (!count.placed) return;
    if (count.area.kind == core::CountArea::Kind::Region) {
        p.outline(shapeOutline(count.area.region), IM_COL32(255, 235, 60, 255), 2.5f);
        return;
    }
    auto preset = core::presetOf(count);
    if (!preset || !info.mpp.known()) return;
    auto size = core::gridCellSizePx(*preset, *info.mpp.x, *info.mpp.y);
    if (!size) return;
    const auto boxes = core::fieldBoxes(count.area.grid, *size);
    for (size_t i = 0; i < boxes.size(); ++i) {
        const core::FieldState st = i < count.area.grid.states.size() ? count.area.grid.states[i] : core::FieldState::Counted;
        const ImU32 colour = st == core::FieldState::Counted    ? IM_COL32(255, 235, 60, 255)
                             : st == core::FieldState::Excluded ? IM_COL32(255, 80, 60, 230)
                                                                : IM_COL32(190, 190, 190, 160);
        const float thick = st == core::FieldState::Counted ? 2.5f : 1.5f;
        const auto outline = preset->shape == core::FieldShape::Circle && !preset->oneRectangle ? ellipsePoints(boxes[i])
                                                                                                 : rectPoints(boxes[i]);
        p.outline(outline, colour, thick);
        if (st == core::FieldState::Excluded) {  // crossed out
            const auto r = rectPoints(boxes[i]);
            p.dl->AddLine(p.at(r[0]), p.at(r[2]), colour, 1.5f);
            p.dl->AddLine(p.at(r[1]), p.at(r[3]), colour, 1.5f);
        }
        // The field's number at its top-left corner.
        const ImVec2 corner = p.at({boxes[i].x + boxes[i].width * 0.15, boxes[i].y + boxes[i].height * 0.15});
        p.dl->AddText(corner, colour, std::to_string(i + 1).c_str());
        // Its own tally, large, in the middle.
        if (i < tally.size() && tally[i] >= 0) {
            const ImVec2 mid = p.at({boxes[i].x + boxes[i].width / 2, boxes[i].y + boxes[i].height / 2});
            const std::string n = std::to_string(tally[i]);
            ImFont* font = ImGui::GetFont();
            const float fontSize = ImGui::GetFontSize() * 2;
            const ImVec2 ext = font->CalcTextSizeA(fontSize, 1e9f, 0, n.c_str());
            const ImVec2 at(mid.x - ext.x / 2, mid.y - ext.y / 2);
            p.dl->AddText(font, fontSize, ImVec2(at.x + 1, at.y + 1), IM_COL32(0, 0, 0, 200), n.c_str());
            p.dl->AddText(font, fontSize, at, colour, n.c_str());
        }
    }
}

}  // namespace

void paintMarks(::ImDrawList* dl, const core::Camera& cam, float x0, float y0, const AnnotationSession& s,
                const SlideMarks& marks, const core::CountSetup* count, const core::SlideInfo& info,
                core::CaseSlideId slide, const std::vector<int>& tally) {
    const Painter p{dl, cam, x0, y0};
    if (count && s.showFields) paintFields(p, *count, info, tally);
    // A quiz's question area: the reference reader's count area, shown to the learner from the start.
    if (const std::string* ref = s.quiz.on ? s.quiz.referenceReader() : nullptr; ref && s.showFields && *ref != s.reader)
        if (auto it = marks.counts.find(*ref); it != marks.counts.end()) paintFields(p, it->second, info, {});
    if (s.hpfAtCentre) paintReticle(p, count ? *count : core::CountSetup{}, info);
    const core::Level0Rect view = cam.visibleRect();
    const std::unordered_set<core::MarkKey> selected(marks.selection.begin(), marks.selection.end());
    auto visible = [&s](const core::Annotation& a) { return s.visible(a); };

    // Areas (few): outlines in their class colour.
    marks.layer.queryAreas(view, [&](core::MarkKey k, const core::Annotation& a) {
        const bool sel = selected.count(k) > 0;
        if (sel) p.outline(shapeOutline(a), IM_COL32(255, 255, 255, 255), 5);
        p.outline(shapeOutline(a), rgba(s.colourOf(a.className)), 2.5f);
    }, visible);

    // Points: each one when they are far enough apart on screen, else one dot per grid cell.
    const double cellOnScreen = marks.layer.cellPx() / cam.zoom;
    if (cellOnScreen < 12) {
        // Zoomed out: one square per summary cell of at least 7 screen px, so the cost of a frame is
        // bounded by the screen, not by the marks. A cell shows a mitotic figure when it holds one.
        marks.layer.forEachSummaryCell(view, 7 * cam.zoom, [&](const core::Level0Rect& box,
                                                              const std::vector<core::AnnotationLayer::CellCount>& counts) {
            const core::AnnotationLayer::CellCount* shown = nullptr;
            for (const auto& c : counts)
                if (s.readerShown(c.reader)) {
                    if (!shown || c.className == core::kMitoticFigure) shown = &c;
                    if (c.className == core::kMitoticFigure) break;
                }
            if (!shown) return;
            const ImVec2 c = p.at({box.x + box.width / 2, box.y + box.height / 2});
            dl->AddRectFilled(ImVec2(c.x - 2.5f, c.y - 2.5f), ImVec2(c.x + 2.5f, c.y + 2.5f), rgba(s.colourOf(shown->className)));
        });
    } else {
        marks.layer.query(view, [&](core::MarkKey k, const core::Annotation& a) {
            if (a.kind != core::ShapeKind::Point) return;
            const ImVec2 c = p.at(a.points[0]);
            const ImU32 colour = rgba(s.colourOf(a.className));
            if (selected.count(k)) dl->AddCircleFilled(c, kPointRadius + 3, IM_COL32(255, 255, 255, 230), 16);
            dl->AddCircle(c, kPointRadius, IM_COL32(0, 0, 0, 160), 16, 4.0f);
            dl->AddCircle(c, kPointRadius, colour, 16, 2.5f);
            // Other readers' marks carry a small dot so they are told apart from one's own.
            if (a.reader != s.reader) dl->AddCircleFilled(c, 2, colour, 8);
        }, visible);
    }

    // Consensus: agreed (green), only mine (orange), only the other reader's (blue).
    if (s.consensus.on && s.consensus.match && s.consensus.slide == slide) {
        const auto& m = *s.consensus.match;
        auto ring = [&](core::Level0Point pt, ImU32 c) { dl->AddCircle(p.at(pt), kPointRadius + 6, c, 20, 2.5f); };
        for (const auto& [ri, ci] : m.pairs) ring(s.consensus.mine[ri], IM_COL32(60, 220, 90, 255));
        for (size_t i : m.unmatchedReference) ring(s.consensus.mine[i], IM_COL32(255, 150, 30, 255));
        for (size_t i : m.unmatchedCandidates) ring(s.consensus.theirs[i], IM_COL32(60, 160, 255, 255));
    }

    // A submitted quiz answer, in the consensus colours: found (green), only the learner's (orange),
    // missed (blue, on the reference figure).
    if (auto q = s.quiz.scores.find(slide); s.quiz.showsScore() && q != s.quiz.scores.end()) {
        const QuizState::Scored& sc = q->second;
        auto ring = [&](core::Level0Point pt, ImU32 c) {
            dl->AddCircle(p.at(pt), kPointRadius + 6, IM_COL32(0, 0, 0, 160), 20, 4.5f);
            dl->AddCircle(p.at(pt), kPointRadius + 6, c, 20, 2.5f);
        };
        // Clicks of a region question: inside a region green, outside orange.
        for (const core::RegionClassScore& r : sc.regions)
            for (size_t i = 0; i < r.clicks.size(); ++i)
                ring(r.clicks[i], r.clickInside[i] ? IM_COL32(60, 220, 90, 255) : IM_COL32(255, 150, 30, 255));
    }
    if (auto q = s.quiz.scores.find(slide); s.quiz.showsScore() && q != s.quiz.scores.end() && q->second.score) {
        const QuizState::Scored& sc = q->second;
        const core::MatchResult& m = sc.score->match;
        auto ring = [&](core::Level0Point pt, ImU32 c) {
            dl->AddCircle(p.at(pt), kPointRadius + 6, IM_COL32(0, 0, 0, 160), 20, 4.5f);
            dl->AddCircle(p.at(pt), kPointRadius + 6, c, 20, 2.5f);
        };
        for (const auto& [ri, li] : m.pairs) ring(sc.learner[li], IM_COL32(60, 220, 90, 255));
        for (size_t i : m.unmatchedCandidates) ring(sc.learner[i], IM_COL32(255, 150, 30, 255));
        for (size_t i : m.unmatchedReference) ring(sc.reference[i], IM_COL32(60, 160, 255, 255));
    }

    // Candidates of the assistant: orange diamonds (the one under review larger), until decided.
    // Where the diamonds in sight would cover more than a quarter of the view, one 3 px square per
    // 8 px screen cell holding any instead (a seventh of it at most), as for the marks: the tissue
    // stays visible, and a whole-slide search (10^5 candidates) costs a frame no more than the
    // screen holds.
    const CandidateReview& review = s.review;
    if (review.show && review.slide == slide) {
        auto diamond = [&](core::Level0Point pt, float r) {
            const ImVec2 at = p.at(pt);
            const ImVec2 corners[4] = {{at.x, at.y - r}, {at.x + r, at.y}, {at.x, at.y + r}, {at.x - r, at.y}};
            dl->AddPolyline(corners, 4, IM_COL32(0, 0, 0, 160), ImDrawFlags_Closed, 3.5f);
            dl->AddPolyline(corners, 4, IM_COL32(255, 150, 30, 255), ImDrawFlags_Closed, 2);
        };
        constexpr float kRadius = 9, kCell = 8;
        const double pad = 2 * kRadius * cam.zoom;  // a diamond's reach beyond the view, in level-0 px
        auto shown = [&](size_t i) {
            const auto& c = review.candidates[i];
            return c.status == CandidateReview::Status::Pending && c.score >= review.minScore && int(i) != review.current &&
                   c.at.x >= view.x - pad && c.at.y >= view.y - pad && c.at.x <= view.right() + pad &&
                   c.at.y <= view.bottom() + pad;
        };
        size_t inSight = 0;
        for (size_t i = 0; i < review.candidates.size(); ++i) inSight += shown(i);
        const double covered = double(inSight) * (2 * kRadius) * (2 * kRadius);
        const bool summarised = covered > 0.25 * double(cam.viewport.area());
        const int cols = int(cam.viewport.width / kCell) + 1, rows = int(cam.viewport.height / kCell) + 1;
        std::vector<uint8_t> taken(summarised ? size_t(cols) * size_t(rows) : 0);
        for (size_t i = 0; i < review.candidates.size(); ++i) {
            if (!shown(i)) continue;
            const core::Level0Point at = review.candidates[i].at;
            if (!summarised) {
                diamond(at, kRadius);
                continue;
            }
            const core::ScreenPoint sp = cam.toScreen(at);
            const int cx = int(std::floor(sp.x / kCell)), cy = int(std::floor(sp.y / kCell));
            if (cx < 0 || cy < 0 || cx >= cols || cy >= rows || std::exchange(taken[size_t(cy) * size_t(cols) + size_t(cx)], 1))
                continue;
            const ImVec2 m(x0 + (float(cx) + 0.5f) * kCell, y0 + (float(cy) + 0.5f) * kCell);
            dl->AddRectFilled(ImVec2(m.x - 1.5f, m.y - 1.5f), ImVec2(m.x + 1.5f, m.y + 1.5f), IM_COL32(255, 150, 30, 255));
        }
        if (review.current >= 0 && review.current < int(review.candidates.size())) {
            const auto& c = review.candidates[size_t(review.current)];
            if (c.status == CandidateReview::Status::Pending && c.score >= review.minScore) diamond(c.at, 14);
        }
    }

    // Hotspot windows: the best in bright green, the next ones fainter, numbered.
    const HotspotSearch& hot = s.hotspots;
    if (hot.show && hot.slide == slide)
        for (size_t i = 0; i < hot.windows.size(); ++i) {
            const ImU32 c = i == 0 ? IM_COL32(60, 230, 90, 255) : IM_COL32(60, 230, 90, 150);
            const auto preset = core::findHpfPreset(hot.presetId);  // a round window for round fields
            const bool round = preset && preset->shape == core::FieldShape::Circle && !preset->oneRectangle;
            p.outline(round ? ellipsePoints(hot.windows[i].box) : rectPoints(hot.windows[i].box), c, i == 0 ? 3.0f : 1.5f);
            dl->AddText(p.at({hot.windows[i].box.x, hot.windows[i].box.y}), c, ("hotspot " + std::to_string(i + 1)).c_str());
        }

    // Cells of the last DAB quantification, coloured by class (blue negative, yellow 1+, orange 2+, red 3+).
    const DabQuantification& dab = s.dab;
    // From about 10x up (<= 1.2 µm per screen px, a nucleus some 6 px across): coarser, the dots would
    // cover the tissue.
    const double umPerScreenPx = cam.zoom * (info.mpp.known() ? info.mpp.mean() : 0.25);
    if (dab.show && dab.done && dab.slide == slide && umPerScreenPx <= 1.2) {
        const ImU32 colours[4] = {IM_COL32(70, 130, 255, 230), IM_COL32(255, 230, 60, 230), IM_COL32(255, 150, 30, 230),
                                  IM_COL32(230, 40, 40, 230)};
        for (const auto& c : dab.cells) dl->AddCircleFilled(p.at(c.at), 2.5f, colours[std::clamp(c.cls, 0, 3)], 6);
    }

    // The shape being drawn.
    if (s.drawing && s.drawing->slide == slide && !s.drawing->points.empty() && !s.drawing->moving) {
        core::Annotation a;
        a.kind = s.drawing->kind;
        a.points = s.drawing->points;
        const ImU32 colour = rgba(s.colourOf(s.className));
        const bool open = a.kind == core::ShapeKind::Polygon || a.kind == core::ShapeKind::Freehand;
        if (a.points.size() >= 2) p.outline(shapeOutline(a), colour, 2, !open);
        if (a.kind == core::ShapeKind::Polygon)
            for (const auto& v : a.points) dl->AddCircleFilled(p.at(v), 3, colour);
    }
}

}  // namespace histomark::ui
