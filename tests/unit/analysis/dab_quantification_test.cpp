// SPDX-License-Identifier: MIT
// DAB quantification on synthetic H-DAB pictures whose nuclei, stains and classes are known:
// counts and classes, QuPath's scores, compartments, tiling and threads, ROI, cancel, scale.
#include "analysis/dab_quantification.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>
#include <vector>

#include "analysis/nucleus_scale.h"

using namespace histomark;
using namespace histomark::analysis;

namespace {

struct Nucleus {
    cv::Point2d centre;  // px
    double radiusUm;
    double dab;  // DAB concentration (OD units) in the nucleus
};

struct Picture {
    cv::Mat rgb;
    std::vector<Nucleus> nuclei;
};

// Beer-Lambert H-DAB picture: a pale counterstained background, round nuclei with hematoxylin
// 0.35 and the given DAB, optionally DAB in a ring of cytoplasm around each, slight noise.
Picture paint(cv::Size size, double umPerPx, const std::vector<Nucleus>& nuclei, double cytoplasmDab = 0, int seed = 1) {
    const StainMatrix m = hematoxylinDab();
    cv::Mat h(size, CV_32F, cv::Scalar(0.03)), d(size, CV_32F, cv::Scalar(0.0));
    for (const auto& n : nuclei) {
        const cv::Point c(int(std::lround(n.centre.x)), int(std::lround(n.centre.y)));
        if (cytoplasmDab > 0) cv::circle(d, c, int(std::lround((n.radiusUm + 7) / umPerPx)), cv::Scalar(cytoplasmDab), cv::FILLED);
    }
    for (const auto& n : nuclei) {
        const cv::Point c(int(std::lround(n.centre.x)), int(std::lround(n.centre.y)));
        const int r = int(std::lround(n.radiusUm / umPerPx));
        cv::circle(h, c, r, cv::Scalar(0.35), cv::FILLED);
        cv::circle(d, c, r, cv::Scalar(n.dab), cv::FILLED);
    }
    std::mt19937 rng{uint32_t(seed)};
    std::normal_distribution<float> noise(0, 1.0f);
    cv::Mat rgb(size, CV_8UC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            auto& p = rgb.at<cv::Vec3b>(y, x);
            for (int c = 0; c < 3; ++c)
                p[c] = cv::saturate_cast<uint8_t>(
                    255 * std::pow(10.0, -(h.at<float>(y, x) * m.vectors[0][c] + d.at<float>(y, x) * m.vectors[1][c])) + noise(rng));
        }
    return {rgb, nuclei};
}

// Nuclei of 7 µm on a grid 20 µm apart, DAB cycling through negative, 1+, 2+, 3+.
Picture gridPicture(int cols, int rows, double umPerPx) {
    const double dabs[4] = {0.05, 0.3, 0.5, 0.9};
    std::vector<Nucleus> nuclei;
    const double step = 20 / umPerPx;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i)
            nuclei.push_back({{step * (i + 0.75), step * (j + 0.75)}, 3.5, dabs[(i + j * cols) % 4]});
    return paint(cv::Size(int(step * (cols + 0.5)), int(step * (rows + 0.5))), umPerPx, nuclei);
}

}  // namespace

