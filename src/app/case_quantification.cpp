// SPDX-License-Identifier: MIT
// CaseController: DAB quantification of a region of an IHC slide on the job pool. The region is
// read at the level nearest 0.5 µm/px that is not coarser (as `histomark ihc` does), analysed by
// analysis::quantifyDab, and the cells are mapped back to level-0 px for the overlay.
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "analysis/area_mask.h"
#include "analysis/dab_quantification.h"
#include "app/case_controller.h"
#include "core/stain.h"

namespace histomark::app {
namespace {

constexpr double kWorkingUmPerPx = 0.5;
constexpr int kMaxSidePx = 4096;  // of the level read: a region larger than this asks to zoom in

int levelFor(const core::SlideInfo& info) {
    int best = 0;
    const double mpp0 = info.mpp.mean();
    for (int i = 1; i < info.levelCount(); ++i)
        if (mpp0 * info.levels[size_t(i)].downsample <= kWorkingUmPerPx * 1.1) best = i;
    return best;
}

}  // namespace

void CaseController::quantifyDab(core::CaseSlideId id, core::Level0Rect roi, std::vector<core::Annotation> regions) {
    if (!regions.empty()) roi = core::boundsOf(regions);  // what is read; the mask below keeps their insides
    if (!m_s.ws.caseSession) return;
    ui::CaseSession& s = *m_s.ws.caseSession;
    ui::DabQuantification& q = s.annotations.dab;
    ui::CaseViewer* v = s.find(id);
    ui::SlideView* view = v ? m_s.ws.find(v->slide) : nullptr;
    if (!view || !view->document()->ready()) return;
    if (q.job) q.job->cancel();
    const core::SlideInfo& info = view->document()->info();
    if (!info.mpp.known()) {
        q.message = "The slide's scale (µm per pixel) is unknown: set it first; nuclei are measured in µm";
        return;
    }
    // Clip to the slide; refuse what would not fit in memory at the working level.
    const double x0 = std::max(0.0, roi.x), y0 = std::max(0.0, roi.y);
    const double x1 = std::min(double(info.width()), roi.right()), y1 = std::min(double(info.height()), roi.bottom());
    const int level = levelFor(info);
    const double ds = info.levels[size_t(level)].downsample;
    const int w = int((x1 - x0) / ds), h = int((y1 - y0) / ds);
    if (w < 16 || h < 16) {
        q.message = "The region is outside the slide or too small";
        return;
    }
    if (w > kMaxSidePx || h > kMaxSidePx) {
        q.message = regions.size() > 1 ? "The regions span too much to quantify at once: select one of them"
                                       : "The region is too large to quantify at once: zoom in (or draw a smaller region)";
        return;
    }
    // The reader's settings; by default nuclear markers (Ki-67, S100, ...) are scored on the nucleus,
    // the others on the whole cell.
    const ui::AnnotationSession::DabSettings settings = s.annotations.dabSettings[id];
    using Choice = ui::AnnotationSession::DabSettings::Compartment;
    const core::StainInfo* stain = core::findStain(v->record.stain);
    analysis::DabOptions options;
    switch (settings.compartment) {
        case Choice::Nucleus: options.compartment = analysis::DabCompartment::Nucleus; break;
        case Choice::Cytoplasm: options.compartment = analysis::DabCompartment::Cytoplasm; break;
        case Choice::Cell: options.compartment = analysis::DabCompartment::Cell; break;
        case Choice::Auto:
            options.compartment = stain && !stain->nuclear ? analysis::DabCompartment::Cell : analysis::DabCompartment::Nucleus;
    }
    options.estimateStains = settings.estimateStains;
    options.threads = 1;
    auto job = std::make_shared<core::JobControl>();
    q = {};
    q.slide = id, q.job = job, q.roi = {x0, y0, x1 - x0, y1 - y0};
    q.compartment = analysis::compartmentName(options.compartment);
    q.message = "quantifying ...";
    ++m_pending;
    q.regions = int(regions.size());
    m_s.jobs.post([this, id, job, options, level, ds, x0, y0, w, h, regions = std::move(regions), mpp = info.mpp.mean() * ds,
                   source = view->document()->source()] {
        auto pixels = source->readRegion(int64_t(x0), int64_t(y0), level, w, h);
        core::Result<analysis::DabResult> result = core::Error{pixels ? "" : pixels.error()};
        if (pixels) {
            cv::Mat rgba(pixels->height, pixels->width, CV_8UC4, pixels->pixels.data()), rgb;
            cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
            // Cells and pixels outside the drawn regions do not count.
            const cv::Mat mask = regions.empty() ? cv::Mat() : analysis::areaMask(regions, {x0, y0}, ds, {w, h});
            result = analysis::quantifyDab(rgb, mpp, options, mask, job.get());
        }
        auto shared = std::make_shared<decltype(result)>(std::move(result));
        m_s.main.post([this, id, job, shared, ds, x0, y0] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::DabQuantification& d = m_s.ws.caseSession->annotations.dab;
            if (d.job != job) return;
            d.job.reset();
            if (!shared->ok()) {
                d.message = "Quantification stopped: " + shared->error();
                return;
            }
            const analysis::DabResult& r = shared->value();
            d.slide = id;
            for (const auto& c : r.cells)
                d.cells.push_back({{x0 + c.centroid.x * ds, y0 + c.centroid.y * ds}, int(c.cls)});
            d.total = r.scores.cells, d.positive = r.scores.positive;
            d.percentPositive = r.scores.percentPositive, d.hScore = r.scores.hScore;
            d.allred = r.scores.allred, d.allredIntensity = r.scores.allredIntensity;
            d.labellingIndex = r.labellingIndex;
            d.positivePixelFraction = r.positivePixelFraction;
            d.stainsEstimated = r.stains.name.find("(estimated)") != std::string::npos;
            d.done = true;
            d.message.clear();
            for (const auto& n : r.notes) d.message += (d.message.empty() ? "" : "\n") + n;
        });
    });
}

}  // namespace histomark::app
