// SPDX-License-Identifier: MIT
// `histomark marks ...`, `count` and `agreement` run as a user runs them, on a copy of the demo
// project the build generates (case DEMO-LMS-001, its H&E at 0.25 µm/px).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

const std::filesystem::path kDemo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";
constexpr double kMpp = 0.25;  // the demo H&E

#define HM_REQUIRE_DEMO_PROJECT()                                                                   \
    ASSERT_TRUE(std::filesystem::exists(kDemo / "demo-case.hmproj")) << "the build writes " << kDemo \
                                                                       << " (target demo_case)"

// A fresh copy of the demo project (its slides stay where the build wrote them).
std::string demoCopy(const std::filesystem::path& dir, const std::string& name = "demo.hmproj") {
    std::filesystem::copy_file(kDemo / "demo-case.hmproj", dir / name, std::filesystem::copy_options::overwrite_existing);
    return quote((dir / name).string());
}

struct Point {
    double x, y;
    std::string cls;
};

// A QuPath-style GeoJSON of points; `reader` goes where Histomark writes it (metadata.reader).
void writeGeoJson(const std::filesystem::path& file, const std::vector<Point>& points, const std::string& reader = "") {
    json features = json::array();
    for (const auto& p : points) {
        json props = {{"objectType", "annotation"}, {"classification", {{"name", p.cls}}}};
        if (!reader.empty()) props["metadata"] = {{"reader", reader}};
        features.push_back({{"type", "Feature"}, {"geometry", {{"type", "Point"}, {"coordinates", {p.x, p.y}}}}, {"properties", props}});
    }
    std::ofstream(file) << json{{"type", "FeatureCollection"}, {"features", features}}.dump(1);
}

// The FNCLCC field (0.1734 mm², round) at 0.25 µm/px: its diameter in level-0 px. A 5 x 2 grid
// centred on kCentre has field (column c, row r) centred on fieldCentre(c, r).
const double kField = 2 * std::sqrt(0.1734 / std::numbers::pi) * 1000 / kMpp;  // ~1879.5 px
constexpr double kCx = 4096, kCy = 3072;
Point fieldCentre(int c, int r, const std::string& cls = "Mitosis") {
    return {kCx - 2.5 * kField + (c + 0.5) * kField, kCy - kField + (r + 0.5) * kField, cls};
}

// Reader A: 7 mitotic figures in fields 0..6 (off-centre a little), 2 outside the fields (one in the
// gap where four round fields meet, one below the grid), 3 look-alikes in fields 7..9.
std::vector<Point> readerA() {
    std::vector<Point> pts;
    for (int i = 0; i < 7; ++i) {
        Point p = fieldCentre(i % 5, i / 5);
        pts.push_back({p.x + 100 - 30 * i, p.y - 80 + 25 * i, p.cls});
    }
    pts.push_back({kCx - 1.5 * kField, kCy, "Mitosis"});  // the corner of fields 0, 1, 5, 6: 0.71 fields from each centre
    pts.push_back({kCx, 5800, "Mitosis"});                // below the grid (it ends at y = 4951)
    for (int i = 7; i < 10; ++i) pts.push_back(fieldCentre(i % 5, i / 5, "look-alike"));
    return pts;
}

