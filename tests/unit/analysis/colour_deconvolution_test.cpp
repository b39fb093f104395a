// SPDX-License-Identifier: MIT
// Colour deconvolution on synthetic Beer-Lambert mixtures of known concentrations, and Macenko
// estimation of the vectors they were made with.
#include "analysis/colour_deconvolution.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>

using namespace histomark::analysis;

namespace {

// I = I0 x 10^-(sum of concentration x vector), per channel; float (exact) or 8-bit (rounded).
cv::Vec3f mix(const StainMatrix& m, double c0, double c1, double c2 = 0) {
    cv::Vec3f p;
    for (int c = 0; c < 3; ++c)
        p[c] = float(m.background[c] * std::pow(10.0, -(c0 * m.vectors[0][c] + c1 * m.vectors[1][c] + c2 * m.vectors[2][c])));
    return p;
}

double angleDegrees(cv::Vec3d a, cv::Vec3d b) {
    return std::acos(std::clamp(a.dot(b) / (cv::norm(a) * cv::norm(b)), -1.0, 1.0)) * 180 / CV_PI;
}

}  // namespace

TEST(ColourDeconvolution, StandardVectorsAreNormalisedWithACrossProductResidual) {
    for (const StainMatrix& m : {hematoxylinDab(), hematoxylinEosin()}) {
        for (const auto& v : m.vectors) EXPECT_NEAR(cv::norm(v), 1.0, 1e-12);
        EXPECT_NEAR(m.vectors[2].dot(m.vectors[0]), 0.0, 1e-12);
        EXPECT_NEAR(m.vectors[2].dot(m.vectors[1]), 0.0, 1e-12);
        EXPECT_EQ(m.stains[2], "Residual");
    }
    const StainMatrix hdab = hematoxylinDab();
    EXPECT_NEAR(hdab.vectors[1][2], 0.776 / std::sqrt(0.268 * 0.268 + 0.570 * 0.570 + 0.776 * 0.776), 1e-12);
    EXPECT_FALSE(makeStainMatrix("x", "a", {1, 1, 1}, "b", {2, 2, 2.01}).ok()) << "parallel stains";
    EXPECT_FALSE(makeStainMatrix("x", "a", {0, 0, 0}, "b", {1, 0, 0}).ok());
    EXPECT_FALSE(makeStainMatrix("x", "a", {1, -1, 0}, "b", {1, 0, 0}).ok());
}

TEST(ColourDeconvolution, RecoversKnownConcentrationsOfSyntheticMixtures) {
    const StainMatrix m = hematoxylinDab();
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> conc(0, 1.2);
    cv::Mat exact(64, 64, CV_32FC3), rounded(64, 64, CV_8UC3);
    cv::Mat truth(64, 64, CV_64FC2);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const double h = conc(rng), d = conc(rng);
            truth.at<cv::Vec2d>(y, x) = {h, d};
            exact.at<cv::Vec3f>(y, x) = mix(m, h, d);
            const cv::Vec3f p = mix(m, h, d);
            rounded.at<cv::Vec3b>(y, x) = {cv::saturate_cast<uint8_t>(p[0]), cv::saturate_cast<uint8_t>(p[1]),
                                           cv::saturate_cast<uint8_t>(p[2])};
        }
    const auto fromFloat = deconvolve(exact, m);
    const auto from8bit = deconvolve(rounded, m);
    double worstFloat = 0, worst8 = 0;
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            for (int s = 0; s < 2; ++s) {
                const double t = truth.at<cv::Vec2d>(y, x)[s];
                worstFloat = std::max(worstFloat, std::abs(fromFloat[size_t(s)].at<float>(y, x) - t));
                worst8 = std::max(worst8, std::abs(from8bit[size_t(s)].at<float>(y, x) - t));
            }
    EXPECT_LT(worstFloat, 1e-4) << "exact intensities give back the concentrations";
    // 8-bit rounding: half a grey level at the darkest pixels (~15 of 255) is ~0.015 OD, amplified by the unmixing.
    EXPECT_LT(worst8, 0.05);
    // The residual is zero for two-stain mixtures.
    EXPECT_LT(cv::norm(fromFloat[2], cv::NORM_INF), 1e-4);
}

