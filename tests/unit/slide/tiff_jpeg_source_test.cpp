// SPDX-License-Identifier: MIT
// The fast TIFF/JPEG reader against OpenSlide: which files it takes (and why not the others), and
// that every tile of every level it reads equals OpenSlide's pixels.
#include "slide/tiff_jpeg_source.h"

#include <gtest/gtest.h>
#include <openslide.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

#include "core/tile_grid.h"
#include "slide/openslide_source.h"
#include "slide/pyramid_tiff_writer.h"
#include "slide/slide_opener.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;

namespace {

struct Difference {
    double sum = 0;     // of absolute channel differences
    size_t values = 0;  // channel values compared
    int maxAbs = 0;
    double mean() const { return values ? sum / double(values) : 0; }
    void add(const Difference& d) {
        sum += d.sum, values += d.values;
        maxAbs = std::max(maxAbs, d.maxAbs);
    }
};

// Bare openslide_read_region, premultiplied ARGB composited over white as OpenSlideSource does.
core::RgbaImage openslideRegion(openslide_t* osr, int64_t x0, int64_t y0, int level, int w, int h) {
    core::RgbaImage img(w, h);
    auto* argb = reinterpret_cast<uint32_t*>(img.pixels.data());
    openslide_read_region(osr, argb, x0, y0, level, w, h);
    slide::OpenSlideSource::argbToRgbaOverWhite(argb, size_t(w) * size_t(h), img.pixels.data());
    return img;
}

Difference compare(const core::RgbaImage& a, const core::RgbaImage& b) {
    Difference d;
    if (a.width != b.width || a.height != b.height) {
        d.maxAbs = 255, d.sum = 255, d.values = 1;
        return d;
    }
    for (size_t i = 0; i < a.pixels.size(); ++i) {
        if (i % 4 == 3) continue;  // alpha: 255 on both sides
        const int diff = std::abs(int(a.pixels[i]) - int(b.pixels[i]));
        d.sum += diff, d.maxAbs = std::max(d.maxAbs, diff);
        ++d.values;
    }
    return d;
}

// Every pipeline tile and every native tile of every level, read both ways.
Difference compareEveryTile(core::SlideSource& fast, const std::string& path) {
    openslide_t* osr = openslide_open(path.c_str());
    EXPECT_TRUE(osr && !openslide_get_error(osr)) << path;
    Difference total;
    if (!osr) return total;
    const core::SlideInfo& info = fast.info();
    const core::TileGrid grid(info);
    for (int level = 0; level < info.levelCount(); ++level) {
        const core::LevelInfo& l = info.levels[size_t(level)];
        std::vector<core::TileRect> rects;
        for (int row = 0; row < grid.rows(level); ++row)
            for (int col = 0; col < grid.cols(level); ++col) rects.push_back(grid.tileRect(level, col, row));
        if (l.tileWidth > 0 && l.tileWidth != grid.tileSize(level))  // native tiles too, when the grid differs
            for (int64_t y = 0; y < l.height; y += l.tileHeight)
                for (int64_t x = 0; x < l.width; x += l.tileWidth) {
                    core::TileRect r;
                    r.levelX = x, r.levelY = y;
                    r.width = int(std::min<int64_t>(l.tileWidth, l.width - x));
                    r.height = int(std::min<int64_t>(l.tileHeight, l.height - y));
                    r.x0 = std::llround(double(x) * l.downsample), r.y0 = std::llround(double(y) * l.downsample);
                    rects.push_back(r);
                }
        Difference levelDiff;
        for (const core::TileRect& r : rects) {
            auto mine = fast.readRegion(r.x0, r.y0, level, r.width, r.height);
            EXPECT_TRUE(mine.ok()) << path << " level " << level << ": " << (mine.ok() ? "" : mine.error());
            if (!mine.ok()) break;
            const Difference d = compare(*mine, openslideRegion(osr, r.x0, r.y0, level, r.width, r.height));
            EXPECT_LT(d.mean(), 1.0) << path << " level " << level << " tile at " << r.levelX << ", " << r.levelY;
            levelDiff.add(d);
        }
        std::printf("  %s level %d (%lld x %lld, %zu tiles): mean |diff| %.4f, max |diff| %d\n",
                    fs::path(path).filename().c_str(), level, static_cast<long long>(l.width),
                    static_cast<long long>(l.height), rects.size(), levelDiff.mean(), levelDiff.maxAbs);
        total.add(levelDiff);
    }
    openslide_close(osr);
    return total;
}

std::shared_ptr<slide::TiffJpegSource> openFast(const fs::path& path, std::string* refusal = nullptr) {
    auto os = slide::OpenSlideSource::open(path.string());
    EXPECT_TRUE(os.ok()) << path << ": " << (os.ok() ? "" : os.error());
    if (!os) return nullptr;
    auto fast = slide::TiffJpegSource::open(os.value());
    if (refusal) *refusal = fast.ok() ? "" : fast.error();
    return fast.ok() ? fast.value() : nullptr;
}

// A small pyramid written by the project's own writer: YCbCr 4:2:0 tiles through libtiff's JPEG
// codec (shared JPEGTables), three levels with cut edge tiles.
fs::path writeTestPyramid(const fs::path& dir, slide::PyramidTiffOptions::Flavour flavour) {
    slide::PyramidTiffOptions o;
    o.flavour = flavour;
    o.width = 1500, o.height = 1100, o.tileSize = 256, o.jpegQuality = 88;
    const fs::path path =
        dir / (flavour == slide::PyramidTiffOptions::Flavour::Aperio ? "pyramid.svs" : "pyramid.tiff");
    auto s = slide::PyramidTiffWriter::write(path.string(), o, [](int64_t x0, int64_t y0, core::RgbaImage& img) {
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x) {
                const double gx = double(x0 + x), gy = double(y0 + y);
                uint8_t* p = img.at(x, y);
                p[0] = uint8_t(128 + 100 * std::sin(gx / 37.0) * std::cos(gy / 53.0));
                p[1] = uint8_t(int(gx + gy) % 256);
                p[2] = uint8_t(200 - int(gy / 8) % 120);
                p[3] = 255;
            }
    });
    EXPECT_TRUE(s.ok()) << s.error();
    return path;
}

}  // namespace

