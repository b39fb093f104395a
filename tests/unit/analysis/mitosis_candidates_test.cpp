// SPDX-License-Identifier: MIT
// Candidate mitoses: on drawn pictures (sizes in µm at two scales), whole-slide jobs identical
// whatever the tiles and threads, and the accuracy on AMi-Br patches centred on real mitotic figures.
#include "analysis/mitosis_candidates.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "analysis/mitosis_reference.h"
#include "analysis/mitosis_training.h"
#include "analysis/slide_thumbnail.h"
#include "analysis/tissue_mask.h"
#include "core/point_matching.h"
#include "slide/slide_opener.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

// Two drawn figures 15 µm apart on stroma: pictures around readers' marks on them.
TEST(MitosisTraining, PicturesAroundMarksKnowTheirFigureAndLeaveOtherFiguresOut) {
    const double mpp = 0.25;
    cv::Mat rgb(160, 160, CV_8UC3, cv::Scalar(235, 170, 205));
    const cv::Point2d a(50, 80), b(110, 80);
    for (const cv::Point2d& c : {a, b}) cv::ellipse(rgb, c, cv::Size2d(16, 6.4), 30, 0, 360, cv::Scalar(45, 30, 80), -1);
    auto fig = blobsAroundMark(rgb, mpp, "s", {a.x, a.y}, true, {{b.x, b.y}});
    ASSERT_TRUE(fig.ok()) << fig.error();
    ASSERT_GE(fig->figure, 0) << "the marked figure's blob";
    EXPECT_TRUE(fig->centredOnFigure);
    for (const auto& blob : fig->blobs) EXPECT_GT(std::hypot(blob.at.x - b.x, blob.at.y - b.y), 30) << "the other figure is no look-alike";
    auto look = blobsAroundMark(rgb, mpp, "s", {b.x, b.y}, false, {});
    ASSERT_TRUE(look.ok());
    EXPECT_EQ(look->figure, -1);
    EXPECT_FALSE(look->centredOnFigure);
    EXPECT_EQ(look->blobs.size(), 2u) << "both blobs are look-alikes here";
    // Only figure-centred pictures count in the recall and the others per picture.
    const std::vector<std::vector<double>> scores = {std::vector<double>(fig->blobs.size(), 0.9),
                                                     std::vector<double>(look->blobs.size(), 0.9)};
    const CandidateTally t = evaluateCandidates({*fig, *look}, scores, 0.5);
    EXPECT_EQ(t.pictures, 1);
    EXPECT_EQ(t.found, 1);
    EXPECT_EQ(t.others, 0);
}

// A picture as a slide, white outside: level 0, and with `halfLevel` a level 1 that is its exact
// 2 x 2 average (what the detector computes from level 0 itself).
class MatSource final : public core::SlideSource {
public:
    MatSource(cv::Mat rgb, double mpp, bool halfLevel = false) : m_levels{std::move(rgb)} {
        m_info.backend = "test";
        m_info.levels = {{m_levels[0].cols, m_levels[0].rows, 1, 0, 0}};
        if (halfLevel) {
            cv::Mat half;
            cv::resize(m_levels[0], half, {m_levels[0].cols / 2, m_levels[0].rows / 2}, 0, 0, cv::INTER_AREA);
            m_info.levels.push_back({half.cols, half.rows, 2, 0, 0});
            m_levels.push_back(half);
        }
        m_info.mpp.x = m_info.mpp.y = mpp;
    }
    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int w, int h) override {
        const cv::Mat& rgb = m_levels[size_t(level)];
        const int64_t ds = int64_t(m_info.levels[size_t(level)].downsample);
        core::RgbaImage out(w, h);
        out.fill(255, 255, 255);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int64_t sx = x0 / ds + x, sy = y0 / ds + y;
                if (sx < 0 || sy < 0 || sx >= rgb.cols || sy >= rgb.rows) continue;
                const cv::Vec3b& c = rgb.at<cv::Vec3b>(int(sy), int(sx));
                uint8_t* p = out.at(x, y);
                p[0] = c[0], p[1] = c[1], p[2] = c[2];
            }
        return out;
    }

