// SPDX-License-Identifier: MIT
// Marks and the mitotic count in the real case window under Xvfb: points placed by clicks show on
// the slide with the field overlay, the result panel's figures match `histomark count`, undo and
// redo (keys too) reach the project, blind reading and the consensus view, a whole import undone
// at once, and guided screening.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <opencv2/imgcodecs.hpp>
#include <sqlite3.h>

#include "core/annotation.h"
#include "gui/demo_case.h"
#include "gui/gui_shot.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr double kMpp = 0.25;  // the demo H&E's µm per pixel

CommandResult run(const std::string& args) { return runCommand(quote(histomarkBinary()) + " " + args); }

std::string clicks(const std::vector<Point>& pts) {
    std::string s;
    for (const Point& p : pts) s += "click-slide 0 " + std::to_string(p.x) + " " + std::to_string(p.y) + "\n";
    return s;
}

}  // namespace

TEST(Marks, ClickedMitosesAndFieldsShowAndTheCountMatchesTheCli) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-count");
    const json truth = demoTruth();
    const json& hs = truth.at("hotspot");
    const Point centre{hs.at("x").get<double>() + hs.at("width").get<double>() / 2,
                       hs.at("y").get<double>() + hs.at("height").get<double>() / 2};
    std::vector<Point> figures;
    for (const json& m : truth.at("mitoticFigures")) {
        const Point p{m.at("x"), m.at("y")};
        if (std::abs(p.x - centre.x) < hs.at("width").get<double>() / 2 && std::abs(p.y - centre.y) < hs.at("height").get<double>() / 2)
            figures.push_back(p);
    }
    ASSERT_GE(figures.size(), 5u);
    // Ten FNCLCC fields: a 4 x 3 grid on the hotspot with two corner fields switched off.
    const std::string body = "select-viewer 0\nreader alice\ntool point\ncenter " + std::to_string(centre.x) + " " +
                             std::to_string(centre.y) + "\nzoom 5x\nwait-idle 60\n" + clicks(figures) +
                             "count-grid 0 " + std::to_string(centre.x) + " " + std::to_string(centre.y) +
                             " 4 3\nfield 0 0 off\nfield 0 3 off\nfnclcc 0 2 0\ntool navigate\nwait-idle 60\n";
    Shot s = screenshot("", script(project, body), "marks-count", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& marks = marksOf(s.report);
    EXPECT_EQ(marks.at("total"), figures.size());
    EXPECT_EQ(marks.at("by_reader").at("alice"), figures.size());

    // The count, worked out here from the field geometry: FNCLCC fields are circles of 0.1734 mm².
    const double d = 2 * std::sqrt(0.1734 / std::numbers::pi) * 1000 / kMpp;  // diameter, level-0 px
    const Point origin{centre.x - 2 * d, centre.y - 1.5 * d};
    int expected = 0;
    for (const Point& p : figures)
        for (int i = 0; i < 12; ++i) {
            if (i == 0 || i == 3) continue;
            const double fx = origin.x + (i % 4 + 0.5) * d, fy = origin.y + (i / 4 + 0.5) * d;
            if (std::hypot(p.x - fx, p.y - fy) <= d / 2) {
                ++expected;
                break;
            }
        }
    const json& count = marks.at("count");
    EXPECT_EQ(count.at("count"), expected);
    EXPECT_EQ(count.at("fields"), 10);
    // The hotspot lies near the slide's edge: the grid hangs over it, and only the fields' part on
    // the slide is examined area (core::shareOnSlide), which the panel notes.
    const double area = count.at("area_mm2").get<double>();
    EXPECT_LT(area, 1.734);
    EXPECT_GT(area, 1.2);
    EXPECT_GT(count.at("fields_partly_off_slide").get<int>(), 0);
    EXPECT_NE(count.at("note").get<std::string>().find("off the slide"), std::string::npos);
    const double figure = expected / area * 1.734;
    EXPECT_NEAR(count.at("per_10_hpf").get<double>(), figure, 1e-9);
    EXPECT_EQ(count.at("mitotic_score"), figure < 10 ? 1 : figure < 20 ? 2 : 3);
    EXPECT_EQ(count.at("grade").at("total"), 2 + count.at("mitotic_score").get<int>());

    // On screen: a ring in the mitotic-figure colour at every mark, the fields' yellow outline.
    for (const Point& p : figures) {
        const cv::Point at = onScreen(s.report, p);
        EXPECT_GT(pixelsNear(s.image, at, 8, 252, 124, 167), 6) << "no mark drawn at " << p.x << ", " << p.y;
    }
    int yellow = 0;
    for (int k = 0; k < 36; ++k) {  // around the central field (index 5)
        const double t = k * std::numbers::pi / 18;
        const Point edge{origin.x + 1.5 * d + d / 2 * std::cos(t), origin.y + 1.5 * d + d / 2 * std::sin(t)};
        yellow += pixelsNear(s.image, onScreen(s.report, edge), 3, 255, 235, 60) > 0;
    }
    EXPECT_GT(yellow, 20) << "the counted field's outline is not drawn";

    // The command line gives the same figures from the project file.
    const auto cli = run("count " + quote(project.string()) + " --case DEMO-LMS-001 --slide 'H&E' --reader alice --json");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    const json c = json::parse(cli.out);
    EXPECT_EQ(c.at("count"), count.at("count"));
    EXPECT_DOUBLE_EQ(c.at("per_10_hpf").get<double>(), count.at("per_10_hpf").get<double>());
    EXPECT_DOUBLE_EQ(c.at("area_mm2").get<double>(), count.at("area_mm2").get<double>());
    EXPECT_EQ(c.at("mitotic_score"), count.at("mitotic_score"));
    EXPECT_EQ(c.at("fnclcc_grade"), count.at("grade").at("grade"));
}

TEST(Marks, UndoRedoAndRelabellingByKeysReachTheProject) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-undo");
    const fs::path dir = project.parent_path();
    const std::vector<Point> pts = {{3000, 2000}, {3060, 2000}, {3120, 2000}};
    const std::string body = "select-viewer 0\nreader bob\ntool point\ncenter 3060 2000\nzoom 10x\nwait-idle 60\n" +
                             clicks(pts) + "report " + (dir / "r1.json").string() +
                             "\nkey CTRL+Z\nreport " + (dir / "r2.json").string() +
                             "\nkey CTRL+Y\nreport " + (dir / "r3.json").string() +
                             "\nkey S\nclick-slide 0 3000 2000\nkey 2\nreport " + (dir / "r4.json").string() +
                             "\nclick-slide 0 3120 2000\nkey DELETE\n"
                             // The count area's changes are undone like marks.
                             "count-grid 0 3060 2000 4 3\nfield 0 0 off\nreport " + (dir / "r5.json").string() +
                             "\nundo 0\nreport " + (dir / "r6.json").string() + "\nundo 0\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "marks-undo", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(marksOf(readJson(dir / "r1.json")).at("total"), 3);
    EXPECT_EQ(marksOf(readJson(dir / "r2.json")).at("total"), 2);
    EXPECT_TRUE(marksOf(readJson(dir / "r2.json")).at("can_redo").get<bool>());
    EXPECT_EQ(marksOf(readJson(dir / "r3.json")).at("total"), 3);
    const json r4 = marksOf(readJson(dir / "r4.json"));
    EXPECT_EQ(r4.at("by_class").at("look-alike"), 1);
    EXPECT_EQ(r4.at("selected"), 1);
    EXPECT_EQ(marksOf(s.report).at("total"), 2);
    EXPECT_EQ(marksOf(readJson(dir / "r5.json")).at("count").at("fields"), 11);
    EXPECT_EQ(marksOf(readJson(dir / "r6.json")).at("count").at("fields"), 12);
    EXPECT_TRUE(marksOf(s.report).contains("count_error")) << "undoing the placement leaves no count area";

    // A second session finds exactly what the first one left.
    Shot again = screenshot("", script(project, "select-viewer 0\nwait-idle 30\n"), "marks-undo-reopened", "", "1600x1000");
    ASSERT_EQ(again.exitCode, 0) << again.err;
    const json& m = marksOf(again.report);
    EXPECT_EQ(m.at("total"), 2);
    EXPECT_EQ(m.at("by_class").at("look-alike"), 1);
    EXPECT_EQ(m.at("by_class").at("mitotic figure"), 1);
    EXPECT_FALSE(m.at("can_undo").get<bool>()) << "undo history is per session";
    EXPECT_TRUE(m.contains("count_error")) << "the undone count area stays undone";
}

