// SPDX-License-Identifier: MIT
// The case window under Xvfb: the demo case's four serial sections side by side, aligned
// automatically, navigating in step, and restored from the project file when it is reopened.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "core/affine.h"
#include "core/camera.h"
#include "gui/demo_case.h"
#include "gui/gui_shot.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using histomark::core::Affine;
using histomark::core::Camera;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Camera cameraOf(const json& v) {
    const json& c = v.at("camera");
    Camera cam;
    cam.center = {c.at("center_x").get<double>(), c.at("center_y").get<double>()};
    cam.zoom = c.at("zoom");
    cam.rotation = c.at("rotation");
    cam.mirror = c.at("mirror");
    cam.viewport = {c.at("viewport")[0].get<int>(), c.at("viewport")[1].get<int>()};
    return cam;
}

cv::Rect viewRect(const json& v) {
    const json& r = v.at("camera").at("view_rect");
    return cv::Rect(int(r[0].get<double>()), int(r[1].get<double>()), int(r[2].get<double>() - r[0].get<double>()),
                    int(r[3].get<double>() - r[1].get<double>()));
}

// truth.json: each slide's transform from the H&E's level-0 px to its own.
std::map<std::string, Affine> trueTransforms() {
    const json truth = demoTruth();
    std::map<std::string, Affine> out;
    for (const json& s : truth.at("slides")) {
        const json& m = s.at("transformFromHE");
        out[s.at("file").get<std::string>()] = {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]};
    }
    return out;
}

// Tissue (stained) rather than glass (near white) or the dark background around a slide.
bool stained(const cv::Mat& img, int x, int y) {
    const cv::Rect r = cv::Rect(x - 2, y - 2, 5, 5) & cv::Rect(0, 0, img.cols, img.rows);
    const cv::Scalar m = cv::mean(img(r));
    const double lo = std::min({m[0], m[1], m[2]}), hi = std::max({m[0], m[1], m[2]});
    return lo < 225 && hi > 110;  // not glass, not background
}

}  // namespace

TEST(CaseWindow, FourSerialSectionsAlignAndPanInStep) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("pan");
    // Zoom in on the H&E and drag it: every linked viewer must follow to the same tissue.
    Shot s = screenshot("", script(project, "select-viewer 0\nzoom 5x\ncenter 2400 1500\ndrag-view 180 90\nwait-idle 60\n"),
                        "case-linked-pan", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& viewers = s.report.at("case").at("viewers");
    ASSERT_EQ(viewers.size(), 4u);
    const auto truth = trueTransforms();
    const Camera he = cameraOf(viewers[0]);
    // The drag moved the H&E by (180, 90) screen px from where `center` put it.
    EXPECT_NEAR(he.center.x, 2400 - 180 * he.zoom, 1.0);
    EXPECT_NEAR(he.center.y, 1500 - 90 * he.zoom, 1.0);
    const cv::Rect heRect = viewRect(viewers[0]);
    for (size_t k = 0; k < viewers.size(); ++k) {
        const json& v = viewers[k];
        SCOPED_TRACE(v.at("stain").get<std::string>());
        ASSERT_EQ(v.at("state"), "ready");
        EXPECT_EQ(v.at("transform_source"), k == 0 ? "identity" : "automatic");
        EXPECT_EQ(v.at("missing_tiles"), 0);
        const Camera cam = cameraOf(v);
        const cv::Rect rect = viewRect(v);
        const Affine& fromHe = truth.at(fs::path(v.at("path").get<std::string>()).filename().string());
        EXPECT_EQ(cam.mirror, fromHe.mirrored());
        // The same place in every viewer shows the same tissue (by the true transforms) ...
        int agree = 0, points = 0, tissue = 0;
        double worstUm = 0;
        for (double fy = 0.1; fy < 0.95; fy += 0.1)
            for (double fx = 0.1; fx < 0.95; fx += 0.1) {
                const histomark::core::ScreenPoint sp{fx * he.viewport.width, fy * he.viewport.height};
                const auto onHe = he.toLevel0(sp);
                const auto expected = fromHe.apply(onHe);
                const auto shown = cam.toLevel0({fx * cam.viewport.width, fy * cam.viewport.height});
                worstUm = std::max(worstUm, std::hypot(shown.x - expected.x, shown.y - expected.y) * 0.25);
                // ... and the screenshot's pixels agree on where the tissue is.
                const bool a = stained(s.image, heRect.x + int(sp.x), heRect.y + int(sp.y));
                const bool b = stained(s.image, rect.x + int(fx * cam.viewport.width), rect.y + int(fy * cam.viewport.height));
                agree += a == b, ++points, tissue += a;
            }
        EXPECT_LT(worstUm, 20.0) << "viewer " << k;
        EXPECT_GE(double(agree) / points, 0.9) << "viewer " << k;
        EXPECT_GT(tissue, points / 5) << "the view should show tissue and glass";
        EXPECT_LT(tissue, points) << "the view should show tissue and glass";
    }
}

