// SPDX-License-Identifier: MIT
// The IHC marker record of the focused slide (in the marks panel) and the case summary window:
// the H&E findings, the recorded panel and the textbook profiles it is consistent with.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/ihc_profiles.h"
#include "ui/marker_records.h"
#include "ui/marks_ui.h"

namespace histomark::ui {
namespace {

const ImVec4 kGood(0.55f, 0.9f, 0.55f, 1), kDim(0.65f, 0.65f, 0.65f, 1), kWarn(1.0f, 0.7f, 0.25f, 1);

// A tri-state control: not stated / adequate / not adequate.
bool controlCombo(const char* label, std::optional<bool>& v) {
    const char* items[] = {"not stated", "adequate", "not adequate"};
    int i = !v ? 0 : (*v ? 1 : 2);
    ImGui::SetNextItemWidth(130);
    if (!ImGui::Combo(label, &i, items, 3)) return false;
    v = i == 0 ? std::nullopt : std::optional<bool>(i == 1);
    return true;
}

// Parts of a reading that contradict each other, in amber (saved all the same).
void cautionLines(const core::MarkerRecord& r) {
    for (const auto& c : core::markerRecordCautions(r)) {
        ImGui::PushStyleColor(ImGuiCol_Text, kWarn);
        ImGui::TextWrapped("caution: %s", c.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace

void MarksUi::markerSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    MarkerRecords& m = s.annotations.markers;
    if (!ImGui::CollapsingHeader("Marker record", ImGuiTreeNodeFlags_DefaultOpen)) return;
    core::MarkerRecord r;
    r.marker = v.record.stain;
    r.reader = s.annotations.reader;
    if (auto it = m.bySlide.find(v.record.id); it != m.bySlide.end()) r = it->second;
    const core::MarkerRecord before = r;
    bool changed = false;
    ImGui::BeginDisabled(m.locked);  // a submitted quiz answer: shown, no longer edited

    const core::MarkerResult results[] = {core::MarkerResult::NotRecorded, core::MarkerResult::Positive,
                                          core::MarkerResult::Negative, core::MarkerResult::Equivocal,
                                          core::MarkerResult::NotAssessable};
    for (core::MarkerResult res : results) {
        if (res != results[0]) ImGui::SameLine();
        if (ImGui::RadioButton(res == core::MarkerResult::NotRecorded ? "-" : core::markerResultName(res), r.result == res))
            r.result = res, changed = true;
    }
    const char* intensities[] = {"intensity ?", "0", "1+ weak", "2+ moderate", "3+ strong"};
    int intensity = r.intensity ? *r.intensity + 1 : 0;
    ImGui::SetNextItemWidth(130);
    if (ImGui::Combo("##intensity", &intensity, intensities, 5))
        r.intensity = intensity ? std::optional<int>(intensity - 1) : std::nullopt, changed = true;
    ImGui::SameLine();
    const char* patterns[] = {"distribution ?", "focal", "patchy", "diffuse"};
    int pattern = int(r.distribution);
    ImGui::SetNextItemWidth(130);
    if (ImGui::Combo("##distribution", &pattern, patterns, 4)) r.distribution = core::MarkerDistribution(pattern), changed = true;
    float extent = r.extentPercent ? float(*r.extentPercent) : -1;
    ImGui::SetNextItemWidth(200);
    ImGui::SliderFloat("extent", &extent, -1, 100, extent < 0 ? "extent ?" : "%.0f %% of tumour cells");
    // Saved when the slider is let go, not on every pixel of the drag.
    if (ImGui::IsItemDeactivatedAfterEdit())
        r.extentPercent = extent < 0 ? std::nullopt : std::optional<double>(std::round(extent)), changed = true;
    const std::pair<uint8_t, const char*> compartments[] = {
        {core::kNuclear, "nuclear"}, {core::kCytoplasmic, "cytoplasmic"}, {core::kMembranous, "membranous"}};
    for (const auto& [bit, name] : compartments) {
        if (bit != core::kNuclear) ImGui::SameLine();
        bool on = (r.compartments & bit) != 0;
        if (ImGui::Checkbox(name, &on)) r.compartments = uint8_t(on ? r.compartments | bit : r.compartments & ~bit), changed = true;
    }
    changed |= controlCombo("internal control", r.internalControlOk);
    changed |= controlCombo("external control", r.externalControlOk);
    if (m_commentSlide != v.record.id || (!ImGui::IsAnyItemActive() && r.comment != m_comment)) {
        std::snprintf(m_comment, sizeof m_comment, "%s", r.comment.c_str());
        m_commentSlide = v.record.id;
    }
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##comment", "comment", m_comment, sizeof m_comment);
    if (ImGui::IsItemDeactivatedAfterEdit()) r.comment = m_comment, changed = true;
    if (r.hScore) ImGui::TextDisabled("H-score %.0f (from a quantification)", *r.hScore);
    ImGui::EndDisabled();

    if (changed && !(r == before)) {
        r.reader = s.annotations.reader;
        setMarkerRecord(m, v.record.id, r, actions);
    }
    if (m.bySlide.count(v.record.id)) {
        const core::MarkerRecord& saved = m.bySlide.at(v.record.id);
        ImGui::TextColored(kGood, "%s", core::markerSummary(saved).c_str());
        if (!saved.reader.empty()) ImGui::TextDisabled("recorded by %s", saved.reader.c_str());
        cautionLines(saved);
    }
    ImGui::BeginDisabled(m.locked || m.undo.empty());
    if (ImGui::SmallButton("Undo record")) undoMarkerRecord(m, actions);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(m.locked || m.redo.empty());
    if (ImGui::SmallButton("Redo record")) redoMarkerRecord(m, actions);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton("Case summary")) s.annotations.showSummary = true;
    // A learner reads the stain unaided: the quantification is an assistant, hidden like the others.
    if (!s.annotations.quiz.hidesAnswer()) quantificationSection(s, v, view, actions);
}

void MarksUi::quantificationSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    DabQuantification& q = s.annotations.dab;
    ImGui::Separator();
    // Live stain channels (a shader unmixes every pixel; the tiles stay as read).
    AnnotationSession::StainView& sv = s.annotations.stainViews[v.record.id];
    const char* modes[] = {"colour", "hematoxylin", "DAB", "DAB classes"};
    for (int i = 0; i < 4; ++i) {
        if (i % 2) ImGui::SameLine();  // two a line: the panel is narrow
        ImGui::RadioButton(modes[i], &sv.mode, i);
    }
    if (sv.mode == 3) {
        ImGui::SetNextItemWidth(-1);
        ImGui::SliderFloat3("##thresholds", sv.thresholds, 0.05f, 1.5f, "%.2f");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("DAB optical density of 1+ (yellow), 2+ (orange), 3+ (red)");
        std::sort(sv.thresholds, sv.thresholds + 3);
    }
    // How it is scored: the compartment, and the stain vectors.
    AnnotationSession::DabSettings& ds = s.annotations.dabSettings[v.record.id];
    const char* compartments[] = {"auto (from the stain)", "nucleus", "cytoplasm", "cell"};
    int compartment = int(ds.compartment);
    ImGui::SetNextItemWidth(170);
    if (ImGui::Combo("compartment", &compartment, compartments, 4))
        ds.compartment = AnnotationSession::DabSettings::Compartment(compartment);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Where a cell's mean DAB OD is measured; auto: the nucleus for nuclear markers (Ki-67, S100, ...),\n"
                          "the whole cell for the others");
    ImGui::Checkbox("stain vectors estimated from the region", &ds.estimateStains);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Hematoxylin and DAB vectors estimated from the region (Macenko) instead of the standard ones");
    if (q.job) {
        ImGui::ProgressBar(float(q.job->progress()), ImVec2(180, 0), "quantifying");
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##dab")) q.job->cancel();
    } else {
        if (ImGui::Button("Quantify DAB in view")) actions.quantifyDab(v.record.id, view.camera().visibleRect());
        // A drawn area selected on this slide: only its cells.
        const SlideMarks* m = s.annotations.marks(v.record.id);
        const core::Annotation* area = nullptr;
        if (m && !m->selection.empty())
            if (const core::Annotation* a = m->layer.find(m->selection.front()); a && a->kind != core::ShapeKind::Point) area = a;
        if (area) {
            ImGui::SameLine();
            if (ImGui::Button("in the selected region")) actions.quantifyDab(v.record.id, area->bounds(), {*area});
        }
        // A Ki-67 index counts tumour cells only: every tumour region drawn on this slide at once.
        if (m) {
            std::vector<core::Annotation> tumour = tumourRegions(*m);
            if (!tumour.empty()) {
                char label[64];
                std::snprintf(label, sizeof label, "in the tumour regions (%zu)", tumour.size());
                if (ImGui::Button(label)) actions.quantifyDab(v.record.id, {}, std::move(tumour));
            }
        }
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Hematoxylin and DAB separated, nuclei found, cells classed by mean DAB OD\n"
                          "(0.2 / 0.4 / 0.6 for 1+ / 2+ / 3+, as QuPath's positive cell detection)");
    if (!q.message.empty()) ImGui::TextWrapped("%s", q.message.c_str());
    if (!q.done || q.slide != v.record.id) return;
    ImGui::TextWrapped("%d cells (%s%s), %d positive: %.1f %%", q.total, q.compartment.c_str(),
                       q.stainsEstimated ? ", estimated stains" : "", q.positive, q.percentPositive);
    if (q.regions > 0) ImGui::TextDisabled("in %d drawn region%s", q.regions, q.regions == 1 ? "" : "s");
    ImGui::Text("H-score %.0f | Allred %d | positive pixels %.1f %%", q.hScore, q.allred, q.positivePixelFraction * 100);
    if (q.labellingIndex) ImGui::Text("labelling index %.1f %%", *q.labellingIndex);
    ImGui::Checkbox("show cells", &q.show);
    ImGui::SameLine();
    if (ImGui::Button("Copy into the record")) copyQuantification(s, v, actions);
}

void MarksUi::copyQuantification(CaseSession& s, const CaseViewer& v, CaseActions& actions) {
    const DabQuantification& q = s.annotations.dab;
    if (!q.done || q.slide != v.record.id) return;
    MarkerRecords& m = s.annotations.markers;
    core::MarkerRecord r;
    r.marker = v.record.stain;
    if (auto it = m.bySlide.find(v.record.id); it != m.bySlide.end()) r = it->second;
    r.extentPercent = std::round(q.percentPositive * 10) / 10;
    r.hScore = q.hScore;
    r.intensity = q.positive > 0 ? q.allredIntensity : 0;
    if (r.result == core::MarkerResult::NotRecorded)
        r.result = q.percentPositive >= 1 ? core::MarkerResult::Positive : core::MarkerResult::Negative;
    r.reader = s.annotations.reader;
    setMarkerRecord(m, v.record.id, r, actions);
}

void MarksUi::summaryWindow(CaseSession& s, Workspace& ws, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    if (!a.showSummary) return;
    if (!a.markers.loaded) actions.loadMarkerRecords();
    ImGui::SetNextWindowSize(ImVec2(560, 420), ImGuiCond_FirstUseEver);
    // A learner's summary is of the learner's own readings; the accession and the diagnosis stay
    // hidden until the answer is in, and so do the profiles (they would suggest the diagnosis).
    const bool hidden = a.quiz.hidesAnswer();
    if (!ImGui::Begin(("Case summary" + (hidden ? std::string() : ": " + s.record.accession) + "###summary").c_str(), &a.showSummary)) {
        ImGui::End();
        return;
    }
    if (!hidden)
        ImGui::TextDisabled("%s%s%s", s.record.site.c_str(), s.record.diagnosisNote.empty() ? "" : " | ", s.record.diagnosisNote.c_str());
    std::vector<core::MarkerRecord> panel;
    if (ImGui::BeginTable("##panel", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("slide", ImGuiTableColumnFlags_WidthFixed, 110);
        ImGui::TableSetupColumn("finding");
        for (CaseViewer& v : s.viewers) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v.record.stain.empty() ? "(stain?)" : v.record.stain.c_str());
            ImGui::TableNextColumn();
            if (v.isReference()) {
                // The H&E: the current reader's mitotic count and grade.
                SlideView* view = ws.find(v.slide);
                if (!view || !view->document()->ready()) {
                    ImGui::TextColored(kDim, "not open");
                    continue;
                }
                const auto& report = count(s, v, view->document()->info());
                if (!report) {
                    ImGui::TextColored(kDim, "%s", report.error().c_str());
                    continue;
                }
                const auto& r = report->result;
                ImGui::Text("%d mitoses in %.2f mm\xC2\xB2: %.1f %s", r.count, r.examinedMm2, r.per10Hpf,
                            report->preset.figureLabel.c_str());
                ImGui::Text("FNCLCC mitotic score %d%s", r.mitoticScore,
                            report->grade ? (", total " + std::to_string(report->grade->total) + " -> grade " +
                                             std::to_string(report->grade->grade)).c_str()
                                          : " (differentiation and necrosis not given)");
                if (const SlideMarks* m = a.marks(v.record.id); m && !m->unreadable.empty())
                    ImGui::TextColored(kWarn, "without %zu stored mark%s that cannot be read (see Marks)", m->unreadable.size(),
                                       m->unreadable.size() == 1 ? "" : "s");
                continue;
            }
            auto it = a.markers.bySlide.find(v.record.id);
            if (it == a.markers.bySlide.end()) {
                ImGui::TextColored(kDim, "not recorded");
                continue;
            }
            panel.push_back(it->second);
            ImGui::TextUnformatted(core::markerSummary(it->second).c_str());
            cautionLines(it->second);
        }
        ImGui::EndTable();
    }
    ImGui::Separator();
    if (hidden) {
        ImGui::TextColored(kDim, "The textbook profiles are shown once you have submitted.");
        ImGui::End();
        return;
    }
    ImGui::Text("Textbook profiles consistent with the recorded panel");
    bool any = false;
    for (const auto& p : core::matchProfiles(panel)) {
        if (!p.consistent()) continue;
        any = true;
        std::string agree, unusual;
        for (const auto& x : p.agree) agree += (agree.empty() ? "" : ", ") + x;
        for (const auto& x : p.unusual) unusual += (unusual.empty() ? "" : ", ") + x;
        ImGui::BulletText("%s: %s", p.entity.c_str(), agree.c_str());
        if (!unusual.empty()) ImGui::TextColored(kWarn, "    unusual: %s", unusual.c_str());
    }
    if (!any) ImGui::TextColored(kDim, "none (record positive or negative results on the IHC slides)");
    ImGui::TextWrapped("%s", core::kProfileCaveat);
    ImGui::End();
}

}  // namespace histomark::ui