TEST(Marks, BlindReadingHidesOthersAndTheConsensusViewCountsAgreement) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-readers");
    const fs::path dir = project.parent_path();
    // Reader A marks three figures; B agrees on two (within 5 µm) and adds one of its own.
    const std::vector<Point> a = {{3000, 2000}, {3200, 2000}, {3400, 2100}};
    const std::vector<Point> b = {{3012, 2010}, {3190, 1995}, {3100, 2200}};
    const std::string body = "select-viewer 0\ntool point\ncenter 3200 2100\nzoom 10x\nwait-idle 60\nreader A\n" +
                             clicks(a) + "reader B\n" + clicks(b) + "reader A\nconsensus B\nwait-frames 3\nreport " +
                             (dir / "consensus.json").string() + "\nconsensus off\nreader B\nblind on\ntool navigate\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "marks-blind", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json c = readJson(dir / "consensus.json").at("case").at("annotations").at("consensus");
    EXPECT_EQ(c.at("tp"), 2);
    EXPECT_EQ(c.at("fn"), 1);  // A's third figure
    EXPECT_EQ(c.at("fp"), 1);  // B's own
    EXPECT_NEAR(c.at("f1").get<double>(), 4.0 / 6.0, 1e-9);
    // Blind, as B: A's figure that B did not mark is not drawn; B's own are.
    EXPECT_LT(pixelsNear(s.image, onScreen(s.report, a[2]), 8, 252, 124, 167), 3);
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, b[2]), 8, 252, 124, 167), 6);
}

TEST(Marks, AWholeImportIsUndoneAndRedoneAtOnce) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-import");
    const fs::path dir = project.parent_path();
    const fs::path file = dir / "points.geojson";
    json coords = json::array();
    for (int i = 0; i < 200; ++i) coords.push_back({1000 + 20.0 * (i % 20), 1000 + 20.0 * (i / 20)});
    std::ofstream(file) << json{{"type", "FeatureCollection"},
                                {"features", {{{"type", "Feature"},
                                               {"geometry", {{"type", "MultiPoint"}, {"coordinates", coords}}},
                                               {"properties", {{"objectType", "annotation"},
                                                               {"classification", {{"name", "Mitosis"}, {"color", {252, 124, 167}}}}}}}}}}
                                .dump();
    const std::string body = "select-viewer 0\nwait-idle 30\nimport 0 " + file.string() + "\nreport " +
                             (dir / "imported.json").string() + "\nundo 0\nwait-idle 30\nreport " +
                             (dir / "undone.json").string() + "\nredo 0\nwait-idle 30\n" +
                             // Out again, to a SlideRunner database and as MIDOG's points; the menu shown.
                             "export 0 " + (dir / "out.sqlite").string() + "\nwait-idle 30\nexport 0 " +
                             (dir / "out.json").string() + " midog-points\nwait-idle 30\nexport-menu\n";
    Shot s = screenshot("", script(project, body), "marks-import", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.report.at("case").at("annotations").at("message"), "Exported 200 marks to " + (dir / "out.json").string());
    const auto scored = run("eval-detections --reference " + quote((dir / "out.sqlite").string()) + " --detections " +
                            quote((dir / "out.json").string()) + " --mpp 0.25 --json");
    ASSERT_EQ(scored.exitCode, 0) << scored.err;
    EXPECT_EQ(json::parse(scored.out).at("tp"), 200);
    EXPECT_EQ(json::parse(scored.out).at("fp"), 0);
    const json imported = marksOf(readJson(dir / "imported.json"));
    EXPECT_EQ(imported.at("total"), 200);
    EXPECT_EQ(imported.at("by_class").at("mitotic figure"), 200) << "'Mitosis' is the mitotic figure class";
    EXPECT_EQ(marksOf(readJson(dir / "undone.json")).at("total"), 0);
    EXPECT_EQ(marksOf(s.report).at("total"), 200);
    const auto listed = run("marks list " + quote(project.string()) + " --case DEMO-LMS-001 --slide 'H&E' --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_EQ(json::parse(listed.out).at("total"), 200);
}

// A labelled set of many images (here a MIDOG dataset JSON) imported in the window: the image named
// like the slide's file is taken; a set without one says what it holds.
TEST(Marks, TheImageOfALabelledSetNamedLikeTheSlideIsImported) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-dataset");
    const fs::path dir = project.parent_path();
    const json figures = demoTruth().at("mitoticFigures");
    const auto set = [&](const std::string& first, const std::string& second) {
        json annotations = json::array();
        for (int i = 0; i < 3; ++i) {
            const double x = figures[i].at("x"), y = figures[i].at("y");
            annotations.push_back({{"bbox", {x - 25, y - 25, x + 25, y + 25}}, {"category_id", 1}, {"image_id", 1}});
        }
        annotations.push_back({{"bbox", {0, 0, 50, 50}}, {"category_id", 1}, {"image_id", 2}});
        return json{{"images", {{{"id", 1}, {"file_name", first}}, {{"id", 2}, {"file_name", second}}}},
                    {"categories", {{{"id", 1}, {"name", "mitotic figure"}}}},
                    {"annotations", annotations}};
    };
    std::ofstream(dir / "named.json") << set("HE.svs", "other.tiff").dump();
    std::ofstream(dir / "unnamed.json") << set("001.tiff", "002.tiff").dump();
    const Point at{figures[0].at("x").get<double>(), figures[0].at("y").get<double>()};
    const std::string body = "select-viewer 0\nwait-idle 30\nimport 0 " + (dir / "unnamed.json").string() + "\nwait-idle 30\nreport " +
                             (dir / "refused.json").string() + "\nimport 0 " + (dir / "unnamed.json").string() + " 002.tiff\nwait-idle 30\nimport 0 " + (dir / "named.json").string() +
                             "\nwait-idle 30\ncenter " + std::to_string(at.x) + " " + std::to_string(at.y) + "\nzoom 10x\nwait-idle 60\n";
    Shot s = screenshot("", script(project, body), "marks-dataset", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json refused = readJson(dir / "refused.json");
    EXPECT_EQ(marksOf(refused).at("total"), 0);
    // Not named like the slide: the panel offers the set's two images to choose from.
    EXPECT_NE(refused.at("case").at("annotations").at("message").get<std::string>().find("Choose the image of unnamed.json"),
              std::string::npos)
        << refused.at("case").at("annotations").at("message");
    EXPECT_EQ(refused.at("case").at("annotations").at("import_choice").at("images"), 2);
    // 002.tiff chosen (its one mark), then the named set's three.
    EXPECT_EQ(marksOf(s.report).at("total"), 4);
    EXPECT_EQ(marksOf(s.report).at("by_class").at("mitotic figure"), 4);
    EXPECT_FALSE(s.report.at("case").at("annotations").contains("import_choice"));
    EXPECT_GT(pixelsNear(s.image, onScreen(s.report, at), 10, 252, 124, 167), 10) << "the imported figure is drawn";
}

