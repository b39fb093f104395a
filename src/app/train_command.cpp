// SPDX-License-Identifier: MIT
// `histomark train-mitosis AMI_BR_DIR`: trains the mitosis candidate classifier on the AMi-Br
// patches (MIDOG 2021 figures confirmed by experts), prints the curve on held-out slides and
// writes the model the build embeds (src/analysis/models/mitosis_boost.yml).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "analysis/mitosis_training.h"
#include "app/cli_checks.h"
#include "app/detect_command.h"
#include "app/project_training.h"

namespace histomark::app {
namespace {

struct TrainArgs {
    std::string data, output;
    std::vector<std::string> projects;  // readers' figure and look-alike marks, added to the patches
    std::string reader;
    bool readerGiven = false;
    analysis::MitosisTrainingOptions options;
    bool json = false;
};

int fail(const std::string& m) {
    std::fprintf(stderr, "histomark train-mitosis: %s\n", m.c_str());
    return 1;
}

int runTrain(const TrainArgs& a) {
    if (a.readerGiven && a.projects.empty()) return fail("--reader needs --project");
    auto patches = analysis::listAmiBrPatches(a.data);
    if (!patches) return fail(patches.error());
    if (patches->empty())
        return fail("no MIDOG21 patches under " + a.data + "/patches that AMI-BR.csv lists (patches/normal/MIDOG21_<uid>.png and "
                    "patches/atypical/..., uid as in the table)");
    std::vector<analysis::PatchBlobs> pictures;
    for (const auto& p : *patches) {
        const cv::Mat bgr = cv::imread(p.file.string(), cv::IMREAD_COLOR);
        if (bgr.empty()) return fail("cannot read " + p.file.string());
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        auto blobs = analysis::blobsOfPatch(rgb, p.mpp, p.slide);
        if (!blobs) return fail(p.file.string() + ": " + blobs.error());
        pictures.push_back(std::move(*blobs));
    }
    std::string provenance = "AMi-Br MIDOG21 patches (" + std::to_string(pictures.size()) + ", " + a.data + ")";
    const size_t patchCount = pictures.size();
    int projectFigures = 0, projectLookAlikes = 0;
    for (const std::string& file : a.projects) {
        auto tally = addProjectPictures(file, a.readerGiven ? std::optional<std::string>(a.reader) : std::nullopt, pictures);
        if (!tally) return fail(tally.error());
        for (const std::string& why : tally->skipped) std::fprintf(stderr, "histomark train-mitosis: skipped %s\n", why.c_str());
        if (tally->figures + tally->lookAlikes == 0)
            return fail(file + " has no readable figure or look-alike marks" + (a.readerGiven ? " by reader '" + a.reader + "'" : ""));
        projectFigures += tally->figures, projectLookAlikes += tally->lookAlikes;
        provenance += "; " + std::to_string(tally->figures) + " figure and " + std::to_string(tally->lookAlikes) +
                      " look-alike marks on " + std::to_string(tally->slides) + " slides of " + file +
                      (a.readerGiven ? " by " + a.reader : "");
    }
    auto report = analysis::trainMitosisModel(pictures, a.options, provenance);
    if (!report) return fail(report.error());
    if (!a.output.empty()) {
        std::ofstream out(a.output, std::ios::binary | std::ios::trunc);
        out << report->model.save();
        if (!out) return fail("cannot write " + a.output);
    }
    const double chosen = report->model.defaultMinScore();
    if (a.json) {
        nlohmann::json curve = nlohmann::json::array();
        for (const auto& pt : report->curve)
            curve.push_back({{"min_score", pt.minScore}, {"recall", pt.tally.recall()}, {"others_per_patch", pt.tally.othersPerPicture()}});
        nlohmann::json j{{"patches", patchCount},        {"project_figures", projectFigures}, {"project_look_alikes", projectLookAlikes},   {"figures", report->positives}, {"look_alikes", report->negatives},
                         {"blob_recall", report->blobRecall}, {"default_min_score", chosen}, {"slide_relative", report->model.slideRelative()},  {"curve", curve},               {"provenance", report->model.provenance()}};
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    std::printf("%zu patches", patchCount);
    if (!a.projects.empty())
        std::printf(" and %d figure and %d look-alike marks from projects", projectFigures, projectLookAlikes);
    std::printf(": %d figures and %d look-alikes; the blob stage finds %.3f of the figures\n", report->positives,
                report->negatives, report->blobRecall);
    std::printf("held out by slide (%d folds):\n| min score | recall | other candidates per patch |\n|---|---|---|\n",
                a.options.folds);
    for (const auto& pt : report->curve) {
        const int pct = int(std::lround(pt.minScore * 1000));
        if (pct % 50 == 0 || pct == 10 || pct == 20 || std::abs(pt.minScore - chosen) < 1e-9)
            std::printf("| %.3f%s | %.3f | %.2f |\n", pt.minScore, std::abs(pt.minScore - chosen) < 1e-9 ? " (default)" : "",
                        pt.tally.recall(), pt.tally.othersPerPicture());
    }
    if (!a.output.empty()) std::printf("model written to %s\n", a.output.c_str());
    return 0;
}

}  // namespace

void addTrainCommand(CLI::App& cli, std::function<int()>& action) {
    static TrainArgs a;
    auto* cmd = cli.add_subcommand("train-mitosis", "Train the mitosis candidate classifier on the AMi-Br patches (and readers' marks in projects)");
    cmd->add_option("data", a.data, "AMi-Br folder (AMI-BR.csv and patches/)")->required();
    cmd->add_option("-o,--output", a.output, "Write the model here (YAML)");
    cmd->add_option("--trees", a.options.weakCount, "Boosted trees")->check(CLI::Range(1, 5000));
    cmd->add_option("--depth", a.options.maxDepth, "Depth of each tree")->check(CLI::Range(1, 10));
    cmd->add_option("--folds", a.options.folds, "Cross-validation folds, by slide")->check(CLI::Range(2, 50));
    cmd->add_option("--target-recall", a.options.targetRecall, "Held-out recall the default minimum score keeps")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--project", a.projects,
                    "Also learn from the mitotic figure and look-alike marks of this project's slides (repeatable)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--reader", a.reader, "With --project: only this reader's marks")->transform(utf8Text())->each([&](const std::string&) {
        a.readerGiven = true;
    });
    cmd->add_flag("--slide-relative", a.options.slideRelative,
                  "Weigh darkness and size against each slide's typical nucleus (medians of its blobs), not in absolute OD");
    cmd->add_flag("--json", a.json, "One JSON object");
    cmd->callback([&] { action = [&] { return runTrain(a); }; });
}

}  // namespace histomark::app
