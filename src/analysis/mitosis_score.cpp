// SPDX-License-Identifier: MIT
#include "analysis/mitosis_score.h"

#include <algorithm>
#include <cmath>

#include "analysis/mitosis_candidates.h"

namespace histomark::analysis {

// Fitted (HM_MITOSIS_FIT=1, see the header) on 932 AMi-Br patches of the even-numbered MIDOG 2021
// slides: darkness, peak hematoxylin and ring contrast raise the score (condensed chromatin set off
// from cleared cytoplasm), a dark surround lowers it (crowded hyperchromatic nuclei look alike).
const MitosisFeatures kMitosisWeights{-12.6375, -2.1243, 14.6657, 5.2589, 0.6687, 0.6482, 3.7539, -8.5467};

MitosisFeatures mitosisFeatures(const MitosisCandidate& b) {
    return {1.0, b.hematoxylinOd, b.darkness, b.contrast, std::log(std::max(b.areaUm2, 1.0)), b.solidity, b.peakHematoxylin, b.surroundDarkness};
}

double mitosisScore(const MitosisCandidate& b, const MitosisFeatures& weights) {
    const MitosisFeatures f = mitosisFeatures(b);
    double z = 0;
    for (int i = 0; i < kMitosisFeatureCount; ++i) z += weights[size_t(i)] * f[size_t(i)];
    return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace histomark::analysis
