// SPDX-License-Identifier: MIT
// Command-script commands and report of the marks tools, through the same paths as the panel, the
// mouse and the keys (ui::MarkEditor, ui::MarksUi).
#include "app/script_marks.h"

#include <algorithm>

#include "app/app.h"
#include "core/mpp.h"
#include "core/ihc_profiles.h"
#include "core/quiz_score.h"
#include "ui/marker_records.h"
#include "ui/quiz_results.h"
#include "ui/marks_edit.h"

namespace histomark::app {
namespace {

double num(const std::string& s) { return core::parseNumber(s).value_or(0); }

std::string spaced(std::string s) {
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

core::Status failure(const std::string& m) { return core::Status::failure(m); }

}  // namespace

const std::map<std::string, std::pair<int, int>>& marksCommandArity() {
    static const std::map<std::string, std::pair<int, int>> arity = {
        {"reader", {1, 1}},     {"tool", {1, 1}},      {"mark-class", {1, 1}}, {"blind", {1, 1}},
        {"consensus", {1, 1}},  {"drag-slide", {5, 5}}, {"hpf", {2, 2}},       {"count-grid", {3, 5}},
        {"field", {3, 3}},      {"fnclcc", {3, 3}},    {"undo", {1, 1}},       {"redo", {1, 1}},
        {"import", {2, 3}},     {"export", {2, 3}},    {"screening", {2, 2}}, {"hpf-reticle", {1, 1}},
        {"record", {2, 5}},     {"summary", {1, 1}},   {"undo-record", {0, 0}}, {"redo-record", {0, 0}},
        {"candidates", {2, 2}}, {"review", {2, 3}},    {"min-score", {1, 1}},
        {"quantify", {1, 2}},   {"dab-settings", {2, 3}},   {"copy-quant", {1, 1}}, {"stain-view", {2, 5}},
        {"hotspot", {1, 2}},    {"count-hotspot", {2, 2}}, {"quiz-submit", {0, 0}}, {"question", {1, 1}},
        {"teaching", {1, 3}},   {"teaching-results", {1, 1}}, {"export-menu", {0, 0}},
        {"teaching-pack", {1, 4}}, {"teaching-collect", {1, 1}}, {"settle", {3, 3}}, {"vote", {3, 9}},
        {"export-vote", {2, 2}},
    };
    return arity;
}

bool marksCommandTakesText(const std::string& name) {
    static const std::set<std::string> text = {"teaching", "reader", "tool",  "mark-class", "blind", "consensus", "hpf", "hpf-reticle",
                                               "record", "summary", "candidates", "review", "stain-view", "quantify", "dab-settings",
                                               "field",  "import", "export",     "screening", "hotspot", "teaching-results", "settle", "vote",
                                               "teaching-pack", "teaching-collect", "export-vote"};
    return text.count(name) > 0;
}

std::optional<MarksCommandOutcome> runMarksCommand(App& app, const ScriptCommand& c) {
    if (!marksCommandArity().count(c.name)) return std::nullopt;
    MarksCommandOutcome out;
    ui::Workspace& ws = app.workspace();
    if (!ws.caseSession) return MarksCommandOutcome{failure("no case is open")};
    ui::CaseSession& s = *ws.caseSession;
    ui::AnnotationSession& a = s.annotations;
    ui::MarksUi& marksUi = app.ui().caseWindow().marks();
    ui::MarkEditor editor(a, app.cases());
    const auto& args = c.args;

    if (c.name == "reader") {
        a.reader = spaced(args[0]);
    } else if (c.name == "tool") {
        auto t = ui::parseTool(args[0]);
        if (!t) return MarksCommandOutcome{failure("unknown tool " + args[0])};
        a.tool = *t;
        a.drawing.reset();
    } else if (c.name == "mark-class") {
        a.className = spaced(args[0]);
    } else if (c.name == "blind") {
        a.blind = args[0] == "on";
    } else if (c.name == "export-menu") {
        marksUi.openExportMenu();
    } else if (c.name == "quiz-submit") {
        if (!a.quiz.on || !a.quiz.teaching) return MarksCommandOutcome{failure("quiz-submit: not a question in quiz mode")};
        app.cases().submitQuiz();
        return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
    } else if (c.name == "teaching") {  // teaching off | teaching READER [QUESTION] (spaces as '_')
        if (args[0] == "off")
            app.cases().setTeaching(std::nullopt);
        else
            app.cases().setTeaching(core::TeachingCase{0, spaced(args[0]), args.size() > 1 ? spaced(args[1]) : "", 0});
        return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
    } else if (c.name == "teaching-results") {  // the educator's results window: on | off | refresh
        if (args[0] == "refresh") {
            app.cases().refreshTeachingResults();
            return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
        }
        a.quiz.showResults = args[0] == "on";
    } else if (c.name == "teaching-pack") {  // teaching-pack PATH [answers|exam [LEARNER|- [copy]]]: Learner copy..., Return...
        if (args.size() > 1 && args[1] != "answers" && args[1] != "exam")
            return MarksCommandOutcome{failure("teaching-pack PATH [answers|exam [LEARNER|- [copy]]]")};
        const std::string learner = args.size() > 2 && args[2] != "-" ? spaced(args[2]) : "";
        app.cases().writeTeachingPack(args[0], args.size() > 1 && args[1] == "answers", learner, args.size() > 3 && args[3] == "copy");
        return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
    } else if (c.name == "teaching-collect") {  // teaching-collect PATH: the results window's Collect a copy
        app.cases().collectTeachingPack(args[0]);
        return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
    } else if (c.name == "question") {
        app.cases().openQuestion(int(num(args[0])));
        return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Idle};
    } else if (c.name == "hpf-reticle") {
        a.hpfAtCentre = args[0] == "on";
    } else if (c.name == "min-score") {
        a.review.minScore = num(args[0]);
        a.review.minScoreChosen = true;
    } else if (c.name == "summary") {
        a.showSummary = args[0] == "on";
    } else if (c.name == "undo-record" || c.name == "redo-record") {
        const bool done = c.name == "undo-record" ? ui::undoMarkerRecord(a.markers, app.cases()) : ui::redoMarkerRecord(a.markers, app.cases());
        if (!done) return MarksCommandOutcome{failure("nothing to " + c.name.substr(0, 4))};
    } else if (c.name == "record") {
        // record N RESULT [INTENSITY [EXTENT [DISTRIBUTION]]]: as the marker panel saves it.
        const auto n = core::parseNumber(args[0]);
        if (!n || *n < 0 || *n >= double(s.viewers.size())) return MarksCommandOutcome{failure("no viewer " + args[0])};
        const ui::CaseViewer& v = s.viewers[size_t(*n)];
        core::MarkerEdit e;
        e.reader = a.reader;
        auto result = core::parseMarkerResult(spaced(args[1]));
        if (!result) return MarksCommandOutcome{failure("unknown result " + args[1])};
        e.result = *result;
        if (args.size() > 2) {
            e.intensity = core::parseIntensity(args[2]);
            if (!e.intensity) return MarksCommandOutcome{failure("intensity is 0, 1+, 2+ or 3+, not " + args[2])};
        }
        if (args.size() > 3) {
            e.extentPercent = core::parseNumber(args[3]);
            if (!e.extentPercent) return MarksCommandOutcome{failure("extent is a number of % (0 to 100), not " + args[3])};
        }
        if (args.size() > 4) {
            e.distribution = core::parseDistribution(args[4]);
            if (!e.distribution) return MarksCommandOutcome{failure("unknown distribution " + args[4])};
        }
        // Merged with the earlier reading as record-marker merges it.
        std::optional<core::MarkerRecord> earlier;
        if (auto it = a.markers.bySlide.find(v.record.id); it != a.markers.bySlide.end()) earlier = it->second;
        core::MarkerRecord r = core::mergeReading(earlier, e).record;
        r.marker = v.record.stain;
        if (auto problem = core::markerRecordProblem(r)) return MarksCommandOutcome{failure(*problem)};
        ui::setMarkerRecord(a.markers, v.record.id, r, app.cases());
    } else if (c.name == "consensus") {
        a.consensus.on = args[0] != "off";
        if (a.consensus.on) a.consensus.otherReader = spaced(args[0]);
    } else {
        // Commands on viewer N.
        const auto n = core::parseNumber(args[0]);
        if (!n || *n < 0 || *n >= double(s.viewers.size())) return MarksCommandOutcome{failure("no viewer " + args[0])};
        ui::CaseViewer& v = s.viewers[size_t(*n)];
        ui::SlideView* view = ws.find(v.slide);
        if (!view || !view->document()->ready() || !view->hasCamera())
            return MarksCommandOutcome{failure("viewer " + args[0] + " is not showing its slide")};
        ui::SlideMarks* m = a.marks(v.record.id);
        if (!m || m->load != ui::SlideMarks::Load::Ready)
            return MarksCommandOutcome{failure("the marks of viewer " + args[0] + " are not loaded (wait-idle first)")};
        const core::SlideInfo& info = view->document()->info();
        const core::CaseSlideId id = v.record.id;
        if (c.name == "drag-slide") {
            const float* r = view->screenRect();
            const auto p0 = view->camera().toScreen({num(args[1]), num(args[2])});
            const auto p1 = view->camera().toScreen({num(args[3]), num(args[4])});
            app.scriptedInput().drag(r[0] + float(p0.x), r[1] + float(p0.y), r[0] + float(p1.x), r[1] + float(p1.y), 8);
            out.wait = MarksCommandOutcome::Wait::Input;
        } else if (c.name == "hpf") {
            core::CountSetup setup = a.countFor(*m);
            if (!core::findHpfPreset(args[1])) return MarksCommandOutcome{failure("unknown preset " + args[1])};
            setup.presetId = args[1];
            editor.setCount(id, setup);
        } else if (c.name == "count-grid") {
            const int cols = args.size() > 3 ? int(num(args[3])) : 5, rows = args.size() > 4 ? int(num(args[4])) : 2;
            if (auto st = marksUi.placeGrid(s, v, info, {num(args[1]), num(args[2])}, cols, rows, app.cases()); !st)
                return MarksCommandOutcome{st};
        } else if (c.name == "field") {
            core::CountSetup setup = a.countFor(*m);
            const int i = int(num(args[1]));
            if (!setup.placed || setup.area.kind != core::CountArea::Kind::Fields || i < 0 ||
                i >= int(setup.area.grid.states.size()))
                return MarksCommandOutcome{failure("no field " + args[1])};
            const core::FieldState st = args[2] == "on"         ? core::FieldState::Counted
                                        : args[2] == "excluded" ? core::FieldState::Excluded
                                                                : core::FieldState::Off;
            setup.area.grid.states[size_t(i)] = st;
            editor.setCount(id, setup);
        } else if (c.name == "fnclcc") {
            core::CountSetup setup = a.countFor(*m);
            const int d = int(num(args[1])), nec = int(num(args[2]));
            if (d < 1 || d > 3 || nec < 0 || nec > 2) return MarksCommandOutcome{failure("differentiation 1-3, necrosis 0-2")};
            setup.differentiation = d, setup.necrosis = nec;
            editor.setCount(id, setup);
        } else if (c.name == "undo" || c.name == "redo") {
            if (!(c.name == "undo" ? editor.undo(id) : editor.redo(id))) return MarksCommandOutcome{failure("nothing to " + c.name)};
        } else if (c.name == "vote") {  // vote VIEWER MINVOTES READER...: Vote as (the current reader), MINVOTES 0 = majority
            a.consensus.voters.clear();
            for (size_t i = 2; i < args.size(); ++i) a.consensus.voters.insert(spaced(args[i]));
            a.consensus.minVotes = int(num(args[1]));
            a.consensus.voteMessage = ui::voteConsensus(a, app.cases(), v, info);
        } else if (c.name == "export-vote") {  // export-vote VIEWER PATH: the last vote's readers, settled by yours
            a.consensus.voteMessage = ui::exportVote(a, app.cases(), v, info, args[1]);
            out.wait = MarksCommandOutcome::Wait::Idle;
        } else if (c.name == "settle") {  // settle VIEWER N figure|look-alike: row N (from 1) of the uncertain marks
            const auto rows = ui::uncertainMarks(*m, a.reader);
            const int row = int(num(args[1]));
            if (row < 1 || row > int(rows.size()))
                return MarksCommandOutcome{failure("settle: no uncertain mark " + args[1] + " (there are " + std::to_string(rows.size()) + ")")};
            if (args[2] != "figure" && args[2] != "look-alike") return MarksCommandOutcome{failure("settle VIEWER N figure|look-alike")};
            m->selection = {rows[size_t(row - 1)].first};
            editor.relabelSelection(id, args[2] == "figure" ? core::kMitoticFigure : core::kLookAlike);
            m->selection.clear();
        } else if (c.name == "import" || c.name == "export") {
            if (c.name == "import")
                app.cases().importMarks(id, args[1], args.size() > 2 ? args[2] : "");
            else
                app.cases().exportMarks(id, args[1], args.size() > 2 ? args[2] : "");
            out.wait = MarksCommandOutcome::Wait::Idle;
        } else if (c.name == "candidates") {
            // candidates N view|slide|fields: the assistant's search, waited for.
            core::Level0Rect roi = view->camera().visibleRect();
            if (args[1] == "slide") roi = {0, 0, double(info.width()), double(info.height())};
            if (args[1] == "fields") {
                const core::CountSetup& setup = a.countFor(*m);
                auto preset = core::presetOf(setup);
                auto size = preset && info.mpp.known() ? core::gridCellSizePx(*preset, *info.mpp.x, *info.mpp.y)
                                                       : core::Result<core::FieldSizePx>(core::Error{"no scale"});
                if (!setup.placed || !size) return MarksCommandOutcome{failure("no field grid on viewer " + args[0])};
                const auto& g = setup.area.grid;
                roi = {g.origin.x, g.origin.y, g.columns * size->width, g.rows * size->height};
            }
            app.cases().findCandidates(id, roi);
            out.wait = MarksCommandOutcome::Wait::Idle;
        } else if (c.name == "hotspot") {  // hotspot N [weighted|count]
            if (args.size() > 1 && args[1] != "weighted" && args[1] != "count")
                return MarksCommandOutcome{failure("hotspot takes weighted or count")};
            a.hotspots.weighted = args.size() > 1 && args[1] == "weighted";
            app.cases().findHotspot(id);
            out.wait = MarksCommandOutcome::Wait::Idle;
        } else if (c.name == "count-hotspot") {
            if (auto st = marksUi.placeOnHotspot(s, v, *view, int(num(args[1])), app.cases()); !st) return MarksCommandOutcome{st};
        } else if (c.name == "quantify") {
            // quantify N [tumour]: in every tumour region; else the selected area mark when there
            // is one, else the view.
            const core::Annotation* area = nullptr;
            if (!m->selection.empty())
                if (const core::Annotation* x = m->layer.find(m->selection.front()); x && x->kind != core::ShapeKind::Point) area = x;
            if (args.size() > 1 && args[1] != "tumour") return MarksCommandOutcome{failure("quantify N [tumour], not " + args[1])};
            if (args.size() > 1)
                app.cases().quantifyDab(id, {}, ui::tumourRegions(*m));
            else if (area)
                app.cases().quantifyDab(id, area->bounds(), {*area});
            else
                app.cases().quantifyDab(id, view->camera().visibleRect());
            out.wait = MarksCommandOutcome::Wait::Idle;
        } else if (c.name == "dab-settings") {  // dab-settings N auto|nucleus|cytoplasm|cell [standard|estimated]
            const std::vector<std::string> names = {"auto", "nucleus", "cytoplasm", "cell"};
            auto it = std::find(names.begin(), names.end(), args[1]);
            if (it == names.end()) return MarksCommandOutcome{failure("unknown compartment " + args[1])};
            if (args.size() > 2 && args[2] != "standard" && args[2] != "estimated")
                return MarksCommandOutcome{failure("stains are standard or estimated, not " + args[2])};
            auto& ds = a.dabSettings[id];
            ds.compartment = ui::AnnotationSession::DabSettings::Compartment(it - names.begin());
            ds.estimateStains = args.size() > 2 && args[2] == "estimated";
        } else if (c.name == "stain-view") {
            // stain-view N colour|hematoxylin|dab|classes [T1 T2 T3]
            const std::vector<std::string> modes = {"colour", "hematoxylin", "dab", "classes"};
            auto it = std::find(modes.begin(), modes.end(), args[1]);
            if (it == modes.end()) return MarksCommandOutcome{failure("unknown stain view " + args[1])};
            auto& sv = a.stainViews[id];
            sv.mode = int(it - modes.begin());
            for (size_t i = 2; i < args.size(); ++i) sv.thresholds[i - 2] = float(num(args[i]));
        } else if (c.name == "copy-quant") {
            if (!a.dab.done || a.dab.slide != id) return MarksCommandOutcome{failure("no quantification of viewer " + args[0])};
            marksUi.copyQuantification(s, v, app.cases());
        } else if (c.name == "review") {
            if (args[1] == "start") {
                marksUi.showCandidate(s, *view, a.review.nextPending(-1, info.mpp.mean()));
            } else if (args[1] == "click-row") {  // a real click on the list's K-th visible row (0 = top)
                const size_t k = args.size() > 2 ? size_t(std::max(0.0, num(args[2]))) : 0;
                if (k >= a.review.rowRects.size()) return MarksCommandOutcome{failure("the queue list shows no row " + std::to_string(k))};
                const auto& rr = a.review.rowRects[k];
                app.scriptedInput().click((rr[0] + rr[2]) / 2, (rr[1] + rr[3]) / 2);
                return MarksCommandOutcome{{}, MarksCommandOutcome::Wait::Input};
            } else if (args[1] == "queue") {  // the list open, in the order given (score | position)
                if (args.size() > 2 && args[2] != "score" && args[2] != "position")
                    return MarksCommandOutcome{failure("review queue takes score or position")};
                a.review.byPosition = args.size() > 2 && args[2] == "position";
                marksUi.openReviewQueue();
            } else {
                const auto decision = args[1] == "accept"      ? ui::CandidateReview::Status::Accepted
                                      : args[1] == "lookalike" ? ui::CandidateReview::Status::LookAlike
                                                               : ui::CandidateReview::Status::Skipped;
                if (a.review.current < 0) return MarksCommandOutcome{failure("no candidate under review")};
                marksUi.review(s, v, *view, decision, app.cases());
            }
        } else if (c.name == "screening") {
            if (args[1] == "start")
                marksUi.startScreening(s, v, *view, info);
            else if (args[1] == "next" || args[1] == "prev")
                marksUi.stepScreening(s, *view, args[1] == "next" ? 1 : -1);
            else
                a.screening = {};
        }
    }
    return out;
}

nlohmann::json reviewReport(const ui::CandidateReview& r, double mpp) {
    nlohmann::json order = nlohmann::json::array();  // the queue's first candidates, as the list numbers them
    for (int i : r.order(mpp))
        if (order.size() < 8) order.push_back(i + 1);
    int accepted = 0, lookAlike = 0, skipped = 0;
    for (const auto& c : r.candidates) {
        accepted += c.status == ui::CandidateReview::Status::Accepted;
        lookAlike += c.status == ui::CandidateReview::Status::LookAlike;
        skipped += c.status == ui::CandidateReview::Status::Skipped;
    }
    return {{"slide", r.slide}, {"total", r.candidates.size()}, {"pending", r.pending()}, {"accepted", accepted},
            {"look_alike", lookAlike}, {"skipped", skipped}, {"current", r.current}, {"min_score", r.minScore},
            {"searching", r.job != nullptr}, {"message", r.message}, {"by_position", r.byPosition},
            {"thumbnails", std::count_if(r.thumbs.begin(), r.thumbs.end(), [](const auto& t) { return t.second.valid(); })},
            {"first_thumbnail", {r.firstThumbRect[0], r.firstThumbRect[1], r.firstThumbRect[2], r.firstThumbRect[3]}},
            {"order", order}};
}

nlohmann::json hotspotReport(const ui::HotspotSearch& h) {
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& w : h.windows)
        windows.push_back({{"x", w.box.x}, {"y", w.box.y}, {"width", w.box.width}, {"height", w.box.height},
                           {"count", w.count}, {"weighted", w.weighted}, {"per_10_hpf", w.per10Hpf}, {"tissue_mm2", w.tissueMm2}});
    return {{"slide", h.slide}, {"preset", h.presetId}, {"weighted", h.weighted}, {"windows", windows}, {"message", h.message},
            {"caveat", h.caveat}};
}

