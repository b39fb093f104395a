// SPDX-License-Identifier: MIT
// `histomark ihc` and `bench-ihc` as users run them: the JSON contract on real Ki-67 pictures,
// a slide with a scale and an ROI, bad inputs beside good ones, and the benchmark's keys.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/geojson_features.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

std::vector<json> jsonLines(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(json::parse(line));
    return lines;
}

}  // namespace

TEST(IhcCli, OneJsonObjectPerInputWithTheContractKeys) {
    HM_REQUIRE_DATA(a, "deepliif-ki67/ihc/22_2.png");
    HM_REQUIRE_DATA(b, "deepliif-ki67/ihc/799_2.png");
    auto r = runCommand(quote(histomarkBinary()) + " ihc " + quote(a.string()) + " " + quote(b.string()) + " --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    for (const json& j : lines) {
        for (const char* key : {"input", "cells", "positive", "percent_positive", "h_score", "allred", "positive_pixel_fraction",
                                "mpp", "mpp_estimated", "by_class", "labelling_index", "compartment", "roi"})
            EXPECT_TRUE(j.contains(key)) << key;
        EXPECT_EQ(j.size(), 13u) << "exactly the contract's keys: " << j.dump();
        EXPECT_EQ(j["mpp_estimated"], true) << "the PNG tiles carry no scale";
        EXPECT_GT(j["mpp"].get<double>(), 0.1);
        EXPECT_LT(j["mpp"].get<double>(), 0.5);
        EXPECT_EQ(j["compartment"], "nucleus");
        const json& c = j["by_class"];
        EXPECT_EQ(c["negative"].get<int>() + c["1+"].get<int>() + c["2+"].get<int>() + c["3+"].get<int>(), j["cells"].get<int>());
        EXPECT_EQ(c["1+"].get<int>() + c["2+"].get<int>() + c["3+"].get<int>(), j["positive"].get<int>());
        EXPECT_DOUBLE_EQ(j["labelling_index"].get<double>(), j["percent_positive"].get<double>());
        EXPECT_GE(j["allred"].get<int>(), 0);
        EXPECT_LE(j["allred"].get<int>(), 8);
        EXPECT_EQ(j["roi"]["width"], 512);
    }
    EXPECT_EQ(lines[0]["input"], a.string());
    EXPECT_NE(r.err.find("scale estimated"), std::string::npos) << "the estimate is said on stderr: " << r.err;
}

TEST(IhcCli, SlideScaleRoiCompartmentAndText) {
    HM_REQUIRE_DATA(slide, "qupath-os-crops/openslide-pyramidal/OS-2-ndpi.pyramid.tif");
    auto r = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) +
                        " --roi 400,600,1000,800 --compartment cell --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["mpp_estimated"], false);
    EXPECT_NEAR(j["mpp"].get<double>(), 0.2271, 0.001) << "level-0 scale from the TIFF resolution";
    EXPECT_EQ(j["roi"]["level"], 1) << "0.454 um/px is the level nearest 0.5 without being coarser";
    EXPECT_EQ(j["roi"]["x"], 400);
    EXPECT_EQ(j["roi"]["width"], 1000);
    EXPECT_EQ(j["compartment"], "cell");
    EXPECT_TRUE(j["labelling_index"].is_null());
    EXPECT_GT(j["cells"].get<int>(), 50);

    auto text = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --roi 400,600,600,600 --mpp 0.25");
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("H-score"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Allred"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("0.2500 um/px"), std::string::npos) << "--mpp overrides the file: " << text.out;
}

