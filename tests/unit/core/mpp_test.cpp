// SPDX-License-Identifier: MIT
#include "core/mpp.h"

#include <gtest/gtest.h>

using namespace histomark::core;

TEST(Mpp, VendorValueWins) {
    auto m = resolveMpp({{"openslide.mpp-x", "0.499"}, {"openslide.mpp-y", "0.499"},
                         {"tiff.XResolution", "44034"}, {"tiff.YResolution", "44033"}, {"tiff.ResolutionUnit", "centimeter"}});
    ASSERT_TRUE(m.known());
    EXPECT_DOUBLE_EQ(*m.x, 0.499);
    EXPECT_EQ(m.source, MppSource::Vendor);
}

TEST(Mpp, TiffCentimetreResolutionIsConverted) {
    // OS-2 crop pyramid: 44034 px/cm -> 0.2271 um/px (OpenSlide 3.4.1 does not convert it).
    auto m = resolveMpp({{"tiff.XResolution", "44034"}, {"tiff.YResolution", "44033"}, {"tiff.ResolutionUnit", "centimeter"}});
    ASSERT_TRUE(m.known());
    EXPECT_NEAR(*m.x, 0.22710, 1e-5);
    EXPECT_NEAR(*m.y, 0.22711, 1e-5);
    EXPECT_EQ(m.source, MppSource::TiffResolution);
}

TEST(Mpp, TiffInchResolutionIsConverted) {
    auto m = resolveMpp({{"tiff.XResolution", "101600"}, {"tiff.YResolution", "101600"}, {"tiff.ResolutionUnit", "inch"}});
    ASSERT_TRUE(m.known());
    EXPECT_NEAR(*m.x, 0.25, 1e-12);
}

TEST(Mpp, DefaultDpiIsNotAScanScale) {
    // boxes.tiff carries 72 dpi (28.35 px/cm): 352.8 um/px is a file default, not a microscope.
    auto m = resolveMpp({{"tiff.XResolution", "28.346456527709961"}, {"tiff.YResolution", "28.346456527709961"},
                         {"tiff.ResolutionUnit", "centimeter"}});
    EXPECT_FALSE(m.known());
    EXPECT_EQ(m.source, MppSource::Unknown);
    EXPECT_NE(m.note.find("default"), std::string::npos) << m.note;
}

TEST(Mpp, ResolutionWithoutUnitIsIgnored) {
    auto m = resolveMpp({{"tiff.XResolution", "40000"}, {"tiff.YResolution", "40000"}, {"tiff.ResolutionUnit", "none"}});
    EXPECT_FALSE(m.known());
}

TEST(Mpp, GarbageAndMissingValuesGiveUnknown) {
    EXPECT_FALSE(resolveMpp({}).known());
    EXPECT_FALSE(resolveMpp({{"openslide.mpp-x", "abc"}, {"openslide.mpp-y", "0.25"}}).known());
    EXPECT_FALSE(resolveMpp({{"openslide.mpp-x", "0"}, {"openslide.mpp-y", "0"}}).known());
    EXPECT_FALSE(resolveMpp({{"openslide.mpp-x", "inf"}, {"openslide.mpp-y", "inf"}}).known());
}

TEST(Mpp, ObjectivePower) {
    EXPECT_EQ(objectivePowerOf({{"openslide.objective-power", "20"}}).value_or(0), 20);
    EXPECT_FALSE(objectivePowerOf({{"openslide.objective-power", ""}}).has_value());
}

TEST(Mpp, CalibrationFromAKnownLength) {
    // A 100 µm stage-micrometer division spans 400 level-0 px: 0.25 µm/px.
    EXPECT_DOUBLE_EQ(mppFromCalibration(100, 400).value_or(0), 0.25);
    EXPECT_FALSE(mppFromCalibration(0, 400));
    EXPECT_FALSE(mppFromCalibration(100, 0));
    EXPECT_FALSE(mppFromCalibration(1e6, 1));     // 1 m per pixel: a typo, refused
    EXPECT_FALSE(mppFromCalibration(1, 1e6));     // 1 pm per pixel: refused too
}