nlohmann::json dabReport(const ui::DabQuantification& q) {
    nlohmann::json j = {{"slide", q.slide},       {"done", q.done},       {"cells", q.total},
                        {"positive", q.positive}, {"percent_positive", q.percentPositive},
                        {"h_score", q.hScore},    {"allred", q.allred},   {"compartment", q.compartment},
                        {"positive_pixel_fraction", q.positivePixelFraction}, {"message", q.message},
                        {"regions", q.regions}, {"stains_estimated", q.stainsEstimated}};
    if (q.labellingIndex) j["labelling_index"] = *q.labellingIndex;
    return j;
}

nlohmann::json teachingResultsReport(ui::CaseSession& s, ui::Workspace& ws) {
    using nlohmann::json;
    std::string pending;
    json learners = json::array();
    for (const ui::LearnerResult& r : ui::learnerResults(s, ws, pending)) {
        const core::MatchResult m = r.tally.pooledFigures();
        learners.push_back({{"learner", r.learner},
                            {"submitted", r.submittedUnix.has_value()},
                            {"tp", m.tp}, {"fp", m.fp}, {"fn", m.fn}, {"f1", m.f1},
                            {"learner_count", r.count ? json(*r.count) : json(nullptr)},
                            {"reference_count", r.referenceCount ? json(*r.referenceCount) : json(nullptr)},
                            {"regions_asked", r.tally.regionsAsked}, {"regions_found", r.tally.regionsFound},
                            {"markers_asked", r.tally.markersAsked}, {"markers_agreed", r.tally.markersAgreed}});
    }
    return {{"shown", s.annotations.quiz.showResults}, {"pending", pending}, {"learners", learners},
            {"pack_status", s.annotations.quiz.packStatus}};
}

