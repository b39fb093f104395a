// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/mitosis_features.h"
#include "analysis/mitosis_reference.h"
#include "core/result.h"

namespace cv::ml {
class Boost;
}

namespace histomark::analysis {

// The classifier that scores blobs: boosted decision trees (OpenCV ml, Gentle AdaBoost) over the
// blob features. Its raw margin is mapped to a score in 0..1 that reads as a share of real figures:
// the share of expert-confirmed figures, on slides held out of training, whose margin is lower. So a
// minimum score of 0.1 drops about a tenth of the figures the blob stage finds, and a blob scoring
// 0.5 looks as mitotic as the median confirmed figure. The default minimum score is chosen on those
// held-out slides. Trained by `histomark train-mitosis`
// (mitosis_training.h); the shipped model is src/analysis/models/mitosis_boost.yml.
class MitosisModel {
public:
    MitosisModel() = default;
    // `figureMargins`: held-out margins of confirmed figures, ascending (the score's scale).
    // `slideRelative`: the trees weigh features relative to the slide's typical nucleus
    // (mitosis_reference.h; train-mitosis --slide-relative).
    MitosisModel(std::shared_ptr<cv::ml::Boost> boost, std::vector<double> figureMargins, double defaultMinScore,
                 std::string provenance, bool slideRelative = false);

    // From the YAML text `save()` writes. Fails with a reason on anything else, or on a model of
    // another feature count.
    static core::Result<MitosisModel> load(std::string_view yaml);
    // The same from a file (train-mitosis -o): "cannot read FILE" when it cannot be read.
    static core::Result<MitosisModel> loadFile(const std::string& path);
    std::string save() const;

    bool empty() const { return !m_boost; }
    // The trees' sum (> 0 leans to "figure") for `f` as they weigh it: a slide-relative model's
    // features already relativeToReference().
    double rawMargin(const MitosisFeatureVector& f) const;
    double score(const MitosisFeatureVector& f) const;      // 0..1, higher is more mitosis-like
    // One batch: cheaper per blob. A slide-relative model judges them against `reference` (the
    // whole detection's typical nucleus), or, without one, against the batch's own.
    std::vector<double> scores(const std::vector<MitosisBlob>& blobs, const NucleusReference* reference = nullptr) const;
    bool slideRelative() const { return m_slideRelative; }
    double scoreOfMargin(double margin) const;
    double defaultMinScore() const { return m_defaultMinScore; }
    const std::string& provenance() const { return m_provenance; }  // data, split, seed, parameters

private:
    std::shared_ptr<cv::ml::Boost> m_boost;  // predict() is const and thread-safe
    std::vector<double> m_figureMargins;  // ascending quantiles
    double m_defaultMinScore = 0.5;
    std::string m_provenance;
    bool m_slideRelative = false;
};

// The model built into the binary (loaded once; thread-safe). An error only if the build embedded
// a broken file (a test guards against that).
const core::Result<MitosisModel>& builtInMitosisModel();

}  // namespace histomark::analysis