private:
    std::vector<cv::Mat> m_levels;
    core::SlideInfo m_info;
};

// Pink stroma with pale interphase nuclei and a few compact, near-black figures, drawn in µm.
// Returns the figures' centres in px.
cv::Mat drawnTissue(double mpp, int sidePx, std::vector<cv::Point2d>& figures, uint64_t seed = 7) {
    cv::Mat rgb(sidePx, sidePx, CV_8UC3, cv::Scalar(235, 170, 205));
    cv::RNG rng(seed);
    auto px = [&](double um) { return um / mpp; };
    const double sideUm = sidePx * mpp;
    for (int i = 0; i < int(sideUm * sideUm / 300); ++i) {  // interphase nuclei, ~7 x 5 µm, mid-blue
        cv::Point2d c(rng.uniform(0.0, double(sidePx)), rng.uniform(0.0, double(sidePx)));
        cv::ellipse(rgb, c, cv::Size2d(px(3.5), px(2.5)), rng.uniform(0.0, 180.0), 0, 360, cv::Scalar(195, 165, 215), -1,
                    cv::LINE_AA);
    }
    figures.clear();
    for (int i = 0; i < int(sideUm * sideUm / 2500) + 1; ++i) {  // metaphase plates, 8 x 3 µm, near black
        cv::Point2d c(rng.uniform(px(20), sidePx - px(20)), rng.uniform(px(20), sidePx - px(20)));
        cv::ellipse(rgb, c, cv::Size2d(px(4), px(1.6)), rng.uniform(0.0, 180.0), 0, 360, cv::Scalar(45, 30, 80), -1, cv::LINE_AA);
        figures.push_back(c);
    }
    cv::Mat noise(rgb.size(), CV_8UC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, 4);
    cv::Mat out;
    cv::add(rgb, noise, out, cv::noArray(), CV_8UC3);
    return out;
}

int hits(const std::vector<MitosisCandidate>& cands, const std::vector<cv::Point2d>& figures, double radiusPx) {
    int n = 0;
    for (const auto& f : figures)
        n += std::any_of(cands.begin(), cands.end(), [&](const auto& c) { return std::hypot(c.at.x - f.x, c.at.y - f.y) <= radiusPx; });
    return n;
}

TEST(MitosisCandidates, FindsDrawnFiguresAtTwentyAndFortyX) {
    for (double mpp : {0.25, 0.5}) {
        std::vector<cv::Point2d> figures;
        const cv::Mat rgb = drawnTissue(mpp, int(256 / mpp), figures);
        auto cands = detectCandidates(rgb, mpp);
        ASSERT_TRUE(cands) << cands.error();
        EXPECT_EQ(hits(*cands, figures, 7.5 / mpp), int(figures.size())) << "mpp " << mpp;
        EXPECT_LE(cands->size(), figures.size() + 1) << "mpp " << mpp;  // pale nuclei are not candidates
        // A drawn 20 µm² plate, grown by the smoothing (and by a nucleus it may overlap).
        for (const auto& c : *cands) EXPECT_NEAR(c.areaUm2, 40, 25) << "mpp " << mpp;
    }
}

TEST(MitosisCandidates, RefusesBadInput) {
    EXPECT_FALSE(detectCandidates(cv::Mat(), 0.25));
    EXPECT_FALSE(detectCandidates(cv::Mat(10, 10, CV_8UC3), 0));
    EXPECT_FALSE(detectCandidates(cv::Mat(10, 10, CV_8UC1), 0.25));
    auto blank = detectCandidates(cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(255)), 0.25);
    ASSERT_TRUE(blank);
    EXPECT_TRUE(blank->empty());
}

TEST(MitosisCandidates, NonMaximumSuppressionKeepsTheBestInTheRadius) {
    std::vector<MitosisCandidate> in(4);
    in[0].at = {0, 0}, in[0].score = 0.6;
    in[1].at = {3, 0}, in[1].score = 0.9;
    in[2].at = {10, 0}, in[2].score = 0.7;
    in[3].at = {100, 100}, in[3].score = 0.1;
    const auto out = suppressNonMaxima(in, 5);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].at.x, 3);
    EXPECT_EQ(out[1].at.x, 10);
    EXPECT_EQ(out[2].at.x, 100);
}

