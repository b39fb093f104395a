// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "analysis/colour_deconvolution.h"
#include "analysis/mitosis_features.h"
#include "analysis/mitosis_model.h"
#include "core/job_control.h"
#include "core/result.h"
#include "core/slide_source.h"
#include "core/units.h"

namespace histomark::analysis {

// The built-in model's default minimum score (chosen on held-out slides; see the README's table).
double defaultMitosisMinScore();

// Candidate mitotic figures for a pathologist to review (DOMAIN §4): compact, very dark hematoxylin
// blobs (mitosis_features.h) scored by a classifier trained on expert-confirmed figures
// (mitosis_model.h). Not a diagnosis: the assistant proposes, the reader decides. Every size is in
// µm and converted with the image's µm per pixel, so 20x and 40x slides give the same candidates.
struct MitosisDetectorOptions {
    // Stains: H&E of Ruifrok & Johnston by default; a slide's Macenko estimate may be passed instead.
    // Its background (I0) is used as is on every tile, so tiles never disagree.
    std::optional<StainMatrix> stains;
    MitosisBlobOptions blobs;
    const MitosisModel* model = nullptr;  // null: the built-in model
    double nmsRadiusUm = 5;  // one candidate per figure (telophase halves are ~5 µm apart)
    double minScore = defaultMitosisMinScore();  // candidates scoring below are dropped (0..1)
};

struct MitosisCandidate {
    core::Level0Point at;  // centroid, level-0 px (image px for detectCandidates)
    double score = 0;      // 0..1; higher is more mitosis-like
    double areaUm2 = 0;
};

// Candidates on one RGB picture (CV_8UC3, R first) at `mpp` µm per pixel, NMS applied, sorted by
// score (ties: y, then x). Positions are pixel centres of the picture (+0.5 not added: pixel (0,0)
// is at 0,0). Blobs cut by the picture's edge are not scored. Fails on an empty or non-8-bit RGB
// picture or a non-positive mpp. Thread-safe.
core::Result<std::vector<MitosisCandidate>> detectCandidates(const cv::Mat& rgb, double mpp,
                                                             const MitosisDetectorOptions& options = {});

// The same before NMS and before the score threshold: every blob passing the size and shape tests.
// For the accuracy evaluation and threshold curves.
core::Result<std::vector<MitosisCandidate>> detectBlobs(const cv::Mat& rgb, double mpp,
                                                        const MitosisDetectorOptions& options = {});

// Greedy non-maximum suppression: highest score first (ties: lower y, then lower x), dropping any
// candidate within `radiusPx` of one kept. Returns the kept ones in that order.
std::vector<MitosisCandidate> suppressNonMaxima(std::vector<MitosisCandidate> candidates, double radiusPx);

struct RegionDetectionOptions {
    MitosisDetectorOptions detector;
    int tileSizePx = 4096;  // level-0 px per tile side (before the overlap)
    // Read a pyramid level at the working scale, when the slide has one, instead of averaging level 0:
    // about twice as fast, but that level is the scanner's own resampling and a second JPEG pass,
    // not what the classifier was trained on (2 x 2 averages of level 0), so it is off by default.
    bool useWorkingLevel = false;
    int threads = 2;
    // Optional coarse tissue mask (CV_8U, 0/255) of the whole slide at `maskDownsample` level-0 px
    // per mask px: tiles without tissue are skipped and candidates off the tissue are dropped.
    cv::Mat tissueMask;
    double maskDownsample = 0;
};

// Candidates of `roi` of a slide, read at level 0 through `source` in tiles that overlap by more
// than a figure, so the result is identical whatever the tile size and thread count (a blob is
// measured whole in the tile holding its centroid; NMS runs once over the union; tiles start on
// the working scale's block lines). Blobs cut by the slide's edge are not scored. Publishes
// progress and stops with an error "cancelled" when `job` asks. The scale is the slide's mean mpp
// unless `mpp` > 0. Fails on an unknown scale or a read error.
core::Result<std::vector<MitosisCandidate>> detectCandidatesInRegion(core::SlideSource& source, core::Level0Rect roi,
                                                                     const RegionDetectionOptions& options = {},
                                                                     core::JobControl* job = nullptr, double mpp = 0);

}  // namespace histomark::analysis