TEST(CaseWindow, UnlinkedViewerStaysWhereItWas) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("unlink");
    Shot s = screenshot("", script(project, "link 2 off\nselect-viewer 0\ndrag-view -200 -100\nwait-idle 60\n"),
                        "case-unlinked", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& after = s.report.at("case").at("viewers");
    EXPECT_FALSE(after[2].at("linked").get<bool>());
    EXPECT_TRUE(after[1].at("linked").get<bool>());
    // Viewer 1 (linked) moved with the H&E; viewer 2 (unlinked) did not move with it.
    const Camera he = cameraOf(after[0]), linked = cameraOf(after[1]), unlinked = cameraOf(after[2]);
    const auto truth = trueTransforms();
    const auto expected = truth.at("desmin.tiff").apply(he.center);
    EXPECT_NEAR(linked.center.x, expected.x, 80);
    EXPECT_NEAR(linked.center.y, expected.y, 80);
    const auto ki67Expected = truth.at("ki67.tiff").apply(he.center);
    EXPECT_GT(std::hypot(unlinked.center.x - ki67Expected.x, unlinked.center.y - ki67Expected.y), 500);
}

TEST(CaseWindow, ReopeningTheProjectRestoresTheCaseAsItWas) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("restore");
    Shot first = screenshot("", script(project, "select-viewer 0\nzoom 10x\ncenter 3000 2000\nwait-idle 60\n"),
                            "case-restore-first", "", "1600x1000");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    // A second session only opens the project: the case, its alignment and the views come back.
    Shot second = screenshot("", "open-project " + project.string() + "\nwait-idle 120\n", "case-restore-second", "",
                             "1600x1000");
    ASSERT_EQ(second.exitCode, 0) << second.err;
    ASSERT_TRUE(second.report.contains("case")) << second.report.dump(1);
    const json& a = first.report.at("case").at("viewers");
    const json& b = second.report.at("case").at("viewers");
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(b[k].at("transform_source"), a[k].at("transform_source"));
        EXPECT_FALSE(b[k].at("aligning").get<bool>());
        EXPECT_EQ(b[k].at("to_reference"), a[k].at("to_reference"));
        const Camera ca = cameraOf(a[k]), cb = cameraOf(b[k]);
        EXPECT_NEAR(cb.center.x, ca.center.x, 1.0) << k;
        EXPECT_NEAR(cb.center.y, ca.center.y, 1.0) << k;
        EXPECT_NEAR(cb.zoom, ca.zoom, 1e-6) << k;
    }
}

TEST(CaseWindow, ThreePointPairsGiveTheTrueTransform) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("pairs");
    // Landmarks on the desmin slide and, from the ground truth, the same tissue on the H&E.
    const Affine fromHe = trueTransforms().at("desmin.tiff");
    const Affine toHe = fromHe.inverse();
    const histomark::core::Level0Point q[3] = {{1800, 1500}, {6200, 2100}, {3900, 4700}};
    std::string clicks = "pairs 1\n";
    for (const auto& p : q) {
        const auto r = toHe.apply(p);
        clicks += "click-slide 1 " + std::to_string(p.x) + " " + std::to_string(p.y) + "\n";
        clicks += "click-slide 0 " + std::to_string(r.x) + " " + std::to_string(r.y) + "\n";
    }
    Shot s = screenshot("", script(project, clicks + "apply-pairs\nwait-idle 60\n"), "case-point-pairs", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const json& v = s.report.at("case").at("viewers").at(1);
    EXPECT_EQ(v.at("transform_source"), "manual");
    EXPECT_EQ(s.report.at("case").at("pairs").at("moving"), 0) << "pair mode ends when applied";
    const json& m = v.at("to_reference");
    const Affine fitted{m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2]};
    // Clicks land on whole screen pixels (about 4 µm at this zoom): the fit is that close to the truth.
    for (const histomark::core::Level0Point p : {q[0], q[1], q[2], histomark::core::Level0Point{4000, 3000}}) {
        const auto a = fitted.apply(p), b = toHe.apply(p);
        EXPECT_LT(std::hypot(a.x - b.x, a.y - b.y) * 0.25, 10.0) << p.x << "," << p.y;
    }
    ASSERT_TRUE(v.contains("residual_um"));
    EXPECT_LT(v.at("residual_um").get<double>(), 1e-3) << "three pairs fit an affine exactly";
}