TEST(ColourDeconvolution, GlassIsZeroAndAMeasuredBackgroundIsTheGlass) {
    cv::Mat rgb(20, 20, CV_8UC3, cv::Scalar(236, 230, 220));  // slightly yellow glass
    rgb(cv::Rect(0, 0, 10, 20)).setTo(cv::Scalar(120, 110, 160));
    const cv::Vec3d bg = measureBackground(rgb);
    EXPECT_NEAR(bg[0], 236, 1e-9);
    EXPECT_NEAR(bg[2], 220, 1e-9);
    StainMatrix m = hematoxylinDab();
    m.background = bg;
    const auto c = deconvolve(rgb, m);
    EXPECT_NEAR(c[0].at<float>(5, 15), 0.0f, 1e-6);
    EXPECT_NEAR(c[1].at<float>(5, 15), 0.0f, 1e-6);
    const cv::Mat od = rgbOpticalDensity(rgb);  // I0 = 255
    EXPECT_NEAR(od.at<cv::Vec3f>(5, 15)[0], -std::log10(236.0 / 255), 1e-6);
    EXPECT_NEAR(od.at<cv::Vec3f>(0, 0)[1], -std::log10(110.0 / 255), 1e-6);
    // Nothing is brighter than glass, and black is finite.
    cv::Mat extremes(1, 2, CV_8UC3);
    extremes.at<cv::Vec3b>(0, 0) = {255, 255, 255};
    extremes.at<cv::Vec3b>(0, 1) = {0, 0, 0};
    const cv::Mat e = rgbOpticalDensity(extremes, bg);
    EXPECT_EQ(e.at<cv::Vec3f>(0, 0)[0], 0.0f);
    EXPECT_TRUE(std::isfinite(e.at<cv::Vec3f>(0, 1)[0]));
}

TEST(ColourDeconvolution, MacenkoRecoversTheVectorsUsedToSynthesise) {
    // Slide-specific stains, 6-8 degrees off the standard ones.
    const auto truth = *makeStainMatrix("true", "Hematoxylin", {0.58, 0.74, 0.34}, "DAB", {0.33, 0.60, 0.73});
    const StainMatrix reference = hematoxylinDab();
    ASSERT_GT(angleDegrees(truth.vectors[0], reference.vectors[0]), 4.0);
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    cv::Mat rgb(200, 200, CV_8UC3);
    for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 200; ++x) {
            const double r = u(rng), a = 0.2 + 1.0 * u(rng);
            double h = 0, d = 0;
            if (x < 20) {
            } else if (r < 0.45) {
                h = a;
            } else if (r < 0.7) {
                d = a;
            } else {
                const double t = u(rng);
                h = a * t, d = a * (1 - t);
            }
            const cv::Vec3f p = mix(truth, h, d);
            rgb.at<cv::Vec3b>(y, x) = {cv::saturate_cast<uint8_t>(p[0]), cv::saturate_cast<uint8_t>(p[1]),
                                       cv::saturate_cast<uint8_t>(p[2])};
        }
    auto est = estimateStainsMacenko(rgb, reference);
    ASSERT_TRUE(est.ok()) << est.error();
    EXPECT_LT(angleDegrees(est->vectors[0], truth.vectors[0]), 1.0) << "hematoxylin";
    EXPECT_LT(angleDegrees(est->vectors[1], truth.vectors[1]), 1.0) << "DAB";
    EXPECT_EQ(est->stains[0], "Hematoxylin");
    EXPECT_EQ(est->stains[1], "DAB");
    EXPECT_NEAR(est->background[0], 255, 1.0);
}

TEST(ColourDeconvolution, MacenkoRefusesPicturesWithoutEnoughStain) {
    cv::Mat glass(100, 100, CV_8UC3, cv::Scalar(240, 238, 235));
    auto none = estimateStainsMacenko(glass, hematoxylinDab());
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("too few stained pixels"), std::string::npos) << none.error();

    cv::Mat oneStain(100, 100, CV_8UC3);
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0.2, 1.0);
    const StainMatrix m = hematoxylinDab();
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 100; ++x) {
            const cv::Vec3f p = mix(m, u(rng), 0);
            oneStain.at<cv::Vec3b>(y, x) = {cv::saturate_cast<uint8_t>(p[0]), cv::saturate_cast<uint8_t>(p[1]),
                                            cv::saturate_cast<uint8_t>(p[2])};
        }
    auto single = estimateStainsMacenko(oneStain, m);
    EXPECT_FALSE(single.ok());
    EXPECT_FALSE(estimateStainsMacenko(cv::Mat(), m).ok());
}
