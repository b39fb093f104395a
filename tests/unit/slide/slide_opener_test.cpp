// SPDX-License-Identifier: MIT
// openSlide() picks the backend that can read the file, and says why when none can.
#include "slide/slide_opener.h"

#include <gtest/gtest.h>

#include <fstream>
#include <tiffio.h>

#include <opencv2/imgcodecs.hpp>

#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<core::SlideSource> openOrFail(const fs::path& p) {
    auto r = slide::openSlide(p.string());
    EXPECT_TRUE(r.ok()) << p << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : nullptr;
}

}  // namespace

TEST(SlideOpener, JpegAperioSvsGoesToTheFastReader) {
    HM_REQUIRE_DATA(path, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "tiff-jpeg");  // described by OpenSlide, tiles read directly
    EXPECT_EQ(src->info().vendor, "aperio");
    EXPECT_EQ(src->info().path, path.string());
    EXPECT_TRUE(src->readRegion(0, 0, 0, 64, 64).ok());
}

TEST(SlideOpener, NdpiGoesToOpenSlide) {
    HM_REQUIRE_DATA(path, "hamamatsu-ndpi-fluorescence/test3-TRITC-2-560.ndpi");
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "openslide");
    EXPECT_EQ(src->info().vendor, "hamamatsu");
}

TEST(SlideOpener, TiledPyramidalTiffGoesToOpenSlideAsGenericTiff) {
    HM_REQUIRE_DATA(path, "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif");
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "openslide");
    EXPECT_EQ(src->info().vendor, "generic-tiff");
    EXPECT_EQ(src->info().levelCount(), 4);
}

TEST(SlideOpener, PngGoesToImageFile) {
    HM_REQUIRE_DATA(path, "skimage-ihc/ihc.png");
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "image-file");
    EXPECT_EQ(src->info().vendor, "png");
    EXPECT_EQ(src->info().width(), 512);
}

TEST(SlideOpener, OmeTiffThatOpenSlideRejectsFallsBackToImageFile) {
    HM_REQUIRE_DATA(path, "qupath-os-crops/OS-1-detail.ome.tif");
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "image-file");
    EXPECT_EQ(src->info().vendor, "tif");
    EXPECT_EQ(src->info().width(), 1101);
    ASSERT_TRUE(src->info().mpp.known());
    EXPECT_NEAR(src->info().mpp.mean(), 0.2271, 5e-5);
    EXPECT_EQ(src->info().mpp.source, core::MppSource::TiffResolution);
}

TEST(SlideOpener, StrippedTiffAndJpegGoToImageFile) {
    const auto dir = test::tempDir("opener-photos");
    const cv::Mat picture(300, 400, CV_8UC3, cv::Scalar(30, 60, 90));
    {
        TIFF* t = TIFFOpen((dir / "stripped.tiff").c_str(), "w");
        ASSERT_TRUE(t);
        TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 400u);
        TIFFSetField(t, TIFFTAG_IMAGELENGTH, 300u);
        TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
        TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
        TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
        TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 32);
        TIFFSetField(t, TIFFTAG_XRESOLUTION, 40000.f);
        TIFFSetField(t, TIFFTAG_YRESOLUTION, 40000.f);
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
        std::vector<uint8_t> row(400 * 3);
        for (size_t i = 0; i < row.size(); i += 3) row[i] = 90, row[i + 1] = 60, row[i + 2] = 30;
        for (uint32_t y = 0; y < 300; ++y) ASSERT_EQ(TIFFWriteScanline(t, row.data(), y, 0), 1);
        TIFFClose(t);
    }
    ASSERT_TRUE(cv::imwrite((dir / "photo.jpg").string(), picture));
    auto tiff = openOrFail(dir / "stripped.tiff");
    ASSERT_TRUE(tiff);
    EXPECT_EQ(tiff->info().backend, "image-file");  // OpenSlide wants tiles
    EXPECT_EQ(tiff->info().vendor, "tiff");
    ASSERT_TRUE(tiff->info().mpp.known());
    EXPECT_DOUBLE_EQ(*tiff->info().mpp.x, 0.25);
    EXPECT_EQ(tiff->info().mpp.source, core::MppSource::TiffResolution);
    auto px = tiff->readRegion(10, 10, 0, 1, 1);
    ASSERT_TRUE(px.ok());
    EXPECT_EQ(px->at(0, 0)[0], 90);
    EXPECT_EQ(px->at(0, 0)[2], 30);
    auto jpeg = openOrFail(dir / "photo.jpg");
    ASSERT_TRUE(jpeg);
    EXPECT_EQ(jpeg->info().backend, "image-file");
    EXPECT_EQ(jpeg->info().vendor, "jpg");
}

// A picture under another name (a camera's own suffix, none at all) is known by its first bytes,
// as every command reads it; a file that is no picture still says what it is not.
TEST(SlideOpener, AnImageUnderAnUnknownExtensionIsKnownByItsContent) {
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    const auto dir = test::tempDir("opener-ext");
    for (const char* name : {"ihc.dat", "ihc"}) {
        fs::copy_file(png, dir / name);
        auto r = slide::openSlide((dir / name).string());
        ASSERT_TRUE(r.ok()) << name << ": " << r.error();
        EXPECT_EQ((*r)->info().backend, "image-file");
        EXPECT_EQ((*r)->info().width(), 512);
    }
    // WebP, which OpenCV decodes, under its own extension and none.
    cv::Mat bgr(48, 64, CV_8UC3, cv::Scalar(200, 120, 230));
    for (const char* name : {"photo.webp", "photo"}) {
        std::vector<uchar> bytes;
        ASSERT_TRUE(cv::imencode(".webp", bgr, bytes));
        std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        auto w = slide::openSlide((dir / name).string());
        ASSERT_TRUE(w.ok()) << name << ": " << w.error();
        EXPECT_EQ((*w)->info().width(), 64);
        EXPECT_EQ((*w)->info().height(), 48);
    }
    const auto text = dir / "notes.dat";
    std::ofstream(text) << "BMnot a bitmap at all";
    auto r = slide::openSlide(text.string());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find(text.string()), std::string::npos) << r.error();
    const auto plain = dir / "plain.dat";
    std::ofstream(plain) << "just text";
    auto p = slide::openSlide(plain.string());
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error(), "Cannot open " + plain.string() +
                             ": not a slide format OpenSlide recognises, and not a JPEG, PNG, TIFF or BMP image");
}

TEST(SlideOpener, OpenSlidesReasonWinsOverTheImageDecoders) {
    // unopenable.tiff is a TIFF OpenSlide detects and rejects, and OpenCV would "decode" as one black
    // pixel: the user must get OpenSlide's reason, not a black image.
    HM_REQUIRE_DATA(path, "openslide-python-fixtures/unopenable.tiff");
    auto r = slide::openSlide(path.string());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "Cannot open " + path.string() + ": Unsupported TIFF compression: 52479");
}
