// SPDX-License-Identifier: MIT
// ImageFileSource: photos and plain images (PNG, JPEG, stripped TIFF), written here with OpenCV and
// libtiff or taken from the shared data folder, and the OME-TIFFs whose JPEG tiles are YCbCr
// although their TIFF tag says RGB.
#include "slide/image_file_source.h"

#include <gtest/gtest.h>
#include <openslide.h>
#include <tiffio.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <vector>

#include "core/tile_grid.h"
#include "support/test_data.h"

using namespace histomark;
using slide::ImageFileSource;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<ImageFileSource> openOrFail(const fs::path& p) {
    auto r = ImageFileSource::open(p.string());
    EXPECT_TRUE(r.ok()) << p << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : nullptr;
}

core::RgbaImage readLevel(ImageFileSource& src, int level) {
    const auto& l = src.info().levels[size_t(level)];
    auto img = src.readRegion(0, 0, level, int(l.width), int(l.height));
    EXPECT_TRUE(img.ok());
    return img.ok() ? *img : core::RgbaImage();
}

// RGB of an 8-bit BGR(A)/grey cv::Mat pixel.
std::array<int, 3> rgbOf(const cv::Mat& m, int x, int y) {
    if (m.channels() == 1) {
        const int g = m.at<uint8_t>(y, x);
        return {g, g, g};
    }
    const uint8_t* p = m.ptr<uint8_t>(y) + x * m.channels();
    return {p[2], p[1], p[0]};
}

// Largest per-channel difference between an image and a decoded 8-bit, opaque cv::Mat.
int maxDiff(const core::RgbaImage& img, const cv::Mat& m) {
    EXPECT_EQ(img.width, m.cols);
    EXPECT_EQ(img.height, m.rows);
    int worst = 0;
    for (int y = 0; y < std::min(img.height, m.rows); ++y)
        for (int x = 0; x < std::min(img.width, m.cols); ++x) {
            const auto want = rgbOf(m, x, y);
            for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(int(img.at(x, y)[c]) - want[size_t(c)]));
            EXPECT_EQ(img.at(x, y)[3], 255);
        }
    return worst;
}

core::RgbaImage fromBgr(const cv::Mat& bgr) {
    core::RgbaImage img(bgr.cols, bgr.rows);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const auto rgb = rgbOf(bgr, x, y);
            for (int c = 0; c < 3; ++c) img.at(x, y)[c] = uint8_t(rgb[size_t(c)]);
            img.at(x, y)[3] = 255;
        }
    return img;
}

double meanAbsDiff(const core::RgbaImage& a, const core::RgbaImage& b) {
    EXPECT_EQ(a.width, b.width);
    EXPECT_EQ(a.height, b.height);
    double sum = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i)
        if (i % 4 != 3) sum += std::abs(int(a.pixels[i]) - int(b.pixels[i]));
    return sum / (3.0 * double(a.width) * a.height);
}

cv::Mat noise(int w, int h, int type, unsigned seed) {
    cv::Mat m(h, w, type);
    cv::theRNG().state = seed;
    cv::randu(m, 0, type == CV_16UC3 ? 65536 : 256);
    return m;
}

// A smooth colour picture (JPEG-friendly): gradients plus a few discs.
cv::Mat picture(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(uint8_t(x * 255 / w), uint8_t(y * 255 / h), 180);
    cv::circle(m, {w / 3, h / 2}, h / 5, cv::Scalar(60, 40, 200), -1);
    cv::circle(m, {2 * w / 3, h / 3}, h / 6, cv::Scalar(200, 220, 40), -1);
    return m;
}

// An uncompressed, stripped (not tiled) RGB TIFF with optional resolution tags.
void writeStrippedTiff(const fs::path& p, const cv::Mat& bgr, float xres, float yres, uint16_t unit) {
    TIFF* t = TIFFOpen(p.c_str(), "w");
    ASSERT_TRUE(t);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(bgr.cols));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(bgr.rows));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 16);
    if (xres > 0) {
        TIFFSetField(t, TIFFTAG_XRESOLUTION, xres);
        TIFFSetField(t, TIFFTAG_YRESOLUTION, yres);
        TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, unit);
    }
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    for (int y = 0; y < rgb.rows; ++y) ASSERT_EQ(TIFFWriteScanline(t, rgb.ptr(y), uint32_t(y), 0), 1);
    TIFFClose(t);
}

