// SPDX-License-Identifier: MIT
// `histomark marks import` of a real SlideRunner database: one of its images, the consensus or
// reader by reader, onto a case slide of a copy of the demo project.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

TEST(DatasetImportCli, ASlideRunnerImageIsImportedByConsensusOrReaderByReader) {
    HM_REQUIRE_DATA(db, "sliderunner-databases/MITOS2014.sqlite");
    const auto dir = tempDir("dataset-import-cli");
    std::filesystem::copy_file(std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case/demo-case.hmproj", dir / "d.hmproj");
    const std::string hm = quote(histomarkBinary()), p = quote((dir / "d.hmproj").string()), target = " --case DEMO-LMS-001 --slide 'H&E' ";

    // 1200 images, none named like the slide: the error names some and asks for one.
    auto unnamed = runCommand(hm + " marks import " + p + target + quote(db.string()));
    EXPECT_EQ(unnamed.exitCode, 1);
    EXPECT_NE(unnamed.err.find("holds 1200 images (A03_00Aa.tiff"), std::string::npos) << unnamed.err;
    EXPECT_NE(unnamed.err.find("--image"), std::string::npos) << unnamed.err;

    // A03_00Aa.tiff: two spots; the consensus (agreedClass) is one mitosis and one non-mitosis.
    auto consensus = runCommand(hm + " marks import " + p + target + quote(db.string()) + " --image A03_00Aa.tiff --reader panel");
    ASSERT_EQ(consensus.exitCode, 0) << consensus.err;
    EXPECT_NE(consensus.out.find("(SlideRunner database)"), std::string::npos) << consensus.out;
    EXPECT_EQ(consensus.out.find("outside the slide"), std::string::npos) << consensus.out;  // a 1539 x 1376 frame fits
    // Reader by reader: the three MITOS-ATYPIA readers' five labels.
    auto per = runCommand(hm + " marks import " + p + target + quote(db.string()) + " --image 1 --per-reader");
    ASSERT_EQ(per.exitCode, 0) << per.err;
    auto list = runCommand(hm + " marks list " + p + target + "--json");
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const json l = json::parse(list.out);
    EXPECT_EQ(l.at("by_reader"), (json{{"panel", 2}, {"MITOS2014_1", 2}, {"MITOS2014_2", 2}, {"MITOS2014_3", 1}}));
    EXPECT_EQ(l.at("by_class").at("mitotic figure"), 4);
    EXPECT_EQ(l.at("by_class").at("look-alike"), 3);

    // SlideRunner's demo: a 52199 x 40646 slide's labels on the 8192 x 6144 demo slide are named.
    HM_REQUIRE_DATA(demo, "sliderunner-databases/demo.sqlite");
    auto elsewhere = runCommand(hm + " marks import " + p + target + quote(demo.string()));
    ASSERT_EQ(elsewhere.exitCode, 0) << elsewhere.err;
    EXPECT_NE(elsewhere.out.find("warning: 5 of 5 marks lie outside the slide (8192 x 6144 px)"), std::string::npos) << elsewhere.out;
}

TEST(DatasetImportCli, DetectionsAreScoredAgainstOneImageOfALabelledSet) {
    HM_REQUIRE_DATA(midogJson, "midog-labels/MIDOG.json");
    HM_REQUIRE_DATA(midogDb, "midog-labels/MIDOG.sqlite");
    const std::string hm = quote(histomarkBinary());
    // The same labels in two formats: every mitotic figure of image 2 found, none extra.
    auto same = runCommand(hm + " eval-detections --reference " + quote(midogJson.string()) + " --detections " + quote(midogDb.string()) +
                           " --image 002.tiff --mpp 0.25 --json");
    ASSERT_EQ(same.exitCode, 0) << same.err;
    const json s = json::parse(same.out);
    EXPECT_GT(s.at("reference_count").get<int>(), 0);
    EXPECT_EQ(s.at("fp"), 0);
    EXPECT_EQ(s.at("fn"), 0);
    auto unnamed = runCommand(hm + " eval-detections --reference " + quote(midogJson.string()) + " --detections " +
                              quote(midogDb.string()) + " --mpp 0.25");
    EXPECT_EQ(unnamed.exitCode, 1);
    EXPECT_NE(unnamed.err.find("holds 200 images"), std::string::npos) << unnamed.err;

    // TUPAC16's CSV files list y,x: --yx reads the reference so (the detections stay x,y).
    const auto dir = tempDir("eval-yx");
    std::ofstream(dir / "ref.csv") << "200,100\n400,300\n";
    std::ofstream(dir / "det.csv") << "x,y\n101,199\n900,900\n";
    auto yx = runCommand(hm + " eval-detections --reference " + quote((dir / "ref.csv").string()) + " --detections " +
                         quote((dir / "det.csv").string()) + " --mpp 0.25 --json --yx");
    ASSERT_EQ(yx.exitCode, 0) << yx.err;
    EXPECT_EQ(json::parse(yx.out).at("tp"), 1);
    EXPECT_EQ(json::parse(yx.out).at("fn"), 1);
}
