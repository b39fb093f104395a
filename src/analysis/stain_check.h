// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <opencv2/core.hpp>

namespace histomark::analysis {

// Which stains a brightfield picture holds, to refuse DAB quantification of an H&E slide (its
// eosin would unmix as DAB and every cell would look positive). Tissue pixels (OD summed over
// R, G, B >= 0.3) are unmixed into hematoxylin, eosin and DAB together (Ruifrok & Johnston's
// H-E-DAB vectors); the means of the positive parts are kept.
struct StainPresence {
    double hematoxylin = 0, eosin = 0, dab = 0;  // mean OD over tissue pixels
    int64_t tissuePixels = 0;
    // Eosin where DAB should be: mean eosin above 0.02 OD and above a quarter of the DAB. Measured
    // on the shared data: IHC pictures (Ki-67, desmin, CD117, the scikit-image DAB sample) give
    // eosin / DAB <= 0.04 and eosin <= 0.01; H&E pictures (CMU-1, OS-1, AMi-Br, TCGA) 0.6-2.7.
    bool looksLikeHematoxylinEosin() const;
    // Mean over tissue pixels of max(R,G,B) - min(R,G,B): 0 for a greyscale picture (saved as grey,
    // or expanded from one), tens for any stained section (blue nuclei, brown DAB, pink eosin).
    double meanColourSpread = 0;
    // No colour: hematoxylin and DAB cannot be told apart (a grey picture would unmix as all DAB).
    bool looksGrey() const { return tissuePixels >= 1000 && meanColourSpread < 3; }
};
// `rgb`: CV_8UC3, R first. Thread-safe.
StainPresence measureStainPresence(const cv::Mat& rgb);

}  // namespace histomark::analysis
