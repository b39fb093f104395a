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

}  // namespace histomark::test
