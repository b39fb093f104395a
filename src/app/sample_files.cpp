// SPDX-License-Identifier: MIT
#include "app/sample_files.h"

#include <cstdio>
#include <filesystem>

#include "platform/paths.h"
#include "app/commands.h"
#include "samples/bench_slide.h"
#include "samples/demo_case.h"
#include "samples/demo_project.h"
#include "samples/teaching_project.h"

namespace histomark::app {

core::Result<std::string> ensureLargeBenchSlide() {
    samples::BenchSlideOptions o;
    const auto dir = platform::cacheDir();
    o.path = (dir / ("bench-" + std::to_string(o.width) + "x" + std::to_string(o.height) + ".tiff")).string();
    std::error_code ec;
    if (std::filesystem::exists(o.path, ec)) return o.path;
    std::filesystem::create_directories(dir, ec);
    std::fprintf(stderr, "histomark: writing the benchmark slide %s (once, about 650 MB)\n", o.path.c_str());
    if (auto s = samples::writeBenchSlide(o); !s) return core::Result<std::string>::failure(s.error());
    return o.path;
}

int runMakeSample(const std::string& outDir, uint64_t seed, const std::string& benchSlide) {
    core::Status status;
    if (!benchSlide.empty()) {
        samples::BenchSlideOptions o;
        o.path = benchSlide, o.seed = seed;
        status = samples::writeBenchSlide(o);
    } else {
        samples::DemoCaseOptions o;
        o.outDir = outDir, o.seed = seed;
        o.log = [](const std::string& line) { std::printf("  %s\n", line.c_str()); };
        status = samples::writeDemoCase(o);
        if (status) status = samples::writeDemoProject(outDir);
        if (status) status = samples::writeTeachingProject(outDir, seed);
    }
    if (!status) {
        std::fprintf(stderr, "histomark: %s\n", status.error().c_str());
        return 1;
    }
    return 0;
}

}  // namespace histomark::app