TEST(Marks, GuidedScreeningStepsOverTheTissueAndCountsVisits) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-screening");
    const fs::path dir = project.parent_path();
    const std::string body = "select-viewer 0\nzoom 10x\nwait-idle 60\nscreening 0 start\nreport " + (dir / "first.json").string() +
                             "\nkey N\nkey N\nwait-idle 60\n";
    Shot s = screenshot("", script(project, body), "marks-screening", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json first = readJson(dir / "first.json");
    const json& sc = s.report.at("case").at("annotations").at("screening");
    const int steps = sc.at("steps");
    EXPECT_GT(steps, 10);
    EXPECT_EQ(sc.at("visited"), 3);
    EXPECT_EQ(sc.at("progress"), "3 of " + std::to_string(steps) + " fields");
    // Each step moved the view by about a screen.
    const json& c0 = first.at("case").at("viewers")[0].at("camera");
    const json& c1 = s.report.at("case").at("viewers")[0].at("camera");
    const double moved = std::hypot(c1.at("center_x").get<double>() - c0.at("center_x").get<double>(),
                                    c1.at("center_y").get<double>() - c0.at("center_y").get<double>());
    EXPECT_GT(moved, 0.5 * c0.at("viewport")[0].get<double>() * c0.at("zoom").get<double>());
}

TEST(Marks, ShapesAreDrawnByDraggingAndClickingAndSelectedMarksMove) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-shapes");
    const fs::path dir = project.parent_path();
    // A rectangle and an ellipse by dragging, a polygon by clicks closed with Enter, a freehand
    // outline; then one point selected and dragged 40 px to the right.
    const std::string body =
        "select-viewer 0\nreader carol\ncenter 3000 2000\nzoom 5x\nwait-idle 60\n"
        "mark-class tumour_region\ntool rectangle\ndrag-slide 0 2500 1700 2800 1900\n"
        "mark-class necrosis\ntool ellipse\ndrag-slide 0 3100 1700 3400 1900\n"
        "mark-class tumour_region\ntool polygon\nclick-slide 0 2500 2100\nclick-slide 0 2800 2100\nclick-slide 0 2650 2350\nkey ENTER\n"
        "tool freehand\ndrag-slide 0 3100 2100 3400 2300\n"
        "mark-class mitotic_figure\ntool point\nclick-slide 0 3000 2500\n"
        "tool select\nclick-slide 0 3000 2500\ndrag-slide 0 3000 2500 3040 2500\n"
        "hpf-reticle on\ntool navigate\nwait-idle 30\nreport " + (dir / "shapes.json").string() + "\n";
    Shot s = screenshot("", script(project, body), "marks-shapes", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& m = marksOf(s.report);
    EXPECT_EQ(m.at("total"), 5);
    EXPECT_EQ(m.at("by_class").at("necrosis"), 1);
    EXPECT_EQ(m.at("by_class").at("tumour region"), 3);  // the rectangle, polygon and freehand outline
    EXPECT_EQ(m.at("by_class").at("mitotic figure"), 1);
    // The stored shapes, through the command line: kinds and the moved point.
    const fs::path out = dir / "shapes.geojson";
    const auto exported = run("marks export " + quote(project.string()) + " --case DEMO-LMS-001 --slide 'H&E' " + quote(out.string()));
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    std::ifstream in(out);
    const json g = json::parse(in);
    std::map<std::string, int> kinds;
    double pointX = 0;
    for (const json& f : g.at("features")) {
        const std::string type = f.at("geometry").at("type");
        ++kinds[type == "Polygon" && f.at("geometry").value("isEllipse", false) ? "ellipse" : type];
        if (type == "MultiPoint") pointX = f.at("geometry").at("coordinates")[0][0];
    }
    EXPECT_EQ(kinds["ellipse"], 1);
    EXPECT_EQ(kinds["Polygon"], 3);  // rectangle, polygon, freehand
    EXPECT_EQ(kinds["MultiPoint"], 1);
    EXPECT_NEAR(pointX, 3040, 6) << "the selected point was dragged 40 px";
    // The eyepiece reticle: one FNCLCC field (1880 px across at 0.25 µm/px) around the view's centre.
    const json& cam = s.report.at("case").at("viewers")[0].at("camera");
    const double cx = cam.at("center_x"), cy = cam.at("center_y");
    const double rPx = std::sqrt(0.1734 / std::numbers::pi) * 1000 / kMpp;
    int cyan = 0;
    for (int k = 0; k < 36; ++k) {
        const double t = k * std::numbers::pi / 18;
        cyan += pixelsNear(s.image, onScreen(s.report, {cx + rPx * std::cos(t), cy + rPx * std::sin(t)}), 3, 120, 230, 255) > 0;
    }
    EXPECT_GT(cyan, 10);
}

TEST(Markers, ThePanelIsRecordedUndoneSummarisedAndListedByTheCli) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers");
    const fs::path dir = project.parent_path();
    // Viewers: 0 H&E, 1 desmin, 2 Ki-67, 3 CD117. The seed case's panel: desmin 3+ diffuse, CD117 negative.
    const std::string body = "select-viewer 1\nwait-idle 30\nreader dr_a\nrecord 1 positive 3+ 90 diffuse\nrecord 3 negative\n"
                             "record 2 equivocal\nundo-record\nsummary on\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "markers-summary", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& m = s.report.at("case").at("markers");
    ASSERT_EQ(m.at("records").size(), 2u) << "the Ki-67 record was undone";
    EXPECT_EQ(m.at("consistent_profiles"), json::array({"leiomyosarcoma"}));
    // The command line reads the same records from the project.
    const auto cli = run("markers " + quote(project.string()) + " --case DEMO-LMS-001 --json");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    const json c = json::parse(cli.out);
    std::map<std::string, std::string> summary;
    for (const json& r : c.at("markers")) summary[r.at("marker")] = r.at("summary");
    EXPECT_EQ(summary["desmin"], "desmin positive 3+ diffuse (90 %)");
    EXPECT_EQ(summary["CD117"], "CD117 negative");
    EXPECT_EQ(summary["Ki-67"], "Ki-67 not recorded");
    EXPECT_EQ(c.at("profiles")[0].at("entity"), "leiomyosarcoma");
    EXPECT_TRUE(c.at("profiles")[0].at("consistent").get<bool>());
    const auto csv = run("markers " + quote(project.string()) + " --case DEMO-LMS-001 --csv");
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_NE(csv.out.find(",desmin,desmin,positive,3+,90,diffuse,"), std::string::npos) << csv.out;
    // Bad input says why and changes nothing.
    const std::string rec = "record-marker " + quote(project.string()) + " --case DEMO-LMS-001 ";
    const auto bad = run(rec + "--slide desmin --result positive --intensity 5+");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("intensity"), std::string::npos);
    const auto he = run(rec + "--slide 'H&E' --result positive");
    EXPECT_EQ(he.exitCode, 1);
    EXPECT_NE(he.err.find("marker records are for IHC slides"), std::string::npos);
    EXPECT_EQ(run("markers " + quote(project.string()) + " --case NO-SUCH --json").exitCode, 1);
    const auto again = json::parse(run("markers " + quote(project.string()) + " --case DEMO-LMS-001 --json").out);
    EXPECT_EQ(again.at("markers"), c.at("markers"));
}

