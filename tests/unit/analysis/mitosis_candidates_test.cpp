// SPDX-License-Identifier: MIT
// Candidate mitoses: on drawn pictures (sizes in µm at two scales), whole-slide jobs identical
// whatever the tiles and threads, and the accuracy on AMi-Br patches centred on real mitotic figures.
#include "analysis/mitosis_candidates.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "analysis/mitosis_score.h"
#include "core/point_matching.h"
#include "slide/slide_opener.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

// A picture as a slide: level 0 only, white outside.
class MatSource final : public core::SlideSource {
public:
    MatSource(cv::Mat rgb, double mpp) : m_rgb(std::move(rgb)) {
        m_info.backend = "test";
        m_info.levels = {{m_rgb.cols, m_rgb.rows, 1, 0, 0}};
        m_info.mpp.x = m_info.mpp.y = mpp;
    }
    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int, int w, int h) override {
        core::RgbaImage out(w, h);
        out.fill(255, 255, 255);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int64_t sx = x0 + x, sy = y0 + y;
                if (sx < 0 || sy < 0 || sx >= m_rgb.cols || sy >= m_rgb.rows) continue;
                const cv::Vec3b& c = m_rgb.at<cv::Vec3b>(int(sy), int(sx));
                uint8_t* p = out.at(x, y);
                p[0] = c[0], p[1] = c[1], p[2] = c[2];
            }
        return out;
    }

private:
    cv::Mat m_rgb;
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
}

// ---------------------------------------------------------------------------------------------
// AMi-Br: 128 x 128 patches centred on confirmed mitotic figures (MIDOG 2021 training set).

struct Patch {
    std::filesystem::path file;
    std::string slide;
    double mpp = 0.25;
};

// MIDOG 2021 scanners: 001-100 Hamamatsu XR / S360 at 0.23 µm/px, 101-150 Aperio CS2 at 0.25.
double midogMpp(const std::string& slide) { return std::atoi(slide.c_str()) <= 100 ? 0.23 : 0.25; }

std::vector<Patch> amiBrPatches(const std::filesystem::path& root) {
    std::map<std::string, std::string> slideOfUid;
    std::ifstream csv(root / "AMI-BR.csv");
    std::string line;
    std::getline(csv, line);
    while (std::getline(csv, line)) {
        std::stringstream s(line);
        std::string idx, slide, dataset, uid;
        std::getline(s, idx, ',');
        std::getline(s, slide, ',');
        std::getline(s, dataset, ',');
        std::getline(s, uid, ',');
        if (dataset == "MIDOG21") slideOfUid[uid] = slide;
    }
    std::vector<Patch> out;
    for (const char* dir : {"normal", "atypical"})
        for (const auto& e : std::filesystem::directory_iterator(root / "patches" / dir)) {
            const std::string name = e.path().stem().string();  // MIDOG21_<uid>
            if (name.rfind("MIDOG21_", 0) != 0) continue;
            auto it = slideOfUid.find(name.substr(8));
            if (it == slideOfUid.end()) continue;
            out.push_back({e.path(), it->second, midogMpp(it->second)});
        }
    std::sort(out.begin(), out.end(), [](const Patch& a, const Patch& b) { return a.file < b.file; });
    return out;
}

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

struct Tally {
    int patches = 0, found = 0, others = 0;
    double recall() const { return patches ? double(found) / patches : 0; }
    double othersPerPatch() const { return patches ? double(others) / patches : 0; }
};

struct PatchBlobs {
    const Patch* patch = nullptr;
    core::Level0Point centre;
    std::vector<MitosisCandidate> blobs;
};

std::vector<PatchBlobs> blobsOf(const std::vector<Patch>& patches) {
    std::vector<PatchBlobs> out;
    for (const auto& p : patches) {
        const cv::Mat rgb = readRgb(p.file);
        if (rgb.empty()) continue;
        auto blobs = detectBlobs(rgb, p.mpp);
        if (!blobs) continue;
        out.push_back({&p, {rgb.cols / 2.0, rgb.rows / 2.0}, std::move(*blobs)});
    }
    return out;
}

// Per patch and threshold: candidates (rescored with `weights`, thresholded, NMS) matched one to
// one with the centre within 7.5 µm (core::matchPoints).
std::vector<Tally> evaluate(const std::vector<PatchBlobs>& patches, const std::vector<double>& thresholds,
                            const MitosisFeatures& weights = kMitosisWeights) {
    std::vector<Tally> t(thresholds.size());
    const MitosisDetectorOptions options;
    for (const auto& pb : patches) {
        const double mpp = pb.patch->mpp;
        for (size_t i = 0; i < thresholds.size(); ++i) {
            std::vector<MitosisCandidate> kept;
            for (MitosisCandidate b : pb.blobs) {
                b.score = mitosisScore(b, weights);
                if (b.score >= thresholds[i]) kept.push_back(b);
            }
            kept = suppressNonMaxima(kept, options.nmsRadiusUm / mpp);
            std::vector<core::Level0Point> points;
            for (const auto& c : kept) points.push_back(c.at);
            auto m = core::matchPoints({pb.centre}, points, mpp, mpp);
            ++t[i].patches;
            t[i].found += m->tp;
            t[i].others += m->fp;
        }
    }
    return t;
}

