// SPDX-License-Identifier: MIT
#include "ui/file_dialog.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace histomark::ui {

bool FileDialog::isSlideFile(const std::string& name) {
    static const char* exts[] = {".svs", ".tif", ".tiff", ".ndpi", ".vms", ".vmu", ".mrxs", ".scn", ".bif",
                                 ".svslide", ".jpg", ".jpeg", ".png", ".bmp"};
    std::string ext = std::filesystem::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* e) { return ext == e; });
}

void FileDialog::open(const std::string& startDirectory) {
    m_requestOpen = true;
    m_dir = startDirectory;
    m_listing = {};
}

void FileDialog::navigate(UiActions& actions, const std::string& dir) {
    m_dir = dir;
    std::snprintf(m_pathInput, sizeof m_pathInput, "%s", dir.c_str());
    m_loading = true;
    m_selected.clear();
    const int gen = ++*m_generation;
    std::weak_ptr<int> alive = m_generation;
    actions.listDirectory(dir, [this, gen, alive](DirectoryListing listing) {
        auto g = alive.lock();
        if (!g || *g != gen) return;  // dialog gone or moved on
        m_listing = std::move(listing);
        m_loading = false;
    });
}

void FileDialog::draw(UiActions& actions) {
    if (m_requestOpen) {
        ImGui::OpenPopup("Open slide");
        navigate(actions, m_dir);
        m_requestOpen = false;
    }
    ImGui::SetNextWindowSize(ImVec2(640, 460), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open slide", nullptr)) return;
    ImGui::SetNextItemWidth(-80);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // type a path straight away
    if (ImGui::InputText("##path", m_pathInput, sizeof m_pathInput, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (isSlideFile(m_pathInput)) {  // typed a slide's path: open it (a missing one says so in its tab)
            actions.openSlide(m_pathInput);
            ImGui::CloseCurrentPopup();
        } else {
            navigate(actions, m_pathInput);
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Up")) navigate(actions, std::filesystem::path(m_dir).parent_path().string());
    ImGui::Checkbox("Show all files", &m_showAll);

    ImGui::BeginChild("##entries", ImVec2(0, -36), true);
    if (m_loading) ImGui::TextDisabled("Reading folder...");
    if (!m_listing.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", m_listing.error.c_str());
    std::string go;
    for (const auto& f : m_listing.folders)
        if (ImGui::Selectable(("[dir] " + f).c_str(), false, ImGuiSelectableFlags_AllowDoubleClick) &&
            ImGui::IsMouseDoubleClicked(0))
            go = (std::filesystem::path(m_listing.directory) / f).string();
    for (const auto& f : m_listing.files) {
        if (!m_showAll && !isSlideFile(f)) continue;
        if (ImGui::Selectable(f.c_str(), m_selected == f, ImGuiSelectableFlags_AllowDoubleClick)) {
            m_selected = f;
            if (ImGui::IsMouseDoubleClicked(0)) {
                actions.openSlide((std::filesystem::path(m_listing.directory) / f).string());
                ImGui::CloseCurrentPopup();
            }
        }
    }
    ImGui::EndChild();
    if (!go.empty()) navigate(actions, go);
    ImGui::BeginDisabled(m_selected.empty());
    if (ImGui::Button("Open", ImVec2(100, 0))) {
        actions.openSlide((std::filesystem::path(m_listing.directory) / m_selected).string());
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace histomark::ui