// --regions: only the cells inside the areas of an annotation file count (the tumour, say, as a
// Ki-67 index asks), on the bundled demo Ki-67 slide; a rectangle area gives exactly what --roi gives.
TEST(IhcCli, RegionsFromAnAnnotationFileCountOnlyInsideTheirAreas) {
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "ki67.tiff";
    ASSERT_TRUE(std::filesystem::exists(slide)) << slide;
    const auto polygon = polygonFeature;
    const json file = {{"type", "FeatureCollection"},
                       {"features",
                        {polygon({{2000, 2000}, {3000, 2000}, {3000, 3000}, {2000, 3000}}, "Tumor"),
                         polygon({{5000, 3000}, {5600, 3000}, {5600, 3600}, {5000, 3600}}, "Stroma"),
                         polygon({{2000, 2000}, {3000, 2000}, {2000, 3000}}, "Half"),
                         {{"type", "Feature"},
                          {"geometry", {{"type", "Point"}, {"coordinates", {100, 100}}}},
                          {"properties", {{"objectType", "annotation"}, {"classification", {{"name", "Tumor"}}}}}}}}};
    const auto path = tempDir("ihc-regions") / "regions.geojson";
    std::ofstream(path) << file.dump();
    const std::string base = quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --json ";
    auto run = [&](const std::string& args) {
        auto r = runCommand(base + args);
        EXPECT_EQ(r.exitCode, 0) << args << ": " << r.err;
        return r.exitCode == 0 ? json::parse(r.out) : json();
    };
    const json roi = run("--roi 2000,2000,1000,1000");
    const json tumour = run("--regions " + quote(path.string()) + " --class tumour");
    ASSERT_FALSE(roi.is_null() || tumour.is_null());
    EXPECT_GT(roi["cells"].get<int>(), 20);
    EXPECT_EQ(tumour["cells"], roi["cells"]) << "QuPath's 'Tumor' is our tumour region; a rectangle is its --roi";
    EXPECT_EQ(tumour["positive"], roi["positive"]);
    EXPECT_EQ(tumour["roi"]["x"], 2000);
    EXPECT_EQ(tumour["roi"]["width"], 1000);
    EXPECT_EQ(tumour["regions"], 1);
    EXPECT_EQ(tumour["region_class"], "tumour");
    const json half = run("--regions " + quote(path.string()) + " --class half");
    EXPECT_GT(half["cells"].get<int>(), tumour["cells"].get<int>() / 4);
    EXPECT_LT(half["cells"].get<int>(), tumour["cells"].get<int>() * 3 / 4) << "a triangle holds about half the cells";
    const json all = run("--regions " + quote(path.string()));
    EXPECT_EQ(all["regions"], 3) << "every area, the point left out";
    EXPECT_TRUE(all["region_class"].is_null());
    EXPECT_EQ(all["roi"]["width"], 3600) << "the box of all areas is read";
    EXPECT_GT(all["cells"].get<int>(), tumour["cells"].get<int>());

    auto none = runCommand(base + "--regions " + quote(path.string()) + " --class necrosis");
    EXPECT_EQ(none.exitCode, 2);
    EXPECT_NE(none.err.find("no areas of class 'necrosis'"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("'Stroma'"), std::string::npos) << "the classes it has are listed: " << none.err;
    auto missing = runCommand(base + "--regions " + quote((tempDir("ihc-regions") / "gone.json").string()));
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.find("Cannot import gone.json"), std::string::npos) << missing.err;
    auto both = runCommand(base + "--regions " + quote(path.string()) + " --roi 0,0,10,10");
    EXPECT_EQ(both.exitCode, 2);
    auto classAlone = runCommand(base + "--class Tumor");
    EXPECT_EQ(classAlone.exitCode, 2);
}

// An H&E slide is refused with the reason (its eosin would count as DAB); --skip-stain-check runs it.
TEST(IhcCli, AnHeSlideIsRefusedUnlessTheCheckIsSkipped) {
    HM_REQUIRE_DATA(he, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto r = runCommand(quote(histomarkBinary()) + " ihc " + quote(he.string()) + " --json");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("looks like an H&E picture"), std::string::npos) << r.err;
    auto forced = runCommand(quote(histomarkBinary()) + " ihc " + quote(he.string()) + " --skip-stain-check --json");
    EXPECT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_EQ(jsonLines(forced.out).size(), 1u);
}

