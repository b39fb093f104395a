// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

// The subcommands of the histomark binary. Each returns the process exit code; errors go to
// stderr as one clear line. See the README for examples.
namespace histomark::app {

struct GuiArgs {
    std::vector<std::string> slides;
    std::string project, caseRef;  // a project to open, and a case of it (accession or id)
    int width = 1600, height = 1000;
    size_t memoryBudgetMiB = 512;
    int threads = 0;  // 0 = machine default
    std::string mitosisModel;  // a classifier from train-mitosis; empty: the built-in one
    std::string quizLearner;   // quiz mode for this learner (the project's teaching cases); empty: off
};
int runGui(const GuiArgs& args);

int runInfo(const std::string& slide, bool json);

struct RenderArgs {
    std::string slide, output;
    int level = 0;
    int64_t x = 0, y = 0;
    int width = 0, height = 0;
};
int runRender(const RenderArgs& args);

struct ScreenshotArgs {
    std::string slide, output, script, report;
    std::string project, caseRef;
    int width = 1280, height = 800;
    double timeoutSeconds = 120;
    bool waitIdle = true;
    size_t memoryBudgetMiB = 512;
    std::string mitosisModel;
    std::string quizLearner;
};
int runScreenshot(const ScreenshotArgs& args);

struct BenchArgs {
    std::string slide;  // empty: the generated large synthetic slide
    bool json = false;
    int threads = 2;
    double seconds = 20;  // time for the pan run
    size_t memoryBudgetMiB = 512;
    bool large = false;  // also pan across the large generated slide
};
int runBench(const BenchArgs& args);

struct MarksBenchArgs {
    size_t marks = 100000;  // the largest size measured (1,000 and 10,000 are the baselines)
    bool json = false;
};
// Times adding and hit-testing a mark and building a frame's overlay, at several mark counts.
int runMarksBench(const MarksBenchArgs& args);

// Writes the synthetic demo case (H&E + IHC slides with ground truth) into `outDir`.
int runMakeSample(const std::string& outDir, uint64_t seed, const std::string& benchSlide, bool force);

}  // namespace histomark::app
