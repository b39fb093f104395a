// SPDX-License-Identifier: MIT
#include "samples/bench_slide.h"

#include <gtest/gtest.h>
#include <openslide.h>

#include <cmath>
#include <filesystem>

#include "slide/pyramid_tiff_writer.h"
#include "support/test_data.h"

namespace histomark::samples {
namespace {

namespace fs = std::filesystem;

// Mean absolute difference between an OpenSlide read of one tile and the pool tile's pixels.
double tileDifference(openslide_t* osr, int level, int64_t col, int64_t row, const core::RgbaImage& expected) {
    const int ts = expected.width;
    const double ds = openslide_get_level_downsample(osr, level);
    std::vector<uint32_t> argb(size_t(ts) * size_t(ts));
    openslide_read_region(osr, argb.data(), int64_t(double(col * ts) * ds), int64_t(double(row * ts) * ds), level, ts,
                          ts);
    double diff = 0;
    for (size_t i = 0; i < argb.size(); ++i)
        for (int c = 0; c < 3; ++c)
            diff += std::abs(int(argb[i] >> (16 - 8 * c) & 255) - int(expected.pixels[i * 4 + size_t(c)]));
    return diff / double(argb.size() * 3);
}

TEST(BenchSlide, OpensInOpenSlideWithThePoolTilesColours) {
    BenchSlideOptions o;
    o.path = (test::tempDir("bench") / "bench.tiff").string();
    o.width = 4096, o.height = 3072, o.poolSize = 8;
    const core::Status st = writeBenchSlide(o);
    ASSERT_TRUE(st.ok()) << st.error();

    openslide_t* osr = openslide_open(o.path.c_str());
    ASSERT_NE(osr, nullptr);
    ASSERT_EQ(openslide_get_error(osr), nullptr);
    EXPECT_STREQ(openslide_get_property_value(osr, "openslide.vendor"), "generic-tiff");
    EXPECT_STREQ(openslide_get_property_value(osr, "tiff.XResolution"), "40000");
    EXPECT_EQ(openslide_get_level_count(osr), 4);  // 4096, 2048, 1024, 512

    const BenchTilePool pool(o);
    int glass = 0, tissue = 0;
    for (int64_t row = 0; row < 12; ++row)
        for (int64_t col = 0; col < 16; ++col) {
            const int index = pool.choose(0, col, row);
            (index == pool.glassIndex() ? glass : tissue)++;
            if ((row * 16 + col) % 7 != 0) continue;
            // Exactly the stored stream's pixels (decoder rounding aside), and close to the painting.
            EXPECT_LT(tileDifference(osr, 0, col, row, slide::decodeJpeg(pool.jpeg(index))), 0.5) << col << "," << row;
            EXPECT_LT(tileDifference(osr, 0, col, row, pool.pixels(index)), 5.0) << col << "," << row;
        }
    EXPECT_NEAR(glass / 192.0, 0.4, 0.02);
    EXPECT_GT(tissue, 0);
    EXPECT_LT(tileDifference(osr, 1, 3, 2, slide::decodeJpeg(pool.jpeg(pool.choose(1, 3, 2)))), 0.5);
    openslide_close(osr);
}

}  // namespace
}  // namespace histomark::samples
