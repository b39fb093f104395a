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
#include "gui/gui_shot.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using histomark::core::Affine;
using histomark::core::Camera;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCaseDir = fs::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";

// A fresh copy of the demo project (the GUI writes views and transforms into it).
fs::path projectCopy(const std::string& name) {
    const fs::path dir = tempDir("case-" + name);
    const fs::path p = dir / "demo.hmproj";
    fs::copy_file(kCaseDir / "demo-case.hmproj", p, fs::copy_options::overwrite_existing);
    return p;
}

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
    std::ifstream in(kCaseDir / "truth.json");
    const json truth = json::parse(in);
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

const char* kOpenCase =
    "open-project PROJECT\n"
    "open-case DEMO-LMS-001\n"
    "wait-idle 180\n";

std::string script(const fs::path& project, const std::string& rest) {
    std::string s = kOpenCase;
    s.replace(s.find("PROJECT"), 7, project.string());
    return s + rest;
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
