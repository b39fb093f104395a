// SPDX-License-Identifier: MIT
#include "gui/gui_shot.h"

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "support/run_command.h"
#include "support/test_data.h"

namespace histomark::test {

using nlohmann::json;

Shot screenshot(const std::string& slide, const std::string& script, const std::string& name, const std::string& extra,
                const std::string& size) {
    const auto dir = tempDir("gui-" + name);
    const auto png = dir / (name + ".png"), rep = dir / "report.json", scr = dir / "script.txt";
    std::string cmd = quote(histomarkBinary()) + " screenshot ";
    if (!slide.empty()) cmd += quote(slide) + " ";
    cmd += "-o " + quote(png.string()) + " --size " + size + " --report " + quote(rep.string()) + " " + extra;
    if (!script.empty()) {
        std::ofstream(scr) << script;
        cmd += " --script " + quote(scr.string());
    }
    auto r = runCommand(cmd, 180);
    Shot s;
    s.exitCode = r.exitCode;
    s.err = r.err;
    s.image = cv::imread(png.string(), cv::IMREAD_COLOR);
    std::ifstream in(rep);
    if (in) s.report = json::parse(in, nullptr, false);
    // Keep a copy for people to look at after a run.
    // A run that failed before its screenshot leaves no PNG: the caller reports its exit code and stderr.
    std::error_code ec;
    std::filesystem::create_directories(std::string(HISTOMARK_BINARY_DIR) + "/test-screenshots", ec);
    if (std::filesystem::exists(png, ec))
        std::filesystem::copy_file(png, std::string(HISTOMARK_BINARY_DIR) + "/test-screenshots/" + name + ".png",
                                   std::filesystem::copy_options::overwrite_existing, ec);
    return s;
}

json readJson(const std::filesystem::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

const json& marksOf(const json& report, int viewer) { return report.at("case").at("viewers").at(viewer).at("marks"); }

cv::Point onScreen(const json& report, Point p, int viewer) {
    const json& c = report.at("case").at("viewers").at(viewer).at("camera");
    const double zoom = c.at("zoom"), cx = c.at("center_x"), cy = c.at("center_y");
    const json& r = c.at("view_rect");
    const double w = r[2].get<double>() - r[0].get<double>(), h = r[3].get<double>() - r[1].get<double>();
    return {int(r[0].get<double>() + w / 2 + (p.x - cx) / zoom), int(r[1].get<double>() + h / 2 + (p.y - cy) / zoom)};
}

int pixelsNear(const cv::Mat& img, cv::Point at, int radius, int r, int g, int b, int tolerance) {
    int n = 0;
    for (int y = at.y - radius; y <= at.y + radius; ++y)
        for (int x = at.x - radius; x <= at.x + radius; ++x) {
            if (x < 0 || y < 0 || x >= img.cols || y >= img.rows) continue;
            const cv::Vec3b px = img.at<cv::Vec3b>(y, x);
            n += std::abs(px[2] - r) < tolerance && std::abs(px[1] - g) < tolerance && std::abs(px[0] - b) < tolerance;
        }
    return n;
}

}  // namespace histomark::test
