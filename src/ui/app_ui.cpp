// SPDX-License-Identifier: MIT
#include "ui/app_ui.h"

#include <GLFW/glfw3.h>  // key codes (see slide_view.cpp)
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "ui/overview_panel.h"
#include "ui/properties_panel.h"

namespace histomark::ui {
namespace {

constexpr float kSidebarWidth = 330;

std::string mib(size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", double(bytes) / (1 << 20));
    return buf;
}

}  // namespace

void AppUi::openFileDialog() {
    std::error_code ec;
    std::string start = std::filesystem::current_path(ec).string();
    if (auto recent = m_actions.recentFiles(); !recent.empty())
        start = std::filesystem::path(recent.front()).parent_path().string();
    m_fileDialog.open(start);
}

void AppUi::openProjectDialog(bool create) {
    std::error_code ec;
    const std::string start = std::filesystem::current_path(ec).string();
    if (create)
        m_fileDialog.pick(start, "New project (type a name ending in .hmproj)", FileDialog::Kind::Projects,
                          [this](const std::string& p) { m_cases.openProject(p, true); });
    else
        m_fileDialog.pick(start, "Open project", FileDialog::Kind::Projects,
                          [this](const std::string& p) { m_cases.openProject(p, false); });
}

void AppUi::draw(Workspace& ws, ViewerContext& ctx, const PipelineStatus& status) {
    handleShortcuts(ws);
    drawMenu(ws);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
    ImGui::Begin("##main", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    const float statusH = ImGui::GetFrameHeightWithSpacing();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool sidebar = showSidebar && ws.activeView();
    const float viewsW = sidebar ? avail.x - kSidebarWidth - 4 : avail.x;
    const float bodyH = avail.y - statusH;

    ImGui::BeginChild("##views", ImVec2(viewsW, bodyH), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (ws.views.empty() && !ws.project.open() && !ws.caseSession)
        drawWelcome(viewsW, bodyH);
    else
        drawViews(ws, ctx, viewsW, bodyH);
    ImGui::EndChild();
    if (sidebar) {
        ImGui::SameLine();
        drawSidebar(ws, kSidebarWidth, bodyH);
    }
    drawStatusBar(ws, status);
    ImGui::End();

    m_fileDialog.draw(m_actions);
    m_scaleDialog.draw(m_actions, ws.activeView());
    drawHelp();
}

void AppUi::handleShortcuts(Workspace& ws) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl || io.WantTextInput) return;
    if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) openFileDialog();
    if (ImGui::IsKeyPressed(GLFW_KEY_W, false) && ws.activeView() && !ws.inCase(ws.activeView()->document()->id()))
        m_actions.closeSlide(ws.activeView()->document()->id());
    if (ImGui::IsKeyPressed(GLFW_KEY_Q, false)) m_actions.requestQuit();
}

void AppUi::drawMenu(Workspace& ws) {
    if (!ImGui::BeginMainMenuBar()) return;
    SlideView* view = ws.activeView();
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O")) openFileDialog();
        if (ImGui::BeginMenu("Open recent")) {
            const auto recent = m_actions.recentFiles();
            if (recent.empty()) ImGui::MenuItem("(none)", nullptr, false, false);
            for (const auto& r : recent)
                if (ImGui::MenuItem(r.c_str())) m_actions.openSlide(r);
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Close slide", "Ctrl+W", false, view && !ws.inCase(view->document()->id())))
            m_actions.closeSlide(view->document()->id());
        ImGui::Separator();
        if (ImGui::MenuItem("New project...")) openProjectDialog(true);
        if (ImGui::MenuItem("Open project...")) openProjectDialog(false);
        if (ImGui::MenuItem("Close project", nullptr, false, ws.project.open())) m_cases.closeProject();
        ImGui::Separator();
        if (ImGui::BeginMenu("Candidate mitosis model")) {
            if (ImGui::MenuItem("Built-in (AMi-Br, breast carcinoma)", nullptr, ws.mitosisModelName.empty()))
                m_cases.useMitosisModel("");
            if (!ws.mitosisModelName.empty()) ImGui::MenuItem(ws.mitosisModelName.c_str(), nullptr, true, false);
            if (ImGui::MenuItem("From a file (train-mitosis)...")) {
                std::error_code ec;
                m_fileDialog.pick(std::filesystem::current_path(ec).string(), "Candidate mitosis model (a train-mitosis file)",
                                  FileDialog::Kind::Models, [this](const std::string& p) { m_cases.useMitosisModel(p); });
            }
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) m_actions.requestQuit();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        const bool ready = view && view->document()->ready();
        if (ImGui::MenuItem("Fit to window", "Home", false, ready)) view->fit();
        for (int i = 0; i < 6; ++i) {
            char label[16], key[4];
            std::snprintf(label, sizeof label, "%gx", kMagnificationPresets[i]);
            std::snprintf(key, sizeof key, "%d", i + 1);
            if (ImGui::MenuItem(label, key, false, ready)) view->setMagnification(kMagnificationPresets[i]);
        }
        ImGui::Separator();
        ImGui::MenuItem("Sidebar", nullptr, &showSidebar);
        ImGui::MenuItem("Properties", nullptr, &showProperties);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Slide")) {
        const bool ready = view && view->document()->ready();
        if (ImGui::MenuItem("Set scale...", nullptr, false, ready)) m_scaleDialog.open(*view);
        if (ImGui::MenuItem("Calibrate scale on a line", nullptr, false, ready)) view->startCalibration();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keys and mouse", "F1")) m_showHelp = true;
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) m_showHelp = true;
}

