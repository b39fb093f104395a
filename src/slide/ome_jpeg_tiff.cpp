// SPDX-License-Identifier: MIT
#include "slide/ome_jpeg_tiff.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "slide/tiff_file.h"

namespace histomark::slide {
namespace {

constexpr uint64_t kMaxChunkBytes = uint64_t(1) << 28;  // one compressed tile or strip

struct TjDeleter {
    void operator()(void* h) const {
        if (h) tjDestroy(h);
    }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

// Page-0 layout of a TIFF that qualifies (see isYcbcrJpegTaggedRgb), minus the colour check.
struct Layout {
    uint32_t width = 0, height = 0;
    uint32_t chunkWidth = 0, chunkHeight = 0;  // tile, or full-width strip
    uint32_t chunks = 0;
    bool tiled = false;
    const uint64_t* byteCounts = nullptr;
    std::vector<uint8_t> tables;  // TIFFTAG_JPEGTABLES: DQT/DHT shared by every chunk, may be empty
};

bool readLayout(TIFF* tif, Layout& l) {
    uint16_t compression = 0, photometric = 0, spp = 0, bps = 0, planar = 0;
    if (!TIFFGetField(tif, TIFFTAG_COMPRESSION, &compression) || compression != COMPRESSION_JPEG) return false;
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) || photometric != PHOTOMETRIC_RGB) return false;
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    if (spp != 3 || bps != 8 || planar != PLANARCONFIG_CONTIG) return false;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l.width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l.height) ||
        l.width == 0 || l.height == 0)
        return false;
    l.tiled = TIFFIsTiled(tif) != 0;
    if (l.tiled) {
        if (!TIFFGetField(tif, TIFFTAG_TILEWIDTH, &l.chunkWidth) || !TIFFGetField(tif, TIFFTAG_TILELENGTH, &l.chunkHeight))
            return false;
        l.chunks = TIFFNumberOfTiles(tif);
        if (!TIFFGetField(tif, TIFFTAG_TILEBYTECOUNTS, &l.byteCounts)) return false;
    } else {
        uint32_t rows = 0;
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows);
        l.chunkWidth = l.width;
        l.chunkHeight = std::min(rows, l.height);
        l.chunks = TIFFNumberOfStrips(tif);
        if (!TIFFGetField(tif, TIFFTAG_STRIPBYTECOUNTS, &l.byteCounts)) return false;
    }
    if (l.chunkWidth == 0 || l.chunkHeight == 0 || l.chunks == 0 || !l.byteCounts) return false;
    const uint64_t across = (uint64_t(l.width) + l.chunkWidth - 1) / l.chunkWidth;
    const uint64_t down = (uint64_t(l.height) + l.chunkHeight - 1) / l.chunkHeight;
    if (uint64_t(l.chunks) < across * down) return false;
    uint32_t tableBytes = 0;
    const void* tables = nullptr;
    if (TIFFGetField(tif, TIFFTAG_JPEGTABLES, &tableBytes, &tables) && tables && tableBytes >= 4) {
        const auto* t = static_cast<const uint8_t*>(tables);
        // Only a real tables stream (SOI ...); libtiff's writer can leave a zero-filled placeholder.
        if (t[0] == 0xFF && t[1] == 0xD8) l.tables.assign(t, t + tableBytes);
    }
    return true;
}

// One chunk's JPEG stream, with the shared tables spliced in (tables minus EOI + chunk minus SOI)
// when the TIFF keeps them separately. Empty on a read error.
std::vector<uint8_t> readChunk(TIFF* tif, const Layout& l, uint32_t index, std::string& error) {
    const uint64_t bytes = l.byteCounts[index];
    if (bytes < 4 || bytes > kMaxChunkBytes) {
        error = "JPEG " + std::string(l.tiled ? "tile " : "strip ") + std::to_string(index) + " is missing or has an " +
                "impossible size (" + std::to_string(bytes) + " bytes)";
        return {};
    }
    std::vector<uint8_t> raw(size_t(bytes), 0);
    const tmsize_t got = l.tiled ? TIFFReadRawTile(tif, index, raw.data(), tmsize_t(bytes))
                                 : TIFFReadRawStrip(tif, index, raw.data(), tmsize_t(bytes));
    if (got < 4) {
        error = "cannot read JPEG " + std::string(l.tiled ? "tile " : "strip ") + std::to_string(index) +
                " (the file is truncated or damaged)";
        return {};
    }
    raw.resize(size_t(got));
    if (l.tables.empty() || raw[0] != 0xFF || raw[1] != 0xD8) return raw;
    std::vector<uint8_t> merged(l.tables.begin(), l.tables.end());
    if (merged.size() >= 2 && merged[merged.size() - 2] == 0xFF && merged.back() == 0xD9) merged.resize(merged.size() - 2);
    merged.insert(merged.end(), raw.begin() + 2, raw.end());
    return merged;
}

