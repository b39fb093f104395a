// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/colour_deconvolution.h"
#include "analysis/dab_scores.h"
#include "analysis/nucleus_detection.h"
#include "core/job_control.h"
#include "core/result.h"

namespace histomark::analysis {

// Where a cell's DAB is measured (QuPath's score compartment, mean DAB OD).
enum class DabCompartment { Nucleus, Cytoplasm, Cell };
const char* compartmentName(DabCompartment c);  // "nucleus", "cytoplasm", "cell"
std::optional<DabCompartment> parseCompartment(const std::string& name);

// Which optical density the nuclei are found on (QuPath's two brightfield choices).
enum class NucleusImage {
    Auto,               // optical density sum for the nucleus compartment, hematoxylin otherwise
    Hematoxylin,        // QuPath's default: DAB-filled cytoplasm is never taken for a nucleus, but a
                        // strongly DAB-stained nucleus keeps little (even negative) hematoxylin
    OpticalDensitySum,  // R + G + B OD: every nucleus, whatever its stain; independent of the vectors
};

struct DabOptions {
    DabCompartment compartment = DabCompartment::Nucleus;
    std::array<double, 3> thresholds{0.2, 0.4, 0.6};  // mean DAB OD for 1+, 2+, 3+ (QuPath's defaults)
    StainMatrix stains = hematoxylinDab();
    bool estimateStains = false;  // Macenko vectors from the picture; the defaults (with a note) if that fails
    bool refuseHematoxylinEosin = true;  // an H&E picture is an error, not a panel of false positives
    NucleusImage nucleusImage = NucleusImage::Auto;
    NucleusDetectionOptions detection;     // QuPath's defaults
    double requestedUmPerPx = 0.5;         // detection runs at the picture's scale times a whole factor nearest to this
    double assumedNucleusDiameterUm = 7;   // only to estimate an unknown scale (see estimateUmPerPx)
    int threads = 1;                       // tiles analysed at once
    int tileSize = 1024;                   // core of a tile, in working px; tiles overlap by a margin
    double tileMarginUm = 40;              // context around a tile's core: no result depends on more
};

struct DabCell {
    cv::Point2d centroid;  // nucleus centroid, input picture px
    double nucleusAreaUm2 = 0, cellAreaUm2 = 0;
    float nucleusDab = 0, cytoplasmDab = 0, cellDab = 0;  // mean DAB OD per compartment
    float nucleusHematoxylin = 0;
    DabClass cls = DabClass::Negative;  // from the chosen compartment's mean DAB OD
};

struct DabResult {
    std::vector<DabCell> cells;  // sorted by centroid (y, then x): independent of tiling and threads
    std::array<int, 4> byClass{};  // negative, 1+, 2+, 3+
    DabScores scores;
    // Nucleus compartment only: the Ki-67-style labelling index, positive nuclei / all nuclei x 100
    // (a count, not ImmunoRatio's DAB-stained nuclear area fraction).
    std::optional<double> labellingIndex;
    // Positive pixel area fraction: pixels with DAB OD >= the 1+ threshold / tissue pixels (the
    // tissue mask of analysis::tissueMask), within the ROI; at the working resolution.
    double positivePixelFraction = 0;
    int64_t tissuePixels = 0, positivePixels = 0;
    double umPerPx = 0;          // of the input picture: given or estimated
    bool umPerPxEstimated = false;
    double workingUmPerPx = 0;   // where the detection ran
    StainMatrix stains;          // the vectors used
    std::vector<std::string> notes;  // how the scale or the stains were obtained, fallbacks
};

// DAB quantification of a brightfield H-DAB picture (`rgb` CV_8UC3, R first) the way QuPath's
// positive cell detection does it: colour deconvolution, nuclei (nucleus_detection.h) at ~0.5
// µm/px, cells by expansion, each cell classed negative/1+/2+/3+ by the mean DAB OD of the chosen
// compartment; counts, % positive, H-score, Allred, labelling index, positive pixel fraction.
// `umPerPx` <= 0: the scale is estimated from the nuclei (estimateUmPerPx) and flagged.
// `roiMask` (CV_8U, same size, optional): cells whose centroid lies inside, pixels inside.
// Works tile by tile (overlapping; a cell belongs to the tile whose core holds its centroid), on
// `options.threads` threads, reporting progress to `job` and stopping when it is cancelled.
core::Result<DabResult> quantifyDab(const cv::Mat& rgb, double umPerPx, const DabOptions& options = {},
                                    const cv::Mat& roiMask = {}, core::JobControl* job = nullptr);

}  // namespace histomark::analysis
