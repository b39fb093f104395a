// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "slide/slide_opener.h"

namespace histomark::app {

struct PipelineBenchOptions {
    std::string slide;
    int threads = 2;
    double panSeconds = 20;
    size_t memoryBudgetMiB = 512;
    int repeats = 5;
    slide::Backend backend = slide::Backend::Auto;  // the pipeline's reader
};

struct PipelineBenchResult {
    std::string backend;             // the reader the pipeline used: "tiff-jpeg" or "openslide"
    int tiles = 0;                   // tiles in the throughput set
    double tileMpix = 0;             // their pixels, MPix
    double pipelineMpixS = 0;        // median over repeats
    double openslideMpixS = 0;       // bare openslide_read_region, same tiles, same threads, own handles
    double pipelineVsOpenslide = 0;  // median of back-to-back pass ratios
    // Bare TurboJPEG decoding of the same tiles' JPEG streams (read into memory first), same
    // threads: what any reader must spend. 0 when the pipeline does not use the fast path.
    double decodeLimitMpixS = 0;
    double pipelineVsDecodeLimit = 0;  // median of back-to-back pass ratios
    double firstFrameMs = 0;         // open -> every tile of the fit view read (pipeline)
    double firstFrameOpenslideMs = 0;  // open -> the same reads with bare OpenSlide
    double firstFrameRatio = 0;        // median of back-to-back ratios
    double frameMsP50 = 0, frameMsP99 = 0, frameMsMax = 0;
    double missingTileFrameShare = 0;  // frames drawn with a fine tile still missing
    int frames = 0;
    double panSpeedPxS = 0;
    double peakRssMiB = 0;
    double panPeakRssMiB = 0;
};

// Measures the tile pipeline against bare OpenSlide and bare JPEG decoding on one slide, in one run
// (the machine is shared and noisy: only ratios within a run are meaningful). See the README,
// Performance.
core::Result<PipelineBenchResult> runPipelineBench(const PipelineBenchOptions& options);

}  // namespace histomark::app