TEST(TiffJpegSource, TakesJpegSvsAndRefusesWhatItDoesNotFullyUnderstand) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    std::string why;
    EXPECT_TRUE(openFast(cmu, &why)) << why;
    struct Case {
        const char* file;
        const char* reason;  // part of the refusal
    };
    const Case refused[] = {
        {"tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs", "level 0 is JPEG 2000 (compression 33005)"},
        {"hamamatsu-ndpi-fluorescence/test3-DAPI-2-387.ndpi", "does not take hamamatsu slides"},
        {"openslide-python-fixtures/boxes.tiff", "level 0 is deflate"},
        {"qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif", "level 0 is deflate"},
        {"openslide-python-fixtures/unreadable.svs", "level 0 tile (0, 0): "},  // its one tile is damaged
    };
    for (const Case& c : refused) {
        HM_REQUIRE_DATA(path, c.file);
        EXPECT_FALSE(openFast(path, &why)) << c.file;
        EXPECT_NE(why.find(c.reason), std::string::npos) << c.file << ": " << why;
        // Automatic choice: OpenSlide reads it.
        auto any = slide::openSlide(path.string(), {slide::Backend::Auto});
        ASSERT_TRUE(any.ok()) << any.error();
        EXPECT_EQ(any.value()->info().backend, "openslide") << c.file;
        EXPECT_EQ(slide::fastPathRefusal(path.string()), why);
    }
}