// JPEG segments: splits a baseline stream into (tables: SOI DQT DHT EOI) and (image without them),
// the "abbreviated" form TIFFs use with a shared JPEGTables tag.
std::pair<std::vector<uint8_t>, std::vector<uint8_t>> splitTables(const std::vector<uint8_t>& jpeg) {
    std::vector<uint8_t> tables = {0xFF, 0xD8}, image = {0xFF, 0xD8};
    size_t i = 2;
    while (i + 4 <= jpeg.size()) {
        const uint8_t marker = jpeg[i + 1];
        if (marker == 0xDA) break;  // SOS: the rest is entropy-coded data
        const size_t len = size_t(jpeg[i + 2]) << 8 | jpeg[i + 3];
        auto& to = (marker == 0xDB || marker == 0xC4) ? tables : image;
        to.insert(to.end(), jpeg.begin() + long(i), jpeg.begin() + long(i + 2 + len));
        i += 2 + len;
    }
    image.insert(image.end(), jpeg.begin() + long(i), jpeg.end());
    tables.push_back(0xFF);
    tables.push_back(0xD9);
    return {tables, image};
}

struct JpegTiffSpec {
    bool tiled = true;
    bool sharedTables = false;
    uint16_t photometric = PHOTOMETRIC_RGB;  // what the tag claims; the data is always JFIF YCbCr 4:2:0
    int damagedChunk = -1;                    // this tile/strip is cut to a third
};

// A JPEG-in-TIFF the way Bio-Formats writes OME-TIFF: each tile a complete JFIF (YCbCr) stream,
// Photometric tagged RGB. Edge tiles are full size, as TIFF requires.
void writeJpegTiff(const fs::path& p, const cv::Mat& bgr, const JpegTiffSpec& spec) {
    const int cw = spec.tiled ? 128 : bgr.cols, ch = spec.tiled ? 128 : 64;
    TIFF* t = TIFFOpen(p.c_str(), "w");
    ASSERT_TRUE(t);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, uint32_t(bgr.cols));
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, uint32_t(bgr.rows));
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, spec.photometric);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_JPEG);
    TIFFSetField(t, TIFFTAG_XRESOLUTION, 44034.0f);
    TIFFSetField(t, TIFFTAG_YRESOLUTION, 44033.0f);
    TIFFSetField(t, TIFFTAG_RESOLUTIONUNIT, RESUNIT_CENTIMETER);
    if (spec.tiled) {
        TIFFSetField(t, TIFFTAG_TILEWIDTH, uint32_t(cw));
        TIFFSetField(t, TIFFTAG_TILELENGTH, uint32_t(ch));
    } else {
        TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, uint32_t(ch));
    }
    cv::Mat padded;
    cv::copyMakeBorder(bgr, padded, 0, (ch - bgr.rows % ch) % ch, 0, (cw - bgr.cols % cw) % cw, cv::BORDER_REPLICATE);
    std::vector<uint8_t> tables;  // the same for every chunk: OpenCV writes the standard tables
    std::vector<std::vector<uint8_t>> chunks;
    for (int y = 0; y < bgr.rows; y += ch)
        for (int x = 0; x < bgr.cols; x += cw) {
            std::vector<uint8_t> jpeg;
            ASSERT_TRUE(cv::imencode(".jpg", padded(cv::Rect(x, y, cw, ch)), jpeg, {cv::IMWRITE_JPEG_QUALITY, 95}));
            if (spec.sharedTables) std::tie(tables, jpeg) = splitTables(jpeg);
            if (int(chunks.size()) == spec.damagedChunk) jpeg.resize(jpeg.size() / 3);
            chunks.push_back(std::move(jpeg));
        }
    if (spec.sharedTables) TIFFSetField(t, TIFFTAG_JPEGTABLES, uint32_t(tables.size()), tables.data());
    for (size_t i = 0; i < chunks.size(); ++i) {
        auto& jpeg = chunks[i];
        const tmsize_t n = spec.tiled ? TIFFWriteRawTile(t, uint32_t(i), jpeg.data(), tmsize_t(jpeg.size()))
                                      : TIFFWriteRawStrip(t, uint32_t(i), jpeg.data(), tmsize_t(jpeg.size()));
        ASSERT_EQ(n, tmsize_t(jpeg.size()));
    }
    TIFFClose(t);
}

// Pixels of the derived pyramid (correct colours) at level 0, through OpenSlide.
core::RgbaImage pyramidLevel0(const fs::path& p) {
    openslide_t* osr = openslide_open(p.c_str());
    if (!osr) return {};
    int64_t w = 0, h = 0;
    openslide_get_level0_dimensions(osr, &w, &h);
    std::vector<uint32_t> argb(size_t(w * h));
    openslide_read_region(osr, argb.data(), 0, 0, 0, w, h);
    openslide_close(osr);
    core::RgbaImage img{int(w), int(h)};
    for (size_t i = 0; i < argb.size(); ++i) {
        img.pixels[4 * i] = uint8_t(argb[i] >> 16);
        img.pixels[4 * i + 1] = uint8_t(argb[i] >> 8);
        img.pixels[4 * i + 2] = uint8_t(argb[i]);
        img.pixels[4 * i + 3] = 255;
    }
    return img;
}

