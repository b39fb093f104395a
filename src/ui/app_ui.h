// SPDX-License-Identifier: MIT
#pragma once
#include "ui/case_actions.h"
#include "ui/case_list_view.h"
#include "ui/case_window.h"
#include "ui/file_dialog.h"
#include "ui/scale_dialog.h"
#include "ui/ui_actions.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The main window: menu bar, tabs (the project's case list, the open case, loose slides),
// sidebar (overview, magnification buttons, properties) and status bar. Immediate mode: draw()
// is called once per frame and reads the workspace.
class AppUi {
public:
    AppUi(UiActions& actions, CaseActions& cases) : m_actions(actions), m_cases(cases) {}

    void draw(Workspace& ws, ViewerContext& ctx, const PipelineStatus& status);
    void openFileDialog();
    void openProjectDialog(bool create);
    // Something moved that was already drawn this frame (linked viewers): draw again at once.
    bool needsFrame() const { return m_caseWindow.needsFrame(); }

    CaseWindow& caseWindow() { return m_caseWindow; }

    bool showSidebar = true;
    bool showProperties = true;

private:
    void drawMenu(Workspace& ws);
    void drawViews(Workspace& ws, ViewerContext& ctx, float width, float height);
    void drawSidebar(Workspace& ws, float width, float height);
    void drawStatusBar(Workspace& ws, const PipelineStatus& status);
    void drawWelcome(float width, float height);
    void drawHelp();
    void handleShortcuts(Workspace& ws);

    UiActions& m_actions;
    CaseActions& m_cases;
    FileDialog m_fileDialog;
    CaseListView m_caseList;
    CaseWindow m_caseWindow;
    ScaleDialog m_scaleDialog;
    bool m_showHelp = false;
};

}  // namespace histomark::ui
