// SPDX-License-Identifier: MIT
#include "analysis/mitosis_reference.h"

#include <algorithm>

namespace histomark::analysis {
namespace {

// Feature positions (mitosisFeatureNames()).
constexpr int kLnArea = 0, kHematoxylin = 1, kPeak = 2, kDarkness = 4;

// The lower median: an element of the set, so the same set in any order gives the same value.
float median(std::vector<float> v) {
    const auto mid = v.begin() + (v.size() - 1) / 2;
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

NucleusReference nucleusReference(const std::vector<const MitosisFeatureVector*>& blobs) {
    NucleusReference r;
    if (blobs.empty()) return r;
    auto of = [&](int feature) {
        std::vector<float> v;
        v.reserve(blobs.size());
        for (const auto* f : blobs) v.push_back((*f)[size_t(feature)]);
        return median(std::move(v));
    };
    r.hematoxylin = of(kHematoxylin), r.peakHematoxylin = of(kPeak), r.darkness = of(kDarkness), r.lnAreaUm2 = of(kLnArea);
    r.blobs = int(blobs.size());
    return r;
}

NucleusReference nucleusReference(const std::vector<MitosisBlob>& blobs) {
    std::vector<const MitosisFeatureVector*> f;
    f.reserve(blobs.size());
    for (const auto& b : blobs) f.push_back(&b.features);
    return nucleusReference(f);
}

MitosisFeatureVector relativeToReference(MitosisFeatureVector f, const NucleusReference& r) {
    // Blobs are above 0.35 OD by construction, so the medians are too; the floor only guards a
    // hand-made reference.
    auto ratio = [](float v, float ref) { return v / std::max(ref, 1e-3f); };
    f[kHematoxylin] = ratio(f[kHematoxylin], r.hematoxylin);
    f[kPeak] = ratio(f[kPeak], r.peakHematoxylin);
    f[kDarkness] = ratio(f[kDarkness], r.darkness);
    f[kLnArea] -= r.lnAreaUm2;
    return f;
}

}  // namespace histomark::analysis
