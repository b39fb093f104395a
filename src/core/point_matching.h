// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/units.h"

namespace histomark::core {

// The MIDOG / AMIDA13 / TUPAC16 hit radius: a candidate within 7.5 µm of a reference centre.
inline constexpr double kMitosisMatchRadiusUm = 7.5;

// Outcome of comparing a candidate set (a detector, a student, a second reader) with a reference.
struct MatchResult {
    int tp = 0, fp = 0, fn = 0;
    double precision = 0, recall = 0, f1 = 0;
    std::vector<std::pair<size_t, size_t>> pairs;  // (reference index, candidate index), by reference index
    std::vector<size_t> unmatchedReference;        // false negatives, ascending
    std::vector<size_t> unmatchedCandidates;       // false positives, ascending
};

// Greedy one-to-one matching by distance (DOMAIN §4, §9.1). Points are level-0 px, converted to µm
// with the slide's scale (mpp may differ in x and y). Every reference–candidate pair within
// `radiusUm` (inclusive) is a possible match; pairs are taken nearest first (ties: lower reference
// index, then lower candidate index) when both ends are still free. Extra candidates on one
// reference are false positives. Candidates are bucketed in a grid of cell = radius, so 100k
// points a side take well under a second. Points with non-finite coordinates never match.
// Note: evalutils' score_detection (MIDOG) lets each reference in turn take its nearest free
// candidate; the two agree except on rare chains where a nearer pair steals a candidate.
Result<MatchResult> matchPoints(const std::vector<Level0Point>& reference, const std::vector<Level0Point>& candidates,
                                double mppX, double mppY, double radiusUm = kMitosisMatchRadiusUm);

// Precision, recall and F1 from counts, without pairs. precision = TP/(TP+FP), recall =
// TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). With no candidates precision is 1 when there is no reference
// either, else 0; recall likewise with no reference; F1 is 1 when both sets are empty.
MatchResult tally(int tp, int fp, int fn);

// Pooled over several slides as MIDOG reports it: TP, FP and FN summed, then the ratios (not a
// mean of per-slide F1). Pairs and unmatched lists are not carried over (their indices are per slide).
MatchResult pool(const std::vector<MatchResult>& perSlide);

}  // namespace histomark::core
