// SPDX-License-Identifier: MIT
#include "slide/image_file_source.h"

#include <tiffio.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "core/level_crop.h"
#include "core/mpp.h"
#include "slide/exif_orientation.h"
#include "slide/ome_jpeg_tiff.h"
#include "slide/tiff_file.h"

namespace histomark::slide {
namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

// Resolution tags of a TIFF photo, in the property names OpenSlide uses, so core::resolveMpp applies.
// (Errors are captured per handle: libtiff's global handlers are shared with OpenSlide's threads.)
void readTiffResolution(const std::string& path, std::map<std::string, std::string>& props) {
    TiffFile tiff(path);
    if (!tiff) return;
    TIFF* tif = tiff.get();
    float xr = 0, yr = 0;
    uint16_t unit = RESUNIT_NONE;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xr) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yr)) {
        props["tiff.XResolution"] = std::to_string(xr);
        props["tiff.YResolution"] = std::to_string(yr);
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        props["tiff.ResolutionUnit"] = unit == RESUNIT_CENTIMETER ? "centimeter" : unit == RESUNIT_INCH ? "inch" : "none";
    }
}

bool startsWith(const std::string& path, std::initializer_list<uint8_t> magic) {
    std::ifstream in(path, std::ios::binary);
    for (uint8_t m : magic)
        if (in.get() != int(m)) return false;
    return true;
}

// Classic or BigTIFF, either byte order.
bool isTiff(const std::string& path) {
    return startsWith(path, {'I', 'I', 42, 0}) || startsWith(path, {'M', 'M', 0, 42}) || startsWith(path, {'I', 'I', 43, 0}) ||
           startsWith(path, {'M', 'M', 0, 43});
}

// "BM" and, 14 bytes in, the size of one of the known info headers: two letters alone start many
// a text file.
bool isBmp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char head[18] = {};
    if (!in.read(reinterpret_cast<char*>(head), 18) || head[0] != 'B' || head[1] != 'M') return false;
    const uint32_t info = head[14] | head[15] << 8 | head[16] << 16 | uint32_t(head[17]) << 24;
    return info == 12 || info == 40 || info == 52 || info == 56 || info == 64 || info == 108 || info == 124;
}

// "RIFF", a size, then "WEBP".
bool isWebp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[12] = {};
    return in.read(head, 12) && std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WEBP", 4) == 0;
}

// Width and height from a PNG's IHDR or a BMP's info header, without decoding; nullopt for other
// formats (TIFF sizes come from libtiff, JPEG's from TurboJPEG's header read).
std::optional<std::pair<int64_t, int64_t>> headerSize(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    uint8_t h[26] = {};
    if (!in.read(reinterpret_cast<char*>(h), sizeof h)) return std::nullopt;
    auto be32 = [&](int i) { return int64_t(h[i]) << 24 | int64_t(h[i + 1]) << 16 | int64_t(h[i + 2]) << 8 | h[i + 3]; };
    auto le32 = [&](int i) { return int64_t(int32_t(uint32_t(h[i]) | uint32_t(h[i + 1]) << 8 | uint32_t(h[i + 2]) << 16 | uint32_t(h[i + 3]) << 24)); };
    if (h[0] == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') return std::pair{be32(16), be32(20)};
    if (h[0] == 'B' && h[1] == 'M' && le32(14) >= 40) return std::pair{std::abs(le32(18)), std::abs(le32(22))};
    return std::nullopt;
}

std::string tooLarge(const std::string& path, int64_t w, int64_t h) {
    return "image " + path + " is too large to open as a photo (" + std::to_string(w) + " x " + std::to_string(h) +
           " px; at most " + std::to_string(ImageFileSource::kMaxPixels / 1000000) +
           " MPix): convert it to a tiled, pyramidal TIFF, which opens as a slide";
}

struct TjDeleter {
    void operator()(void* h) const {
        if (h) tjDestroy(h);
    }
};

// A JPEG file decoded with libjpeg-turbo, to BGR or grey like cv::imread. OpenCV's decoder turns a
// truncated or corrupt file into an image with a grey area and no error; here any libjpeg warning
// ("Premature end of JPEG file", "Corrupt JPEG data") is an error, since a viewer for diagnosis must not
// show invented pixels. Turned upright as its EXIF orientation asks (`orientation`), as photo viewers
// show it. nullopt for CMYK/YCCK, which TurboJPEG cannot convert: OpenCV decodes those.
std::optional<core::Result<cv::Mat>> decodeJpegFile(const std::string& path, int64_t maxPixels, int* orientation) {
    using R = core::Result<cv::Mat>;
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::unique_ptr<void, TjDeleter> tj(tjInitDecompress());
    if (!tj) return R::failure("cannot start the JPEG decoder");
    const auto size = static_cast<unsigned long>(data.size());
    int w = 0, h = 0, subsamp = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data.data(), size, &w, &h, &subsamp, &colorspace) != 0)
        return R::failure("cannot decode image " + path + ": damaged JPEG header (" + tjGetErrorStr2(tj.get()) + ")");
    if (w <= 0 || h <= 0)  // libjpeg ran out of data before the frame header
        return R::failure("cannot decode image " + path + ": damaged JPEG header (the file ends before the image size)");
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) return std::nullopt;
    if (int64_t(w) * h > maxPixels) return R::failure(tooLarge(path, w, h));
    const bool grey = colorspace == TJCS_GRAY;
    cv::Mat img(h, w, grey ? CV_8UC1 : CV_8UC3);
    if (tjDecompress2(tj.get(), data.data(), size, img.data, w, int(img.step), h, grey ? TJPF_GRAY : TJPF_BGR,
                      TJFLAG_STOPONWARNING) != 0)
        return R::failure("cannot decode image " + path + ": the JPEG data is truncated or damaged (" +
                          tjGetErrorStr2(tj.get()) + ")");
    *orientation = exifOrientation(data);
    return R(uprightAsExif(img, *orientation));
}