// A JFIF APP0 segment before the first SOS: the stream is YCbCr by definition.
bool hasJfifMarker(const std::vector<uint8_t>& s) {
    size_t i = 2;
    while (i + 4 <= s.size() && s[i] == 0xFF) {
        const uint8_t marker = s[i + 1];
        if (marker == 0xDA || marker == 0xD9) break;
        const size_t len = size_t(s[i + 2]) << 8 | s[i + 3];
        if (marker == 0xE0 && len >= 7 && i + 9 <= s.size() && std::memcmp(&s[i + 4], "JFIF", 5) == 0) return true;
        i += 2 + len;
    }
    return false;
}

}  // namespace

bool isYcbcrJpegTaggedRgb(const std::string& path) {
    TiffFile tiff(path);
    Layout l;
    if (!tiff || !readLayout(tiff.get(), l)) return false;
    std::string error;
    std::vector<uint8_t> first = readChunk(tiff.get(), l, 0, error);
    if (first.empty()) return true;  // damaged, but the tags say this decoder; it reports the damage
    TjHandle tj(tjInitDecompress());
    int w = 0, h = 0, subsamp = 0, colorspace = 0;
    if (!tj || tjDecompressHeader3(tj.get(), first.data(), static_cast<unsigned long>(first.size()), &w, &h, &subsamp,
                                   &colorspace) != 0)
        return false;
    return colorspace == TJCS_YCbCr && (subsamp != TJSAMP_444 || hasJfifMarker(first));
}

core::Result<core::RgbaImage> decodeYcbcrJpegTiff(const std::string& path, int64_t maxPixels) {
    using R = core::Result<core::RgbaImage>;
    TiffFile tiff(path);
    if (!tiff) return R::failure("cannot read TIFF " + path + ": " + tiff.error());
    Layout l;
    if (!readLayout(tiff.get(), l)) return R::failure("unsupported JPEG-in-TIFF layout in " + path);
    if (int64_t(l.width) * l.height > maxPixels) return R::failure("image " + path + " is too large to open as a photo");
    TjHandle tj(tjInitDecompress());
    if (!tj) return R::failure("cannot start the JPEG decoder");

    core::RgbaImage out(int(l.width), int(l.height));
    std::vector<uint8_t> chunkPixels;
    const uint32_t across = (l.width + l.chunkWidth - 1) / l.chunkWidth;
    const uint32_t down = (l.height + l.chunkHeight - 1) / l.chunkHeight;
    for (uint32_t index = 0; index < across * down; ++index) {
        const uint32_t x = (index % across) * l.chunkWidth, y = (index / across) * l.chunkHeight;
        const int needW = int(std::min(l.chunkWidth, l.width - x)), needH = int(std::min(l.chunkHeight, l.height - y));
        std::string error;
        std::vector<uint8_t> jpeg = readChunk(tiff.get(), l, index, error);
        if (jpeg.empty()) return R::failure("cannot decode image " + path + ": " + error);
        int w = 0, h = 0, subsamp = 0, colorspace = 0;
        const auto size = static_cast<unsigned long>(jpeg.size());
        if (tjDecompressHeader3(tj.get(), jpeg.data(), size, &w, &h, &subsamp, &colorspace) != 0)
            return R::failure("cannot decode image " + path + ": JPEG tile " + std::to_string(index) + ": " +
                              tjGetErrorStr2(tj.get()));
        if (w < needW || h < needH)
            return R::failure("cannot decode image " + path + ": JPEG tile " + std::to_string(index) + " is " +
                              std::to_string(w) + "x" + std::to_string(h) + ", smaller than its place in the image");
        chunkPixels.resize(size_t(w) * size_t(h) * 4);
        // STOPONWARNING: a truncated tile is an error, not a grey patch in the picture.
        if (tjDecompress2(tj.get(), jpeg.data(), size, chunkPixels.data(), w, w * 4, h, TJPF_RGBA, TJFLAG_STOPONWARNING) != 0)
            return R::failure("cannot decode image " + path + ": JPEG tile " + std::to_string(index) +
                              " is damaged or truncated (" + tjGetErrorStr2(tj.get()) + ")");
        for (int row = 0; row < needH; ++row)
            std::memcpy(out.at(int(x), int(y) + row), chunkPixels.data() + size_t(row) * size_t(w) * 4, size_t(needW) * 4);
    }
    return out;
}

}  // namespace histomark::slide
