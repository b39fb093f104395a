// SPDX-License-Identifier: MIT
// The quiz section of the marks panel: the question, the learner's own tally, Submit, and after
// submission the score against the reference (the same core::scoreQuizSlide as `histomark
// teaching score`) with the missed figures to visit; on an IHC slide, the learner's reading against
// the slide's marker record (core::scoreMarkerAnswer).
#include <imgui.h>

#include <cmath>
#include <optional>

#include "ui/marks_ui.h"
#include "ui/time_text.h"

namespace histomark::ui {
namespace {

const ImVec4 kGood(0.55f, 0.9f, 0.55f, 1), kBad(1, 0.45f, 0.4f, 1), kMissed(0.45f, 0.7f, 1, 1);
// A teaching pack without the answers: the score is made where the answers are.
const char* const kWithTheEducator = "The answers are not in this copy: your educator collects it and scores your answer.";

}  // namespace

void MarksUi::updateQuizScore(CaseSession& s, const CaseViewer& v, const core::SlideInfo& info) {
    QuizState& q = s.annotations.quiz;
    SlideMarks* m = s.annotations.marks(v.record.id);
    const std::string* ref = q.referenceReader();
    if (!m || m->load != SlideMarks::Load::Ready || !ref) return;
    QuizState::Scored& sc = q.scores[v.record.id];
    if (sc.version == m->version + 1) return;  // +1: a fresh entry (version 0) is never current
    sc.version = m->version + 1;
    sc.reference = mitosesOf(*m, *ref);
    sc.learner = mitosesOf(*m, s.annotations.reader);
    sc.score.reset();
    sc.error.clear();
    std::vector<core::Annotation> learnerMarks;
    sc.referenceMarks.clear();
    m->layer.forEach([&](core::MarkKey, const core::Annotation& a) {
        if (a.reader == *ref) sc.referenceMarks.push_back(a);
        if (a.reader == s.annotations.reader) learnerMarks.push_back(a);
    });
    if (auto asked = q.packRegionClasses.find(v.record.id); q.answerElsewhere() && asked != q.packRegionClasses.end())
        sc.regions = core::scoreRegionQuestions(asked->second, sc.referenceMarks, learnerMarks);
    else
        sc.regions = core::scoreRegionQuestions(sc.referenceMarks, learnerMarks);
    if (!info.mpp.known()) {
        sc.error = "The slide's scale is unknown: the answer is matched within 7.5 \xC2\xB5m, which needs it";
        return;
    }
    core::QuizSlideInput in{sc.reference, sc.learner, *info.mpp.x, *info.mpp.y, std::nullopt};
    in.slide = {0, 0, double(info.width()), double(info.height())};
    if (auto it = m->counts.find(*ref); it != m->counts.end() && it->second.placed) in.referenceCount = it->second;
    auto r = core::scoreQuizSlide(in);
    if (r)
        sc.score = std::move(*r);
    else
        sc.error = r.error();
}

void MarksUi::ihcAnswer(CaseSession& s, const CaseViewer& v) {
    const QuizState& q = s.annotations.quiz;
    if (!q.locked()) {
        ImGui::TextWrapped("Record your reading of this %s slide below, then submit.", v.record.stain.empty() ? "IHC" : v.record.stain.c_str());
        return;
    }
    ImGui::TextColored(kGood, "Submitted %s", localTimeText(*q.submittedUnix).c_str());
    if (q.answerElsewhere()) {
        ImGui::TextWrapped("%s", kWithTheEducator);
        return;
    }
    auto ref = q.referenceRecords.find(v.record.id);
    if (ref == q.referenceRecords.end()) {
        ImGui::TextDisabled("No reference reading of this slide.");
        return;
    }
    std::optional<core::MarkerRecord> mine;
    if (auto it = s.annotations.markers.bySlide.find(v.record.id); it != s.annotations.markers.bySlide.end()) mine = it->second;
    const core::MarkerAnswerScore sc = core::scoreMarkerAnswer(ref->second, mine);
    ImGui::TextWrapped("Answer: %s", core::markerSummary(ref->second).c_str());
    ImGui::TextWrapped("Yours: %s", mine ? core::markerSummary(*mine).c_str() : "not recorded");
    const auto line = [](const char* what, std::optional<bool> agrees) {
        if (!agrees) return;
        ImGui::TextColored(*agrees ? kGood : kBad, "%s %s", what, *agrees ? "agrees" : "differs");
    };
    line("result", sc.answered ? std::optional<bool>(sc.resultAgrees) : std::optional<bool>(false));
    line("intensity", sc.intensityAgrees);
    line("distribution", sc.distributionAgrees);
    line("compartment", sc.compartmentsAgree);
    if (sc.extentAgrees) {
        if (sc.extentDifference)
            ImGui::TextColored(*sc.extentAgrees ? kGood : kBad, "extent %.0f points %s (agrees within %.0f)",
                               std::abs(*sc.extentDifference), *sc.extentDifference < 0 ? "lower" : "higher", core::kExtentTolerancePoints);
        else
            line("extent", false);
    }
    if (!ref->second.comment.empty()) ImGui::TextWrapped("Educator's comment: %s", ref->second.comment.c_str());
}

void MarksUi::regionQuestions(const QuizState& q, const QuizState::Scored& sc) {
    for (const core::RegionClassScore& r : sc.regions) {
        if (!q.showsScore()) {
            // The class is the question (which class to click with); how many regions is not said.
            ImGui::TextWrapped("Click in: %s (Point tool, class %s): %zu click%s", r.className.c_str(), r.className.c_str(),
                               r.clicks.size(), r.clicks.size() == 1 ? "" : "s");
            continue;
        }
        const bool all = r.regionsFound() == int(r.regions.size()) && r.clicksInside() == int(r.clicks.size());
        ImGui::TextColored(all ? kGood : kBad, "%s: %d of %zu regions found; %d of %zu clicks inside", r.className.c_str(),
                           r.regionsFound(), r.regions.size(), r.clicksInside(), r.clicks.size());
    }
}

void MarksUi::quizSection(CaseSession& s, CaseViewer& v, SlideView& view, CaseActions& actions) {
    AnnotationSession& a = s.annotations;
    QuizState& q = a.quiz;
    if (!q.loaded) {
        ImGui::TextDisabled("Loading the question ...");
        return;
    }
    ImGui::Text("Learner: %s", a.reader.c_str());
    if (!q.teaching) {
        ImGui::TextColored(kBad, "%s", q.message.c_str());
        return;
    }
    if (!q.teaching->question.empty()) ImGui::TextWrapped("%s", q.teaching->question.c_str());
    if (!v.isReference()) {  // an IHC slide: the question is the learner's reading of it
        ihcAnswer(s, v);
        if (!q.message.empty()) ImGui::TextColored(kBad, "%s", q.message.c_str());
        ImGui::Separator();
        return;
    }
    updateQuizScore(s, v, view.document()->info());
    const QuizState::Scored& sc = q.scores[v.record.id];
    if (!sc.error.empty()) ImGui::TextColored(kBad, "%s", sc.error.c_str());
    const bool asked = sc.score && !sc.reference.empty();
    const bool area = sc.score && sc.score->inCountArea;
    if (!q.locked()) regionQuestions(q, sc);

    if (q.locked() && q.answerElsewhere()) {
        ImGui::TextColored(kGood, "Submitted %s", localTimeText(*q.submittedUnix).c_str());
        ImGui::TextWrapped("%s", kWithTheEducator);
        ImGui::Text("Your mitotic figures: %zu on this slide", sc.learner.size());
        if (area) ImGui::Text("In the question's area: %d", sc.score->learnerCount->result.count);
    } else if (!q.locked()) {
        ImGui::Text("Your mitotic figures: %zu on this slide", sc.learner.size());
        if (area) ImGui::Text("In the question's area: %d (%.1f per 10 HPF)", sc.score->learnerCount->result.count,
                              sc.score->learnerCount->result.per10Hpf);
        ImGui::BeginDisabled(q.submitting);
        if (ImGui::Button(q.submitting ? "Submitting ..." : "Submit answer")) actions.submitQuiz();
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hand your marks in: then the answer is shown, and your marks stay as they are");
    } else {
        ImGui::TextColored(kGood, "Submitted %s", localTimeText(*q.submittedUnix).c_str());
        if (!asked && sc.score) ImGui::TextDisabled("No reference figures on this slide.");
        if (asked) {
            const core::MatchResult& m = sc.score->match;
            ImGui::TextWrapped("Found %d of %d figures%s; %d not in the answer", m.tp, sc.score->referenceMarks,
                               area ? " in the area" : "", m.fp);
            ImGui::Text("Precision %.2f  recall %.2f  F1 %.2f", m.precision, m.recall, m.f1);
        }
        if (area) {
            const core::CountResult &mine = sc.score->learnerCount->result, &ref = sc.score->referenceCount->result;
            ImGui::TextWrapped("Count %d against %d (%.1f against %.1f per 10 HPF)", mine.count, ref.count, mine.per10Hpf, ref.per10Hpf);
            ImGui::TextColored(*sc.score->mitoticScoreAgrees ? kGood : kBad, "FNCLCC mitotic score %d against %d: %s", mine.mitoticScore,
                               ref.mitoticScore, *sc.score->mitoticScoreAgrees ? "agrees" : "differs");
        }
        if (asked) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("green: found, orange: not in the answer, blue: missed");
            ImGui::PopTextWrapPos();
            if (!sc.score->match.unmatchedReference.empty() && ImGui::CollapsingHeader("Missed figures")) {
                int row = 0;
                for (size_t i : sc.score->match.unmatchedReference) {
                    ImGui::PushID(row++);
                    const core::Level0Point p = sc.reference[i];
                    ImGui::TextColored(kMissed, "%.0f, %.0f", p.x, p.y);
                    ImGui::SameLine();
                    if (ImGui::SmallButton("go")) view.centerOn(p);
                    ImGui::PopID();
                }
            }
        }
    }
    if (q.locked()) regionQuestions(q, sc);
    if (!q.message.empty()) ImGui::TextColored(kBad, "%s", q.message.c_str());
    ImGui::Separator();
}

}  // namespace histomark::ui
