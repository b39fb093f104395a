// SPDX-License-Identifier: MIT
// `histomark markers PROJECT --case ID [--json|--csv]`: the case's IHC panel as recorded (one row
// per IHC slide), the H&E findings (each reader's mitotic count and FNCLCC grade) and the textbook
// profile match, from the same records and functions as the case summary in the window.
#include "app/markers_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/count_command.h"
#include "storage/count_setup_json.h"
#include "core/count_setup.h"
#include "core/ihc_profiles.h"
#include "core/stain.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

struct MarkersArgs {
    std::string project, caseRef;
    bool json = false, csv = false;
};

// One reader's count on an H&E slide, as stored (evaluated below, off the storage thread).
struct StoredCount {
    NamedSlide slide;
    std::string reader;
    core::CountSetup setup;
    std::vector<core::Level0Point> mitoses;
};

struct Panel {
    core::CaseRecord kase;
    std::vector<core::CaseSlideRecord> slides;
    std::vector<core::MarkerRecord> records;  // one per IHC slide (not recorded ones included)
    std::vector<StoredCount> counts;
    std::vector<std::string> problems;
};

core::Result<Panel> loadPanel(Repositories& r, const std::string& caseRef) {
    Panel p;
    auto kase = r.cases.resolve(caseRef);
    if (!kase) return core::Error{kase.error()};
    auto detail = r.loadCase(kase->id);
    if (!detail) return core::Error{detail.error()};
    p.kase = detail->record;
    p.slides = detail->slides;
    auto records = r.markers.listForCase(p.kase.id);
    if (!records) return core::Error{records.error()};
    for (const auto& s : p.slides) {
        if (core::isHematoxylinEosin(s.stain)) {
            auto readers = r.annotations.countReaders(s.id);
            if (!readers) return core::Error{readers.error()};
            for (const auto& reader : *readers) {
                StoredCount c;
                c.slide = {p.kase, s};
                c.reader = reader;
                auto text = r.annotations.countSettings(s.id, reader);
                if (!text) return core::Error{text.error()};
                auto setup = storage::countSetupFromJson(text->value_or("{}"));
                if (!setup) {
                    p.problems.push_back(setup.error());
                    continue;
                }
                c.setup = std::move(*setup);
                auto marks = r.annotations.listForSlide(s.id, reader);
                if (!marks) return core::Error{marks.error()};
                for (const auto& m : *marks)
                    if (m.className == core::kMitoticFigure) c.mitoses.push_back(m.centre());
                p.counts.push_back(std::move(c));
            }
            continue;
        }
        auto it = std::find_if(records->begin(), records->end(), [&](const core::MarkerRecord& m) { return m.slide == s.id; });
        if (it != records->end()) {
            p.records.push_back(*it);
        } else {
            core::MarkerRecord blank;
            blank.slide = s.id;
            blank.marker = s.stain;
            p.records.push_back(blank);
        }
    }
    return p;
}