// A reading whose parts contradict each other is saved, and the panel says so in amber.
TEST(Markers, AContradictoryReadingIsShownWithACaution) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers-caution");
    const fs::path dir = project.parent_path();
    const std::string body = "select-viewer 3\nwait-idle 30\nreader dr_a\nrecord 3 negative\nwait-frames 3\nscreenshot " +
                             (dir / "consistent.png").string() + "\nrecord 3 negative 3+ 80\nwait-frames 3\n";
    Shot s = screenshot("", script(project, body), "markers-caution", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& records = s.report.at("case").at("markers").at("records");
    ASSERT_EQ(records.size(), 1u);
    ASSERT_EQ(records[0].at("cautions").size(), 1u) << records.dump();
    EXPECT_NE(records[0].at("cautions")[0].get<std::string>().find("negative, yet 80 %"), std::string::npos);
    const cv::Mat consistent = cv::imread((dir / "consistent.png").string());
    ASSERT_FALSE(consistent.empty());
    const cv::Point centre(s.image.cols / 2, s.image.rows / 2);
    const int amberBefore = pixelsNear(consistent, centre, 2000, 255, 178, 64);
    const int amberAfter = pixelsNear(s.image, centre, 2000, 255, 178, 64);
    EXPECT_GT(amberAfter, amberBefore + 60) << amberBefore << " -> " << amberAfter;
}

namespace {

// Script lines: reader "rev" places 2 x 2 fields on the demo's drawn hotspot and the assistant
// searches them.
std::string candidatesInHotspotFields() {
    const json truth = demoTruth();
    const json& hs = truth.at("hotspot");
    const double cx = hs.at("x").get<double>() + hs.at("width").get<double>() / 2;
    const double cy = hs.at("y").get<double>() + hs.at("height").get<double>() / 2;
    return "select-viewer 0\nreader rev\ncount-grid 0 " + std::to_string(cx) + " " + std::to_string(cy) +
           " 2 2\ncandidates 0 fields\n";
}

}  // namespace

TEST(Marks, CandidatesFromTheAssistantAreReviewedOneByOneAndOnlyAcceptedOnesCount) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-review");
    const fs::path dir = project.parent_path();
    const std::string body = candidatesInHotspotFields() + "report " + (dir / "found.json").string() +
                             "\nreview 0 start\nwait-idle 30\nreport " + (dir / "first.json").string() +
                             "\nkey A\nkey L\nkey K\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "marks-review", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json found = readJson(dir / "found.json").at("case");
    const json& review = found.at("review");
    ASSERT_GT(review.at("pending").get<int>(), 3) << review.dump();
    EXPECT_FALSE(review.at("searching").get<bool>());
    // The assistant alone changes nothing: no marks, a count of zero.
    EXPECT_EQ(found.at("viewers")[0].at("marks").at("total"), 0);
    EXPECT_EQ(found.at("viewers")[0].at("marks").at("count").at("count"), 0);
    // Reviewing: the view goes to the candidate at 40x; A, L, K decide one each.
    const json first = readJson(dir / "first.json").at("case");
    EXPECT_EQ(first.at("review").at("current"), 0);
    const json& cam = first.at("viewers")[0].at("camera");
    EXPECT_NEAR(cam.at("zoom").get<double>(), 1.0, 0.01) << "40x on a 0.25 µm/px slide";
    const json& after = s.report.at("case");
    EXPECT_EQ(after.at("review").at("accepted"), 1);
    EXPECT_EQ(after.at("review").at("look_alike"), 1);
    EXPECT_EQ(after.at("review").at("skipped"), 1);
    EXPECT_EQ(after.at("viewers")[0].at("marks").at("by_class").at("mitotic figure"), 1);
    EXPECT_EQ(after.at("viewers")[0].at("marks").at("by_class").at("look-alike"), 1);
    EXPECT_EQ(after.at("review").at("pending"), review.at("pending").get<int>() - 3);
}

// The queue as a list: every candidate with a thumbnail of the slide around it, its score and
// position; in score order or in a sweep by position, which the review then follows.
TEST(Marks, TheQueueListsCandidatesWithThumbnailsInScoreOrPositionOrder) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-queue");
    const fs::path dir = project.parent_path();
    const std::string body = candidatesInHotspotFields() + "review 0 queue score\nwait-idle 30\nwait-frames 3\nreport " +
                             (dir / "by-score.json").string() + "\nreview 0 queue position\nwait-idle 30\nreview 0 start\n" +
                             "report " + (dir / "started.json").string() + "\nkey A\nwait-idle 30\nwait-frames 3\n" +
                             "report " + (dir / "accepted.json").string() + "\nreview 0 click-row 3\nwait-frames 3\nreport " +
                             (dir / "clicked.json").string() + "\nkey L\nwait-idle 30\nwait-frames 3\n";
    Shot s = screenshot("", script(project, body), "marks-queue", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json byScore = readJson(dir / "by-score.json").at("case").at("review");
    EXPECT_FALSE(byScore.at("by_position").get<bool>());
    ASSERT_GE(byScore.at("order").size(), 3u) << byScore.dump();
    for (size_t k = 0; k < byScore.at("order").size(); ++k) EXPECT_EQ(byScore.at("order")[k], int(k) + 1) << "by score";
    EXPECT_GT(byScore.at("thumbnails").get<int>(), 2) << "the visible rows' thumbnails were read and shown";

    const json started = readJson(dir / "started.json").at("case").at("review");
    const json& order = started.at("order");
    EXPECT_TRUE(started.at("by_position").get<bool>());
    bool reordered = false;
    for (size_t k = 0; k < order.size(); ++k) reordered |= order[k] != int(k) + 1;
    EXPECT_TRUE(reordered) << "position order is not score order: " << order.dump();
    EXPECT_EQ(started.at("current").get<int>() + 1, order[0].get<int>()) << "the review starts where the sweep starts";
    const json accepted = readJson(dir / "accepted.json").at("case").at("review");
    EXPECT_EQ(accepted.at("accepted"), 1);
    EXPECT_EQ(accepted.at("current").get<int>() + 1, order[1].get<int>()) << "and follows it";
    // A click on a row shows that candidate; the keys then decide it from the list's window.
    const json clicked = readJson(dir / "clicked.json").at("case").at("review");
    EXPECT_GE(clicked.at("current").get<int>(), 0);
    EXPECT_NE(clicked.at("current"), accepted.at("current")) << "the clicked row is under review";
    const json& after = s.report.at("case").at("review");
    EXPECT_EQ(after.at("look_alike"), 1) << "L pressed with the list focused";
    EXPECT_NE(after.at("current"), clicked.at("current")) << "and the review moved on";

    // The first row's thumbnail shows the H&E (pink and purple, textured), not an empty square.
    const json& rect = after.at("first_thumbnail");
    const cv::Rect r(int(rect[0].get<double>()) + 2, int(rect[1].get<double>()) + 2, int(rect[2].get<double>() - rect[0].get<double>()) - 4,
                     int(rect[3].get<double>() - rect[1].get<double>()) - 4);
    ASSERT_GT(r.width, 20) << rect.dump();
    ASSERT_TRUE((r & cv::Rect(0, 0, s.image.cols, s.image.rows)) == r) << rect.dump();
    cv::Scalar mean, sd;
    cv::meanStdDev(s.image(r), mean, sd);  // BGR
    EXPECT_GT(mean[2], mean[1] + 20) << "red over green: stained tissue";
    EXPECT_GT(mean[0], mean[1] + 10) << "blue over green: hematoxylin and eosin";
    EXPECT_GT(sd[1], 12) << "nuclei and stroma, not a flat fill";
}

