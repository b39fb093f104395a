// SPDX-License-Identifier: MIT
#include "slide/pyramid_tiff_writer.h"

#include <gtest/gtest.h>
#include <openslide.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/mpp.h"
#include "support/test_data.h"

namespace histomark::slide {
namespace {

namespace fs = std::filesystem;

// A smooth deterministic pattern with different periods per channel and axis, so misplaced tiles,
// swapped channels or wrong averaging show, while JPEG loss stays near one grey level (sharp
// colour edges would lose far more to 4:2:0 chroma subsampling at any quality).
void testPattern(int64_t x0, int64_t y0, core::RgbaImage& img) {
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const double gx = double(x0 + x), gy = double(y0 + y);
            uint8_t* p = img.at(x, y);
            p[0] = uint8_t(128 + 100 * std::sin(gx / 300));
            p[1] = uint8_t(150 + 40 * std::sin(gx / 50) * std::cos(gy / 70));
            p[2] = uint8_t(128 + 100 * std::cos(gy / 250));
            p[3] = 255;
        }
}

core::RgbaImage paintAll(int64_t w, int64_t h) {
    core::RgbaImage img{static_cast<int>(w), static_cast<int>(h)};
    testPattern(0, 0, img);
    return img;
}

struct Slide {
    openslide_t* osr = nullptr;
    explicit Slide(const fs::path& p) : osr(openslide_open(p.c_str())) {}
    ~Slide() {
        if (osr) openslide_close(osr);
    }
    std::string prop(const char* name) const {
        const char* v = openslide_get_property_value(osr, name);
        return v ? v : "";
    }
    std::map<std::string, std::string> props() const {
        std::map<std::string, std::string> m;
        for (const char* const* n = openslide_get_property_names(osr); *n; ++n) m[*n] = prop(*n);
        return m;
    }
    // Level pixels as straight RGB (the slides are opaque).
    std::vector<uint8_t> read(int level, int64_t x0, int64_t y0, int w, int h) const {
        std::vector<uint32_t> argb(size_t(w) * size_t(h));
        openslide_read_region(osr, argb.data(), x0, y0, level, w, h);
        std::vector<uint8_t> rgb(argb.size() * 3);
        for (size_t i = 0; i < argb.size(); ++i)
            rgb[i * 3] = uint8_t(argb[i] >> 16), rgb[i * 3 + 1] = uint8_t(argb[i] >> 8),
                    rgb[i * 3 + 2] = uint8_t(argb[i]);
        return rgb;
    }
};

PyramidTiffOptions smallOptions(PyramidTiffOptions::Flavour flavour) {
    PyramidTiffOptions o;
    o.flavour = flavour;
    o.width = 1000, o.height = 700;  // not tile multiples: edge tiles are partial
    o.jpegQuality = 92;
    return o;
}

TEST(PyramidTiffWriter, LevelSizesHalveDownTo512) {
    PyramidTiffOptions o;
    o.width = 61440, o.height = 40960;
    auto sizes = PyramidTiffWriter::levelSizes(o);
    ASSERT_EQ(sizes.size(), 8u);
    EXPECT_EQ(sizes[1].width, 30720);
    EXPECT_EQ(sizes.back().width, 480);
    o.width = 1001, o.height = 3;
    sizes = PyramidTiffWriter::levelSizes(o);
    ASSERT_EQ(sizes.size(), 2u);
    EXPECT_EQ(sizes[1].width, 501);  // odd sizes round up: no pixel is dropped
    EXPECT_EQ(sizes[1].height, 2);
}

TEST(PyramidTiffWriter, GenericTiffOpensWithResolutionTagsAndMatchingPixels) {
    const fs::path path = test::tempDir("writer-generic") / "pattern.tiff";
    const auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    ASSERT_TRUE(PyramidTiffWriter::write(path.string(), o, testPattern).ok());
    EXPECT_FALSE(fs::exists(path.string() + ".partial"));

    Slide s(path);
    ASSERT_NE(s.osr, nullptr);
    ASSERT_EQ(openslide_get_error(s.osr), nullptr);
    EXPECT_EQ(s.prop("openslide.vendor"), "generic-tiff");
    EXPECT_EQ(s.prop("tiff.XResolution"), "40000");
    EXPECT_EQ(s.prop("tiff.ResolutionUnit"), "centimeter");
    EXPECT_EQ(s.prop("openslide.mpp-x"), "");  // OpenSlide 3.4.1 does not convert; core does
    const core::Mpp mpp = core::resolveMpp(s.props());
    ASSERT_TRUE(mpp.known());
    EXPECT_NEAR(*mpp.x, 0.25, 1e-6);

    ASSERT_EQ(openslide_get_level_count(s.osr), 2);
    int64_t w = 0, h = 0;
    openslide_get_level_dimensions(s.osr, 1, &w, &h);
    EXPECT_EQ(w, 500);
    EXPECT_EQ(h, 350);
    EXPECT_DOUBLE_EQ(openslide_get_level_downsample(s.osr, 1), 2.0);

    // Level 0: the painted pixels, up to JPEG loss.
    const core::RgbaImage truth = paintAll(o.width, o.height);
    const auto l0 = s.read(0, 0, 0, int(o.width), int(o.height));
    double diff = 0;
    for (size_t i = 0; i < l0.size(); ++i) diff += std::abs(int(l0[i]) - int(truth.pixels[i / 3 * 4 + i % 3]));
    EXPECT_LT(diff / double(l0.size()), 2.0);

    // Level 1: the 2 x 2 average of the painted pixels.
    const auto l1 = s.read(1, 0, 0, 500, 350);
    diff = 0;
    for (int y = 0; y < 350; ++y)
        for (int x = 0; x < 500; ++x)
            for (int c = 0; c < 3; ++c) {
                int sum = truth.at(2 * x, 2 * y)[c] + truth.at(2 * x + 1, 2 * y)[c] + truth.at(2 * x, 2 * y + 1)[c] +
                          truth.at(2 * x + 1, 2 * y + 1)[c];
                diff += std::abs(l1[(size_t(y) * 500 + size_t(x)) * 3 + size_t(c)] - sum / 4.0);
            }
    EXPECT_LT(diff / double(l1.size()), 2.0);
}

// The writer's 2 x 2 average: odd edges repeat the last column/row, rounding to nearest.
core::RgbaImage half(const core::RgbaImage& src) {
    core::RgbaImage out((src.width + 1) / 2, (src.height + 1) / 2);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            const int x0 = 2 * x, x1 = std::min(2 * x + 1, src.width - 1), y0 = 2 * y,
                      y1 = std::min(2 * y + 1, src.height - 1);
            for (int c = 0; c < 4; ++c)
                out.at(x, y)[c] =
                    uint8_t((src.at(x0, y0)[c] + src.at(x1, y0)[c] + src.at(x0, y1)[c] + src.at(x1, y1)[c] + 2) >> 2);
        }
    return out;
}