// Any decoded OpenCV image -> RGBA8, alpha composited on white.
// Floating-point values within 0..1 are intensities (0 black, 1 white) and keep their brightness;
// other ranges are stretched from their minimum to their maximum, which `note` then says.
cv::Mat toRgba(const cv::Mat& in, std::string* note) {
    cv::Mat img = in;
    if (img.depth() == CV_16U) {
        img.convertTo(img, CV_8U, 1.0 / 257.0);
    } else if (img.depth() != CV_8U) {
        img.convertTo(img, CV_32F);
        cv::patchNaNs(img, 0);
        img.setTo(0, cv::abs(img) > std::numeric_limits<float>::max());  // infinities: no range to stretch
        double lo = 0, hi = 0;
        cv::minMaxLoc(img.reshape(1), &lo, &hi);
        const bool unit = in.depth() >= CV_32F && lo >= 0 && hi <= 1;
        if (unit) {
            img.convertTo(img, CV_8U, 255.0);
        } else {
            cv::normalize(img, img, 0, 255, cv::NORM_MINMAX, CV_8U);
            char text[160];
            std::snprintf(text, sizeof text, "values from %g to %g stretched to 0-255 (no fixed range for this sample format)", lo, hi);
            *note = text;
        }
    }
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
    if (std::any_of(std::begin(exts), std::end(exts), [&](const char* e) { return ext == e; })) return true;
    // A picture under another name (.jpe, none, a camera's own): its first bytes say what it is.
    return startsWith(path, {0xFF, 0xD8, 0xFF}) || startsWith(path, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}) ||
           isBmp(path) || isTiff(path) || isWebp(path);
}

