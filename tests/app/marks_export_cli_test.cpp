// SPDX-License-Identifier: MIT
// `histomark marks export` to the scoring and labelling tools' formats, read back by
// `eval-detections` and `marks import`: the teaching sample's answer key (33 figures, 3 vessels).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/histomark_cli.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

TEST(MarksExportCli, TheAnswerKeyGoesToSlideRunnerCsvAndMidogAndScoresAsItself) {
    const auto dir = tempDir("marks-export-cli");
    const auto samples = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "t.hmproj");
    std::filesystem::copy_file(samples / "demo-case.hmproj", dir / "d.hmproj");
    const std::string t = quote((dir / "t.hmproj").string()) + " --case QUIZ-001 --slide 'H&E' ";
    const auto file = [&](const char* name) { return quote((dir / name).string()); };

    auto db = hm("marks export " + t + file("set.sqlite"));
    ASSERT_EQ(db.exitCode, 0) << db.err;
    EXPECT_NE(db.out.find("Exported 36 marks of slide 1 (H&E, HE.svs) of case QUIZ-001 to "), std::string::npos) << db.out;
    EXPECT_NE(db.out.find("(sliderunner)"), std::string::npos) << db.out;
    auto csv = hm("marks export " + t + file("points.csv"));
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_NE(csv.out.find("3 area marks left out: CSV holds point marks only"), std::string::npos) << csv.out;
    auto midog = hm("marks export " + t + file("det.json") + " --format midog-points");
    ASSERT_EQ(midog.exitCode, 0) << midog.err;
    EXPECT_NE(midog.out.find("Exported 33 marks"), std::string::npos) << midog.out;
    auto bad = hm("marks export " + t + file("x.json") + " --format coco");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("use one of geojson, asap, sliderunner, csv, midog, midog-points"), std::string::npos) << bad.err;

    // Each format scored against another: the same 33 figures (MIDOG's points in mm, at 0.25 µm/px).
    for (const auto& [ref, det] : {std::pair{"set.sqlite", "det.json"}, std::pair{"points.csv", "set.sqlite"}}) {
        const json s = hmJson("eval-detections --reference " + file(ref) + " --detections " + file(det) + " --mpp 0.25");
        EXPECT_EQ(s.value("tp", -1), 33) << ref << " " << det;
        EXPECT_EQ(s.value("fp", -1), 0);
        EXPECT_EQ(s.value("fn", -1), 0);
    }

    // The database onto the demo case's H&E: its image is the one named like the slide.
    auto in = hm("marks import " + quote((dir / "d.hmproj").string()) + " --case DEMO-LMS-001 --slide 'H&E' " + file("set.sqlite"));
    ASSERT_EQ(in.exitCode, 0) << in.err;
    const json l = hmJson("marks list " + quote((dir / "d.hmproj").string()) + " --case DEMO-LMS-001 --slide 'H&E'");
    EXPECT_EQ(l.at("by_class"), (json{{"mitotic figure", 33}, {"vessel", 3}}));
}

TEST(MarksExportCli, EverySlideOfACaseGoesIntoOneSlideRunnerDatabase) {
    const auto dir = tempDir("marks-export-case");
    const auto samples = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "t.hmproj");
    const std::string t = quote((dir / "t.hmproj").string()) + " --case QUIZ-001 ";
    const auto file = [&](const char* name) { return quote((dir / name).string()); };
    // A second slide with marks of its own: two points on the desmin.
    std::ofstream(dir / "desmin.geojson") << json{{"type", "FeatureCollection"},
                                                  {"features",
                                                   {{{"type", "Feature"},
                                                     {"geometry", {{"type", "Point"}, {"coordinates", {1000, 1000}}}},
                                                     {"properties", {{"classification", {{"name", "Mitosis"}}}}}},
                                                    {{"type", "Feature"},
                                                     {"geometry", {{"type", "Point"}, {"coordinates", {2000, 1500}}}},
                                                     {"properties", {{"classification", {{"name", "Mitosis"}}}}}}}}}
                                                      .dump();
    ASSERT_EQ(hm("marks import " + t + "--slide desmin " + file("desmin.geojson") + " --reader 'answer key'").exitCode, 0);

    auto all = hm("marks export " + t + "--all-slides " + file("case.sqlite"));
    ASSERT_EQ(all.exitCode, 0) << all.err;
    EXPECT_NE(all.out.find("Exported 38 marks of 2 slides"), std::string::npos) << all.out;
    // Each slide reads back from the one database by its file name.
    for (const auto& [image, figures] : {std::pair{"HE.svs", 33}, std::pair{"desmin.tiff", 2}}) {
        const json s = hmJson("eval-detections --reference " + file("case.sqlite") + " --image " + image + " --detections " +
                              file("case.sqlite") + " --mpp 0.25");
        EXPECT_EQ(s.value("tp", -1), figures) << image << " " << s.dump();
    }
    // Only the formats that hold many images, and --slide or --all-slides but not both.
    auto csv = hm("marks export " + t + "--all-slides " + file("case.csv"));
    EXPECT_EQ(csv.exitCode, 2);
    EXPECT_NE(csv.err.find("export each slide to its own file"), std::string::npos) << csv.err;
    EXPECT_EQ(hm("marks export " + t + "--all-slides --slide 1 " + file("x.sqlite")).exitCode, 2);
    EXPECT_EQ(hm("marks export " + t + file("x.sqlite")).exitCode, 2);
    auto nobody = hm("marks export " + t + "--all-slides --reader nobody " + file("y.sqlite"));
    EXPECT_EQ(nobody.exitCode, 1);
    EXPECT_NE(nobody.err.find("nothing was written"), std::string::npos) << nobody.err;
}
