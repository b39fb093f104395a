// SPDX-License-Identifier: MIT
#include "analysis/dab_scores.h"

namespace histomark::analysis {

const char* dabClassName(DabClass c) {
    switch (c) {
        case DabClass::Weak: return "1+";
        case DabClass::Moderate: return "2+";
        case DabClass::Strong: return "3+";
        case DabClass::Negative: break;
    }
    return "negative";
}

DabClass classifyDab(double od, const std::array<double, 3>& t) {
    if (od >= t[2]) return DabClass::Strong;
    if (od >= t[1]) return DabClass::Moderate;
    if (od >= t[0]) return DabClass::Weak;
    return DabClass::Negative;
}

DabScores dabScores(const std::array<int, 4>& n) {
    DabScores s;
    s.positive = n[1] + n[2] + n[3];
    s.cells = n[0] + s.positive;
    if (s.cells == 0) return s;
    const double p = double(s.positive) / s.cells;
    s.percentPositive = 100.0 * p;
    s.hScore = 100.0 * (n[1] + 2.0 * n[2] + 3.0 * n[3]) / s.cells;
    // QuPath's Allred rules, with its default minimum positive percentage of 0.
    s.allredProportion = p >= 2.0 / 3 ? 5 : p >= 1.0 / 3 ? 4 : p >= 0.10 ? 3 : p >= 0.01 ? 2 : p > 0 ? 1 : 0;
    if (s.allredProportion > 0) {
        const double meanClass = (n[1] + 2.0 * n[2] + 3.0 * n[3]) / s.positive;
        s.allredIntensity = meanClass > 7.0 / 3 ? 3 : meanClass > 5.0 / 3 ? 2 : 1;
    }
    s.allred = s.allredProportion + s.allredIntensity;
    return s;
}

}  // namespace histomark::analysis
