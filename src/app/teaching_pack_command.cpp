// SPDX-License-Identifier: MIT
// `histomark teaching pack|collect`: a learner's copy of the teaching set written, and the
// learners' copies brought back into the educator's project to be scored there
// (storage/teaching_pack.h).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/cli_progress.h"
#include "app/teaching_command.h"
#include "storage/project.h"
#include "storage/teaching_pack.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

struct PackArgs {
    std::string project, out, learner;
    std::vector<std::string> packs;
    bool json = false, withAnswers = false, copySlides = false;
};

int runPack(const PackArgs& a) {
    CliProgress progress("copying the slides");
    auto w = progress.run([&](core::JobControl* job) {
        return storage::writeTeachingPack(a.project, a.out, {a.withAnswers, a.learner, a.copySlides, a.copySlides ? job : nullptr});
    });
    if (progress.interrupted()) return fail("stopped (Ctrl-C): no pack was written, and no slide copy is left", 130);
    if (!w) return fail(w.error());
    if (a.json) {
        std::cout << json{{"pack", a.out},
                          {"source_project", w->sourceProject},
                          {"answers_included", w->answersIncluded},
                          {"cases", w->cases},
                          {"slides", w->slides},
                          {"reference_figures", w->figureAnswers},
                          {"reference_regions", w->regionAnswers},
                          {"marker_results", w->markerAnswers},
                          {"region_questions", w->regionQuestions},
                          {"learner", a.learner.empty() ? json(nullptr) : json(a.learner)},
                          {"learner_marks", w->learnerMarks},
                          {"learner_submissions", w->learnerSubmissions},
                          {"slides_folder", w->slidesFolder.empty() ? json(nullptr) : json(w->slidesFolder)}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
        return 0;
    }
    std::cout << "Wrote " << a.out << ": " << w->cases << " teaching case" << (w->cases == 1 ? "" : "s") << ", " << w->slides
              << " slide" << (w->slides == 1 ? "" : "s") << (w->slidesFolder.empty() ? " (the same files)" : "")
              << ", blinded as Question 1 ...\n";
    if (w->answersIncluded)
        std::cout << "With the answers (hidden in quiz mode until a question is submitted): " << w->figureAnswers << " figures, "
                  << w->regionAnswers << " regions, " << w->markerAnswers << " IHC results\n";
    else
        std::cout << "Without the answers (" << w->figureAnswers << " figures, " << w->regionAnswers << " regions and "
                  << w->markerAnswers << " IHC results left out): collect the learners' copies back with `histomark teaching "
                  << "collect` to score them\n";
    if (!w->slidesFolder.empty())
        std::cout << "The slides copied to " << w->slidesFolder << " as question-N-K (the pack finds them there wherever the two go)\n";
    if (!a.learner.empty())
        std::cout << "With " << a.learner << "'s work: " << w->learnerMarks << " marks, " << w->learnerSubmissions
                  << " question(s) submitted" << (w->answersIncluded && w->learnerSubmissions ? " (scored when opened with --quiz " + a.learner + ")" : "")
                  << "\n";
    std::cout << std::flush;
    return 0;
}

int runCollect(const PackArgs& a) {
    auto project = storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    json out = json::array();
    for (const std::string& file : a.packs) {
        auto got = (*project)->call<storage::PackCollected>(
            [&](Repositories& r) { return storage::collectTeachingPack(r, file); });
        if (!got) return fail(got.error());  // earlier packs stay collected: each is its own transaction
        json learners = json::array();
        for (const auto& l : got->learners) {
            learners.push_back({{"learner", l.learner}, {"marks", l.marks}, {"readings", l.readings}, {"submissions", l.submissions}});
            if (!a.json)
                std::cout << file << ": " << l.learner << ": " << l.marks << " mark" << (l.marks == 1 ? "" : "s") << ", " << l.readings
                          << " IHC reading" << (l.readings == 1 ? "" : "s") << ", " << l.submissions << " question"
                          << (l.submissions == 1 ? "" : "s") << " submitted\n";
        }
        if (!a.json && got->learners.empty()) std::cout << file << ": no learner's work in it\n";
        for (const auto& n : got->notes) std::fprintf(stderr, "histomark: note: %s: %s\n", file.c_str(), n.c_str());
        out.push_back({{"pack", file}, {"learners", learners}, {"notes", got->notes}});
    }
    if (a.json) std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    std::cout << std::flush;
    return 0;
}

}  // namespace

void addTeachingPackCommands(CLI::App& teaching, std::function<int()>& action) {
    auto a = std::make_shared<PackArgs>();
    auto* pack = teaching.add_subcommand("pack", "A learner's copy of the teaching set: blinded, without the answers unless asked");
    pack->add_option("project", a->project, "The educator's project file (.hmproj)")->required();
    pack->add_option("--out", a->out, "The pack to write (a new .hmproj file)")->required();
    pack->add_flag("--with-answers", a->withAnswers, "Keep the answers (self-study: shown once a question is submitted)");
    pack->add_flag("--copy-slides", a->copySlides, "Copy the slides beside the pack under blinded names (a pack that travels)");
    pack->add_option("--learner", a->learner, "Keep this learner's work (with --with-answers: the marked answer returned)")->transform(utf8Text());
    pack->add_flag("--json", a->json, "One JSON object");
    pack->callback([&action, a] { action = [a] { return runPack(*a); }; });

    auto* collect = teaching.add_subcommand("collect", "Bring learners' packs back into the project they came from, to score them");
    collect->add_option("project", a->project, "The educator's project file (.hmproj)")->required();
    collect->add_option("packs", a->packs, "The learners' packs")->required();
    collect->add_flag("--json", a->json, "A JSON array, one object per pack");
    collect->callback([&action, a] { action = [a] { return runCollect(*a); }; });
}

}  // namespace histomark::app
