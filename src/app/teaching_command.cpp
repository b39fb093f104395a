// SPDX-License-Identifier: MIT
// `histomark teaching ...`: teaching cases in a project. The educator's reader is the reference;
// a learner's "mitotic figure" marks are scored against it with the same 7.5 µm matching and the
// same count as the window's quiz mode (core::scoreQuizSlide), and a learner's readings of the IHC
// slides against the slides' marker records (core::scoreMarkerAnswer).
#include "app/teaching_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <set>

#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/count_command.h"
#include "storage/count_setup_json.h"
#include "core/quiz_score.h"
#include "core/quiz_tally.h"
#include "core/region_questions.h"
#include "storage/project.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using storage::Repositories;

std::string num(double v, int digits = 3) { return shortNumber(v, digits); }

struct TeachingArgs {
    std::string project, caseRef, reader, question, learner;
    bool json = false, csv = false;
};

core::Result<std::pair<core::CaseRecord, core::TeachingCase>> teachingCase(Repositories& r, const std::string& caseRef) {
    auto kase = r.cases.resolve(caseRef);
    if (!kase) return core::Error{kase.error()};
    auto t = r.teaching.get(kase->id);
    if (!t) return core::Error{t.error()};
    if (!*t)
        return core::Error{"Case " + kase->accession + " is not a teaching case (make it one with `histomark teaching set --case " +
                           kase->accession + " --reference READER`)"};
    return std::make_pair(std::move(*kase), std::move(**t));
}

// A learner's pack is not where the teaching set is changed, nor (without the answers) scored.
core::Status refusePack(Repositories& r, bool scoring) {
    auto pack = r.packs.info();
    if (!pack) return core::Status::failure(pack.error());
    if (!*pack) return {};
    if (!scoring)
        return core::Status::failure("This is a learner's teaching pack: change the teaching set in the educator's project, then pack it again");
    if (!(*pack)->answersIncluded)
        return core::Status::failure("This teaching pack holds no answers: the educator collects it into the project it came from "
                                     "(`histomark teaching collect`) and scores it there");
    return {};
}

// ---------------------------------------------------------------------------------------------
// set, unset, submit, reopen

int runSet(const TeachingArgs& a) {
    auto project = storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    // What the answer holds now: the reference's mitotic figures, its areas to click in, and the
    // IHC slides' recorded results.
    struct Held {
        int figures = 0, regions = 0, results = 0;
    };
    auto marked = (*project)->call<Held>([&](Repositories& r) -> core::Result<Held> {
        if (auto s = refusePack(r, false); !s) return core::Error{s.error()};
        auto kase = r.cases.resolve(a.caseRef);
        if (!kase) return core::Error{kase.error()};
        if (auto s = r.teaching.put({kase->id, a.reader, a.question, 0}); !s) return core::Error{s.error()};
        auto slides = r.slides.listForCase(kase->id);
        if (!slides) return core::Error{slides.error()};
        Held held;
        for (const auto& s : *slides) {
            auto list = r.annotations.listForSlide(s.id, a.reader);
            if (!list) return core::Error{list.error()};
            for (const auto& m : *list) held.figures += sameName(m.className, core::kMitoticFigure);
            for (const auto& q : core::scoreRegionQuestions(*list, {})) held.regions += int(q.regions.size());
        }
        auto records = r.markers.listForCase(kase->id);
        if (!records) return core::Error{records.error()};
        for (const auto& m : *records) held.results += m.result != core::MarkerResult::NotRecorded;
        return held;
    });
    if (!marked) return fail(marked.error());
    std::cout << "Case " << a.caseRef << " is a teaching case; reference reader " << a.reader << " (" << marked->figures
              << " mitotic figures marked";
    if (marked->regions) std::cout << ", " << marked->regions << " regions to click in";
    if (marked->results) std::cout << ", " << marked->results << " IHC slides recorded";
    std::cout << ")" << std::endl;
    if (marked->figures == 0 && marked->regions == 0 && marked->results == 0)
        std::fprintf(stderr, "histomark: note: %s has no mitotic figures marked on this case yet; the answer is what that reader marks\n",
                     a.reader.c_str());
    return 0;
}

