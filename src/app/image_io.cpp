// SPDX-License-Identifier: MIT
#include "app/image_io.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace histomark::app {
namespace {

// The encoder the name asks for, among those every OpenCV build has; anything else is PNG (so
// `-o /dev/stdout` or a name without an extension still gets a picture, not OpenCV's "could not
// find a writer").
std::string encoderFor(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const char* known : {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
        if (ext == known) return ext;
    return ".png";
}

}  // namespace

core::Status writePng(const core::RgbaImage& image, const std::string& path) {
    if (image.empty()) return core::Status::failure("nothing to write to " + path);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return core::Status::failure("Cannot write " + path + ": it is a folder; give a file name, e.g. " +
                                     (std::filesystem::path(path) / "region.png").string());
    const cv::Mat rgba(image.height, image.width, CV_8UC4, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
    std::vector<uchar> bytes;
    try {
        if (!cv::imencode(encoderFor(path), bgr, bytes)) return core::Status::failure("Cannot encode the picture for " + path);
    } catch (const cv::Exception& e) {
        return core::Status::failure("Cannot encode the picture for " + path + ": " + e.what());
    }
    // Written here rather than by cv::imwrite, so that a full disk or a missing folder is said as
    // such and a half-written regular file is not left behind.
    const bool regular = !std::filesystem::exists(path, ec) || std::filesystem::is_regular_file(path, ec);
    errno = 0;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        const std::string why = errno ? std::strerror(errno) : "cannot be opened";
        return core::Status::failure("Cannot write " + path + ": " + why + " (check the folder exists and is writable)");
    }
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    out.flush();
    if (!out) {
        const std::string why = errno ? std::strerror(errno) : "the write failed";
        out.close();
        if (regular) std::filesystem::remove(path, ec);
        return core::Status::failure("Cannot write " + path + ": " + why);
    }
    return {};
}

}  // namespace histomark::app
