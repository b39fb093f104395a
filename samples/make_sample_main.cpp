// SPDX-License-Identifier: MIT
// hm_make_sample OUTDIR [--seed N]          writes the demo case (see samples/README.md)
// hm_make_sample --bench FILE [--size WxH] [--seed N]   writes a large benchmark slide
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "samples/bench_slide.h"
#include "samples/demo_case.h"
#include "samples/demo_project.h"
#include "samples/teaching_project.h"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: hm_make_sample OUTDIR [--seed N]\n"
                 "       hm_make_sample --bench FILE [--size WIDTHxHEIGHT] [--seed N]\n");
    return 2;
}

bool parseUnsigned(const char* text, uint64_t& out) {
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end && *end == '\0' && end != text;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace histomark::samples;
    std::string target, benchPath;
    uint64_t seed = DemoCaseOptions{}.seed, width = 0, height = 0;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--seed" && i + 1 < argc) {
            if (!parseUnsigned(argv[++i], seed)) return usage();
        } else if (arg == "--bench" && i + 1 < argc) {
            benchPath = argv[++i];
        } else if (arg == "--size" && i + 1 < argc) {
            if (std::sscanf(argv[++i], "%lux%lu", &width, &height) != 2) return usage();
        } else if (!arg.empty() && arg[0] != '-' && target.empty()) {
            target = arg;
        } else {
            return usage();
        }
    }
    if (target.empty() == benchPath.empty()) return usage();

    const auto t0 = std::chrono::steady_clock::now();
    histomark::core::Status status;
    if (!benchPath.empty()) {
        BenchSlideOptions o;
        o.path = benchPath, o.seed = seed;
        if (width && height) o.width = int64_t(width), o.height = int64_t(height);
        status = writeBenchSlide(o);
    } else {
        DemoCaseOptions o;
        o.outDir = target, o.seed = seed;
        o.log = [](const std::string& line) { std::printf("  %s\n", line.c_str()); };
        status = writeDemoCase(o);
        if (status) status = writeDemoProject(target);
        if (status) status = writeTeachingProject(target, seed);
    }
    if (!status) {
        std::fprintf(stderr, "hm_make_sample: %s\n", status.error().c_str());
        return 1;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("hm_make_sample: wrote %s in %.1f s\n", (benchPath.empty() ? target : benchPath).c_str(), secs);
    return 0;
}
