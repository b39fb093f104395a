// SPDX-License-Identifier: MIT
// The case window's toolbar, slide headers and alignment tools (case_window.cpp holds the grid).
#include <imgui.h>

#include <cstdio>
#include <filesystem>

#include "core/linked_navigation.h"
#include "core/tile_plan.h"
#include "render/gpu_tile_cache.h"
#include "ui/case_window.h"

namespace histomark::ui {
namespace {

const ImVec4 kWarn(1.0f, 0.7f, 0.25f, 1), kGood(0.55f, 0.9f, 0.55f, 1), kBad(1, 0.45f, 0.4f, 1);

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }
std::string folderOf(const std::string& path) { return std::filesystem::path(path).parent_path().string(); }

// " (auto, ±3.2 µm)": how the transform was found and its estimated error.
std::string alignmentText(const char* how, const char* sep, std::optional<double> um) {
    char buf[96];
    if (!um)
        std::snprintf(buf, sizeof buf, "aligned (%s)", how);
    else
        std::snprintf(buf, sizeof buf, "aligned (%s, %s%.*f \xC2\xB5m)", how, sep, *um < 10 ? 1 : 0, *um);
    return buf;
}

// One line on how this slide is aligned to the reference.
void alignmentLabel(const CaseViewer& v) {
    const auto& r = v.record;
    std::string text;
    switch (r.transformSource) {
        case core::TransformSource::Identity: ImGui::TextDisabled("reference"); return;
        case core::TransformSource::None: ImGui::TextColored(kWarn, "not aligned"); break;
        case core::TransformSource::Automatic: text = alignmentText("auto", "\xC2\xB1", r.transformResidualUm); break;
        case core::TransformSource::Manual: text = alignmentText("by hand", "rms ", r.transformResidualUm); break;
    }
    if (!text.empty()) ImGui::TextColored(kGood, "%s", text.c_str());
    if (ImGui::IsItemHovered() && !v.alignMessage.empty()) ImGui::SetTooltip("%s", v.alignMessage.c_str());
}

}  // namespace

