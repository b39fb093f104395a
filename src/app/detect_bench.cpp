// SPDX-License-Identifier: MIT
// `histomark bench-detect SLIDE`: whole-slide candidate detection (MPix/s of tissue) beside reading
// the same level-0 tiles through the slide reader (for JPEG-tiled slides the fast path, i.e.
// TurboJPEG decoding), both with the same threads in the same run: the goal is analysis at
// half the decode speed or better, so it is never the bottleneck.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <thread>

#include "analysis/mitosis_candidates.h"
#include "analysis/slide_thumbnail.h"
#include "analysis/tissue_mask.h"
#include "app/detect_command.h"
#include "slide/slide_opener.h"

namespace histomark::app {
namespace {

struct BenchArgs {
    std::string slide;
    int threads = 2;
    bool json = false;
    bool workingLevel = false;  // read the slide's level at the working scale, when it has one
    int rounds = 5;
};

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int fail(const std::string& m) {
    std::fprintf(stderr, "histomark bench-detect: %s\n", m.c_str());
    return 1;
}

int runBenchDetect(const BenchArgs& a) {
    auto slide = slide::openSlide(a.slide);
    if (!slide) return fail(slide.error());
    core::SlideSource& source = **slide;
    const core::SlideInfo& info = source.info();
    if (!info.mpp.known()) return fail("the slide's scale is unknown");
    const double mpp = info.mpp.mean();
    // Tissue at about 4 µm/px, as `hotspot` and the window's search use it.
    analysis::ThumbnailRequest request;
    request.umPerPx = 4;
    request.maxSide = 4096;
    auto thumb = analysis::readSlideThumbnail(source, request);
    if (!thumb) return fail(thumb.error());
    const double ds = thumb->level0PerPxX;
    analysis::TissueMaskOptions maskOptions;
    maskOptions.umPerPx = ds * mpp;
    const cv::Mat tissue = analysis::tissueMask(thumb->rgb, maskOptions);
    const double tissueMpix = double(cv::countNonZero(tissue)) * ds * ds / 1e6;
    if (tissueMpix <= 0) return fail("no tissue found");

    // Reading: every 512 px level-0 block with tissue, on `threads` threads.
    constexpr int kBlock = 512;
    std::vector<std::pair<int64_t, int64_t>> blocks;
    for (int64_t y = 0; y < info.height(); y += kBlock)
        for (int64_t x = 0; x < info.width(); x += kBlock) {
            const cv::Rect r(int(double(x) / ds), int(double(y) / ds), std::max(1, int(kBlock / ds)), std::max(1, int(kBlock / ds)));
            const cv::Rect clipped = r & cv::Rect(0, 0, tissue.cols, tissue.rows);
            if (clipped.area() > 0 && cv::countNonZero(tissue(clipped)) > 0) blocks.emplace_back(x, y);
        }
    source.prepareReaders(a.threads);
    auto readPass = [&]() -> double {  // seconds, or < 0 on a read error
        std::atomic<size_t> next{0};
        std::atomic<bool> failed{false};
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < a.threads; ++t)
            pool.emplace_back([&] {
                for (size_t i; (i = next++) < blocks.size();) {
                    const int w = int(std::min<int64_t>(kBlock, info.width() - blocks[i].first));
                    const int h = int(std::min<int64_t>(kBlock, info.height() - blocks[i].second));
                    if (!source.readRegion(blocks[i].first, blocks[i].second, 0, w, h)) failed = true;
                }
            });
        for (auto& th : pool) th.join();
        return failed ? -1 : secondsSince(t0);
    };
    const double readMpix = double(blocks.size()) * kBlock * kBlock / 1e6;

    // Detection over the whole slide with the tissue mask, as the window runs it (the classifier,
    // loaded once per process, is loaded before the clock starts).
    if (const auto& model = analysis::builtInMitosisModel(); !model) return fail(model.error());
    analysis::RegionDetectionOptions options;
    options.threads = a.threads;
    options.useWorkingLevel = a.workingLevel;
    options.tissueMask = tissue;
    options.maskDownsample = ds;
    size_t candidates = 0;
    // Rounds alternate reading and detecting; each ratio pairs the two passes of one round, and
    // the medians are reported (the machines are shared: single passes move by 2x).
    std::vector<double> readRates, detectRates, ratios;
    for (int round = 0; round < a.rounds; ++round) {
        const double readSeconds = readPass();
        if (readSeconds < 0) return fail("a tile could not be read");
        const auto t1 = std::chrono::steady_clock::now();
        auto found = analysis::detectCandidatesInRegion(source, {0, 0, double(info.width()), double(info.height())}, options);
        const double detectSeconds = secondsSince(t1);
        if (!found) return fail(found.error());
        candidates = found->size();
        readRates.push_back(readMpix / readSeconds);
        detectRates.push_back(tissueMpix / detectSeconds);
        ratios.push_back(detectRates.back() / readRates.back());
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    const double detectMpixS = median(detectRates), readMpixS = median(readRates), ratio = median(ratios);
    if (a.json) {
        std::printf("%s\n", nlohmann::json{{"slide", a.slide},
                                           {"backend", info.backend},
                                           {"threads", a.threads},
                                           {"detect_level", a.workingLevel ? "working level if present" : "level 0"},
                                           {"tissue_mpix", tissueMpix},
                                           {"rounds", a.rounds},
                                           {"candidates", candidates},
                                           {"detect_seconds", tissueMpix / detectMpixS},
                                           {"detect_tissue_mpix_s", detectMpixS},
                                           {"read_mpix_s", readMpixS},
                                           {"detect_vs_read", ratio}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                .c_str());
    } else {
        std::printf("%s (%s reader, %d threads): %.1f MPix of tissue\n", a.slide.c_str(), info.backend.c_str(), a.threads,
                    tissueMpix);
        std::printf("  candidate detection: %.1f MPix/s of tissue (%.2f s, %zu candidates)\n", detectMpixS,
                    tissueMpix / detectMpixS, candidates);
        std::printf("  reading the same tiles: %.1f MPix/s\n", readMpixS);
        std::printf("  detection / reading: %.2f, median of %d paired rounds (goal: at least 0.5)\n", ratio, a.rounds);
    }
    return 0;
}

}  // namespace

void addDetectBenchCommand(CLI::App& cli, std::function<int()>& action) {
    auto a = std::make_shared<BenchArgs>();
    auto* b = cli.add_subcommand("bench-detect", "Measure whole-slide candidate detection beside reading the same tiles");
    b->add_option("slide", a->slide, "Slide to measure")->required();
    b->add_option("--threads", a->threads, "Threads for both")->check(CLI::Range(1, 64));
    b->add_flag("--json", a->json, "One JSON object");
    b->add_option("--rounds", a->rounds, "Paired rounds of reading and detecting (medians are reported)")->check(CLI::Range(1, 100));
    b->add_flag("--working-level", a->workingLevel,
                "Detect from the slide's level at about 0.5 \xC2\xB5m/px, when it has one, instead of level 0");
    b->callback([&action, a] { action = [a] { return runBenchDetect(*a); }; });
}

}  // namespace histomark::app