// What a naive reader shows: the decoded RGB turned back into the YCbCr values the file stores
// (JFIF), displayed as if they were RGB.
core::RgbaImage asNaiveReaderShowsIt(const core::RgbaImage& rgb) {
    core::RgbaImage out = rgb;
    for (size_t i = 0; i < out.pixels.size(); i += 4) {
        const double r = rgb.pixels[i], g = rgb.pixels[i + 1], b = rgb.pixels[i + 2];
        const double y = 0.299 * r + 0.587 * g + 0.114 * b;
        out.pixels[i] = uint8_t(std::clamp(y, 0.0, 255.0));
        out.pixels[i + 1] = uint8_t(std::clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 0.0, 255.0));
        out.pixels[i + 2] = uint8_t(std::clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b, 0.0, 255.0));
    }
    return out;
}

}  // namespace

TEST(ImageFileSource, PngAlphaIsCompositedOnWhite) {
    const auto path = test::tempDir("image-alpha") / "alpha.png";
    cv::Mat bgra(2, 3, CV_8UC4);
    bgra.at<cv::Vec4b>(0, 0) = {10, 20, 30, 0};     // fully transparent
    bgra.at<cv::Vec4b>(0, 1) = {10, 20, 30, 255};   // opaque
    bgra.at<cv::Vec4b>(0, 2) = {0, 100, 200, 128};  // half: straight (200, 100, 0)
    bgra.at<cv::Vec4b>(1, 0) = {0, 0, 0, 64};
    bgra.at<cv::Vec4b>(1, 1) = {255, 255, 255, 1};
    bgra.at<cv::Vec4b>(1, 2) = {90, 90, 90, 254};
    ASSERT_TRUE(cv::imwrite(path.string(), bgra));
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().backend, "image-file");
    EXPECT_EQ(src->info().vendor, "png");
    EXPECT_EQ(src->info().properties.at("image.channels"), "4");
    auto img = src->readRegion(0, 0, 0, 3, 2);
    ASSERT_TRUE(img.ok());
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) {
            const auto p = bgra.at<cv::Vec4b>(y, x);
            const double a = p[3] / 255.0;
            for (int c = 0; c < 3; ++c)
                EXPECT_NEAR(img->at(x, y)[c], p[2 - c] * a + 255 * (1 - a), 0.5 + 1e-9) << x << "," << y << " channel " << c;
            EXPECT_EQ(img->at(x, y)[3], 255);
        }
    const uint8_t* transparent = img->at(0, 0);
    EXPECT_TRUE(transparent[0] == 255 && transparent[1] == 255 && transparent[2] == 255);
    const uint8_t* opaque = img->at(1, 0);
    EXPECT_TRUE(opaque[0] == 30 && opaque[1] == 20 && opaque[2] == 10);
    const uint8_t* half = img->at(2, 0);
    EXPECT_TRUE(half[0] == 227 && half[1] == 177 && half[2] == 127) << int(half[0]) << " " << int(half[1]) << " " << int(half[2]);
}

TEST(ImageFileSource, SixteenBitPngIsScaledTo8Bit) {
    const auto dir = test::tempDir("image-16bit");
    cv::Mat m(1, 4, CV_16UC3);
    m.at<cv::Vec3w>(0, 0) = {0, 0, 0};
    m.at<cv::Vec3w>(0, 1) = {65535, 65535, 65535};
    m.at<cv::Vec3w>(0, 2) = {257 * 10, 257 * 100, 257 * 200};  // B G R
    m.at<cv::Vec3w>(0, 3) = {128, 32896, 65407};                // 0.5, 128.0, 254.5 after / 257
    ASSERT_TRUE(cv::imwrite((dir / "rgb16.png").string(), m));
    auto src = openOrFail(dir / "rgb16.png");
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().properties.at("image.bit-depth"), "16");
    auto img = src->readRegion(0, 0, 0, 4, 1);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->at(0, 0)[0], 0);
    EXPECT_EQ(img->at(1, 0)[1], 255);
    EXPECT_EQ(img->at(2, 0)[0], 200);  // R
    EXPECT_EQ(img->at(2, 0)[1], 100);
    EXPECT_EQ(img->at(2, 0)[2], 10);
    EXPECT_EQ(img->at(3, 0)[1], 128);
    // 16-bit grey as well.
    cv::Mat grey(2, 2, CV_16UC1, cv::Scalar(257 * 77));
    ASSERT_TRUE(cv::imwrite((dir / "grey16.png").string(), grey));
    auto g = openOrFail(dir / "grey16.png");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->info().properties.at("image.bit-depth"), "16");
    EXPECT_EQ(g->info().properties.at("image.channels"), "1");
    auto gi = g->readRegion(0, 0, 0, 2, 2);
    ASSERT_TRUE(gi.ok());
    for (int c = 0; c < 3; ++c) EXPECT_EQ(gi->at(1, 1)[c], 77);
}