TEST(CaseWindow, CheckerboardShowsTheReferenceInEveryOtherSquare) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("checker");
    Shot s = screenshot("", script(project, "select-viewer 1\nzoom 2x\ncheck-alignment 1 checker\nwait-idle 60\n"),
                        "case-checkerboard", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.report.at("case").at("check").at("checkerboard"), true);
    const cv::Rect r = viewRect(s.report.at("case").at("viewers").at(1));
    // H&E squares are pink (blue well above green); desmin squares are brown (blue below green, red above).
    int heSquares = 0, desminSquares = 0, squares = 0;
    for (int cy = 0; (cy + 1) * 64 <= r.height; ++cy)
        for (int cx = 0; (cx + 1) * 64 <= r.width; ++cx) {
            const cv::Rect cell(r.x + cx * 64 + 8, r.y + cy * 64 + 8, 48, 48);
            const cv::Scalar m = cv::mean(s.image(cell));  // B, G, R
            const double lo = std::min({m[0], m[1], m[2]}), hi = std::max({m[0], m[1], m[2]});
            if (lo > 215 || hi - lo < 15) continue;  // glass, the dark background, or a grey mix of them
            ++squares;
            const bool pink = m[0] > m[1] + 20, brown = m[0] < m[1] && m[2] > m[0] + 20;
            if ((cx + cy) % 2 == 0) heSquares += pink;
            else desminSquares += brown;
        }
    ASSERT_GT(squares, 20);
    EXPECT_GT(heSquares + desminSquares, squares * 8 / 10) << heSquares << " " << desminSquares << " of " << squares;
}

TEST(CaseWindow, MissingSlideShowsAsMissingAndRelinks) {
    HM_REQUIRE_DISPLAY();
    // A project whose Ki-67 slide is then moved away.
    const fs::path dir = tempDir("case-missing");
    const fs::path moved = dir / "ki67.tiff", elsewhere = dir / "moved" / "ki67.tiff";
    fs::copy_file(kCaseDir / "ki67.tiff", moved, fs::copy_options::overwrite_existing);
    const fs::path project = dir / "missing.hmproj";
    fs::remove(project);
    const std::string hm = quote(histomarkBinary());
    auto run = [&](const std::string& args) { return runCommand(hm + " " + args, 60); };
    ASSERT_EQ(run("case create " + quote(project.string()) + " --accession M-1").exitCode, 0);
    ASSERT_EQ(run("case add-slide " + quote(project.string()) + " --case M-1 --stain HE " + quote((kCaseDir / "HE.svs").string())).exitCode, 0);
    ASSERT_EQ(run("case add-slide " + quote(project.string()) + " --case M-1 --stain ki67 " + quote(moved.string())).exitCode, 0);
    fs::create_directories(elsewhere.parent_path());
    fs::rename(moved, elsewhere);

    Shot s = screenshot("", "open-project " + project.string() + "\nopen-case M-1\nwait-idle 120\nreport " +
                                (dir / "before.json").string() + "\nrelink 1 " + elsewhere.string() + "\nwait-idle 120\n",
                        "case-missing-relinked", "", "1600x1000");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    std::ifstream in(dir / "before.json");
    const json before = json::parse(in);
    EXPECT_EQ(before.at("case").at("viewers").at(1).at("file"), "missing");
    EXPECT_EQ(before.at("case").at("viewers").at(0).at("state"), "ready") << "the other slide works meanwhile";
    const json& after = s.report.at("case").at("viewers").at(1);
    EXPECT_EQ(after.at("file"), "present");
    EXPECT_EQ(after.at("state"), "ready");
    EXPECT_EQ(after.at("path"), elsewhere.string());
    EXPECT_EQ(after.at("stain"), "Ki-67") << "the slide keeps what the case knew about it";
    // The project file says so too.
    auto shown = run("case show " + quote(project.string()) + " --case M-1 --json");
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    EXPECT_NE(shown.out.find(elsewhere.string()), std::string::npos);
}

TEST(CaseWindow, CaseListIsTheStartScreenAndNewCasesOpen) {
    HM_REQUIRE_DISPLAY();
    const fs::path project = projectCopy("list");
    Shot s = screenshot("", "open-project " + project.string() + "\nwait-idle 60\nshow-cases\nwait-frames 3\n" +
                                "new-case S26-00042\nshow-cases\nwait-frames 3\n",
                        "case-list", "", "1400x700");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.report.at("project_cases"), 2);
    EXPECT_EQ(s.report.at("case").at("accession"), "S26-00042");
    EXPECT_TRUE(s.report.at("case").at("viewers").empty());
    // The list is drawn: rows of text over the table background, not an empty window.
    cv::Mat grey;
    cv::cvtColor(s.image(cv::Rect(0, 90, s.image.cols, 60)), grey, cv::COLOR_BGR2GRAY);
    EXPECT_GT(cv::countNonZero(grey > 150), 200);
}
