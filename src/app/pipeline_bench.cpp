// SPDX-License-Identifier: MIT
#include "app/pipeline_bench.h"

#include <openslide.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <list>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/tile_plan.h"
#include "platform/process_memory.h"
#include "slide/jpeg_tile_stream.h"
#include "slide/openslide_source.h"
#include "slide/overview_reader.h"
#include "slide/tile_cache.h"
#include "slide/tile_loader.h"
#include "slide/tiff_jpeg_source.h"

namespace histomark::app {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

// Takes results the way the UI thread does until `count` have arrived: woken by the loader after
// each result (as glfwPostEmptyEvent wakes the window), at most once per `minPeriod`, so the
// consumer does not steal one of the two cores from the readers by spinning.
class ResultWaiter {
public:
    std::function<void()> wakeFn() {
        return [this] {
            std::lock_guard lock(m_mutex);
            m_signalled = true;
            m_lastDelivery = Clock::now();
            m_cv.notify_one();
        };
    }
    // When the loader delivered its latest result: the end of a throughput pass, whatever phase
    // of its 60 Hz frame the consumer was in (a 100 ms pass would otherwise carry up to 17 ms of
    // waiting for the next frame).
    Clock::time_point lastDelivery() {
        std::lock_guard lock(m_mutex);
        return m_lastDelivery;
    }
    void takeAll(slide::TileLoader& loader, size_t count, std::chrono::microseconds minPeriod) {
        size_t got = loader.takeResults().size();
        while (got < count) {
            const auto next = Clock::now() + minPeriod;
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait_for(lock, std::chrono::milliseconds(50), [this] { return m_signalled; });
                m_signalled = false;
            }
            got += loader.takeResults().size();
            if (got < count) std::this_thread::sleep_until(next);
        }
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_signalled = false;
    Clock::time_point m_lastDelivery{};
};

// Level-0 tiles of the pipeline grid, tissue first (from the overview), in a fixed shuffled order.
std::vector<core::PlannedTile> chooseTiles(const core::SlideInfo& info, const core::RgbaImage& overview, size_t maxTiles) {
    const core::TileGrid grid(info);
    std::vector<core::PlannedTile> tissue, glass;
    for (int r = 0; r < grid.rows(0); ++r) {
        for (int c = 0; c < grid.cols(0); ++c) {
            const core::Level0Rect b = grid.tileBounds(0, c, r);
            const int ox = std::min(overview.width - 1, int((b.x + b.width / 2) / double(info.width()) * overview.width));
            const int oy = std::min(overview.height - 1, int((b.y + b.height / 2) / double(info.height()) * overview.height));
            const uint8_t* p = overview.at(ox, oy);
            const bool isTissue = (p[0] + p[1] + p[2]) / 3 < 220;
            (isTissue ? tissue : glass).push_back({{1, 0, c, r}, grid.tileRect(0, c, r), 0});
        }
    }
    std::mt19937 rng(1);  // fixed seed: the same tiles every run
    std::shuffle(tissue.begin(), tissue.end(), rng);
    std::shuffle(glass.begin(), glass.end(), rng);
    tissue.insert(tissue.end(), glass.begin(), glass.end());
    if (tissue.size() > maxTiles) tissue.resize(maxTiles);
    for (size_t i = 0; i < tissue.size(); ++i) tissue[i].priority = double(i);
    return tissue;
}

// Steady-state read throughput, the same tiles both ways, handles opened before the clock starts
// (an OpenSlide open hashes the smallest level: ~9 ms on CMU-1-Small-Region, far more on MIRAX).
// Bare OpenSlide: `threads` threads, each with its own handle.
double bareOpenSlideMs(const std::string& path, const std::vector<core::PlannedTile>& tiles, int threads,
                       bool openInsideTiming = false) {
    std::vector<openslide_t*> handles(size_t(threads), nullptr);
    if (!openInsideTiming)
        for (auto& h : handles) h = openslide_open(path.c_str());
    const auto t0 = Clock::now();
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            if (!handles[size_t(t)]) handles[size_t(t)] = openslide_open(path.c_str());
            std::vector<uint32_t> buf;
            for (size_t i; (i = next++) < tiles.size();) {
                const core::TileRect& r = tiles[i].rect;
                buf.resize(size_t(r.width) * size_t(r.height));
                openslide_read_region(handles[size_t(t)], buf.data(), r.x0, r.y0, tiles[i].key.level, r.width, r.height);
            }
        });
    }
    for (auto& th : pool) th.join();
    const double ms = msSince(t0);
    for (auto* h : handles)
        if (h) openslide_close(h);
    return ms;
}

