// SPDX-License-Identifier: MIT
#pragma once
#include <atomic>
#include <mutex>

#include "core/slide_source.h"

namespace histomark::core {

struct SyntheticSpec {
    int64_t width = 4096;
    int64_t height = 3072;
    int levels = 4;          // downsample 2 per level
    int nativeTile = 256;
    double mpp = 0.25;       // 0 = unknown
    int readDelayMicros = 0;  // simulated I/O cost per read, for loader tests and benches
    int failAfterReads = -1;  // >= 0: reads beyond this many fail (a corrupt tile), sticky
};

// A file-free slide for tests: each pipeline tile is a flat colour that encodes (level, col, row)
// through tileColour(), so a test can tell from one pixel which tile of which level was drawn.
// Pixels outside the slide are white like every other source.
class SyntheticSource final : public SlideSource {
public:
    explicit SyntheticSource(SyntheticSpec spec = {});

    const SlideInfo& info() const override { return m_info; }
    Result<RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override;
    std::string failure() const override;

    // The colour of tile (col, row) of `level` in a grid of `tileSize` level pixels.
    static void tileColour(int level, int col, int row, uint8_t rgb[3]);
    int reads() const { return m_reads.load(); }

private:
    SyntheticSpec m_spec;
    SlideInfo m_info;
    std::atomic<int> m_reads{0};
    mutable std::mutex m_mutex;
    std::string m_failure;
};

}  // namespace histomark::core
