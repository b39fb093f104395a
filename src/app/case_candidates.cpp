// SPDX-License-Identifier: MIT
// CaseController: the candidate mitosis search on the job pool (analysis::detectCandidatesInRegion
// through the slide's own source), its progress and cancel, and the results into the review queue.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <opencv2/imgproc.hpp>

#include "analysis/area_mask.h"
#include "analysis/hotspot_search.h"
#include "analysis/mitosis_candidates.h"
#include "analysis/slide_thumbnail.h"
#include "analysis/tissue_mask.h"
#include "app/case_controller.h"

namespace histomark::app {

analysis::MitosisDetectorOptions CaseController::detectorOptions() const {
    analysis::MitosisDetectorOptions o;
    if (m_s.mitosisModel) {
        o.model = m_s.mitosisModel.get();
        o.minScore = m_s.mitosisModel->defaultMinScore();
    }
    return o;
}

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
    const double chosenMinScore = review.minScore;
    const bool chosen = review.minScoreChosen;
    const int search = review.search + 1;
    const bool byPosition = review.byPosition, showQueue = review.showQueue;
    review = {};
    review.search = search;
    review.byPosition = byPosition, review.showQueue = showQueue;
    // The reader's filter stays; until they set one, the assistant's default (chosen on held-out slides).
    review.minScore = chosen ? chosenMinScore : detectorOptions().minScore;
    review.minScoreChosen = chosen;
    review.slide = id;
    review.job = job;
    review.message = "searching ...";
    ++m_pending;
    // The scale the view shows, which may be the reader's own (Change scale...), not the file's.
    const double mpp = view->document()->info().mpp.mean();
    m_s.jobs.post([this, id, roi, job, mpp, source = view->document()->source(), detector = detectorOptions(),
                   model = m_s.mitosisModel] {  // the model outlives the job
        analysis::RegionDetectionOptions options;
        options.detector = detector;
        options.threads = 1;  // the job pool has one thread; tile workers keep the view responsive
        auto found = analysis::detectCandidatesInRegion(*source, roi, options, job.get(), mpp);
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
            if (!m_s.mitosisModelName.empty()) r.message += "; model " + m_s.mitosisModelName;
            // Such a model's scores depend on the area searched: say so where they are read.
            if (m_s.mitosisModel && m_s.mitosisModel->slideRelative()) r.message += ", judged against this area's own nuclei";
        });
    });
}

void CaseController::loadCandidateThumbnails(core::CaseSlideId id, std::vector<int> indices) {
    if (!m_s.ws.caseSession || indices.empty()) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::CandidateReview& review = s.annotations.review;
    ui::CaseViewer* v = s.find(id);
    ui::SlideView* view = v ? m_s.ws.find(v->slide) : nullptr;
    if (!view || !view->document()->ready() || review.slide != id) return;
    const core::SlideInfo& info = view->document()->info();
    // A figure and its neighbours at a glance: 24 µm, at most 256 level-0 px.
    const int side = std::clamp(int(std::lround(24 / (info.mpp.known() ? info.mpp.mean() : 0.25))), 16, 256);
    std::vector<std::pair<int, core::Level0Point>> wanted;
    for (int i : indices) {
        if (i < 0 || i >= int(review.candidates.size()) || !review.thumbsAsked.insert(i).second) continue;
        wanted.emplace_back(i, review.candidates[size_t(i)].at);
    }
    if (wanted.empty()) return;
    ++m_pending;
    m_s.io.post([this, id, side, wanted, search = review.search, source = view->document()->source()] {
        auto read = std::make_shared<std::vector<std::pair<int, core::RgbaImage>>>();
        for (const auto& [i, at] : wanted) {
            auto px = source->readRegion(int64_t(std::floor(at.x)) - side / 2, int64_t(std::floor(at.y)) - side / 2, 0, side, side);
            if (px) read->emplace_back(i, std::move(*px));  // an unreadable one stays a blank square
        }
        m_s.main.post([this, id, search, read] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::CandidateReview& r = m_s.ws.caseSession->annotations.review;
            if (r.slide != id || r.search != search) return;  // a newer search replaced the queue
            for (auto& [i, img] : *read) r.thumbPixels[i] = std::move(img);
        });
    });
}