// Bare TurboJPEG: the tiles' finished JPEG streams, in memory, decoded by `threads` threads with
// one reused handle each into a tile buffer of their own. Nothing is read or cached.
double bareDecodeMs(const std::vector<slide::TiffJpegSource::TileStream>& streams, int threads) {
    const auto t0 = Clock::now();
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            slide::BareJpegDecoder decoder;
            std::vector<uint8_t> rgba;
            for (size_t i; (i = next++) < streams.size();) {
                const auto& s = streams[i];
                rgba.resize(size_t(s.header.width) * size_t(s.header.height) * 4);
                (void)decoder.decode(s.bytes, s.header, rgba.data(), s.header.width * 4);
            }
        });
    }
    for (auto& th : pool) th.join();
    return msSince(t0);
}

core::Result<std::shared_ptr<core::SlideSource>> openFor(const std::string& path, slide::Backend backend) {
    return slide::openSlide(path, {backend});
}

// The pipeline: the loader's workers read through the chosen reader into a fresh cache; the
// caller takes the results as the UI thread does.
double pipelineMs(const std::string& path, slide::Backend backend, const std::vector<core::PlannedTile>& tiles,
                  int threads) {
    auto src = openFor(path, backend);
    if (!src) return -1;
    std::shared_ptr<core::SlideSource> source = src.value();
    source->prepareReaders(threads);
    slide::TileCache cache(size_t(1) << 40);
    ResultWaiter waiter;
    slide::TileLoader loader(cache, {threads, tiles.size()}, waiter.wakeFn());
    const auto t0 = Clock::now();
    loader.request(1, source, tiles);
    waiter.takeAll(loader, tiles.size(), std::chrono::microseconds(16667));  // a 60 Hz UI
    const auto end = std::max(waiter.lastDelivery(), t0);
    return end > t0 ? std::chrono::duration<double, std::milli>(end - t0).count() : msSince(t0);
}

// Open -> overview -> every fit-view tile, through the pipeline or through bare OpenSlide.
std::pair<double, double> firstFrame(const std::string& path, slide::Backend backend, int threads,
                                     core::SizePx viewport) {
    // Pipeline: what the app does at open (overview on the I/O worker, then the view's wishlist).
    auto t0 = Clock::now();
    auto src = openFor(path, backend);
    if (!src) return {-1, -1};
    std::shared_ptr<core::SlideSource> source = src.value();
    slide::TileCache cache(size_t(1) << 40);
    auto overview = slide::readOverview(*source, {2048, &cache, 1, threads});
    const core::TileGrid grid(source->info());
    const core::Camera cam = core::fitCamera(double(source->info().width()), double(source->info().height()), viewport);
    core::TilePlan plan = core::planTiles(grid, 1, cam, 0);
    std::erase_if(plan.tiles, [&](const core::PlannedTile& t) { return t.key.level != plan.targetLevel; });
    {
        ResultWaiter waiter;
        slide::TileLoader loader(cache, {threads, plan.tiles.size() + 1}, waiter.wakeFn());
        loader.request(1, source, plan.tiles);
        waiter.takeAll(loader, plan.tiles.size(), std::chrono::microseconds(0));  // woken per result
    }
    const double pipeline = msSince(t0);

    // Bare: the same reads with bare OpenSlide, `threads` threads with their own handles: the
    // whole coarsest level (what the viewer shows under everything and in the minimap) and the
    // view's tiles, each tile once.
    std::vector<core::PlannedTile> reads = plan.tiles;
    const int coarsest = grid.levelCount() - 1;
    if (coarsest != plan.targetLevel)
        for (int r = 0; r < grid.rows(coarsest); ++r)
            for (int c = 0; c < grid.cols(coarsest); ++c) reads.push_back({{1, coarsest, c, r}, grid.tileRect(coarsest, c, r), 0});
    t0 = Clock::now();
    bareOpenSlideMs(path, reads, threads, true);
    return {pipeline, msSince(t0)};
}

