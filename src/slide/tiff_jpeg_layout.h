// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/slide_info.h"
#include "slide/jpeg_tile_stream.h"

namespace histomark::slide {

// Where one pyramid level's JPEG tiles lie in a TIFF file: everything the fast reader needs to
// read them without libtiff (plain pread of the tile bytes), taken from the directory at open.
struct JpegTileLevel {
    int directory = 0;
    int64_t width = 0, height = 0;  // level pixels
    int tileWidth = 0, tileHeight = 0;
    int64_t across = 0, down = 0;  // tiles per row and per column
    JpegColour colour = JpegColour::Ycbcr;
    std::vector<uint8_t> tables;                // JPEGTables without the trailing EOI; empty: tiles are whole streams
    std::vector<uint64_t> offsets, byteCounts;  // per tile, row by row

    size_t tileIndex(int64_t col, int64_t row) const { return size_t(row * across + col); }
};

// Limits on what the fast reader takes; anything beyond goes to OpenSlide.
struct JpegTileLimits {
    int maxTileSide = 2048;
    int64_t maxTiles = int64_t(1) << 22;  // over all levels: 64 MiB of offsets and counts
    uint64_t maxTileBytesPerPixel = 8;    // a JPEG tile larger than 8 bytes per pixel is not a JPEG tile
};

// The largest compressed tile a level may hold (bigger byte counts are damage, not data).
uint64_t maxTileBytes(const JpegTileLevel& level, const JpegTileLimits& limits = {});

// Finds, for every level of `info` (as OpenSlide reports it), the TIFF directory that holds it (same
// size, tiled) and checks that each is a layout the fast reader fully understands: new-style JPEG
// (compression 7), 8-bit, 3 samples, chunky, photometric RGB or YCbCr, sane tile sizes and counts.
// Fails with the reason otherwise ("level 0 is JPEG 2000 (compression 33005)"). libtiff's messages
// are captured per handle, never printed.
core::Result<std::vector<JpegTileLevel>> readJpegTileLevels(const std::string& path, const core::SlideInfo& info,
                                                            const JpegTileLimits& limits = {});

}  // namespace histomark::slide