void CaseController::useMitosisModel(const std::string& path) {
    if (path.empty()) {
        m_s.mitosisModel.reset();
        m_s.mitosisModelName.clear();
        m_s.ws.mitosisModelName.clear();
        m_s.ws.mitosisModelMessage = "The built-in model (AMi-Br breast carcinoma) proposes candidates";
        if (m_s.mitosisModelChosen) m_s.mitosisModelChosen("");
        return;
    }
    m_s.ws.mitosisModelMessage = "reading " + path + " ...";
    ++m_pending;
    m_s.io.post([this, path] {
        auto model = std::make_shared<core::Result<analysis::MitosisModel>>(analysis::MitosisModel::loadFile(path));
        m_s.main.post([this, path, model] {
            --m_pending;
            const std::string name = std::filesystem::path(path).filename().string();
            if (!model->ok()) {
                m_s.ws.mitosisModelMessage = name + " was not loaded: " + model->error();
                return;
            }
            m_s.mitosisModel = std::make_shared<const analysis::MitosisModel>(std::move(model->value()));
            m_s.mitosisModelName = m_s.ws.mitosisModelName = name;
            m_s.ws.mitosisModelMessage = name + " proposes candidates from the next search on" +
                                         (m_s.mitosisModel->slideRelative() ? " (judging blobs against the area's own nuclei)" : "");
            if (m_s.mitosisModelChosen) m_s.mitosisModelChosen(path);
        });
    });
}

void CaseController::findHotspot(core::CaseSlideId id) {
    if (!m_s.ws.caseSession) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::HotspotSearch& h = s.annotations.hotspots;
    ui::CaseViewer* v = s.find(id);
    ui::SlideView* view = v ? m_s.ws.find(v->slide) : nullptr;
    ui::SlideMarks* marks = s.annotations.marks(id);
    if (!view || !view->document()->ready() || !marks) return;
    const core::SlideInfo& info = view->document()->info();
    if (!info.mpp.known()) {
        h.message = "The slide's scale (µm per pixel) is unknown: set it first";
        return;
    }
    auto preset = core::presetOf(s.annotations.countFor(*marks));
    if (!preset) {
        h.message = preset.error();
        return;
    }
    // Necrosis drawn by the reader is not counted (DOMAIN §2: viable tumour only).
    std::vector<core::Annotation> necrosis;
    marks->layer.forEach([&](core::MarkKey, const core::Annotation& a) {
        if (a.className == core::kNecrosis && a.kind != core::ShapeKind::Point) necrosis.push_back(a);
    });
    if (h.job) h.job->cancel();
    auto job = std::make_shared<core::JobControl>();
    const bool weighted = h.weighted, show = h.show;
    h = {};
    h.slide = id, h.job = job, h.presetId = preset->id, h.message = "searching ...";
    h.weighted = weighted, h.show = show;
    ++m_pending;
    m_s.jobs.post([this, id, job, necrosis, preset = *preset, mppX = *info.mpp.x, mppY = *info.mpp.y,
                   detector = detectorOptions(), model = m_s.mitosisModel, weighted,
                   width = double(info.width()), height = double(info.height()), source = view->document()->source()] {
        auto run = [&]() -> core::Result<std::vector<analysis::HotspotWindow>> {
            analysis::ThumbnailRequest request;
            request.umPerPx = 4;  // tissue at about 4 µm/px: fine for windows of a millimetre
            request.maxSide = 4096;
            request.downsample = std::max(1.0, 4 / ((mppX + mppY) / 2));  // when the file has no scale, the reader's
            auto thumb = analysis::readSlideThumbnail(*source, request);
            if (!thumb) return core::Error{thumb.error()};
            const double ds = thumb->level0PerPxX;
            analysis::TissueMaskOptions maskOptions;
            maskOptions.umPerPx = ds * (mppX + mppY) / 2;
            const cv::Mat tissue = analysis::tissueMask(thumb->rgb, maskOptions);
            const cv::Mat excluded = analysis::areaMask(necrosis, {0, 0}, ds, tissue.size());
            analysis::RegionDetectionOptions options;
            options.detector = detector;
            options.threads = 1;
            options.tissueMask = tissue;
            options.maskDownsample = ds;
            auto found = analysis::detectCandidatesInRegion(*source, {0, 0, width, height}, options, job.get(), (mppX + mppY) / 2);
            if (!found) return core::Error{found.error()};
            analysis::HotspotOptions ho;
            ho.preset = preset;
            ho.scoreWeighted = weighted;
            return analysis::findHotspots(*found, tissue, ds, width, height, mppX, mppY, ho, excluded);
        };
        auto shared = std::make_shared<core::Result<std::vector<analysis::HotspotWindow>>>(run());
        const std::string caveat =
            shared->ok() && !shared->value().empty() ? analysis::hotspotCaveat(shared->value().front(), width, height, mppX, mppY) : "";
        m_s.main.post([this, id, job, shared, caveat] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::HotspotSearch& r = m_s.ws.caseSession->annotations.hotspots;
            if (r.job != job) return;
            r.job.reset();
            if (!shared->ok()) {
                r.message = "Hotspot search stopped: " + shared->error();
                return;
            }
            r.slide = id;
            for (const auto& w : shared->value()) r.windows.push_back({w.box, w.count, w.weighted, w.per10Hpf, w.tissueMm2});
            r.caveat = caveat;
            r.message = r.windows.empty() ? "No window over the tissue" : "Best windows by candidate count (the assistant's guess; count them yourself)";
        });
    });
}

}  // namespace histomark::app
