// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/rgba_image.h"

namespace histomark::samples {

struct BenchSlideOptions {
    std::string path;
    int64_t width = 61440;  // 15.4 x 10.2 mm at 0.25 µm/px, 2.5 GPix
    int64_t height = 40960;
    double mpp = 0.25;
    int tileSize = 256;
    int jpegQuality = 89;
    int poolSize = 64;           // distinct tissue tiles
    double glassFraction = 0.4;  // share of level-0 tiles that are empty glass
    uint64_t seed = 20261126;
};

// The few distinct tiles a benchmark slide is assembled from: `poolSize` tissue tiles painted once
// by TissuePainter and JPEG-encoded once, one glass tile, and a smooth coarse tissue mask that
// says which goes where. Every choice is a pure function of the options.
class BenchTilePool {
public:
    explicit BenchTilePool(const BenchSlideOptions& options);

    int glassIndex() const { return int(m_pixels.size()) - 1; }
    const core::RgbaImage& pixels(int index) const { return m_pixels[size_t(index)]; }
    std::span<const uint8_t> jpeg(int index) const { return m_jpegs[size_t(index)]; }
    size_t maxJpegBytes() const;
    // The pool tile at tile (col, row) of `level` (downsample 2^level): glass where the mask
    // says so, else a tissue tile picked by hash.
    int choose(int level, int64_t col, int64_t row) const;

private:
    BenchSlideOptions m_options;
    std::vector<core::RgbaImage> m_pixels;  // tissue tiles, then glass
    std::vector<std::vector<uint8_t>> m_jpegs;
    int64_t m_cols = 0, m_rows = 0;  // level-0 tile grid
    std::vector<uint8_t> m_tissue;   // 1 = tissue, per level-0 tile
};

// Writes a large generic pyramidal TIFF fast: tiles are copied from a BenchTilePool with
// TIFFWriteRawTile, no per-tile painting or encoding. Lower levels reuse the same pool tiles
// (their content is not a downsample of level 0; only size, layout and colours are realistic).
core::Status writeBenchSlide(const BenchSlideOptions& options);

}  // namespace histomark::samples
