// SPDX-License-Identifier: MIT
// The real GUI under Xvfb: run `histomark screenshot` with command scripts and check the pixels.
#include <gtest/gtest.h>
#include <openslide.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "gui/gui_shot.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

// Where the slide's level-0 rectangle lies on screen, from the reported camera.
cv::Rect slideOnScreen(const json& rep, double slideW, double slideH) {
    const double zoom = rep["zoom"], cx = rep["center_x"], cy = rep["center_y"];
    const double vx = rep["view_rect"][0], vy = rep["view_rect"][1];
    const double vw = rep["viewport"][0], vh = rep["viewport"][1];
    const double x0 = vx + (0 - cx) / zoom + vw / 2, y0 = vy + (0 - cy) / zoom + vh / 2;
    return cv::Rect(int(std::round(x0)), int(std::round(y0)), int(std::round(slideW / zoom)), int(std::round(slideH / zoom)));
}

cv::Mat openslideRegion(const std::string& path, int level, int64_t x, int64_t y, int w, int h) {
    openslide_t* osr = openslide_open(path.c_str());
    std::vector<uint32_t> argb(size_t(w) * size_t(h));
    openslide_read_region(osr, argb.data(), x, y, level, w, h);
    openslide_close(osr);
    cv::Mat bgr(h, w, CV_8UC3);
    for (int i = 0; i < w * h; ++i) {
        const uint32_t p = argb[size_t(i)], white = 255 - (p >> 24);
        bgr.at<cv::Vec3b>(i / w, i % w) = cv::Vec3b(uint8_t((p & 255) + white), uint8_t(((p >> 8) & 255) + white),
                                                    uint8_t(((p >> 16) & 255) + white));
    }
    return bgr;
}

double meanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / 3;
}

int countColour(const cv::Mat& img, cv::Rect r, std::function<bool(cv::Vec3b)> pred) {
    int n = 0;
    r &= cv::Rect(0, 0, img.cols, img.rows);
    for (int y = r.y; y < r.y + r.height; ++y)
        for (int x = r.x; x < r.x + r.width; ++x) n += pred(img.at<cv::Vec3b>(y, x));
    return n;
}

bool tissueLike(cv::Vec3b bgr) { return bgr[2] > 90 && bgr[1] < 170 && bgr[0] > 90 && bgr[2] - bgr[1] > 25; }  // pink/purple

}  // namespace

TEST(Gui, FitViewShowsTheSlideOverviewAndScaleBar) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    Shot s = screenshot(svs.string(), "", "fit");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    ASSERT_FALSE(s.image.empty());
    ASSERT_EQ(s.report["state"], "ready");
    EXPECT_EQ(s.report["missing_tiles"], 0);
    // The slide area on screen matches the slide itself, shrunk to the same size.
    const cv::Rect onScreen = slideOnScreen(s.report, 2220, 2967);
    cv::Mat expected;
    cv::resize(openslideRegion(svs.string(), 0, 0, 0, 2220, 2967), expected, onScreen.size(), 0, 0, cv::INTER_AREA);
    const cv::Rect inner(onScreen.x + 4, onScreen.y + 4, onScreen.width - 8, onScreen.height - 8);
    EXPECT_LT(meanAbsDiff(s.image(inner), expected(cv::Rect(4, 4, inner.width, inner.height))), 12.0);
    // Beside the slide: the dark background, not slide pixels.
    const cv::Vec3b bg = s.image.at<cv::Vec3b>(onScreen.y + onScreen.height / 2, onScreen.x - 20);
    EXPECT_LT(bg[0], 70);
    EXPECT_LT(bg[2], 70);
    // The overview in the sidebar shows tissue.
    const int viewRight = int(s.report["view_rect"][2].get<double>());
    EXPECT_GT(countColour(s.image, cv::Rect(viewRight, 40, s.image.cols - viewRight, 300), tissueLike), 2000);
    // The scale bar: a black bar on a white box at the bottom-left of the view.
    const int vx = int(s.report["view_rect"][0].get<double>()), vb = int(s.report["view_rect"][3].get<double>());
    EXPECT_GT(countColour(s.image, cv::Rect(vx + 10, vb - 60, 250, 55), [](cv::Vec3b p) { return p[0] < 20 && p[1] < 20 && p[2] < 20; }), 150);
    EXPECT_GT(countColour(s.image, cv::Rect(vx + 10, vb - 60, 250, 55), [](cv::Vec3b p) { return p[0] > 230 && p[1] > 230 && p[2] > 230; }), 1000);
}

