// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>

namespace histomark::test {

// One run of `histomark screenshot`: its exit code, stderr, the PNG and the --report JSON.
struct Shot {
    int exitCode = -1;
    std::string err;
    cv::Mat image;  // BGR
    nlohmann::json report;
};

// Runs the real GUI offscreen on `slide` (may be empty) with a command script; a copy of the PNG
// is kept in build/test-screenshots/NAME.png for people to look at.
Shot screenshot(const std::string& slide, const std::string& script, const std::string& name,
                const std::string& extra = "", const std::string& size = "1280x800");

// A level-0 point of a slide.
struct Point {
    double x, y;
};

nlohmann::json readJson(const std::filesystem::path& p);

// The marks report of case viewer `viewer`.
const nlohmann::json& marksOf(const nlohmann::json& report, int viewer = 0);

// Where a level-0 point of case viewer `viewer` is in the screenshot.
cv::Point onScreen(const nlohmann::json& report, Point p, int viewer = 0);

// Pixels within `radius` of `at` close to the colour (BGR image, RGB colour). Tight: eosin is pink too.
int pixelsNear(const cv::Mat& img, cv::Point at, int radius, int r, int g, int b, int tolerance = 15);

}  // namespace histomark::test