TEST(TiffJpegSource, EveryTileOfEverySharedSlideItTakesMatchesOpenSlide) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    // Every TIFF-family slide in the shared data: those the fast path takes are compared tile by tile.
    const char* files[] = {
        "cmu-1-small-region/CMU-1-Small-Region.svs",
        "openslide-python-fixtures/small.svs",
        "openslide-python-fixtures/unreadable.svs",
        "openslide-python-fixtures/boxes.tiff",
        "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs",
        "hamamatsu-ndpi-fluorescence/test3-DAPI-2-387.ndpi",
        "hamamatsu-ndpi-fluorescence/test3-TRITC-2-560.ndpi",
        "qupath-os-crops/openslide-pyramidal/OS-1-detail.pyramid.tif",
        "qupath-os-crops/openslide-pyramidal/OS-2-ndpi.pyramid.tif",
        "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif",
    };
    int taken = 0;
    for (const char* file : files) {
        HM_REQUIRE_DATA(path, file);
        std::string why;
        auto fast = openFast(path, &why);
        if (!fast) {
            std::printf("  %s: OpenSlide (%s)\n", file, why.c_str());
            continue;
        }
        ++taken;
        const Difference d = compareEveryTile(*fast, path.string());
        std::printf("  %s: fast path, mean |diff| %.4f, max |diff| %d over %zu values\n", file, d.mean(), d.maxAbs,
                    d.values);
        EXPECT_LT(d.mean(), 1.0) << file;
        // Same libjpeg, same colour space, same IDCT: no difference at all is expected.
        EXPECT_EQ(d.maxAbs, 0) << file;
    }
    EXPECT_EQ(taken, 2);  // CMU-1-Small-Region.svs and small.svs
}

TEST(TiffJpegSource, GeneratedPyramidsMatchOpenSlideOnEveryLevel) {
    const fs::path dir = test::tempDir("tiff-jpeg-generated");
    for (auto flavour : {slide::PyramidTiffOptions::Flavour::GenericTiff, slide::PyramidTiffOptions::Flavour::Aperio}) {
        const fs::path path = writeTestPyramid(dir, flavour);
        std::string why;
        auto fast = openFast(path, &why);
        ASSERT_TRUE(fast) << path << ": " << why;
        EXPECT_EQ(fast->info().backend, "tiff-jpeg");
        EXPECT_EQ(fast->info().levelCount(), 3);
        const Difference d = compareEveryTile(*fast, path.string());
        EXPECT_EQ(d.maxAbs, 0) << path;
    }
}

TEST(TiffJpegSource, DescribesTheSlideExactlyAsOpenSlide) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto os = slide::OpenSlideSource::open(cmu.string());
    ASSERT_TRUE(os.ok());
    auto fast = slide::TiffJpegSource::open(os.value());
    ASSERT_TRUE(fast.ok()) << fast.error();
    const core::SlideInfo& a = os.value()->info();
    const core::SlideInfo& b = fast.value()->info();
    EXPECT_EQ(b.backend, "tiff-jpeg");
    EXPECT_EQ(a.vendor, b.vendor);
    ASSERT_EQ(a.levelCount(), b.levelCount());
    for (int i = 0; i < a.levelCount(); ++i) {
        EXPECT_EQ(a.levels[size_t(i)].width, b.levels[size_t(i)].width);
        EXPECT_EQ(a.levels[size_t(i)].height, b.levels[size_t(i)].height);
        EXPECT_EQ(a.levels[size_t(i)].downsample, b.levels[size_t(i)].downsample);
        EXPECT_EQ(a.levels[size_t(i)].tileWidth, b.levels[size_t(i)].tileWidth);
    }
    EXPECT_EQ(a.mpp.x, b.mpp.x);
    EXPECT_EQ(a.mpp.source, b.mpp.source);
    EXPECT_EQ(a.objectivePower, b.objectivePower);
    EXPECT_EQ(a.properties, b.properties);
    EXPECT_EQ(a.associatedImages, b.associatedImages);
    for (const auto& name : a.associatedImages) {
        auto x = os.value()->readAssociatedImage(name);
        auto y = fast.value()->readAssociatedImage(name);
        ASSERT_TRUE(x.ok() && y.ok()) << name;
        EXPECT_EQ(x->pixels, y->pixels) << name;
    }
}