TEST(DabScores, QuPathFormulas) {
    const DabScores s = dabScores({50, 20, 20, 10});
    EXPECT_EQ(s.cells, 100);
    EXPECT_EQ(s.positive, 50);
    EXPECT_DOUBLE_EQ(s.percentPositive, 50);
    EXPECT_DOUBLE_EQ(s.hScore, 90);  // 1 x 20 + 2 x 20 + 3 x 10
    EXPECT_EQ(s.allredProportion, 4);
    EXPECT_EQ(s.allredIntensity, 2);  // mean class 1.8 > 5/3
    EXPECT_EQ(s.allred, 6);

    EXPECT_EQ(dabScores({100, 0, 0, 0}).allred, 0);
    EXPECT_EQ(dabScores({0, 0, 0, 0}).allred, 0);
    EXPECT_DOUBLE_EQ(dabScores({0, 0, 0, 0}).percentPositive, 0);
    EXPECT_EQ(dabScores({999, 1, 0, 0}).allred, 2);   // > 0: proportion 1, intensity 1
    EXPECT_EQ(dabScores({99, 1, 0, 0}).allredProportion, 2);  // exactly 1 %
    EXPECT_EQ(dabScores({90, 0, 0, 10}).allred, 6);   // exactly 10 %: 3, strong: 3
    EXPECT_EQ(dabScores({1, 0, 2, 0}).allred, 7);     // exactly 2/3: 5, mean class 2: 2
    EXPECT_EQ(dabScores({0, 0, 0, 5}).allred, 8);
    EXPECT_DOUBLE_EQ(dabScores({0, 0, 0, 5}).hScore, 300);
    EXPECT_EQ(dabScores({0, 3, 0, 0}).allredIntensity, 1);
    EXPECT_EQ(dabScores({0, 1, 0, 2}).allredIntensity, 2);  // mean class exactly 7/3: not above it
    EXPECT_EQ(dabScores({0, 0, 1, 2}).allredIntensity, 3);  // mean class 8/3
}

TEST(DabScores, ThresholdsAreInclusive) {
    const std::array<double, 3> t{0.2, 0.4, 0.6};
    EXPECT_EQ(classifyDab(0.1999, t), DabClass::Negative);
    EXPECT_EQ(classifyDab(0.2, t), DabClass::Weak);
    EXPECT_EQ(classifyDab(0.4, t), DabClass::Moderate);
    EXPECT_EQ(classifyDab(0.6, t), DabClass::Strong);
    EXPECT_STREQ(dabClassName(DabClass::Moderate), "2+");
    EXPECT_EQ(parseCompartment("cytoplasm"), DabCompartment::Cytoplasm);
    EXPECT_FALSE(parseCompartment("membrane").has_value());
}

TEST(DabQuantification, CountsAndClassesEveryNucleusOfAGrid) {
    const Picture p = gridPicture(12, 10, 0.5);
    auto r = quantifyDab(p.rgb, 0.5);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->scores.cells, 120);
    EXPECT_EQ(r->byClass[0], 30);
    EXPECT_EQ(r->byClass[1], 30);
    EXPECT_EQ(r->byClass[2], 30);
    EXPECT_EQ(r->byClass[3], 30);
    EXPECT_DOUBLE_EQ(r->scores.percentPositive, 75);
    EXPECT_DOUBLE_EQ(r->scores.hScore, 150);
    EXPECT_EQ(r->scores.allred, 5 + 2);
    ASSERT_TRUE(r->labellingIndex.has_value());
    EXPECT_DOUBLE_EQ(*r->labellingIndex, 75);
    EXPECT_FALSE(r->umPerPxEstimated);
    EXPECT_DOUBLE_EQ(r->workingUmPerPx, 0.5);
    // Each cell sits on a nucleus and measures its DAB.
    for (const DabCell& c : r->cells) {
        double best = 1e9;
        const Nucleus* near = nullptr;
        for (const auto& n : p.nuclei)
            if (double d = cv::norm(c.centroid - n.centre); d < best) best = d, near = &n;
        ASSERT_LT(best, 2.0);
        EXPECT_NEAR(c.nucleusDab, near->dab, 0.06);
        EXPECT_NEAR(c.nucleusAreaUm2, CV_PI * 3.5 * 3.5, 12.0);
        EXPECT_GT(c.cellAreaUm2, c.nucleusAreaUm2 * 2);
    }
}

TEST(DabQuantification, FinerPicturesAreDetectedAtHalfAMicronAndGiveTheSameAnswer) {
    const Picture p = gridPicture(8, 6, 0.25);
    auto r = quantifyDab(p.rgb, 0.25);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_DOUBLE_EQ(r->workingUmPerPx, 0.5);
    EXPECT_EQ(r->scores.cells, 48);
    EXPECT_EQ(r->byClass[3], 12);
    // Centroids come back in the input's pixels.
    for (const DabCell& c : r->cells) {
        double best = 1e9;
        for (const auto& n : p.nuclei) best = std::min(best, cv::norm(c.centroid - n.centre));
        EXPECT_LT(best, 2.5);
    }
}