// A learner's toolbar: the question's number, not the case's accession, site or diagnosis (the
// answer may be in them); moving through the set; the marks panel.
void CaseWindow::drawQuizToolbar(Workspace& ws, CaseActions& actions) {
    CaseSession& s = *ws.caseSession;
    const int number = ws.quiz.numberOf(s.record.id), total = int(ws.quiz.cases.size());
    ImGui::Text("Question %d of %d", number, total);
    ImGui::SameLine(0, 24);
    ImGui::BeginDisabled(number <= 1);
    if (ImGui::Button("< Previous")) actions.openQuestion(number - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(number >= total);
    if (ImGui::Button("Next >")) actions.openQuestion(number + 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("Cross-hair", &s.crosshair);
    ImGui::SameLine();
    ImGui::Checkbox("Marks panel", &showMarksPanel);
    if (!s.message.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::TextColored(kBad, "%s", s.message.c_str());
    }
}

// "Teaching...": whose marks are the answer and what the learner is asked; the case is then one
// of the project's quiz questions (`histomark open --quiz`). Shows how many learners handed in.
void CaseWindow::drawTeachingPopup(CaseSession& s, CaseActions& actions) {
    const QuizState& q = s.annotations.quiz;
    const std::string label = q.teaching ? "Teaching case (" + std::to_string(q.submissions) + " submitted)..." : "Teaching...";
    if (ImGui::Button((label + "###teaching").c_str())) {
        const std::string reader = q.teaching ? q.teaching->referenceReader : s.annotations.reader;
        std::snprintf(m_teachingReader, sizeof m_teachingReader, "%s", reader.c_str());
        std::snprintf(m_teachingQuestion, sizeof m_teachingQuestion, "%s", q.teaching ? q.teaching->question.c_str() : "");
        ImGui::OpenPopup("##teachingPopup");
    }
    if (!ImGui::BeginPopup("##teachingPopup")) return;
    ImGui::TextWrapped("A teaching case: the reference reader's marks (and count area) are the answer, hidden from "
                       "learners until they submit (histomark open --project FILE --quiz NAME).");
    ImGui::SetNextItemWidth(200);
    ImGui::InputText("reference reader", m_teachingReader, sizeof m_teachingReader);
    ImGui::SetNextItemWidth(400);
    ImGui::InputTextMultiline("question", m_teachingQuestion, sizeof m_teachingQuestion, ImVec2(400, 60));
    ImGui::BeginDisabled(m_teachingReader[0] == 0);
    if (ImGui::Button(q.teaching ? "Save" : "Make it a teaching case")) {
        actions.setTeaching(core::TeachingCase{0, m_teachingReader, m_teachingQuestion, 0});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    if (q.teaching) {
        ImGui::SameLine();
        if (ImGui::Button("Results...")) {
            s.annotations.quiz.showResults = true;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("An ordinary case again")) {
            actions.setTeaching(std::nullopt);
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
}

void CaseWindow::drawToolbar(Workspace& ws, CaseActions& actions, FileDialog& files) {
    CaseSession& s = *ws.caseSession;
    if (ws.quiz.on()) return drawQuizToolbar(ws, actions);
    ImGui::Text("%s", s.record.accession.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s%s", s.record.site.c_str(), s.record.diagnosisNote.empty() ? "" : " | ",
                        s.record.diagnosisNote.c_str());
    if (!s.record.clinicalSummary.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", s.record.clinicalSummary.c_str());
    if (ws.project.readOnly) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1.0f, 0.7f, 0.25f, 1), "read-only: changes are not saved");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The project file or its folder cannot be written");
    }
    ImGui::SameLine(0, 24);
    ImGui::BeginDisabled(int(s.viewers.size()) >= core::kMaxCaseViewers);
    if (ImGui::Button("Add slide...")) {
        const std::string start = s.viewers.empty() ? std::string() : folderOf(s.viewers.front().record.path);
        files.pick(start.empty() ? "." : start, "Add a slide to " + s.record.accession, FileDialog::Kind::Slides,
                   [&actions](const std::string& p) {
                       // A file named after its stain ("desmin.tiff", "HE.svs") is tagged with it.
                       const std::string guess = core::canonicalStain(std::filesystem::path(p).stem().string());
                       actions.addSlideToCase(p, core::findStain(guess) ? guess : "");
                   });
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("Cross-hair", &s.crosshair);
    ImGui::SameLine();
    ImGui::Checkbox("Marks panel", &showMarksPanel);
    ImGui::SameLine();
    if (ImGui::Button("Case summary")) s.annotations.showSummary = true;
    ImGui::SameLine();
    drawTeachingPopup(s, actions);
    ImGui::SameLine();
    if (ImGui::Button("Close case")) actions.closeCase();
    if (!s.message.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::TextColored(kBad, "%s", s.message.c_str());
    }
    if (s.check.slide) {
        ImGui::TextDisabled("Alignment check: the reference is drawn over the slide.");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(140);
        ImGui::SliderFloat("opacity", &s.check.opacity, 0, 1, "%.2f");
        ImGui::SameLine();
        ImGui::Checkbox("checkerboard", &s.check.checkerboard);
        ImGui::SameLine();
        if (ImGui::SmallButton("Done")) s.check = {};
    }
    (void)ws;
}

void CaseWindow::drawPairsBar(CaseSession& s, CaseActions& actions) {
    PointPairs& pp = s.pairs;
    const CaseViewer* moving = s.find(pp.moving);
    if (!moving) {
        pp = {};
        return;
    }
    const int ref = s.referenceIndex();
    const std::string refName = ref >= 0 ? s.viewers[size_t(ref)].record.stain : "reference";
    const size_t complete = pp.referencePoints.size();
    if (pp.awaitingReference())
        ImGui::TextColored(kWarn, "Pair %zu: now click the same point on the %s slide.", complete + 1, refName.c_str());
    else
        ImGui::TextColored(kWarn, "Pair %zu: click a point on the %s slide (a landmark: vessel, edge, gland).",
                           complete + 1, moving->record.stain.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%zu pair(s); 3 or more fit an affine transform", complete);
    ImGui::SameLine();
    ImGui::BeginDisabled(complete < 3);
    if (ImGui::Button("Apply")) actions.applyPointPairs();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Undo last point")) {
        if (pp.awaitingReference())
            pp.movingPoints.pop_back();
        else if (!pp.referencePoints.empty())
            pp.referencePoints.pop_back();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) pp = {};
}

void CaseWindow::drawHeader(CaseSession& s, CaseViewer& v, CaseActions& actions, FileDialog& files, float width) {
    ImGui::BeginChild("##header", ImVec2(width, 26 - 4), false, ImGuiWindowFlags_NoScrollbar);
    const bool ref = v.isReference();
    ImGui::PushStyleColor(ImGuiCol_Button, ref ? ImVec4(0.55f, 0.25f, 0.5f, 1) : ImVec4(0.5f, 0.33f, 0.15f, 1));
    if (ImGui::SmallButton((v.record.stain.empty() ? "stain?" : v.record.stain).c_str())) ImGui::OpenPopup("##stain");
    ImGui::PopStyleColor();
    if (ImGui::BeginPopup("##stain")) {
        drawStainMenu(v, actions);
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (!s.annotations.quiz.on) {  // a learner does not see file names (they may carry the diagnosis)
        ImGui::TextUnformatted(fileName(v.record.path).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.record.path.c_str());
    }
    ImGui::SameLine();
    if (v.alignJob) {
        ImGui::ProgressBar(float(v.alignJob->progress()), ImVec2(90, 0), "aligning");
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel")) v.alignJob->cancel();
    } else {
        alignmentLabel(v);
    }
    ImGui::SameLine();
    bool linked = v.record.linked;
    if (ImGui::Checkbox("linked", &linked)) actions.setLinked(v.record.id, linked);
    ImGui::SameLine();
    if (ImGui::SmallButton("...")) ImGui::OpenPopup("##slidemenu");
    if (ImGui::BeginPopup("##slidemenu")) {
        const bool present = v.file == CaseViewer::File::Present;
        const bool canAlign = present && !ref && s.referenceIndex() >= 0 && !v.alignJob;
        if (ImGui::MenuItem("Align automatically", nullptr, false, canAlign)) actions.alignAutomatically(v.record.id);
        if (ImGui::MenuItem("Check alignment (overlay)", nullptr, s.check.slide == v.record.id, present && !ref))
            s.check = s.check.slide == v.record.id ? AlignmentCheck{} : AlignmentCheck{v.record.id, 0.5f, false};
        if (ImGui::MenuItem("Correct with point pairs", nullptr, s.pairs.moving == v.record.id, present && !ref))
            s.pairs = PointPairs{v.record.id, {}, {}};
        ImGui::Separator();
        if (ImGui::MenuItem("Relink file..."))
            files.pick(folderOf(v.record.path), "Relink " + fileName(v.record.path), FileDialog::Kind::Slides,
                       [&actions, id = v.record.id](const std::string& p) { actions.relinkSlide(id, p); });
        if (ImGui::MenuItem("Remove from case")) actions.removeSlideFromCase(v.record.id);
        ImGui::EndPopup();
    }
    ImGui::EndChild();
}

void CaseWindow::drawStainMenu(CaseViewer& v, CaseActions& actions) {
    for (const auto& st : core::stainCatalogue()) {
        if (ImGui::MenuItem(st.name.c_str(), nullptr, st.name == v.record.stain)) actions.setStain(v.record.id, st.name);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", st.what.c_str());
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputTextWithHint("##custom", "other marker + Enter", m_customStain, sizeof m_customStain,
                                 ImGuiInputTextFlags_EnterReturnsTrue) &&
        m_customStain[0]) {
        actions.setStain(v.record.id, core::canonicalStain(m_customStain));
        m_customStain[0] = 0;
        ImGui::CloseCurrentPopup();
    }
}

void CaseWindow::drawAlignmentCheck(Workspace& ws, ViewerContext& ctx, CaseViewer& v, SlideView& view) {
    CaseSession& s = *ws.caseSession;
    const int ref = s.referenceIndex();
    if (ref < 0 || !view.hasCamera()) return;
    const CaseViewer& rv = s.viewers[size_t(ref)];
    SlideView* refView = ws.find(rv.slide);
    if (!refView || !refView->document()->ready()) return;
    const SlideDocument& doc = *refView->document();
    // The reference as it would look in this viewer's place, through both transforms.
    const core::Camera cam = core::followCamera(view.camera(), v.record.toReference, rv.record.toReference,
                                                view.camera().viewport);
    core::TilePlan plan = core::planTiles(doc.grid(), doc.id(), cam, 0);
    std::erase_if(plan.tiles, [&](const core::PlannedTile& t) { return ctx.gpu.contains(t.key); });
    // A second wishlist for the reference slide, separate from its own viewer's.
    m_checkOwner = refView->owner() | (uint64_t(1) << 62);
    ctx.loader.request(m_checkOwner, doc.source(), plan.tiles);
    if (!plan.tiles.empty()) m_needsFrame = true;
    m_checkFbo.resize(cam.viewport.width, cam.viewport.height);
    m_checkFbo.bind();
    ctx.renderer.draw(cam, doc.grid(), doc.id(), ctx.gpu, &doc.overview());
    render::Framebuffer::bindDefault(cam.viewport.width, cam.viewport.height);

    view.setComparison(SlideView::Comparison{m_checkFbo.texture(), s.check.opacity, s.check.checkerboard});
}

}  // namespace histomark::ui
