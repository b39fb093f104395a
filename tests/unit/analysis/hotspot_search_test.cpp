// SPDX-License-Identifier: MIT
// The 10-HPF hotspot window: sized from the preset and the scale, ranked by candidates on tissue.
#include "analysis/hotspot_search.h"

#include <gtest/gtest.h>

#include <cmath>

namespace histomark::analysis {
namespace {

MitosisCandidate at(double x, double y, double score = 0.8) {
    MitosisCandidate c;
    c.at = {x, y};
    c.score = score;
    return c;
}

// A 20 x 15 mm slide at 0.5 µm/px (40000 x 30000 px), all tissue, mask at 100 px per mask px.
struct Slide {
    double width = 40000, height = 30000, ds = 100, mpp = 0.5;
    cv::Mat tissue = cv::Mat(300, 400, CV_8U, cv::Scalar(255));
};

TEST(HotspotSearch, FindsTheDensestWindowOfTheRectanglePreset) {
    Slide s;
    std::vector<MitosisCandidate> cands;
    for (int i = 0; i < 30; ++i) cands.push_back(at(30000 + 40 * i, 20000 + 30 * (i % 7)));  // a cluster
    for (int i = 0; i < 10; ++i) cands.push_back(at(2000 + 3000 * i, 4000));                  // scattered
    HotspotOptions o;
    o.preset = *core::findHpfPreset("midog-2.37");
    auto w = findHotspots(cands, s.tissue, s.ds, s.width, s.height, s.mpp, s.mpp, o);
    ASSERT_TRUE(w) << w.error();
    ASSERT_FALSE(w->empty());
    // 2.37 mm² as a 4:3 rectangle: 1777.6 x 1333.2 µm.
    EXPECT_NEAR((*w)[0].box.width * s.mpp, 1777.6, 1);
    EXPECT_NEAR((*w)[0].box.height * s.mpp, 1333.2, 1);
    EXPECT_EQ((*w)[0].count, 30);
    EXPECT_NEAR((*w)[0].per10Hpf, 30, 1e-6);
    EXPECT_TRUE((*w)[0].box.contains({30500, 20100}));
    for (size_t i = 1; i < w->size(); ++i) {
        EXPECT_LE((*w)[i].count, (*w)[i - 1].count);
        EXPECT_FALSE((*w)[i].box.intersects((*w)[0].box));
    }
}

TEST(HotspotSearch, IgnoresGlassAndExcludedAreas) {
    Slide s;
    s.tissue(cv::Rect(0, 0, 200, 300)).setTo(0);  // left half glass
    cv::Mat excluded(s.tissue.size(), CV_8U, cv::Scalar(0));
    excluded(cv::Rect(300, 0, 100, 300)).setTo(255);  // right quarter necrosis
    std::vector<MitosisCandidate> cands;
    for (int i = 0; i < 20; ++i) cands.push_back(at(5000 + 50 * i, 15000));   // on glass
    for (int i = 0; i < 15; ++i) cands.push_back(at(35000 + 50 * i, 15000));  // in necrosis
    for (int i = 0; i < 5; ++i) cands.push_back(at(25000 + 50 * i, 15000));   // counted
    HotspotOptions o;
    o.preset = *core::findHpfPreset("fnclcc");
    auto w = findHotspots(cands, s.tissue, s.ds, s.width, s.height, s.mpp, s.mpp, o, excluded);
    ASSERT_TRUE(w) << w.error();
    ASSERT_FALSE(w->empty());
    EXPECT_EQ((*w)[0].count, 5);
    // FNCLCC: 1.734 mm² as one circle, 1485.9 µm across.
    EXPECT_NEAR((*w)[0].box.width * s.mpp, 2 * std::sqrt(1.734 / 3.14159265358979) * 1000, 1);
    for (const auto& win : *w) EXPECT_GE(win.tissueFraction, 0.5);  // half the slide is tissue: every window qualifies
}

TEST(HotspotSearch, ScoreWeightedRanking) {
    Slide s;
    std::vector<MitosisCandidate> cands;
    for (int i = 0; i < 6; ++i) cands.push_back(at(5000 + 60 * i, 5000, 0.55));   // many, weak
    for (int i = 0; i < 4; ++i) cands.push_back(at(30000 + 60 * i, 20000, 0.99)); // few, strong
    HotspotOptions o;
    o.preset = *core::findHpfPreset("fn22-40x");
    o.top = 1;
    auto byCount = findHotspots(cands, s.tissue, s.ds, s.width, s.height, s.mpp, s.mpp, o);
    o.scoreWeighted = true;
    auto byScore = findHotspots(cands, s.tissue, s.ds, s.width, s.height, s.mpp, s.mpp, o);
    ASSERT_TRUE(byCount && byScore);
    EXPECT_EQ((*byCount)[0].count, 6);
    EXPECT_EQ((*byScore)[0].count, 4);
}

// A picture smaller than one window: the one window is centred on it, and its figure per 10 HPF,
// scaled up from the little tissue there, comes with a caveat; so does a slide with only a speck
// of tissue. A window wholly on tissue has none.
TEST(HotspotSearch, APictureSmallerThanAWindowOrASpeckOfTissueSaysItsFigureIsScaledUp) {
    HotspotOptions o;
    o.preset = *core::findHpfPreset("fnclcc");  // a circle 1486 µm across: 2972 px at 0.5 µm/px
    const double mpp = 0.5, width = 2000, height = 1500, ds = 10;
    cv::Mat tissue(150, 200, CV_8U, cv::Scalar(0));
    tissue(cv::Rect(80, 60, 40, 30)).setTo(255);  // 0.2 x 0.15 mm of tissue in the middle
    std::vector<MitosisCandidate> cands;
    for (int i = 0; i < 4; ++i) cands.push_back(at(850 + 50 * i, 700));
    auto w = findHotspots(cands, tissue, ds, width, height, mpp, mpp, o);
    ASSERT_TRUE(w) << w.error();
    ASSERT_EQ(w->size(), 1u);
    const HotspotWindow& best = (*w)[0];
    EXPECT_EQ(best.count, 4);
    EXPECT_NEAR(best.box.x + best.box.width / 2, width / 2, 1);  // centred, not hanging off the top-left
    EXPECT_NEAR(best.box.y + best.box.height / 2, height / 2, 1);
    EXPECT_TRUE(best.largerThanSlide);
    EXPECT_TRUE(best.partial);
    EXPECT_NEAR(best.tissueMm2, 0.2 * 0.15, 1e-6);  // all the tissue is inside the circle
    EXPECT_GT(best.per10Hpf, 100);  // 4 figures read as hundreds: why the caveat is needed
    const std::string small = hotspotCaveat(best, width, height, mpp, mpp);
    EXPECT_NE(small.find("smaller than one window"), std::string::npos) << small;
    EXPECT_NE(small.find("scaled up"), std::string::npos) << small;

    Slide big;  // 20 x 15 mm, a 0.5 x 0.5 mm speck of tissue
    big.tissue.setTo(0);
    big.tissue(cv::Rect(200, 150, 10, 10)).setTo(255);
    auto speck = findHotspots({at(20500, 15500)}, big.tissue, big.ds, big.width, big.height, big.mpp, big.mpp, o);
    ASSERT_TRUE(speck && !speck->empty());
    EXPECT_TRUE((*speck)[0].partial);
    EXPECT_FALSE((*speck)[0].largerThanSlide);
    const std::string few = hotspotCaveat((*speck)[0], big.width, big.height, big.mpp, big.mpp);
    EXPECT_NE(few.find("no window is even half on tissue"), std::string::npos) << few;

    Slide full;
    auto whole = findHotspots({at(20500, 15500)}, full.tissue, full.ds, full.width, full.height, full.mpp, full.mpp, o);
    ASSERT_TRUE(whole && !whole->empty());
    EXPECT_FALSE((*whole)[0].partial);
    EXPECT_EQ(hotspotCaveat((*whole)[0], full.width, full.height, full.mpp, full.mpp), "");
}

TEST(HotspotSearch, RefusesUnknownScaleOrMissingMask) {
    Slide s;
    HotspotOptions o;
    o.preset = *core::findHpfPreset("fnclcc");
    EXPECT_FALSE(findHotspots({}, s.tissue, s.ds, s.width, s.height, 0, 0, o));
    EXPECT_FALSE(findHotspots({}, cv::Mat(), s.ds, s.width, s.height, s.mpp, s.mpp, o));
}

}  // namespace
}  // namespace histomark::analysis
