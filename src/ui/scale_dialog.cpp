// SPDX-License-Identifier: MIT
#include "ui/scale_dialog.h"

#include <imgui.h>

#include "core/mpp.h"
#include "ui/slide_view.h"

namespace histomark::ui {

void ScaleDialog::open(SlideView& view) {
    const auto& mpp = view.document()->info().mpp;
    m_mpp = mpp.known() ? mpp.mean() : 0.25;
    m_requestOpen = true;
}

void ScaleDialog::draw(UiActions& actions, SlideView* view) {
    if (view) {
        if (auto len = view->takeCalibrationLength()) {
            m_lineLength = *len;
            m_requestCalibrationResult = true;
        }
    }
    if (m_requestOpen) ImGui::OpenPopup("Slide scale");
    if (m_requestCalibrationResult) ImGui::OpenPopup("Calibration");
    m_requestOpen = m_requestCalibrationResult = false;
    if (!view) return;
    const core::SlideId id = view->document()->id();

    if (ImGui::BeginPopupModal("Slide scale", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        const auto& info = view->document()->info();
        ImGui::Text("Current: %s", info.mpp.known() ? "" : "unknown");
        if (info.mpp.known())
            ImGui::SameLine(), ImGui::Text("%.4f \xC2\xB5m/px (%s)", info.mpp.mean(), core::mppSourceName(info.mpp.source));
        ImGui::InputDouble("\xC2\xB5m per pixel", &m_mpp, 0.01, 0.1, "%.4f");
        const bool valid = m_mpp >= core::kMinPlausibleMpp && m_mpp <= core::kMaxPlausibleMpp;
        if (!valid) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "Enter a value between 0.02 and 100 \xC2\xB5m/px");
        ImGui::BeginDisabled(!valid);
        if (ImGui::Button("Apply")) {
            actions.setMppOverride(id, storage::MppOverride{m_mpp, m_mpp, core::MppSource::User});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Calibrate on the slide...")) {
            view->startCalibration();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(!view->document()->fileMpp().known() && !info.mpp.known());
        if (ImGui::Button("Use the file's value")) {
            actions.setMppOverride(id, std::nullopt);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    if (ImGui::BeginPopupModal("Calibration", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("Line length: %.1f px (full resolution)", m_lineLength);
        ImGui::InputDouble("Known length (\xC2\xB5m)", &m_knownUm, 1, 10, "%.2f");
        const auto mpp = core::mppFromCalibration(m_knownUm, m_lineLength);
        if (mpp) ImGui::Text("Scale: %.4f \xC2\xB5m/px", *mpp);
        else ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "That gives an implausible scale");
        ImGui::BeginDisabled(!mpp);
        if (ImGui::Button("Apply")) {
            actions.setMppOverride(id, storage::MppOverride{*mpp, *mpp, core::MppSource::Calibrated});
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace histomark::ui
