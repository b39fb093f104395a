// SPDX-License-Identifier: MIT
#pragma once
#include "render/framebuffer.h"
#include "ui/case_actions.h"
#include "ui/file_dialog.h"
#include "ui/marks_ui.h"
#include "ui/viewer_context.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The open case: its slides in a grid (H&E and the IHC panel, like a tray of glass slides), each
// with a header (stain, alignment, link), linked navigation through the stored transforms, a
// cross-hair at the corresponding point in every viewer, the alignment check and the manual
// correction by point pairs.
class CaseWindow {
public:
    void draw(Workspace& ws, ViewerContext& ctx, CaseActions& actions, FileDialog& files, float width, float height);
    // Followers were moved after they were drawn: the app should draw another frame at once.
    bool needsFrame() const { return m_needsFrame || m_marks.needsFrame(); }
    MarksUi& marks() { return m_marks; }
    bool showMarksPanel = true;

private:
    void drawToolbar(Workspace& ws, CaseActions& actions, FileDialog& files);
    void drawQuizToolbar(Workspace& ws, CaseActions& actions);
    void drawTeachingPopup(CaseSession& s, CaseActions& actions);  // the educator's side of a teaching case
    void drawPairsBar(CaseSession& s, CaseActions& actions);
    void drawCell(Workspace& ws, ViewerContext& ctx, CaseActions& actions, FileDialog& files, size_t index, float w,
                  float h);
    void drawHeader(CaseSession& s, CaseViewer& v, CaseActions& actions, FileDialog& files, float width);
    void drawStainMenu(CaseViewer& v, CaseActions& actions);
    void drawAlignmentCheck(Workspace& ws, ViewerContext& ctx, CaseViewer& v, SlideView& view);
    void followLeader(Workspace& ws, CaseSession& s);
    void handleClick(CaseSession& s, CaseViewer& v, core::Level0Point p);
    void updateMarkers(Workspace& ws, CaseSession& s, int hovered);

    render::Framebuffer m_checkFbo;
    slide::OwnerId m_checkOwner = 0;  // the alignment check's own tile wishlist
    bool m_needsFrame = false;
    core::SlideId m_focused = 0;  // viewer with keyboard focus
    char m_customStain[64] = {};
    char m_teachingReader[64] = {}, m_teachingQuestion[512] = {};
    MarksUi m_marks;
};

}  // namespace histomark::ui
