// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "core/point_matching.h"
#include "core/quiz_score.h"
#include "core/region_questions.h"

namespace histomark::core {

// One learner's answers to a teaching case (or a whole set) added up over its questions: the
// figures pooled as MIDOG pools them, mitotic scores, IHC results and click-in-region questions.
// `histomark teaching score/results` and the educator's results window total with it.
struct QuizTally {
    std::vector<MatchResult> figures;  // per slide asked
    int mitoticScoresAsked = 0, mitoticScoresAgreed = 0;
    int markersAsked = 0, markersAgreed = 0;  // IHC results
    int regionsAsked = 0, regionsFound = 0, clicks = 0, clicksInside = 0;

    void add(const QuizSlideScore& s);
    void add(const std::vector<RegionClassScore>& regions);
    void add(const MarkerAnswerScore& m);
    void add(const QuizTally& other);
    MatchResult pooledFigures() const { return pool(figures); }
};

}  // namespace histomark::core