TEST(Gui, TwentyTimesShowsFullResolutionPixelsAtTheCentre) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    Shot s = screenshot(svs.string(), "zoom 20x\ncenter 1100 1700\n", "zoom20");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.report["magnification_label"], "20x");
    EXPECT_EQ(s.report["level"], 0);
    EXPECT_NEAR(s.report["zoom"].get<double>(), 10.0 / (20 * 0.499), 1e-9);
    // zoom ~1.002: the middle of the view shows level-0 pixels around (1100, 1700) nearly 1:1.
    const double vx = s.report["view_rect"][0], vy = s.report["view_rect"][1];
    const double vw = s.report["viewport"][0], vh = s.report["viewport"][1];
    const cv::Rect mid(int(vx + vw / 2) - 100, int(vy + vh / 2) - 100, 200, 200);
    cv::Mat expected = openslideRegion(svs.string(), 0, 1000, 1600, 200, 200);
    EXPECT_LT(meanAbsDiff(s.image(mid), expected), 12.0);
    EXPECT_GT(countColour(s.image, mid, tissueLike), 4000);
}

TEST(Gui, ScriptedPanAndZoomEndWhereExpected) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    // Real mouse input: a drag, two wheel notches and a double-click at the view centre;
    // each step's camera is checked through a report.
    const auto dir = tempDir("pan-reports");
    const std::string script = "zoom 10x\ncenter 1000 1500\nwait-idle\ndrag-view -120 -60\nreport " +
                               (dir / "a.json").string() + "\nwheel-view 2\nreport " + (dir / "b.json").string() +
                               "\ndouble-click-view\nwait-idle\n";
    Shot s = screenshot(svs.string(), script, "pan");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const double z10 = 10.0 / (10 * 0.499);
    json a = json::parse(std::ifstream(dir / "a.json")), b = json::parse(std::ifstream(dir / "b.json"));
    EXPECT_NEAR(a["center_x"].get<double>(), 1000 + 120 * z10, 1e-6);  // content followed the mouse
    EXPECT_NEAR(a["center_y"].get<double>(), 1500 + 60 * z10, 1e-6);
    EXPECT_NEAR(b["zoom"].get<double>(), z10 / (1.25 * 1.25), 1e-6);  // two notches in, around the centre
    EXPECT_NEAR(b["center_x"].get<double>(), a["center_x"].get<double>(), 0.01);
    EXPECT_NEAR(s.report["zoom"].get<double>(), z10 / (1.25 * 1.25) / 2, 1e-6);  // double-click: 2x in
    EXPECT_EQ(s.report["missing_tiles"], 0);
}

TEST(Gui, KeysSetMagnificationAndFit) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    const auto dir = tempDir("keys");
    const std::string script = "key 4\nreport " + (dir / "k4.json").string() + "\nkey 3\nreport " +
                               (dir / "k3.json").string() + "\nkey HOME\n";
    Shot s = screenshot(svs.string(), script, "keys");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    json k4 = json::parse(std::ifstream(dir / "k4.json")), k3 = json::parse(std::ifstream(dir / "k3.json"));
    EXPECT_EQ(k4["magnification_label"], "10x");
    EXPECT_EQ(k3["magnification_label"], "5.0x");
    EXPECT_NEAR(s.report["center_x"].get<double>(), 1110, 1e-9);  // Home: fit, centred
    EXPECT_LT(s.report["magnification"].get<double>(), 5);
}

TEST(Gui, UnreadableSlideShowsTheReasonInTheWindow) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(bad, "openslide-python-fixtures/unreadable.svs");
    Shot s = screenshot(bad.string(), "", "unreadable");
    EXPECT_EQ(s.exitCode, 1);
    EXPECT_NE(s.err.find("Bogus marker length"), std::string::npos) << s.err;
    ASSERT_FALSE(s.image.empty());
    EXPECT_EQ(s.report["state"], "failed");
    EXPECT_GT(countColour(s.image, cv::Rect(0, 0, s.image.cols, s.image.rows),
                          [](cv::Vec3b p) { return p[2] > 130 && p[1] < 40 && p[0] < 40; }), 3000);  // red banner
}

TEST(Gui, AFailedSlideDoesNotStopTheOthers) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(bad, "openslide-python-fixtures/unreadable.svs");
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(missing, "openslide-python-fixtures");
    const std::string script = "open " + bad.string() + "\nopen " + (missing / "no-such.svs").string() + "\nopen " +
                               svs.string() + "\nwait-idle\n";
    Shot s = screenshot("", script, "three-tabs");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(s.report["tabs"], 3);
    EXPECT_EQ(s.report["state"], "ready");
    EXPECT_GT(countColour(s.image, cv::Rect(0, 40, 900, 700), tissueLike), 20000);
}

