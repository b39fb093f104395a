// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/count_setup.h"
#include "core/marker_record.h"
#include "core/point_matching.h"
#include "core/result.h"
#include "core/units.h"

namespace histomark::core {

// A teaching case scored: a learner's mitotic figures against the educator's reference marks on one
// slide (USERS §8, DOMAIN §9.1: greedy one-to-one within 7.5 µm, the slide's own scale).
struct QuizSlideInput {
    std::vector<Level0Point> reference, learner;  // level-0 px, the "mitotic figure" marks
    double mppX = 0, mppY = 0;
    // The reference reader's count area, when the question asks for a count in it: then only the
    // marks inside it are matched (figures outside were not asked for), and both readers' counts
    // are taken in it. Without one, the whole slide is matched and nothing is counted.
    std::optional<CountSetup> referenceCount;
    double radiusUm = kMitosisMatchRadiusUm;
    // The slide's level-0 bounds, when known: a count area past its edge counts only its part on
    // the slide, as `histomark count` does (empty: unknown).
    Level0Rect slide;
};

struct QuizSlideScore {
    MatchResult match;  // indices into the input's reference and learner lists (not the subsets)
    int referenceMarks = 0, learnerMarks = 0;  // the marks matched (inside the area when there is one)
    bool inCountArea = false;
    std::optional<CountReport> referenceCount, learnerCount;  // both in the reference's area
    // FNCLCC mitotic score (1-3) agreement, from the two counts in the same area.
    std::optional<bool> mitoticScoreAgrees;
};

// Errors: unknown scale, or the reference's count area cannot be evaluated (core/count_area.h).
Result<QuizSlideScore> scoreQuizSlide(const QuizSlideInput& in);

// A learner's reading of an IHC slide against the slide's marker record (the reference). Each
// part is compared when the reference gives it (nullopt: the reference leaves it open). Extent
// counts as agreeing within kExtentTolerancePoints, the spread between experienced readers'
// estimates of a percentage of cells.
inline constexpr double kExtentTolerancePoints = 10;
struct MarkerAnswerScore {
    bool answered = false;  // the learner recorded a result
    bool resultAgrees = false;
    std::optional<bool> intensityAgrees, distributionAgrees, compartmentsAgree, extentAgrees;
    std::optional<double> extentDifference;  // learner - reference, percentage points
};
MarkerAnswerScore scoreMarkerAnswer(const MarkerRecord& reference, const std::optional<MarkerRecord>& learner);

// The reference answer stays hidden from a learner taking the quiz until the learner has submitted;
// an educator (not in quiz mode) always sees it. The window and the CLI share this rule.
inline bool referenceVisible(bool quizMode, bool submitted) { return !quizMode || submitted; }

}  // namespace histomark::core
