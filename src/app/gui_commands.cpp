// SPDX-License-Identifier: MIT
#include <GLFW/glfw3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli_output.h"
#include "app/app.h"
#include "app/commands.h"
#include "app/image_io.h"
#include "app/script_runner.h"
#include "platform/paths.h"

namespace histomark::app {
namespace {

// The classifier named by --mitosis-model, into the app's options.
core::Status loadMitosisModel(const std::string& file, AppOptions& opts) {
    if (file.empty()) return {};
    auto model = analysis::MitosisModel::loadFile(file);
    if (!model) return core::Status::failure(file + ": " + model.error());
    opts.mitosisModel = std::make_shared<const analysis::MitosisModel>(std::move(*model));
    opts.mitosisModelName = std::filesystem::path(file).filename().string();
    return {};
}

}  // namespace

int runGui(const GuiArgs& args) {
    AppOptions opts;
    opts.width = args.width, opts.height = args.height;
    opts.memoryBudgetMiB = args.memoryBudgetMiB;
    if (args.threads > 0) opts.tileWorkers = args.threads;
    opts.settingsFile = platform::configDir() / "settings.json";
    if (auto s = loadMitosisModel(args.mitosisModel, opts); !s) return fail(s.error());
    App app(opts);
    if (auto s = app.init(); !s) return fail(s.error());
    for (const auto& s : args.slides) app.openSlide(s);
    if (!args.quizLearner.empty()) app.cases().setQuizLearner(args.quizLearner);
    if (!args.project.empty()) app.cases().openProject(args.project, false, args.caseRef);
    return app.run();
}

int runScreenshot(const ScreenshotArgs& args) {
    std::vector<ScriptCommand> commands;
    if (!args.slide.empty()) commands.push_back({0, "open", {args.slide}});
    if (!args.quizLearner.empty()) commands.push_back({0, "quiz", {args.quizLearner}});
    if (!args.project.empty()) commands.push_back({0, "open-project", {args.project}});
    if (!args.caseRef.empty()) commands.push_back({0, "open-case", {args.caseRef}});
    if (args.waitIdle) commands.push_back({0, "wait-idle", {std::to_string(args.timeoutSeconds)}});
    if (!args.script.empty()) {
        std::ifstream in(args.script);
        if (!in) return fail("Cannot read script " + args.script);
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = ScriptRunner::parse(text.str());
        if (!parsed) return fail(args.script + ": " + parsed.error());
        commands.insert(commands.end(), parsed->begin(), parsed->end());
        if (args.waitIdle) commands.push_back({0, "wait-idle", {std::to_string(args.timeoutSeconds)}});
    }
    AppOptions opts;
    opts.width = args.width, opts.height = args.height;
    opts.offscreen = true;
    opts.memoryBudgetMiB = args.memoryBudgetMiB;
    if (auto s = loadMitosisModel(args.mitosisModel, opts); !s) return fail(s.error());
    App app(opts);  // no settings file: screenshots are reproducible and leave nothing behind
    if (auto s = app.init(); !s) return fail(s.error());
    ScriptRunner runner(app, std::move(commands));
    const double deadline = glfwGetTime() + args.timeoutSeconds + 30;
    do {
        app.frame();
        if (glfwGetTime() > deadline) return fail("screenshot timed out");
    } while (runner.step());
    if (!runner.error().empty()) return fail(runner.error());
    app.frame();  // one more frame so the last command is drawn
    if (!args.report.empty())
        if (auto s = writeViewReport(app, args.report); !s) return fail(s.error());
    if (auto s = writePng(app.capture(), args.output); !s) return fail(s.error());
    // A slide that failed to open still gets its screenshot (the message is in it, and was logged
    // to stderr when the open failed), but the exit code says it failed.
    if (auto* v = app.workspace().activeView(); v && v->document()->state() == ui::SlideDocument::State::Failed)
        return 1;
    return 0;
}

}  // namespace histomark::app
