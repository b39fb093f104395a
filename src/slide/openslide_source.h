// SPDX-License-Identifier: MIT
#pragma once
#include <condition_variable>
#include <memory>
#include <map>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "core/slide_source.h"

typedef struct _openslide openslide_t;

namespace histomark::slide {

// A slide read through OpenSlide 3.4.1 (Aperio, Hamamatsu, MIRAX, Philips, Leica, Ventana,
// generic tiled TIFF ...). Keeps a small pool of openslide_t handles so concurrent readers do not
// contend on one handle (measured 46 vs 36 MPix/s with 2 threads). Premultiplied ARGB is
// composited onto white, so transparent areas come out white. Levels that OpenSlide 3.4 misreads
// with libtiff >= 4.5 (non-JPEG TIFF levels smaller than one tile: the coarsest levels of generic
// pyramidal TIFFs) are decoded whole with libtiff at open instead; see openslide_source.cpp.
class OpenSlideSource final : public core::SlideSource {
public:
    // Opens `path`; the error text is OpenSlide's own ("Unsupported TIFF compression: 52479").
    static core::Result<std::shared_ptr<OpenSlideSource>> open(const std::string& path, int maxHandles = 4);
    ~OpenSlideSource() override;  // closes every handle: the caller guarantees no read is running

    const core::SlideInfo& info() const override { return m_info; }
    core::Result<core::RgbaImage> readRegion(int64_t x0, int64_t y0, int level, int width, int height) override;
    core::Result<core::RgbaImage> readAssociatedImage(const std::string& name) override;
    std::string failure() const override;
    // Opens handles up to min(threads, maxHandles) concurrently (an open reads and hashes the
    // file's smallest level: ~9 ms for CMU-1-Small-Region, seconds for some MIRAX).
    void prepareReaders(int threads) override;

    // Converts OpenSlide's premultiplied 0xAARRGGBB pixels to straight RGBA over white.
    // `rgba` may be the same memory as `argb` (converted in place).
    static void argbToRgbaOverWhite(const uint32_t* argb, size_t count, uint8_t* rgba);

private:
    OpenSlideSource(std::string path, openslide_t* first, int maxHandles);
    openslide_t* acquire();
    void release(openslide_t* osr, bool broken);
    core::Status fail(const std::string& message);

    std::string m_path;
    core::SlideInfo m_info;
    int m_maxHandles;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<openslide_t*> m_free;
    std::map<openslide_t*, std::thread::id> m_lastUser;
    int m_open = 0;
    std::string m_failure;
    // Levels OpenSlide 3.4 misreads with libtiff >= 4.5 (smaller than one tile, not JPEG), decoded
    // whole with libtiff at open and read from memory; empty images for every other level.
    std::vector<core::RgbaImage> m_wholeLevels;
};

}  // namespace histomark::slide
