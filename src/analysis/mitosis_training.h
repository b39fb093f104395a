// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/mitosis_features.h"
#include "analysis/mitosis_model.h"
#include "core/result.h"

namespace histomark::analysis {

// Training and evaluating the mitosis classifier on pictures centred on one confirmed figure each
// (the AMi-Br patches of MIDOG 2021). The blob nearest the centre within 7.5 µm is the figure;
// every other blob of the picture is a look-alike. Evaluation follows the measure: recall =
// share of pictures with a candidate (after NMS) within 7.5 µm of the centre; "others" = the
// remaining candidates per picture.

// One patch file of the AMi-Br dataset: its slide (MIDOG 2021 file name) and scanner scale.
struct AmiBrPatch {
    std::filesystem::path file;
    std::string slide;  // "043.tiff"
    double mpp = 0.25;
};
// MIDOG 2021 scanners: 001-100 Hamamatsu XR / S360 at 0.23 µm/px, 101-150 Aperio CS2 at 0.25.
double midogScannerMpp(const std::string& slide);
// The MIDOG21 patches present under `root` (AMI-BR.csv and patches/{normal,atypical}/MIDOG21_<uid>.png),
// sorted by file name. Fails when the CSV cannot be read.
core::Result<std::vector<AmiBrPatch>> listAmiBrPatches(const std::filesystem::path& root);

struct PatchBlobs {
    std::string group;  // the slide: cross-validation never splits one
    double mpp = 0;
    core::Level0Point centre;
    std::vector<MitosisBlob> blobs;
    int figure = -1;  // index of the centre's blob, -1 when the blob stage missed it
    // false: a picture centred on a look-alike a reader marked; all its blobs are look-alikes, and
    // it counts in no recall (only figure-centred pictures do).
    bool centredOnFigure = true;
};
core::Result<PatchBlobs> blobsOfPatch(const cv::Mat& rgb, double mpp, std::string group,
                                      const MitosisBlobOptions& options = {});

// A reader's mark on a slide as a training picture: `rgb` is the area around it, `centre` the mark
// in picture px; `figure` says whether it is a mitotic figure or a look-alike. Blobs within 7.5 µm
// of `otherFigures` (the reader's other figure marks in the picture, picture px) are left out: they
// are figures, not look-alikes, and are pictures of their own.
core::Result<PatchBlobs> blobsAroundMark(const cv::Mat& rgb, double mpp, std::string group, core::Level0Point centre,
                                         bool figure, const std::vector<core::Level0Point>& otherFigures,
                                         const MitosisBlobOptions& options = {});

struct CandidateTally {
    int pictures = 0, found = 0, others = 0;
    double recall() const { return pictures ? double(found) / pictures : 0; }
    double othersPerPicture() const { return pictures ? double(others) / pictures : 0; }
};
// Candidates with score >= `minScore` (scores[i][j] for blob j of picture i), NMS at `nmsUm`,
// matched one to one with each picture's centre within 7.5 µm (core::matchPoints). Pictures not
// centred on a figure are left out.
CandidateTally evaluateCandidates(const std::vector<PatchBlobs>& pictures, const std::vector<std::vector<double>>& scores,
                                  double minScore, double nmsUm = 5);

struct MitosisTrainingOptions {
    int weakCount = 100;        // trees
    int maxDepth = 2;           // per tree
    int folds = 4;              // grouped by slide, for the held-out curve, the calibration and the default
    double targetRecall = 0.965;  // the default minimum score keeps at least this share (held out)
    // Features relative to each slide's typical nucleus (mitosis_reference.h): the medians of the
    // slide's blobs other than its figures (a picture group is one slide; at detection figures are
    // too few among a slide's nuclei to move the medians, here they are 40 % of the blobs).
    bool slideRelative = false;
};

struct MitosisTrainingReport {
    MitosisModel model;  // trained on every picture, calibrated on the held-out margins
    std::vector<std::vector<double>> heldOutScores;  // per picture and blob, from the fold that left it out
    struct Point {
        double minScore;
        CandidateTally tally;
    };
    std::vector<Point> curve;  // held out, at several minimum scores
    double blobRecall = 0;     // share of figure-centred pictures whose figure the blob stage found (the ceiling)
    int positives = 0, negatives = 0;
};

// Deterministic: folds are the sorted slide names dealt round-robin; boosting samples nothing.
core::Result<MitosisTrainingReport> trainMitosisModel(const std::vector<PatchBlobs>& pictures,
                                                      const MitosisTrainingOptions& options, std::string provenance);

}  // namespace histomark::analysis