TEST(ImageFileSource, GreyPngIsExpandedToRgb) {
    const auto path = test::tempDir("image-grey") / "grey.png";
    cv::Mat grey = noise(37, 23, CV_8UC1, 5);
    ASSERT_TRUE(cv::imwrite(path.string(), grey));
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().properties.at("image.channels"), "1");
    EXPECT_EQ(maxDiff(readLevel(*src, 0), grey), 0);
}

TEST(ImageFileSource, JpegDecodesLikeLibjpegAndLooksLikeTheOriginal) {
    const auto dir = test::tempDir("image-jpeg");
    const cv::Mat original = picture(300, 200);
    ASSERT_TRUE(cv::imwrite((dir / "photo.jpg").string(), original, {cv::IMWRITE_JPEG_QUALITY, 95}));
    auto src = openOrFail(dir / "photo.jpg");
    ASSERT_TRUE(src);
    EXPECT_EQ(src->info().vendor, "jpg");
    EXPECT_EQ(src->info().width(), 300);
    EXPECT_EQ(src->info().height(), 200);
    EXPECT_EQ(src->info().levelCount(), 1);
    EXPECT_FALSE(src->info().mpp.known());
    const auto img = readLevel(*src, 0);
    EXPECT_LE(maxDiff(img, cv::imread((dir / "photo.jpg").string(), cv::IMREAD_UNCHANGED)), 1);
    EXPECT_LT(meanAbsDiff(img, fromBgr(original)), 2.0);  // lossy, but the same picture
    // Grey JPEG, uppercase extension.
    cv::Mat grey;
    cv::cvtColor(original, grey, cv::COLOR_BGR2GRAY);
    ASSERT_TRUE(cv::imwrite((dir / "grey.JPEG").string(), grey));
    auto g = openOrFail(dir / "grey.JPEG");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->info().vendor, "jpeg");
    EXPECT_EQ(g->info().properties.at("image.channels"), "1");
    EXPECT_LE(maxDiff(readLevel(*g, 0), cv::imread((dir / "grey.JPEG").string(), cv::IMREAD_UNCHANGED)), 1);
}

TEST(ImageFileSource, StrippedTiffTakesTheScaleFromItsResolutionTags) {
    const auto dir = test::tempDir("image-tiff");
    const cv::Mat original = noise(640, 480, CV_8UC3, 11);
    writeStrippedTiff(dir / "cm.tif", original, 40000.f, 40000.f, RESUNIT_CENTIMETER);
    auto src = openOrFail(dir / "cm.tif");
    ASSERT_TRUE(src);
    const auto& info = src->info();
    EXPECT_EQ(info.backend, "image-file");
    EXPECT_EQ(info.vendor, "tif");
    ASSERT_TRUE(info.mpp.known());
    EXPECT_NEAR(*info.mpp.x, 0.25, 1e-9);
    EXPECT_NEAR(*info.mpp.y, 0.25, 1e-9);
    EXPECT_EQ(info.mpp.source, core::MppSource::TiffResolution);
    EXPECT_EQ(info.properties.at("tiff.ResolutionUnit"), "centimeter");
    ASSERT_EQ(info.levelCount(), 2);  // 640x480, then 320x240
    EXPECT_EQ(maxDiff(readLevel(*src, 0), original), 0);  // uncompressed: exact

    writeStrippedTiff(dir / "inch.tiff", original, 101600.f, 50800.f, RESUNIT_INCH);
    auto inch = openOrFail(dir / "inch.tiff");
    ASSERT_TRUE(inch && inch->info().mpp.known());
    EXPECT_NEAR(*inch->info().mpp.x, 0.25, 1e-9);
    EXPECT_NEAR(*inch->info().mpp.y, 0.5, 1e-9);

    writeStrippedTiff(dir / "72dpi.tif", original, 72.f, 72.f, RESUNIT_INCH);
    auto dpi = openOrFail(dir / "72dpi.tif");
    ASSERT_TRUE(dpi);
    EXPECT_FALSE(dpi->info().mpp.known());
    EXPECT_NE(dpi->info().mpp.note.find("default"), std::string::npos) << dpi->info().mpp.note;

    writeStrippedTiff(dir / "none.tif", original, 0, 0, 0);
    auto none = openOrFail(dir / "none.tif");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->info().mpp.known());
    EXPECT_EQ(none->info().properties.count("tiff.XResolution"), 0u);
}

