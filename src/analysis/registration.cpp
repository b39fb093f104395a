// SPDX-License-Identifier: MIT
// The registration pipeline (docs/registration.md): tissue pictures from coarse to fine, an
// exhaustive rotation / mirror search at the coarsest level, rigid ECC down the levels for the best
// few candidates, an affine ECC fit at the finest level kept when plausible, then the residual.
#include "analysis/registration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "analysis/alignment_check.h"
#include "analysis/ecc_refine.h"
#include "analysis/image_warp.h"
#include "analysis/registration_pipeline.h"
#include "analysis/registration_pyramid.h"
#include "analysis/rotation_search.h"

namespace histomark::analysis {
namespace detail {
namespace {

constexpr int kFineSide = 1024;        // px across the tissue at the finest level
constexpr int kCoarseSide = 96;        // px across the tissue in the rotation search
constexpr int kCandidatesRefined = 6;  // best rotation-search peaks taken through ECC
constexpr double kLowScore = 0.3, kLowOverlap = 0.5;
// An affine correction that stretches more than this is distrusted: serial sections deform by a
// few %, scanners agree on scale within a few %, and a larger stretch is ECC fitting noise.
constexpr double kMaxStretch = 1.15;

using R = core::Result<RegistrationResult>;

std::string fmt(const char* f, double v) {
    char buf[200];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

cv::Mat blurred(const cv::Mat& grey) {
    cv::Mat out;
    cv::GaussianBlur(grey, out, cv::Size(), 1.0);
    return out;
}

// Singular values of the linear part, larger first.
std::pair<double, double> stretches(const core::Affine& t) {
    const double p = t.a * t.a + t.b * t.b + t.c * t.c + t.d * t.d, q = std::abs(t.determinant());
    const double root = std::sqrt(std::max(0.0, p * p / 4 - q * q));
    return {std::sqrt(p / 2 + root), std::sqrt(std::max(0.0, p / 2 - root))};
}

// The similarity closest to `t` over a picture of `size` (least squares on its corners).
core::Affine closestSimilarity(const core::Affine& t, cv::Size size) {
    std::vector<core::Level0Point> moving, fixed;
    const core::Affine inv = t.inverse();
    for (double y : {0.0, double(size.height)})
        for (double x : {0.0, double(size.width)}) fixed.push_back({x, y}), moving.push_back(inv.apply(core::Level0Point{x, y}));
    auto fit = fitPointPairs(moving, fixed, false);
    return fit ? fit->movingToFixed : t;
}

// Where ECC compares the pictures: the tissue of the section that lies more completely on the
// other (the smaller or partial one). Comparing over both, or even over a rim of glass around it,
// lets a missing part of one section pull the other over it.
// Places under ink in either picture are left out too: what lies beneath is unknown.
cv::Mat eccRegion(const Level& l, const core::Affine& w) {
    const cv::Size size = l.fixed.mask.size();
    const cv::Mat known = ~l.fixed.ink & (warpImage(l.moving.ink, w, size) < 128);
    const cv::Mat moving = (warpImage(l.moving.mask, w, size) > 127) & known, fixed = l.fixed.mask & known;
    const double both = cv::countNonZero(moving & fixed);
    const double coverMoving = both / std::max(1, cv::countNonZero(moving)), coverFixed = both / std::max(1, cv::countNonZero(fixed));
    return coverMoving >= coverFixed ? moving : fixed;
}

core::Affine rigidEcc(const Level& l, const core::Affine& w) {
    return refineEcc(l.fixed.grey, l.moving.grey, w, Motion::Rigid, eccRegion(l, w)).movingToFixed;
}

double scoreAt(const Level& l, const core::Affine& w) {
    return checkOverlap(l.fixed, l.moving, w).score();
}

// The best of the rotation-search candidates after rigid ECC on the first two levels (judged by
// the score there), then rigid ECC down to level `last`. Returns that level's transform.
core::Affine refineCandidates(const std::vector<Level>& levels, const std::vector<AlignmentCandidate>& candidates, size_t last) {
    const size_t probe = std::min<size_t>(last, 1);
    core::Affine best = candidates.front().movingToFixed;
    double bestCorrelation = -2;
    for (size_t i = 0; i < candidates.size() && int(i) < kCandidatesRefined; ++i) {
        core::Affine w = candidates[i].movingToFixed;
        for (size_t l = 0; l <= probe; ++l) {
            if (l > 0) w = changeLevel(w, levels[l - 1], levels[l]);
            w = rigidEcc(levels[l], w);
        }
        const double c = scoreAt(levels[probe], w);
        if (c > bestCorrelation) bestCorrelation = c, best = w;
    }
    for (size_t l = probe + 1; l <= last; ++l) {
        best = changeLevel(best, levels[l - 1], levels[l]);
        best = rigidEcc(levels[l], best);
    }
    return best;
}

// The affine (or, without allowAffine, similarity) ECC fit at the finest level, kept when it
// scores at least as well as `w` and stretches plausibly; else rigid ECC there when
// `rigidDone` is false. Returns the fit and names it in `motion`.
core::Affine fitFinest(const Level& f, const core::Affine& w, bool rigidDone, bool allowAffine, std::string& motion) {
    const EccResult a = refineEcc(f.fixed.grey, f.moving.grey, w, Motion::Affine, eccRegion(f, w));
    if (a.converged) {
        const core::Affine t = allowAffine ? a.movingToFixed : closestSimilarity(a.movingToFixed, f.fixed.grey.size());
        const auto [big, small] = stretches(w.inverse().then(t));
        if (big <= kMaxStretch && small >= 1 / kMaxStretch && scoreAt(f, t) >= scoreAt(f, w)) {
            motion = allowAffine ? "affine" : "similarity";
            return t;
        }
    }
    motion = "rigid";
    return rigidDone ? w : rigidEcc(f, w);
}

// Fills the result from the finest level's transform `w` and its check.
RegistrationResult describe(const Pyramid& p, const core::Affine& w, const AlignmentCheck& check, const RegistrationOptions& o,
                            const std::string& motion, std::vector<std::string> notes) {
    const Level& f = p.levels.back();
    RegistrationResult r;
    r.movingToFixed = f.moving.fromInput.then(w).then(f.fixed.fromInput.inverse());
    r.rotationDegrees = r.movingToFixed.rotationDegrees();
    r.mirrored = r.movingToFixed.mirrored();
    r.scale = r.movingToFixed.scale();
    r.score = check.score();
    r.overlap = check.overlap;
    r.workingUmPerPx = f.fixed.umPerPx;
    r.residualPatches = check.patches;
    r.residualUm = check.medianShiftPx >= 0 ? check.medianShiftPx * f.fixed.umPerPx : -1;
    r.residualP90Um = check.p90ShiftPx >= 0 ? check.p90ShiftPx * f.fixed.umPerPx : -1;
    r.method = fmt("tissue masks and optical-density rank pictures; rotation search every %.0f deg",
                   RotationSearchOptions{}.angleStepDegrees) +
               (o.allowMirror ? " with and without mirroring" : "") + fmt(" at %.1f um/px", p.levels.front().fixed.umPerPx) +
               fmt("; ECC rigid down to %.2f um/px, then ", f.fixed.umPerPx) + motion;
    r.notes = std::move(notes);
    if (check.medianShiftPx < 0) r.notes.push_back("the residual could not be measured: too little shared texture");
    else if (check.medianShiftPx >= check.searchRadiusPx - 1e-6)
        r.notes.push_back(fmt("local matching failed in most places: the residual is at least %.1f um", r.residualUm));
    if (r.score < kLowScore)
        r.notes.push_back(fmt("low similarity (%.2f): the sections may not show the same tissue; check the alignment", r.score));
    if (r.overlap < kLowOverlap) r.notes.push_back(fmt("the tissues overlap only %.0f %% after alignment", 100 * r.overlap));
    return r;
}

}  // namespace

bool resolveScales(double& fUm, double& mUm, const char* noun, std::vector<std::string>& notes) {
    const bool fKnown = fUm > 0 && std::isfinite(fUm), mKnown = mUm > 0 && std::isfinite(mUm);
    const std::string n = noun;
    if (!fKnown && !mKnown) {
        notes.push_back("neither " + n + " has a scale: distances are in pixels (1 um = 1 px assumed)");
        fUm = mUm = 1;
    } else if (!fKnown) {
        notes.push_back("the fixed " + n + " has no scale: the moving " + n + "'s" + fmt(" %.4f um/px assumed", mUm));
        fUm = mUm;
    } else if (!mKnown) {
        notes.push_back("the moving " + n + " has no scale: the fixed " + n + "'s" + fmt(" %.4f um/px assumed", fUm));
        mUm = fUm;
    }
    return fKnown && mKnown;
}

core::Result<RegistrationResult> registerResolved(const cv::Mat& fixedRgb, double fUm, const cv::Mat& movingRgb, double mUm,
                                                  bool scaleKnown, const RegistrationOptions& o, const Progress& progress,
                                                  std::vector<std::string> notes) {
    const R cancelled = R::failure("cancelled");
    if (!progress.at(0)) return cancelled;
    auto pyramid = buildPyramid(fixedRgb, fUm, movingRgb, mUm, o.workingUmPerPx, kFineSide, kCoarseSide);
    if (!pyramid) return R::failure(pyramid.error());
    const std::vector<Level>& levels = pyramid->levels;
    if (!progress.at(0.2)) return cancelled;

    RotationSearchOptions search;
    search.allowMirror = o.allowMirror;
    const Level& coarse = levels.front();
    if (!scaleKnown) {  // a scale was assumed: also try the one that makes the tissue areas equal
        const double areaScale = std::sqrt(double(cv::countNonZero(coarse.fixed.mask)) / std::max(1, cv::countNonZero(coarse.moving.mask)));
        if (std::abs(std::log(areaScale)) > std::log(1.1)) search.scales.push_back(areaScale);
    }
    const auto candidates = searchRotations({blurred(coarse.fixed.grey), coarse.fixed.mask, coarse.fixed.ink},
                                            {blurred(coarse.moving.grey), coarse.moving.mask, coarse.moving.ink}, search, progress.job());
    if (!progress.at(0.45)) return cancelled;
    if (candidates.empty()) return R::failure("registration found no alignment");

    // Rigid down to the level before the finest (with three or more levels); the affine fit
    // starts from there, and the finest rigid fit runs only when the affine one is not kept.
    const size_t last = levels.size() >= 3 ? levels.size() - 2 : levels.size() - 1;
    core::Affine w = refineCandidates(levels, candidates, last);
    if (!progress.at(0.8)) return cancelled;
    const Level& f = levels.back();
    const bool rigidDone = last + 1 == levels.size();
    if (!rigidDone) w = changeLevel(w, levels[last], f);
    std::string motion;
    w = fitFinest(f, w, rigidDone, o.allowAffine, motion);
    if (!progress.at(0.9)) return cancelled;

    const double extentPx = pyramid->extentUm / f.fixed.umPerPx;
    const AlignmentCheck check = checkAlignment(f.fixed, f.moving, w, std::clamp(int(extentPx / 8), 24, 128));
    RegistrationResult r = describe(*pyramid, w, check, o, motion, std::move(notes));
    if (!progress.at(1)) return cancelled;
    return r;
}

}  // namespace detail

core::Result<RegistrationResult> registerImages(const cv::Mat& fixedRgb, double fixedUmPerPx, const cv::Mat& movingRgb,
                                                double movingUmPerPx, const RegistrationOptions& options, core::JobControl* job) {
    using R = core::Result<RegistrationResult>;
    for (const cv::Mat* m : {&fixedRgb, &movingRgb}) {
        const std::string which = m == &fixedRgb ? "fixed" : "moving";
        if (m->empty()) return R::failure("the " + which + " image is empty");
        if (m->type() != CV_8UC3) return R::failure("the " + which + " image is not 8-bit RGB");
        if (m->cols < 16 || m->rows < 16) return R::failure("the " + which + " image is too small (under 16 px)");
    }
    std::vector<std::string> notes;
    const bool scaleKnown = detail::resolveScales(fixedUmPerPx, movingUmPerPx, "image", notes);
    try {
        return detail::registerResolved(fixedRgb, fixedUmPerPx, movingRgb, movingUmPerPx, scaleKnown, options,
                                        detail::Progress(job, 0, 1), std::move(notes));
    } catch (const cv::Exception& e) {
        return R::failure(std::string("registration failed: ") + e.what());
    }
}

}  // namespace histomark::analysis
