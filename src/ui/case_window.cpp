// SPDX-License-Identifier: MIT
#include "ui/case_window.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <utility>

#include "core/linked_navigation.h"
#include "ui/quiz_results.h"
#include "ui/view_overlays.h"

namespace histomark::ui {
namespace {

// Columns x rows for n viewers: 1, 2 and 3 side by side; 4 as 2x2; 5 and 6 as 3x2.
std::pair<int, int> gridFor(int n) {
    if (n <= 3) return {std::max(n, 1), 1};
    if (n == 4) return {2, 2};
    return {3, 2};
}

constexpr float kHeaderHeight = 26;

}  // namespace

void CaseWindow::draw(Workspace& ws, ViewerContext& ctx, CaseActions& actions, FileDialog& files, float width,
                      float height) {
    m_needsFrame = false;
    m_marks.beginFrame();
    if (m_checkOwner && (!ws.caseSession || !ws.caseSession->check.slide)) {
        ctx.loader.cancelOwner(m_checkOwner);  // the check ended: its queued tiles are not needed
        m_checkOwner = 0;
    }
    if (!ws.caseSession) return;
    CaseSession& s = *ws.caseSession;
    if (ws.focusRequest && s.findBySlide(ws.focusRequest)) m_focused = std::exchange(ws.focusRequest, 0);
    if (!s.findBySlide(m_focused) && s.referenceIndex() >= 0) m_focused = s.viewers[size_t(s.referenceIndex())].slide;
    followLeader(ws, s);
    drawToolbar(ws, actions, files);
    if (s.pairs.active()) drawPairsBar(s, actions);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const int n = std::min<int>(int(s.viewers.size()), core::kMaxCaseViewers);
    if (n == 0) {
        ImGui::TextDisabled("This case has no slides yet: Add slide... (H&E first, then the IHC panel).");
        return;
    }
    const auto [cols, rows] = gridFor(n);
    const float gap = 4;
    const float panelW = showMarksPanel ? std::min(330.0f, avail.x * 0.3f) : 0;
    const float gridW = avail.x - (panelW > 0 ? panelW + gap : 0);
    const float cellW = std::floor((gridW - gap * float(cols - 1)) / float(cols));
    const float cellH = std::floor((std::max(avail.y, height * 0.2f) - gap * float(rows - 1)) / float(rows));
    int hovered = -1;
    ImGui::BeginGroup();
    for (int i = 0; i < n; ++i) {
        if (i % cols != 0) ImGui::SameLine(0, gap);
        ImGui::PushID(i);
        ImGui::BeginGroup();
        drawCell(ws, ctx, actions, files, size_t(i), cellW, cellH);
        ImGui::EndGroup();
        ImGui::PopID();
        if (SlideView* v = ws.find(s.viewers[size_t(i)].slide); v && v->cursor()) hovered = i;
    }
    ImGui::EndGroup();
    if (panelW > 0) {
        ImGui::SameLine(0, gap);
        CaseViewer* fv = s.findBySlide(m_focused);
        m_marks.setModelInUse(ws.mitosisModelName, ws.mitosisModelMessage);
        m_marks.panel(s, fv, fv ? ws.find(fv->slide) : nullptr, actions, files, panelW, avail.y);
    }
    (void)width;
    m_marks.summaryWindow(s, ws, actions);
    drawQuizResults(s, ws, actions, files);
    updateMarkers(ws, s, hovered);
    ws.active = ws.indexOf(m_focused);
}

void CaseWindow::followLeader(Workspace& ws, CaseSession& s) {
    // The first placement: linked slides follow the reference once it shows (saved views of
    // unlinked slides stay as they were).
    const int ref = s.referenceIndex();
    if (!s.placed && ref >= 0) {
        SlideView* rv = ws.find(s.viewers[size_t(ref)].slide);
        if (rv && rv->document()->ready() && rv->hasCamera()) s.placed = true, s.leader = ref;
    }
    if (s.leader < 0 || s.leader >= int(s.viewers.size())) return;
    const CaseViewer& lead = s.viewers[size_t(s.leader)];
    s.leader = -1;
    SlideView* lv = ws.find(lead.slide);
    if (!lead.record.linked || !lv || !lv->document()->ready() || !lv->hasCamera()) return;
    for (CaseViewer& v : s.viewers) {
        if (&v == &lead || !v.record.linked) continue;
        SlideView* fv = ws.find(v.slide);
        if (!fv || !fv->document()->ready()) continue;
        fv->setCamera(core::followCamera(lv->camera(), lead.record.toReference, v.record.toReference, fv->camera().viewport));
        m_needsFrame = true;
    }
}

void CaseWindow::drawCell(Workspace& ws, ViewerContext& ctx, CaseActions& actions, FileDialog& files, size_t index,
                          float w, float h) {
    CaseSession& s = *ws.caseSession;
    CaseViewer& v = s.viewers[index];
    drawHeader(s, v, actions, files, w);
    const float viewH = std::max(8.0f, h - kHeaderHeight);
    SlideView* view = ws.find(v.slide);
    if (!view) {  // file checked, missing, or not opened yet
        const ImVec2 p0 = ImGui::GetCursorScreenPos(), p1(p0.x + w, p0.y + viewH);
        ImGui::Dummy(ImVec2(w, viewH));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p0, p1, IM_COL32(48, 48, 53, 255));
        if (v.file == CaseViewer::File::Missing)
            overlays::banner(dl, p0, p1, "File missing: " + v.record.path + "\n" + v.fileMessage +
                                             "\nUse Relink... in this slide's menu to point to where it is now.", true);
        else
            overlays::centredText(dl, p0, p1, "Checking " + v.record.path + " ...");
        return;
    }
    const bool hadCamera = view->hasCamera();
    view->setComparison(std::nullopt);
    if (s.check.slide == v.record.id) drawAlignmentCheck(ws, ctx, v, *view);
    m_marks.prepareView(s, v, *view);
    view->draw(ctx, w, viewH, view->document()->id() == m_focused);
    m_marks.handleView(s, v, *view, view->document()->id() == m_focused, actions);
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) m_focused = view->document()->id();
    if (!hadCamera && view->hasCamera() && v.record.linked && s.placed) {
        // A slide that opened late joins the others where they are.
        const int ref = s.referenceIndex();
        for (size_t i = 0; i < s.viewers.size(); ++i)
            if (i != index && s.viewers[i].record.linked && ws.find(s.viewers[i].slide) &&
                ws.find(s.viewers[i].slide)->hasCamera()) {
                s.leader = int(i);
                break;
            }
        if (s.leader < 0) s.leader = ref;
        m_needsFrame = true;
    }
    if (view->takeNavigated()) {
        s.leader = int(index);
        m_needsFrame = true;
    }
    if (auto click = view->takeClick()) handleClick(s, v, *click);
}

