// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "analysis/mitosis_features.h"

namespace histomark::analysis {

// The slide's typical nucleus, for classifiers that judge a blob against it rather than in absolute
// optical density: stain intensity and nuclear size vary from lab to lab and scanner to scanner, and
// a figure is "darker than this slide's nuclei", not "darker than 0.6 OD". Medians of the blobs of a
// whole detection (a picture, or every tile of a region: the same whatever the tiling), so a few
// figures among thousands of nuclei do not move it.
struct NucleusReference {
    float hematoxylin = 1, peakHematoxylin = 1, darkness = 1;  // medians of those features
    float lnAreaUm2 = 0;                                       // median ln(area / µm²)
    int blobs = 0;                                             // how many it was taken from (0: neutral)
};

NucleusReference nucleusReference(const std::vector<const MitosisFeatureVector*>& blobs);
NucleusReference nucleusReference(const std::vector<MitosisBlob>& blobs);

// `f` as a slide-relative classifier weighs it: the three intensities divided by the reference's,
// ln area less the reference's; the other features (contrasts with the blob's own surround, shape)
// are already relative.
MitosisFeatureVector relativeToReference(MitosisFeatureVector f, const NucleusReference& reference);

}  // namespace histomark::analysis