void expectSame(const std::vector<MitosisCandidate>& a, const std::vector<MitosisCandidate>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].at, b[i].at) << what << " #" << i;
        EXPECT_EQ(a[i].score, b[i].score) << what << " #" << i;
    }
}

TEST(MitosisCandidates, RegionJobIsTheSameWhateverTilesAndThreads) {
    std::vector<cv::Point2d> figures;
    const cv::Mat rgb = drawnTissue(0.25, 1500, figures, 11);
    MatSource source(rgb, 0.25);
    const core::Level0Rect roi{37, 51, 1400, 1300};
    RegionDetectionOptions one;
    one.tileSizePx = 4096;
    one.threads = 1;
    auto reference = detectCandidatesInRegion(source, roi, one);
    ASSERT_TRUE(reference) << reference.error();
    EXPECT_GE(reference->size(), 10u);
    // The whole picture at once agrees with the region job inside the region.
    auto whole = detectCandidates(rgb, 0.25);
    ASSERT_TRUE(whole);
    // Away from the picture's edge (reflected there, white beyond it in the region job).
    const core::Level0Rect inner{200, 200, 1100, 1100};
    std::erase_if(*whole, [&](const auto& c) { return !inner.contains(c.at); });
    auto inside = *reference;
    std::erase_if(inside, [&](const auto& c) { return !inner.contains(c.at); });
    expectSame(inside, *whole, "picture vs region");
    for (int tile : {128, 300, 777})
        for (int threads : {1, 2, 3}) {
            RegionDetectionOptions o;
            o.tileSizePx = tile;
            o.threads = threads;
            core::JobControl job;
            auto got = detectCandidatesInRegion(source, roi, o, &job);
            ASSERT_TRUE(got) << got.error();
            EXPECT_EQ(job.progress(), 1.0);
            expectSame(*reference, *got, "tile " + std::to_string(tile) + " threads " + std::to_string(threads));
        }
}

// Reading a level at the working scale instead of averaging level 0: the same blobs when that
// level is the 2 x 2 average, found at the same level-0 positions.
TEST(MitosisCandidates, AWorkingScaleLevelGivesTheSameCandidates) {
    std::vector<cv::Point2d> figures;
    const cv::Mat rgb = drawnTissue(0.25, 1500, figures, 11);
    MatSource flat(rgb, 0.25), pyramid(rgb, 0.25, true);
    const core::Level0Rect roi{37, 51, 1400, 1300};
    RegionDetectionOptions fromLevel0, fromLevel1;
    fromLevel1.useWorkingLevel = true;
    auto a = detectCandidatesInRegion(flat, roi, fromLevel0);
    auto b = detectCandidatesInRegion(pyramid, roi, fromLevel1);
    ASSERT_TRUE(a && b);
    EXPECT_GE(a->size(), 10u);
    expectSame(*a, *b, "level 1 vs level 0");
}

TEST(MitosisCandidates, RegionJobStopsWhenCancelled) {
    std::vector<cv::Point2d> figures;
    MatSource source(drawnTissue(0.25, 600, figures), 0.25);
    core::JobControl job;
    job.cancel();
    auto got = detectCandidatesInRegion(source, {0, 0, 600, 600}, {}, &job);
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error(), "cancelled");
    MatSource noScale(cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(255)), 0);
    EXPECT_FALSE(detectCandidatesInRegion(noScale, {0, 0, 64, 64}));
}

