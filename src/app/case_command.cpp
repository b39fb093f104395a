// SPDX-License-Identifier: MIT
// `histomark case ...`: cases of a project file from the command line, through the same storage
// thread, repositories and slide rules (storage/case_slides.h) as the case window.
#include "app/case_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "slide/slide_opener.h"
#include "storage/case_slides.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

struct CaseArgs {
    std::string project, caseRef, accession, site, diagnosis, summary, slide, stain, search;
    int64_t slideId = 0;
    bool json = false, force = false, missing = false;
};

std::string absolutePath(const std::string& path) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(path, ec);
    return (ec ? std::filesystem::path(path) : abs).lexically_normal().string();
}

json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json slideJson(const core::CaseSlideRecord& s) {
    const auto& m = s.toReference;
    json j = {{"id", s.id},
              {"case", s.caseId},
              {"position", s.position},
              {"path", s.path},
              {"stain", s.stain},
              {"width", s.width},
              {"height", s.height},
              {"fingerprint", s.fingerprint},
              {"exists", storage::slideFilePresent(s)},
              {"mpp_override", nullptr},
              {"to_reference", {{m.a, m.b, m.tx}, {m.c, m.d, m.ty}}},
              {"transform_source", core::transformSourceName(s.transformSource)},
              {"transform_residual_um", optionalJson(s.transformResidualUm)},
              {"linked", s.linked},
              {"view", nullptr}};
    if (s.mppOverrideX || s.mppOverrideY) j["mpp_override"] = {{"x", optionalJson(s.mppOverrideX)}, {"y", optionalJson(s.mppOverrideY)}};
    if (s.view) j["view"] = {{"center_x", s.view->centerX}, {"center_y", s.view->centerY}, {"zoom", s.view->zoom}};
    return j;
}

