// SPDX-License-Identifier: MIT
// The case controller in quiz mode: the teaching set of the project, each question's teaching
// record and the learner's submission, and handing the answer in. The score itself is computed
// by the marks panel from the marks in memory (core::scoreQuizSlide), as the CLI computes it.
#include <ctime>
#include <map>

#include "app/case_controller.h"

namespace histomark::app {
namespace {

struct QuizSetData {
    std::vector<core::TeachingCase> cases;
    std::vector<bool> submitted;  // by the learner, beside `cases`
    core::CaseId wanted = 0;      // the case named on the command line, 0 = none
};

}  // namespace

void CaseController::setQuizLearner(const std::string& learner) { m_s.ws.quiz = {learner, {}, false, ""}; }

void CaseController::loadQuizSet(const std::string& caseRef) {
    const std::string learner = m_s.ws.quiz.learner;
    read<QuizSetData>(
        [caseRef, learner](Repos& r) -> core::Result<QuizSetData> {
            QuizSetData d;
            auto all = r.teaching.list();
            if (!all) return core::Error{all.error()};
            d.cases = std::move(*all);
            for (const auto& t : d.cases) {
                auto sub = r.teaching.submission(t.caseId, learner);
                if (!sub) return core::Error{sub.error()};
                d.submitted.push_back(sub->has_value());
            }
            if (!caseRef.empty()) {
                auto c = r.cases.resolve(caseRef);
                if (!c) return core::Error{c.error()};
                d.wanted = c->id;
            }
            return d;
        },
        [this](QuizSetData& d) {
            ui::QuizSet& q = m_s.ws.quiz;
            q.cases = std::move(d.cases);
            q.loaded = true;
            if (q.cases.empty()) {
                q.error = "This project has no teaching cases: an educator makes them with `histomark teaching set`";
                return;
            }
            // As the reference reader, the "learner" would mark over the answer itself.
            for (const auto& t : q.cases)
                if (t.referenceReader == q.learner) {
                    q.error = "\"" + q.learner + "\" is the reference reader of this teaching set: their marks are the answer. "
                              "Quiz mode is for learners; open the project without --quiz to work on the answer";
                    return;
                }
            if (d.wanted) {
                if (!q.numberOf(d.wanted)) {
                    q.error = "That case is not one of the project's teaching cases";
                    return;
                }
                return openCase(d.wanted);
            }
            size_t first = 0;  // the first question still to answer, else the first
            while (first < d.submitted.size() && d.submitted[first]) ++first;
            openCase(q.cases[first < q.cases.size() ? first : 0].caseId);
        });
}

void CaseController::loadQuizState() {
    if (!m_s.ws.caseSession) return;
    const core::CaseId id = m_s.ws.caseSession->record.id;
    const std::string learner = m_s.ws.quiz.learner;  // "" outside quiz mode
    struct Loaded {
        std::optional<core::TeachingCase> teaching;
        std::optional<core::QuizSubmission> submission;
        int submissions = 0;
        std::vector<core::QuizSubmission> handedIn;
        std::vector<core::MarkerRecord> readings;
        std::optional<core::TeachingPack> pack;
        std::map<core::CaseSlideId, std::vector<std::string>> regionClasses;
    };
    read<Loaded>(
        [id, learner](Repos& r) -> core::Result<Loaded> {
            Loaded l;
            auto t = r.teaching.get(id);
            if (!t) return core::Error{t.error()};
            l.teaching = std::move(*t);
            auto pack = r.packs.info();
            if (!pack) return core::Error{pack.error()};
            l.pack = std::move(*pack);
            if (l.pack && l.teaching) {
                auto slides = r.slides.listForCase(id);
                if (!slides) return core::Error{slides.error()};
                for (const auto& s : *slides) {
                    auto classes = r.packs.regionClasses(s.id);
                    if (!classes) return core::Error{classes.error()};
                    if (!classes->empty()) l.regionClasses[s.id] = std::move(*classes);
                }
            }
            if (!learner.empty()) {
                auto sub = r.teaching.submission(id, learner);
                if (!sub) return core::Error{sub.error()};
                l.submission = std::move(*sub);
            } else if (l.teaching) {
                auto subs = r.teaching.submissions(id);
                if (!subs) return core::Error{subs.error()};
                l.submissions = int(subs->size());
                l.handedIn = std::move(*subs);
                auto readings = r.markers.allAnswersForCase(id);
                if (!readings) return core::Error{readings.error()};
                l.readings = std::move(*readings);
            }
            return l;
        },
        [this, id](Loaded& l) {
            if (!m_s.ws.caseSession || m_s.ws.caseSession->record.id != id) return;
            ui::QuizState& q = m_s.ws.caseSession->annotations.quiz;
            q.loaded = true;
            q.readUnix = int64_t(std::time(nullptr));
            q.teaching = l.teaching;
            q.number = m_s.ws.quiz.numberOf(id);
            q.submissions = l.submissions;
            q.handedIn = std::move(l.handedIn);
            q.learnerReadings = std::move(l.readings);
            q.pack = std::move(l.pack);
            q.packRegionClasses = std::move(l.regionClasses);
            q.scores.clear();  // the region questions may come from the pack
            if (l.submission) {
                q.submittedUnix = l.submission->submittedUnix;
                if (q.on && m_s.ws.caseSession->annotations.markers.loaded) loadMarkerRecords();  // asked before we knew
            }
            if (q.on && !q.teaching) q.message = "This case is not part of the teaching set";
        });
}

void CaseController::setTeaching(const std::optional<core::TeachingCase>& teaching) {
    if (!m_s.ws.caseSession || m_s.ws.quiz.on()) return;  // a learner cannot change the set
    const core::CaseId id = m_s.ws.caseSession->record.id;
    std::optional<core::TeachingCase> t = teaching;
    if (t) t->caseId = id, t->modifiedUnix = 0;
    write(
        [id, t](Repos& r) -> core::Status {
            auto pack = r.packs.info();
            if (!pack) return core::Status::failure(pack.error());
            if (*pack)  // the set is the educator's project's; a pack is packed again from it
                return core::Status::failure("This is a learner's teaching pack: change the teaching set in the educator's project");
            return t ? r.teaching.put(*t) : r.teaching.remove(id);
        },
        [this, id] {
            if (m_s.ws.caseSession && m_s.ws.caseSession->record.id == id) loadQuizState();
        });
}

void CaseController::refreshTeachingResults() {
    if (!m_s.ws.caseSession || m_s.ws.quiz.on()) return;  // the educator's, never the learner's
    ui::CaseSession& s = *m_s.ws.caseSession;
    // Reads queue behind any edit still being saved, so nothing of the educator's is lost; the marks
    // stay uneditable until they are back (their keys are assigned again).
    for (const ui::CaseViewer& v : s.viewers)
        if (ui::SlideMarks* m = s.annotations.marks(v.record.id); m && m->load == ui::SlideMarks::Load::Ready) {
            m->load = ui::SlideMarks::Load::Loading;
            loadMarks(v.record.id);
        }
    loadQuizState();
    loadMarkerRecords();
}

void CaseController::submitQuiz() {
    if (!m_s.ws.caseSession) return;
    ui::QuizState& q = m_s.ws.caseSession->annotations.quiz;
    if (!q.on || !q.teaching || q.locked() || q.submitting) return;
    if (m_project && m_project->readOnly()) {
        q.message = "This teaching set is read-only (its file or folder cannot be written): the answer cannot be handed in";
        return;
    }
    q.submitting = true;
    const core::QuizSubmission sub{m_s.ws.caseSession->record.id, m_s.ws.quiz.learner, int64_t(std::time(nullptr))};
    // The marks were written before (edits are saved in order on the storage thread), so the
    // answer on file is what the learner saw when pressing Submit.
    write([sub](Repos& r) { return r.teaching.submit(sub); },
          [this, sub] {
              if (!m_s.ws.caseSession || m_s.ws.caseSession->record.id != sub.caseId) return;
              ui::QuizState& done = m_s.ws.caseSession->annotations.quiz;
              done.submitting = false;
              done.submittedUnix = sub.submittedUnix;
              done.message.clear();
              loadMarkerRecords();  // now locked, with the slides' own records: the IHC answer
          });
}

void CaseController::openQuestion(int number) {
    const ui::QuizSet& q = m_s.ws.quiz;
    if (number < 1 || number > int(q.cases.size())) return;
    openCase(q.cases[size_t(number - 1)].caseId);
}

}  // namespace histomark::app