TEST(PyramidTiffWriter, DeepPyramidWithOddSizesAveragesEveryLevel) {
    const fs::path path = test::tempDir("writer-deep") / "odd.tiff";
    auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    o.width = 2101, o.height = 1299;
    ASSERT_TRUE(PyramidTiffWriter::write(path.string(), o, testPattern).ok());
    Slide s(path);
    ASSERT_NE(s.osr, nullptr);
    ASSERT_EQ(openslide_get_level_count(s.osr), 4);  // 2101, 1051, 526, 263
    core::RgbaImage expected = paintAll(o.width, o.height);
    for (int level = 1; level < 4; ++level) {
        expected = half(expected);
        int64_t w = 0, h = 0;
        openslide_get_level_dimensions(s.osr, level, &w, &h);
        ASSERT_EQ(w, expected.width);
        ASSERT_EQ(h, expected.height);
        const auto got = s.read(level, 0, 0, expected.width, expected.height);
        double diff = 0;
        for (size_t i = 0; i < got.size(); ++i) diff += std::abs(int(got[i]) - int(expected.pixels[i / 3 * 4 + i % 3]));
        EXPECT_LT(diff / double(got.size()), 2.0) << "level " << level;
    }
}

TEST(PyramidTiffWriter, AperioFlavourHasVendorMppAndAssociatedImages) {
    const fs::path path = test::tempDir("writer-aperio") / "pattern.svs";
    auto o = smallOptions(PyramidTiffOptions::Flavour::Aperio);
    o.thumbnailSide = 600;
    o.associated = [](const core::RgbaImage& thumbnail) {
        EXPECT_EQ(thumbnail.width, 500);  // the first level that fits 600 px
        core::RgbaImage label(120, 100), macro(300, 100);
        label.fill(250, 250, 240);
        macro.fill(200, 210, 214);
        return std::vector<AssociatedImage>{{"label", label}, {"macro", macro}};
    };
    ASSERT_TRUE(PyramidTiffWriter::write(path.string(), o, testPattern).ok());

    Slide s(path);
    ASSERT_NE(s.osr, nullptr);
    ASSERT_EQ(openslide_get_error(s.osr), nullptr);
    EXPECT_EQ(s.prop("openslide.vendor"), "aperio");
    EXPECT_EQ(s.prop("openslide.mpp-x"), "0.25");
    EXPECT_EQ(s.prop("openslide.mpp-y"), "0.25");
    EXPECT_EQ(s.prop("openslide.objective-power"), "40");
    EXPECT_EQ(openslide_get_level_count(s.osr), 2);
    std::map<std::string, std::pair<int64_t, int64_t>> assoc;
    for (const char* const* n = openslide_get_associated_image_names(s.osr); *n; ++n)
        openslide_get_associated_image_dimensions(s.osr, *n, &assoc[*n].first, &assoc[*n].second);
    ASSERT_EQ(assoc.size(), 3u);
    EXPECT_EQ(assoc["thumbnail"], std::make_pair(int64_t(500), int64_t(350)));
    EXPECT_EQ(assoc["label"], std::make_pair(int64_t(120), int64_t(100)));
    EXPECT_EQ(assoc["macro"], std::make_pair(int64_t(300), int64_t(100)));
    std::vector<uint32_t> label(120 * 100);
    openslide_read_associated_image(s.osr, "label", label.data());
    EXPECT_EQ(label[0] & 0xFFFFFF, 0xFAFAF0u);  // LZW: lossless

    const core::RgbaImage truth = paintAll(o.width, o.height);
    const auto px = s.read(0, 350, 250, 1, 1);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(px[size_t(c)], truth.at(350, 250)[c], 4);
}

