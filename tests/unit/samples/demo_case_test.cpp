// SPDX-License-Identifier: MIT
#include "samples/demo_case.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openslide.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/test_data.h"

namespace histomark::samples {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A small demo case (1024 x 768 µm instead of 2048 x 1536) keeps the test fast; the generator is
// the same code the full case uses.
struct SmallCase {
    fs::path dir;
    json truth, caseInfo;
    static SmallCase& get() {
        static SmallCase c = [] {
            SmallCase s;
            s.dir = test::tempDir("demo-case");
            DemoCaseOptions o;
            o.outDir = s.dir.string();
            o.width = 4096, o.height = 3072;
            const core::Status st = writeDemoCase(o);
            EXPECT_TRUE(st.ok()) << st.error();
            std::ifstream(s.dir / "truth.json") >> s.truth;
            std::ifstream(s.dir / "case.json") >> s.caseInfo;
            return s;
        }();
        return c;
    }
};

// The darkest 10 % of an n x n px window around (x, y) on level 0, as mean R, G, B.
std::vector<double> darkCore(const fs::path& file, double x, double y, int n) {
    openslide_t* osr = openslide_open(file.c_str());
    EXPECT_NE(osr, nullptr);
    std::vector<uint32_t> argb(n * n);
    openslide_read_region(osr, argb.data(), int64_t(x) - n / 2, int64_t(y) - n / 2, 0, n, n);
    openslide_close(osr);
    std::sort(argb.begin(), argb.end(), [](uint32_t a, uint32_t b) {
        return ((a >> 16 & 255) + (a >> 8 & 255) + (a & 255)) < ((b >> 16 & 255) + (b >> 8 & 255) + (b & 255));
    });
    std::vector<double> rgb(3);
    const int k = n * n / 10;
    for (int i = 0; i < k; ++i)
        for (int c = 0; c < 3; ++c) rgb[size_t(c)] += double(argb[size_t(i)] >> (16 - 8 * c) & 255) / k;
    return rgb;
}

TEST(DemoCase, WritesSlidesAndCaseFiles) {
    const SmallCase& c = SmallCase::get();
    for (const char* f : {"HE.svs", "desmin.tiff", "ki67.tiff", "cd117.tiff", "truth.json", "case.json"})
        EXPECT_TRUE(fs::exists(c.dir / f)) << f;
    EXPECT_EQ(c.caseInfo["accession"], "DEMO-LMS-001");
    EXPECT_EQ(c.caseInfo["site"], "rectum");
    ASSERT_EQ(c.caseInfo["slides"].size(), 4u);
    EXPECT_EQ(c.truth["seed"], 20261126);
    ASSERT_EQ(c.truth["slides"].size(), 4u);
    EXPECT_EQ(c.truth["slides"][3]["mirrored"], true);
    const json& ki = c.truth["slides"][2]["ki67"];
    EXPECT_EQ(ki["positive"].size(), ki["positiveCount"].get<size_t>());
    EXPECT_GT(c.truth["slides"][1]["positiveTumourCells"].get<int>(), 1000);
    EXPECT_GT(c.truth["mitoticFigures"].size(), 3u);
    EXPECT_GT(c.truth["lookAlikes"].size(), 10u);

    openslide_t* he = openslide_open((c.dir / "HE.svs").c_str());
    ASSERT_NE(he, nullptr);
    EXPECT_STREQ(openslide_get_property_value(he, "openslide.vendor"), "aperio");
    EXPECT_NE(openslide_get_property_value(he, "openslide.mpp-x"), nullptr);
    openslide_close(he);
}

TEST(DemoCase, MitosesAreDarkHematoxylinOnTheHE) {
    const SmallCase& c = SmallCase::get();
    for (const json& m : c.truth["mitoticFigures"]) {
        // 12 x 12 µm: holds both halves of a telophase.
        auto rgb = darkCore(c.dir / "HE.svs", m["x"].get<double>(), m["y"].get<double>(), 48);
        EXPECT_LT((rgb[0] + rgb[1] + rgb[2]) / 3, 70) << m.dump();
        EXPECT_GT(rgb[2], rgb[0]) << "hematoxylin is blue: " << m.dump();
    }
}

TEST(DemoCase, Ki67TruthMatchesBrownAndBlueNucleiThroughTheTransform) {
    const SmallCase& c = SmallCase::get();
    const json& slide = c.truth["slides"][2];
    const json& ki = slide["ki67"];
    const json& t = slide["transformFromHE"];
    // Mitoses are Ki-67 positive but dark with hematoxylin too: judged by the other test.
    auto isMitosis = [&](double x, double y) {
        for (const json& m : c.truth["mitoticFigures"]) {
            const double hx = m["x"], hy = m["y"];
            const double mx = t[0][0].get<double>() * hx + t[0][1].get<double>() * hy + t[0][2].get<double>();
            const double my = t[1][0].get<double>() * hx + t[1][1].get<double>() * hy + t[1][2].get<double>();
            if (std::hypot(mx - x, my - y) < 2) return true;
        }
        return false;
    };
    int checked = 0, brown = 0, blue = 0;
    for (size_t i = 0; checked < 40 && i < ki["positive"].size(); ++i) {
        if (isMitosis(ki["positive"][i][0], ki["positive"][i][1])) continue;
        ++checked;
        auto rgb = darkCore(c.dir / "ki67.tiff", ki["positive"][i][0], ki["positive"][i][1], 12);
        brown += rgb[0] > rgb[2];  // DAB absorbs blue most
    }
    for (size_t i = 0; i < 40 && i < ki["negative"].size(); ++i) {
        auto rgb = darkCore(c.dir / "ki67.tiff", ki["negative"][i][0], ki["negative"][i][1], 12);
        blue += rgb[2] > rgb[0];
    }
    ASSERT_GT(checked, 10);
    // Nearly all; an overlapping neighbour may dominate a window now and then.
    EXPECT_GE(brown, checked - 2);
    EXPECT_GE(blue, 38);
}

TEST(DemoCase, TransformsMapHEMitosesOntoTheSerialSections) {
    const SmallCase& c = SmallCase::get();
    for (size_t s = 1; s < 4; ++s) {
        const json& slide = c.truth["slides"][s];
        const json& t = slide["transformFromHE"];
        for (const json& m : c.truth["mitoticFigures"]) {
            const double hx = m["x"], hy = m["y"];
            const double x = t[0][0].get<double>() * hx + t[0][1].get<double>() * hy + t[0][2].get<double>();
            const double y = t[1][0].get<double>() * hx + t[1][1].get<double>() * hy + t[1][2].get<double>();
            if (x < 30 || y < 30 || x > slide["width"].get<double>() - 30 || y > slide["height"].get<double>() - 30)
                continue;
            auto rgb = darkCore(c.dir / slide["file"].get<std::string>(), x, y, 48);
            EXPECT_LT((rgb[0] + rgb[1] + rgb[2]) / 3, 80) << slide["file"] << " " << m.dump();
        }
    }
}

}  // namespace
}  // namespace histomark::samples
