// SPDX-License-Identifier: MIT
#include "analysis/mitosis_training.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <opencv2/ml.hpp>
#include <set>
#include <sstream>

#include "analysis/mitosis_candidates.h"
#include "analysis/mitosis_reference.h"
#include "core/point_matching.h"

namespace histomark::analysis {
namespace {

cv::Ptr<cv::ml::Boost> trainBoost(const cv::Mat& x, const cv::Mat& y, const MitosisTrainingOptions& o) {
    cv::Ptr<cv::ml::Boost> b = cv::ml::Boost::create();
    b->setBoostType(cv::ml::Boost::GENTLE);
    b->setWeakCount(o.weakCount);
    b->setMaxDepth(o.maxDepth);
    b->setWeightTrimRate(0);  // every sample in every round: no data-dependent skipping
    b->setUseSurrogates(false);
    b->setCVFolds(0);  // no pruning by internal (random) cross-validation
    b->train(cv::ml::TrainData::create(x, cv::ml::ROW_SAMPLE, y));
    return b;
}

// The score's scale: `count` quantiles of the held-out margins of confirmed figures.
std::vector<double> quantiles(std::vector<double> values, int count) {
    std::sort(values.begin(), values.end());
    std::vector<double> q;
    for (int i = 0; i < count; ++i) {
        const double pos = double(i) / (count - 1) * double(values.size() - 1);
        const size_t lo = size_t(pos), hi = std::min(values.size() - 1, lo + 1);
        q.push_back(values[lo] + (pos - double(lo)) * (values[hi] - values[lo]));
    }
    return q;
}

}  // namespace

double midogScannerMpp(const std::string& slide) { return std::atoi(slide.c_str()) <= 100 ? 0.23 : 0.25; }

core::Result<std::vector<AmiBrPatch>> listAmiBrPatches(const std::filesystem::path& root) {
    using R = core::Result<std::vector<AmiBrPatch>>;
    std::ifstream csv(root / "AMI-BR.csv");
    if (!csv) return R::failure("cannot read " + (root / "AMI-BR.csv").string());
    std::map<std::string, std::string> slideOfUid;
    std::string line;
    std::getline(csv, line);  // header: ,slide,dataset,uid,x,y,...
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(",slide,dataset,uid", 0) != 0)
        return R::failure((root / "AMI-BR.csv").string() + " is not the AMi-Br table: its first line should start with "
                          "\",slide,dataset,uid\" (the columns it is read by)");
    while (std::getline(csv, line)) {
        std::stringstream s(line);
        std::string index, slide, dataset, uid;
        std::getline(s, index, ',');
        std::getline(s, slide, ',');
        std::getline(s, dataset, ',');
        std::getline(s, uid, ',');
        if (dataset == "MIDOG21") slideOfUid[uid] = slide;
    }
    std::vector<AmiBrPatch> out;
    std::error_code ec;
    for (const char* dir : {"normal", "atypical"}) {
        const auto folder = root / "patches" / dir;
        if (!std::filesystem::is_directory(folder, ec)) continue;
        for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
            const std::string name = e.path().stem().string();  // MIDOG21_<uid>
            if (name.rfind("MIDOG21_", 0) != 0) continue;
            auto it = slideOfUid.find(name.substr(8));
            if (it != slideOfUid.end()) out.push_back({e.path(), it->second, midogScannerMpp(it->second)});
        }
    }
    std::sort(out.begin(), out.end(), [](const AmiBrPatch& a, const AmiBrPatch& b) { return a.file < b.file; });
    return out;
}

core::Result<PatchBlobs> blobsOfPatch(const cv::Mat& rgb, double mpp, std::string group, const MitosisBlobOptions& options) {
    auto blobs = measureMitosisBlobs(rgb, mpp, hematoxylinEosin(), options);
    if (!blobs) return core::Error{blobs.error()};
    PatchBlobs p{std::move(group), mpp, {rgb.cols / 2.0, rgb.rows / 2.0}, std::move(*blobs), -1};
    double best = core::kMitosisMatchRadiusUm / mpp;
    for (size_t i = 0; i < p.blobs.size(); ++i)
        if (const double d = core::distance(p.blobs[i].at, p.centre); d <= best) best = d, p.figure = int(i);
    return p;
}

core::Result<PatchBlobs> blobsAroundMark(const cv::Mat& rgb, double mpp, std::string group, core::Level0Point centre,
                                         bool figure, const std::vector<core::Level0Point>& otherFigures,
                                         const MitosisBlobOptions& options) {
    auto blobs = measureMitosisBlobs(rgb, mpp, hematoxylinEosin(), options);
    if (!blobs) return core::Error{blobs.error()};
    const double radius = core::kMitosisMatchRadiusUm / mpp;
    std::erase_if(*blobs, [&](const MitosisBlob& b) {
        return std::any_of(otherFigures.begin(), otherFigures.end(),
                           [&](core::Level0Point f) { return core::distance(b.at, f) <= radius; });
    });
    PatchBlobs p{std::move(group), mpp, centre, std::move(*blobs), -1, figure};
    if (!figure) return p;
    double best = radius;
    for (size_t i = 0; i < p.blobs.size(); ++i)
        if (const double d = core::distance(p.blobs[i].at, p.centre); d <= best) best = d, p.figure = int(i);
    return p;
}

