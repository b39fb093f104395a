// SPDX-License-Identifier: MIT
// The case controller's learner copies of the teaching set (the educator's results window):
// writing one on a worker, and collecting one back in one transaction of the project, with the
// outcome in the results window (QuizState::packStatus).
#include "app/case_controller.h"
#include "storage/teaching_pack.h"

namespace histomark::app {

void CaseController::writeTeachingPack(const std::string& out, bool withAnswers, const std::string& learner, bool copySlides) {
    if (!m_project || !m_s.ws.caseSession || m_s.ws.quiz.on()) return;
    ui::QuizState& q = m_s.ws.caseSession->annotations.quiz;
    if (q.packBusy) return;
    q.packBusy = true;
    q.packStatus = "Writing " + out + (copySlides ? " and copying its slides ..." : " ...");
    m_packJob = std::make_shared<core::JobControl>();
    q.packJob = m_packJob;
    ++m_pending;
    // Its own connection to the project file: it waits for the storage thread's transaction in
    // flight (never inside one), and copies a snapshot however the window goes on writing.
    m_s.io.post([this, source = m_project->path(), out, withAnswers, learner, copySlides, job = m_packJob, gen = m_generation] {
        auto w = std::make_shared<core::Result<storage::PackWritten>>(
            storage::writeTeachingPack(source, out, {withAnswers, learner, copySlides, job.get()}));
        m_s.main.post([this, w, out, learner, job, gen] {
            --m_pending;
            if (m_packJob == job) m_packJob.reset();
            if (gen != m_generation || !m_s.ws.caseSession) return;
            ui::QuizState& done = m_s.ws.caseSession->annotations.quiz;
            done.packBusy = false;
            done.packJob.reset();
            if (!w->ok()) {
                done.packStatus = w->error();
                return;
            }
            if (!learner.empty())
                done.packStatus = "Wrote " + out + ": " + learner + "'s marked answer (" + std::to_string((*w)->learnerMarks) +
                                  " marks, " + std::to_string((*w)->learnerSubmissions) + " question(s) submitted) with the answers";
            else
                done.packStatus = "Wrote " + out + ": " + std::to_string((*w)->cases) + " question(s), " +
                                  ((*w)->answersIncluded ? "with the answers (self-study)" : "without the answers (collect it back to score it)");
            if (!(*w)->slidesFolder.empty()) done.packStatus += "; the slides copied to " + (*w)->slidesFolder;
        });
    });
}

void CaseController::collectTeachingPack(const std::string& pack) {
    if (!m_project || !m_s.ws.caseSession || m_s.ws.quiz.on()) return;
    ui::QuizState& q = m_s.ws.caseSession->annotations.quiz;
    if (q.packBusy) return;
    q.packBusy = true;
    q.packStatus = "Collecting " + pack + " ...";
    ++m_pending;
    // One transaction of the project: a pack that cannot be collected changes nothing, and its
    // reason is shown in the results window (not only on the status line).
    m_project->transact<storage::PackCollected>(
        [pack](Repos& r) { return storage::collectTeachingPack(r, pack); },
        [this, pack, &main = m_s.main, gen = m_generation](core::Result<storage::PackCollected> r) {
            auto got = std::make_shared<core::Result<storage::PackCollected>>(std::move(r));
            main.post([this, pack, got, gen] {
                --m_pending;
                if (gen != m_generation || !m_s.ws.caseSession) return;
                ui::QuizState& done = m_s.ws.caseSession->annotations.quiz;
                done.packBusy = false;
                if (!got->ok()) {
                    done.packStatus = got->error();
                    return;
                }
                std::string text = "Collected " + pack + ":";
                for (const auto& l : (*got)->learners)
                    text += " " + l.learner + " (" + std::to_string(l.marks) + " marks, " + std::to_string(l.submissions) + " submitted)";
                if ((*got)->learners.empty()) text += " no learner's work in it";
                for (const auto& n : (*got)->notes) text += "; " + n;
                done.packStatus = text;
                refreshTeachingResults();
            });
        });
}

}  // namespace histomark::app
