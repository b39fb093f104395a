// SPDX-License-Identifier: MIT
// CaseController: the candidate mitosis search on the job pool (analysis::detectCandidatesInRegion
// through the slide's own source), its progress and cancel, and the results into the review queue.
#include <algorithm>

#include "analysis/mitosis_candidates.h"
#include "app/case_controller.h"

namespace histomark::app {

void CaseController::findCandidates(core::CaseSlideId id, core::Level0Rect roi) {
    if (!m_s.ws.caseSession) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::CandidateReview& review = s.annotations.review;
    ui::CaseViewer* v = s.find(id);
    ui::SlideView* view = v ? m_s.ws.find(v->slide) : nullptr;
    if (!view || !view->document()->ready()) return;
    if (review.job) review.job->cancel();  // a new search replaces the one running
    if (!view->document()->info().mpp.known()) {
        review.message = "The slide's scale (µm per pixel) is unknown: set it first; the detector works in µm";
        return;
    }
    auto job = std::make_shared<core::JobControl>();
    review = {};
    review.slide = id;
    review.job = job;
    review.message = "searching ...";
    ++m_pending;
    m_s.jobs.post([this, id, roi, job, source = view->document()->source()] {
        analysis::RegionDetectionOptions options;
        options.threads = 1;  // the job pool has one thread; tile workers keep the view responsive
        auto found = analysis::detectCandidatesInRegion(*source, roi, options, job.get());
        auto shared = std::make_shared<decltype(found)>(std::move(found));
        m_s.main.post([this, id, job, shared] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::CandidateReview& r = m_s.ws.caseSession->annotations.review;
            if (r.job != job) return;  // replaced by a newer search
            r.job.reset();
            if (!shared->ok()) {
                r.message = "Candidate search stopped: " + shared->error();
                return;
            }
            r.slide = id;
            for (const auto& c : shared->value()) r.candidates.push_back({c.at, c.score, ui::CandidateReview::Status::Pending});
            std::stable_sort(r.candidates.begin(), r.candidates.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
            r.current = -1;
            r.message = std::to_string(r.candidates.size()) + " candidates to review (the assistant proposes; you decide)";
        });
    });
}

}  // namespace histomark::app