json caseJson(const core::CaseRecord& c) {
    return {{"id", c.id},           {"accession", c.accession}, {"site", c.site}, {"diagnosis", c.diagnosisNote},
            {"summary", c.clinicalSummary}, {"created_unix", c.createdUnix}, {"modified_unix", c.modifiedUnix}};
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string slideLine(const core::CaseSlideRecord& s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld x %lld", static_cast<long long>(s.width), static_cast<long long>(s.height));
    std::string line = "  " + std::to_string(s.position) + "  slide " + std::to_string(s.id) + "  " +
                       (s.stain.empty() ? "(no stain)" : s.stain) + "  " + buf + "  " + s.path;
    if (!storage::slideFilePresent(s)) line += "  [MISSING: relink with `histomark case relink`]";
    line += "\n     transform: " + std::string(core::transformSourceName(s.transformSource));
    if (s.transformSource != core::TransformSource::None && !s.toReference.isIdentity()) {
        const auto& m = s.toReference;
        char matrix[192];
        std::snprintf(matrix, sizeof matrix, " [%.4g %.4g %.6g; %.4g %.4g %.6g]", m.a, m.b, m.tx, m.c, m.d, m.ty);
        line += matrix;
    }
    if (s.transformResidualUm) line += ", residual " + std::to_string(*s.transformResidualUm) + " µm";
    line += s.linked ? "; linked" : "; not linked";
    if (s.mppOverrideX && s.mppOverrideY)
        line += "; scale set by user " + std::to_string(*s.mppOverrideX) + " x " + std::to_string(*s.mppOverrideY) + " µm/px";
    return line + "\n";
}

// Opens the project; every command but `create` wants an existing file (a typo must not make one).
// `reading`: a command that only reads, which also opens a read-only project.
core::Result<std::unique_ptr<storage::Project>> openProject(const CaseArgs& a, bool create, bool reading = false) {
    return reading ? storage::Project::openForReading(a.project) : storage::Project::open(a.project, create);
}

int runCreate(const CaseArgs& a) {
    auto project = openProject(a, true);
    if (!project) return fail(project.error());
    core::CaseRecord r;
    r.accession = a.accession;
    r.site = a.site;
    r.diagnosisNote = a.diagnosis;
    r.clinicalSummary = a.summary;
    auto id = (*project)->call<core::CaseRecord>([&](Repositories& repos) -> core::Result<core::CaseRecord> {
        auto created = repos.cases.create(r);
        if (!created) return core::Error{created.error()};
        return repos.cases.get(*created);
    });
    if (!id) return fail(id.error());
    if (a.json) std::cout << json{{"id", id->id}, {"accession", id->accession}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    else std::cout << id->id << std::endl;
    return 0;
}

int runAddSlide(const CaseArgs& a) {
    auto project = openProject(a, false);
    if (!project) return fail(project.error());
    auto kase = (*project)->call<core::CaseRecord>([&](Repositories& r) { return r.cases.resolve(a.caseRef); });
    if (!kase) return fail(kase.error());
    // Read the slide before touching the project: an unreadable file adds nothing.
    auto source = slide::openSlide(absolutePath(a.slide));
    if (!source) return fail("Cannot add " + a.slide + " to case " + kase->accession + ": " + source.error());
    const core::SlideInfo info = (*source)->info();
    source = core::Error{"closed"};
    auto added = (*project)->call<core::CaseSlideRecord>(
        [&](Repositories& r) { return storage::addSlideToCase(r, kase->id, info, a.stain); });
    if (!added) return fail(added.error());
    if (a.json) std::cout << slideJson(*added).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    else std::cout << added->id << std::endl;
    return 0;
}

int runList(const CaseArgs& a) {
    auto project = openProject(a, false, true);
    if (!project) return fail(project.error());
    const storage::CaseFilter filter{a.search, a.stain, a.missing, true};
    auto cases = (*project)->call<std::vector<storage::CaseSummary>>([&](Repositories& r) { return r.cases.list(filter); });
    if (!cases) return fail(cases.error());
    if (a.json) {
        json out = json::array();
        for (const auto& c : *cases)
            out.push_back({{"id", c.record.id}, {"accession", c.record.accession}, {"site", c.record.site},
                           {"diagnosis", c.record.diagnosisNote}, {"slides", c.slideCount}, {"stains", c.stains},
                           {"missing_slides", c.missingSlides}, {"modified_unix", c.record.modifiedUnix}});
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    if (cases->empty()) {
        std::cout << (a.search.empty() && a.stain.empty() && !a.missing ? "No cases yet" : "No matching cases") << std::endl;
        return 0;
    }
    size_t wAcc = 9, wSite = 4;
    for (const auto& c : *cases) wAcc = std::max(wAcc, c.record.accession.size()), wSite = std::max(wSite, c.record.site.size());
    std::printf("%-6s %-*s %-*s %-6s %-30s %s\n", "ID", int(wAcc), "ACCESSION", int(wSite), "SITE", "SLIDES", "STAINS", "DIAGNOSIS");
    for (const auto& c : *cases) {
        std::string slides = std::to_string(c.slideCount);
        if (c.missingSlides > 0) slides += " (" + std::to_string(c.missingSlides) + " missing)";
        std::printf("%-6lld %-*s %-*s %-6s %-30s %s\n", static_cast<long long>(c.record.id), int(wAcc), c.record.accession.c_str(),
                    int(wSite), c.record.site.c_str(), slides.c_str(), joined(c.stains).c_str(), c.record.diagnosisNote.c_str());
    }
    return 0;
}

int runShow(const CaseArgs& a) {
    auto project = openProject(a, false, true);
    if (!project) return fail(project.error());
    auto detail = (*project)->call<core::CaseDetail>([&](Repositories& r) -> core::Result<core::CaseDetail> {
        auto kase = r.cases.resolve(a.caseRef);
        if (!kase) return core::Error{kase.error()};
        return r.loadCase(kase->id);
    });
    if (!detail) return fail(detail.error());
    if (a.json) {
        json j = caseJson(detail->record);
        j["slides"] = json::array();
        for (const auto& s : detail->slides) j["slides"].push_back(slideJson(s));
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    const auto& c = detail->record;
    std::cout << "Case " << c.id << ": " << c.accession << "\nSite:      " << c.site << "\nDiagnosis: " << c.diagnosisNote
              << "\nSummary:   " << c.clinicalSummary << "\nSlides:    " << detail->slides.size() << "\n";
    for (const auto& s : detail->slides) std::cout << slideLine(s);
    return 0;
}

int runSetStain(const CaseArgs& a) {
    auto project = openProject(a, false);
    if (!project) return fail(project.error());
    auto slide = (*project)->call<core::CaseSlideRecord>([&](Repositories& r) { return storage::setSlideStain(r, a.slideId, a.stain); });
    if (!slide) return fail(slide.error());
    if (a.json) std::cout << slideJson(*slide).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    else std::cout << "slide " << slide->id << ": " << (slide->stain.empty() ? "(no stain)" : slide->stain) << std::endl;
    return 0;
}

int runRelink(const CaseArgs& a) {
    auto project = openProject(a, false);
    if (!project) return fail(project.error());
    auto recorded = (*project)->call<core::CaseSlideRecord>([&](Repositories& r) { return r.slides.get(a.slideId); });
    if (!recorded) return fail(recorded.error());
    auto source = slide::openSlide(absolutePath(a.slide));
    if (!source) return fail("Cannot relink slide " + std::to_string(a.slideId) + " to " + a.slide + ": " + source.error());
    const core::SlideInfo info = (*source)->info();
    source = core::Error{"closed"};
    if (!a.force && !storage::sameSlide(*recorded, info))
        return fail(absolutePath(a.slide) + " is not the slide recorded as " + recorded->path + " (content fingerprint " +
                    storage::newCaseSlide(0, info, "").fingerprint + ", recorded " + recorded->fingerprint +
                    "); use --force to link it anyway");
    auto slide = (*project)->call<core::CaseSlideRecord>([&](Repositories& r) { return storage::relinkSlide(r, a.slideId, info, a.force); });
    if (!slide) return fail(slide.error());
    if (a.json) std::cout << slideJson(*slide).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    else std::cout << "slide " << slide->id << ": " << slide->path << std::endl;
    return 0;
}

}  // namespace

void addCaseCommand(CLI::App& cli, std::function<int()>& action) {
    auto a = std::make_shared<CaseArgs>();
    auto* kase = cli.add_subcommand("case", "Cases of a project file: create, add-slide, list, show, set-stain, relink");
    kase->require_subcommand(1);
    auto sub = [&](const char* name, const char* help, int (*run)(const CaseArgs&)) {
        auto* s = kase->add_subcommand(name, help);
        s->add_option("project", a->project, "Project file (.hmproj)")->required();
        s->add_flag("--json", a->json, "JSON output");
        s->callback([&action, a, run] { action = [a, run] { return run(*a); }; });
        return s;
    };
    auto* create = sub("create", "Create a case (and the project file if it does not exist); prints its id", runCreate);
    create->add_option("--accession", a->accession, "Accession number, unique in the project")->transform(utf8Text())->required();
    create->add_option("--site", a->site, "Site, e.g. thigh")->transform(utf8Text());
    create->add_option("--diagnosis", a->diagnosis, "Working diagnosis")->transform(utf8Text());
    create->add_option("--summary", a->summary, "Clinical summary")->transform(utf8Text());

    auto* add = sub("add-slide", "Add a slide file to a case; prints the slide id", runAddSlide);
    add->add_option("--case", a->caseRef, "Case id or accession")->required();
    add->add_option("slide", a->slide, "Slide or image file")->required();
    add->add_option("--stain", a->stain, "Stain, e.g. H&E, Ki-67, desmin (any spelling; custom markers are kept)");

    auto* list = sub("list", "List the project's cases, most recently changed first", runList);
    list->add_option("--search", a->search, "Text in the accession, site, diagnosis or summary")->transform(utf8Text());
    list->add_option("--stain", a->stain, "Only cases with a slide of this stain");
    list->add_flag("--missing", a->missing, "Only cases with a slide file that is not where it was");

    auto* show = sub("show", "Show a case and its slides", runShow);
    show->add_option("--case", a->caseRef, "Case id or accession")->required();

    auto* stain = sub("set-stain", "Tag a slide with a stain", runSetStain);
    stain->add_option("--slide", a->slideId, "Slide id (see `case show`)")->check(rowId())->required();
    stain->add_option("stain", a->stain, "Stain name; \"\" removes the tag")->required();

    auto* relink = sub("relink", "Point a slide at its moved file (the content must match unless --force)", runRelink);
    relink->add_option("--slide", a->slideId, "Slide id (see `case show`)")->check(rowId())->required();
    relink->add_option("path", a->slide, "The slide file's new location")->required();
    relink->add_flag("--force", a->force, "Link a file whose content differs from the one recorded");
}

}  // namespace histomark::app