int runUnset(const TeachingArgs& a) {
    auto project = storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    auto s = (*project)->call([&](Repositories& r) -> core::Status {
        if (auto refused = refusePack(r, false); !refused) return refused;
        auto t = teachingCase(r, a.caseRef);
        if (!t) return core::Status::failure(t.error());
        return r.teaching.remove(t->first.id);
    });
    if (!s) return fail(s.error());
    std::cout << "Case " << a.caseRef << " is an ordinary case again (its marks are kept; the submissions are gone)" << std::endl;
    return 0;
}

int runSubmit(const TeachingArgs& a, bool reopen) {
    auto project = storage::Project::open(a.project, false);
    if (!project) return fail(project.error());
    auto had = (*project)->call<bool>([&](Repositories& r) -> core::Result<bool> {
        auto t = teachingCase(r, a.caseRef);
        if (!t) return core::Error{t.error()};
        if (reopen) return r.teaching.reopen(t->first.id, a.learner);
        // The reference reader's marks are the answer: handing them in would score the key against itself.
        if (a.learner == t->second.referenceReader)
            return core::Error{a.learner + " is the reference reader of case " + t->first.accession +
                               ": their marks are the answer, not a learner's; submit as the learner"};
        if (a.learner.empty()) return core::Error{"--learner needs the learner's reader name"};
        if (auto s = r.teaching.submit({t->first.id, a.learner, 0}); !s) return core::Error{s.error()};
        return true;
    });
    if (!had) return fail(had.error());
    if (!reopen) std::cout << "Submitted: " << a.learner << " on case " << a.caseRef << std::endl;
    else if (*had) std::cout << "Reopened: " << a.learner << " may answer case " << a.caseRef << " again" << std::endl;
    else std::cout << a.learner << " had not submitted case " << a.caseRef << "; nothing to reopen" << std::endl;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// list

int runList(const TeachingArgs& a) {
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto rows = (*project)->call<json>([&](Repositories& r) -> core::Result<json> {
        auto all = r.teaching.list();
        if (!all) return core::Error{all.error()};
        json out = json::array();
        int number = 0;
        for (const auto& t : *all) {
            auto kase = r.cases.get(t.caseId);
            if (!kase) return core::Error{kase.error()};
            auto subs = r.teaching.submissions(t.caseId);
            if (!subs) return core::Error{subs.error()};
            json s = json::array();
            for (const auto& q : *subs) s.push_back({{"learner", q.learner}, {"submitted_unix", q.submittedUnix}});
            out.push_back({{"number", ++number},
                           {"case_id", t.caseId},
                           {"case", kase->accession},
                           {"reference", t.referenceReader},
                           {"question", t.question},
                           {"submissions", s}});
        }
        return out;
    });
    if (!rows) return fail(rows.error());
    if (a.json) {
        std::cout << rows->dump(2) << std::endl;
        return 0;
    }
    if (rows->empty()) std::cout << "No teaching cases (make one with `histomark teaching set`)" << std::endl;
    for (const auto& row : *rows) {
        std::cout << "Question " << row["number"].get<int>() << ": case " << row["case"].get<std::string>() << ", reference "
                  << row["reference"].get<std::string>() << ", " << row["submissions"].size() << " submitted";
        if (!row["question"].get<std::string>().empty()) std::cout << "\n    " << row["question"].get<std::string>();
        std::cout << "\n";
    }
    std::cout << std::flush;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// score

struct SlideAnswer {
    NamedSlide target;
    std::vector<core::Level0Point> reference, learner;
    std::optional<core::CountSetup> count;
};

// An IHC slide's question: its marker record is the answer, the learner's reading is scored against it.
struct MarkerAnswer {
    core::CaseSlideRecord slide;
    core::MarkerRecord reference;
    std::optional<core::MarkerRecord> learner;
};

// A slide with click-in-region questions: the two readers' marks (core::scoreRegionQuestions).
struct RegionAnswer {
    NamedSlide target;
    std::vector<core::Annotation> reference, learner;
};

struct CaseAnswer {
    core::TeachingCase teaching;
    core::CaseRecord kase;
    std::optional<core::QuizSubmission> submission;
    std::vector<SlideAnswer> slides;    // those the reference reader marked or counted
    std::vector<MarkerAnswer> markers;  // the IHC slides with a recorded result
    std::vector<RegionAnswer> regions;  // the slides where the reference drew areas to click in
};

std::vector<core::Level0Point> figures(const std::vector<core::Annotation>& marks) {
    std::vector<core::Level0Point> out;
    for (const auto& m : marks)
        if (sameName(m.className, core::kMitoticFigure)) out.push_back(m.centre());
    return out;
}

core::Result<CaseAnswer> loadAnswer(Repositories& r, const core::TeachingCase& t, const std::string& learner) {
    auto kase = r.cases.get(t.caseId);
    if (!kase) return core::Error{kase.error()};
    CaseAnswer out{t, *kase, std::nullopt, {}, {}, {}};
    auto sub = r.teaching.submission(t.caseId, learner);
    if (!sub) return core::Error{sub.error()};
    out.submission = *sub;
    auto slides = r.slides.listForCase(t.caseId);
    if (!slides) return core::Error{slides.error()};
    for (const auto& s : *slides) {
        auto refMarks = r.annotations.listForSlide(s.id, t.referenceReader);
        if (!refMarks) return core::Error{refMarks.error()};
        auto mine = r.annotations.listForSlide(s.id, learner);
        if (!mine) return core::Error{mine.error()};
        if (!core::regionQuestionClasses(*refMarks).empty()) out.regions.push_back({NamedSlide{*kase, s}, *refMarks, *mine});
        const std::vector<core::Level0Point> ref = figures(*refMarks);
        auto text = r.annotations.countSettings(s.id, t.referenceReader);
        if (!text) return core::Error{text.error()};
        std::optional<core::CountSetup> count;
        if (*text) {
            auto setup = storage::countSetupFromJson(**text);
            if (!setup) return core::Error{"The reference count on slide " + std::to_string(s.id) + ": " + setup.error()};
            if (setup->placed) count = std::move(*setup);
        }
        if (ref.empty() && !count) continue;  // no figures asked on this slide
        out.slides.push_back({NamedSlide{*kase, s}, ref, figures(*mine), std::move(count)});
    }
    auto records = r.markers.listForCase(t.caseId);
    if (!records) return core::Error{records.error()};
    auto readings = r.markers.answersForCase(t.caseId, learner);
    if (!readings) return core::Error{readings.error()};
    for (auto& rec : *records) {
        if (rec.result == core::MarkerResult::NotRecorded) continue;
        MarkerAnswer m{{}, rec, std::nullopt};
        for (const auto& s : *slides)
            if (s.id == rec.slide) m.slide = s;
        for (const auto& mine : *readings)
            if (mine.slide == rec.slide) m.learner = mine;
        out.markers.push_back(std::move(m));
    }
    return out;
}

json optionalJson(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }
json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json textOrNull(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

// One IHC slide's reading against its record: parts the reference leaves open are null.
json markerJson(const MarkerAnswer& m, const core::MarkerAnswerScore& sc) {
    const core::MarkerRecord none;
    const core::MarkerRecord& l = m.learner ? *m.learner : none;
    return {{"slide", m.reference.slide},
            {"stain", m.slide.stain},
            {"marker", m.reference.marker},
            {"answered", sc.answered},
            {"reference_result", core::markerResultName(m.reference.result)},
            {"learner_result", sc.answered ? json(core::markerResultName(l.result)) : json(nullptr)},
            {"result_agrees", sc.resultAgrees},
            {"reference_intensity", textOrNull(core::intensityText(m.reference.intensity))},
            {"learner_intensity", textOrNull(core::intensityText(l.intensity))},
            {"intensity_agrees", optionalJson(sc.intensityAgrees)},
            {"reference_distribution", textOrNull(core::distributionName(m.reference.distribution))},
            {"learner_distribution", textOrNull(core::distributionName(l.distribution))},
            {"distribution_agrees", optionalJson(sc.distributionAgrees)},
            {"reference_compartments", textOrNull(core::compartmentsText(m.reference.compartments))},
            {"learner_compartments", textOrNull(core::compartmentsText(l.compartments))},
            {"compartments_agree", optionalJson(sc.compartmentsAgree)},
            {"reference_extent_percent", optionalJson(m.reference.extentPercent)},
            {"learner_extent_percent", optionalJson(l.extentPercent)},
            {"extent_difference", optionalJson(sc.extentDifference)},
            {"extent_agrees", optionalJson(sc.extentAgrees)}};
}

json matchJson(const core::MatchResult& m) {
    return {{"tp", m.tp}, {"fp", m.fp}, {"fn", m.fn}, {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}};
}

// Slide scales, read once per slide file for all the learners scored.
using ScaleCache = std::map<core::CaseSlideId, SlideScale>;

core::Result<SlideScale> cachedScale(ScaleCache& cache, const NamedSlide& s) {
    if (auto it = cache.find(s.slide.id); it != cache.end()) return it->second;
    auto scale = slideScale(s);
    if (scale) cache[s.slide.id] = *scale;
    return scale;
}

// The totals of a tally, as `score --json` and `results` print them.
void putTally(json& j, const core::QuizTally& t) {
    j.update(matchJson(t.pooledFigures()));
    j["mitotic_scores_asked"] = t.mitoticScoresAsked;
    j["mitotic_scores_agreed"] = t.mitoticScoresAgreed;
    j["marker_results_asked"] = t.markersAsked;
    j["marker_results_agreed"] = t.markersAgreed;
    j["regions_asked"] = t.regionsAsked;
    j["regions_found"] = t.regionsFound;
    j["region_clicks"] = t.clicks;
    j["region_clicks_inside"] = t.clicksInside;
}

// A learner's answers scored: the object `teaching score --json` prints.
core::Result<json> scoreAnswers(const std::vector<CaseAnswer>& answers, const std::string& learner, ScaleCache& scales) {
    json cases = json::array();
    core::QuizTally total;
    for (const CaseAnswer& c : answers) {
        core::QuizTally tally;
        json slides = json::array();
        for (const SlideAnswer& s : c.slides) {
            auto scale = cachedScale(scales, s.target);
            if (!scale) return core::Error{scale.error()};
            core::QuizSlideInput in{s.reference, s.learner, scale->x, scale->y, s.count};
            in.slide = {0, 0, double(s.target.slide.width), double(s.target.slide.height)};
            auto score = core::scoreQuizSlide(in);
            if (!score) return core::Error{"Cannot score " + s.target.describe() + ": " + score.error()};
            tally.add(*score);
            json j = matchJson(score->match);
            j["slide"] = s.target.slide.id;
            j["stain"] = s.target.slide.stain;
            j["reference_marks"] = score->referenceMarks;
            j["learner_marks"] = score->learnerMarks;
            j["in_count_area"] = score->inCountArea;
            j["mpp"] = scale->x == scale->y ? scale->x : (scale->x + scale->y) / 2;
            if (score->referenceCount && score->learnerCount) {
                const auto &rc = score->referenceCount->result, &lc = score->learnerCount->result;
                j["area_mm2"] = rc.examinedMm2;
                j["preset"] = s.count->presetId;
                j["reference_count"] = rc.count, j["learner_count"] = lc.count;
                j["reference_per_10_hpf"] = rc.per10Hpf, j["learner_per_10_hpf"] = lc.per10Hpf;
                j["reference_mitotic_score"] = rc.mitoticScore, j["learner_mitotic_score"] = lc.mitoticScore;
                j["mitotic_score_agrees"] = *score->mitoticScoreAgrees;
            }
            slides.push_back(std::move(j));
        }
        json markers = json::array();
        for (const MarkerAnswer& m : c.markers) {
            const core::MarkerAnswerScore sc = core::scoreMarkerAnswer(m.reference, m.learner);
            tally.add(sc);
            markers.push_back(markerJson(m, sc));
        }
        json regions = json::array();
        for (const RegionAnswer& ra : c.regions) {
            const auto scored = core::scoreRegionQuestions(ra.reference, ra.learner);
            tally.add(scored);
            for (const core::RegionClassScore& rs : scored)
                regions.push_back({{"slide", ra.target.slide.id},
                                   {"stain", ra.target.slide.stain},
                                   {"class", rs.className},
                                   {"regions", rs.regions.size()},
                                   {"regions_found", rs.regionsFound()},
                                   {"clicks", rs.clicks.size()},
                                   {"clicks_inside", rs.clicksInside()}});
        }
        json cj;
        putTally(cj, tally);
        cj["case_id"] = c.kase.id;
        cj["case"] = c.kase.accession;
        cj["question"] = c.teaching.question;
        cj["reference"] = c.teaching.referenceReader;
        cj["submitted"] = c.submission.has_value();
        cj["submitted_unix"] = c.submission ? json(c.submission->submittedUnix) : json(nullptr);
        cj["slides"] = std::move(slides);
        cj["markers"] = std::move(markers);
        cj["regions"] = std::move(regions);
        cases.push_back(std::move(cj));
        total.add(tally);
    }
    json j;
    putTally(j, total);
    j["learner"] = learner;
    j["radius_um"] = core::kMitosisMatchRadiusUm;
    j["cases"] = std::move(cases);
    return j;
}

// The teaching cases a command is about: the one named, else all of them.
core::Result<std::vector<core::TeachingCase>> chosenCases(Repositories& r, const std::string& caseRef) {
    if (auto s = refusePack(r, true); !s) return core::Error{s.error()};
    if (!caseRef.empty()) {
        auto t = teachingCase(r, caseRef);
        if (!t) return core::Error{t.error()};
        return std::vector<core::TeachingCase>{t->second};
    }
    auto all = r.teaching.list();
    if (!all) return core::Error{all.error()};
    if (all->empty()) return core::Error{"This project has no teaching cases (make one with `histomark teaching set`)"};
    return std::move(*all);
}

int runScore(const TeachingArgs& a) {
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto answers = (*project)->call<std::vector<CaseAnswer>>([&](Repositories& r) -> core::Result<std::vector<CaseAnswer>> {
        auto cases = chosenCases(r, a.caseRef);
        if (!cases) return core::Error{cases.error()};
        std::vector<CaseAnswer> out;
        for (const auto& t : *cases) {
            if (t.referenceReader == a.learner)
                return core::Error{a.learner + " is the reference reader of case " + std::to_string(t.caseId) + ": score another reader"};
            auto ans = loadAnswer(r, t, a.learner);
            if (!ans) return core::Error{ans.error()};
            out.push_back(std::move(*ans));
        }
        return out;
    });
    if (!answers) return fail(answers.error());
    ScaleCache scales;
    auto scored = scoreAnswers(*answers, a.learner, scales);
    if (!scored) return fail(scored.error());
    const json& j = *scored;
    if (a.json) {
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    std::cout << "Learner " << a.learner << ", mitotic figures matched one to one within " << num(core::kMitosisMatchRadiusUm)
              << " \xC2\xB5m of the reference\n";
    for (const json& c : j["cases"]) {
        std::cout << "Case " << c["case"].get<std::string>() << " (reference " << c["reference"].get<std::string>() << ", "
                  << (c["submitted"].get<bool>() ? "submitted" : "not submitted yet") << ")\n";
        if (c["slides"].empty() && c["markers"].empty() && c["regions"].empty()) std::cout << "  no reference answer on this case yet\n";
        for (const json& s : c["slides"]) {
            std::cout << "  slide " << s["slide"].get<int64_t>() << " (" << s["stain"].get<std::string>() << "): found "
                      << s["tp"].get<int>() << " of " << s["reference_marks"].get<int>() << ", " << s["fp"].get<int>()
                      << " not in the reference" << (s["in_count_area"].get<bool>() ? " (in the reference's count area)" : "")
                      << "; F1 " << num(s["f1"].get<double>()) << "\n";
            if (s.contains("reference_count"))
                std::cout << "    count " << s["learner_count"].get<int>() << " against " << s["reference_count"].get<int>()
                          << "; mitotic score " << s["learner_mitotic_score"].get<int>() << " against "
                          << s["reference_mitotic_score"].get<int>() << (s["mitotic_score_agrees"].get<bool>() ? " (agrees)" : " (differs)")
                          << "\n";
        }
        for (const json& m : c["markers"]) {
            std::cout << "  slide " << m["slide"].get<int64_t>() << " (" << m["marker"].get<std::string>() << "): "
                      << (m["answered"].get<bool>() ? m["learner_result"].get<std::string>() : std::string("not answered")) << " against "
                      << m["reference_result"].get<std::string>() << (m["result_agrees"].get<bool>() ? " (agrees)" : " (differs)");
            for (const char* part : {"intensity", "distribution"})
                if (!m[std::string(part) + "_agrees"].is_null())
                    std::cout << "; " << part << (m[std::string(part) + "_agrees"].get<bool>() ? " agrees" : " differs");
            if (!m["compartments_agree"].is_null()) std::cout << "; compartment" << (m["compartments_agree"].get<bool>() ? " agrees" : " differs");
            if (!m["extent_difference"].is_null())
                std::cout << "; extent " << (m["extent_difference"].get<double>() >= 0 ? "+" : "") << num(m["extent_difference"].get<double>())
                          << " points";
            std::cout << "\n";
        }
        for (const json& g : c["regions"])
            std::cout << "  slide " << g["slide"].get<int64_t>() << " (" << g["stain"].get<std::string>() << "), click in "
                      << g["class"].get<std::string>() << ": " << g["regions_found"].get<int>() << " of " << g["regions"].get<int>()
                      << " regions found; " << g["clicks_inside"].get<int>() << " of " << g["clicks"].get<int>() << " clicks inside\n";
    }
    std::cout << "Pooled: TP " << j["tp"].get<int>() << "  FP " << j["fp"].get<int>() << "  FN " << j["fn"].get<int>()
              << "  precision " << num(j["precision"].get<double>()) << "  recall " << num(j["recall"].get<double>()) << "  F1 "
              << num(j["f1"].get<double>());
    if (j["mitotic_scores_asked"].get<int>())
        std::cout << "; mitotic score right on " << j["mitotic_scores_agreed"].get<int>() << " of " << j["mitotic_scores_asked"].get<int>();
    if (j["marker_results_asked"].get<int>())
        std::cout << "; IHC result right on " << j["marker_results_agreed"].get<int>() << " of " << j["marker_results_asked"].get<int>();
    if (j["regions_asked"].get<int>())
        std::cout << "; regions found " << j["regions_found"].get<int>() << " of " << j["regions_asked"].get<int>();
    std::cout << std::endl;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// results: the educator's table, one row per learner and question

struct ClassAnswers {
    std::vector<std::string> learners;  // sorted
    std::map<std::string, std::vector<CaseAnswer>> byLearner;
};

int runResults(const TeachingArgs& a) {
    auto project = storage::Project::openForReading(a.project);
    if (!project) return fail(project.error());
    auto loaded = (*project)->call<ClassAnswers>([&](Repositories& r) -> core::Result<ClassAnswers> {
        auto cases = chosenCases(r, a.caseRef);
        if (!cases) return core::Error{cases.error()};
        // The learners: whoever marked a teaching slide or handed an answer in, but the reference readers.
        std::set<std::string> learners, references;
        for (const auto& t : *cases) {
            references.insert(t.referenceReader);
            auto slides = r.slides.listForCase(t.caseId);
            if (!slides) return core::Error{slides.error()};
            for (const auto& s : *slides) {
                auto readers = r.annotations.readers(s.id);
                if (!readers) return core::Error{readers.error()};
                learners.insert(readers->begin(), readers->end());
            }
            auto subs = r.teaching.submissions(t.caseId);
            if (!subs) return core::Error{subs.error()};
            for (const auto& q : *subs) learners.insert(q.learner);
            auto readers = r.markers.answerLearners(t.caseId);
            if (!readers) return core::Error{readers.error()};
            learners.insert(readers->begin(), readers->end());
        }
        ClassAnswers out;
        for (const auto& l : learners) {
            if (references.count(l)) continue;
            out.learners.push_back(l);
            for (const auto& t : *cases) {
                auto ans = loadAnswer(r, t, l);
                if (!ans) return core::Error{ans.error()};
                out.byLearner[l].push_back(std::move(*ans));
            }
        }
        return out;
    });
    if (!loaded) return fail(loaded.error());
    ScaleCache scales;
    json rows = json::array();
    for (const auto& l : loaded->learners) {
        auto scored = scoreAnswers(loaded->byLearner[l], l, scales);
        if (!scored) return fail(scored.error());
        for (const json& c : (*scored)["cases"]) {
            json row = {{"learner", l},        {"case", c["case"]}, {"submitted", c["submitted"]}, {"tp", c["tp"]},
                        {"fp", c["fp"]},        {"fn", c["fn"]},     {"f1", c["f1"]},               {"learner_count", nullptr},
                        {"reference_count", nullptr}, {"mitotic_score_agrees", nullptr},
                        {"markers_asked", c["marker_results_asked"]}, {"markers_agreed", c["marker_results_agreed"]},
                        {"regions_asked", c["regions_asked"]}, {"regions_found", c["regions_found"]},
                        {"region_clicks", c["region_clicks"]}, {"region_clicks_inside", c["region_clicks_inside"]}};
            int mine = 0, ref = 0;
            bool counted = false, agrees = true;
            for (const json& s : c["slides"])
                if (s.contains("reference_count"))
                    counted = true, mine += s["learner_count"].get<int>(), ref += s["reference_count"].get<int>(),
                    agrees = agrees && s["mitotic_score_agrees"].get<bool>();
            if (counted) row["learner_count"] = mine, row["reference_count"] = ref, row["mitotic_score_agrees"] = agrees;
            rows.push_back(std::move(row));
        }
    }
    if (a.json) {
        std::cout << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
        return 0;
    }
    if (rows.empty()) {
        std::cout << "No learner has marked a teaching case yet" << std::endl;
        return 0;
    }
    const auto cell = [](const json& v) -> std::string {
        if (v.is_null()) return "";
        if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
        if (v.is_number_float()) return num(v.get<double>());
        if (v.is_string()) return v.get<std::string>();
        return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    // CSV (with --csv) or the same columns aligned for reading.
    const std::vector<std::string> cols = {"learner", "case", "submitted", "tp", "fp", "fn", "f1", "learner_count", "reference_count",
                                           "mitotic_score_agrees", "markers_asked", "markers_agreed", "regions_asked",
                                           "regions_found", "region_clicks", "region_clicks_inside"};
    for (size_t i = 0; i < cols.size(); ++i) std::cout << (i ? (a.csv ? "," : "\t") : "") << cols[i];
    std::cout << "\n";
    for (const json& row : rows) {
        for (size_t i = 0; i < cols.size(); ++i) {
            std::string v = cell(row[cols[i]]);
            if (a.csv && v.find_first_of(",\"\n") != std::string::npos) {
                std::string q = "\"";
                for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                v = q + "\"";
            }
            std::cout << (i ? (a.csv ? "," : "\t") : "") << v;
        }
        std::cout << "\n";
    }
    std::cout << std::flush;
    return 0;
}

}  // namespace

void addTeachingCommands(CLI::App& cli, std::function<int()>& action) {
    auto* teaching = cli.add_subcommand("teaching", "Teaching cases: the educator's marks as the answer, a learner's marks scored against them");
    teaching->require_subcommand(1);
    const auto common = [](CLI::App* sub, const std::shared_ptr<TeachingArgs>& a, bool needsCase) {
        sub->add_option("project", a->project, "Project file (.hmproj)")->required();
        auto* c = sub->add_option("--case", a->caseRef, "Case id or accession");
        if (needsCase) c->required();
    };
    auto a = std::make_shared<TeachingArgs>();

    auto* set = teaching->add_subcommand("set", "Make a case a teaching case: whose marks are the answer, and the question");
    common(set, a, true);
    set->add_option("--reference", a->reader, "The educator's reader name (the reference answer)")->transform(utf8Text())->required();
    set->add_option("--question", a->question, "What the learner is asked (shown in quiz mode)")->transform(utf8Text());
    set->callback([&action, a] { action = [a] { return runSet(*a); }; });

    auto* unset = teaching->add_subcommand("unset", "Make a teaching case an ordinary case again");
    common(unset, a, true);
    unset->callback([&action, a] { action = [a] { return runUnset(*a); }; });

    auto* list = teaching->add_subcommand("list", "The teaching cases of a project, with their submissions");
    common(list, a, false);
    list->add_flag("--json", a->json, "A JSON array");
    list->callback([&action, a] { action = [a] { return runList(*a); }; });

    auto* submit = teaching->add_subcommand("submit", "Hand a learner's answer in (as the window's Submit does)");
    common(submit, a, true);
    submit->add_option("--learner", a->learner, "The learner's reader name")->transform(utf8Text())->required();
    submit->callback([&action, a] { action = [a] { return runSubmit(*a, false); }; });

    auto* reopen = teaching->add_subcommand("reopen", "Let a learner answer a teaching case again");
    common(reopen, a, true);
    reopen->add_option("--learner", a->learner, "The learner's reader name")->transform(utf8Text())->required();
    reopen->callback([&action, a] { action = [a] { return runSubmit(*a, true); }; });

    auto* score = teaching->add_subcommand("score", "A learner's marks against the reference: per slide, per case and pooled");
    common(score, a, false);
    score->add_option("--learner", a->learner, "The learner's reader name")->transform(utf8Text())->required();
    score->add_flag("--json", a->json, "One JSON object");
    score->callback([&action, a] { action = [a] { return runScore(*a); }; });

    addTeachingPackCommands(*teaching, action);  // pack, collect (teaching_pack_command.cpp)

    auto* results = teaching->add_subcommand("results", "Every learner's score per question: the educator's table");
    common(results, a, false);
    auto* rj = results->add_flag("--json", a->json, "A JSON array, one object per learner and question");
    results->add_flag("--csv", a->csv, "Comma-separated values")->excludes(rj);
    results->callback([&action, a] { action = [a] { return runResults(*a); }; });
}

}  // namespace histomark::app
