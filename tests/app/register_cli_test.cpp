// SPDX-License-Identifier: MIT
// `histomark register` as users run it: the demo case's desmin section onto its H&E, checked
// against the transform the generator used.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

std::filesystem::path demoCase() { return std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case"; }

}  // namespace

TEST(RegisterCli, DesminOntoHeMatchesTheGeneratorsTransform) {
    const auto dir = demoCase();
    ASSERT_TRUE(std::filesystem::exists(dir / "truth.json")) << "the build generates the demo case (target demo_case)";
    auto r = runCommand(quote(histomarkBinary()) + " register " + quote((dir / "HE.svs").string()) + " " +
                        quote((dir / "desmin.tiff").string()) + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    for (const char* key : {"fixed", "moving", "transform", "rotation_degrees", "mirrored", "scale", "residual_um", "score",
                            "method", "notes", "elapsed_ms"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["mirrored"], false);
    EXPECT_LT(j["residual_um"].get<double>(), 20.0);
    EXPECT_GT(j["score"].get<double>(), 0.3);

    // truth: H&E level-0 -> desmin level-0; the command gives desmin -> H&E. Map H&E points there
    // and back.
    json truth;
    std::ifstream(dir / "truth.json") >> truth;
    json fromHe;
    for (const auto& s : truth["slides"])
        if (s["file"] == "desmin.tiff") fromHe = s["transformFromHE"];
    ASSERT_FALSE(fromHe.is_null());
    const json& t = j["transform"];
    double worst = 0;
    for (double y = 1000; y <= 5000; y += 2000)
        for (double x = 1000; x <= 7000; x += 3000) {
            const double mx = fromHe[0][0].get<double>() * x + fromHe[0][1].get<double>() * y + fromHe[0][2].get<double>();
            const double my = fromHe[1][0].get<double>() * x + fromHe[1][1].get<double>() * y + fromHe[1][2].get<double>();
            const double fx = t[0][0].get<double>() * mx + t[0][1].get<double>() * my + t[0][2].get<double>();
            const double fy = t[1][0].get<double>() * mx + t[1][1].get<double>() * my + t[1][2].get<double>();
            worst = std::max(worst, std::hypot(fx - x, fy - y) * 0.25);  // 0.25 µm per level-0 px
        }
    EXPECT_LT(worst, 20.0) << "µm between where the H&E points should land and where they do";
}

TEST(RegisterCli, TextOutputAndBadInput) {
    const auto dir = demoCase();
    auto ok = runCommand(quote(histomarkBinary()) + " register " + quote((dir / "HE.svs").string()) + " " +
                         quote((dir / "cd117.tiff").string()));
    ASSERT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_NE(ok.out.find("Mirrored: yes"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("Residual:"), std::string::npos) << ok.out;

    auto missing = runCommand(quote(histomarkBinary()) + " register /no/such/slide.svs " + quote((dir / "HE.svs").string()));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("fixed slide: File not found"), std::string::npos) << missing.err;

    auto notSlide = runCommand(quote(histomarkBinary()) + " register " + quote((dir / "HE.svs").string()) + " " +
                               quote((dir / "truth.json").string()));
    EXPECT_EQ(notSlide.exitCode, 1);
    EXPECT_NE(notSlide.err.find("moving slide:"), std::string::npos) << notSlide.err;

    auto badScale = runCommand(quote(histomarkBinary()) + " register " + quote((dir / "HE.svs").string()) + " " +
                               quote((dir / "ki67.tiff").string()) + " --mpp-moving -1");
    EXPECT_EQ(badScale.exitCode, 2);
    EXPECT_NE(badScale.err.find("--mpp-moving: must be a scale in \xC2\xB5m per pixel"), std::string::npos) << badScale.err;
}
