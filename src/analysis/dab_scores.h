// SPDX-License-Identifier: MIT
#pragma once
#include <array>

namespace histomark::analysis {

// Intensity classes of QuPath's positive cell detection with three thresholds.
enum class DabClass { Negative = 0, Weak = 1, Moderate = 2, Strong = 3 };  // negative, 1+, 2+, 3+

const char* dabClassName(DabClass c);  // "negative", "1+", "2+", "3+"

// >= t3: 3+, >= t2: 2+, >= t1: 1+, else negative (QuPath's rule, DOMAIN 9.3).
DabClass classifyDab(double meanOd, const std::array<double, 3>& thresholds);

// The scores QuPath derives from the class counts (DetectionPathClassCounts, DOMAIN 9.3).
struct DabScores {
    int cells = 0, positive = 0;
    double percentPositive = 0;  // positive / cells x 100 (0 with no cells)
    double hScore = 0;           // (1 n1 + 2 n2 + 3 n3) / cells x 100, 0-300
    int allredProportion = 0;    // 0-5: 0 none, 1 < 1 %, 2 >= 1 %, 3 >= 10 %, 4 >= 1/3, 5 >= 2/3
    int allredIntensity = 0;     // 0-3: mean class of the positives, 3 if > 7/3, 2 if > 5/3, else 1
    int allred = 0;              // proportion + intensity: 0 or 2-8
};

// `byClass`: counts of negative, 1+, 2+, 3+ cells.
DabScores dabScores(const std::array<int, 4>& byClass);

}  // namespace histomark::analysis
