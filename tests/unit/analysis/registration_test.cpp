// SPDX-License-Identifier: MIT
// registerImages on real slides against copies of themselves with a known transform (rotation,
// mirror, shift, scale) and a different stain: the error of the recovered transform, in µm, over
// the fixed picture's tissue.
#include "analysis/registration.h"

#include <chrono>

#include "registration_fixtures.h"
#include "support/test_data.h"

namespace histomark::analysis {
namespace {

using test::ErrorStats;

struct Case {
    const char* name;
    double degrees;
    bool mirror;
    double scale;          // copy px per original px
    bool scaleKnown;       // the copy's µm per px is given (else: the original's, so scale is unknown)
    cv::Mat (*recolour)(const cv::Mat&);
};

ErrorStats runCase(const test::Picture& pic, const Case& c, const char* slideName) {
    core::Affine toCopy = test::rotationAbout(c.degrees, pic.rgb.cols / 2.0, pic.rgb.rows / 2.0);
    if (c.mirror) toCopy = core::Affine::mirrorX().then(toCopy);
    toCopy = toCopy.then(core::Affine::scaling(c.scale)).then(core::Affine::translation(37.3, -12.6));
    const cv::Mat copy = c.recolour(test::transformedCopy(pic.rgb, toCopy));
    const auto start = std::chrono::steady_clock::now();
    auto r = registerImages(pic.rgb, pic.umPerPx, copy, c.scaleKnown ? pic.umPerPx / c.scale : pic.umPerPx);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    if (!r) return {1e9, 1e9, 0};
    const ErrorStats e = test::transformError(toCopy, r->movingToFixed, tissueMask(pic.rgb, {pic.umPerPx}), pic.umPerPx);
    std::printf("[ accuracy ] %-10s %-28s error median %6.2f um, p90 %6.2f um (%d points) | reported residual %6.2f um, "
                "score %.2f, rot %7.2f, mirrored %d, scale %.3f | %4.0f ms\n",
                slideName, c.name, e.medianUm, e.p90Um, e.points, r->residualUm, r->score, r->rotationDegrees, r->mirrored,
                r->scale, ms);
    EXPECT_EQ(r->mirrored, c.mirror) << c.name;
    return e;
}

const Case kCases[] = {
    {"37 deg, H-DAB", 37, false, 1.0, true, test::toHematoxylinDab},
    {"180 deg, pale blue", 180, false, 1.0, true, test::toPaleCounterstain},
    {"90 deg + mirror, H-DAB", 90, true, 1.0, true, test::toHematoxylinDab},
    {"-121 deg, 1.3x scanner", -121, false, 1.3, true, test::toPaleCounterstain},
    {"213 deg + mirror, 3% unknown", 213, true, 1.03, false, test::toHematoxylinDab},
};

void runAll(const test::Picture& pic, const char* slideName) {
    ASSERT_FALSE(pic.rgb.empty());
    for (const Case& c : kCases) {
        const ErrorStats e = runCase(pic, c, slideName);
        EXPECT_LT(e.medianUm, 20.0) << slideName << ": " << c.name;
    }
}

// Closer to real serial sections: the copy is also deformed (±8 µm, smoothly), only 70 % of it is
// kept, and both carry pen strokes and debris. Errors are against the rigid part of the truth.
void runSerialLike(const test::Picture& pic, const char* slideName) {
    ASSERT_FALSE(pic.rgb.empty());
    cv::Mat fixed = pic.rgb.clone();
    test::addArtefacts(fixed, 11, pic.umPerPx);
    cv::Mat moving = test::deformed(pic.rgb, 8.0 / pic.umPerPx, 400.0 / pic.umPerPx, 5);
    test::cutAway(moving, 0.7, 30);
    core::Affine toCopy = core::Affine::mirrorX().then(test::rotationAbout(143, pic.rgb.cols / 2.0, pic.rgb.rows / 2.0));
    moving = test::toHematoxylinDab(test::transformedCopy(moving, toCopy));
    test::addArtefacts(moving, 12, pic.umPerPx);
    const auto start = std::chrono::steady_clock::now();
    auto r = registerImages(fixed, pic.umPerPx, moving, pic.umPerPx);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r.ok()) << r.error();
    const ErrorStats e = test::transformError(toCopy, r->movingToFixed, tissueMask(pic.rgb, {pic.umPerPx}), pic.umPerPx);
    std::printf("[ accuracy ] %-10s %-28s error median %6.2f um, p90 %6.2f um (%d points) | reported residual %6.2f um, "
                "score %.2f, overlap %.2f | %4.0f ms\n",
                slideName, "143 deg+mirror, cut, warped", e.medianUm, e.p90Um, e.points, r->residualUm, r->score, r->overlap, ms);
    for (const auto& n : r->notes) std::printf("             note: %s\n", n.c_str());
    EXPECT_TRUE(r->mirrored);
    EXPECT_LT(e.medianUm, 20.0) << slideName;
}

TEST(RegisterImages, SerialSectionLikeCopies) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(tcga, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    runSerialLike(test::readPicture(cmu, 2.0), "CMU-1");
    test::Picture pic = test::readPicture(tcga, 0, 1024);
    pic.umPerPx = 0.5 * 4443.0 / pic.rgb.cols;
    runSerialLike(pic, "TCGA-CR");
}

TEST(RegisterImages, Cmu1AgainstRestainedCopies) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    runAll(test::readPicture(file, 2.0), "CMU-1");
}

TEST(RegisterImages, TcgaAgainstRestainedCopies) {
    HM_REQUIRE_DATA(file, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    test::Picture pic = test::readPicture(file, 0, 1024);
    pic.umPerPx = 0.5 * 4443.0 / pic.rgb.cols;  // the file has no scale; a 20x scan is assumed for the µm figures
    runAll(pic, "TCGA-CR");
}

TEST(RegisterImages, Ki67CropAgainstRecolouredCopies) {
    HM_REQUIRE_DATA(file, "qupath-os-crops/openslide-pyramidal/OS-2-ndpi.pyramid.tif");
    runAll(test::readPicture(file, 0.5), "OS-2-ndpi");
}

}  // namespace
}  // namespace histomark::analysis