TEST(ImageFileSource, GeneratedLevelsHalveUntilTheImageFitsOneTile) {
    const auto dir = test::tempDir("image-levels");
    struct Case {
        int w, h;
        std::vector<std::pair<int, int>> levels;
    };
    const Case cases[] = {{1500, 1000, {{1500, 1000}, {750, 500}, {375, 250}}},
                          {1001, 601, {{1001, 601}, {501, 301}}},
                          {512, 300, {{512, 300}}},
                          {513, 10, {{513, 10}, {257, 5}}},
                          {40, 2000, {{40, 2000}, {20, 1000}, {10, 500}}},
                          {1, 2000, {{1, 2000}, {1, 1000}, {1, 500}}}};  // a line scan: the width stays 1
    for (const auto& c : cases) {
        const auto path = dir / (std::to_string(c.w) + "x" + std::to_string(c.h) + ".png");
        ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(c.h, c.w, CV_8UC3, cv::Scalar(1, 2, 3))));
        auto src = openOrFail(path);
        ASSERT_TRUE(src);
        const auto& levels = src->info().levels;
        ASSERT_EQ(levels.size(), c.levels.size()) << path;
        for (size_t i = 0; i < levels.size(); ++i) {
            EXPECT_EQ(levels[i].width, c.levels[i].first) << path << " level " << i;
            EXPECT_EQ(levels[i].height, c.levels[i].second) << path << " level " << i;
            // From the long side (exact for it), so a 1 px wide picture's levels still halve.
            EXPECT_DOUBLE_EQ(levels[i].downsample, double(std::max(c.w, c.h)) / std::max(c.levels[i].first, c.levels[i].second))
                << path << " level " << i;
            EXPECT_EQ(levels[i].tileWidth, 0);  // no native tiles: the pipeline uses 512
        }
        EXPECT_LE(std::max(levels.back().width, levels.back().height), 512);
        if (levels.size() > 1) {
            EXPECT_GT(std::max(levels[levels.size() - 2].width, levels[levels.size() - 2].height), 512);
        }
    }
}

TEST(ImageFileSource, Level1IsA2xAreaDownsample) {
    const auto path = test::tempDir("image-downsample") / "noise.png";
    const cv::Mat original = noise(800, 600, CV_8UC3, 3);
    ASSERT_TRUE(cv::imwrite(path.string(), original));
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    ASSERT_EQ(src->info().levelCount(), 2);
    EXPECT_DOUBLE_EQ(src->info().levels[1].downsample, 2.0);
    const auto level1 = readLevel(*src, 1);
    ASSERT_EQ(level1.width, 400);
    ASSERT_EQ(level1.height, 300);
    int worst = 0;
    for (int y = 0; y < 300; ++y)
        for (int x = 0; x < 400; ++x)
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx) sum += rgbOf(original, 2 * x + dx, 2 * y + dy)[size_t(c)];
                worst = std::max(worst, std::abs(level1.at(x, y)[c] - sum / 4.0) > 0.75 ? 99 : 0);
            }
    EXPECT_EQ(worst, 0) << "level 1 is not the 2x2 average of level 0";
    // A region of level 1 addressed in level-0 coordinates.
    auto part = src->readRegion(200, 100, 1, 50, 40);
    ASSERT_TRUE(part.ok());
    for (int y = 0; y < 40; ++y) ASSERT_EQ(std::memcmp(part->at(0, y), level1.at(100, 50 + y), 50 * 4), 0) << "row " << y;
}

TEST(ImageFileSource, RegionsOverTheEdgeAreWhiteOutside) {
    const auto path = test::tempDir("image-edge") / "small.png";
    const cv::Mat original = noise(100, 80, CV_8UC3, 8);
    ASSERT_TRUE(cv::imwrite(path.string(), original));
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    auto img = src->readRegion(-10, 60, 0, 130, 40);
    ASSERT_TRUE(img.ok());
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 130; ++x) {
            const bool inside = x >= 10 && x < 110 && y < 20;
            const uint8_t* p = img->at(x, y);
            if (inside) {
                const auto want = rgbOf(original, x - 10, 60 + y);
                ASSERT_TRUE(p[0] == want[0] && p[1] == want[1] && p[2] == want[2]) << x << "," << y;
            } else {
                ASSERT_TRUE(p[0] == 255 && p[1] == 255 && p[2] == 255 && p[3] == 255) << x << "," << y;
            }
        }
    auto outside = src->readRegion(5000, 5000, 0, 16, 16);
    ASSERT_TRUE(outside.ok());
    EXPECT_EQ(outside->at(15, 15)[0], 255);
    for (auto r : {src->readRegion(0, 0, 1, 8, 8), src->readRegion(0, 0, -1, 8, 8), src->readRegion(0, 0, 0, 0, 8),
                   src->readRegion(0, 0, 0, 1 << 15, 1 << 15)}) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error(), "invalid region request");
    }
}

