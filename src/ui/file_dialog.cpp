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

bool FileDialog::isProjectFile(const std::string& name) {
    return std::filesystem::path(name).extension() == ".hmproj";
}

bool FileDialog::isAnnotationFile(const std::string& name) {
    std::string ext = std::filesystem::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".geojson" || ext == ".json" || ext == ".xml" || ext == ".sqlite" || ext == ".db";  // .sqlite, .db: SlideRunner
}

bool FileDialog::isModelFile(const std::string& name) {
    std::string ext = std::filesystem::path(name).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".yml" || ext == ".yaml";
}

bool FileDialog::matches(Kind kind, const std::string& name) {
    switch (kind) {
        case Kind::Projects: return isProjectFile(name);
        case Kind::Annotations: return isAnnotationFile(name);
        case Kind::Models: return isModelFile(name);
        case Kind::Slides: break;
    }
    return isSlideFile(name);
}

void FileDialog::open(const std::string& startDirectory) { pick(startDirectory, "Open slide", Kind::Slides, {}); }

void FileDialog::pick(const std::string& startDirectory, std::string title, Kind kind, Choose choose) {
    m_requestOpen = true;
    m_dir = startDirectory;
    m_listing = {};
    m_title = std::move(title);
    m_kind = kind;
    m_choose = std::move(choose);
}

bool FileDialog::wanted(const std::string& name) const {
    return m_showAll || matches(m_kind, name);
}

void FileDialog::choose(UiActions& actions, const std::string& path) {
    if (m_choose)
        m_choose(path);
    else
        actions.openSlide(path);
    ImGui::CloseCurrentPopup();
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
        ImGui::OpenPopup("###filedialog");
        navigate(actions, m_dir);
        m_requestOpen = false;
    }
    ImGui::SetNextWindowSize(ImVec2(640, 460), ImGuiCond_Appearing);
    const std::string popup = m_title + "###filedialog";
    if (!ImGui::BeginPopupModal(popup.c_str(), nullptr)) return;
    ImGui::SetNextItemWidth(-80);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();  // type a path straight away
    if (ImGui::InputText("##path", m_pathInput, sizeof m_pathInput, ImGuiInputTextFlags_EnterReturnsTrue)) {
        // A typed file path is chosen (a missing slide says so in its tab; a new project is created).
        if (matches(m_kind, m_pathInput)) {
            choose(actions, m_pathInput);
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
        if (!wanted(f)) continue;
        if (ImGui::Selectable(f.c_str(), m_selected == f, ImGuiSelectableFlags_AllowDoubleClick)) {
            m_selected = f;
            if (ImGui::IsMouseDoubleClicked(0)) choose(actions, (std::filesystem::path(m_listing.directory) / f).string());
        }
    }
    ImGui::EndChild();
    if (!go.empty()) navigate(actions, go);
    ImGui::BeginDisabled(m_selected.empty());
    if (ImGui::Button("Open", ImVec2(100, 0))) choose(actions, (std::filesystem::path(m_listing.directory) / m_selected).string());
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace histomark::ui
