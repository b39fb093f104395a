// SPDX-License-Identifier: MIT
#include "core/magnification.h"
#include "core/scale_bar.h"

#include <gtest/gtest.h>

using namespace histomark::core;

namespace {
SlideInfo slideWith(std::optional<double> mpp, std::optional<double> objective) {
    SlideInfo info;
    if (mpp) info.mpp.x = info.mpp.y = *mpp;
    info.objectivePower = objective;
    return info;
}
}  // namespace

TEST(Magnification, ComesFromMppNotFromTheObjectiveTag) {
    // A "20x"-tagged scan at 0.25 um/px is really 40x equivalent at zoom 1 (the 3DHistech case).
    auto m = Magnification::forSlide(slideWith(0.25, 20));
    EXPECT_EQ(m.basis(), Magnification::Basis::Mpp);
    EXPECT_NEAR(m.magnificationAt(1), 40, 1e-9);
    EXPECT_NEAR(m.zoomFor(10), 4, 1e-9);
    EXPECT_NEAR(m.zoomFor(40), 1, 1e-9);
    EXPECT_EQ(m.label(4), "10x");
}

TEST(Magnification, HalfMicronSlideIs20xAtFullResolution) {
    auto m = Magnification::forSlide(slideWith(0.499, 20));
    EXPECT_NEAR(m.magnificationAt(1), 20.04, 0.01);
    EXPECT_NEAR(m.zoomFor(5), 4.008, 0.001);
}

TEST(Magnification, FallsBackToObjectiveTagThenRelative) {
    auto tagged = Magnification::forSlide(slideWith(std::nullopt, 20));
    EXPECT_EQ(tagged.basis(), Magnification::Basis::ObjectiveTag);
    EXPECT_NEAR(tagged.zoomFor(10), 2, 1e-9);
    EXPECT_NE(tagged.label(2).find("objective tag"), std::string::npos);
    auto relative = Magnification::forSlide(slideWith(std::nullopt, std::nullopt));
    EXPECT_EQ(relative.basis(), Magnification::Basis::Relative);
    EXPECT_NE(relative.label(1).find("relative"), std::string::npos);
}

TEST(ScaleBar, PicksA125LengthThatFits) {
    auto bar = chooseScaleBar(0.25, 180);  // 40x: 45 um fit -> 20 um
    ASSERT_TRUE(bar);
    EXPECT_DOUBLE_EQ(bar->lengthUm, 20);
    EXPECT_DOUBLE_EQ(bar->lengthScreenPx, 80);
    EXPECT_EQ(bar->label, "20 \xC2\xB5m");
    auto low = chooseScaleBar(40, 180);  // 7.2 mm fit -> 5 mm
    ASSERT_TRUE(low);
    EXPECT_EQ(low->label, "5 mm");
    EXPECT_FALSE(chooseScaleBar(0, 180));
}

TEST(ScaleBar, FormatsLengths) {
    EXPECT_EQ(formatLengthUm(1250), "1.25 mm");
    EXPECT_EQ(formatLengthUm(2.5), "2.50 \xC2\xB5m");
    EXPECT_EQ(formatLengthUm(500), "500 \xC2\xB5m");
}
