// SPDX-License-Identifier: MIT
#include "core/quiz_score.h"

#include <cmath>
#include <numeric>

namespace histomark::core {
namespace {

std::vector<Level0Point> pick(const std::vector<Level0Point>& all, const std::vector<size_t>& indices) {
    std::vector<Level0Point> out;
    out.reserve(indices.size());
    for (size_t i : indices) out.push_back(all[i]);
    return out;
}

std::vector<size_t> everyIndex(size_t n) {
    std::vector<size_t> v(n);
    std::iota(v.begin(), v.end(), size_t(0));
    return v;
}

}  // namespace

Result<QuizSlideScore> scoreQuizSlide(const QuizSlideInput& in) {
    QuizSlideScore s;
    std::vector<size_t> refIdx = everyIndex(in.reference.size()), learnerIdx = everyIndex(in.learner.size());
    if (in.referenceCount && in.referenceCount->placed) {
        auto ref = evaluateCount(*in.referenceCount, in.mppX, in.mppY, in.reference, in.slide);
        if (!ref) return Error{"the reference count area: " + ref.error()};
        auto learner = evaluateCount(*in.referenceCount, in.mppX, in.mppY, in.learner, in.slide);
        if (!learner) return Error{"the reference count area: " + learner.error()};
        refIdx = ref->result.counted, learnerIdx = learner->result.counted;
        s.inCountArea = true;
        s.mitoticScoreAgrees = ref->result.mitoticScore == learner->result.mitoticScore;
        s.referenceCount = std::move(*ref), s.learnerCount = std::move(*learner);
    }
    auto m = matchPoints(pick(in.reference, refIdx), pick(in.learner, learnerIdx), in.mppX, in.mppY, in.radiusUm);
    if (!m) return Error{m.error()};
    // Back to the indices of the whole lists, so a view can ring the very marks.
    for (auto& [r, c] : m->pairs) r = refIdx[r], c = learnerIdx[c];
    for (size_t& r : m->unmatchedReference) r = refIdx[r];
    for (size_t& c : m->unmatchedCandidates) c = learnerIdx[c];
    s.match = std::move(*m);
    s.referenceMarks = int(refIdx.size()), s.learnerMarks = int(learnerIdx.size());
    return s;
}

MarkerAnswerScore scoreMarkerAnswer(const MarkerRecord& ref, const std::optional<MarkerRecord>& learner) {
    MarkerAnswerScore s;
    s.answered = learner && learner->result != MarkerResult::NotRecorded;
    const MarkerRecord none;
    const MarkerRecord& l = learner ? *learner : none;
    s.resultAgrees = s.answered && l.result == ref.result;
    if (ref.intensity) s.intensityAgrees = l.intensity == ref.intensity;
    if (ref.distribution != MarkerDistribution::Unknown) s.distributionAgrees = l.distribution == ref.distribution;
    if (ref.compartments) s.compartmentsAgree = l.compartments == ref.compartments;
    if (ref.extentPercent) {
        if (l.extentPercent) s.extentDifference = *l.extentPercent - *ref.extentPercent;
        s.extentAgrees = s.extentDifference && std::abs(*s.extentDifference) <= kExtentTolerancePoints;
    }
    return s;
}

}  // namespace histomark::core
