// SPDX-License-Identifier: MIT
#include "core/quiz_tally.h"

namespace histomark::core {

void QuizTally::add(const QuizSlideScore& s) {
    figures.push_back(s.match);
    if (s.mitoticScoreAgrees) ++mitoticScoresAsked, mitoticScoresAgreed += *s.mitoticScoreAgrees;
}

void QuizTally::add(const std::vector<RegionClassScore>& regions) {
    for (const RegionClassScore& r : regions) {
        regionsAsked += int(r.regions.size()), regionsFound += r.regionsFound();
        clicks += int(r.clicks.size()), clicksInside += r.clicksInside();
    }
}

void QuizTally::add(const MarkerAnswerScore& m) { ++markersAsked, markersAgreed += m.resultAgrees; }

void QuizTally::add(const QuizTally& o) {
    figures.insert(figures.end(), o.figures.begin(), o.figures.end());
    mitoticScoresAsked += o.mitoticScoresAsked, mitoticScoresAgreed += o.mitoticScoresAgreed;
    markersAsked += o.markersAsked, markersAgreed += o.markersAgreed;
    regionsAsked += o.regionsAsked, regionsFound += o.regionsFound, clicks += o.clicks, clicksInside += o.clicksInside;
}

}  // namespace histomark::core
