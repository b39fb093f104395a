// SPDX-License-Identifier: MIT
#pragma once
#include "ui/file_dialog.h"
#include "ui/scale_dialog.h"
#include "ui/ui_actions.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The main window: menu bar, slide tabs, sidebar (overview, magnification buttons, properties)
// and status bar. Immediate mode: draw() is called once per frame and reads the workspace.
class AppUi {
public:
    explicit AppUi(UiActions& actions) : m_actions(actions) {}

    void draw(Workspace& ws, ViewerContext& ctx, const PipelineStatus& status);
    void openFileDialog();

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
    FileDialog m_fileDialog;
    ScaleDialog m_scaleDialog;
    bool m_showHelp = false;
};

}  // namespace histomark::ui