// Dense candidates (the demo gives ~1000 per HPF) are summarised at low power, one small square per
// screen cell, so the fields and the tissue stay in sight; at 40x each has its diamond.
TEST(Marks, DenseCandidatesAreSummarisedAtLowPowerAndEachShownAtHighPower) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-candidates-dense");
    const fs::path dir = project.parent_path();
    const json hs = demoTruth().at("hotspot");
    const Point centre{std::floor(hs.at("x").get<double>() + hs.at("width").get<double>() / 2),
                       std::floor(hs.at("y").get<double>() + hs.at("height").get<double>() / 2)};
    const std::string body = candidatesInHotspotFields() + "wait-idle 30\nscreenshot " + (dir / "low.png").string() +
                             "\nreport " + (dir / "low.json").string() + "\nzoom 40x\ncenter " + std::to_string(centre.x) +
                             " " + std::to_string(centre.y) + "\nwait-idle 60\n";
    Shot s = screenshot("", script(project, body), "marks-candidates-dense", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json low = readJson(dir / "low.json");
    ASSERT_GT(low.at("case").at("review").at("total").get<int>(), 1000) << "a dense queue";
    const cv::Mat lowShot = cv::imread((dir / "low.png").string());
    ASSERT_FALSE(lowShot.empty());
    // The middle of the four fields, at the case's opening zoom (about 2x): candidates shown, but
    // orange on at most a seventh of it (diamonds there covered more than a quarter).
    const int radius = 60, box = (2 * radius + 1) * (2 * radius + 1);
    const int lowOrange = pixelsNear(lowShot, onScreen(low, centre), radius, 255, 150, 30);
    EXPECT_GT(lowOrange, box / 100);
    EXPECT_LT(lowOrange, box / 5) << lowOrange << " of " << box;
    // At 40x: diamonds, some 18 px across, on the candidates in sight.
    const int highOrange = pixelsNear(s.image, onScreen(s.report, centre), 200, 255, 150, 30);
    EXPECT_GT(highOrange, 200);
}

// A lab's own classifier (train-mitosis --project) runs in the window with --mitosis-model: its
// default minimum score becomes the queue's, and the queue says which model proposed. Here the
// shipped trees with a stricter default stand in for a retrained file.
TEST(Marks, TheWindowProposesWithTheClassifierItWasGiven) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-model");
    const fs::path dir = project.parent_path();
    std::ifstream shipped(fs::path(HISTOMARK_SOURCE_DIR) / "src" / "analysis" / "models" / "mitosis_boost.yml");
    std::stringstream yml;
    yml << shipped.rdbuf();
    std::string text = yml.str();
    const size_t at = text.find("default_min_score:");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, text.find('\n', at) - at, "default_min_score: 0.5");
    std::ofstream(dir / "strict.yml") << text;
    Shot s = screenshot("", script(project, candidatesInHotspotFields()), "marks-model", "--mitosis-model " + quote((dir / "strict.yml").string()));
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& review = s.report.at("case").at("review");
    EXPECT_DOUBLE_EQ(review.at("min_score").get<double>(), 0.5);
    EXPECT_GT(review.at("total").get<int>(), 0);
    EXPECT_NE(review.at("message").get<std::string>().find("model strict.yml"), std::string::npos) << review.dump();

    std::ofstream(dir / "broken.yml") << "%YAML:1.0\nformat: other\n";
    // The same trees flagged slide-relative (train-mitosis --slide-relative): the queue says that its
    // scores are judged against the area's own nuclei.
    const size_t boost = text.find("\nboost:");
    ASSERT_NE(boost, std::string::npos);
    std::ofstream(dir / "relative.yml") << text.substr(0, boost) << "\nslide_relative: 1" << text.substr(boost);
    // Chosen in the window (File > Candidate mitosis model): a file that is no model leaves the one
    // in use and says why; the built-in one comes back on request.
    const std::string chosen = "mitosis-model " + (dir / "relative.yml").string() + "\n" + candidatesInHotspotFields() + "report " +
                               (dir / "strict.json").string() + "\nmitosis-model " + (dir / "broken.yml").string() +
                               "\nreport " + (dir / "broken.json").string() + "\nmitosis-model builtin\ncandidates 0 fields\n";
    Shot menu = screenshot("", script(project, chosen), "marks-model-chosen");
    ASSERT_EQ(menu.exitCode, 0) << menu.err;
    const json strict = readJson(dir / "strict.json");
    EXPECT_EQ(strict.at("mitosis_model"), "relative.yml");
    EXPECT_DOUBLE_EQ(strict.at("case").at("review").at("min_score").get<double>(), 0.5);
    EXPECT_NE(strict.at("case").at("review").at("message").get<std::string>().find("against this area's own nuclei"),
              std::string::npos)
        << strict.dump();
    const json broken = readJson(dir / "broken.json");
    EXPECT_EQ(broken.at("mitosis_model"), "relative.yml") << "the model in use stays";
    EXPECT_NE(broken.at("mitosis_model_message").get<std::string>().find("broken.yml was not loaded: "), std::string::npos)
        << broken.dump();
    EXPECT_EQ(menu.report.at("mitosis_model"), "");
    EXPECT_DOUBLE_EQ(menu.report.at("case").at("review").at("min_score").get<double>(), 0.01) << "the built-in default again";

    auto bad = runCommand(quote(histomarkBinary()) + " screenshot -o " + quote((dir / "x.png").string()) + " --mitosis-model " +
                          quote((dir / "broken.yml").string()));
    EXPECT_EQ(bad.exitCode, 1);
    EXPECT_NE(bad.err.find("broken.yml: "), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("not a Histomark mitosis model"), std::string::npos) << bad.err;
}

// The reader chooses the compartment and the stain vectors (the defaults come from the stain).
TEST(Markers, DabIsScoredInTheChosenCompartmentWithEstimatedStains) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers-dab-settings");
    const fs::path dir = project.parent_path();
    const std::string body = "select-viewer 2\nzoom 10x\ncenter 4000 3000\nwait-idle 60\nquantify 2\nreport " +
                             (dir / "auto.json").string() + "\ndab-settings 2 cell estimated\nquantify 2\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "markers-dab-settings", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json automatic = readJson(dir / "auto.json").at("case").at("dab");
    const json& chosen = s.report.at("case").at("dab");
    ASSERT_TRUE(automatic.at("done").get<bool>()) << automatic.dump();
    ASSERT_TRUE(chosen.at("done").get<bool>()) << chosen.dump();
    EXPECT_EQ(automatic.at("compartment"), "nucleus") << "Ki-67 is nuclear";
    EXPECT_FALSE(automatic.at("stains_estimated").get<bool>());
    EXPECT_EQ(chosen.at("compartment"), "cell");
    EXPECT_TRUE(chosen.at("stains_estimated").get<bool>()) << chosen.dump();
    EXPECT_GT(chosen.at("cells").get<int>(), 50);
    EXPECT_TRUE(automatic.contains("labelling_index"));
    EXPECT_FALSE(chosen.contains("labelling_index")) << "a labelling index is for the nucleus compartment";
}

