// SPDX-License-Identifier: MIT
#pragma once
#include <array>

namespace histomark::analysis {

struct MitosisCandidate;

// The blob measurements the score weighs: 1 (bias), hematoxylin OD, darkness, ring contrast,
// ln(area in µm²), solidity, peak hematoxylin OD, surround darkness.
inline constexpr int kMitosisFeatureCount = 8;
using MitosisFeatures = std::array<double, kMitosisFeatureCount>;
MitosisFeatures mitosisFeatures(const MitosisCandidate& blob);

// The default weights: a logistic regression on the AMi-Br patches of the even-numbered MIDOG 2021
// slides (the centre blob of each patch against every other blob), refitted with
// `HM_MITOSIS_FIT=1 build/tests/analysis_tests --gtest_filter=MitosisAccuracy.AmiBrFullCurve`.
extern const MitosisFeatures kMitosisWeights;

// How mitosis-like a blob is, 0..1: the logistic of weights · features. Global constants only:
// nothing depends on the picture the blob came from.
double mitosisScore(const MitosisCandidate& blob, const MitosisFeatures& weights = kMitosisWeights);

}  // namespace histomark::analysis
