// SPDX-License-Identifier: MIT
#include "core/point_matching.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/point_grid.h"

namespace histomark::core {

namespace {

struct Candidate {
    double distanceSq;
    uint32_t reference, candidate;
};

}  // namespace

MatchResult tally(int tp, int fp, int fn) {
    MatchResult r;
    r.tp = tp, r.fp = fp, r.fn = fn;
    r.precision = tp + fp > 0 ? double(tp) / (tp + fp) : (fn == 0 ? 1.0 : 0.0);
    r.recall = tp + fn > 0 ? double(tp) / (tp + fn) : (fp == 0 ? 1.0 : 0.0);
    const int denominator = 2 * tp + fp + fn;
    r.f1 = denominator > 0 ? 2.0 * tp / denominator : 1.0;
    return r;
}

MatchResult pool(const std::vector<MatchResult>& perSlide) {
    int tp = 0, fp = 0, fn = 0;
    for (const MatchResult& m : perSlide) tp += m.tp, fp += m.fp, fn += m.fn;
    return tally(tp, fp, fn);
}

Result<MatchResult> matchPoints(const std::vector<Level0Point>& reference, const std::vector<Level0Point>& candidates,
                                double mppX, double mppY, double radiusUm) {
    if (!std::isfinite(mppX) || !std::isfinite(mppY) || mppX <= 0 || mppY <= 0)
        return Result<MatchResult>::failure(
            "the slide's scale (\xC2\xB5m per pixel) is unknown, so a 7.5 \xC2\xB5m match radius cannot be applied");
    if (!std::isfinite(radiusUm) || radiusUm <= 0)
        return Result<MatchResult>::failure("the match radius must be a positive number of \xC2\xB5m");
    if (reference.size() >= std::numeric_limits<uint32_t>::max() ||
        candidates.size() >= std::numeric_limits<uint32_t>::max())
        return Result<MatchResult>::failure("too many points to match");

    const std::vector<PointUm> ref = toUm(reference, mppX, mppY), cand = toUm(candidates, mppX, mppY);

    std::vector<Candidate> possible;
    const PointGrid grid(cand, radiusUm, {&ref, &cand});
    const double radiusSq = radiusUm * radiusUm;
    for (size_t i = 0; i < ref.size(); ++i) {
        if (!ref[i].valid) continue;
        grid.forEachNear(ref[i].x, ref[i].y, [&](uint32_t j) {
            const double dx = ref[i].x - cand[j].x, dy = ref[i].y - cand[j].y;
            const double d2 = dx * dx + dy * dy;
            if (d2 <= radiusSq) possible.push_back({d2, uint32_t(i), j});
        });
    }
    std::sort(possible.begin(), possible.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distanceSq != b.distanceSq) return a.distanceSq < b.distanceSq;
        if (a.reference != b.reference) return a.reference < b.reference;
        return a.candidate < b.candidate;
    });

    std::vector<uint8_t> refUsed(ref.size(), 0), candUsed(cand.size(), 0);
    std::vector<std::pair<size_t, size_t>> pairs;
    for (const Candidate& c : possible) {
        if (refUsed[c.reference] || candUsed[c.candidate]) continue;
        refUsed[c.reference] = candUsed[c.candidate] = 1;
        pairs.emplace_back(c.reference, c.candidate);
    }
    std::sort(pairs.begin(), pairs.end());

    MatchResult r = tally(int(pairs.size()), int(cand.size() - pairs.size()), int(ref.size() - pairs.size()));
    r.pairs = std::move(pairs);
    for (size_t i = 0; i < ref.size(); ++i)
        if (!refUsed[i]) r.unmatchedReference.push_back(i);
    for (size_t j = 0; j < cand.size(); ++j)
        if (!candUsed[j]) r.unmatchedCandidates.push_back(j);
    return r;
}

}  // namespace histomark::core