TEST(ImageFileSource, TilesOfFractionalLevelsStartAtTheirOwnPixel) {
    // 30001 px wide: level 1 is 15001 px, downsample 1.99993. TileGrid puts tile 15 of level 1 at
    // level-0 x = round(7680 * 1.99993) = 15359, and 15359 / 1.99993 = 7679.76: flooring that read the
    // tile one pixel to the left of where the grid draws it.
    const auto path = test::tempDir("image-fractional") / "wide.png";
    ASSERT_TRUE(cv::imwrite(path.string(), noise(30001, 3, CV_8UC3, 21)));
    auto src = openOrFail(path);
    ASSERT_TRUE(src);
    core::TileGrid grid(src->info());
    int checked = 0;
    for (int level = 1; level < grid.levelCount(); ++level) {
        const auto whole = readLevel(*src, level);
        for (int col = 0; col < grid.cols(level); ++col) {
            const auto r = grid.tileRect(level, col, 0);
            auto tile = src->readRegion(r.x0, r.y0, level, r.width, r.height);
            ASSERT_TRUE(tile.ok());
            for (int y = 0; y < r.height; ++y)
                ASSERT_EQ(std::memcmp(tile->at(0, y), whole.at(int(r.levelX), y), size_t(r.width) * 4), 0)
                    << "level " << level << " tile " << col << " (x0 " << r.x0 << ") is shifted";
            ++checked;
        }
    }
    EXPECT_GT(checked, 30);
}

TEST(ImageFileSource, ContentDecidesTheDecoderNotTheName) {
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    const auto dir = test::tempDir("image-names");
    fs::copy_file(png, dir / "ihc-without-extension");
    fs::copy_file(png, dir / "ihc-really-a-png.jpg");
    auto bare = openOrFail(dir / "ihc-without-extension");  // used to throw std::out_of_range
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->info().vendor, "image");
    auto misnamed = openOrFail(dir / "ihc-really-a-png.jpg");
    ASSERT_TRUE(misnamed);
    EXPECT_EQ(misnamed->info().width(), 512);
    EXPECT_EQ(maxDiff(readLevel(*misnamed, 0), cv::imread(png.string(), cv::IMREAD_UNCHANGED)), 0);
}

TEST(ImageFileSource, SkimageIhcPng) {
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    auto src = openOrFail(png);
    ASSERT_TRUE(src);
    const auto& info = src->info();
    EXPECT_EQ(info.backend, "image-file");
    EXPECT_EQ(info.vendor, "png");
    ASSERT_EQ(info.levelCount(), 1);
    EXPECT_EQ(info.width(), 512);
    EXPECT_EQ(info.height(), 512);
    EXPECT_FALSE(info.mpp.known());
    EXPECT_EQ(info.mpp.source, core::MppSource::Unknown);
    EXPECT_EQ(core::TileGrid(info).tileSize(0), 512);
    EXPECT_EQ(maxDiff(readLevel(*src, 0), cv::imread(png.string(), cv::IMREAD_UNCHANGED)), 0);
}

TEST(ImageFileSource, DeepliifKi67Tiles) {
    HM_REQUIRE_DATA(dir, "deepliif-ki67");
    int opened = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".png") continue;
        SCOPED_TRACE(entry.path().string());
        auto src = openOrFail(entry.path());
        ASSERT_TRUE(src);
        const cv::Mat ref = cv::imread(entry.path().string(), cv::IMREAD_UNCHANGED);
        EXPECT_EQ(src->info().width(), ref.cols);
        EXPECT_EQ(src->info().height(), ref.rows);
        EXPECT_GE(src->info().levelCount(), 1);
        EXPECT_LE(std::max(src->info().levels.back().width, src->info().levels.back().height), 512);
        if (ref.depth() == CV_8U && ref.channels() != 4) {
            EXPECT_EQ(maxDiff(readLevel(*src, 0), ref), 0);
        }
        ++opened;
    }
    EXPECT_EQ(opened, 7);  // 3 IHC tiles, their 3 masks, 1 six-panel figure
}

