// SPDX-License-Identifier: MIT
#include "slide/overview_reader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "core/tile_grid.h"
#include "slide/tile_cache.h"

namespace histomark::slide {

core::RgbaImage shrinkByArea(const core::RgbaImage& in, int f) {
    if (f <= 1) return in;
    core::RgbaImage out((in.width + f - 1) / f, (in.height + f - 1) / f);
    const cv::Mat src(in.height, in.width, CV_8UC4, const_cast<uint8_t*>(in.pixels.data()));
    cv::Mat dst(out.height, out.width, CV_8UC4, out.pixels.data());
    cv::resize(src, dst, dst.size(), 0, 0, cv::INTER_AREA);  // SIMD area averaging, writes in place
    return out;
}

namespace {

constexpr int64_t kWholeLevelPixels = int64_t(16) << 20;

// Runs `work` on `threads` threads (this one among them) and waits for all.
template <class Work>
void onThreads(int threads, Work& work) {
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(std::ref(work));
    work();
    for (auto& t : pool) t.join();
}

// Reads every tile of `level` into one image (and the cache), `threads` readers in parallel.
core::Result<core::RgbaImage> readLevelByTiles(core::SlideSource& source, int level, const OverviewOptions& o) {
    const core::TileGrid grid(source.info());
    const core::LevelInfo& l = source.info().levels[size_t(level)];
    core::RgbaImage whole(int(l.width), int(l.height));
    const int cols = grid.cols(level), count = cols * grid.rows(level);
    std::atomic<int> next{0};
    std::mutex errorMutex;
    std::string error;
    auto work = [&] {
        for (int i; (i = next++) < count;) {
            const int c = i % cols, r = i / cols;
            const core::TileRect t = grid.tileRect(level, c, r);
            auto tile = source.readRegion(t.x0, t.y0, level, t.width, t.height);
            if (!tile) {
                std::lock_guard lock(errorMutex);
                error = tile.error();
                next = count;  // stop the others early
                return;
            }
            for (int y = 0; y < t.height; ++y)
                std::copy_n(tile->at(0, y), size_t(t.width) * 4, whole.at(int(t.levelX), int(t.levelY) + y));
            if (o.cache) o.cache->put({o.slide, level, c, r}, std::make_shared<const core::RgbaImage>(std::move(*tile)));
        }
    };
    onThreads(std::max(1, o.threads), work);
    if (!error.empty()) return core::Result<core::RgbaImage>::failure(error);
    return whole;
}

}  // namespace

core::Result<core::RgbaImage> readOverview(core::SlideSource& source, const OverviewOptions& o) {
    const core::SlideInfo& info = source.info();
    if (info.levels.empty()) return core::Result<core::RgbaImage>::failure("slide has no levels");
    const int level = info.levelCount() - 1;
    const core::LevelInfo& l = info.levels[size_t(level)];
    const int64_t longSide = std::max(l.width, l.height);
    const int factor = int(std::max<int64_t>(1, (longSide + o.maxSide - 1) / o.maxSide));
    if (l.width * l.height <= kWholeLevelPixels) {
        auto whole = readLevelByTiles(source, level, o);
        if (!whole || factor == 1) return whole;
        return shrinkByArea(*whole, factor);
    }
    // Bands of whole output rows keep memory to a band of the coarse level. Each band is read in
    // chunks of a fixed width (whole averaging blocks), `threads` at a time: the picture does not
    // depend on the thread count, and a single-level slide of 40 GPix decodes on every core.
    const int band = factor * std::max(1, 256 / factor);
    const int64_t chunk = int64_t(factor) * std::max<int64_t>(1, 8192 / factor);
    const int64_t chunks = (l.width + chunk - 1) / chunk, bands = (l.height + band - 1) / band;
    core::RgbaImage out(int((l.width + factor - 1) / factor), int((l.height + factor - 1) / factor));
    std::mutex errorMutex;
    std::string error;
    for (int64_t b = 0; b < bands; ++b) {
        if (o.cancel && o.cancel->load()) return core::Result<core::RgbaImage>::failure("cancelled");
        const int64_t y = b * band;
        const int h = int(std::min<int64_t>(band, l.height - y));
        const int oy = int(y / factor);
        std::atomic<int64_t> next{0};
        auto work = [&] {
            for (int64_t k; (k = next++) < chunks;) {
                const int64_t x = k * chunk;
                const int w = int(std::min(chunk, l.width - x));
                auto strip = source.readRegion(int64_t(std::llround(double(x) * l.downsample)),
                                               int64_t(std::llround(double(y) * l.downsample)), level, w, h);
                if (!strip) {
                    std::lock_guard lock(errorMutex);
                    error = strip.error();
                    next = chunks;
                    return;
                }
                const core::RgbaImage small = shrinkByArea(*strip, factor);
                const int ox = int(x / factor);
                for (int r = 0; r < small.height && oy + r < out.height; ++r)
                    std::copy_n(small.at(0, r), size_t(std::min(small.width, out.width - ox)) * 4, out.at(ox, oy + r));
            }
        };
        onThreads(int(std::min<int64_t>(std::max(1, o.threads), chunks)), work);
        if (!error.empty()) return core::Result<core::RgbaImage>::failure(error);
        if (o.progress) o.progress->store(float(b + 1) / float(bands));
    }
    return out;
}

}  // namespace histomark::slide