void CaseWindow::handleClick(CaseSession& s, CaseViewer& v, core::Level0Point p) {
    PointPairs& pp = s.pairs;
    if (!pp.active()) return;
    if (v.record.id == pp.moving && !pp.awaitingReference()) pp.movingPoints.push_back(p);
    else if (v.isReference() && pp.awaitingReference()) pp.referencePoints.push_back(p);
}

void CaseWindow::updateMarkers(Workspace& ws, CaseSession& s, int hovered) {
    s.cursorReference.reset();
    if (hovered >= 0)
        if (SlideView* hv = ws.find(s.viewers[size_t(hovered)].slide); hv && hv->cursor())
            s.cursorReference = s.viewers[size_t(hovered)].record.toReference.apply(*hv->cursor());
    for (int i = 0; i < int(s.viewers.size()); ++i) {
        CaseViewer& v = s.viewers[size_t(i)];
        SlideView* view = ws.find(v.slide);
        if (!view) continue;
        std::vector<ViewMarker> markers;
        if (s.crosshair && s.cursorReference && i != hovered && v.record.toReference.invertible())
            markers.push_back({v.record.toReference.inverse().apply(*s.cursorReference), IM_COL32(0, 230, 255, 255), "", true});
        const std::vector<core::Level0Point>* pts = nullptr;
        if (s.pairs.active() && v.record.id == s.pairs.moving) pts = &s.pairs.movingPoints;
        if (s.pairs.active() && v.isReference()) pts = &s.pairs.referencePoints;
        if (pts)
            for (size_t k = 0; k < pts->size(); ++k)
                markers.push_back({(*pts)[k], IM_COL32(255, 210, 0, 255), std::to_string(k + 1), false});
        view->setMarkers(std::move(markers));
    }
}

}  // namespace histomark::ui
