// SPDX-License-Identifier: MIT
#include "ui/case_list_view.h"

#include <imgui.h>

#include <cstring>
#include <filesystem>

#include "core/stain.h"

namespace histomark::ui {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string startFolder(const std::string& projectPath) {
    std::error_code ec;
    if (!projectPath.empty()) return std::filesystem::path(projectPath).parent_path().string();
    return std::filesystem::current_path(ec).string();
}

}  // namespace

void CaseListView::draw(Workspace& ws, CaseActions& actions, FileDialog& files, float width, float height) {
    if (!ws.project.open()) {
        drawNoProject(actions, files, width, height);
        return;
    }
    if (m_listedPath != ws.project.path) {  // a project was opened: list its cases
        m_listedPath = ws.project.path;
        actions.refreshCases();
    }
    ImGui::Text("Project");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", ws.project.path.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Close project")) actions.closeProject();
    if (ws.project.readOnly)
        ImGui::TextColored(ImVec4(1.0f, 0.7f, 0.25f, 1), "Read-only (the file or its folder cannot be written): cases can be "
                                                         "looked at, nothing changed is saved");
    if (!ws.project.error.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", ws.project.error.c_str());
    drawFilters(ws, actions);
    ImGui::BeginChild("##cases", ImVec2(0, height * 0.55f), true);
    drawTable(ws, actions);
    ImGui::EndChild();
    drawNewCase(actions);
}

void CaseListView::drawNoProject(CaseActions& actions, FileDialog& files, float width, float height) {
    ImGui::SetCursorPos(ImVec2(std::max(20.0f, width * 0.5f - 240), std::max(20.0f, height * 0.3f)));
    ImGui::BeginGroup();
    ImGui::Text("Cases live in a project file (.hmproj): one file holds many cases, their slides,");
    ImGui::Text("stains, alignments and views, saved as you work.");
    if (ImGui::Button("Open project...", ImVec2(160, 0)))
        files.pick(startFolder(""), "Open project", FileDialog::Kind::Projects,
                   [&actions](const std::string& p) { actions.openProject(p, false); });
    ImGui::SameLine();
    if (ImGui::Button("New project...", ImVec2(160, 0)))
        files.pick(startFolder(""), "New project (type a name ending in .hmproj)", FileDialog::Kind::Projects,
                   [&actions](const std::string& p) { actions.openProject(p, true); });
    ImGui::EndGroup();
}

void CaseListView::drawFilters(Workspace& ws, CaseActions& actions) {
    bool changed = false;
    ImGui::SetNextItemWidth(260);
    changed |= ImGui::InputTextWithHint("##search", "search accession, site, diagnosis, summary", m_search, sizeof m_search);
    ImGui::SameLine();
    const auto& catalogue = core::stainCatalogue();
    ImGui::SetNextItemWidth(200);
    const char* current = m_stainFilter == 0 ? "any stain" : catalogue[size_t(m_stainFilter - 1)].name.c_str();
    if (ImGui::BeginCombo("##stain", current)) {
        if (ImGui::Selectable("any stain", m_stainFilter == 0)) m_stainFilter = 0, changed = true;
        for (size_t i = 0; i < catalogue.size(); ++i)
            if (ImGui::Selectable(catalogue[i].name.c_str(), m_stainFilter == int(i) + 1))
                m_stainFilter = int(i) + 1, changed = true;
        ImGui::EndCombo();
    }
    if (ws.project.busy) {
        ImGui::SameLine();
        ImGui::TextDisabled("loading...");
    }
    if (changed) {
        ws.project.search = m_search;
        ws.project.stainFilter = m_stainFilter == 0 ? "" : catalogue[size_t(m_stainFilter - 1)].name;
        actions.refreshCases();
    }
}

void CaseListView::drawTable(Workspace& ws, CaseActions& actions) {
    if (ws.project.cases.empty()) {
        ImGui::TextDisabled(ws.project.search.empty() && ws.project.stainFilter.empty()
                                ? "No cases yet: create one below."
                                : "No case matches.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("##caselist", 5, flags)) return;
    ImGui::TableSetupColumn("Accession");
    ImGui::TableSetupColumn("Site");
    ImGui::TableSetupColumn("Diagnosis");
    ImGui::TableSetupColumn("Slides", ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableSetupColumn("Stains");
    ImGui::TableHeadersRow();
    const bool caseOpen = ws.caseSession.has_value();
    for (const auto& c : ws.project.cases) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(int(c.record.id));
        const bool isOpen = caseOpen && ws.caseSession->record.id == c.record.id;
        if (ImGui::Selectable(c.record.accession.c_str(), isOpen,
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick))
            actions.openCase(c.record.id);
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.record.site.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(c.record.diagnosisNote.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", c.slideCount);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(joined(c.stains).c_str());
    }
    ImGui::EndTable();
}

void CaseListView::drawNewCase(CaseActions& actions) {
    if (!ImGui::CollapsingHeader("New case")) return;
    ImGui::InputText("Accession", m_accession, sizeof m_accession);
    ImGui::InputText("Site", m_site, sizeof m_site);
    ImGui::InputText("Diagnosis note", m_diagnosis, sizeof m_diagnosis);
    ImGui::InputTextMultiline("Clinical summary", m_summary, sizeof m_summary, ImVec2(0, 60));
    ImGui::BeginDisabled(std::strlen(m_accession) == 0);
    if (ImGui::Button("Create case")) {
        core::CaseRecord r;
        r.accession = m_accession, r.site = m_site, r.diagnosisNote = m_diagnosis, r.clinicalSummary = m_summary;
        actions.createCase(r);
        m_accession[0] = m_site[0] = m_diagnosis[0] = m_summary[0] = 0;
    }
    ImGui::EndDisabled();
}

}  // namespace histomark::ui
