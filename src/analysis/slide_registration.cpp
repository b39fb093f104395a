// SPDX-License-Identifier: MIT
// registerSlides: finds the tissue on an overview of each slide, reads just the tissue at the
// working resolution, and runs the registration pipeline on those pictures.
#include <algorithm>
#include <cmath>

#include "analysis/registration.h"
#include "analysis/registration_pipeline.h"
#include "analysis/registration_pyramid.h"
#include "analysis/slide_thumbnail.h"

namespace histomark::analysis {
namespace {

constexpr int kOverviewSide = 1024;   // px: where the tissue is on the slide
constexpr int kTissueSide = 1024;     // px across the tissue at the working resolution
constexpr int kMaxReadSide = 4096;    // never read a larger picture
using R = core::Result<RegistrationResult>;

std::string nameOf(const core::SlideSource& s, const char* role) {
    return std::string("the ") + role + " slide" + (s.info().path.empty() ? "" : " (" + s.info().path + ")");
}

core::Affine pictureToLevel0(const SlideThumbnail& t) {
    return {t.level0PerPxX, 0, t.originX, 0, t.level0PerPxY, t.originY};
}

// The tissue's level-0 box, from an overview.
core::Result<core::Level0Rect> tissueRegion(core::SlideSource& s, double mpp, const char* role, core::JobControl* job) {
    auto overview = readSlideThumbnail(s, {0, 0, kOverviewSide, {}}, job);
    if (!overview) return core::Result<core::Level0Rect>::failure(overview.error());
    const cv::Rect b = detail::tissueBounds(overview->rgb, mpp * overview->level0PerPxX, kOverviewSide);
    if (b.empty()) return core::Result<core::Level0Rect>::failure("no tissue found in " + nameOf(s, role));
    const core::Level0Point p0 = overview->toLevel0(b.x, b.y), p1 = overview->toLevel0(b.br().x, b.br().y);
    return core::Level0Rect{p0.x, p0.y, p1.x - p0.x, p1.y - p0.y};
}

core::Level0Rect grown(const core::Level0Rect& r, double by) { return {r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by}; }

}  // namespace

core::Result<RegistrationResult> registerSlides(core::SlideSource& fixed, core::SlideSource& moving, const RegistrationOptions& o,
                                                core::JobControl* job) {
    const detail::Progress progress(job, 0, 1);
    if (!progress.at(0)) return R::failure("cancelled");
    std::vector<std::string> notes;
    double fMpp = o.fixedMpp > 0 ? o.fixedMpp : fixed.info().mpp.known() ? fixed.info().mpp.mean() : 0;
    double mMpp = o.movingMpp > 0 ? o.movingMpp : moving.info().mpp.known() ? moving.info().mpp.mean() : 0;
    const bool scaleKnown = detail::resolveScales(fMpp, mMpp, "slide", notes);
    try {
        auto fRegion = tissueRegion(fixed, fMpp, "fixed", job);
        if (!fRegion) return R::failure(fRegion.error());
        if (!progress.at(0.1)) return R::failure("cancelled");
        auto mRegion = tissueRegion(moving, mMpp, "moving", job);
        if (!mRegion) return R::failure(mRegion.error());
        if (!progress.at(0.2)) return R::failure("cancelled");

        const double extentUm = std::max(std::max(fRegion->width, fRegion->height) * fMpp, std::max(mRegion->width, mRegion->height) * mMpp);
        const double um = std::max(o.workingUmPerPx, extentUm / kTissueSide);
        auto fPic = readSlideThumbnail(fixed, {0, um / fMpp, kMaxReadSide, grown(*fRegion, 0.05 * extentUm / fMpp)}, job);
        if (!fPic) return R::failure(fPic.error());
        auto mPic = readSlideThumbnail(moving, {0, um / mMpp, kMaxReadSide, grown(*mRegion, 0.05 * extentUm / mMpp)}, job);
        if (!mPic) return R::failure(mPic.error());
        if (!progress.at(0.35)) return R::failure("cancelled");

        auto r = detail::registerResolved(fPic->rgb, fMpp * fPic->level0PerPxX, mPic->rgb, mMpp * mPic->level0PerPxX, scaleKnown, o,
                                          progress.sub(0.35, 1), std::move(notes));
        if (!r) return r;
        r->movingToFixed = pictureToLevel0(*mPic).inverse().then(r->movingToFixed).then(pictureToLevel0(*fPic));
        r->rotationDegrees = r->movingToFixed.rotationDegrees();
        r->mirrored = r->movingToFixed.mirrored();
        r->scale = r->movingToFixed.scale();
        return r;
    } catch (const cv::Exception& e) {
        return R::failure(std::string("registration failed: ") + e.what());
    }
}

}  // namespace histomark::analysis
