// SPDX-License-Identifier: MIT
// CaseController: aligning a case's slides onto its reference (automatic registration on the job
// pool, point pairs clicked by the user) and storing the transform.
#include "analysis/point_pair_fit.h"
#include "analysis/registration.h"
#include "app/case_controller.h"

namespace histomark::app {

void CaseController::setTransform(core::CaseSlideId id, const core::Affine& t, core::TransformSource source,
                                  std::optional<double> residualUm) {
    write([id, t, source, residualUm](Repos& r) { return r.slides.setTransform(id, t, source, residualUm); },
          [this, id, t, source, residualUm] {
              if (!m_s.ws.caseSession) return;
              ui::CaseSession& s = *m_s.ws.caseSession;
              ui::CaseViewer* v = s.find(id);
              if (!v) return;
              v->record.toReference = t;
              v->record.transformSource = source;
              v->record.transformResidualUm = residualUm;
              // Show the corrected alignment at once: this slide follows the reference.
              s.leader = s.referenceIndex();
          });
}

void CaseController::alignAutomatically(core::CaseSlideId id) {
    if (!m_s.ws.caseSession) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::CaseViewer* v = s.find(id);
    const int ref = s.referenceIndex();
    if (!v || ref < 0 || v->alignJob) return;
    const ui::CaseViewer& rv = s.viewers[size_t(ref)];
    ui::SlideView* mv = m_s.ws.find(v->slide);
    ui::SlideView* fv = m_s.ws.find(rv.slide);
    if (!mv || !fv || !mv->document()->ready() || !fv->document()->ready()) {
        v->alignMessage = "waiting for both slides to open";
        return;
    }
    auto job = std::make_shared<core::JobControl>();
    v->alignJob = job;
    v->alignMessage.clear();
    const core::Affine refToReference = rv.record.toReference;
    ++m_pending;
    // The scales the views show: the reader may have set one the file lacks (Change scale...).
    analysis::RegistrationOptions options;
    options.fixedMpp = fv->document()->info().mpp.mean();
    options.movingMpp = mv->document()->info().mpp.mean();
    m_s.jobs.post([this, id, job, refToReference, options, fixed = fv->document()->source(), moving = mv->document()->source()] {
        auto r = analysis::registerSlides(*fixed, *moving, options, job.get());
        auto shared = std::make_shared<decltype(r)>(std::move(r));
        m_s.main.post([this, id, job, refToReference, shared] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::CaseViewer* done = m_s.ws.caseSession->find(id);
            if (!done || done->alignJob != job) return;
            done->alignJob.reset();
            if (!shared->ok()) {
                done->alignMessage = "alignment failed: " + shared->error();
                m_s.ws.caseSession->message = done->record.stain + ": " + done->alignMessage;
                return;
            }
            const analysis::RegistrationResult& res = shared->value();
            done->alignMessage = res.method;
            for (const auto& n : res.notes) done->alignMessage += "\n" + n;
            setTransform(id, res.movingToFixed.then(refToReference), core::TransformSource::Automatic, res.residualUm);
        });
    });
}

void CaseController::startPendingAlignments() {
    if (!m_s.ws.caseSession) return;
    for (auto& v : m_s.ws.caseSession->viewers)
        if (v.record.transformSource == core::TransformSource::None && !v.alignJob &&
            v.file == ui::CaseViewer::File::Present && (v.alignMessage.empty() || v.alignMessage.rfind("waiting", 0) == 0))
            alignAutomatically(v.record.id);
}

void CaseController::applyPointPairs() {
    if (!m_s.ws.caseSession) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::PointPairs& pp = s.pairs;
    const size_t complete = pp.referencePoints.size();
    const int ref = s.referenceIndex();
    if (!pp.active() || ref < 0) return;
    if (complete < 3) {
        s.message = "Point pairs: 3 or more complete pairs are needed";
        return;
    }
    const std::vector<core::Level0Point> moving(pp.movingPoints.begin(), pp.movingPoints.begin() + long(complete));
    auto fit = analysis::fitPointPairs(moving, pp.referencePoints, true);
    if (!fit) {
        s.message = "Point pairs: " + fit.error();
        return;
    }
    // The pairs' own misfit, in µm of the reference slide when its scale is known.
    std::optional<double> rmsUm;
    if (ui::SlideView* rv = m_s.ws.find(s.viewers[size_t(ref)].slide); rv && rv->document()->info().mpp.known())
        rmsUm = fit->rmsPx * rv->document()->info().mpp.mean();
    if (ui::CaseViewer* v = s.find(pp.moving))
        v->alignMessage = "fitted to " + std::to_string(complete) + " point pairs";
    // The reference's own transform is applied after (it is the identity for an H&E reference).
    setTransform(pp.moving, fit->movingToFixed.then(s.viewers[size_t(ref)].record.toReference),
                 core::TransformSource::Manual, rmsUm);
    pp = {};
    s.message.clear();
}

}  // namespace histomark::app