void AppUi::drawViews(Workspace& ws, ViewerContext& ctx, float width, float height) {
    if (!ImGui::BeginTabBar("##slides", ImGuiTabBarFlags_AutoSelectNewTabs | ImGuiTabBarFlags_FittingPolicyScroll)) return;
    int activeNow = -1;
    core::SlideId toClose = 0;
    if ((ws.project.open() || ws.caseSession) && !ws.quiz.on()) {  // a learner sees no case list
        const ImGuiTabItemFlags flags = ws.showCasesRequest ? ImGuiTabItemFlags_SetSelected : 0;
        ws.showCasesRequest = false;
        if (ImGui::BeginTabItem("Cases###cases", nullptr, flags)) {
            m_caseList.draw(ws, m_cases, m_fileDialog, width, height);
            ImGui::EndTabItem();
        }
    }
    if (ws.quiz.on() && !ws.caseSession && ImGui::BeginTabItem("Quiz###quiz")) {
        if (!ws.quiz.error.empty())
            ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", ws.quiz.error.c_str());
        else
            ImGui::TextDisabled("Opening the teaching set for %s ...", ws.quiz.learner.c_str());
        ImGui::EndTabItem();
    }
    if (ws.caseSession) {
        bool open = true;
        const ImGuiTabItemFlags flags = ws.showCaseRequest ? ImGuiTabItemFlags_SetSelected : 0;
        ws.showCaseRequest = false;
        const std::string label = (ws.quiz.on() ? "Question " + std::to_string(ws.quiz.numberOf(ws.caseSession->record.id))
                                                 : "Case " + ws.caseSession->record.accession) +
                                  "###case";
        if (ImGui::BeginTabItem(label.c_str(), &open, flags)) {
            m_caseWindow.draw(ws, ctx, m_cases, m_fileDialog, width, height);
            activeNow = ws.active;
            ImGui::EndTabItem();
        }
        if (!open) m_cases.closeCase();
    }
    for (int i = 0; i < int(ws.views.size()); ++i) {
        SlideView& view = *ws.views[size_t(i)];
        if (ws.inCase(view.document()->id())) continue;
        bool open = true;
        ImGui::PushID(int(view.document()->id()));
        const ImGuiTabItemFlags flags = ws.selectRequest == i ? ImGuiTabItemFlags_SetSelected : 0;
        const std::string label = view.document()->title() + "###tab";
        if (ImGui::BeginTabItem(label.c_str(), &open, flags)) {
            activeNow = i;
            const ImVec2 avail = ImGui::GetContentRegionAvail();
            const bool focused = !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
            view.draw(ctx, avail.x, std::max(avail.y, height * 0.2f), focused);
            ImGui::EndTabItem();
        }
        if (!open) toClose = view.document()->id();
        ImGui::PopID();
    }
    ImGui::EndTabBar();
    if (ws.selectRequest >= 0 && ws.selectRequest == activeNow) ws.selectRequest = -1;
    ws.active = activeNow;
    if (toClose) m_actions.closeSlide(toClose);
}