TEST(Gui, CoarseLevelsFillTheViewBeforeFineTilesArrive) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(tif, "qupath-os-crops/openslide-pyramidal/OS-2-ndpi.pyramid.tif");
    // Jump to 40x and take the frame at once: fine tiles are still loading, yet no pixel of
    // the view may be background or the empty-slide placeholder.
    Shot s = screenshot(tif.string(), "wait-idle\nzoom 40x\ncenter 1100 1100\nwait-frames 1\n", "fallback", "--no-wait");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const double vx = s.report["view_rect"][0], vy = s.report["view_rect"][1];
    // The top strip holds the (dark) magnification and loading badges: not part of the check.
    const cv::Rect view(int(vx), int(vy) + 45, s.report["viewport"][0].get<int>(), s.report["viewport"][1].get<int>() - 45);
    const int holes = countColour(s.image, view, [](cv::Vec3b p) {
        const bool background = p[0] < 60 && p[1] < 55 && p[2] < 55 && std::abs(p[0] - p[2]) < 8;
        const bool placeholder = p[0] == 237 && p[1] == 237 && p[2] == 237;
        return background || placeholder;
    });
    EXPECT_LT(holes, view.area() / 100) << "holes in the view while tiles load";
}

TEST(Gui, APhotoOpensAndItsScaleCanBeSet) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    const auto dir = tempDir("photo-reports");
    // No scale in a PNG: relative magnification and no scale bar; after set-mpp both follow it.
    const std::string script = "report " + (dir / "before.json").string() + "\nset-mpp 0.5\nzoom 20x\n";
    Shot s = screenshot(png.string(), script, "photo");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    json before = json::parse(std::ifstream(dir / "before.json"));
    EXPECT_EQ(before["state"], "ready");
    EXPECT_TRUE(before["mpp"].is_null());
    EXPECT_NE(before["magnification_label"].get<std::string>().find("relative"), std::string::npos);
    EXPECT_DOUBLE_EQ(s.report["mpp"].get<double>(), 0.5);
    EXPECT_EQ(s.report["mpp_source"], "user");
    EXPECT_EQ(s.report["magnification_label"], "20x");
    EXPECT_NEAR(s.report["zoom"].get<double>(), 1.0, 1e-9);  // 20x at 0.5 µm/px is full resolution
    // Brown DAB and blue hematoxylin on screen.
    EXPECT_GT(countColour(s.image, cv::Rect(0, 40, 900, 700), [](cv::Vec3b p) { return p[2] > p[0] + 30 && p[2] < 200; }), 2000);
}

TEST(Gui, SlidesOpenFromTheOpenDialogAndByDropping) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(png, "skimage-ihc/ihc.png");
    HM_REQUIRE_DATA(small, "openslide-python-fixtures/small.svs");
    const auto dir = tempDir("dialog-reports");
    // Ctrl+O, type the path into the dialog (it has the keyboard focus), Enter; then a drop of two files.
    const std::string script = "key CTRL+O\nwait-frames 3\ntype " + svs.string() + "\nkey ENTER\nwait-idle\nreport " +
                               (dir / "dialog.json").string() + "\ndrop " + png.string() + " " + small.string() + "\n";
    Shot s = screenshot("", script, "dialog-and-drop");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    json afterDialog = json::parse(std::ifstream(dir / "dialog.json"));
    EXPECT_EQ(afterDialog["tabs"], 1);
    EXPECT_EQ(afterDialog["slide"], std::filesystem::absolute(svs).lexically_normal().string());
    EXPECT_EQ(afterDialog["state"], "ready");
    EXPECT_EQ(s.report["tabs"], 3);
    EXPECT_EQ(s.report["slide"], std::filesystem::absolute(small).lexically_normal().string());  // the last drop is in front
    EXPECT_EQ(s.report["state"], "ready");
}

TEST(Gui, ClickingTheOverviewMovesThere) {
    HM_REQUIRE_DISPLAY();
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    Shot first = screenshot(svs.string(), "zoom 20x\n", "overview-before");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto& o = first.report["overview_rect"];
    const double ox0 = o[0], oy0 = o[1], ox1 = o[2], oy1 = o[3];
    ASSERT_GT(ox1 - ox0, 50);
    // Click a quarter of the way in from the top-left of the minimap: the view centres there.
    const double cx = ox0 + (ox1 - ox0) * 0.25, cy = oy0 + (oy1 - oy0) * 0.25;
    Shot s = screenshot(svs.string(), "zoom 20x\nclick " + std::to_string(cx) + " " + std::to_string(cy) + "\n", "overview-click");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const double pxPerScreen = 2220.0 / (ox1 - ox0);  // level-0 px per minimap pixel
    EXPECT_NEAR(s.report["center_x"].get<double>(), 2220 * 0.25, 2 * pxPerScreen);
    EXPECT_NEAR(s.report["center_y"].get<double>(), 2967 * 0.25, 2 * pxPerScreen);
    EXPECT_EQ(s.report["magnification_label"], "20x");  // moving does not change the zoom
}
