// SPDX-License-Identifier: MIT
// The marks panel's list of cells left to settle: the reader's "uncertain" points (a consensus's
// disputed cells as `histomark consensus --write` stores them, or a reader's own doubts), each
// visited and relabelled a mitotic figure or a look-alike with one click (undoable as any relabel).
#include <imgui.h>

#include <algorithm>
#include <tuple>

#include "ui/marks_edit.h"
#include "ui/marks_ui.h"

namespace histomark::ui {
namespace {

bool isUncertain(const core::Annotation& a) {
    std::string n = a.className;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return a.kind == core::ShapeKind::Point && !a.points.empty() && n == core::kUncertain;
}

}  // namespace

std::vector<std::pair<core::MarkKey, core::Level0Point>> uncertainMarks(const SlideMarks& m, const std::string& reader) {
    std::vector<std::pair<core::MarkKey, core::Level0Point>> out;
    m.layer.forEach([&](core::MarkKey k, const core::Annotation& a) {
        if (a.reader == reader && isUncertain(a)) out.emplace_back(k, a.points.front());
    });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.second.y, a.second.x, a.first) < std::tie(b.second.y, b.second.x, b.first);
    });
    return out;
}

void MarksUi::uncertainSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    SlideMarks* m = a.marks(v.record.id);
    if (!m || m->load != SlideMarks::Load::Ready) return;
    if (m_uncertainSlide != v.record.id || m_uncertainVersion != m->version || m_uncertainOf != a.reader) {
        m_uncertainSlide = v.record.id, m_uncertainVersion = m->version, m_uncertainOf = a.reader;
        m_uncertain = uncertainMarks(*m, a.reader);
    }
    if (m_uncertain.empty()) return;
    char title[64];
    std::snprintf(title, sizeof title, "Uncertain marks (%zu)###uncertain", m_uncertain.size());
    if (!ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Cells left to settle (a consensus's disputed ones): look, then call each a figure or a look-alike");
    ImGui::PopTextWrapPos();
    MarkEditor editor(a, actions);
    ImGui::BeginChild("##uncertain", ImVec2(0, std::min(160.0f, 26.0f * float(m_uncertain.size()) + 8)), true);
    // A copy: a relabel changes the marks (and this list) under the loop.
    const auto rows = m_uncertain;
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto& [key, p] = rows[i];
        ImGui::PushID(int(i));
        ImGui::Text("%.0f, %.0f", p.x, p.y);
        ImGui::SameLine();
        if (ImGui::SmallButton("go")) view.centerOn(p);
        for (const char* cls : {core::kMitoticFigure, core::kLookAlike}) {
            ImGui::SameLine();
            if (ImGui::SmallButton(cls == core::kMitoticFigure ? "figure" : "look-alike")) {
                m->selection = {key};
                editor.relabelSelection(v.record.id, cls);
                m->selection.clear();
            }
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace histomark::ui
