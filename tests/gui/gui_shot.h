// SPDX-License-Identifier: MIT
#pragma once
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

}  // namespace histomark::test