// Stands in for the GPU tile cache: keeps a copy of each tile (as a texture upload would, and
// as textures do in system memory under software GL), LRU by bytes, never evicting what the
// current frame shows.
class SimulatedGpuCache {
public:
    explicit SimulatedGpuCache(size_t budget) : m_budget(budget) {}
    void beginFrame() { ++m_frame; }
    bool contains(const core::TileKey& k) const { return m_map.count(k) != 0; }
    bool touch(const core::TileKey& k) {
        auto it = m_map.find(k);
        if (it == m_map.end()) return false;
        it->second.frame = m_frame;
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
        return true;
    }
    void insert(const core::TileKey& k, const core::RgbaImage& img) {
        if (m_map.count(k)) return;
        m_lru.push_front(k);
        m_map.emplace(k, Entry{img.pixels, m_frame, m_lru.begin()});
        m_bytes += img.byteSize();
        while (m_bytes > m_budget && !m_lru.empty()) {
            auto it = m_map.find(m_lru.back());
            if (it->second.frame >= m_frame) break;
            m_bytes -= it->second.pixels.size();
            m_map.erase(it);
            m_lru.pop_back();
        }
    }

private:
    struct Entry {
        std::vector<uint8_t> pixels;
        uint64_t frame;
        std::list<core::TileKey>::iterator lru;
    };
    size_t m_budget, m_bytes = 0;
    uint64_t m_frame = 1;
    std::list<core::TileKey> m_lru;
    std::unordered_map<core::TileKey, Entry, core::TileKeyHash> m_map;
};

struct PanStats {
    std::vector<double> frameMs;
    int missingFrames = 0;
    double peakRssMiB = 0;
    double speed = 0;
};

// The main thread's work while the user drags across the slide at a brisk 1000 screen px/s, at
// 60 frames/s, through several zoom levels: take finished tiles (frame budget), "upload" them,
// plan and request, then check whether every fine tile of the view was there to draw.
PanStats simulatePan(const std::string& path, slide::Backend backend, int threads, double seconds, size_t budgetMiB) {
    PanStats st;
    auto src = openFor(path, backend);
    if (!src) return st;
    std::shared_ptr<core::SlideSource> source = src.value();
    const core::SlideInfo& info = source->info();
    const core::TileGrid grid(info);
    const size_t budget = budgetMiB << 20;
    slide::TileCache cpu(budget * 35 / 100);
    SimulatedGpuCache gpu(budget * 30 / 100);
    slide::TileLoader loader(cpu, {threads, 192});
    auto overview = slide::readOverview(*source, {2048, &cpu, 1, threads});  // as the app does at open

    const core::SizePx viewport{1920, 1080};
    const double zooms[] = {1.0, 1.9, 3.3, 6.5};
    const int totalFrames = int(seconds * 60);
    st.speed = 1000;
    core::Camera cam{{viewport.width * 0.5, viewport.height * 0.5}, 1.0, viewport};
    double dir = 1;
    auto next = Clock::now();
    for (int f = 0; f < totalFrames; ++f) {
        const auto t0 = Clock::now();
        gpu.beginFrame();
        slide::drainResults(loader, {}, [&](slide::TileResult& r) {
            if (r.pixels) gpu.insert(r.key, *r.pixels);
        });
        cam.zoom = zooms[(f * 4 / std::max(1, totalFrames)) % 4];
        cam.center.x += dir * st.speed / 60.0 * cam.zoom;
        const double halfW = viewport.width * 0.5 * cam.zoom, w = double(info.width());
        if (cam.center.x + halfW > w || cam.center.x - halfW < 0) {  // serpentine: next band down
            dir = -dir;
            cam.center.x = std::clamp(cam.center.x, std::min(halfW, w / 2), std::max(w - halfW, w / 2));
            cam.center.y += viewport.height * cam.zoom * 0.8;
            if (cam.center.y > double(info.height())) cam.center.y = viewport.height * 0.5 * cam.zoom;
        }
        core::TilePlan plan = core::planTiles(grid, 1, cam, 1);
        std::erase_if(plan.tiles, [&](const core::PlannedTile& t) { return gpu.contains(t.key); });
        loader.request(1, source, plan.tiles);
        bool missing = false;
        const core::TileRange range = core::tilesIn(grid, plan.targetLevel, cam.visibleRect());
        for (int r = range.row0; r <= range.row1; ++r)
            for (int c = range.col0; c <= range.col1; ++c) missing |= !gpu.touch({1, plan.targetLevel, c, r});
        st.missingFrames += missing;
        st.frameMs.push_back(msSince(t0));
        if (f % 30 == 0) st.peakRssMiB = std::max(st.peakRssMiB, platform::currentRssMiB());
        next += std::chrono::microseconds(16667);
        std::this_thread::sleep_until(next);
    }
    return st;
}

}  // namespace

