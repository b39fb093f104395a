// SPDX-License-Identifier: MIT
// Input that once crashed, hung or destroyed something: each now gets one line on stderr, a
// usage (2) or input (1) exit code, and leaves every file as it was.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/geojson_features.h"
#include "support/histomark_cli.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCase = fs::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";


// A copy of the demo project in `dir` (d.hmproj) and mitotic-figure points to import (p.geojson).
fs::path demoWithPoints(const fs::path& dir, const std::vector<std::array<double, 2>>& points) {
    const fs::path project = dir / "d.hmproj";
    fs::copy_file(kCase / "demo-case.hmproj", project);
    std::ofstream(dir / "p.geojson") << pointFeatures(points).dump();
    return project;
}

void expectRefused(const std::string& args, int code) {
    auto r = hm(args);
    EXPECT_EQ(r.exitCode, code) << args << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << args;
}

}  // namespace

// Names typed in a Latin-1 terminal become UTF-8 (the byte 0xFF is "ÿ", 0xFC "ü") in the project,
// its listings and every exported file; bytes already in a project (an older build's, an edit by
// hand) are still printed as valid JSON.
TEST(BadInputCli, TextThatIsNotUtf8IsPrintedAsJsonAnyway) {
    const auto dir = tempDir("bad-utf8");
    fs::copy_file(kCase / "teaching.hmproj", dir / "t.hmproj");
    const std::string p = quote((dir / "t.hmproj").string());
    // The shell's printf writes the byte 0xFF into the accession.
    ASSERT_EQ(runCommand("sh -c " + quote(quote(histomarkBinary()) + " case create " + p + " --accession \"$(printf 'BAD\\377')\"")).exitCode, 0);
    auto listed = hm("case list " + p + " --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    json cases = json::parse(listed.out);
    bool found = false;
    for (const auto& c : cases) found |= c.at("accession").get<std::string>() == "BAD\xC3\xBF";
    EXPECT_TRUE(found) << listed.out;

    // A reader name in Latin-1, then the ASAP file of its marks: UTF-8 XML.
    std::ofstream(dir / "p.geojson") << pointFeatures({{1000, 1000}}).dump();
    const std::string slide = p + " --case QUIZ-001 --slide 1 ";
    ASSERT_EQ(runCommand("sh -c " + quote(quote(histomarkBinary()) + " marks import " + slide + quote((dir / "p.geojson").string()) +
                                          " --reader \"$(printf 'M\\374ller')\""))
                  .exitCode,
              0);
    EXPECT_EQ(hmJson("marks list " + slide + "--reader 'M\xC3\xBCller'")["total"], 1);
    ASSERT_EQ(hm("marks export " + slide + "--reader 'M\xC3\xBCller' " + quote((dir / "m.xml").string())).exitCode, 0);
    const std::string xml = fileBytes(dir / "m.xml");
    EXPECT_NE(xml.find("(M\xC3\xBCller)"), std::string::npos) << xml;

    // A byte put into the project by other means: printed as U+FFFD, the JSON still valid.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "t.hmproj").string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE cases SET site = CAST(X'4F4C44FF' AS TEXT) WHERE accession = 'QUIZ-001'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    listed = hm("case list " + p + " --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    cases = json::parse(listed.out);
    found = false;
    for (const auto& c : cases) found |= c.at("site").get<std::string>() == "OLD\xEF\xBF\xBD";
    EXPECT_TRUE(found) << listed.out;
}

TEST(BadInputCli, DamagedMitosisModelsAreRefusedBeforeTheyAreUsed) {
    const auto dir = tempDir("bad-model");
    const std::string shipped = fileBytes(fs::path(HISTOMARK_SOURCE_DIR) / "src/analysis/models/mitosis_boost.yml");
    ASSERT_NE(shipped.find("var:2,"), std::string::npos);
    ASSERT_NE(shipped.find("var_type: [ 0,"), std::string::npos);
    auto damaged = [&](const std::string& from, const std::string& to, const char* name) {
        std::string text = shipped;
        text.replace(text.find(from), from.size(), to);
        std::ofstream(dir / name) << text;
        return quote((dir / name).string());
    };
    const std::string slide = quote((kCase / "HE.svs").string()) + " --roi 2000,2000,512,512 --model ";
    // A split on the response variable (OpenCV's reader lets the index past the features through),
    // a categorical feature, and a score scale out of order.
    expectRefused("detect-mitoses " + slide + damaged("var:2,", "var:19,", "var19.yml"), 1);
    expectRefused("detect-mitoses " + slide + damaged("var_type: [ 0,", "var_type: [ 1,", "categorical.yml"), 1);
    expectRefused("hotspot " + quote((kCase / "HE.svs").string()) + " --model " + damaged("var:2,", "var:20,", "var20.yml"), 1);
    EXPECT_EQ(hm("detect-mitoses " + slide + quote((dir / "var19.yml").string())).err.find("damaged") != std::string::npos, true);
}

TEST(BadInputCli, ScalesRadiiScoresAndRegionsOutOfRangeAreRefusedBeforeAnyWork) {
    const std::string he = quote((kCase / "HE.svs").string()), ki67 = quote((kCase / "ki67.tiff").string());
    for (const char* mpp : {"0", "-1", "nan", "inf", "1e-9", "1e-300", "1000"}) {
        expectRefused("detect-mitoses " + he + " --roi 0,0,512,512 --mpp " + mpp, 2);
        expectRefused("hotspot " + he + " --mpp " + std::string(mpp), 2);
        expectRefused("ihc " + ki67 + " --roi 0,0,512,512 --mpp " + std::string(mpp), 2);
        expectRefused("register " + he + " " + ki67 + " --mpp-moving " + std::string(mpp), 2);
    }
    for (const char* score : {"nan", "inf", "x"}) expectRefused("detect-mitoses " + he + " --roi 0,0,512,512 --min-score " + score, 2);
    for (const char* roi : {"nan,0,10,10", "0,0,inf,10", "0,0,1e300,10"}) expectRefused("detect-mitoses " + he + " --roi " + roi, 2);
    const auto dir = tempDir("bad-range");
    std::ofstream(dir / "p.csv") << "x,y\n10,10\n";
    for (const char* radius : {"0", "nan", "1e300"})
        expectRefused("eval-detections --reference " + quote((dir / "p.csv").string()) + " --detections " + quote((dir / "p.csv").string()) +
                          " --mpp 0.25 --radius-um " + radius,
                      2);
    // Points that are no position on a slide.
    std::ofstream(dir / "nan.csv") << "x,y\n10,10\nnan,5\n";
    expectRefused("eval-detections --reference " + quote((dir / "nan.csv").string()) + " --detections " + quote((dir / "p.csv").string()) +
                      " --mpp 0.25",
                  1);
}

TEST(BadInputCli, TinyPicturesAndHugeGridsAreRefused) {
    const auto dir = tempDir("bad-size");
    // A 1 x 1 and a 1 x 40 px PNG (written by histomark itself from the demo slide).
    for (const auto& [name, size] : {std::pair{"dot.png", "--width 1 --height 1"}, std::pair{"line.png", "--width 1 --height 40"}}) {
        ASSERT_EQ(hm("render " + quote((kCase / "ki67.tiff").string()) + " --level 0 --x 3000 --y 3000 " + size + " -o " +
                     quote((dir / name).string()))
                      .exitCode,
                  0);
        expectRefused("ihc " + quote((dir / name).string()) + " --mpp 0.25", 1);
    }
    // ihc reads pictures as the viewer does: a truncated JPEG is refused, not analysed grey-padded,
    // and a picture over the photo limit is refused whatever its name, before it is decoded.
    ASSERT_EQ(hm("render " + quote((kCase / "ki67.tiff").string()) + " --level 0 --x 2000 --y 2000 --width 600 --height 600 -o " +
                 quote((dir / "whole.jpg").string()))
                  .exitCode,
              0);
    const std::string jpeg = fileBytes(dir / "whole.jpg");
    std::ofstream(dir / "cut.jpg", std::ios::binary) << jpeg.substr(0, jpeg.size() / 2);
    auto cut = hm("ihc " + quote((dir / "cut.jpg").string()) + " --mpp 0.5 --json");
    EXPECT_EQ(cut.exitCode, 1) << cut.out;
    EXPECT_NE(cut.err.find("truncated or damaged"), std::string::npos) << cut.err;
    std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x75\x30\0\0\x75\x30\x08\x02\0\0\0", 29);
    std::ofstream(dir / "huge.dat", std::ios::binary) << png << std::string(64, '\0');
    auto huge = hm("ihc " + quote((dir / "huge.dat").string()) + " --mpp 0.5 --json");
    EXPECT_EQ(huge.exitCode, 1) << huge.out;
    EXPECT_NE(huge.err.find("too large to open as a photo (30000 x 30000 px"), std::string::npos) << huge.err;

    fs::copy_file(kCase / "teaching.hmproj", dir / "t.hmproj");
    const std::string before = fileBytes(dir / "t.hmproj");
    for (const char* grid : {"4000 3000 1e9 1e9", "4000 3000 65536 65536", "4000 3000 11 10"})
        expectRefused("marks set-count " + quote((dir / "t.hmproj").string()) + " --case 1 --slide 1 --reader q --grid " + grid, 2);
    EXPECT_EQ(fileBytes(dir / "t.hmproj"), before);
}

TEST(BadInputCli, AnExportNeverReplacesAProjectASlideOrAnEmptyDatabase) {
    const auto dir = tempDir("bad-overwrite");
    fs::copy_file(kCase / "teaching.hmproj", dir / "t.hmproj");
    fs::copy_file(kCase / "HE.svs", dir / "HE.svs");
    const std::string p = quote((dir / "t.hmproj").string()), project = fileBytes(dir / "t.hmproj"), slide = fileBytes(dir / "HE.svs");
    const std::string marks = "marks export " + p + " --case 1 --slide 1 ";
    for (const char* format : {"geojson", "asap", "csv", "midog", "midog-points"}) {
        expectRefused(marks + p + " --format " + format, 1);
        expectRefused(marks + quote((dir / "HE.svs").string()) + " --format " + format, 1);
    }
    // Nor is a project collected into itself as a learner's pack.
    auto self = hm("teaching collect " + p + " " + p);
    EXPECT_EQ(self.exitCode, 1);
    EXPECT_NE(self.err.find("is the project itself"), std::string::npos) << self.err;
    EXPECT_EQ(fileBytes(dir / "t.hmproj"), project);
    EXPECT_EQ(fileBytes(dir / "HE.svs"), slide);
    EXPECT_EQ(hm("case list " + p).exitCode, 0);
    // An earlier export (text) is replaced as before.
    ASSERT_EQ(hm(marks + quote((dir / "m.geojson").string())).exitCode, 0);
    EXPECT_EQ(hm(marks + quote((dir / "m.geojson").string())).exitCode, 0);
    // A read of an SQLite database without tables does not make it a project.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "empty.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); DROP TABLE t;", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    const std::string empty = fileBytes(dir / "empty.db");
    expectRefused("case list " + quote((dir / "empty.db").string()), 1);
    EXPECT_EQ(fileBytes(dir / "empty.db"), empty);
}

TEST(BadInputCli, MarksThatCannotBeReadStopACountButCanBeLeftOutOfAnExportOnRequest) {
    const auto dir = tempDir("unreadable-rows");
    const fs::path project = demoWithPoints(dir, {{100, 200}, {300, 400}, {500, 600}});
    const std::string p = quote(project.string()) + " --case DEMO-LMS-001 ";
    ASSERT_EQ(hm("marks import " + p + "--slide 1 " + quote((dir / "p.geojson").string()) + " --reader alice").exitCode, 0);
    ASSERT_EQ(hm("marks set-count " + p + "--slide 1 --reader alice --grid 300 400 5 2").exitCode, 0);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(project.string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE annotations SET coords = X'0102' WHERE id = (SELECT min(id) FROM annotations)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    const std::string why = "cannot be read: its coordinates are 2 bytes, not whole x,y pairs";

    // Without being asked, nothing reads the slide short: the message names the row and the way out.
    for (const std::string& args : {"marks list " + p + "--slide 1", "marks export " + p + "--slide 1 " + quote((dir / "o.geojson").string()),
                                    "marks export " + p + "--all-slides --reader alice " + quote((dir / "o.sqlite").string()),
                                    "count " + p + "--slide 1 --reader alice"}) {
        auto r = hm(args);
        EXPECT_EQ(r.exitCode, 1) << args << "\n" << r.out;
        EXPECT_NE(r.err.find(why), std::string::npos) << args << "\n" << r.err;
    }
    EXPECT_FALSE(fs::exists(dir / "o.geojson"));
    EXPECT_FALSE(fs::exists(dir / "o.sqlite"));

    // Asked, the other two marks come out, and the row left out is named on stderr.
    auto listed = hm("marks list " + p + "--slide 1 --json --skip-unreadable");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    const json l = json::parse(listed.out);
    EXPECT_EQ(l.at("total"), 2);
    ASSERT_EQ(l.at("unreadable").size(), 1u);
    EXPECT_NE(l.at("unreadable")[0].get<std::string>().find(why), std::string::npos);
    EXPECT_NE(listed.err.find("left out"), std::string::npos) << listed.err;
    auto exported = hm("marks export " + p + "--slide 1 --skip-unreadable " + quote((dir / "o.geojson").string()));
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    EXPECT_NE(exported.err.find(why), std::string::npos) << exported.err;
    const json points = json::parse(fileBytes(dir / "o.geojson")).at("features").at(0).at("geometry").at("coordinates");
    EXPECT_EQ(points, json::parse("[[300.0, 400.0], [500.0, 600.0]]"));
}

TEST(BadInputCli, EvalDetectionsRefusesAFifoAndSaysWhenThereIsNothingToMeasure) {
    const auto dir = tempDir("eval-fifo");
    const fs::path fifo = dir / "pipe.csv", points = dir / "points.csv", header = dir / "header.csv";
    ASSERT_EQ(runCommand("mkfifo " + quote(fifo.string())).exitCode, 0);
    std::ofstream(points) << "100,200\n300,400\n";
    std::ofstream(header) << "x,y\n";
    // No writer ever opens the FIFO: reading it would block for ever.
    for (const std::string& args : {"--reference " + quote(fifo.string()) + " --detections " + quote(points.string()),
                                    "--reference " + quote(points.string()) + " --detections " + quote(fifo.string())}) {
        auto r = hm("eval-detections " + args + " --mpp 0.25");
        EXPECT_EQ(r.exitCode, 1) << args;
        EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
    }
    auto empty = hm("eval-detections --reference " + quote(header.string()) + " --detections " + quote(points.string()) + " --mpp 0.25 --json");
    ASSERT_EQ(empty.exitCode, 0) << empty.err;
    EXPECT_EQ(json::parse(empty.out).at("reference_count"), 0);
    EXPECT_NE(empty.err.find("recall is not defined"), std::string::npos) << empty.err;
}

// The same file imported twice for one reader adds nothing the second time (it doubled the count
// and could move the FNCLCC mitotic score); for another reader the marks are that reader's own.
TEST(BadInputCli, ImportingAFileTwiceDoesNotDoubleTheCount) {
    const auto dir = tempDir("import-twice");
    const fs::path project = demoWithPoints(dir, {{1000, 1200}, {1300, 1400}});
    const std::string p = quote(project.string()) + " --case DEMO-LMS-001 --slide 1 ";
    const std::string file = quote((dir / "p.geojson").string());
    ASSERT_EQ(hm("marks import " + p + file + " --reader alice").exitCode, 0);
    ASSERT_EQ(hm("marks set-count " + p + "--reader alice --grid 500 500 5 2").exitCode, 0);
    auto first = hm("count " + p + "--reader alice --json");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    auto again = hm("marks import " + p + file + " --reader alice");
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.out.find("Imported 0 marks"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("2 marks left out: already on the slide"), std::string::npos) << again.out;
    auto second = hm("count " + p + "--reader alice --json");
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_EQ(json::parse(second.out).at("count"), json::parse(first.out).at("count"));
    EXPECT_EQ(json::parse(second.out).at("count"), 2);
    auto bob = hm("marks import " + p + file + " --reader bob");
    EXPECT_NE(bob.out.find("Imported 2 marks"), std::string::npos) << bob.out;
    EXPECT_EQ(json::parse(hm("marks list " + p + "--json").out).at("total"), 4);
}

// A grid of 10 x 10 FNCLCC fields on the 2.05 x 1.54 mm demo slide claimed 17.34 mm² examined;
// only the part of the fields on the slide is area, and the count says so.
TEST(BadInputCli, CountFieldsPastTheSlideEdgeAddOnlyTheirPartOnIt) {
    const auto dir = tempDir("fields-off-slide");
    const fs::path project = demoWithPoints(dir, {{4000, 3000}});
    const std::string p = quote(project.string()) + " --case DEMO-LMS-001 --slide 1 ";
    ASSERT_EQ(hm("marks import " + p + quote((dir / "p.geojson").string()) + " --reader alice").exitCode, 0);
    ASSERT_EQ(hm("marks set-count " + p + "--reader alice --grid 4000 3000 10 10").exitCode, 0);
    auto r = hm("count " + p + "--reader alice --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_LE(j.at("area_mm2").get<double>(), 2.048 * 1.536 + 1e-6);
    EXPECT_GT(j.at("fields_off_slide").get<int>() + j.at("fields_partly_off_slide").get<int>(), 50);
    EXPECT_TRUE(j.at("note").is_string());
    EXPECT_NE(r.err.find("off the slide"), std::string::npos) << r.err;
}

// Numbers CLI11 would wrap or saturate into other values, and a table that is not the one asked
// for: each refused with what was typed and what is wanted.
TEST(BadInputCli, NumbersOutOfTheirTypeAndAForeignTrainingTableAreNamed) {
    const auto dir = tempDir("bad-numbers");
    for (const char* seed : {"-5", "99999999999999999999", "1e3"}) {
        auto r = hm("make-sample " + quote((dir / "s").string()) + " --seed " + seed);
        EXPECT_EQ(r.exitCode, 2) << seed;
        EXPECT_NE(r.err.find(std::string("(got ") + seed + ")"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(dir / "s" / "HE.svs")) << "nothing written for a refused seed";
    fs::copy_file(kCase / "demo-case.hmproj", dir / "d.hmproj");
    const std::string p = quote((dir / "d.hmproj").string());
    for (const char* id : {"99999999999999999999999", "-3", "0"}) {
        auto r = hm("case set-stain " + p + " --slide " + id + " desmin");
        EXPECT_EQ(r.exitCode, 2) << id;
        EXPECT_NE(r.err.find(std::string("(got ") + id), std::string::npos) << r.err;
    }
    fs::create_directories(dir / "ami" / "patches");
    std::ofstream(dir / "ami" / "AMI-BR.csv") << "name,score\nx,1\n";
    auto t = hm("train-mitosis " + quote((dir / "ami").string()) + " -o " + quote((dir / "m.yml").string()));
    EXPECT_EQ(t.exitCode, 1);
    EXPECT_NE(t.err.find("is not the AMi-Br table"), std::string::npos) << t.err;
    EXPECT_FALSE(fs::exists(dir / "m.yml"));
}
