// SPDX-License-Identifier: MIT
#include "ui/properties_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/slide_document.h"

namespace histomark::ui {
namespace {

void row(const char* key, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", key);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextWrapped("%s", value.c_str());
}

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
    char buf[128];
    std::snprintf(buf, sizeof buf, f, a, b, c);
    return buf;
}

void summaryTable(const SlideDocument& doc, bool blinded) {
    const core::SlideInfo& info = doc.info();
    if (!ImGui::BeginTable("##summary", 2, ImGuiTableFlags_SizingStretchProp)) return;
    if (!blinded) row("File", doc.path());
    row("Vendor", info.vendor);
    row("Reader", info.backend);
    std::string dims = fmt("%.0f x %.0f px", double(info.width()), double(info.height()));
    if (info.mpp.known())
        dims += fmt(" (%.2f x %.2f mm)", double(info.width()) * *info.mpp.x / 1000, double(info.height()) * *info.mpp.y / 1000);
    row("Dimensions", dims);
    if (info.mpp.known())
        row("Microns/pixel", fmt("%.4f x %.4f \xC2\xB5m/px", *info.mpp.x, *info.mpp.y) + " (" +
                                 core::mppSourceName(info.mpp.source) + ")");
    else
        row("Microns/pixel", "unknown");
    if (!info.mpp.note.empty()) row("Scale note", info.mpp.note);
    row("Objective tag", info.objectivePower ? fmt("%.0fx (scanner metadata)", *info.objectivePower) : "none");
    row("Level 0 shows as", doc.magnification().label(1.0));
    ImGui::EndTable();
    for (const auto& n : info.notes) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.7f, 0.25f, 1));
        ImGui::TextWrapped("%s", n.c_str());
        ImGui::PopStyleColor();
    }
}

void levelsTable(const SlideDocument& doc) {
    if (!ImGui::BeginTable("##levels", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("Level");
    ImGui::TableSetupColumn("Size (px)");
    ImGui::TableSetupColumn("Downsample");
    ImGui::TableSetupColumn("Tile");
    ImGui::TableHeadersRow();
    const auto& levels = doc.info().levels;
    for (size_t i = 0; i < levels.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%zu", i);
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%lld x %lld", static_cast<long long>(levels[i].width), static_cast<long long>(levels[i].height));
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%.3f", levels[i].downsample);
        ImGui::TableSetColumnIndex(3);
        if (levels[i].tileWidth > 0)
            ImGui::Text("%d x %d", levels[i].tileWidth, levels[i].tileHeight);
        else
            ImGui::TextDisabled("none");
    }
    ImGui::EndTable();
}

void associatedImages(const SlideDocument& doc, float width) {
    if (doc.associated().empty()) {
        ImGui::TextDisabled("No associated images");
        return;
    }
    for (const auto& a : doc.associated()) {
        const float w = std::min(width - 8, 260.0f);
        const float h = w * float(a.texture.height()) / float(std::max(1, a.texture.width()));
        ImGui::Text("%s (%d x %d)", a.name.c_str(), a.texture.width(), a.texture.height());
        ImGui::Image(reinterpret_cast<ImTextureID>(intptr_t(a.texture.id())), ImVec2(w, std::min(h, 260.0f)));
    }
}

}  // namespace

bool drawPropertiesPanel(const SlideDocument& doc, float width, bool blinded) {
    if (doc.state() == SlideDocument::State::Failed) {
        ImGui::TextWrapped("%s", doc.error().c_str());
        return false;
    }
    if (!doc.ready()) {
        ImGui::TextDisabled("Opening...");
        return false;
    }
    summaryTable(doc, blinded);
    const bool setScale = ImGui::Button(doc.info().mpp.known() ? "Change scale..." : "Set scale...");
    for (const auto& w : doc.warnings()) ImGui::TextColored(ImVec4(1, 0.75f, 0.3f, 1), "%s", w.c_str());
    if (ImGui::TreeNodeEx("Levels", ImGuiTreeNodeFlags_DefaultOpen)) {
        levelsTable(doc);
        ImGui::TreePop();
    }
    if (blinded) {
        ImGui::TextDisabled("Quiz mode: the file name, label and properties are hidden.");
        return setScale;
    }
    if (ImGui::TreeNodeEx("Associated images", ImGuiTreeNodeFlags_DefaultOpen)) {
        associatedImages(doc, width);
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("All properties")) {
        if (ImGui::BeginTable("##props", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
            for (const auto& [k, v] : doc.info().properties) row(k.c_str(), v.size() > 300 ? v.substr(0, 300) + "..." : v);
            ImGui::EndTable();
        }
        ImGui::TreePop();
    }
    return setScale;
}

}  // namespace histomark::ui