nlohmann::json markerRecordsReport(const ui::CaseSession& s) {
    using nlohmann::json;
    json records = json::array();
    std::vector<core::MarkerRecord> panel;
    for (const auto& [slide, r] : s.annotations.markers.bySlide) {
        records.push_back({{"slide", slide}, {"marker", r.marker}, {"result", core::markerResultName(r.result)},
                           {"summary", core::markerSummary(r)}, {"reader", r.reader},
                           {"h_score", r.hScore ? json(*r.hScore) : json(nullptr)}, {"cautions", core::markerRecordCautions(r)}});
        panel.push_back(r);
    }
    json consistent = json::array();
    for (const auto& p : core::matchProfiles(panel))
        if (p.consistent()) consistent.push_back(p.entity);
    json out = {{"records", records}, {"consistent_profiles", consistent}, {"summary_open", s.annotations.showSummary},
                {"can_undo", !s.annotations.markers.undo.empty()}, {"locked", s.annotations.markers.locked}};
    // Quiz mode, once submitted: each IHC slide's answer and how the learner's reading compares.
    if (s.annotations.quiz.on) {
        json answers = json::array();
        for (const auto& [slide, ref] : s.annotations.quiz.referenceRecords) {
            std::optional<core::MarkerRecord> mine;
            if (auto it = s.annotations.markers.bySlide.find(slide); it != s.annotations.markers.bySlide.end()) mine = it->second;
            const core::MarkerAnswerScore sc = core::scoreMarkerAnswer(ref, mine);
            const auto opt = [](const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); };
            answers.push_back({{"slide", slide}, {"reference", core::markerSummary(ref)}, {"answered", sc.answered},
                               {"result_agrees", sc.resultAgrees}, {"intensity_agrees", opt(sc.intensityAgrees)},
                               {"extent_agrees", opt(sc.extentAgrees)}});
        }
        out["quiz_answers"] = answers;
    }
    return out;
}

