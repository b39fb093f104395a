// SPDX-License-Identifier: MIT
// `histomark count` and `histomark agreement`: a reader's mitotic count and two readers' agreement,
// from the marks and count settings the case window saves, through the same storage thread and the
// same core functions (evaluateCount, matchPoints) as the result panel.
#include "app/count_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "storage/count_setup_json.h"
#include "core/count_setup.h"
#include "core/point_matching.h"
#include "core/stain.h"
#include "slide/slide_opener.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

bool allDigits(const std::string& s) {
    return !s.empty() && s.size() < 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lowered(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string num(double v, int digits = 4) { return shortNumber(v, digits); }

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

std::string slideLabel(const core::CaseSlideRecord& s) {
    return "slide " + std::to_string(s.id) + " (" + (s.stain.empty() ? "no stain" : s.stain) + ", " + fileName(s.path) + ")";
}

bool slideMatches(const core::CaseSlideRecord& s, const std::string& ref) {
    const std::string want = lowered(ref);
    if (!s.stain.empty() && (lowered(s.stain) == want || lowered(s.stain) == lowered(core::canonicalStain(ref)))) return true;
    return lowered(fileName(s.path)) == want || s.path == ref;
}

// The readers who saved count settings on the slide. AnnotationRepo lists readers with marks only,
// and a reader may place fields and find no mitosis at all.
bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// ---------------------------------------------------------------------------------------------
// histomark count

struct CountArgs {
    std::string project, caseRef, slideRef, reader;
    bool readerGiven = false, json = false;
};

struct CountInput {
    NamedSlide target;
    std::string reader;
    core::CountSetup setup;
    std::vector<core::Level0Point> mitoses;
};

// The reader whose count is asked for: the one given, else the only one who counted the slide.
core::Result<std::string> countReader(Repositories& r, const NamedSlide& t, const CountArgs& a) {
    auto marked = r.annotations.readers(t.slide.id);
    if (!marked) return core::Error{marked.error()};
    auto counted = r.annotations.countReaders(t.slide.id);
    if (!counted) return core::Error{counted.error()};
    const std::string where = t.describe();
    const std::string place = "place the fields in the case window, or run `histomark marks set-count`";
    if (a.readerGiven) {
        if (contains(*counted, a.reader)) return a.reader;
        if (contains(*marked, a.reader)) return core::Error{"Reader " + a.reader + " has no count area on " + where + " yet: " + place};
        std::vector<std::string> all = *marked;
        for (const auto& c : *counted)
            if (!contains(all, c)) all.push_back(c);
        return core::Error{"No reader '" + a.reader + "' on " + where +
                           (all.empty() ? " (nobody has marked or counted it yet)" : " (readers: " + readerList(all) + ")")};
    }
    if (counted->size() == 1) return counted->front();
    if (counted->size() > 1) return core::Error{"Several readers counted " + where + ": " + readerList(*counted) + "; choose one with --reader"};
    if (marked->size() == 1) return core::Error{"Reader " + readerList(*marked) + " has no count area on " + where + " yet: " + place};
    if (marked->empty()) return core::Error{"Nobody has marked or counted " + where + " yet"};
    return core::Error{"No reader has a count area on " + where + " yet (readers with marks: " + readerList(*marked) + "): " + place};
}

core::Result<CountInput> loadCount(Repositories& r, const CountArgs& a) {
    auto target = resolveSlide(r, a.caseRef, a.slideRef);
    if (!target) return core::Error{target.error()};
    auto reader = countReader(r, *target, a);
    if (!reader) return core::Error{reader.error()};
    auto text = r.annotations.countSettings(target->slide.id, *reader);
    if (!text) return core::Error{text.error()};
    if (!*text) return core::Error{"Reader " + *reader + " has no count area on " + target->describe() + " yet"};
    auto setup = storage::countSetupFromJson(**text);
    if (!setup) return core::Error{"The count of reader " + *reader + " on " + target->describe() + ": " + setup.error()};
    auto marks = r.annotations.listForSlide(target->slide.id, *reader);
    if (!marks) return core::Error{marks.error()};
    CountInput in{std::move(*target), std::move(*reader), std::move(*setup), {}};
    for (const auto& m : *marks)
        if (sameName(m.className, core::kMitoticFigure)) in.mitoses.push_back(m.centre());
    return in;
}

json optionalInt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

int runCount(const CountArgs& a) {
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto in = (*project)->call<CountInput>([&](Repositories& r) { return loadCount(r, a); });
    if (!in) return fail(in.error());
    if (!in->setup.placed)
        return fail("Reader " + in->reader + " has no count area on " + in->target.describe() +
                    " yet: place the fields in the case window, or run `histomark marks set-count`");
    auto scale = slideScale(in->target);
    if (!scale) return fail(scale.error());
    const core::Level0Rect bounds{0, 0, double(in->target.slide.width), double(in->target.slide.height)};
    auto report = core::evaluateCount(in->setup, scale->x, scale->y, in->mitoses, bounds);
    if (!report) return fail("Cannot count " + in->target.describe() + " for reader " + in->reader + ": " + report.error());
    const core::CountResult& c = report->result;
    const core::CountSetup& s = in->setup;
    const double mpp = scale->x == scale->y ? scale->x : (scale->x + scale->y) / 2;
    if (a.json) {
        json j = {{"case", in->target.kase.accession},
                  {"slide", in->target.slide.id},
                  {"reader", in->reader},
                  {"preset", s.presetId},
                  {"preset_label", report->preset.label},
                  {"figure_label", report->preset.figureLabel},
                  {"count", c.count},
                  {"area_mm2", c.examinedMm2},
                  {"fields", c.fieldsCounted},
                  {"per_10_hpf", c.per10Hpf},
                  {"per_mm2", c.perMm2},
                  {"fnclcc_per_10_hpf", c.fnclccPer10Hpf},
                  {"mitotic_score", c.mitoticScore},
                  {"field_tally", c.fieldTally},
                  {"differentiation", optionalInt(s.differentiation)},
                  {"necrosis", optionalInt(s.necrosis)},
                  {"fnclcc_total", report->grade ? json(report->grade->total) : json(nullptr)},
                  {"fnclcc_grade", report->grade ? json(report->grade->grade) : json(nullptr)},
                  {"mpp", mpp},
                  {"fields_off_slide", c.fieldsOffSlide},
                  {"fields_partly_off_slide", c.fieldsPartlyOff},
                  {"note", c.note.empty() ? json(nullptr) : json(c.note)}};
        if (!c.note.empty()) std::cerr << "warning: " << c.note << "\n";
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    std::cout << "Case " << in->target.kase.accession << ", " << slideLabel(in->target.slide) << ", reader "
              << (in->reader.empty() ? "(unnamed)" : in->reader) << "\n";
    std::cout << "Fields:        " << report->preset.label << "\n";
    std::cout << "Mitoses:       " << c.count << " in " << num(c.examinedMm2) << " mm\xC2\xB2";
    if (s.area.kind == core::CountArea::Kind::Fields) std::cout << " (" << c.fieldsCounted << (c.fieldsCounted == 1 ? " field)" : " fields)");
    else std::cout << " (a region)";
    if (!c.note.empty()) std::cout << "\nNote:          " << c.note;
    std::cout << "\nFigure:        " << num(c.per10Hpf) << " " << report->preset.figureLabel << "\n";
    std::cout << "Per mm\xC2\xB2:       " << num(c.perMm2) << "\n";
    std::cout << "Mitotic score: " << c.mitoticScore << " (FNCLCC, from " << num(c.fnclccPer10Hpf) << " per 10 x 0.1734 mm\xC2\xB2)\n";
    if (report->grade) {
        const core::FnclccGrade& g = *report->grade;
        std::cout << "FNCLCC:        differentiation " << g.differentiation << " + mitotic " << g.mitotic << " + necrosis " << g.necrosis
                  << " = " << g.total << " -> grade " << g.grade << "\n";
    } else {
        std::cout << "FNCLCC:        no grade (give differentiation and necrosis: `histomark marks set-count`)\n";
    }
    std::cout << "Scale:         " << num(scale->x, 6) << (scale->x == scale->y ? "" : " x " + num(scale->y, 6)) << " \xC2\xB5m/px ("
              << scale->source << ")" << std::endl;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// histomark agreement

struct AgreementArgs {
    std::string project, caseRef, slideRef, className = core::kMitoticFigure;
    std::vector<std::string> readers;
    double radiusUm = core::kMitosisMatchRadiusUm;
    bool json = false;
};

int runAgreement(const AgreementArgs& a) {
    if (a.readers.size() != 2)
        return fail("agreement compares two readers: give --reader A (the reference) and --reader B, once each", 2);
    if (a.readers[0] == a.readers[1]) return fail("agreement compares two readers: --reader " + a.readers[0] + " was given twice", 2);
    if (!(a.radiusUm > 0) || !std::isfinite(a.radiusUm)) return fail("--radius-um must be a positive number of micrometres", 2);
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto in = (*project)->call<ReadersOnSlide>(
        [&](Repositories& r) { return loadReaderPoints(r, a.caseRef, a.slideRef, a.className, a.readers); });
    if (!in) return fail(in.error());
    auto scale = slideScale(in->target);
    if (!scale) return fail(scale.error());
    const auto& reference = in->points[0];
    const auto& candidates = in->points[1];
    auto m = core::matchPoints(reference, candidates, scale->x, scale->y, a.radiusUm);
    if (!m) return fail("Cannot match the marks of " + in->target.describe() + ": " + m.error());
    const double mpp = scale->x == scale->y ? scale->x : (scale->x + scale->y) / 2;
    if (a.json) {
        json j = {{"slide", in->target.slide.id}, {"reader_a", a.readers[0]}, {"reader_b", a.readers[1]}, {"radius_um", a.radiusUm},
                  {"mpp", mpp},  {"tp", m->tp}, {"fp", m->fp}, {"fn", m->fn}, {"precision", m->precision}, {"recall", m->recall},
                  {"f1", m->f1}, {"class", in->className}};
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    std::cout << "Case " << in->target.kase.accession << ", " << slideLabel(in->target.slide) << ", class \"" << in->className
              << "\", hit radius " << num(a.radiusUm) << " \xC2\xB5m at " << num(mpp, 6) << " \xC2\xB5m/px\n";
    std::cout << "Reference " << a.readers[0] << ": " << reference.size() << " marks; candidates " << a.readers[1] << ": "
              << candidates.size() << " marks\n";
    std::cout << "TP " << m->tp << "  FP " << m->fp << "  FN " << m->fn << "\n";
    std::cout << "Precision " << num(m->precision, 3) << "  Recall " << num(m->recall, 3) << "  F1 " << num(m->f1, 3) << std::endl;
    return 0;
}

}  // namespace

namespace {

core::Result<std::vector<core::Level0Point>> readerPoints(Repositories& r, const NamedSlide& t, const std::string& reader,
                                                          const std::string& className, const std::vector<std::string>& readers) {
    if (!contains(readers, reader))
        return core::Error{"No marks by reader '" + reader + "' on " + t.describe() +
                           (readers.empty() ? " (nobody has marked it yet)" : " (readers: " + readerList(readers) + ")")};
    auto marks = r.annotations.listForSlide(t.slide.id, reader);
    if (!marks) return core::Error{marks.error()};
    std::vector<core::Level0Point> out;
    for (const auto& m : *marks)
        if (sameName(m.className, className)) out.push_back(m.centre());
    return out;
}

core::Result<std::string> projectClassName(Repositories& r, const std::string& name) {
    auto classes = r.annotations.classes();
    if (!classes) return core::Error{classes.error()};
    auto cls = std::find_if(classes->begin(), classes->end(), [&](const auto& c) { return sameName(c.name, name); });
    if (cls != classes->end()) return cls->name;
    std::vector<std::string> names;
    for (const auto& c : *classes) names.push_back(c.name);
    return core::Error{"No class '" + name + "' in this project (classes: " + readerList(names) + ")"};
}

}  // namespace

core::Result<ReadersOnSlide> loadReaderPoints(Repositories& r, const std::string& caseRef, const std::string& slideRef,
                                              const std::string& className, const std::vector<std::string>& readers) {
    auto target = resolveSlide(r, caseRef, slideRef);
    if (!target) return core::Error{target.error()};
    auto cls = projectClassName(r, className);
    if (!cls) return core::Error{cls.error()};
    auto marked = r.annotations.readers(target->slide.id);
    if (!marked) return core::Error{marked.error()};
    ReadersOnSlide out{std::move(*target), *cls, {}};
    for (const std::string& reader : readers) {
        auto points = readerPoints(r, out.target, reader, out.className, *marked);
        if (!points) return core::Error{points.error()};
        out.points.push_back(std::move(*points));
    }
    return out;
}

void addSlideOptions(CLI::App& command, std::string& slideRef, std::string& caseRef) {
    command.add_option("--slide", slideRef, "Slide id, or with --case its stain or file name")->required();
    command.add_option("--case", caseRef, "Case id or accession (needed to name the slide by stain or file)");
}

std::string NamedSlide::describe() const { return slideLabel(slide) + " of case " + kase.accession; }

std::string readerList(const std::vector<std::string>& readers) {
    std::string out;
    for (const auto& r : readers) out += (out.empty() ? "" : ", ") + (r.empty() ? std::string("(unnamed)") : r);
    return out;
}

bool sameName(const std::string& a, const std::string& b) { return lowered(a) == lowered(b); }

core::Result<NamedSlide> resolveSlide(Repositories& r, const std::string& caseRef, const std::string& slideRef) {
    if (slideRef.empty()) return core::Error{"--slide is empty: give the slide's id, stain or file name"};
    std::optional<core::CaseRecord> kase;
    if (!caseRef.empty()) {
        auto k = r.cases.resolve(caseRef);
        if (!k) return core::Error{k.error()};
        kase = std::move(*k);
    }
    if (allDigits(slideRef)) {
        if (auto byId = r.slides.get(std::stoll(slideRef)); byId) {
            if (kase && byId->caseId != kase->id)
                return core::Error{"Slide " + slideRef + " is not in case " + kase->accession + " (see `histomark case show`)"};
            if (kase) return NamedSlide{std::move(*kase), std::move(*byId)};
            auto owner = r.cases.get(byId->caseId);
            if (!owner) return core::Error{owner.error()};
            return NamedSlide{std::move(*owner), std::move(*byId)};
        } else if (!kase) {
            return core::Error{byId.error() + " in this project (see `histomark case show`)"};
        }
    }
    if (!kase) return core::Error{"--slide " + slideRef + " names a slide by its stain or file: give --case too (or the slide's id)"};
    auto slides = r.slides.listForCase(kase->id);
    if (!slides) return core::Error{slides.error()};
    std::vector<core::CaseSlideRecord> hits;
    for (const auto& s : *slides)
        if (slideMatches(s, slideRef)) hits.push_back(s);
    std::string listed;
    for (const auto& s : hits.empty() ? *slides : hits) listed += (listed.empty() ? "" : ", ") + slideLabel(s);
    if (hits.empty())
        return core::Error{"No slide '" + slideRef + "' in case " + kase->accession + " (" + (slides->empty() ? "it has no slides" : listed) + ")"};
    if (hits.size() > 1)
        return core::Error{"--slide " + slideRef + " is ambiguous in case " + kase->accession + ": " + listed + "; give the slide's id"};
    return NamedSlide{std::move(*kase), std::move(hits.front())};
}

core::Result<SlideScale> slideScale(const NamedSlide& s) {
    const auto& x = s.slide.mppOverrideX;
    const auto& y = s.slide.mppOverrideY;
    if (x || y) {
        const double mx = x ? *x : *y, my = y ? *y : *x;
        if (mx > 0 && my > 0 && std::isfinite(mx) && std::isfinite(my)) return SlideScale{mx, my, "set in the project"};
    }
    const std::string how = "set it in the case window (Slide > Set scale, or Calibrate scale on a line)";
    auto source = slide::openSlide(s.slide.path);
    if (!source)
        return core::Error{"Cannot read the scale of " + s.describe() + ": " + source.error() +
                           "; relink the file (`histomark case relink`) or " + how};
    const core::Mpp mpp = (*source)->info().mpp;
    if (!mpp.known() || !(*mpp.x > 0) || !(*mpp.y > 0))
        return core::Error{"The scale (\xC2\xB5m per pixel) of " + s.describe() + " is unknown: its file gives none; " + how};
    return SlideScale{*mpp.x, *mpp.y, std::string("slide file, ") + core::mppSourceName(mpp.source)};
}

void addCountCommands(CLI::App& cli, std::function<int()>& action) {
    auto c = std::make_shared<CountArgs>();
    auto* count = cli.add_subcommand("count", "A reader's mitotic count on a slide: per 10 HPF, per mm², FNCLCC score and grade");
    count->add_option("project", c->project, "Project file (.hmproj)")->required();
    count->add_option("--case", c->caseRef, "Case id or accession")->required();
    count->add_option("--slide", c->slideRef, "Slide id, or its stain or file name in the case")->required();
    auto* reader = count->add_option("--reader", c->reader, "Whose count (default: the only reader who counted the slide)")->transform(utf8Text());
    count->add_flag("--json", c->json, "One JSON object");
    count->callback([&action, c, reader] {
        c->readerGiven = reader->count() > 0;
        action = [c] { return runCount(*c); };
    });

    auto g = std::make_shared<AgreementArgs>();
    auto* agree = cli.add_subcommand("agreement", "Two readers' marks on a slide matched one to one: TP, FP, FN, precision, recall, F1");
    agree->add_option("project", g->project, "Project file (.hmproj)")->required();
    addSlideOptions(*agree, g->slideRef, g->caseRef);
    agree->add_option("--reader", g->readers, "Give twice: the reference reader, then the one compared with it")->transform(utf8Text())
        ->required()
        ->allow_extra_args(false);
    agree->add_option("--radius-um", g->radiusUm, "Hit radius in µm (default 7.5, as MIDOG)")->check(hitRadiusUm());
    agree->add_option("--class", g->className, "Class of marks compared (default \"mitotic figure\")")->transform(utf8Text());
    agree->add_flag("--json", g->json, "One JSON object");
    agree->callback([&action, g] { action = [g] { return runAgreement(*g); }; });
}

}  // namespace histomark::app
