// SPDX-License-Identifier: MIT
#include "app/cli.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <functional>

#include "app/case_command.h"
#include "app/commands.h"
#include "app/consensus_command.h"
#include "app/count_command.h"
#include "app/teaching_command.h"
#include "app/detect_command.h"
#include "app/ihc_command.h"
#include "app/markers_command.h"
#include "app/marks_command.h"
#include "app/register_command.h"
#include "slide/slide_opener.h"

namespace histomark::app {
namespace {

bool parseSize(const std::string& s, int& w, int& h) {
    return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 64 && h >= 64 && w <= 8192 && h <= 8192;
}

}  // namespace

int runCli(int argc, char** argv) {
    CLI::App cli{"Histomark: whole-slide images for histopathology (viewer, counting, IHC)"};
    cli.require_subcommand(0, 1);
    std::function<int()> action;

    // Which reader opens slides: slide::openSlide's default for the whole run.
    std::string backend;
    auto addBackendOption = [&](CLI::App* sub) {
        sub->add_option("--backend", backend,
                        "Slide reader: auto (the fast libtiff + TurboJPEG reader for JPEG-tiled SVS/TIFF, else "
                        "OpenSlide), fast (fast reader or an error), openslide")
            ->check(CLI::IsMember({"auto", "fast", "openslide"}));
    };

    GuiArgs gui;
    auto* open = cli.add_subcommand("open", "Open slides in the viewer window (the default with no subcommand)");
    open->add_option("slides", gui.slides, "Slide or image files")->check(CLI::ExistingFile);
    open->add_option("--memory-budget-mib", gui.memoryBudgetMiB, "Tile cache memory (CPU + GPU), MiB");
    open->add_option("--threads", gui.threads, "Tile reader threads (default: cores - 1)");
    open->add_option("--project", gui.project, "Project file (.hmproj) to open: its case list")->check(CLI::ExistingFile);
    open->add_option("--case", gui.caseRef, "Case to open from the project (accession or id)")->needs("--project");
    open->add_option("--mitosis-model", gui.mitosisModel, "Candidate mitosis classifier written by train-mitosis (default: the built-in one)")
        ->check(CLI::ExistingFile);
    open->add_option("--quiz", gui.quizLearner, "Take the project's teaching cases as this learner: the answers stay hidden until submitted")
        ->needs("--project");
    addBackendOption(open);
    open->callback([&] { action = [&] { return runGui(gui); }; });

    std::string infoSlide;
    bool infoJson = false;
    auto* info = cli.add_subcommand("info", "Print what the properties panel shows about a slide");
    info->add_option("slide", infoSlide, "Slide or image file")->required();
    info->add_flag("--json", infoJson, "One JSON object");
    addBackendOption(info);
    info->callback([&] { action = [&] { return runInfo(infoSlide, infoJson); }; });

    RenderArgs ra;
    auto* render = cli.add_subcommand("render", "Write a region of a slide to PNG");
    render->add_option("slide", ra.slide, "Slide or image file")->required();
    render->add_option("--level", ra.level, "Pyramid level (0 = full resolution)");
    render->add_option("--x", ra.x, "Left, in level-0 pixels")->required();
    render->add_option("--y", ra.y, "Top, in level-0 pixels")->required();
    render->add_option("--width", ra.width, "Width in pixels of the level")->required();
    render->add_option("--height", ra.height, "Height in pixels of the level")->required();
    render->add_option("-o,--output", ra.output, "PNG file to write")->required();
    render->callback([&] { action = [&] { return runRender(ra); }; });

    ScreenshotArgs sa;
    std::string size = "1280x800";
    bool noWait = false;
    auto* shot = cli.add_subcommand("screenshot", "Run the real GUI offscreen (needs a display, e.g. xvfb-run) and save a frame");
    shot->add_option("slide", sa.slide, "Slide to open first");
    shot->add_option("-o,--output", sa.output, "PNG file to write")->required();
    shot->add_option("--size", size, "Window size WxH");
    shot->add_option("--script", sa.script, "Command script to run before the screenshot (see README)");
    shot->add_option("--report", sa.report, "Write the final view state as JSON");
    shot->add_option("--timeout", sa.timeoutSeconds, "Seconds to wait for loading");
    shot->add_flag("--no-wait", noWait, "Do not wait for tiles before the screenshot");
    shot->add_option("--memory-budget-mib", sa.memoryBudgetMiB, "Tile cache memory (CPU + GPU), MiB");
    shot->add_option("--project", sa.project, "Project file (.hmproj) to open first");
    shot->add_option("--case", sa.caseRef, "Case to open from the project (accession or id)")->needs("--project");
    shot->add_option("--mitosis-model", sa.mitosisModel, "Candidate mitosis classifier written by train-mitosis")
        ->check(CLI::ExistingFile);
    shot->add_option("--quiz", sa.quizLearner, "Quiz mode for this learner (as `open --quiz`; the project given or opened by the script)");
    addBackendOption(shot);
    shot->callback([&] {
        action = [&] {
            if (!parseSize(size, sa.width, sa.height)) {
                std::fprintf(stderr, "histomark: --size must look like 1280x800 (64..8192)\n");
                return 2;
            }
            sa.waitIdle = !noWait;
            return runScreenshot(sa);
        };
    });

    BenchArgs ba;
    auto* bench = cli.add_subcommand("bench", "Measure the tile pipeline against bare OpenSlide on a slide");
    bench->add_option("slide", ba.slide, "Slide to measure (default: a generated 61440 x 40960 slide)");
    bench->add_flag("--json", ba.json, "One JSON object");
    bench->add_option("--threads", ba.threads, "Reader threads for both the pipeline and OpenSlide");
    bench->add_option("--seconds", ba.seconds, "Length of the simulated pan");
    bench->add_option("--memory-budget-mib", ba.memoryBudgetMiB, "Tile cache memory (CPU + GPU), MiB");
    bench->add_flag("--large", ba.large, "Pan across the large generated slide as well");
    addBackendOption(bench);
    bench->callback([&] { action = [&] { return runBench(ba); }; });

    MarksBenchArgs mb;
    auto* marksBench = cli.add_subcommand("bench-marks", "Measure marks at scale: add, hit-test, overlay frame (1k to 100k marks)");
    marksBench->add_option("--marks", mb.marks, "Largest number of marks on the slide")->check(CLI::Range(10000, 2000000));
    marksBench->add_flag("--json", mb.json, "One JSON object");
    marksBench->callback([&] { action = [&] { return runMarksBench(mb); }; });

    std::string sampleDir, benchSlide;
    bool sampleForce = false;
    uint64_t seed = 20261126;
    auto* sample = cli.add_subcommand("make-sample", "Write the synthetic demo case (H&E + IHC with ground truth)");
    sample->add_option("outdir", sampleDir, "Folder to write HE.svs, desmin/ki67/cd117.tiff, truth.json, case.json");
    // CLI11 would wrap "-5" and saturate a 30-digit number into some other seed, silently.
    sample->add_option("--seed", seed, "Random seed (the default gives the bundled case)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                uint64_t v = 0;
                const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
                if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return {};
                return "must be a whole number from 0 to 18446744073709551615 (got " + text + ")";
            },
            "SEED"));
    sample->add_option("--bench-slide", benchSlide, "Instead write a 61440 x 40960 benchmark slide to this file");
    sample->add_flag("--force", sampleForce, "Replace the files of an earlier sample there (a project's marks are lost)");
    sample->callback([&] {
        action = [&] {
            if (sampleDir.empty() == benchSlide.empty()) {
                std::fprintf(stderr, "histomark: give either OUTDIR or --bench-slide FILE\n");
                return 2;
            }
            return runMakeSample(sampleDir, seed, benchSlide, sampleForce);
        };
    });

    addCaseCommand(cli, action);  // histomark case create|add-slide|list|show|set-stain|relink
    addRegisterCommand(cli, action);  // histomark register FIXED MOVING
    addCountCommands(cli, action);  // histomark count|agreement PROJECT ...
    addConsensusCommand(cli, action);  // histomark consensus PROJECT --slide S --reader A --reader B ...
    addMarkersCommand(cli, action);  // histomark markers PROJECT --case ID
    addMarksCommand(cli, action);  // histomark marks import|export|list|set-count PROJECT ...
    addDetectCommands(cli, action);  // histomark detect-mitoses|eval-detections|hotspot ...
    addDetectBenchCommand(cli, action);  // histomark bench-detect SLIDE
    addTrainCommand(cli, action);  // histomark train-mitosis AMI_BR_DIR
    addIhcCommands(cli, action);  // histomark ihc INPUT... | bench-ihc [SLIDE]
    addTeachingCommands(cli, action);  // histomark teaching set|unset|list|submit|reopen|score PROJECT

    // An unknown first word is an error even with --help after it (CLI11 would print the help and
    // exit 0, and scripts probing for a subcommand would think it exists).
    if (argc > 1 && argv[1][0] != '-') {
        const std::string first = argv[1];
        bool known = false;
        for (const CLI::App* sub : cli.get_subcommands([](CLI::App*) { return true; })) known |= sub->get_name() == first;
        if (!known) {
            std::fprintf(stderr, "histomark: unknown command '%s' (see histomark --help)\n", first.c_str());
            return 2;
        }
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        // Bad usage, as the subcommands report it: one line, exit code 2 (CLI11's own codes are 100+).
        std::fprintf(stderr, "histomark: %s (see histomark%s --help)\n", e.what(),
                     argc > 1 && argv[1][0] != '-' ? (std::string(" ") + argv[1]).c_str() : "");
        return 2;
    }
    if (!backend.empty()) slide::setDefaultBackend(slide::parseBackend(backend).value_or(slide::Backend::Auto));
    if (!action) return runGui(gui);
    return action();
}

}  // namespace histomark::app
