// SPDX-License-Identifier: MIT
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/pipeline_bench.h"
#include "app/sample_files.h"
#include "slide/slide_opener.h"

namespace histomark::app {

int runBench(const BenchArgs& a) {
    std::string slide = a.slide;
    if (slide.empty()) {
        auto large = ensureLargeBenchSlide();
        if (!large) {
            std::fprintf(stderr, "histomark: %s\n", large.error().c_str());
            return 1;
        }
        slide = *large;
    }
    PipelineBenchOptions o;
    o.slide = slide;
    o.threads = std::max(1, a.threads);
    o.panSeconds = a.seconds;
    o.memoryBudgetMiB = a.memoryBudgetMiB;
    o.backend = slide::defaultBackend();  // --backend
    auto r = runPipelineBench(o);
    if (!r) {
        std::fprintf(stderr, "histomark: %s\n", r.error().c_str());
        return 1;
    }
    nlohmann::json j = {
        {"slide", slide},
        {"backend", r->backend},
        {"backend_choice", slide::backendName(o.backend)},
        {"threads", o.threads},
        {"tiles", r->tiles},
        {"tile_mpix", r->tileMpix},
        {"pipeline_mpix_s", r->pipelineMpixS},
        {"openslide_mpix_s", r->openslideMpixS},
        {"decode_limit_mpix_s", r->decodeLimitMpixS > 0 ? nlohmann::json(r->decodeLimitMpixS) : nlohmann::json(nullptr)},
        {"pipeline_vs_openslide", r->pipelineVsOpenslide},
        {"pipeline_vs_decode_limit",
         r->pipelineVsDecodeLimit > 0 ? nlohmann::json(r->pipelineVsDecodeLimit) : nlohmann::json(nullptr)},
        {"first_frame_ms", r->firstFrameMs},
        {"first_frame_openslide_ms", r->firstFrameOpenslideMs},
        {"first_frame_ratio", r->firstFrameRatio},
        {"frame_ms_p50", r->frameMsP50},
        {"frame_ms_p99", r->frameMsP99},
        {"frame_ms_max", r->frameMsMax},
        {"frames", r->frames},
        {"pan_speed_px_s", r->panSpeedPxS},
        {"missing_tile_frame_share", r->missingTileFrameShare},
        {"frame_mode", "headless main-thread work (no GL draw)"},
        {"memory_budget_mib", o.memoryBudgetMiB},
        {"pan_peak_rss_mib", r->panPeakRssMiB},
        {"peak_rss_mib", r->peakRssMiB},
    };
    if (a.json) {
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    std::printf("slide %s (%s, %d threads)\n", slide.c_str(), r->backend.c_str(), o.threads);
    std::printf("throughput   pipeline %.1f MPix/s   bare OpenSlide %.1f MPix/s   ratio %.2f   (%d tiles, %.1f MPix)\n",
                r->pipelineMpixS, r->openslideMpixS, r->pipelineVsOpenslide, r->tiles, r->tileMpix);
    if (r->decodeLimitMpixS > 0)
        std::printf("decode limit bare TurboJPEG %.1f MPix/s   pipeline / limit %.2f\n", r->decodeLimitMpixS,
                    r->pipelineVsDecodeLimit);
    std::printf("first frame  pipeline %.1f ms   bare OpenSlide %.1f ms   ratio %.2f\n", r->firstFrameMs,
                r->firstFrameOpenslideMs, r->firstFrameRatio);
    std::printf("pan          %d frames at %.0f px/s: main thread p50 %.2f ms  p99 %.2f ms  max %.2f ms; frames with a "
                "missing fine tile %.1f %%\n",
                r->frames, r->panSpeedPxS, r->frameMsP50, r->frameMsP99, r->frameMsMax, 100 * r->missingTileFrameShare);
    std::printf("memory       peak RSS %.0f MiB (during the pan %.0f MiB; budget %zu MiB)\n", r->peakRssMiB,
                r->panPeakRssMiB, o.memoryBudgetMiB);
    return 0;
}

}  // namespace histomark::app