TEST(DabQuantification, CompartmentDecidesWhichDabCounts) {
    // DAB in the cytoplasm only (a cytoplasmic marker): nuclei negative, cells positive.
    std::vector<Nucleus> nuclei;
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 5; ++j) nuclei.push_back({{35.0 + 70 * i, 35.0 + 70 * j}, 3.5, 0.0});
    const Picture p = paint({420, 350}, 0.5, nuclei, 0.5);
    DabOptions o;
    auto nuc = quantifyDab(p.rgb, 0.5, o);
    o.compartment = DabCompartment::Cytoplasm;
    auto cyto = quantifyDab(p.rgb, 0.5, o);
    o.compartment = DabCompartment::Cell;
    auto cell = quantifyDab(p.rgb, 0.5, o);
    ASSERT_TRUE(nuc.ok() && cyto.ok() && cell.ok());
    EXPECT_EQ(cyto->scores.cells, 30) << "hematoxylin finds the nuclei, not the DAB rings";
    EXPECT_EQ(cyto->byClass[2], 30) << "cytoplasm DAB 0.5 is 2+";
    EXPECT_FALSE(cyto->labellingIndex.has_value()) << "a labelling index is for nuclear markers";
    EXPECT_EQ(cell->scores.positive, 30);
    for (const DabCell& c : cyto->cells) {
        EXPECT_NEAR(c.cytoplasmDab, 0.5, 0.06);
        EXPECT_LT(c.nucleusDab, 0.1);
        EXPECT_GT(c.cellDab, c.nucleusDab);
    }
    // Found on hematoxylin, the nuclei themselves are negative.
    o.compartment = DabCompartment::Nucleus;
    o.nucleusImage = NucleusImage::Hematoxylin;
    auto onHematoxylin = quantifyDab(p.rgb, 0.5, o);
    ASSERT_TRUE(onHematoxylin.ok());
    EXPECT_EQ(onHematoxylin->scores.cells, 30);
    EXPECT_EQ(onHematoxylin->scores.positive, 0);
    // Found on the optical density sum (the default for the nucleus compartment), a nucleus in a
    // DAB-filled cell merges with it: that is why the other compartments detect on hematoxylin.
    EXPECT_GT(nuc->scores.percentPositive, 50);
}

TEST(DabQuantification, ResultsDoNotDependOnTilesOrThreads) {
    // Nuclei at random, some touching, on a picture wider than several tiles.
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Nucleus> nuclei;
    for (int i = 0; i < 900; ++i) nuclei.push_back({{20 + 1160 * u(rng), 20 + 1160 * u(rng)}, 2.8 + 1.5 * u(rng), u(rng)});
    const Picture p = paint({1200, 1200}, 0.5, nuclei, 0, 4);
    DabOptions whole;
    whole.tileSize = 4096;
    DabOptions tiled;
    tiled.tileSize = 256;
    tiled.threads = 3;
    core::JobControl job;
    auto a = quantifyDab(p.rgb, 0.5, whole);
    auto b = quantifyDab(p.rgb, 0.5, tiled, {}, &job);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_GT(a->scores.cells, 500);
    EXPECT_DOUBLE_EQ(job.progress(), 1.0);
    ASSERT_EQ(a->cells.size(), b->cells.size());
    for (size_t i = 0; i < a->cells.size(); ++i) {
        EXPECT_NEAR(a->cells[i].centroid.x, b->cells[i].centroid.x, 1e-9);
        EXPECT_NEAR(a->cells[i].centroid.y, b->cells[i].centroid.y, 1e-9);
        EXPECT_EQ(a->cells[i].cls, b->cells[i].cls);
        EXPECT_FLOAT_EQ(a->cells[i].cellDab, b->cells[i].cellDab);
    }
    EXPECT_EQ(a->positivePixels, b->positivePixels);
    EXPECT_EQ(a->tissuePixels, b->tissuePixels);
}