TEST(MitosisCandidates, RealSlideRegionIsTheSameWhateverTilesAndThreads) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto slide = slide::openSlide(file.string());
    ASSERT_TRUE(slide) << slide.error();
    const core::Level0Rect roi{600, 500, 1100, 900};
    RegionDetectionOptions a, b;
    a.tileSizePx = 2048, a.threads = 1;
    b.tileSizePx = 200, b.threads = 2;
    auto ra = detectCandidatesInRegion(**slide, roi, a);
    auto rb = detectCandidatesInRegion(**slide, roi, b);
    ASSERT_TRUE(ra && rb);
    expectSame(*ra, *rb, "CMU-1");
    // With a tissue mask each tile reads only its tissue's box: still the same whatever the tiles.
    auto thumb = readSlideThumbnail(**slide, {4, 0, 4096, {}});
    ASSERT_TRUE(thumb) << thumb.error();
    const cv::Mat tissue = tissueMask(thumb->rgb, {thumb->level0PerPxX * (*slide)->info().mpp.mean()});
    ASSERT_GT(cv::countNonZero(tissue), 0);
    for (RegionDetectionOptions* o : {&a, &b}) o->tissueMask = tissue, o->maskDownsample = thumb->level0PerPxX;
    const core::Level0Rect whole{0, 0, double((*slide)->info().width()), double((*slide)->info().height())};
    auto ma = detectCandidatesInRegion(**slide, whole, a);
    auto mb = detectCandidatesInRegion(**slide, whole, b);
    ASSERT_TRUE(ma && mb);
    EXPECT_GT(ma->size(), 100u);
    expectSame(*ma, *mb, "CMU-1 with its tissue mask");
}

// ---------------------------------------------------------------------------------------------
// AMi-Br: 128 x 128 patches centred on confirmed mitotic figures (MIDOG 2021 training set).

cv::Mat readRgb(const std::filesystem::path& file) {
    auto src = slide::openSlide(file.string());
    if (!src) return {};
    const auto& info = (*src)->info();
    auto px = (*src)->readRegion(0, 0, 0, int(info.width()), int(info.height()));
    if (!px) return {};
    cv::Mat rgba(px->height, px->width, CV_8UC4, px->pixels.data()), rgb;
    cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
    return rgb;
}

std::vector<AmiBrPatch> amiBr(const std::filesystem::path& csv) {
    auto all = listAmiBrPatches(csv.parent_path());
    EXPECT_TRUE(all) << all.error();
    return all ? *all : std::vector<AmiBrPatch>{};
}

std::vector<PatchBlobs> blobsOf(const std::vector<AmiBrPatch>& patches) {
    std::vector<PatchBlobs> out;
    for (const auto& p : patches) {
        const cv::Mat rgb = readRgb(p.file);
        EXPECT_FALSE(rgb.empty()) << p.file;
        if (rgb.empty()) continue;
        auto b = blobsOfPatch(rgb, p.mpp, p.slide);
        EXPECT_TRUE(b) << p.file;
        if (b) out.push_back(std::move(*b));
    }
    return out;
}

std::vector<std::vector<double>> scoresOf(const std::vector<PatchBlobs>& pictures, const MitosisModel& model) {
    std::vector<std::vector<double>> out;
    for (const auto& p : pictures) out.push_back(model.scores(p.blobs));
    return out;
}

TEST(MitosisModel, TheBuiltInModelLoadsAndRoundTrips) {
    const auto& model = builtInMitosisModel();
    ASSERT_TRUE(model) << model.error();
    EXPECT_GT(model->defaultMinScore(), 0);
    EXPECT_LT(model->defaultMinScore(), 1);
    EXPECT_EQ(defaultMitosisMinScore(), model->defaultMinScore());
    EXPECT_NE(model->provenance().find("AMi-Br"), std::string::npos);
    auto again = MitosisModel::load(model->save());
    ASSERT_TRUE(again) << again.error();
    MitosisFeatureVector f{};
    for (int i = 0; i < kMitosisFeatureCount; ++i) f[size_t(i)] = 0.1f * float(i);
    EXPECT_EQ(again->score(f), model->score(f));
    EXPECT_FALSE(MitosisModel::load(""));
    EXPECT_FALSE(MitosisModel::load("%YAML:1.0\nformat: something-else\n"));
    EXPECT_FALSE(MitosisModel::load("not yaml at all: [\n"));
}