TEST(PyramidTiffWriter, BigTiffOpensInOpenSlide) {
    const fs::path path = test::tempDir("writer-bigtiff") / "big.tiff";
    auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    o.bigTiff = PyramidTiffOptions::BigTiff::Always;
    ASSERT_TRUE(PyramidTiffWriter::write(path.string(), o, testPattern).ok());
    std::ifstream in(path, std::ios::binary);
    char header[4] = {};
    in.read(header, 4);
    EXPECT_EQ(header[2], 43);  // BigTIFF magic
    Slide s(path);
    ASSERT_NE(s.osr, nullptr);
    EXPECT_EQ(s.prop("openslide.vendor"), "generic-tiff");
    EXPECT_EQ(openslide_get_level_count(s.osr), 2);
}

TEST(PyramidTiffWriter, MissingDirectoryGivesClearErrorAndNoFile) {
    const fs::path dir = test::tempDir("writer-error") / "no-such-dir";
    const auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    core::Status st = PyramidTiffWriter::write((dir / "x.tiff").string(), o, testPattern);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().find("Cannot create"), std::string::npos) << st.error();
    EXPECT_NE(st.error().find("no-such-dir/x.tiff:"), std::string::npos) << st.error();
    EXPECT_NE(st.error().find("No such file or directory"), std::string::npos) << st.error();
    EXPECT_FALSE(fs::exists(dir));
}

TEST(PyramidTiffWriter, WriteErrorIsReportedAndLeavesNoFile) {
    // A file-size limit makes write() fail with EFBIG, as a full disk fails with ENOSPC.
    const fs::path path = test::tempDir("writer-full") / "big.tiff";
    auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    o.width = o.height = 2048;
    auto noise = [](int64_t x0, int64_t y0, core::RgbaImage& img) {  // incompressible
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x)
                for (int c = 0; c < 3; ++c)
                    img.at(x, y)[c] = uint8_t(((x0 + x) * 7919 + (y0 + y) * 104729 + c * 31) * 2654435761u >> 24);
    };
    testing::internal::CaptureStderr();  // libtiff must report through the Status only
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 256 * 1024;
    setrlimit(RLIMIT_FSIZE, &small);
    const core::Status st = PyramidTiffWriter::write(path.string(), o, noise);
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, SIG_DFL);
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().find(path.string()), std::string::npos) << st.error();
    EXPECT_NE(st.error().find("File too large"), std::string::npos) << st.error();
    EXPECT_FALSE(fs::exists(path));
    EXPECT_FALSE(fs::exists(path.string() + ".partial"));
}

TEST(PyramidTiffWriter, RejectsBadOptions) {
    auto o = smallOptions(PyramidTiffOptions::Flavour::GenericTiff);
    o.tileSize = 100;
    const fs::path path = test::tempDir("writer-bad") / "x.tiff";
    core::Status st = PyramidTiffWriter::write(path.string(), o, testPattern);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().find("Tile size"), std::string::npos);
    EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace histomark::slide