// Reader B: A's figures 0..4 moved 5 µm (20 px), figure 5 moved 10 µm (40 px), figure 6 and both
// outside ones missed, 2 figures A has not marked, and a look-alike right on A's figure 6 (another
// class: never matched).
std::vector<Point> readerB() {
    const auto a = readerA();
    std::vector<Point> pts;
    for (int i = 0; i < 5; ++i) pts.push_back({a[size_t(i)].x + 20, a[size_t(i)].y, "mitotic figure"});
    pts.push_back({a[5].x, a[5].y + 40, "mitotic figure"});
    pts.push_back({5000, 5500, "mitotic figure"});
    pts.push_back({7000, 500, "mitotic figure"});
    pts.push_back({a[6].x, a[6].y, "look-alike"});
    return pts;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(CountCli, CountsTheWorkedFnclccExampleAndComparesReaders) {
    HM_REQUIRE_DEMO_PROJECT();
    const auto dir = tempDir("count-cli-worked");
    const std::string p = demoCopy(dir);
    const std::string onHe = " --case DEMO-LMS-001 --slide " + quote("H&E");
    writeGeoJson(dir / "a.geojson", readerA());
    writeGeoJson(dir / "b.geojson", readerB(), "B");

    auto imported = hm("marks import " + p + onHe + " " + quote((dir / "a.geojson").string()) + " --reader A");
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    EXPECT_TRUE(has(imported.out, "Imported 12 marks (QuPath GeoJSON)")) << imported.out;
    EXPECT_TRUE(has(imported.out, "A 12")) << imported.out;
    // The file's own reader; the slide by its file name and the case by id this time.
    auto importedB = hm("marks import " + p + " --case 1 --slide he.svs " + quote((dir / "b.geojson").string()));
    ASSERT_EQ(importedB.exitCode, 0) << importedB.err;
    EXPECT_TRUE(has(importedB.out, "B 9")) << importedB.out;

    json listed = hmJson("marks list " + p + onHe);
    EXPECT_EQ(listed["total"], 21);
    EXPECT_EQ(listed["by_reader"], json({{"A", 12}, {"B", 9}}));
    EXPECT_EQ(listed["by_class"], json({{"mitotic figure", 17}, {"look-alike", 4}}));
    EXPECT_EQ(listed["readers"], json({"A", "B"}));
    const int64_t slide = listed["slide"];
    EXPECT_EQ(hmJson("marks list " + p + onHe + " --reader A")["by_class"], json({{"mitotic figure", 9}, {"look-alike", 3}}));
    auto table = hm("marks list " + p + onHe);
    EXPECT_TRUE(has(table.out, "A: 12 (look-alike 3, mitotic figure 9)")) << table.out;

    // No count area yet: an error, not a count of zero.
    auto early = hm("count " + p + onHe + " --reader A");
    EXPECT_EQ(early.exitCode, 1);
    EXPECT_TRUE(has(early.err, "Reader A has no count area on slide")) << early.err;
    EXPECT_TRUE(has(early.err, "histomark marks set-count")) << early.err;
    auto nobody = hm("count " + p + onHe);
    EXPECT_EQ(nobody.exitCode, 1);
    EXPECT_TRUE(has(nobody.err, "No reader has a count area")) << nobody.err;
    EXPECT_TRUE(has(nobody.err, "A, B")) << nobody.err;

    auto placed = hm("marks set-count " + p + onHe + " --reader A --preset fnclcc --grid 4096 3072 5 2 --differentiation 2 --necrosis 0");
    ASSERT_EQ(placed.exitCode, 0) << placed.err;
    EXPECT_TRUE(has(placed.out, "5 x 2 fields (10 counted)")) << placed.out;

    // DOMAIN §3: 7 per 10 HPF -> mitotic score 1; differentiation 2 + necrosis 0 -> total 3, grade 1.
    // The only reader with a count is found without --reader.
    json c = hmJson("count " + p + onHe);
    for (const char* key : {"case", "slide", "reader", "preset", "preset_label", "figure_label", "count", "area_mm2", "fields",
                            "per_10_hpf", "per_mm2", "fnclcc_per_10_hpf", "mitotic_score", "field_tally", "differentiation",
                            "necrosis", "fnclcc_total", "fnclcc_grade", "mpp"})
        EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_EQ(c["case"], "DEMO-LMS-001");
    EXPECT_EQ(c["slide"], slide);
    EXPECT_EQ(c["reader"], "A");
    EXPECT_EQ(c["preset"], "fnclcc");
    EXPECT_EQ(c["count"], 7);
    EXPECT_EQ(c["fields"], 10);
    // The demo slide (2.05 mm wide) is narrower than five FNCLCC fields (2.35 mm): the end columns
    // hang 0.15 mm over its edges, and only their part on the slide is examined, 1.542 mm² rather
    // than 1.734 (7 mitoses -> 7.87 per 10 HPF: still score 1, grade 1).
    const double area = c["area_mm2"].get<double>();
    EXPECT_NEAR(area, 1.542, 0.005);
    EXPECT_NEAR(c["per_10_hpf"].get<double>(), 7 / area * 1.734, 1e-9);
    EXPECT_NEAR(c["per_mm2"].get<double>(), 7 / area, 1e-9);
    EXPECT_NEAR(c["fnclcc_per_10_hpf"].get<double>(), 7 / area * 1.734, 1e-9);
    EXPECT_EQ(c["fields_partly_off_slide"], 4);
    EXPECT_EQ(c["fields_off_slide"], 0);
    EXPECT_TRUE(has(c["note"].get<std::string>(), "4 of the 10 counted fields lie partly off the slide")) << c.dump();
    EXPECT_EQ(c["mitotic_score"], 1);
    EXPECT_EQ(c["field_tally"], json({1, 1, 1, 1, 1, 1, 1, 0, 0, 0}));
    EXPECT_EQ(c["differentiation"], 2);
    EXPECT_EQ(c["necrosis"], 0);
    EXPECT_EQ(c["fnclcc_total"], 3);
    EXPECT_EQ(c["fnclcc_grade"], 1);
    EXPECT_EQ(c["mpp"], kMpp);
    auto text = hm("count " + p + " --case DEMO-LMS-001 --slide " + std::to_string(slide) + " --reader A");
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_TRUE(has(text.out, "Mitoses:       7 in 1.54")) << text.out;
    EXPECT_TRUE(has(text.out, "Note:          4 of the 10 counted fields lie partly off the slide")) << text.out;
    EXPECT_TRUE(has(text.out, "= 3 -> grade 1")) << text.out;

    // Two fields switched off (the first hangs over the edge), the scores kept: 5 of the 7 remain,
    // in 8 fields of which 7.68 on the slide -> 6.97 per 10 HPF.
    ASSERT_EQ(hm("marks set-count " + p + onHe + " --reader A --field-off 0 1").exitCode, 0);
    json off = hmJson("count " + p + onHe + " --reader A");
    EXPECT_EQ(off["count"], 5);
    EXPECT_EQ(off["fields"], 8);
    EXPECT_NEAR(off["per_10_hpf"].get<double>(), 5 / off["area_mm2"].get<double>() * 1.734, 1e-9);
    EXPECT_NEAR(off["per_10_hpf"].get<double>(), 6.97, 0.01);
    EXPECT_EQ(off["field_tally"], json({-1, -1, 1, 1, 1, 1, 1, 0, 0, 0}));
    EXPECT_EQ(off["fnclcc_total"], 3);

    // A (reference) has 9 mitotic figures, B (candidates) 8. At 7.5 µm: B's 5 moved 5 µm match
    // (TP 5); B's figure moved 10 µm and its 2 extras do not (FP 3); A's figure 5, figure 6 and
    // both outside ones are missed (FN 4). F1 = 2·5 / (2·5 + 3 + 4) = 10/17.
    json g = hmJson("agreement " + p + " --slide " + std::to_string(slide) + " --reader A --reader B");
    for (const char* key : {"slide", "reader_a", "reader_b", "radius_um", "mpp", "tp", "fp", "fn", "precision", "recall", "f1", "class"})
        EXPECT_TRUE(g.contains(key)) << key;
    EXPECT_EQ(g["slide"], slide);
    EXPECT_EQ(g["reader_a"], "A");
    EXPECT_EQ(g["reader_b"], "B");
    EXPECT_EQ(g["radius_um"], 7.5);
    EXPECT_EQ(g["mpp"], kMpp);
    EXPECT_EQ(g["class"], "mitotic figure");
    EXPECT_EQ(g["tp"], 5);
    EXPECT_EQ(g["fp"], 3);
    EXPECT_EQ(g["fn"], 4);
    EXPECT_DOUBLE_EQ(g["precision"].get<double>(), 5.0 / 8);
    EXPECT_DOUBLE_EQ(g["recall"].get<double>(), 5.0 / 9);
    EXPECT_DOUBLE_EQ(g["f1"].get<double>(), 10.0 / 17);

    // At 12 µm the 10 µm one matches too: TP 6, FP 2, FN 3, F1 = 12/17.
    json wide = hmJson("agreement " + p + " --slide " + std::to_string(slide) + " --reader A --reader B --radius-um 12");
    EXPECT_EQ(wide["radius_um"], 12.0);
    EXPECT_EQ(wide["tp"], 6);
    EXPECT_EQ(wide["fp"], 2);
    EXPECT_EQ(wide["fn"], 3);
    EXPECT_DOUBLE_EQ(wide["f1"].get<double>(), 12.0 / 17);
    // B as the reference: the roles of FP and FN swap.
    json swapped = hmJson("agreement " + p + " --slide " + std::to_string(slide) + " --reader B --reader A");
    EXPECT_EQ(swapped["tp"], 5);
    EXPECT_EQ(swapped["fp"], 4);
    EXPECT_EQ(swapped["fn"], 3);
    // Another class: B's look-alike sits on A's figure 6, A's look-alikes elsewhere.
    json lookAlikes = hmJson("agreement " + p + " --case DEMO-LMS-001 --slide he --reader A --reader B --class Look-Alike");
    EXPECT_EQ(lookAlikes["class"], "look-alike");
    EXPECT_EQ(lookAlikes["tp"], 0);
    EXPECT_EQ(lookAlikes["fp"], 1);
    EXPECT_EQ(lookAlikes["fn"], 3);
    auto agreeText = hm("agreement " + p + " --slide " + std::to_string(slide) + " --reader A --reader B");
    EXPECT_TRUE(has(agreeText.out, "TP 5  FP 3  FN 4")) << agreeText.out;
    EXPECT_TRUE(has(agreeText.out, "F1 0.588")) << agreeText.out;
}

TEST(CountCli, ExportedMarksImportBackToTheSameCounts) {
    HM_REQUIRE_DEMO_PROJECT();
    const auto dir = tempDir("count-cli-roundtrip");
    const std::string p = demoCopy(dir);
    const std::string onHe = " --case DEMO-LMS-001 --slide " + quote("H&E");
    writeGeoJson(dir / "a.geojson", readerA());
    writeGeoJson(dir / "b.geojson", readerB(), "B");
    ASSERT_EQ(hm("marks import " + p + onHe + " " + quote((dir / "a.geojson").string()) + " --reader A").exitCode, 0);
    ASSERT_EQ(hm("marks import " + p + onHe + " " + quote((dir / "b.geojson").string())).exitCode, 0);
    const json before = hmJson("marks list " + p + onHe);

    auto all = hm("marks export " + p + onHe + " " + quote((dir / "all.geojson").string()));
    ASSERT_EQ(all.exitCode, 0) << all.err;
    EXPECT_TRUE(has(all.out, "Exported 21 marks")) << all.out;
    auto onlyA = hm("marks export " + p + onHe + " " + quote((dir / "a.xml").string()) + " --reader A");
    ASSERT_EQ(onlyA.exitCode, 0) << onlyA.err;
    EXPECT_TRUE(has(onlyA.out, "Exported 12 marks")) << onlyA.out;
    auto nobody = hm("marks export " + p + onHe + " " + quote((dir / "z.xml").string()) + " --reader Z");
    EXPECT_EQ(nobody.exitCode, 1);
    EXPECT_TRUE(has(nobody.err, "No marks by reader 'Z'")) << nobody.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "z.xml"));

    // Into a fresh copy: the readers come back from the file.
    const std::string q = demoCopy(dir, "fresh.hmproj");
    ASSERT_EQ(hm("marks import " + q + onHe + " " + quote((dir / "all.geojson").string())).exitCode, 0);
    const json after = hmJson("marks list " + q + onHe);
    EXPECT_EQ(after["total"], before["total"]);
    EXPECT_EQ(after["by_reader"], before["by_reader"]);
    EXPECT_EQ(after["by_class"], before["by_class"]);

    // ASAP XML, one reader, filed under another name.
    const std::string r = demoCopy(dir, "asap.hmproj");
    auto xml = hm("marks import " + r + onHe + " " + quote((dir / "a.xml").string()) + " --reader A2");
    ASSERT_EQ(xml.exitCode, 0) << xml.err;
    EXPECT_TRUE(has(xml.out, "(ASAP XML)")) << xml.out;
    const json asap = hmJson("marks list " + r + onHe);
    EXPECT_EQ(asap["by_reader"], json({{"A2", 12}}));
    EXPECT_EQ(asap["by_class"], json({{"mitotic figure", 9}, {"look-alike", 3}}));

    // The same count from the re-imported marks.
    ASSERT_EQ(hm("marks set-count " + q + onHe + " --reader A --grid 4096 3072 5 2 --differentiation 2 --necrosis 0").exitCode, 0);
    json c = hmJson("count " + q + onHe + " --reader A");
    EXPECT_EQ(c["count"], 7);
    EXPECT_EQ(c["fnclcc_grade"], 1);
}