CandidateTally evaluateCandidates(const std::vector<PatchBlobs>& pictures, const std::vector<std::vector<double>>& scores,
                                  double minScore, double nmsUm) {
    CandidateTally t;
    for (size_t i = 0; i < pictures.size(); ++i) {
        const PatchBlobs& p = pictures[i];
        if (!p.centredOnFigure) continue;
        std::vector<MitosisCandidate> kept;
        for (size_t j = 0; j < p.blobs.size(); ++j)
            if (scores[i][j] >= minScore) {
                MitosisCandidate c;
                c.at = p.blobs[j].at, c.score = scores[i][j];
                kept.push_back(c);
            }
        kept = suppressNonMaxima(std::move(kept), nmsUm / p.mpp);
        std::vector<core::Level0Point> points;
        for (const auto& c : kept) points.push_back(c.at);
        auto m = core::matchPoints({p.centre}, points, p.mpp, p.mpp);
        ++t.pictures;
        t.found += m->tp;
        t.others += m->fp;
    }
    return t;
}

// The pictures with every blob's features relative to its slide's typical non-figure nucleus.
static std::vector<PatchBlobs> relativeToTheirSlides(std::vector<PatchBlobs> pictures) {
    std::map<std::string, std::vector<const MitosisFeatureVector*>> nuclei;
    for (const auto& p : pictures)
        for (size_t j = 0; j < p.blobs.size(); ++j)
            if (int(j) != p.figure) nuclei[p.group].push_back(&p.blobs[j].features);
    std::map<std::string, NucleusReference> reference;
    for (const auto& [group, blobs] : nuclei) reference[group] = nucleusReference(blobs);
    for (auto& p : pictures) {
        const NucleusReference r = reference.count(p.group) ? reference[p.group] : NucleusReference{};
        for (auto& b : p.blobs) b.features = relativeToReference(b.features, r);
    }
    return pictures;
}

core::Result<MitosisTrainingReport> trainMitosisModel(const std::vector<PatchBlobs>& given,
                                                      const MitosisTrainingOptions& o, std::string provenance) {
    using R = core::Result<MitosisTrainingReport>;
    const std::vector<PatchBlobs> relative = o.slideRelative ? relativeToTheirSlides(given) : std::vector<PatchBlobs>{};
    const std::vector<PatchBlobs>& pictures = o.slideRelative ? relative : given;
    std::set<std::string> groupSet;
    for (const auto& p : pictures) groupSet.insert(p.group);
    if (o.folds < 2 || int(groupSet.size()) < o.folds) return R::failure("too few slides for the cross-validation folds");
    std::map<std::string, int> foldOf;
    int next = 0;
    for (const auto& g : groupSet) foldOf[g] = next++ % o.folds;

    MitosisTrainingReport report;
    auto samples = [&](int leaveOut, cv::Mat& x, cv::Mat& y) {
        x = cv::Mat(0, kMitosisFeatureCount, CV_32F), y = cv::Mat(0, 1, CV_32S);
        for (const auto& p : pictures) {
            if (foldOf[p.group] == leaveOut) continue;
            for (size_t j = 0; j < p.blobs.size(); ++j) {
                x.push_back(cv::Mat(1, kMitosisFeatureCount, CV_32F, const_cast<float*>(p.blobs[j].features.data())));
                y.push_back(int(int(j) == p.figure));
            }
        }
    };
    // Held-out margins: each picture scored by the trees of the fold that did not see its slide.
    std::vector<std::vector<double>> margins(pictures.size());
    for (int fold = 0; fold < o.folds; ++fold) {
        cv::Mat x, y;
        samples(fold, x, y);
        if (cv::countNonZero(y) == 0 || cv::countNonZero(y) == y.rows) return R::failure("a fold has one class only");
        const MitosisModel trees(trainBoost(x, y, o), {}, 0, "");
        for (size_t i = 0; i < pictures.size(); ++i) {
            if (foldOf[pictures[i].group] != fold) continue;
            for (const auto& b : pictures[i].blobs) margins[i].push_back(trees.rawMargin(b.features));
        }
    }
    std::vector<double> figureMargins;
    int blobs = 0, figurePictures = 0;
    for (size_t i = 0; i < pictures.size(); ++i) {
        blobs += int(margins[i].size());
        figurePictures += pictures[i].centredOnFigure;
        if (pictures[i].figure >= 0) figureMargins.push_back(margins[i][size_t(pictures[i].figure)]);
    }
    report.positives = int(figureMargins.size());
    report.negatives = blobs - report.positives;
    report.blobRecall = figurePictures ? double(report.positives) / double(figurePictures) : 0;
    if (figureMargins.size() < 2) return R::failure("too few figures to scale the score");
    const std::vector<double> scaleQuantiles = quantiles(figureMargins, 201);
    const MitosisModel scale(nullptr, scaleQuantiles, 0, "");
    report.heldOutScores = margins;
    for (auto& row : report.heldOutScores)
        for (double& v : row) v = scale.scoreOfMargin(v);

    // The curve, and the default: the highest minimum score that still keeps the target recall.
    double defaultMin = 0;  // keep everything when no higher minimum keeps the target
    for (int step = 0; step < 200; ++step) {
        const double s = step * 0.005;
        const CandidateTally t = evaluateCandidates(pictures, report.heldOutScores, s);
        report.curve.push_back({s, t});
        if (t.recall() >= o.targetRecall) defaultMin = s;
    }
    cv::Mat x, y;
    samples(-1, x, y);
    char params[256];
    std::snprintf(params, sizeof params, "; Gentle AdaBoost, %d trees of depth %d; %d figures, %d look-alikes; %d folds by slide%s",
                  o.weakCount, o.maxDepth, report.positives, report.negatives, o.folds,
                  o.slideRelative ? "; features relative to each slide's median non-figure nucleus" : "");
    report.model = MitosisModel(trainBoost(x, y, o), scaleQuantiles, defaultMin, provenance + params, o.slideRelative);
    return report;
}

}  // namespace histomark::analysis