// The shipped model on a fixed subset (every 8th patch; seen in training, so a guard on the
// pipeline and the file, not an accuracy figure: those are held out, below and in the README).
TEST(MitosisAccuracy, AmiBrSubsetRecallAndFalseAlarms) {
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBr(root);
    ASSERT_GT(all.size(), 1000u);
    std::vector<AmiBrPatch> subset;
    for (size_t i = 0; i < all.size(); i += 8) subset.push_back(all[i]);
    const auto pictures = blobsOf(subset);
    const double t = defaultMitosisMinScore();
    const CandidateTally r = evaluateCandidates(pictures, scoresOf(pictures, *builtInMitosisModel()), t);
    std::printf("AMi-Br subset: %d patches, recall %.3f, other candidates per patch %.2f at score >= %.3f\n", r.pictures,
                r.recall(), r.othersPerPicture(), t);
    EXPECT_EQ(r.pictures, int(subset.size()));
    // The bar reached (0.956 / 0.40 on this subset); the issue's goal is 0.95 / 0.5.
    EXPECT_GE(r.recall(), 0.95);
    EXPECT_LE(r.othersPerPicture(), 0.45);
}

// The method, held out by slide: trained on half of the patches with 4 folds by slide, some
// minimum score keeps the issue's recall (0.95) with at most its 0.5 other candidates per patch.
// And training is deterministic: the same data gives the same model, byte for byte.
TEST(MitosisAccuracy, TrainingOnHalfGeneralisesToHeldOutSlides) {
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBr(root);
    std::vector<AmiBrPatch> half;
    for (size_t i = 0; i < all.size(); i += 2) half.push_back(all[i]);
    const auto pictures = blobsOf(half);
    auto report = trainMitosisModel(pictures, {}, "test");
    ASSERT_TRUE(report) << report.error();
    double fewest = 1e9;
    for (const auto& pt : report->curve)
        if (pt.tally.recall() >= 0.95) fewest = std::min(fewest, pt.tally.othersPerPicture());
    std::printf("held out (%zu patches): at recall >= 0.95 down to %.2f other candidates per patch; blob stage %.3f\n",
                pictures.size(), fewest, report->blobRecall);
    EXPECT_LE(fewest, 0.5);
    EXPECT_GT(report->blobRecall, 0.95);
    std::vector<PatchBlobs> few(pictures.begin(), pictures.begin() + 200);
    auto a = trainMitosisModel(few, {}, "x"), b = trainMitosisModel(few, {}, "x");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->model.save(), b->model.save());
}

// The shipped file is what `histomark train-mitosis` makes of the data it names.
TEST(MitosisAccuracy, TheBuiltInModelIsReproducibleFromTheData) {
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBr(root);
    const MitosisModel& shipped = *builtInMitosisModel();
    const std::string count = "(" + std::to_string(all.size()) + ", ";
    if (shipped.provenance().find(count) == std::string::npos)
        GTEST_SKIP() << "this data folder holds " << all.size() << " patches, the model was trained on another set: "
                     << shipped.provenance();
    auto report = trainMitosisModel(blobsOf(all), {}, "");
    ASSERT_TRUE(report) << report.error();
    EXPECT_EQ(report->model.defaultMinScore(), shipped.defaultMinScore());
    for (const auto& p : blobsOf({all.begin(), all.begin() + 20}))
        for (const auto& blob : p.blobs) EXPECT_EQ(report->model.score(blob.features), shipped.score(blob.features));
}

// The slide's typical nucleus: medians whatever the order, and features relative to it.
TEST(MitosisReference, MediansOfTheBlobsAndFeaturesRelativeToThem) {
    std::vector<MitosisBlob> blobs(5);
    const float h[] = {0.9f, 0.5f, 2.0f, 0.6f, 0.7f};
    for (size_t i = 0; i < blobs.size(); ++i) {
        blobs[i].features.fill(1.f);
        blobs[i].features[0] = std::log(20.f + float(i));
        blobs[i].features[1] = h[i], blobs[i].features[2] = 2 * h[i], blobs[i].features[4] = h[i] / 2;
    }
    const NucleusReference r = nucleusReference(blobs);
    EXPECT_EQ(r.blobs, 5);
    EXPECT_FLOAT_EQ(r.hematoxylin, 0.7f);  // the middle value, not the mean (0.94): one dark figure does not move it
    EXPECT_FLOAT_EQ(r.peakHematoxylin, 1.4f);
    EXPECT_FLOAT_EQ(r.darkness, 0.35f);
    EXPECT_FLOAT_EQ(r.lnAreaUm2, std::log(22.f));
    std::reverse(blobs.begin(), blobs.end());
    EXPECT_FLOAT_EQ(nucleusReference(blobs).hematoxylin, 0.7f);

    const MitosisFeatureVector f = relativeToReference(blobs[2].features, r);  // the 2.0 OD one, reversed order
    EXPECT_FLOAT_EQ(f[1], 2.0f / 0.7f);
    EXPECT_FLOAT_EQ(f[2], 4.0f / 1.4f);
    EXPECT_FLOAT_EQ(f[4], 1.0f / 0.35f);
    EXPECT_FLOAT_EQ(f[0], std::log(22.f) - std::log(22.f));
    EXPECT_EQ(f[3], 1.f);  // spread, contrasts and shape are left as measured
    EXPECT_EQ(relativeToReference(blobs[0].features, NucleusReference{}), blobs[0].features);  // neutral
    EXPECT_EQ(nucleusReference(std::vector<MitosisBlob>{}).blobs, 0);
}