TEST(CountCli, RefusesBadInputWithOneLine) {
    HM_REQUIRE_DEMO_PROJECT();
    const auto dir = tempDir("count-cli-errors");
    const std::string p = demoCopy(dir);
    const std::string onHe = " --case DEMO-LMS-001 --slide " + quote("H&E");
    writeGeoJson(dir / "a.geojson", readerA());
    ASSERT_EQ(hm("marks import " + p + onHe + " " + quote((dir / "a.geojson").string()) + " --reader A").exitCode, 0);
    ASSERT_EQ(hm("marks import " + p + onHe + " " + quote((dir / "a.geojson").string()) + " --reader B").exitCode, 0);
    const auto expectError = [](const CommandResult& r, const std::string& message, int code = 1) {
        EXPECT_EQ(r.exitCode, code) << r.out << r.err;
        EXPECT_TRUE(has(r.err, message)) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
        EXPECT_TRUE(r.out.empty()) << r.out;
    };

    expectError(hm("count " + p + " --case DEMO-LMS-001 --slide 999 --reader A"), "No slide '999' in case DEMO-LMS-001 (slide ");
    expectError(hm("count " + p + " --case DEMO-LMS-001 --slide PAS --reader A"), "No slide 'PAS' in case DEMO-LMS-001");
    expectError(hm("count " + p + " --case S99-404 --slide 1"), "No case 'S99-404'");
    expectError(hm("count " + p + onHe + " --reader Z"), "No reader 'Z' on slide");
    expectError(hm("agreement " + p + " --slide 999 --reader A --reader B"), "No slide with id 999");
    expectError(hm("agreement " + p + " --slide he --reader A --reader B"), "give --case too");
    expectError(hm("agreement " + p + " --slide 1 --reader A"), "give --reader A (the reference) and --reader B", 2);
    expectError(hm("agreement " + p + " --slide 1 --reader A --reader B --reader C"), "two readers", 2);
    expectError(hm("agreement " + p + " --slide 1 --reader A --reader Z"), "No marks by reader 'Z'");
    expectError(hm("agreement " + p + " --slide 1 --reader A --reader B --class stroma"), "No class 'stroma'");
    expectError(hm("agreement " + p + " --slide 1 --reader A --reader B --radius-um 0"), "--radius-um", 2);
    expectError(hm("marks set-count " + p + onHe + " --reader A"), "give --grid X Y COLUMNS ROWS");
    expectError(hm("marks set-count " + p + onHe + " --reader A --grid 4096 3072 5 2 --preset hpf40"), "Unknown field preset 'hpf40'");
    expectError(hm("marks set-count " + p + onHe + " --reader A --grid 4096 3072 5 2 --differentiation 4"), "--differentiation", 2);
    expectError(hm("marks set-count " + p + onHe + " --reader A --grid 99999 3072 5 2"), "is outside slide");
    expectError(hm("marks set-count " + p + onHe + " --reader A --grid 4096 3072 5 2 --field-off 10"), "--field-off 10");
    expectError(hm("marks import " + p + onHe + " " + quote((dir / "none.geojson").string())), "none.geojson");
    expectError(hm("marks list " + p + onHe + " --reader Z"), "No marks by reader 'Z'");

    // Not a project: refused and left alone; a missing one is not created.
    const auto notes = dir / "notes.txt";
    std::ofstream(notes) << "not a project\n";
    expectError(hm("count " + quote(notes.string()) + onHe), "is not a Histomark project");
    expectError(hm("agreement " + quote(notes.string()) + " --slide 1 --reader A --reader B"), "is not a Histomark project");
    expectError(hm("marks list " + quote(notes.string()) + onHe), "is not a Histomark project");
    expectError(hm("count " + quote((dir / "none.hmproj").string()) + onHe), "No such project file");
    EXPECT_FALSE(std::filesystem::exists(dir / "none.hmproj"));

    // A nameless photo in the case: no scale to count or match with, and "H&E" names two slides now.
    cv::imwrite((dir / "photo.png").string(), cv::Mat(300, 400, CV_8UC3, cv::Scalar(200, 150, 220)));
    auto added = hmJson("case add-slide " + p + " --case DEMO-LMS-001 " + quote((dir / "photo.png").string()) + " --stain HE");
    const std::string photo = std::to_string(added["id"].get<int64_t>());
    expectError(hm("count " + p + onHe + " --reader A"), "is ambiguous in case DEMO-LMS-001: slide ");
    expectError(hm("marks set-count " + p + " --case DEMO-LMS-001 --slide " + photo + " --reader A --grid 200 150 1 1"),
                "is unknown: its file gives none; set it in the case window (Slide > Set scale");
    ASSERT_EQ(hm("marks import " + p + " --case DEMO-LMS-001 --slide photo.png " + quote((dir / "a.geojson").string()) + " --reader A").exitCode, 0);
    ASSERT_EQ(hm("marks import " + p + " --case DEMO-LMS-001 --slide photo.png " + quote((dir / "a.geojson").string()) + " --reader B").exitCode, 0);
    expectError(hm("agreement " + p + " --slide " + photo + " --reader A --reader B"), "(\xC2\xB5m per pixel) of slide " + photo);
}

TEST(CountCli, HelpListsTheCommands) {
    auto marks = hm("marks --help");
    EXPECT_EQ(marks.exitCode, 0);
    for (const char* sub : {"import", "export", "list", "set-count"}) EXPECT_TRUE(has(marks.out, sub)) << sub;
    auto top = hm("--help");
    for (const char* sub : {"count", "agreement", "marks"}) EXPECT_TRUE(has(top.out, sub)) << sub;
    EXPECT_NE(hm("marks").exitCode, 0);
}
