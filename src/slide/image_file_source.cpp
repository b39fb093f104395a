// SPDX-License-Identifier: MIT
#include "slide/image_file_source.h"

#include <tiffio.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/mpp.h"

namespace histomark::slide {
namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

// Resolution tags of a TIFF photo, in the property names OpenSlide uses, so core::resolveMpp applies.
void readTiffResolution(const std::string& path, std::map<std::string, std::string>& props) {
    TIFFSetWarningHandler(nullptr);
    TIFFSetErrorHandler(nullptr);
    TIFF* tif = TIFFOpen(path.c_str(), "r");
    if (!tif) return;
    float xr = 0, yr = 0;
    uint16_t unit = RESUNIT_NONE;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xr) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yr)) {
        props["tiff.XResolution"] = std::to_string(xr);
        props["tiff.YResolution"] = std::to_string(yr);
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        props["tiff.ResolutionUnit"] = unit == RESUNIT_CENTIMETER ? "centimeter" : unit == RESUNIT_INCH ? "inch" : "none";
    }
    TIFFClose(tif);
}

// Any decoded OpenCV image -> RGBA8, alpha composited on white.
cv::Mat toRgba(const cv::Mat& in) {
    cv::Mat img = in;
    if (img.depth() == CV_16U) img.convertTo(img, CV_8U, 1.0 / 257.0);
    else if (img.depth() != CV_8U) cv::normalize(img, img, 0, 255, cv::NORM_MINMAX, CV_8U);
    cv::Mat rgba;
    switch (img.channels()) {
        case 1: cv::cvtColor(img, rgba, cv::COLOR_GRAY2RGBA); break;
        case 3: cv::cvtColor(img, rgba, cv::COLOR_BGR2RGBA); break;
        case 4: {
            cv::cvtColor(img, rgba, cv::COLOR_BGRA2RGBA);
            for (int y = 0; y < rgba.rows; ++y) {
                auto* p = rgba.ptr<uint8_t>(y);
                for (int x = 0; x < rgba.cols; ++x, p += 4) {
                    const int a = p[3];
                    for (int c = 0; c < 3; ++c) p[c] = uint8_t((p[c] * a + 255 * (255 - a) + 127) / 255);
                    p[3] = 255;
                }
            }
            break;
        }
        default: return {};
    }
    return rgba;
}

core::RgbaImage fromMat(const cv::Mat& rgba) {
    core::RgbaImage img(rgba.cols, rgba.rows);
    for (int y = 0; y < rgba.rows; ++y) std::memcpy(img.at(0, y), rgba.ptr(y), size_t(rgba.cols) * 4);
    return img;
}

}  // namespace

bool ImageFileSource::looksLikeImage(const std::string& path) {
    static const char* exts[] = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"};
    const std::string ext = lowerExtension(path);
    return std::any_of(std::begin(exts), std::end(exts), [&](const char* e) { return ext == e; });
}

core::Result<std::shared_ptr<ImageFileSource>> ImageFileSource::open(const std::string& path) {
    using R = core::Result<std::shared_ptr<ImageFileSource>>;
    cv::Mat decoded;
    try {
        decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return R::failure("cannot decode image " + path + ": " + e.what());
    }
    if (decoded.empty()) return R::failure("cannot decode image " + path + " (damaged, truncated or not an image)");
    if (int64_t(decoded.cols) * decoded.rows > kMaxPixels)
        return R::failure("image " + path + " is too large to open as a photo");
    cv::Mat rgba = toRgba(decoded);
    if (rgba.empty()) return R::failure("unsupported channel layout in " + path);

    auto src = std::shared_ptr<ImageFileSource>(new ImageFileSource());
    core::SlideInfo& info = src->m_info;
    info.path = path;
    info.backend = "image-file";
    info.vendor = lowerExtension(path).substr(1);
    info.properties["image.channels"] = std::to_string(decoded.channels());
    info.properties["image.bit-depth"] = decoded.depth() == CV_16U ? "16" : "8";
    if (info.vendor == "tif" || info.vendor == "tiff") readTiffResolution(path, info.properties);
    info.mpp = core::resolveMpp(info.properties);

    // Generated levels halve until the whole image fits in one 512 px tile.
    double ds = 1;
    for (;;) {
        info.levels.push_back({rgba.cols, rgba.rows, ds, 0, 0});
        src->m_levels.push_back(fromMat(rgba));
        if (std::max(rgba.cols, rgba.rows) <= 512) break;
        cv::Mat half;
        cv::resize(rgba, half, cv::Size((rgba.cols + 1) / 2, (rgba.rows + 1) / 2), 0, 0, cv::INTER_AREA);
        rgba = half;
        ds = double(info.levels[0].width) / rgba.cols;
    }
    return src;
}

core::Result<core::RgbaImage> ImageFileSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    if (level < 0 || level >= int(m_levels.size()) || width <= 0 || height <= 0)
        return core::Result<core::RgbaImage>::failure("invalid region request");
    const core::RgbaImage& src = m_levels[size_t(level)];
    const double ds = m_info.levels[size_t(level)].downsample;
    const int64_t lx = int64_t(std::floor(double(x0) / ds)), ly = int64_t(std::floor(double(y0) / ds));
    core::RgbaImage out(width, height);
    out.fill(255, 255, 255);
    const int64_t cx0 = std::max<int64_t>(lx, 0), cx1 = std::min<int64_t>(lx + width, src.width);
    if (cx1 <= cx0) return out;
    for (int y = 0; y < height; ++y) {
        const int64_t sy = ly + y;
        if (sy < 0 || sy >= src.height) continue;
        std::memcpy(out.at(int(cx0 - lx), y), src.at(int(cx0), int(sy)), size_t(cx1 - cx0) * 4);
    }
    return out;
}

}  // namespace histomark::slide