TEST(Markers, DabIsQuantifiedInTheViewAndCopiedIntoTheRecord) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers-dab");
    const fs::path dir = project.parent_path();
    // The demo's desmin is strongly positive in the tumour cells, its CD117 negative.
    const std::string body = "select-viewer 1\nzoom 10x\ncenter 4000 3000\nwait-idle 60\nquantify 1\nreport " +
                             (dir / "desmin.json").string() + "\ncopy-quant 1\nquantify 3\nwait-idle 30\nscreenshot " +
                             (dir / "colour.png").string() + "\nstain-view 1 hematoxylin\nwait-frames 3\n";
    Shot s = screenshot("", script(project, body), "markers-dab", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json desmin = readJson(dir / "desmin.json").at("case").at("dab");
    const json& cd117 = s.report.at("case").at("dab");
    ASSERT_TRUE(desmin.at("done").get<bool>()) << desmin.dump();
    ASSERT_TRUE(cd117.at("done").get<bool>()) << cd117.dump();
    EXPECT_GT(desmin.at("cells").get<int>(), 200);
    EXPECT_GT(desmin.at("percent_positive").get<double>(), 80);
    EXPECT_LT(cd117.at("percent_positive").get<double>(), 5);
    EXPECT_EQ(cd117.at("compartment"), "cell");
    // The record got the figures; the result was set from them as none had been given.
    const json& records = s.report.at("case").at("markers").at("records");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("result"), "positive");
    EXPECT_NEAR(records[0].at("h_score").get<double>(), desmin.at("h_score").get<double>(), 1e-9);
    // Cells are drawn on CD117 in the negative class colour (blue).
    const json& v3 = s.report.at("case").at("viewers")[3].at("camera").at("view_rect");
    const cv::Rect r(int(v3[0].get<double>()), int(v3[1].get<double>()), int(v3[2].get<double>() - v3[0].get<double>()),
                     int(v3[3].get<double>() - v3[1].get<double>()));
    int blue = 0;
    for (int y = r.y; y < r.y + r.height; y += 2)
        for (int x = r.x; x < r.x + r.width; x += 2) {
            const cv::Vec3b p = s.image.at<cv::Vec3b>(y, x);
            blue += std::abs(p[2] - 70) < 25 && std::abs(p[1] - 130) < 25 && std::abs(p[0] - 255) < 25;
        }
    EXPECT_GT(blue, 100) << "the cells overlay is not drawn";
    // Hematoxylin only on desmin: the brown goes, the nuclei stay blue (the shader unmixes live).
    const json& v1 = s.report.at("case").at("viewers")[1].at("camera").at("view_rect");
    const cv::Rect r1(int(v1[0].get<double>()), int(v1[1].get<double>()), int(v1[2].get<double>() - v1[0].get<double>()),
                      int(v1[3].get<double>() - v1[1].get<double>()));
    const cv::Mat colour = cv::imread((dir / "colour.png").string());
    ASSERT_FALSE(colour.empty());
    const cv::Scalar before = cv::mean(colour(r1)), after = cv::mean(s.image(r1));
    EXPECT_GT(before[2] - before[0], 20) << "desmin is brown in colour (R > B)";
    EXPECT_LT(after[2] - after[0], 0) << "hematoxylin only is blue (B > R)";
}

TEST(Markers, DabIsQuantifiedInADrawnRegionOnly) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers-region");
    const fs::path dir = project.parent_path();
    // A rectangle of 200 x 200 µm drawn on desmin, selected, quantified; then the whole view.
    const std::string body = "select-viewer 1\nzoom 10x\ncenter 4000 3000\nwait-idle 60\nmark-class tumour_region\n"
                             "tool rectangle\ndrag-slide 1 3600 2600 4400 3400\ntool select\nclick-slide 1 4000 3000\n"
                             "quantify 1\nreport " + (dir / "region.json").string() + "\ntool navigate\n"
                             "key ESCAPE\nquantify 1\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "markers-dab-region", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json region = readJson(dir / "region.json").at("case");
    EXPECT_EQ(region.at("viewers")[1].at("marks").at("selected"), 1);
    const int inRegion = region.at("dab").at("cells"), inView = s.report.at("case").at("dab").at("cells");
    EXPECT_GT(inRegion, 20);
    EXPECT_LT(inRegion, inView / 2) << "only the region's cells";
    EXPECT_GT(region.at("dab").at("percent_positive").get<double>(), 80);
}

// Two tumour regions drawn apart: "in the tumour regions" counts the cells of both and nothing
// between them (the sum of the two quantified one by one).
TEST(Markers, DabIsQuantifiedInEveryTumourRegionAtOnce) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("markers-tumour");
    const fs::path dir = project.parent_path();
    const std::string body = "select-viewer 1\nzoom 10x\ncenter 4000 3000\nwait-idle 60\nmark-class tumour_region\n"
                             "tool rectangle\ndrag-slide 1 3400 2600 3800 3000\ndrag-slide 1 4300 3000 4700 3400\n"
                             "tool select\nclick-slide 1 3600 2800\nquantify 1\nreport " + (dir / "first.json").string() +
                             "\nclick-slide 1 4500 3200\nquantify 1\nreport " + (dir / "second.json").string() +
                             "\ntool navigate\nquantify 1 tumour\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "markers-dab-tumour", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json first = readJson(dir / "first.json").at("case").at("dab"), second = readJson(dir / "second.json").at("case").at("dab");
    const json& both = s.report.at("case").at("dab");
    ASSERT_TRUE(both.at("done").get<bool>()) << both.dump();
    EXPECT_EQ(first.at("regions"), 1);
    EXPECT_EQ(both.at("regions"), 2);
    const int a = first.at("cells"), b = second.at("cells"), ab = both.at("cells");
    EXPECT_GT(a, 10);
    EXPECT_GT(b, 10);
    // The same cells whichever box was read, but a nucleus cut by the box edge may be found or not.
    EXPECT_NEAR(ab, a + b, 0.05 * (a + b)) << "both regions' cells, none from between them";
}

TEST(Marks, TheHotspotIsFoundWithoutNecrosisAndTheFieldsArePlacedOnIt) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("marks-hotspot");
    const fs::path dir = project.parent_path();
    const std::string body = "select-viewer 0\nwait-idle 30\nhotspot 0\nreport " + (dir / "first.json").string() +
                             "\nhotspot 0 weighted\nreport " + (dir / "weighted.json").string() +
                             "\nhotspot 0 count\ncount-hotspot 0 0\nwait-idle 30\n";
    Shot s = screenshot("", script(project, body), "marks-hotspot", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json first = readJson(dir / "first.json").at("case").at("hotspots");
    ASSERT_FALSE(first.at("windows").empty()) << first.dump();
    const json& best = first.at("windows")[0];
    EXPECT_GT(best.at("count").get<int>(), 0);
    EXPECT_FALSE(first.at("weighted").get<bool>());
    // Weighted by score, as `hotspot --weighted` ranks: the same window and sum as the CLI's.
    const json weighted = readJson(dir / "weighted.json").at("case").at("hotspots");
    EXPECT_TRUE(weighted.at("weighted").get<bool>());
    auto cli = runCommand(quote(histomarkBinary()) + " hotspot " + quote((fs::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "HE.svs").string()) +
                          " --weighted --json");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    const json cliBest = json::parse(cli.out).at("windows")[0];
    ASSERT_FALSE(weighted.at("windows").empty());
    EXPECT_NEAR(weighted.at("windows")[0].at("weighted").get<double>(), cliBest.at("weighted").get<double>(), 0.01);
    EXPECT_NEAR(weighted.at("windows")[0].at("x").get<double>(), cliBest.at("x").get<double>(), 0.1);
    EXPECT_LT(weighted.at("windows")[0].at("weighted").get<double>(), best.at("count").get<double>()) << "scores below 1 each";
    // FNCLCC: a window of 10 x 0.1734 mm² (a circle of 1.487 mm across at 0.25 µm/px).
    EXPECT_NEAR(best.at("width").get<double>(), 2 * std::sqrt(1.734 / std::numbers::pi) * 1000 / kMpp, 2);
    // One click puts ten fields on it.
    const json& count = marksOf(s.report).at("count");
    EXPECT_EQ(count.at("fields"), 10);
    const json& cam = s.report.at("case").at("viewers")[0].at("camera");
    EXPECT_NEAR(cam.at("center_x").get<double>(), best.at("x").get<double>() + best.at("width").get<double>() / 2, 1);

    // Necrosis drawn over the best window: its candidates no longer count.
    const double x0 = best.at("x"), y0 = best.at("y"), w = best.at("width"), h = best.at("height");
    const std::string again = "select-viewer 0\nzoom fit\nwait-idle 30\nmark-class necrosis\ntool rectangle\ndrag-slide 0 " +
                              std::to_string(x0 - 100) + " " + std::to_string(y0 - 100) + " " + std::to_string(x0 + w + 100) +
                              " " + std::to_string(y0 + h + 100) + "\ntool navigate\nhotspot 0\nwait-idle 30\n";
    Shot s2 = screenshot("", script(project, again), "marks-hotspot-necrosis", "", "1600x1000");
    ASSERT_EQ(s2.exitCode, 0) << s2.err;
    const json& second = s2.report.at("case").at("hotspots").at("windows");
    ASSERT_FALSE(second.empty());
    // The demo slide holds only a few window positions, all overlapping: each loses the candidates
    // inside the necrosis, so the best count drops.
    EXPECT_LT(second[0].at("count").get<int>(), best.at("count").get<int>()) << "candidates in necrosis do not count";
}