nlohmann::json marksReport(App& app, ui::CaseSession& s, size_t index) {
    using nlohmann::json;
    ui::CaseViewer& v = s.viewers[index];
    ui::AnnotationSession& a = s.annotations;
    ui::SlideMarks* m = a.marks(v.record.id);
    if (!m || m->load != ui::SlideMarks::Load::Ready) {
        json j = {{"loaded", false}};
        if (m && m->load == ui::SlideMarks::Load::Failed) j["error"] = m->loadError;
        return j;
    }
    json byClass = json::object(), byReader = json::object();
    m->layer.forEach([&](core::MarkKey, const core::Annotation& x) {
        byClass[x.className] = byClass.value(x.className, 0) + 1;
        byReader[x.reader] = byReader.value(x.reader, 0) + 1;
    });
    json j = {{"loaded", true},
              {"total", m->layer.size()},
              {"by_class", byClass},
              {"by_reader", byReader},
              {"uncertain", ui::uncertainMarks(*m, a.reader).size()},
              {"selected", m->selection.size()},
              {"can_undo", m->history.canUndo()},
              {"can_redo", m->history.canRedo()},
              {"unreadable", m->unreadable}};
    ui::SlideView* view = app.workspace().find(v.slide);
    if (!view || !view->document()->ready()) return j;
    if (a.quiz.on && a.quiz.teaching) {
        app.ui().caseWindow().marks().updateQuizScore(s, v, view->document()->info());
        const ui::QuizState::Scored& sc = a.quiz.scores[v.record.id];
        json q = {{"learner_marks", sc.learner.size()}, {"error", sc.error}};
        // What the learner could see: the score only once submitted.
        q["answer_in_project"] = !a.quiz.answerElsewhere();
        if (sc.score && a.quiz.showsScore()) {
            const core::MatchResult& mr = sc.score->match;
            q.update({{"tp", mr.tp}, {"fp", mr.fp}, {"fn", mr.fn}, {"f1", mr.f1}, {"in_count_area", sc.score->inCountArea}});
            if (sc.score->referenceCount)
                q.update({{"reference_count", sc.score->referenceCount->result.count},
                          {"learner_count", sc.score->learnerCount->result.count},
                          {"mitotic_score_agrees", *sc.score->mitoticScoreAgrees}});
        }
        json regions = json::array();
        for (const core::RegionClassScore& r : sc.regions) {
            json g = {{"class", r.className}, {"clicks", r.clicks.size()}};
            if (a.quiz.showsScore()) g.update({{"regions", r.regions.size()}, {"regions_found", r.regionsFound()}, {"clicks_inside", r.clicksInside()}});
            regions.push_back(std::move(g));
        }
        q["regions"] = std::move(regions);
        j["quiz"] = q;
    }
    const auto& report = app.ui().caseWindow().marks().count(s, v, view->document()->info());
    if (!report) {
        j["count_error"] = report.error();
        return j;
    }
    const core::CountResult& r = report->result;
    j["count"] = {{"preset", report->preset.id},
                  {"preset_label", report->preset.label},
                  {"figure_label", report->preset.figureLabel},
                  {"count", r.count},
                  {"area_mm2", r.examinedMm2},
                  {"fields", r.fieldsCounted},
                  {"per_10_hpf", r.per10Hpf},
                  {"per_mm2", r.perMm2},
                  {"fnclcc_per_10_hpf", r.fnclccPer10Hpf},
                  {"mitotic_score", r.mitoticScore},
                  {"field_tally", r.fieldTally},
                  {"fields_off_slide", r.fieldsOffSlide},
                  {"fields_partly_off_slide", r.fieldsPartlyOff},
                  {"note", r.note}};
    if (report->grade) j["count"]["grade"] = {{"total", report->grade->total}, {"grade", report->grade->grade}};
    return j;
}

}  // namespace histomark::app