TEST(DabQuantification, RoiCancelAndBadInput) {
    const Picture p = gridPicture(8, 8, 0.5);
    cv::Mat roi(p.rgb.size(), CV_8U, cv::Scalar(0));
    roi(cv::Rect(0, 0, p.rgb.cols / 2, p.rgb.rows)).setTo(255);
    auto half = quantifyDab(p.rgb, 0.5, {}, roi);
    ASSERT_TRUE(half.ok());
    EXPECT_EQ(half->scores.cells, 32);
    for (const auto& c : half->cells) EXPECT_LT(c.centroid.x, p.rgb.cols / 2);

    core::JobControl cancelled;
    cancelled.cancel();
    auto c = quantifyDab(p.rgb, 0.5, {}, {}, &cancelled);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error(), "cancelled");

    EXPECT_FALSE(quantifyDab(cv::Mat(), 0.5).ok());
    EXPECT_FALSE(quantifyDab(cv::Mat(10, 10, CV_8UC1), 0.5).ok());
    EXPECT_FALSE(quantifyDab(p.rgb, 0.5, {}, cv::Mat(3, 3, CV_8U)).ok());
    DabOptions bad;
    bad.thresholds = {0.4, 0.2, 0.6};
    EXPECT_FALSE(quantifyDab(p.rgb, 0.5, bad).ok());
    // A blank picture: no cells, no error, no tissue.
    auto blank = quantifyDab(cv::Mat(300, 300, CV_8UC3, cv::Scalar(250, 250, 250)), 0.5);
    ASSERT_TRUE(blank.ok());
    EXPECT_EQ(blank->scores.cells, 0);
    EXPECT_EQ(blank->positivePixelFraction, 0);
}

TEST(DabQuantification, PositivePixelFractionIsDabAboveTheFirstThresholdWithinTissue) {
    // Half the tissue strip DAB 0.5, half 0.05: about half the tissue pixels are positive.
    const StainMatrix m = hematoxylinDab();
    cv::Mat rgb(400, 400, CV_8UC3, cv::Scalar(252, 252, 252));
    auto fill = [&](cv::Rect r, double h, double d) {
        cv::Vec3b v;
        for (int c = 0; c < 3; ++c)
            v[c] = cv::saturate_cast<uint8_t>(255 * std::pow(10.0, -(h * m.vectors[0][c] + d * m.vectors[1][c])));
        rgb(r).setTo(cv::Scalar(v[0], v[1], v[2]));
    };
    fill({0, 100, 200, 200}, 0.2, 0.5);
    fill({200, 100, 200, 200}, 0.2, 0.05);
    auto r = quantifyDab(rgb, 0.5);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->positivePixelFraction, 0.5, 0.05);
    EXPECT_NEAR(double(r->tissuePixels), 400.0 * 200, 400.0 * 200 * 0.1);
}

TEST(NucleusScale, EstimatesTheScaleFromSevenMicronNuclei) {
    // Nuclei of 7 µm equivalent diameter at 0.25 and 0.4 µm/px: the scale comes back within 15 %.
    for (double mpp : {0.25, 0.4}) {
        std::mt19937 rng(2);
        std::uniform_real_distribution<double> u(0, 1);
        std::vector<Nucleus> nuclei;
        const double side = 600;
        for (int i = 0; i < 150; ++i) nuclei.push_back({{side * u(rng), side * u(rng)}, 3.2 + 0.6 * u(rng), u(rng) < 0.2 ? 0.8 : 0});
        const Picture p = paint({int(side), int(side)}, mpp, nuclei);
        const auto channels = deconvolve(p.rgb, hematoxylinDab());
        auto est = estimateUmPerPx(channels[0]);
        ASSERT_TRUE(est.ok()) << est.error();
        EXPECT_NEAR(est->umPerPx, mpp, 0.15 * mpp);
        auto q = quantifyDab(p.rgb, 0);
        ASSERT_TRUE(q.ok());
        EXPECT_TRUE(q->umPerPxEstimated);
        EXPECT_FALSE(q->notes.empty());
    }
    EXPECT_FALSE(estimateUmPerPx(cv::Mat(100, 100, CV_32F, cv::Scalar(0.01))).ok()) << "no nuclei, no scale";
}