core::Result<PipelineBenchResult> runPipelineBench(const PipelineBenchOptions& o) {
    using R = core::Result<PipelineBenchResult>;
    auto src = slide::OpenSlideSource::open(o.slide);
    if (!src) return R::failure("bench needs a slide OpenSlide can read: " + src.error());
    PipelineBenchResult res;
    auto reader = openFor(o.slide, o.backend);
    if (!reader) return R::failure(reader.error());
    res.backend = reader.value()->info().backend;
    auto overview = slide::readOverview(*src.value(), {1024, nullptr, 0, o.threads});
    if (!overview) return R::failure(overview.error());
    const auto tiles = chooseTiles(src.value()->info(), *overview, 400);
    res.tiles = int(tiles.size());
    for (const auto& t : tiles) res.tileMpix += double(t.rect.width) * t.rect.height / 1e6;
    // The decode limit's input: the same tiles' JPEG streams, read and assembled before any clock runs.
    std::vector<slide::TiffJpegSource::TileStream> streams;
    if (auto* fast = dynamic_cast<slide::TiffJpegSource*>(reader.value().get())) {
        for (const auto& t : tiles) {
            auto s = fast->tileStreams(t.rect.x0, t.rect.y0, t.key.level, t.rect.width, t.rect.height);
            if (!s) return R::failure(s.error());
            for (auto& one : *s) streams.push_back(std::move(one));
        }
    }
    reader = core::Result<std::shared_ptr<core::SlideSource>>::failure("closed");

    // Throughput: alternate bare OpenSlide, bare decoding and pipeline passes so drift in machine
    // load hits all alike; small tile sets get more passes (about 6 s in all) so the medians settle.
    std::vector<double> bare, decode, pipe, ffPipe, ffBare;
    const double warm = pipelineMs(o.slide, o.backend, tiles, o.threads);  // also warms the page cache
    const double warmBare = bareOpenSlideMs(o.slide, tiles, o.threads);
    const int passes = std::clamp(int(6000 / std::max(1.0, warm + warmBare)), o.repeats, 60);
    for (int i = 0; i < passes; ++i) {
        bare.push_back(bareOpenSlideMs(o.slide, tiles, o.threads));
        if (!streams.empty()) decode.push_back(bareDecodeMs(streams, o.threads));
        pipe.push_back(pipelineMs(o.slide, o.backend, tiles, o.threads));
    }
    for (int i = 0; i < o.repeats; ++i) {
        auto [p, b] = firstFrame(o.slide, o.backend, o.threads, {1920, 1080});
        ffPipe.push_back(p);
        ffBare.push_back(b);
    }
    res.openslideMpixS = res.tileMpix / (median(bare) / 1000);
    res.pipelineMpixS = res.tileMpix / (median(pipe) / 1000);
    // Ratios of back-to-back pairs cancel slow drift in machine speed better than a ratio of medians.
    std::vector<double> ratios, decodeRatios, ffRatios;
    for (size_t i = 0; i < bare.size(); ++i) ratios.push_back(bare[i] / pipe[i]);
    for (size_t i = 0; i < decode.size(); ++i) decodeRatios.push_back(decode[i] / pipe[i]);
    for (size_t i = 0; i < ffBare.size(); ++i) ffRatios.push_back(ffPipe[i] / ffBare[i]);
    res.pipelineVsOpenslide = median(ratios);
    if (!decode.empty()) {
        res.decodeLimitMpixS = res.tileMpix / (median(decode) / 1000);
        res.pipelineVsDecodeLimit = median(decodeRatios);
    }
    res.firstFrameRatio = median(ffRatios);
    res.firstFrameMs = median(ffPipe);
    res.firstFrameOpenslideMs = median(ffBare);

    src = core::Result<std::shared_ptr<slide::OpenSlideSource>>::failure("closed");  // free the handle
    PanStats pan = simulatePan(o.slide, o.backend, o.threads, o.panSeconds, o.memoryBudgetMiB);
    res.frames = int(pan.frameMs.size());
    res.frameMsP50 = percentile(pan.frameMs, 0.5);
    res.frameMsP99 = percentile(pan.frameMs, 0.99);
    res.frameMsMax = percentile(pan.frameMs, 1.0);
    res.missingTileFrameShare = res.frames ? double(pan.missingFrames) / res.frames : 0;
    res.panSpeedPxS = pan.speed;
    res.panPeakRssMiB = pan.peakRssMiB;
    res.peakRssMiB = platform::peakRssMiB();
    return res;
}

}  // namespace histomark::app
