// SPDX-License-Identifier: MIT
#include "app/image_io.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace histomark::app {

core::Status writePng(const core::RgbaImage& image, const std::string& path) {
    if (image.empty()) return core::Status::failure("nothing to write to " + path);
    const cv::Mat rgba(image.height, image.width, CV_8UC4, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
    try {
        if (cv::imwrite(path, bgr)) return {};
    } catch (const cv::Exception& e) {
        return core::Status::failure("Cannot write " + path + ": " + e.what());
    }
    return core::Status::failure("Cannot write " + path + " (check the folder exists and is writable)");
}

}  // namespace histomark::app
