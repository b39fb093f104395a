// SPDX-License-Identifier: MIT
// Telling an H&E picture from an H-DAB one before quantifying DAB, on the shared data.
#include "analysis/stain_check.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "analysis/dab_quantification.h"
#include "registration_fixtures.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

// H&E pictures are told from H-DAB ones by their eosin (measured gap: 0.04 against 0.6 eosin/DAB).
TEST(StainCheck, HeIsRefusedAndIhcIsNot) {
    HM_REQUIRE_DATA(he, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(ki67, "deepliif-ki67/ihc/34_3.png");
    HM_REQUIRE_DATA(dab, "skimage-ihc/ihc.png");
    for (const auto& [file, isHe] : {std::pair{he, true}, std::pair{ki67, false}, std::pair{dab, false}}) {
        const cv::Mat rgb = test::readPicture(file, 0, 1024).rgb;
        ASSERT_FALSE(rgb.empty()) << file;
        const StainPresence s = measureStainPresence(rgb);
        EXPECT_EQ(s.looksLikeHematoxylinEosin(), isHe) << file << ": eosin " << s.eosin << ", DAB " << s.dab;
        auto q = quantifyDab(rgb, 0.5);
        EXPECT_EQ(q.ok(), !isHe) << file;
        if (isHe) {
            EXPECT_NE(q.error().find("H&E"), std::string::npos) << q.error();
            DabOptions anyway;
            anyway.refuseHematoxylinEosin = false;
            EXPECT_TRUE(quantifyDab(rgb, 0.5, anyway)) << "the check can be skipped";
        }
    }
    // No tissue, and a negative IHC (hematoxylin only): nothing to refuse.
    EXPECT_FALSE(measureStainPresence(cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(250))).looksLikeHematoxylinEosin());
    cv::Mat blue(64, 64, CV_8UC3, cv::Scalar(120, 130, 200));
    EXPECT_FALSE(measureStainPresence(blue).looksLikeHematoxylinEosin());
}

// A greyscale copy of an IHC picture has no stain to tell apart: every nucleus would unmix as
// DAB 3+. It is refused, whatever the H&E check says; the colour original is not.
TEST(StainCheck, AGreyPictureIsRefusedAndItsColourOriginalIsNot) {
    HM_REQUIRE_DATA(ki67, "deepliif-ki67/ihc/34_3.png");
    HM_REQUIRE_DATA(dab, "skimage-ihc/ihc.png");
    for (const auto& file : {ki67, dab}) {
        const cv::Mat rgb = test::readPicture(file, 0, 1024).rgb;
        ASSERT_FALSE(rgb.empty()) << file;
        const StainPresence colour = measureStainPresence(rgb);
        EXPECT_FALSE(colour.looksGrey()) << file << ": spread " << colour.meanColourSpread;
        EXPECT_GT(colour.meanColourSpread, 15) << file;
        cv::Mat grey, grey3;
        cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
        cv::cvtColor(grey, grey3, cv::COLOR_GRAY2RGB);
        EXPECT_TRUE(measureStainPresence(grey3).looksGrey()) << file;
        for (bool check : {true, false}) {
            DabOptions o;
            o.refuseHematoxylinEosin = check;
            auto q = quantifyDab(grey3, 0.5, o);
            ASSERT_FALSE(q.ok()) << file;
            EXPECT_NE(q.error().find("no colour"), std::string::npos) << q.error();
        }
    }
    // Glass alone is not "grey tissue".
    EXPECT_FALSE(measureStainPresence(cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(250))).looksGrey());
}

}  // namespace
}  // namespace histomark::analysis
