// SPDX-License-Identifier: MIT
#include "slide/tiff_jpeg_layout.h"

#include <algorithm>

#include "slide/tiff_file.h"

namespace histomark::slide {
namespace {

constexpr int kMaxDirectories = 4096;  // a loop or a damaged chain, not a slide

std::string compressionName(uint16_t c) {
    switch (c) {
        case COMPRESSION_NONE: return "uncompressed";
        case COMPRESSION_LZW: return "LZW";
        case COMPRESSION_OJPEG: return "old-style JPEG (compression 6)";
        case COMPRESSION_ADOBE_DEFLATE:
        case COMPRESSION_DEFLATE: return "deflate";
        case 33003:
        case 33005:
        case 34712: return "JPEG 2000 (compression " + std::to_string(c) + ")";
        default: return "compression " + std::to_string(c);
    }
}

struct Directory {
    int index = 0;
    uint32_t width = 0, height = 0, tileWidth = 0, tileHeight = 0;
    bool tiled = false;
};

std::string levelName(size_t i) { return "level " + std::to_string(i); }

// Reads the current directory's layout into `out`; fails with the reason it is not for us.
core::Status describeLevel(TIFF* tif, size_t levelIndex, const JpegTileLimits& limits, JpegTileLevel& out) {
    const std::string name = levelName(levelIndex);
    uint16_t compression = 0, bps = 0, spp = 0, planar = 0, photometric = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    if (compression != COMPRESSION_JPEG) return core::Status::failure(name + " is " + compressionName(compression));
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    if (bps != 8 || spp != 3)
        return core::Status::failure(name + " has " + std::to_string(spp) + " samples of " + std::to_string(bps) +
                                     " bits, not 3 of 8");
    if (planar != PLANARCONFIG_CONTIG) return core::Status::failure(name + " stores colour planes separately");
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) ||
        (photometric != PHOTOMETRIC_RGB && photometric != PHOTOMETRIC_YCBCR))
        return core::Status::failure(name + " has photometric interpretation " + std::to_string(photometric) +
                                     ", not RGB or YCbCr");
    out.colour = photometric == PHOTOMETRIC_RGB ? JpegColour::Rgb : JpegColour::Ycbcr;
    if (out.tileWidth < 16 || out.tileHeight < 16 || out.tileWidth > limits.maxTileSide ||
        out.tileHeight > limits.maxTileSide || out.tileWidth % 16 || out.tileHeight % 16)
        return core::Status::failure(name + " has tiles of " + std::to_string(out.tileWidth) + " x " +
                                     std::to_string(out.tileHeight) + " px");
    out.across = (out.width + out.tileWidth - 1) / out.tileWidth;
    out.down = (out.height + out.tileHeight - 1) / out.tileHeight;
    const int64_t tiles = out.across * out.down;
    if (tiles <= 0 || tiles > limits.maxTiles) return core::Status::failure(name + " has too many tiles");
    if (int64_t(TIFFNumberOfTiles(tif)) != tiles)
        return core::Status::failure(name + ": the tile count does not match its size");
    uint64_t* offsets = nullptr;
    uint64_t* counts = nullptr;
    if (!TIFFGetField(tif, TIFFTAG_TILEOFFSETS, &offsets) || !TIFFGetField(tif, TIFFTAG_TILEBYTECOUNTS, &counts) ||
        !offsets || !counts)
        return core::Status::failure(name + " has no tile offsets or byte counts");
    out.offsets.assign(offsets, offsets + tiles);
    out.byteCounts.assign(counts, counts + tiles);
    uint32_t tableBytes = 0;
    const void* tableData = nullptr;
    if (TIFFGetField(tif, TIFFTAG_JPEGTABLES, &tableBytes, &tableData) && tableData && tableBytes > 0) {
        const auto* tables = static_cast<const uint8_t*>(tableData);
        // A tables-only stream: SOI, DQT/DHT, EOI. Anything else (libtiff's writer can leave a
        // zero-filled placeholder, which OpenSlide cannot load either) goes to OpenSlide.
        if (tableBytes < 4 || tables[0] != 0xFF || tables[1] != 0xD8)
            return core::Status::failure(name + " has JPEG tables that are not a JPEG stream");
        if (tableBytes > (1u << 20)) return core::Status::failure(name + " has oversized JPEG tables");
        size_t keep = tableBytes;
        if (tables[keep - 2] == 0xFF && tables[keep - 1] == 0xD9) keep -= 2;
        out.tables.assign(tables, tables + keep);
    }
    return {};
}

}  // namespace

uint64_t maxTileBytes(const JpegTileLevel& level, const JpegTileLimits& limits) {
    return uint64_t(level.tileWidth) * uint64_t(level.tileHeight) * limits.maxTileBytesPerPixel + 65536;
}

core::Result<std::vector<JpegTileLevel>> readJpegTileLevels(const std::string& path, const core::SlideInfo& info,
                                                            const JpegTileLimits& limits) {
    using R = core::Result<std::vector<JpegTileLevel>>;
    if (info.levels.empty()) return R::failure("the slide has no levels");
    TiffFile tiff(path);
    if (!tiff) return R::failure("libtiff cannot open it: " + tiff.error());
    TIFF* tif = tiff.get();
    std::vector<Directory> dirs;
    do {
        Directory d;
        d.index = int(dirs.size());
        d.tiled = TIFFIsTiled(tif) != 0;
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &d.width);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &d.height);
        if (d.tiled) {
            TIFFGetField(tif, TIFFTAG_TILEWIDTH, &d.tileWidth);
            TIFFGetField(tif, TIFFTAG_TILELENGTH, &d.tileHeight);
        }
        dirs.push_back(d);
    } while (dirs.size() < size_t(kMaxDirectories) && TIFFReadDirectory(tif));

    // OpenSlide's levels are TIFF directories (Aperio and generic TIFF alike): match by size,
    // preferring the tile size OpenSlide reports, each directory used once.
    std::vector<JpegTileLevel> levels(info.levels.size());
    std::vector<bool> used(dirs.size(), false);
    int64_t tiles = 0;
    for (size_t i = 0; i < info.levels.size(); ++i) {
        const core::LevelInfo& l = info.levels[i];
        const Directory* best = nullptr;
        for (const Directory& d : dirs) {
            if (used[size_t(d.index)] || !d.tiled || d.width != l.width || d.height != l.height) continue;
            const bool sameTiles = int(d.tileWidth) == l.tileWidth && int(d.tileHeight) == l.tileHeight;
            if (!best || sameTiles) best = &d;
            if (sameTiles) break;
        }
        if (!best)
            return R::failure(levelName(i) + " (" + std::to_string(l.width) + " x " + std::to_string(l.height) +
                              ") is not a tiled TIFF directory");
        used[size_t(best->index)] = true;
        if (!TIFFSetDirectory(tif, tdir_t(best->index)))
            return R::failure(levelName(i) + ": libtiff cannot read its directory: " + tiff.error());
        JpegTileLevel& out = levels[i];
        out.directory = best->index;
        out.width = l.width;
        out.height = l.height;
        out.tileWidth = int(best->tileWidth);
        out.tileHeight = int(best->tileHeight);
        if (auto s = describeLevel(tif, i, limits, out); !s) return R::failure(s.error());
        tiles += int64_t(out.offsets.size());
        if (tiles > limits.maxTiles) return R::failure("the slide has too many tiles");
    }
    return levels;
}

}  // namespace histomark::slide