TEST(IhcCli, BadInputsFailAloneAndTheRestRuns) {
    HM_REQUIRE_DATA(good, "deepliif-ki67/ihc/799_2.png");
    HM_REQUIRE_DATA(notImage, "deepliif-ki67/SOURCES.md");
    HM_REQUIRE_DATA(slide, "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif");
    auto r = runCommand(quote(histomarkBinary()) + " ihc /no/such/file.png " + quote(notImage.string()) + " " + quote(good.string()) +
                        " --json");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(jsonLines(r.out).size(), 1u) << "the good input is still analysed: " << r.out;
    EXPECT_NE(r.err.find("/no/such/file.png: File not found"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("SOURCES.md"), std::string::npos) << r.err;

    // A region wholly off the 1445 x 1445 px slide is refused; one reaching past it is cut to it, and says so.
    auto outside = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --roi 2000,2000,500,500 --json");
    EXPECT_EQ(outside.exitCode, 1);
    EXPECT_NE(outside.err.find("outside the slide (1445 x 1445 px)"), std::string::npos) << outside.err;
    EXPECT_TRUE(outside.out.empty());
    for (const char* past : {"1000,1000,5000,5000", "-445,-445,1445,1445"}) {
        auto clipped = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --roi " + past + " --json");
        ASSERT_EQ(clipped.exitCode, 0) << past << ": " << clipped.err;
        EXPECT_NE(clipped.err.find("reaches past the slide"), std::string::npos) << clipped.err;
        const json roi = json::parse(clipped.out).at("roi");
        EXPECT_EQ(roi.at("x"), std::string(past)[0] == '-' ? 0 : 1000) << past;
        EXPECT_NEAR(roi.at("width").get<double>(), std::string(past)[0] == '-' ? 1000 : 445, 2) << past;
    }

    for (const char* bad : {" --roi 1,2,3", " --roi 0,0,-5,10", " --compartment membrane", " --mpp -1"}) {
        auto b = runCommand(quote(histomarkBinary()) + " ihc " + quote(good.string()) + bad);
        EXPECT_NE(b.exitCode, 0) << bad;
        EXPECT_LT(b.exitCode, 128) << bad << ": no crash";
        EXPECT_FALSE(b.err.empty()) << bad;
    }
}

TEST(IhcCli, BenchmarkPrintsQuantificationBesideJpegDecode) {
    auto r = runCommand(quote(histomarkBinary()) + " bench-ihc --json", 300);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["threads"], 2);
    EXPECT_GT(j["dab_mpix_s"].get<double>(), 0);
    EXPECT_GT(j["jpeg_decode_mpix_s"].get<double>(), j["dab_mpix_s"].get<double>());
    EXPECT_GT(j["cells"].get<int>(), 1000);
}

// --cells: every counted cell as a QuPath detection at its level-0 position, classed as counted.
TEST(IhcCli, CellsAreWrittenAsQuPathDetections) {
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "ki67.tiff";
    ASSERT_TRUE(std::filesystem::exists(slide)) << slide;
    const auto dir = tempDir("ihc-cells");
    const auto cells = dir / "cells.geojson";
    auto r = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --roi 2000,2000,1000,1000 --json --cells " +
                        quote(cells.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json result = json::parse(r.out);
    std::ifstream in(cells);
    const json file = json::parse(in);
    ASSERT_EQ(int(file["features"].size()), result["cells"].get<int>());
    std::map<std::string, int> byClass;
    for (const json& f : file["features"]) {
        const double x = f["geometry"]["coordinates"][0], y = f["geometry"]["coordinates"][1];
        EXPECT_TRUE(x >= 2000 && x < 3000 && y >= 2000 && y < 3000) << x << "," << y << ": level-0 px inside the ROI";
        EXPECT_EQ(f["properties"]["objectType"], "detection");
        EXPECT_TRUE(f["properties"]["measurements"].contains("Nucleus: DAB OD mean"));
        ++byClass[f["properties"]["classification"]["name"].get<std::string>()];
    }
    EXPECT_EQ(byClass["Negative"], result["by_class"]["negative"].get<int>());
    EXPECT_EQ(byClass["1+"] + byClass["2+"] + byClass["3+"], result["positive"].get<int>());
    EXPECT_EQ(byClass["3+"], result["by_class"]["3+"].get<int>());

    auto two = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " " + quote(slide.string()) + " --cells " +
                          quote(cells.string()));
    EXPECT_EQ(two.exitCode, 2) << "one file for one input";
    auto xml = runCommand(quote(histomarkBinary()) + " ihc " + quote(slide.string()) + " --cells " + quote((dir / "c.xml").string()));
    EXPECT_EQ(xml.exitCode, 2) << "refused before the work";
    EXPECT_NE(xml.err.find("use .geojson or .json"), std::string::npos) << xml.err;
}