json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optionalJson(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json optionalJson(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string optionalText(const std::optional<double>& v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *v);
    return buf;
}

std::string controlText(const std::optional<bool>& v) { return v ? (*v ? "adequate" : "not adequate") : ""; }

int runMarkers(const MarkersArgs& a) {
    if (a.json && a.csv) return fail("give --json or --csv, not both", 2);
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto panel = (*project)->call<Panel>([&](Repositories& r) { return loadPanel(r, a.caseRef); });
    if (!panel) return fail(panel.error());
    auto stainOf = [&](core::CaseSlideId id) {
        for (const auto& s : panel->slides)
            if (s.id == id) return s.stain;
        return std::string();
    };

    // H&E findings: each reader's count, evaluated with the slide's scale.
    json he = json::array();
    std::vector<std::string> heLines;
    for (const StoredCount& c : panel->counts) {
        json row = {{"slide", c.slide.slide.id}, {"reader", c.reader}};
        std::string line = "H&E (" + c.reader + "): ";
        auto scale = slideScale(c.slide);
        auto report = scale ? core::evaluateCount(c.setup, scale->x, scale->y, c.mitoses,
                                                  {0, 0, double(c.slide.slide.width), double(c.slide.slide.height)})
                            : core::Result<core::CountReport>(core::Error{scale.error()});
        if (!report) {
            row["error"] = report.error();
            line += report.error();
        } else {
            const auto& r = report->result;
            row.update({{"count", r.count}, {"area_mm2", r.examinedMm2}, {"per_10_hpf", r.per10Hpf},
                        {"figure_label", report->preset.figureLabel}, {"preset", report->preset.id},
                        {"mitotic_score", r.mitoticScore},
                        {"fnclcc_total", report->grade ? json(report->grade->total) : json(nullptr)},
                        {"fnclcc_grade", report->grade ? json(report->grade->grade) : json(nullptr)}});
            char buf[160];
            std::snprintf(buf, sizeof buf, "%d mitoses in %.3f mm2, %.1f %s, FNCLCC mitotic score %d", r.count, r.examinedMm2,
                          r.per10Hpf, report->preset.figureLabel.c_str(), r.mitoticScore);
            line += buf;
            if (report->grade) line += ", FNCLCC grade " + std::to_string(report->grade->grade);
        }
        he.push_back(row);
        heLines.push_back(line);
    }
    const auto profiles = core::matchProfiles(panel->records);

    if (a.csv) {
        std::printf("slide,stain,marker,result,intensity,extent_percent,distribution,compartment,internal_control,"
                    "external_control,h_score,reader,modified_unix,comment\n");
        for (const auto& m : panel->records)
            std::printf("%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%lld,%s\n", static_cast<long long>(m.slide),
                        csvField(stainOf(m.slide)).c_str(), csvField(m.marker).c_str(), core::markerResultName(m.result),
                        core::intensityText(m.intensity).c_str(), optionalText(m.extentPercent).c_str(),
                        core::distributionName(m.distribution), csvField(core::compartmentsText(m.compartments)).c_str(),
                        controlText(m.internalControlOk).c_str(), controlText(m.externalControlOk).c_str(),
                        optionalText(m.hScore).c_str(), csvField(m.reader).c_str(), static_cast<long long>(m.modifiedUnix),
                        csvField(m.comment).c_str());
        return 0;
    }
    if (a.json) {
        json markers = json::array();
        for (const auto& m : panel->records)
            markers.push_back({{"slide", m.slide},
                               {"stain", stainOf(m.slide)},
                               {"marker", m.marker},
                               {"result", core::markerResultName(m.result)},
                               {"intensity", optionalJson(m.intensity)},
                               {"extent_percent", optionalJson(m.extentPercent)},
                               {"distribution", core::distributionName(m.distribution)},
                               {"compartment", core::compartmentsText(m.compartments)},
                               {"internal_control", optionalJson(m.internalControlOk)},
                               {"external_control", optionalJson(m.externalControlOk)},
                               {"h_score", optionalJson(m.hScore)},
                               {"comment", m.comment},
                               {"reader", m.reader},
                               {"modified_unix", m.modifiedUnix},
                               {"summary", core::markerSummary(m)},
                               {"cautions", core::markerRecordCautions(m)}});
        json prof = json::array();
        for (const auto& p : profiles)
            prof.push_back({{"entity", p.entity}, {"consistent", p.consistent()}, {"agree", p.agree},
                            {"disagree", p.disagree}, {"unusual", p.unusual}, {"not_done", p.notDone}});
        json out = {{"case", panel->kase.accession}, {"markers", markers}, {"he", he}, {"profiles", prof},
                    {"caveat", core::kProfileCaveat}, {"problems", panel->problems}};
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    std::printf("Case %s%s%s\n", panel->kase.accession.c_str(), panel->kase.site.empty() ? "" : ", ",
                panel->kase.site.c_str());
    for (const auto& l : heLines) std::printf("  %s\n", l.c_str());
    for (const auto& m : panel->records) {
        std::printf("  %s\n", core::markerSummary(m).c_str());
        for (const auto& c : core::markerRecordCautions(m)) std::printf("    caution: %s\n", c.c_str());
    }
    std::printf("Profiles consistent with the recorded panel:\n");
    bool any = false;
    for (const auto& p : profiles)
        if (p.consistent()) {
            any = true;
            std::string agree;
            for (const auto& s : p.agree) agree += (agree.empty() ? "" : ", ") + s;
            std::printf("  %s (%s)\n", p.entity.c_str(), agree.c_str());
        }
    if (!any) std::printf("  none\n");
    std::printf("%s\n", core::kProfileCaveat);
    for (const auto& pr : panel->problems) std::fprintf(stderr, "histomark: %s\n", pr.c_str());
    return 0;
}

struct RecordArgs {
    std::string project, caseRef, slideRef, result, intensity, distribution, compartments, reader, internal, external;
    std::optional<std::string> comment;
    std::string learner;  // a quiz answer instead of the slide's record
    std::optional<double> extent, hScore;
    bool replace = false;  // the earlier reading replaced as a whole, not merged
};

std::optional<bool> controlOf(const std::string& s) {
    if (s == "ok" || s == "yes" || s == "adequate") return true;
    if (s == "no" || s == "not-ok" || s == "inadequate") return false;
    return std::nullopt;
}

// The fields given on the command line, checked; a message for the first bad one.
core::Result<core::MarkerEdit> editOf(const RecordArgs& a) {
    core::MarkerEdit e;
    auto result = core::parseMarkerResult(a.result == "not-assessable" ? "not assessable" : a.result);
    if (!result) return core::Error{"--result is positive, negative, equivocal or not-assessable"};
    e.result = *result;
    if (!a.intensity.empty()) {
        e.intensity = core::parseIntensity(a.intensity);
        if (!e.intensity) return core::Error{"--intensity is 0, 1+, 2+ or 3+"};
    }
    if (!a.distribution.empty()) {
        e.distribution = core::parseDistribution(a.distribution);
        if (!e.distribution) return core::Error{"--distribution is focal, patchy or diffuse"};
    }
    if (!a.compartments.empty()) {
        uint8_t bits = 0;
        for (size_t at = 0; at < a.compartments.size();) {
            const size_t comma = a.compartments.find(',', at);
            const std::string part = a.compartments.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            if (part == "nuclear") bits |= core::kNuclear;
            else if (part == "cytoplasmic") bits |= core::kCytoplasmic;
            else if (part == "membranous") bits |= core::kMembranous;
            else return core::Error{"--compartment is a comma-separated list of nuclear, cytoplasmic, membranous"};
            at = comma == std::string::npos ? a.compartments.size() : comma + 1;
        }
        e.compartments = bits;
    }
    if (!a.internal.empty() && !controlOf(a.internal)) return core::Error{"--internal-control is ok or no"};
    if (!a.external.empty() && !controlOf(a.external)) return core::Error{"--external-control is ok or no"};
    e.internalControlOk = controlOf(a.internal), e.externalControlOk = controlOf(a.external);
    e.extentPercent = a.extent, e.hScore = a.hScore, e.comment = a.comment, e.reader = a.reader;
    return e;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

// `histomark record-marker`: what the marker panel saves, from the command line. Fields not given
// keep the earlier reading's values (core::mergeReading), unless --replace.
int runRecordMarker(const RecordArgs& a) {
    auto edit = editOf(a);
    if (!edit) return fail(edit.error(), 2);
    {  // the values alone, before the project is opened
        core::MarkerRecord alone = core::mergeReading(std::nullopt, *edit).record;
        if (auto problem = core::markerRecordProblem(alone)) return fail(*problem, 2);
    }
    auto project = storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    core::MergedReading merged;
    auto saved = (*project)->call<std::string>([&](Repositories& repos) -> core::Result<std::string> {
        auto slide = resolveSlide(repos, a.caseRef, a.slideRef);
        if (!slide) return core::Error{slide.error()};
        if (core::isHematoxylinEosin(slide->slide.stain))
            return core::Error{slide->describe() + " is the H&E: marker records are for IHC slides"};
        std::optional<core::MarkerRecord> earlier;
        if (a.learner.empty()) {
            auto got = repos.markers.get(slide->slide.id);
            if (!got) return core::Error{got.error()};
            earlier = *got;
        } else {
            // A learner's reading of a teaching case: the slide's own record is the answer, untouched.
            auto t = repos.teaching.get(slide->kase.id);
            if (!t) return core::Error{t.error()};
            if (!*t) return core::Error{"Case " + slide->kase.accession + " is not a teaching case: record it without --learner"};
            if ((*t)->referenceReader == a.learner) return core::Error{a.learner + " is the case's reference reader: record it without --learner"};
            auto sub = repos.teaching.submission(slide->kase.id, a.learner);
            if (!sub) return core::Error{sub.error()};
            if (*sub) return core::Error{a.learner + " has submitted case " + slide->kase.accession + ": the answer no longer changes"};
            auto answers = repos.markers.answersForCase(slide->kase.id, a.learner);
            if (!answers) return core::Error{answers.error()};
            for (const auto& r : *answers)
                if (r.slide == slide->slide.id) earlier = r;
        }
        core::MarkerEdit e = *edit;
        e.reader = a.learner.empty() ? a.reader : a.learner;
        merged = core::mergeReading(a.replace ? std::nullopt : earlier, e);
        core::MarkerRecord& r = merged.record;
        r.slide = slide->slide.id;
        r.marker = slide->slide.stain;
        if (auto problem = core::markerRecordProblem(r)) return core::Error{*problem};
        if (a.learner.empty()) {
            if (auto st = repos.markers.put(r); !st) return core::Error{st.error()};
            return core::markerSummary(r);
        }
        if (auto st = repos.markers.putAnswer(r); !st) return core::Error{st.error()};
        return a.learner + "'s reading: " + core::markerSummary(r);
    });
    if (!saved) return fail(saved.error());
    std::printf("%s\n", saved->c_str());
    if (!merged.kept.empty())
        std::fprintf(stderr, "histomark: kept from the earlier reading: %s (--replace starts afresh)\n", joined(merged.kept).c_str());
    if (!merged.dropped.empty())
        std::fprintf(stderr, "histomark: the result changed: dropped the earlier %s\n", joined(merged.dropped).c_str());
    for (const auto& c : core::markerRecordCautions(merged.record)) std::fprintf(stderr, "histomark: caution: %s\n", c.c_str());
    return 0;
}

}  // namespace

void addMarkersCommand(CLI::App& cli, std::function<int()>& action) {
    auto r = std::make_shared<RecordArgs>();
    auto* rec = cli.add_subcommand("record-marker", "Record an IHC slide's reading: result, intensity, extent, pattern, controls");
    rec->add_option("project", r->project, "Project file (.hmproj)")->required();
    rec->add_option("--case", r->caseRef, "Case id or accession")->required();
    rec->add_option("--slide", r->slideRef, "Slide id, or its stain or file name in the case")->required();
    rec->add_option("--result", r->result, "positive, negative, equivocal or not-assessable")->required();
    rec->add_option("--intensity", r->intensity, "0, 1+, 2+ or 3+");
    rec->add_option("--extent", r->extent, "% of tumour cells, 0-100");
    rec->add_option("--distribution", r->distribution, "focal, patchy or diffuse");
    rec->add_option("--compartment", r->compartments, "nuclear, cytoplasmic, membranous (comma-separated)");
    rec->add_option("--internal-control", r->internal, "ok or no");
    rec->add_option("--external-control", r->external, "ok or no");
    rec->add_option("--h-score", r->hScore, "0-300, from a quantification");
    rec->add_option("--comment", r->comment, "Free text")->transform(utf8Text());
    auto* reader = rec->add_option("--reader", r->reader, "Who read it")->transform(utf8Text());
    rec->add_option("--learner", r->learner, "A learner's answer to a teaching case (kept apart from the slide's record, the answer)")->transform(utf8Text())
        ->excludes(reader);
    rec->add_flag("--replace", r->replace, "Replace the earlier reading as a whole (by default, fields not given keep their values)");
    rec->callback([&action, r] { action = [r] { return runRecordMarker(*r); }; });

    auto a = std::make_shared<MarkersArgs>();
    auto* cmd = cli.add_subcommand("markers", "A case's IHC panel as recorded, the H&E findings and the textbook profile match");
    cmd->add_option("project", a->project, "Project file (.hmproj)")->required();
    cmd->add_option("--case", a->caseRef, "Case id or accession")->required();
    cmd->add_flag("--json", a->json, "One JSON object");
    cmd->add_flag("--csv", a->csv, "One row per IHC slide, with a header");
    cmd->callback([&action, a] { action = [a] { return runMarkers(*a); }; });
}

}  // namespace histomark::app