TEST(ImageFileSource, OmeTiffYcbcrTilesShowTrueColours) {
    // The JPEG tiles are YCbCr while the TIFF says RGB: OpenCV alone cannot read these files at all
    // (libtiff: "Improper JPEG sampling factors"), and libtiff-based viewers show pink and green.
    // Reference: the derived pyramid of the same pixels, converted with the JFIF formulas.
    struct Case {
        const char* ome;
        const char* pyramid;
        int size;
        double mpp;
    };
    const Case cases[] = {
        {"qupath-os-crops/OS-1-detail.ome.tif", "qupath-os-crops/openslide-pyramidal/OS-1-detail.pyramid.tif", 1101, 0.2271},
        {"qupath-os-crops/OS-2-ndpi.ome.tif", "qupath-os-crops/openslide-pyramidal/OS-2-ndpi.pyramid.tif", 2202, 0.2271},
        {"qupath-os-crops/OS-2-vsi.ome.tif", "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif", 1445, 0.3461},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.ome);
        HM_REQUIRE_DATA(ome, c.ome);
        HM_REQUIRE_DATA(pyramid, c.pyramid);
        EXPECT_TRUE(cv::imread(ome.string(), cv::IMREAD_UNCHANGED).empty()) << "OpenCV reads it now: revisit";
        auto src = openOrFail(ome);
        ASSERT_TRUE(src);
        const auto& info = src->info();
        EXPECT_EQ(info.width(), c.size);
        EXPECT_EQ(info.height(), c.size);
        EXPECT_EQ(info.properties.count("image.colour-note"), 1u);
        ASSERT_TRUE(info.mpp.known());
        EXPECT_NEAR(info.mpp.mean(), c.mpp, 5e-5);
        EXPECT_EQ(info.mpp.source, core::MppSource::TiffResolution);
        const auto ours = readLevel(*src, 0);
        const auto reference = pyramidLevel0(pyramid);
        ASSERT_EQ(reference.width, c.size);
        const double good = meanAbsDiff(ours, reference);
        const double naive = meanAbsDiff(asNaiveReaderShowsIt(ours), reference);
        EXPECT_LT(good, 1.5) << "mean |difference| to the correctly converted pyramid";
        EXPECT_GT(naive, 20.0) << "the false-colour reading should be far off";
        std::cout << "    " << c.ome << ": mean |diff| to reference " << good << " (false colours: " << naive << ")\n";
    }
}

TEST(ImageFileSource, YcbcrJpegTaggedRgbTiffsTiledStrippedAndWithSharedTables) {
    const auto dir = test::tempDir("image-jpegtiff");
    const cv::Mat original = picture(300, 200);
    struct Case {
        const char* name;
        JpegTiffSpec spec;
    };
    const Case cases[] = {{"tiled.tif", {true, false}},
                          {"stripped.tif", {false, false}},
                          {"tiled-tables.tif", {true, true}},
                          {"stripped-tables.tiff", {false, true}}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto path = dir / c.name;
        writeJpegTiff(path, original, c.spec);
        auto src = openOrFail(path);
        ASSERT_TRUE(src);
        EXPECT_EQ(src->info().properties.count("image.colour-note"), 1u);
        EXPECT_NEAR(src->info().mpp.mean(), 0.2271, 5e-5);
        // JPEG quality 95 with 4:2:0 chroma: close to the original; the YCbCr values shown as RGB are not.
        const auto img = readLevel(*src, 0);
        const auto want = fromBgr(original);
        EXPECT_LT(meanAbsDiff(img, want), 2.0);
        EXPECT_GT(meanAbsDiff(asNaiveReaderShowsIt(img), want), 30.0);
    }
    // Tagged honestly as YCbCr, libtiff handles it: the usual OpenCV path, without the note.
    writeJpegTiff(dir / "honest.tif", original, {true, false, PHOTOMETRIC_YCBCR});
    auto honest = openOrFail(dir / "honest.tif");
    ASSERT_TRUE(honest);
    EXPECT_EQ(honest->info().properties.count("image.colour-note"), 0u);
    EXPECT_LT(meanAbsDiff(readLevel(*honest, 0), fromBgr(original)), 2.0);
}

TEST(ImageFileSource, DamagedYcbcrJpegTileIsAnError) {
    const auto dir = test::tempDir("image-jpegtiff-damaged");
    writeJpegTiff(dir / "damaged.tif", picture(300, 200), {true, false, PHOTOMETRIC_RGB, 4});
    auto r = ImageFileSource::open((dir / "damaged.tif").string());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("cannot decode image " + (dir / "damaged.tif").string() + ": JPEG tile 4 is damaged or truncated"),
              std::string::npos)
        << r.error();
}

