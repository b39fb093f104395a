// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/slide_source.h"
#include "slide/tiff_jpeg_layout.h"

namespace histomark::slide {

class OpenSlideSource;

// The fast path for JPEG-tiled TIFF slides (Aperio SVS, generic pyramidal TIFF): tile bytes are
// read with pread from offsets libtiff found at open, and decoded by TurboJPEG straight into the
// region's pixels, skipping OpenSlide's per-tile cairo compositing (most of its read time).
// Levels, downsamples, properties, mpp and associated images are OpenSlide's own: the source is
// built on an open OpenSlideSource, which also reads the associated images. Pixels equal
// OpenSlide's (same libjpeg, same colour space, same IDCT); edge tiles are cut at the level's
// edge and missing (0-byte) tiles are white, as OpenSlide's Aperio reader draws them.
// Thread-safe without locks: the file is read with pread, decoders and buffers are per thread.
class TiffJpegSource final : public core::SlideSource {
public:
    // Takes `openslide` over when the file is a layout the fast path fully understands (see
    // readJpegTileLevels) and the first tile of every level decodes; else fails with the reason,
    // and the caller keeps using OpenSlide.
    static core::Result<std::shared_ptr<TiffJpegSource>> open(std::shared_ptr<OpenSlideSource> openslide);
    // The same from a SlideInfo that describes the file as OpenSlide does, with associated images
    // read by `associated` (may be null). For tests and the fuzz target, which must reach the TIFF
    // parsing also where OpenSlide would refuse a damaged file first.
    static core::Result<std::shared_ptr<TiffJpegSource>> open(core::SlideInfo info,
                                                              std::shared_ptr<core::SlideSource> associated);
    ~TiffJpegSource() override;
    TiffJpegSource(const TiffJpegSource&) = delete;
    TiffJpegSource& operator=(const TiffJpegSource&) = delete;

    const core::SlideInfo& info() const override { return m_info; }
    // The level position is x0 / downsample rounded to the nearest pixel (OpenSlide would resample
    // by the fraction; the pipeline's tile origins always round back to whole pixels).
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override;
    core::Result<core::RgbaImage> readAssociatedImage(const std::string& name) override;
    std::string failure() const override;

    // The finished JPEG streams of the native tiles a region covers, for measuring bare decoding
    // (the benchmark's decode limit); decode each with decodeJpegTile and its header.
    struct TileStream {
        std::vector<uint8_t> bytes;
        JpegHeader header;
    };
    core::Result<std::vector<TileStream>> tileStreams(int64_t x0, int64_t y0, int level, int width, int height) const;

    static constexpr const char* kBackendName = "tiff-jpeg";

private:
    TiffJpegSource(core::SlideInfo info, std::shared_ptr<core::SlideSource> associated,
                   std::vector<JpegTileLevel> levels, int fd, uint64_t fileSize);
    struct LevelRect {
        int64_t x = 0, y = 0;  // level pixels
        int width = 0, height = 0;
    };
    LevelRect toLevel(int64_t x0, int64_t y0, int level, int width, int height) const;
    // Reads tile (col, row) of `level` into the thread's stream buffer and checks its headers.
    core::Result<JpegHeader> loadTile(int level, int64_t col, int64_t row, TileStreamBuffer& buffer) const;
    core::Status fail(const std::string& message);

    core::SlideInfo m_info;
    std::shared_ptr<core::SlideSource> m_associated;
    std::vector<JpegTileLevel> m_levels;
    int m_fd = -1;
    uint64_t m_fileSize = 0;
    mutable std::mutex m_mutex;
    std::string m_failure;
};

// Why the fast path does not take `path` ("level 0 is JPEG 2000 (compression 33005)"), or empty
// when it does. Opens the file with OpenSlide: for `histomark info`, not for hot paths.
std::string fastPathRefusal(const std::string& path);

}  // namespace histomark::slide
