// SPDX-License-Identifier: MIT
#include "ui/quiz_results.h"

#include <imgui.h>

#include <filesystem>
#include <map>
#include <string>
#include <set>

#include "ui/time_text.h"


namespace histomark::ui {
namespace {

std::vector<core::Level0Point> figuresOf(const std::vector<core::Annotation>& marks) {
    std::vector<core::Level0Point> out;
    for (const auto& a : marks)
        if (a.className == core::kMitoticFigure) out.push_back(a.centre());
    return out;
}

}  // namespace

std::vector<LearnerResult> learnerResults(CaseSession& s, Workspace& ws, std::string& pending) {
    pending.clear();
    const QuizState& q = s.annotations.quiz;
    if (!q.teaching || q.on) return {};  // the educator's view: never a learner's
    const std::string& ref = q.teaching->referenceReader;

    // Each slide's marks by reader, read once for all the learners.
    struct SlideData {
        const CaseViewer* viewer = nullptr;
        std::map<std::string, std::vector<core::Annotation>> byReader;
        std::optional<core::CountSetup> count;
        double mppX = 0, mppY = 0;
        bool scaled = false;
        core::Level0Rect bounds;  // the slide's level 0
    };
    std::vector<SlideData> slides;
    std::set<std::string> learners;
    for (const CaseViewer& v : s.viewers) {
        if (v.file != CaseViewer::File::Present) continue;
        SlideMarks* m = s.annotations.marks(v.record.id);
        SlideView* view = ws.find(v.slide);
        if (!m || m->load != SlideMarks::Load::Ready || !view || !view->document()->ready()) {
            pending = "Loading the slides' marks ...";
            return {};
        }
        SlideData d;
        d.viewer = &v;
        m->layer.forEach([&](core::MarkKey, const core::Annotation& a) { d.byReader[a.reader].push_back(a); });
        for (const auto& [reader, marks] : d.byReader) learners.insert(reader);
        if (auto it = m->counts.find(ref); it != m->counts.end() && it->second.placed) d.count = it->second;
        const core::SlideInfo& info = view->document()->info();
        if (info.mpp.known()) d.mppX = *info.mpp.x, d.mppY = *info.mpp.y, d.scaled = true;
        d.bounds = {0, 0, double(info.width()), double(info.height())};
        slides.push_back(std::move(d));
    }
    for (const auto& sub : q.handedIn) learners.insert(sub.learner);
    for (const auto& r : q.learnerReadings) learners.insert(r.reader);
    learners.erase(ref);

    std::vector<LearnerResult> out;
    const std::vector<core::Annotation> none;
    for (const std::string& l : learners) {
        LearnerResult r;
        r.learner = l;
        for (const auto& sub : q.handedIn)
            if (sub.learner == l) r.submittedUnix = sub.submittedUnix;
        for (const SlideData& d : slides) {
            const auto refIt = d.byReader.find(ref), mineIt = d.byReader.find(l);
            const auto& refMarks = refIt == d.byReader.end() ? none : refIt->second;
            const auto& mine = mineIt == d.byReader.end() ? none : mineIt->second;
            r.tally.add(core::scoreRegionQuestions(refMarks, mine));
            const auto refFigures = figuresOf(refMarks);
            if ((!refFigures.empty() || d.count) && d.scaled) {
                core::QuizSlideInput in{refFigures, figuresOf(mine), d.mppX, d.mppY, d.count};
                in.slide = d.bounds;
                auto score = core::scoreQuizSlide(in);
                if (score) {
                    r.tally.add(*score);
                    if (score->learnerCount && score->referenceCount)
                        r.count = r.count.value_or(0) + score->learnerCount->result.count,
                        r.referenceCount = r.referenceCount.value_or(0) + score->referenceCount->result.count;
                }
            }
            if (d.viewer->isReference()) continue;
            auto rec = s.annotations.markers.bySlide.find(d.viewer->record.id);
            if (rec == s.annotations.markers.bySlide.end() || rec->second.result == core::MarkerResult::NotRecorded) continue;
            std::optional<core::MarkerRecord> reading;
            for (const auto& x : q.learnerReadings)
                if (x.slide == d.viewer->record.id && x.reader == l) reading = x;
            r.tally.add(core::scoreMarkerAnswer(rec->second, reading));
        }
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

// Learner copies of the teaching set: written beside the project by default, collected from anywhere.
void packControls(QuizState& q, const Workspace& ws, CaseActions& actions, FileDialog& files) {
    std::error_code ec;
    const std::string folder = std::filesystem::path(ws.project.path).parent_path().string();
    ImGui::BeginDisabled(q.packBusy);
    if (ImGui::Button("Learner copy..."))
        files.pick(folder.empty() ? "." : folder,
                   q.packWithAnswers ? "Learner copy with the answers (type a new name ending in .hmproj)"
                                     : "Learner copy without the answers (type a new name ending in .hmproj)",
                   FileDialog::Kind::Projects, [&actions, with = q.packWithAnswers, copy = q.packCopySlides](const std::string& p) {
                       actions.writeTeachingPack(p, with, "", copy);
                   });
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The teaching cases only, blinded, with nobody's work: for learners who should not have this project");
    ImGui::SameLine();
    ImGui::Checkbox("with the answers (self-study)", &q.packWithAnswers);
    ImGui::SameLine();
    ImGui::Checkbox("copy the slides", &q.packCopySlides);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the slides beside the copy under names that tell nothing (question-1-1.svs ...)");
    ImGui::SameLine();
    if (ImGui::Button("Collect a copy..."))
        files.pick(folder.empty() ? "." : folder, "Collect a learner's copy", FileDialog::Kind::Projects,
                   [&actions](const std::string& p) { actions.collectTeachingPack(p); });
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Bring a learner's marks, readings and submissions back from their copy, to score them here");
    ImGui::EndDisabled();
    if (q.packBusy && q.packJob) {
        ImGui::ProgressBar(float(q.packJob->progress()), ImVec2(240, 0));
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel##pack")) q.packJob->cancel();
    }
    if (!q.packStatus.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", q.packStatus.c_str());
        ImGui::PopTextWrapPos();
    }
}

}  // namespace

void drawQuizResults(CaseSession& s, Workspace& ws, CaseActions& actions, FileDialog& files) {
    QuizState& q = s.annotations.quiz;
    if (!q.showResults || !q.teaching || q.on) return;
    if (!s.annotations.markers.loaded) actions.loadMarkerRecords();  // the IHC answers
    ImGui::SetNextWindowSize(ImVec2(860, 300), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(("Teaching results: " + s.record.accession + "###teachingResults").c_str(), &q.showResults)) {
        ImGui::End();
        return;
    }
    // Scored again only when a mark, a submission or a reading changed, not every frame: the
    // scoring walks every mark of every slide.
    static struct {
        core::CaseId caseId = 0;
        uint64_t key = 0;
        std::string pending;
        std::vector<LearnerResult> results;
    } cache;
    uint64_t key = 1 + q.handedIn.size() * 1000003 + q.learnerReadings.size() * 7919 + s.annotations.markers.bySlide.size() * 31;
    for (const auto& [slide, r] : s.annotations.markers.bySlide)  // the IHC answers, which the educator may edit
        key = key * 31 + uint64_t(slide) + uint64_t(r.result) * 7 + uint64_t(r.intensity.value_or(9)) * 3 +
              uint64_t(r.extentPercent.value_or(-1) * 10 + 11) + uint64_t(r.distribution) + r.compartments;
    for (const CaseViewer& v : s.viewers)
        if (const SlideMarks* m = s.annotations.marks(v.record.id)) key = key * 131 + m->version + 1 + uint64_t(m->load) * 17;
    if (cache.caseId != s.record.id || cache.key != key || !cache.pending.empty()) {
        cache.caseId = s.record.id, cache.key = key;
        cache.results = learnerResults(s, ws, cache.pending);
    }
    const std::string& pending = cache.pending;
    const auto& results = cache.results;
    ImGui::TextDisabled("Reference: %s. Answers as read at %s.", q.teaching->referenceReader.c_str(), localTimeText(q.readUnix).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Refresh")) actions.refreshTeachingResults();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Read the learners' marks, submissions and readings again (clears undo of the marks)");
    packControls(q, ws, actions, files);
    if (!pending.empty()) ImGui::TextDisabled("%s", pending.c_str());
    if (results.empty() && pending.empty()) ImGui::TextDisabled("No learner has answered yet.");
    if (!results.empty() && ImGui::BeginTable("##results", 8, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg)) {
        for (const char* h : {"learner", "submitted", "figures found", "F1", "count", "regions found", "IHC results", ""})
            if (std::string(h) == "submitted")
                ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthFixed, 130);
            else
                ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const LearnerResult& r : results) {
            const core::MatchResult m = r.tally.pooledFigures();
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.learner.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.submittedUnix ? localTimeText(*r.submittedUnix).c_str() : "not yet");
            ImGui::TableNextColumn();
            if (!r.tally.figures.empty()) ImGui::Text("%d of %d (+%d)", m.tp, m.tp + m.fn, m.fp);
            ImGui::TableNextColumn();
            if (!r.tally.figures.empty()) ImGui::Text("%.2f", m.f1);
            ImGui::TableNextColumn();
            if (r.count) ImGui::Text("%d / %d", *r.count, *r.referenceCount);
            ImGui::TableNextColumn();
            if (r.tally.regionsAsked) ImGui::Text("%d of %d", r.tally.regionsFound, r.tally.regionsAsked);
            ImGui::TableNextColumn();
            if (r.tally.markersAsked) ImGui::Text("%d of %d agree", r.tally.markersAgreed, r.tally.markersAsked);
            ImGui::TableNextColumn();
            ImGui::PushID(r.learner.c_str());
            ImGui::BeginDisabled(q.packBusy || !r.submittedUnix);
            if (ImGui::SmallButton("Return..."))
                files.pick(std::filesystem::path(ws.project.path).parent_path().string(),
                           "Return " + r.learner + "'s marked answer (type a new name ending in .hmproj)", FileDialog::Kind::Projects,
                           [&actions, learner = r.learner](const std::string& p) { actions.writeTeachingPack(p, true, learner); });
            ImGui::EndDisabled();
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                ImGui::SetTooltip("A copy with the answers and only this learner's work: their window shows the score");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace histomark::ui
