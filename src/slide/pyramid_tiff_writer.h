// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/rgba_image.h"

namespace histomark::slide {

// An image stored beside the pyramid (Aperio flavour only): "label" is written LZW (lossless,
// text stays crisp), anything else JPEG.
struct AssociatedImage {
    std::string name;  // "label", "macro"
    core::RgbaImage image;
};

struct PyramidTiffOptions {
    enum class Flavour {
        GenericTiff,  // plain tiled TIFF; scale in XResolution/YResolution (px/cm)
        Aperio,       // SVS layout: OpenSlide reports vendor "aperio", mpp, objective, associated images
    };
    enum class BigTiff { Auto, Always, Never };

    Flavour flavour = Flavour::GenericTiff;
    int64_t width = 0;  // level-0 pixels
    int64_t height = 0;
    int tileSize = 256;               // multiple of 16 (JPEG MCU and TIFF rule)
    int jpegQuality = 85;             // 1..100, 4:2:0 YCbCr
    double mpp = 0.25;                // µm per level-0 pixel; <= 0 writes no scale
    double objectivePower = 40;       // Aperio AppMag
    int minLevelSide = 512;           // levels halve until the longest side is <= this
    int thumbnailSide = 1024;         // Aperio thumbnail: the first level whose longest side fits this
    BigTiff bigTiff = BigTiff::Auto;  // Auto: BigTIFF when the size estimate exceeds ~3.5 GB
    std::string software = "Histomark synthetic sample";
    // Aperio only: called once, after the pyramid, with the thumbnail; returns label/macro images.
    std::function<std::vector<AssociatedImage>(const core::RgbaImage& thumbnail)> associated;
};

struct PyramidLevelSize {
    int64_t width = 0, height = 0;
};

// Writes tiled, JPEG-compressed (YCbCr 4:2:0) pyramidal TIFFs that OpenSlide 3.4.1 opens.
// Level 0 comes from a painter; each lower level is the 2x2 box average of the one above, built
// in tile rows while level 0 is painted, so memory stays bounded by a few tile rows per level
// (a 61440 x 40960 slide takes ~150 MB). Lower levels are parked as compressed tiles in a scratch
// file until level 0's directory is finished, because TIFF directories are written one at a time.
// The file is written as PATH.partial and renamed at the end, so PATH is never half-written.
// libtiff messages are captured per handle and returned in the Status, never printed.
class PyramidTiffWriter {
public:
    // Paints level-0 pixels [x0, x0 + image.width) x [y0, y0 + image.height) into `image`
    // (pre-sized by the writer; alpha is ignored). Called in row-major tile order.
    using Painter = std::function<void(int64_t x0, int64_t y0, core::RgbaImage& image)>;
    // A complete JPEG stream (tileSize x tileSize, YCbCr 4:2:0) for tile (col, row) of `level`.
    // The span must stay valid until the next call.
    using RawTile = std::function<std::span<const uint8_t>(int level, int64_t col, int64_t row)>;

    // Level sizes: each level is ceil(previous / 2) until the longest side <= minLevelSide.
    static std::vector<PyramidLevelSize> levelSizes(const PyramidTiffOptions& options);

    // Writes the whole pyramid from `paint`. Errors name the file and the cause
    // ("Cannot create /x/y.tiff.partial: No such file or directory").
    static core::Status write(const std::string& path, const PyramidTiffOptions& options, const Painter& paint);

    // Writes pre-encoded tiles for every level (benchmark slides); GenericTiff flavour only.
    // `maxTileBytes` is the largest stream `tile` returns (for the BigTIFF estimate).
    static core::Status writeRaw(const std::string& path, const PyramidTiffOptions& options, const RawTile& tile,
                                 size_t maxTileBytes);
};

// Encodes `rgba` (stride = width * 4) as a baseline JPEG, YCbCr 4:2:0; empty on failure.
std::vector<uint8_t> encodeJpeg(const core::RgbaImage& rgba, int quality);
// Decodes a JPEG stream to RGBA (alpha 255); an empty image on failure.
core::RgbaImage decodeJpeg(std::span<const uint8_t> jpeg);

}  // namespace histomark::slide