TEST(Marks, AConsensusIsAdjudicatedFromTheUncertainList) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("consensus-adjudication");
    const fs::path project = dir / "t.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project, fs::copy_options::overwrite_existing);
    const std::string hm = quote(histomarkBinary()) + " ", p = quote(project.string()) + " --case QUIZ-001 --slide 1 ";
    // Two readers beside the answer key, each with one stray: the consensus has 33 figures and 2
    // disputed cells, written as reader "consensus".
    const json truth = demoTruth();
    std::vector<std::pair<double, double>> a, b;
    for (size_t i = 0; i < 28; ++i) a.emplace_back(truth.at("mitoticFigures")[i].at("x").get<double>() + 3, truth.at("mitoticFigures")[i].at("y").get<double>());
    for (size_t i = 5; i < 33; ++i) b.emplace_back(truth.at("mitoticFigures")[i].at("x").get<double>(), truth.at("mitoticFigures")[i].at("y").get<double>() - 4);
    const Point strayA{1500, 1400}, strayB{5000, 5000};
    a.emplace_back(strayA.x, strayA.y), b.emplace_back(strayB.x, strayB.y);
    for (const auto& [name, pts] : {std::pair{"A", a}, std::pair{"B", b}}) {
        json features = json::array();
        for (const auto& [x, y] : pts)
            features.push_back({{"type", "Feature"},
                                {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
                                {"properties", {{"classification", {{"name", "Mitosis"}}}}}});
        const fs::path file = dir / (std::string(name) + ".geojson");
        std::ofstream(file) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
        ASSERT_EQ(runCommand(hm + "marks import " + p + quote(file.string()) + " --reader " + name).exitCode, 0);
    }
    // In the window, reader "consensus" votes the three readers into its marks (as `histomark
    // consensus --write consensus` does; the CLI agrees below).

    // The adjudicator, as reader consensus: the first disputed cell (A's stray, the upper one) is a
    // figure after all, the other a look-alike; the last call is undone and made again.
    const fs::path before = dir / "before.json", undone = dir / "undone.json";
    Shot s = screenshot("",
                        "open-project " + project.string() + "\nopen-case QUIZ-001\nwait-idle 180\nreader consensus\nvote 0 0 answer_key A B\n"
                            "wait-idle 30\nselect-viewer 0\ncenter " +
                            std::to_string(strayA.x) + " " + std::to_string(strayA.y) + "\nzoom 4x\nwait-idle 60\nwait-frames 3\nreport " +
                            before.string() + "\nscreenshot " + (dir / "before.png").string() +
                            "\nsettle 0 1 figure\nwait-idle 30\nsettle 0 1 look-alike\nwait-idle 30\nundo 0\nwait-idle 30\nreport " +
                            undone.string() + "\nredo 0\nwait-idle 30\nexport-vote 0 " + (dir / "vote.sqlite").string() +
                            "\nwait-idle 30\nwait-frames 3\n",
                        "consensus-adjudicated", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(marksOf(readJson(before)).at("uncertain"), 2);
    EXPECT_NE(readJson(before).at("case").at("annotations").at("vote").get<std::string>().find("consensus of 3 readers: 33 figures, 2 disputed"),
              std::string::npos);
    EXPECT_EQ(marksOf(readJson(undone)).at("uncertain"), 1);
    EXPECT_EQ(marksOf(s.report).at("uncertain"), 0);
    // The list showed both cells; the stray shows in the uncertain class's yellow.
    const cv::Mat shot = cv::imread((dir / "before.png").string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(shot.empty());
    EXPECT_GT(pixelsNear(shot, onScreen(readJson(before), strayA), 12, 244, 196, 48), 5);

    // On disk: 34 figures and 1 look-alike for reader consensus.
    auto listed = runCommand(hm + "marks list " + p + "--reader consensus --json");
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    const json l = json::parse(listed.out);
    EXPECT_EQ(l.at("by_class").at("mitotic figure"), 34);
    EXPECT_EQ(l.at("by_class").at("look-alike"), 1);
    EXPECT_FALSE(l.at("by_class").contains("uncertain"));
    // The CLI's vote of the same readers gives the same cells.
    const json cli = json::parse(runCommand(hm + "consensus " + p + "--reader 'answer key' --reader A --reader B --json").out);
    EXPECT_EQ(cli.at("figures"), 33);
    EXPECT_EQ(cli.at("disputed"), 2);
    // Export the vote: the settled cells as agreed classes, every reader's label on them (read back
    // into a fresh copy of the project).
    EXPECT_NE(s.report.at("case").at("annotations").at("vote").get<std::string>().find("Writing 35 cells of 3 readers (0 left uncertain)"),
              std::string::npos);
    ASSERT_TRUE(fs::exists(dir / "vote.sqlite"));
    const fs::path fresh = dir / "fresh.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", fresh);
    const std::string f = quote(fresh.string()) + " --case QUIZ-001 --slide 1 ";
    ASSERT_EQ(runCommand(hm + "marks import " + f + quote((dir / "vote.sqlite").string()) + " --reader agreed").exitCode, 0);
    const json agreed = json::parse(runCommand(hm + "marks list " + f + "--reader agreed --json").out);
    EXPECT_EQ(agreed.at("by_class").at("mitotic figure"), 34);
    EXPECT_EQ(agreed.at("by_class").at("look-alike"), 1);
    ASSERT_EQ(runCommand(hm + "marks import " + f + quote((dir / "vote.sqlite").string()) + " --per-reader").exitCode, 0);
    const json labels = json::parse(runCommand(hm + "marks list " + f + "--json").out);
    EXPECT_EQ(labels.at("by_reader").at("A"), 29);
    EXPECT_EQ(labels.at("by_reader").at("B"), 29);
    EXPECT_EQ(labels.at("by_reader").at("consensus"), 35);
}

TEST(Marks, AnOutlineOfHundredsOfThousandsOfVerticesIsDrawn) {
    HM_REQUIRE_DISPLAY();
    // A tissue outline as other tools export it: a 300,000-vertex circle of 1500 px radius.
    const fs::path dir = tempDir("huge-outline");
    const fs::path project = dir / "t.hmproj";
    fs::copy_file(kCaseDir / "teaching.hmproj", project);
    json ring = json::array();
    constexpr int kVertices = 300000;
    const Point centre{4000, 3000};
    for (int i = 0; i <= kVertices; ++i) {
        const double a = 2 * std::numbers::pi * (i % kVertices) / kVertices;
        ring.push_back({centre.x + 1500 * std::cos(a), centre.y + 1500 * std::sin(a)});
    }
    std::ofstream(dir / "outline.geojson") << json{{"type", "FeatureCollection"},
                                                   {"features", {{{"type", "Feature"},
                                                                  {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}},
                                                                  {"properties", {{"classification", {{"name", "Tumor"}}}}}}}}}
                                                      .dump();
    const auto imported = runCommand(quote(histomarkBinary()) + " marks import " + quote(project.string()) + " --case QUIZ-001 --slide 1 " +
                                     quote((dir / "outline.geojson").string()) + " --reader T");
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    // Drawn (once decimated to screen pixels) at low power and at 40x on its edge.
    for (const auto& [zoom, shot] : {std::pair{"1x", "outline-low"}, std::pair{"40x", "outline-high"}}) {
        const Point edge{centre.x + 1500, centre.y};
        Shot s = screenshot("", "open-project " + project.string() + "\nopen-case QUIZ-001\nwait-idle 120\nselect-viewer 0\ncenter " +
                                    std::to_string(edge.x) + " " + std::to_string(edge.y) + "\nzoom " + zoom + "\nwait-idle 60\nwait-frames 3\n",
                            shot);
        ASSERT_EQ(s.exitCode, 0) << zoom << "\n" << s.err;
        const uint32_t rgb = histomark::core::defaultAnnotationClass(histomark::core::kTumourRegion)->rgb;
        EXPECT_GT(pixelsNear(s.image, onScreen(s.report, edge), 6, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 40), 4) << zoom;
    }
}