TEST(TiffJpegSource, AnyRegionEqualsOpenSlideIncludingEdgesAndOutside) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto fast = openFast(cmu);
    ASSERT_TRUE(fast);
    openslide_t* osr = openslide_open(cmu.c_str());
    ASSERT_TRUE(osr);
    std::mt19937 rng(5);
    struct Region {
        int64_t x, y;
        int w, h;
    };
    std::vector<Region> regions = {{-100, -50, 300, 200}, {2100, 2900, 300, 300}, {2219, 2966, 1, 1},
                                   {5000, 5000, 64, 64},  {0, 0, 2220, 2967},     {239, 239, 2, 2}};
    for (int i = 0; i < 40; ++i)
        regions.push_back(
            {int64_t(rng() % 2400) - 100, int64_t(rng() % 3100) - 100, int(1 + rng() % 700), int(1 + rng() % 500)});
    for (const Region& r : regions) {
        auto mine = fast->readRegion(r.x, r.y, 0, r.w, r.h);
        ASSERT_TRUE(mine.ok()) << mine.error();
        const Difference d = compare(*mine, openslideRegion(osr, r.x, r.y, 0, r.w, r.h));
        EXPECT_EQ(d.maxAbs, 0) << r.x << ", " << r.y << " " << r.w << " x " << r.h;
    }
    openslide_close(osr);
    EXPECT_EQ(fast->failure(), "");
    EXPECT_FALSE(fast->readRegion(0, 0, 1, 10, 10).ok());  // no level 1: an invalid request, not a failure
    EXPECT_FALSE(fast->readRegion(0, 0, 0, 0, 10).ok());
    EXPECT_FALSE(fast->readRegion(INT64_MAX, INT64_MIN, 0, 10, 10).ok());
    EXPECT_EQ(fast->failure(), "");
}

TEST(TiffJpegSource, ConcurrentReadsEqualSingleThreadedReads) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto fast = openFast(cmu);
    ASSERT_TRUE(fast);
    const core::TileGrid grid(fast->info());
    std::vector<core::RgbaImage> expected;
    for (int row = 0; row < grid.rows(0); ++row)
        for (int col = 0; col < grid.cols(0); ++col) {
            const auto r = grid.tileRect(0, col, row);
            expected.push_back(*fast->readRegion(r.x0, r.y0, 0, r.width, r.height));
        }
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int pass = 0; pass < 3; ++pass)
                for (size_t i = size_t(t); i < expected.size(); i += 2) {
                    const int col = int(i) % grid.cols(0), row = int(i) / grid.cols(0);
                    const auto r = grid.tileRect(0, col, row);
                    auto img = fast->readRegion(r.x0, r.y0, 0, r.width, r.height);
                    if (!img.ok() || img->pixels != expected[i].pixels) ++mismatches;
                }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches.load(), 0);
}

TEST(SlideOpenerBackend, AutoPicksTheFastPathAndEitherCanBeForced) {
    HM_REQUIRE_DATA(cmu, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(tcga, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    auto backendOf = [](const fs::path& p, slide::Backend b) {
        auto r = slide::openSlide(p.string(), {b});
        return r.ok() ? r.value()->info().backend : "error: " + r.error();
    };
    EXPECT_EQ(backendOf(cmu, slide::Backend::Auto), "tiff-jpeg");
    EXPECT_EQ(backendOf(cmu, slide::Backend::Fast), "tiff-jpeg");
    EXPECT_EQ(backendOf(cmu, slide::Backend::OpenSlide), "openslide");
    EXPECT_EQ(backendOf(tcga, slide::Backend::Auto), "openslide");
    EXPECT_EQ(backendOf(tcga, slide::Backend::OpenSlide), "openslide");
    EXPECT_EQ(backendOf(tcga, slide::Backend::Fast),
              "error: Cannot open " + tcga.string() +
                  " with the fast reader (backend \"fast\"): level 0 is JPEG 2000 (compression 33005)");
    EXPECT_EQ(backendOf(png, slide::Backend::Fast), "image-file");  // plain images are not slides

    EXPECT_EQ(slide::parseBackend("fast"), slide::Backend::Fast);
    EXPECT_EQ(slide::parseBackend("openslide"), slide::Backend::OpenSlide);
    EXPECT_EQ(slide::parseBackend("auto"), slide::Backend::Auto);
    EXPECT_FALSE(slide::parseBackend("libvips").has_value());
    const slide::Backend before = slide::defaultBackend();
    slide::setDefaultBackend(slide::Backend::OpenSlide);
    EXPECT_EQ(slide::openSlide(cmu.string()).value()->info().backend, "openslide");
    slide::setDefaultBackend(slide::Backend::Auto);
    EXPECT_EQ(slide::openSlide(cmu.string()).value()->info().backend, "tiff-jpeg");
    slide::setDefaultBackend(before);
}