// Logistic regression by iteratively reweighted least squares (deterministic; a small ridge keeps
// it finite): label 1 for the blob nearest the patch centre within 7.5 µm, 0 for every other blob.
MitosisFeatures fitWeights(const std::vector<PatchBlobs>& patches) {
    std::vector<MitosisFeatures> x;
    std::vector<double> y;
    for (const auto& pb : patches) {
        int best = -1;
        double bestD = 7.5 / pb.patch->mpp;
        for (size_t i = 0; i < pb.blobs.size(); ++i)
            if (double d = core::distance(pb.blobs[i].at, pb.centre); d <= bestD) bestD = d, best = int(i);
        for (size_t i = 0; i < pb.blobs.size(); ++i) {
            x.push_back(mitosisFeatures(pb.blobs[i]));
            y.push_back(int(i) == best ? 1 : 0);
        }
    }
    constexpr int n = kMitosisFeatureCount;
    cv::Mat w = cv::Mat::zeros(n, 1, CV_64F);
    for (int iter = 0; iter < 50; ++iter) {
        cv::Mat h = cv::Mat::eye(n, n, CV_64F) * 1e-3, g = cv::Mat::zeros(n, 1, CV_64F);
        for (size_t k = 0; k < x.size(); ++k) {
            double z = 0;
            for (int i = 0; i < n; ++i) z += w.at<double>(i) * x[k][size_t(i)];
            const double p = 1 / (1 + std::exp(-z)), r = p * (1 - p);
            for (int i = 0; i < n; ++i) {
                g.at<double>(i) += (p - y[k]) * x[k][size_t(i)];
                for (int j = 0; j < n; ++j) h.at<double>(i, j) += r * x[k][size_t(i)] * x[k][size_t(j)];
            }
        }
        g += w * 1e-3;
        cv::Mat step;
        cv::solve(h, g, step, cv::DECOMP_CHOLESKY);
        w -= step;
        if (cv::norm(step) < 1e-9) break;
    }
    MitosisFeatures out{};
    for (int i = 0; i < n; ++i) out[size_t(i)] = w.at<double>(i);
    return out;
}

void printTable(const std::string& name, size_t count, const std::vector<double>& thresholds, const std::vector<Tally>& t) {
    std::printf("%s (%zu patches)\n| min score | recall | other candidates per patch |\n|---|---|---|\n", name.c_str(), count);
    for (size_t i = 0; i < thresholds.size(); ++i)
        std::printf("| %.2f | %.3f | %.2f |\n", thresholds[i], t[i].recall(), t[i].othersPerPatch());
}

// A fixed subset (every 8th patch by file name, normal and atypical): runs in about a second.
TEST(MitosisAccuracy, AmiBrSubsetRecallAndFalseAlarms) {
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBrPatches(root.parent_path());
    ASSERT_GT(all.size(), 1000u);
    std::vector<Patch> subset;
    for (size_t i = 0; i < all.size(); i += 8) subset.push_back(all[i]);
    const double t = defaultMitosisMinScore();
    const Tally r = evaluate(blobsOf(subset), {t})[0];
    std::printf("AMi-Br subset: %d patches, recall %.3f, other candidates per patch %.2f at score >= %.2f\n", r.patches,
                r.recall(), r.othersPerPatch(), t);
    EXPECT_EQ(r.patches, int(subset.size()));
    // The bar reached (0.917 / 0.65 on this subset); the issue's goal, 0.95 / 0.5, is not met yet.
    EXPECT_GE(r.recall(), 0.90);
    EXPECT_LE(r.othersPerPatch(), 0.75);
}

// The README's table: every MIDOG21 patch at several thresholds (HM_MITOSIS_FULL=1 to run;
// HM_MITOSIS_DUMP=FILE also writes every blob's features as CSV).
TEST(MitosisAccuracy, AmiBrFullCurve) {
    if (!std::getenv("HM_MITOSIS_FULL") && !std::getenv("HM_MITOSIS_FIT"))
        GTEST_SKIP() << "set HM_MITOSIS_FULL=1 for the full AMi-Br curve, HM_MITOSIS_FIT=1 to refit the score";
    HM_REQUIRE_DATA(root, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto all = amiBrPatches(root.parent_path());
    const auto blobs = blobsOf(all);
    const std::vector<double> thresholds{0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7};
    std::map<std::string, std::vector<PatchBlobs>> groups;
    for (const auto& pb : blobs) {
        const int n = std::atoi(pb.patch->slide.c_str());
        groups["all"].push_back(pb);
        groups[n % 2 == 0 ? "even slides (fit)" : "odd slides (held out)"].push_back(pb);
        groups[n <= 50 ? "001-050 Hamamatsu XR" : n <= 100 ? "051-100 Hamamatsu S360" : "101-150 Aperio CS2"].push_back(pb);
    }
    if (const char* d = std::getenv("HM_MITOSIS_DUMP")) {
        std::ofstream dump(d);
        dump << "patch,slide,mpp,centre,x,y,area_um2,hematoxylin_od,darkness,contrast,solidity,score\n";
        for (const auto& pb : blobs)
            for (const auto& b : pb.blobs)
                dump << pb.patch->file.stem().string() << ',' << pb.patch->slide << ',' << pb.patch->mpp << ','
                     << (core::distance(b.at, pb.centre) * pb.patch->mpp <= 7.5) << ',' << b.at.x << ',' << b.at.y << ','
                     << b.areaUm2 << ',' << b.hematoxylinOd << ',' << b.darkness << ',' << b.contrast << ',' << b.solidity
                     << ',' << b.score << '\n';
    }
    MitosisFeatures weights = kMitosisWeights;
    if (std::getenv("HM_MITOSIS_FIT")) {
        weights = fitWeights(groups["even slides (fit)"]);
        std::printf("fitted weights (bias, hematoxylin, darkness, contrast, ln area, solidity, peak, surround):");
        for (double w : weights) std::printf(" %.4f", w);
        std::printf("\n");
    }
    for (const auto& [name, group] : groups) printTable(name, group.size(), thresholds, evaluate(group, thresholds, weights));
}

}  // namespace
}  // namespace histomark::analysis