TEST(Marks, AStoredMarkThatCannotBeReadLeavesTheOthersShownAndIsNamed) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("unreadable-mark");
    const fs::path dir = project.parent_path();
    json features = json::array();
    for (const Point& p : {Point{3000, 2500}, Point{3200, 2600}, Point{3400, 2700}})
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {p.x, p.y}}}},
                            {"properties", {{"classification", {{"name", "mitotic figure"}}}}}});
    std::ofstream(dir / "points.geojson") << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
    const std::string hm = quote(histomarkBinary()) + " ";
    const std::string slide = quote(project.string()) + " --case DEMO-LMS-001 --slide 1 ";
    const auto imported = runCommand(hm + "marks import " + slide + quote((dir / "points.geojson").string()) + " --reader alice");
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    // One row damaged as a hand edit could leave it: its coordinates are text.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(project.string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE annotations SET coords = 'x' WHERE id = (SELECT min(id) FROM annotations)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT min(id) FROM annotations", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const int64_t damaged = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    // The CLI will not count without it.
    const auto listed = runCommand(hm + "marks list " + slide);
    EXPECT_EQ(listed.exitCode, 1);
    EXPECT_NE(listed.err.find("Annotation " + std::to_string(damaged) + " cannot be read"), std::string::npos) << listed.err;

    // The window shows the two others, says which one is left out, and still takes a new mark.
    Shot s = screenshot("", script(project, "select-viewer 0\nreader alice\ncenter 3200 2600\nzoom 10x\nwait-idle 60\n"
                                            "tool point\nclick-slide 0 3300 2500\ntool navigate\nwait-idle 60\nwait-frames 3\n"),
                        "unreadable-mark", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& marks = marksOf(s.report);
    ASSERT_TRUE(marks.at("loaded").get<bool>()) << marks.dump();
    EXPECT_EQ(marks.at("total"), 3);  // two readable, one new
    ASSERT_EQ(marks.at("unreadable").size(), 1u);
    EXPECT_EQ(marks.at("unreadable")[0], "Annotation " + std::to_string(damaged) + " cannot be read: its coordinates are not a blob");
    // The warning is drawn in the marks panel's red (1, 0.45, 0.4), right of the four slides.
    int red = 0;
    for (int y = 0; y < s.image.rows / 4; ++y)
        for (int x = s.image.cols * 58 / 100; x < s.image.cols * 79 / 100; ++x) {
            const cv::Vec3b p = s.image.at<cv::Vec3b>(y, x);  // BGR
            red += p[2] > 200 && std::abs(p[1] - 115) < 30 && std::abs(p[0] - 102) < 30;
        }
    EXPECT_GT(red, 150);
    // The row is still in the file, as it was, beside the saved new mark.
    ASSERT_EQ(sqlite3_open(project.string().c_str(), &db), SQLITE_OK);
    sqlite3_prepare_v2(db, "SELECT count(*), sum(typeof(coords) = 'text') FROM annotations", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 4);
    EXPECT_EQ(sqlite3_column_int(st, 1), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

// A picture smaller than one 10-HPF window (0.4 x 0.3 mm of the demo H&E, against a window 1.49 mm
// across): the one window is centred on it, and the hotspot list says in amber that its figure
// per 10 HPF is scaled up from the little tissue there.
TEST(Marks, AHotspotOnAPictureSmallerThanAWindowSaysItsFigureIsScaledUp) {
    HM_REQUIRE_DISPLAY();
    const fs::path dir = tempDir("hotspot-small-picture");
    const fs::path picture = dir / "crop.png", project = dir / "small.hmproj";
    fs::remove(project);
    const json hs = demoTruth().at("hotspot");
    const int x = int(hs.at("x").get<double>()), y = int(hs.at("y").get<double>());
    ASSERT_EQ(run("render " + quote((kCaseDir / "HE.svs").string()) + " --x " + std::to_string(x) + " --y " + std::to_string(y) +
                  " --width 1600 --height 1200 -o " + quote(picture.string()))
                  .exitCode,
              0);
    ASSERT_EQ(run("case create " + quote(project.string()) + " --accession SMALL-1").exitCode, 0);
    ASSERT_EQ(run("case add-slide " + quote(project.string()) + " --case SMALL-1 --stain HE " + quote(picture.string())).exitCode, 0);
    Shot s = screenshot("", "open-project " + project.string() + "\nopen-case SMALL-1\nselect-viewer 0\nwait-idle 60\nset-mpp 0.25\n"
                                "hotspot 0\nreview 0 queue score\nwait-idle 30\nwait-frames 3\n",
                        "hotspot-small-picture", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& h = s.report.at("case").at("hotspots");
    ASSERT_EQ(h.at("windows").size(), 1u) << h.dump();
    const json& w = h.at("windows")[0];
    EXPECT_NEAR(w.at("x").get<double>() + w.at("width").get<double>() / 2, 800, 1);
    EXPECT_LE(w.at("tissue_mm2").get<double>(), 0.4 * 0.3 + 1e-6);
    const std::string caveat = h.at("caveat");
    EXPECT_NE(caveat.find("smaller than one window"), std::string::npos) << caveat;
    // The count follows the scale set in the window (it said "unknown" until the marks changed).
    const json& marks = marksOf(s.report);
    ASSERT_TRUE(marks.contains("count_error")) << marks.dump();
    EXPECT_EQ(marks.at("count_error").get<std::string>().find("unknown"), std::string::npos) << marks.dump();
    // The amber line (240, 170, 60) in the marks panel, right of the slide.
    int amber = 0;
    for (int yy = 0; yy < s.image.rows; ++yy)
        for (int xx = s.image.cols / 2; xx < s.image.cols * 4 / 5; ++xx) {
            const cv::Vec3b p = s.image.at<cv::Vec3b>(yy, xx);  // BGR
            amber += std::abs(p[2] - 240) < 25 && std::abs(p[1] - 170) < 25 && std::abs(p[0] - 60) < 25;
        }
    EXPECT_GT(amber, 150);
}
