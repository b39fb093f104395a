// SPDX-License-Identifier: MIT
#include "samples/bench_slide.h"

#include <algorithm>

#include "samples/noise.h"
#include "samples/tissue_painter.h"
#include "slide/pyramid_tiff_writer.h"

namespace histomark::samples {

BenchTilePool::BenchTilePool(const BenchSlideOptions& o) : m_options(o) {
    // Tissue tiles come from a demo-sized piece of tissue at the bench slide's scale; only tiles
    // fully inside the tissue (no glass, no lumen edge at the corners) are taken.
    auto model = std::make_shared<TissueModel>(o.seed, 2048, 1536);
    TissuePainter painter(model, SlideView::reference(Stain::HE, o.mpp));
    const double tileUm = o.tileSize * o.mpp;
    Rng rng(mix64(o.seed ^ 0xBE7C));
    for (int tries = 0; tries < 100000 && int(m_pixels.size()) < o.poolSize; ++tries) {
        const double x = rng.range(0, model->widthUm() - tileUm), y = rng.range(0, model->heightUm() - tileUm);
        bool inside = true;
        for (int c = 0; c < 9 && inside; ++c)
            inside = model->tissue(x + tileUm * (c % 3) / 2, y + tileUm * (c / 3) / 2) > 0.99;
        if (!inside) continue;
        core::RgbaImage tile(o.tileSize, o.tileSize);
        painter.paint(int64_t(x / o.mpp), int64_t(y / o.mpp), tile);
        m_pixels.push_back(std::move(tile));
    }
    core::RgbaImage glass(o.tileSize, o.tileSize);
    painter.paint(0, 0, glass);  // the model's corner is bare glass, grain included
    m_pixels.push_back(std::move(glass));
    for (const auto& p : m_pixels) m_jpegs.push_back(slide::encodeJpeg(p, o.jpegQuality));

    // The tissue mask: smooth noise plus a central bias, cut at the quantile that leaves exactly
    // `glassFraction` of the level-0 tiles as glass.
    m_cols = (o.width + o.tileSize - 1) / o.tileSize, m_rows = (o.height + o.tileSize - 1) / o.tileSize;
    std::vector<float> score(size_t(m_cols * m_rows));
    for (int64_t r = 0; r < m_rows; ++r)
        for (int64_t c = 0; c < m_cols; ++c) {
            double nx = (c + 0.5) / double(m_cols) - 0.5, ny = (r + 0.5) / double(m_rows) - 0.5;
            score[size_t(r * m_cols + c)] =
                float(fbm2(o.seed ^ 0x3A5C, c / 18.0, r / 18.0) - 1.2 * (nx * nx + ny * ny));
        }
    std::vector<float> sorted = score;
    const size_t cut = std::min(sorted.size() - 1, size_t(o.glassFraction * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(cut), sorted.end());
    const float threshold = sorted[cut];
    m_tissue.resize(score.size());
    for (size_t i = 0; i < score.size(); ++i) m_tissue[i] = score[i] >= threshold;
}

size_t BenchTilePool::maxJpegBytes() const {
    size_t m = 0;
    for (const auto& j : m_jpegs) m = std::max(m, j.size());
    return m;
}

int BenchTilePool::choose(int level, int64_t col, int64_t row) const {
    // The level-0 tile under this tile's centre decides tissue or glass.
    const int64_t scale = int64_t(1) << level;
    const int64_t c0 = std::min(m_cols - 1, (2 * col + 1) * scale / 2),
                  r0 = std::min(m_rows - 1, (2 * row + 1) * scale / 2);
    if (!m_tissue[size_t(r0 * m_cols + c0)]) return glassIndex();
    return int(hash3(m_options.seed + uint64_t(level), col, row) % uint64_t(glassIndex()));
}

core::Status writeBenchSlide(const BenchSlideOptions& o) {
    if (o.poolSize < 1) return core::Status::failure("Bench slide pool size must be at least 1");
    BenchTilePool pool(o);
    slide::PyramidTiffOptions po;
    po.width = o.width, po.height = o.height, po.mpp = o.mpp, po.tileSize = o.tileSize, po.jpegQuality = o.jpegQuality;
    // Lower levels reuse pool tiles too: a benchmark needs realistic sizes and bytes, not a true downsample.
    return slide::PyramidTiffWriter::writeRaw(
        o.path, po, [&](int level, int64_t col, int64_t row) { return pool.jpeg(pool.choose(level, col, row)); },
        pool.maxJpegBytes());
}

}  // namespace histomark::samples
