// SPDX-License-Identifier: MIT
#pragma once
#include "ui/case_actions.h"
#include "ui/file_dialog.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The start screen of a project: its cases with search and a stain filter, and a form for a new
// case. Without a project it offers to open or create one.
class CaseListView {
public:
    void draw(Workspace& ws, CaseActions& actions, FileDialog& files, float width, float height);

private:
    void drawNoProject(CaseActions& actions, FileDialog& files, float width, float height);
    void drawFilters(Workspace& ws, CaseActions& actions);
    void drawTable(Workspace& ws, CaseActions& actions);
    void drawNewCase(CaseActions& actions);

    char m_search[128] = {};
    int m_stainFilter = 0;  // 0 = any, else catalogue index + 1
    char m_accession[64] = {}, m_site[64] = {}, m_diagnosis[128] = {}, m_summary[1024] = {};
    bool m_refreshed = false;  // the list was asked for since the project opened
    std::string m_listedPath;
};

}  // namespace histomark::ui
