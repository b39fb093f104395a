// SPDX-License-Identifier: MIT
// Tissue vs glass on real slide pictures, blank pictures, ink and debris.
#include "analysis/tissue_mask.h"

#include <opencv2/imgproc.hpp>

#include "analysis/stain_grey.h"
#include "registration_fixtures.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

double share(const cv::Mat& mask) { return double(cv::countNonZero(mask)) / double(mask.total()); }
double shareIn(const cv::Mat& mask, cv::Rect r) { return share(mask(r)); }

TEST(TissueMask, Cmu1FindsTheTissueNotTheGlass) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const test::Picture p = test::readPicture(file, 4.0);
    const cv::Mat mask = tissueMask(p.rgb, {p.umPerPx});
    ASSERT_EQ(mask.size(), p.rgb.size());
    ASSERT_EQ(mask.type(), CV_8U);
    // The section is a vertical strip in the middle; the left third is glass but for one strand.
    std::printf("CMU-1 tissue share %.3f\n", share(mask));
    EXPECT_GT(share(mask), 0.25);
    EXPECT_LT(share(mask), 0.6);
    EXPECT_GT(shareIn(mask, {p.rgb.cols * 2 / 5, p.rgb.rows * 3 / 5, p.rgb.cols / 5, p.rgb.rows / 5}), 0.95);
    EXPECT_LT(shareIn(mask, {0, p.rgb.rows * 3 / 5, p.rgb.cols / 5, p.rgb.rows / 5}), 0.05);
    // Glass pixels: bright and grey. Almost none of them may be called tissue.
    int glass = 0, glassInMask = 0;
    for (int y = 0; y < p.rgb.rows; ++y)
        for (int x = 0; x < p.rgb.cols; ++x) {
            const cv::Vec3b c = p.rgb.at<cv::Vec3b>(y, x);
            if (std::min({c[0], c[1], c[2]}) < 225 || std::max({c[0], c[1], c[2]}) - std::min({c[0], c[1], c[2]}) > 8) continue;
            ++glass;
            glassInMask += mask.at<uint8_t>(y, x) != 0;
        }
    EXPECT_GT(glass, 1000);
    EXPECT_LT(double(glassInMask) / glass, 0.1);
}

TEST(TissueMask, UnevenBackgroundOfTcgaIsGlass) {
    HM_REQUIRE_DATA(file, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    const test::Picture p = test::readPicture(file, 0, 1024);  // no scale in the file
    const cv::Mat mask = tissueMask(p.rgb);
    std::printf("TCGA tissue share %.3f\n", share(mask));
    EXPECT_GT(share(mask), 0.5);
    EXPECT_LT(share(mask), 0.85);
    // The corners are glass in light and slightly darker scanner tiles.
    for (cv::Rect r : {cv::Rect(0, 0, 60, 60), cv::Rect(p.rgb.cols - 60, p.rgb.rows - 60, 60, 60)}) EXPECT_LT(shareIn(mask, r), 0.05);
}

TEST(TissueMask, CropsInsideTissueKeepTheTissueAndDropTheSpaces) {
    HM_REQUIRE_DATA(he, "qupath-os-crops/openslide-pyramidal/OS-1-detail.pyramid.tif");
    HM_REQUIRE_DATA(ki67, "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif");
    // Dense H&E tumour: all tissue.
    const test::Picture h = test::readPicture(he, 1.0);
    EXPECT_GT(share(tissueMask(h.rgb, {h.umPerPx})), 0.95);
    // Ki-67 with a pale blue counterstain around empty alveolar spaces: the cells are tissue, the
    // large space on the left (about x 0-20 %, y 60-80 %) is not.
    const test::Picture k = test::readPicture(ki67, 1.0);
    const cv::Mat mask = tissueMask(k.rgb, {k.umPerPx});
    std::printf("OS-2-vsi tissue share %.3f\n", share(mask));
    EXPECT_GT(share(mask), 0.65);
    EXPECT_LT(share(mask), 0.92);
    EXPECT_LT(shareIn(mask, {0, k.rgb.rows * 3 / 5, k.rgb.cols / 5, k.rgb.rows / 5}), 0.2);
    EXPECT_GT(shareIn(mask, {k.rgb.cols * 2 / 5, k.rgb.rows * 2 / 5, k.rgb.cols / 5, k.rgb.rows / 5}), 0.95);
}

TEST(TissueMask, BlankAndTinyPicturesHaveNoTissue) {
    EXPECT_EQ(cv::countNonZero(tissueMask(cv::Mat(300, 400, CV_8UC3, cv::Scalar(255, 255, 255)))), 0);
    EXPECT_EQ(cv::countNonZero(tissueMask(cv::Mat(300, 400, CV_8UC3, cv::Scalar(236, 238, 234)))), 0);
    cv::Mat noisy(300, 400, CV_8UC3);
    cv::randn(noisy, cv::Scalar(238, 238, 238), cv::Scalar(3, 3, 3));
    EXPECT_EQ(cv::countNonZero(tissueMask(noisy, {8.0})), 0);
    EXPECT_EQ(cv::countNonZero(tissueMask(cv::Mat(1, 1, CV_8UC3, cv::Scalar(250, 250, 250)))), 0);
    EXPECT_TRUE(tissueMask(cv::Mat()).empty());
}

TEST(TissueMask, InkAndDebrisAreNotTissue) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const test::Picture p = test::readPicture(file, 4.0);
    cv::Mat marked = p.rgb.clone();
    test::addArtefacts(marked, 3, p.umPerPx);
    const cv::Mat clean = tissueMask(p.rgb, {p.umPerPx}), withInk = tissueMask(marked, {p.umPerPx});
    const cv::Mat added = withInk & ~clean;
    std::printf("tissue added by pen strokes and debris: %d px of %d\n", cv::countNonZero(added), cv::countNonZero(clean));
    EXPECT_LT(cv::countNonZero(added), 0.01 * cv::countNonZero(clean));
}

TEST(StainGrey, RanksInsideTheMaskAndIsZeroOutside) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const test::Picture p = test::readPicture(file, 4.0);
    const cv::Mat mask = tissueMask(p.rgb, {p.umPerPx});
    const cv::Mat grey = stainGrey(p.rgb, mask);
    ASSERT_EQ(grey.type(), CV_32F);
    double lo, hi;
    cv::minMaxLoc(grey, &lo, &hi);
    EXPECT_GE(lo, 0.0);
    EXPECT_LE(hi, 1.0);
    EXPECT_EQ(cv::countNonZero((grey > 0) & ~mask), 0) << "nothing outside the tissue";
    EXPECT_NEAR(cv::mean(grey, mask)[0], 0.5, 0.05) << "ranks are uniform over the tissue";
    // The same tissue in another stain ranks alike (what registration relies on).
    const cv::Mat other = stainGrey(test::toHematoxylinDab(p.rgb), mask);
    cv::Mat corr;
    cv::matchTemplate(grey, other, corr, cv::TM_CCOEFF_NORMED);
    std::printf("H&E vs H-DAB rank picture correlation %.3f\n", corr.at<float>(0, 0));
    EXPECT_GT(corr.at<float>(0, 0), 0.8);
}

}  // namespace
}  // namespace histomark::analysis