// A model trained with features relative to each slide's nuclei: it says so in its file, keeps the
// issue's bar on held-out slides, scores a picture against its own nuclei, and a whole-slide job
// still gives the same candidates whatever the tiles and threads (the reference is the region's).
TEST(MitosisReference, ASlideRelativeModelKeepsTheBarAndTheTilingInvariance) {
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBr(root);
    std::vector<AmiBrPatch> half;
    for (size_t i = 0; i < all.size(); i += 2) half.push_back(all[i]);
    MitosisTrainingOptions options;
    options.slideRelative = true;
    auto report = trainMitosisModel(blobsOf(half), options, "test");
    ASSERT_TRUE(report) << report.error();
    double fewest = 1e9;
    for (const auto& pt : report->curve)
        if (pt.tally.recall() >= 0.95) fewest = std::min(fewest, pt.tally.othersPerPicture());
    std::printf("slide-relative, held out (%zu patches): at recall >= 0.95 down to %.2f other candidates per patch\n",
                half.size(), fewest);
    EXPECT_LE(fewest, 0.5);

    auto model = MitosisModel::load(report->model.save());
    ASSERT_TRUE(model) << model.error();
    EXPECT_TRUE(model->slideRelative());
    EXPECT_FALSE(builtInMitosisModel()->slideRelative());
    EXPECT_EQ(builtInMitosisModel()->save().find("slide_relative"), std::string::npos);

    std::vector<cv::Point2d> figures;
    const cv::Mat rgb = drawnTissue(0.25, 1500, figures, 11);
    // A picture is judged against its own nuclei.
    MitosisDetectorOptions det;
    det.model = &*model;
    det.minScore = 0;
    auto blobs = measureMitosisBlobs(rgb, 0.25, hematoxylinEosin(), det.blobs);
    ASSERT_TRUE(blobs && !blobs->empty());
    const NucleusReference own = nucleusReference(*blobs);
    EXPECT_EQ(model->scores(*blobs), model->scores(*blobs, &own));
    NucleusReference paler = own;
    paler.hematoxylin /= 2, paler.peakHematoxylin /= 2, paler.darkness /= 2;  // every blob twice as dark as usual
    EXPECT_NE(model->scores(*blobs), model->scores(*blobs, &paler));

    MatSource source(rgb, 0.25);
    const core::Level0Rect roi{37, 51, 1400, 1300};
    RegionDetectionOptions one;
    one.detector = det;
    one.threads = 1;
    auto reference = detectCandidatesInRegion(source, roi, one);
    ASSERT_TRUE(reference) << reference.error();
    EXPECT_GE(reference->size(), 10u);
    for (int tile : {128, 777})
        for (int threads : {1, 3}) {
            RegionDetectionOptions o = one;
            o.tileSizePx = tile;
            o.threads = threads;
            auto got = detectCandidatesInRegion(source, roi, o);
            ASSERT_TRUE(got) << got.error();
            expectSame(*reference, *got, "tile " + std::to_string(tile) + " threads " + std::to_string(threads));
        }
}

}  // namespace
}  // namespace histomark::analysis