namespace {

// A JPEG with an APP1 Exif segment recording `orientation`, in little- or big-endian TIFF order.
std::vector<uchar> jpegWithOrientation(const cv::Mat& bgr, int orientation, bool little, bool damaged = false) {
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95});
    auto u16 = [&](std::vector<uchar>& v, unsigned x) {
        if (little) v.insert(v.end(), {uchar(x), uchar(x >> 8)});
        else v.insert(v.end(), {uchar(x >> 8), uchar(x)});
    };
    auto u32 = [&](std::vector<uchar>& v, unsigned x) {
        if (little) u16(v, x & 0xFFFF), u16(v, x >> 16);
        else u16(v, x >> 16), u16(v, x & 0xFFFF);
    };
    std::vector<uchar> exif = {'E', 'x', 'i', 'f', 0, 0};
    exif.insert(exif.end(), little ? std::initializer_list<uchar>{'I', 'I'} : std::initializer_list<uchar>{'M', 'M'});
    u16(exif, 42);
    u32(exif, damaged ? 5000 : 8);  // a damaged offset points past the segment
    u16(exif, 1);
    u16(exif, 0x0112), u16(exif, 3), u32(exif, 1), u16(exif, unsigned(orientation)), u16(exif, 0);
    u32(exif, 0);
    std::vector<uchar> app1 = {0xFF, 0xE1, uchar((exif.size() + 2) >> 8), uchar(exif.size() + 2)};
    app1.insert(app1.end(), exif.begin(), exif.end());
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
    return jpeg;
}

}  // namespace

// A phone's photo stores the sensor's pixels and an EXIF orientation; it is shown, measured and
// marked upright, as every photo viewer shows it. A damaged Exif block leaves the picture as stored.
TEST(ImageFileSource, ACameraJpegIsTurnedUprightAsItsExifOrientationAsks) {
    const auto dir = test::tempDir("exif-orientation");
    cv::Mat bgr(32, 64, CV_8UC3, cv::Scalar(40, 40, 220));       // left half red (BGR)
    bgr(cv::Rect(32, 0, 32, 32)).setTo(cv::Scalar(220, 60, 40));  // right half blue
    struct Case {
        int orientation;
        bool little, damaged;
        int width, height;
        cv::Point red;  // a pixel that must be red once upright
    };
    for (const Case& c : {Case{6, true, false, 32, 64, {16, 8}},    // turned 90° clockwise: left goes to the top
                          Case{8, false, false, 32, 64, {16, 56}},  // anticlockwise: left goes to the bottom
                          Case{3, false, false, 64, 32, {56, 16}},  // 180°: left goes right
                          Case{1, true, false, 64, 32, {8, 16}},
                          Case{6, true, true, 64, 32, {8, 16}}}) {  // damaged: as stored
        const auto path = dir / ("o" + std::to_string(c.orientation) + (c.little ? "le" : "be") + (c.damaged ? "-bad" : "") + ".jpg");
        const auto bytes = jpegWithOrientation(bgr, c.orientation, c.little, c.damaged);
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        auto src = openOrFail(path);
        ASSERT_TRUE(src) << path;
        EXPECT_EQ(src->info().width(), c.width) << path;
        EXPECT_EQ(src->info().height(), c.height) << path;
        auto px = src->readRegion(c.red.x, c.red.y, 0, 1, 1);
        ASSERT_TRUE(px.ok());
        EXPECT_GT(int(px->at(0, 0)[0]), 180) << path << ": red there";
        EXPECT_LT(int(px->at(0, 0)[2]), 90) << path;
        const bool turned = c.orientation != 1 && !c.damaged;
        EXPECT_EQ(src->info().properties.count("image.exif-orientation"), turned ? 1u : 0u) << path;
    }
}

// A floating-point TIFF of intensities 0..1 keeps its brightness (0.5 is mid-grey, not white as a
// min-max stretch made it); other ranges are stretched, and the properties say so.
TEST(ImageFileSource, FloatTiffsKeepTheirBrightnessOrSayTheyWereStretched) {
    const auto dir = test::tempDir("float-tiff");
    cv::Mat unit(16, 16, CV_32FC1, cv::Scalar(0.5f));
    unit(cv::Rect(0, 0, 8, 16)).setTo(0.25f);
    ASSERT_TRUE(cv::imwrite((dir / "unit.tif").string(), unit));
    auto a = openOrFail(dir / "unit.tif");
    ASSERT_TRUE(a);
    auto px = a->readRegion(0, 0, 0, 16, 1);
    ASSERT_TRUE(px.ok());
    EXPECT_NEAR(int(px->at(0, 0)[0]), 64, 1);
    EXPECT_NEAR(int(px->at(15, 0)[0]), 128, 1);
    EXPECT_EQ(a->info().properties.count("image.colour-note"), 0u);

    cv::Mat wide = unit * 4000;  // 1000 .. 2000
    ASSERT_TRUE(cv::imwrite((dir / "wide.tif").string(), wide));
    auto b = openOrFail(dir / "wide.tif");
    ASSERT_TRUE(b);
    auto q = b->readRegion(0, 0, 0, 16, 1);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(int(q->at(0, 0)[0]), 0);
    EXPECT_EQ(int(q->at(15, 0)[0]), 255);
    ASSERT_EQ(b->info().properties.count("image.colour-note"), 1u);
    EXPECT_NE(b->info().properties.at("image.colour-note").find("1000 to 2000 stretched"), std::string::npos);
}