void AppUi::drawSidebar(Workspace& ws, float width, float height) {
    SlideView* view = ws.activeView();
    ImGui::BeginChild("##sidebar", ImVec2(width, height), true);
    if (!view) {  // the tab changed this frame to one without a slide (the case list)
        ImGui::EndChild();
        return;
    }
    if (ImGui::CollapsingHeader("Overview", ImGuiTreeNodeFlags_DefaultOpen)) drawOverviewPanel(*view, width - 20, 240);
    if (ImGui::CollapsingHeader("Magnification", ImGuiTreeNodeFlags_DefaultOpen)) {
        const bool ready = view->document()->ready();
        ImGui::BeginDisabled(!ready);
        if (ImGui::Button("Fit")) view->fit();
        for (double m : kMagnificationPresets) {
            ImGui::SameLine();
            char label[16];
            std::snprintf(label, sizeof label, "%gx", m);
            if (ImGui::Button(label)) view->setMagnification(m);
        }
        ImGui::EndDisabled();
    }
    if (showProperties && ImGui::CollapsingHeader("Properties", ImGuiTreeNodeFlags_DefaultOpen))
        if (drawPropertiesPanel(*view->document(), width - 20, ws.quiz.on())) m_scaleDialog.open(*view);
    ImGui::EndChild();
}

void AppUi::drawStatusBar(Workspace& ws, const PipelineStatus& st) {
    ImGui::Separator();
    SlideView* view = ws.activeView();
    if (view && view->document()->ready() && view->hasCamera()) {
        const auto& doc = *view->document();
        ImGui::Text("%s", doc.magnification().label(view->camera().zoom).c_str());
        ImGui::SameLine(0, 20);
        if (auto c = view->cursor()) {
            if (doc.info().mpp.known())
                ImGui::Text("x %.0f  y %.0f px   (%.1f, %.1f \xC2\xB5m)", c->x, c->y, c->x * *doc.info().mpp.x,
                            c->y * *doc.info().mpp.y);
            else
                ImGui::Text("x %.0f  y %.0f px", c->x, c->y);
        } else {
            ImGui::TextDisabled("cursor outside the slide view");
        }
        ImGui::SameLine(0, 20);
        ImGui::Text("level %d (ds %.2f)", view->lastStats().targetLevel,
                    doc.grid().levelCount() ? doc.grid().downsample(view->lastStats().targetLevel) : 1.0);
    } else {
        ImGui::TextDisabled("No slide");
    }
    ImGui::SameLine(0, 20);
    ImGui::TextDisabled("tiles pending %zu | cache CPU %s/%s MiB GPU %s/%s MiB | %d workers", st.loaderPending,
                        mib(st.cpuBytes).c_str(), mib(st.cpuBudget).c_str(), mib(st.gpuBytes).c_str(),
                        mib(st.gpuBudget).c_str(), st.workers);
}

void AppUi::drawWelcome(float width, float height) {
    ImGui::SetCursorPos(ImVec2(std::max(20.0f, width * 0.5f - 220), std::max(20.0f, height * 0.3f)));
    ImGui::BeginGroup();
    ImGui::Text("Histomark");
    ImGui::TextDisabled("Open a whole-slide image or a microscope photo:");
    ImGui::TextDisabled("File > Open (Ctrl+O), drag a file onto this window, or a recent file.");
    if (ImGui::Button("Open slide...", ImVec2(160, 0))) openFileDialog();
    ImGui::SameLine();
    if (ImGui::Button("Open project...", ImVec2(160, 0))) openProjectDialog(false);
    ImGui::SameLine();
    if (ImGui::Button("New project...", ImVec2(160, 0))) openProjectDialog(true);
    const auto recent = m_actions.recentFiles();
    if (!recent.empty()) ImGui::Separator(), ImGui::Text("Recent");
    for (const auto& r : recent)
        if (ImGui::Selectable(r.c_str())) m_actions.openSlide(r);
    ImGui::EndGroup();
}

void AppUi::drawHelp() {
    if (m_showHelp) ImGui::OpenPopup("Keys and mouse");
    m_showHelp = false;
    if (!ImGui::BeginPopupModal("Keys and mouse", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::Text("Drag: pan        Wheel: zoom at the cursor        Double-click: zoom in 2x");
    ImGui::Text("1 2 3 4 5 6: 1x 2x 5x 10x 20x 40x equivalent (from \xC2\xB5m per pixel)");
    ImGui::Text("Home: fit        + / -: zoom        Arrows: pan");
    ImGui::Text("Ctrl+O: open     Ctrl+W: close slide        Ctrl+Q: quit");
    ImGui::Text("Overview: click or drag to move there. Drop files on the window to open them.");
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace histomark::ui
