// SPDX-License-Identifier: MIT
#include "app/sample_files.h"

#include <cstdio>
#include <filesystem>
#include <vector>

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

namespace {

// What make-sample would replace: it never does so unasked (a project there may hold a reader's
// marks), and never a device, FIFO or folder whatever it is asked.
core::Status checkTargets(const std::string& outDir, const std::string& benchSlide, bool force) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<fs::path> targets;
    if (!benchSlide.empty()) targets.push_back(benchSlide);
    else
        for (const char* name : {"demo-case.hmproj", "teaching.hmproj", "HE.svs", "desmin.tiff", "ki67.tiff", "cd117.tiff", "truth.json",
                                 "case.json"})
            targets.push_back(fs::path(outDir) / name);
    std::vector<std::string> present;
    for (const auto& t : targets) {
        if (!fs::exists(fs::symlink_status(t, ec))) continue;
        if (!fs::is_regular_file(fs::symlink_status(t, ec)))
            return core::Status::failure(t.string() + " exists and is not a plain file (a folder, device, FIFO or link): not replaced");
        present.push_back(t.filename().string());
    }
    if (present.empty() || force) return {};
    std::string names;
    for (const auto& n : present) names += (names.empty() ? "" : ", ") + n;
    return core::Status::failure((benchSlide.empty() ? outDir + " already holds " : "") + names + (benchSlide.empty() ? "" : " exists") +
                                 ": nothing written; give " + (benchSlide.empty() ? "an empty folder" : "another name") +
                                 ", or --force to replace " + (present.size() == 1 ? "it" : "them") +
                                 (benchSlide.empty() ? " (the marks in a project there would be lost)" : ""));
}

}  // namespace

int runMakeSample(const std::string& outDir, uint64_t seed, const std::string& benchSlide, bool force) {
    core::Status status = checkTargets(outDir, benchSlide, force);
    if (!status) {
        std::fprintf(stderr, "histomark: %s\n", status.error().c_str());
        return 1;
    }
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