core::Result<std::shared_ptr<ImageFileSource>> ImageFileSource::open(const std::string& path, std::vector<std::string> notes) {
    using R = core::Result<std::shared_ptr<ImageFileSource>>;
    const std::string ext = lowerExtension(path);
    // Decoders are chosen by content, not by extension, as cv::imread does.
    const bool tiff = isTiff(path);
    cv::Mat rgba;
    int channels = 0;
    bool sixteenBit = false;
    std::string colourNote;
    int orientation = 1;
    if (tiff) {
        // OpenCV returns a black image, and no error, for a TIFF whose compression libtiff lacks.
        TiffFile t(path);
        if (!t) return R::failure("cannot decode image " + path + ": damaged TIFF (libtiff: " + t.error() + ")");
        uint16_t compression = COMPRESSION_NONE;
        TIFFGetFieldDefaulted(t.get(), TIFFTAG_COMPRESSION, &compression);
        if (!TIFFIsCODECConfigured(compression))
            return R::failure("cannot decode image " + path + ": unsupported TIFF compression " + std::to_string(compression));
    }
    if (tiff && isYcbcrJpegTaggedRgb(path)) {
        auto img = decodeYcbcrJpegTiff(path, kMaxPixels);
        if (!img.ok()) return R::failure(img.error());
        rgba = cv::Mat(img->height, img->width, CV_8UC4, img->pixels.data()).clone();
        channels = 3;
        colourNote = "the JPEG tiles are YCbCr although the TIFF tag says RGB (OME-TIFF); decoded as YCbCr";
    } else {
        cv::Mat decoded;  // BGR(A) or grey, 8 or 16 bit, as cv::imread returns it
        if (startsWith(path, {0xFF, 0xD8, 0xFF})) {
            if (auto jpeg = decodeJpegFile(path, kMaxPixels, &orientation)) {
                if (!jpeg->ok()) return R::failure(jpeg->error());
                decoded = jpeg->value();
            }
        }
        if (auto size = headerSize(path); size && size->first * size->second > kMaxPixels)
            return R::failure(tooLarge(path, size->first, size->second));
        if (tiff) {
            TiffFile t(path);
            uint32_t w = 0, h = 0;
            if (t && TIFFGetField(t.get(), TIFFTAG_IMAGEWIDTH, &w) && TIFFGetField(t.get(), TIFFTAG_IMAGELENGTH, &h) &&
                int64_t(w) * h > kMaxPixels)
                return R::failure(tooLarge(path, w, h));
        }
        if (decoded.empty()) {
            try {
                decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
            } catch (const cv::Exception& e) {
                return R::failure("cannot decode image " + path + ": " + e.what());
            }
        }
        if (decoded.empty()) return R::failure("cannot decode image " + path + " (damaged, truncated or not an image)");
        if (int64_t(decoded.cols) * decoded.rows > kMaxPixels) return R::failure(tooLarge(path, decoded.cols, decoded.rows));
        std::string rangeNote;
        rgba = toRgba(decoded, &rangeNote);
        if (!rangeNote.empty()) colourNote = rangeNote;
        if (rgba.empty()) return R::failure("unsupported channel layout in " + path);
        channels = decoded.channels();
        sixteenBit = decoded.depth() == CV_16U;
    }

    auto src = std::shared_ptr<ImageFileSource>(new ImageFileSource());
    core::SlideInfo& info = src->m_info;
    info.path = path;
    info.backend = "image-file";
    info.vendor = ext.size() > 1 ? ext.substr(1) : "image";
    info.properties["image.channels"] = std::to_string(channels);
    info.properties["image.bit-depth"] = sixteenBit ? "16" : "8";
    info.notes = std::move(notes);
    if (!colourNote.empty()) {
        info.properties["image.colour-note"] = colourNote;
        info.notes.push_back(colourNote);
    }
    if (orientation != 1) {
        info.properties["image.exif-orientation"] = std::to_string(orientation);
        info.properties["image.orientation-note"] = "turned upright as the camera's EXIF orientation asks, as photo viewers show it";
        info.notes.push_back(info.properties["image.orientation-note"]);
    }
    if (tiff) readTiffResolution(path, info.properties);
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
        // From the long side: a 1 px wide picture keeps its width, and would say 1 for every level.
        ds = double(std::max(info.levels[0].width, info.levels[0].height)) / std::max(rgba.cols, rgba.rows);
    }
    return src;
}

core::Result<core::RgbaImage> ImageFileSource::readRegion(int64_t x0, int64_t y0, int level, int width, int height) {
    if (level < 0 || level >= int(m_levels.size()) || width <= 0 || height <= 0 || int64_t(width) * height > (1 << 28))
        return core::Result<core::RgbaImage>::failure("invalid region request");
    return core::cropLevel(m_levels[size_t(level)], m_info.levels[size_t(level)].downsample, x0, y0, width, height);
}

}  // namespace histomark::slide
