// SPDX-License-Identifier: MIT
#include "app/script_runner.h"

#include "app/script_marks.h"

#include <GLFW/glfw3.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/app.h"
#include "app/image_io.h"
#include "core/mpp.h"

namespace histomark::app {
namespace {

// name -> allowed argument counts [min, max]
const std::map<std::string, std::pair<int, int>> kArity = {
    {"open", {1, 1}},       {"close-tab", {0, 0}},   {"select-tab", {1, 1}},  {"wait-idle", {0, 1}},
    {"wait-frames", {1, 1}}, {"wait-file", {1, 2}}, {"fit", {0, 0}},        {"zoom", {1, 1}},        {"zoom-by", {1, 1}},
    {"center", {2, 2}},     {"pan", {2, 2}},         {"drag-view", {2, 2}},   {"wheel-view", {1, 3}},
    {"double-click-view", {0, 2}}, {"drag", {4, 4}}, {"click", {2, 2}},       {"key", {1, 1}},
    {"sidebar", {1, 1}},    {"properties", {1, 1}},  {"set-mpp", {1, 1}},     {"reset-mpp", {0, 0}},
    {"screenshot", {1, 1}}, {"report", {1, 1}},     {"type", {1, 1}},        {"drop", {1, 16}},
    {"open-project", {1, 1}}, {"open-case", {1, 1}}, {"select-viewer", {1, 1}}, {"link", {2, 2}},
    {"crosshair", {1, 1}},  {"align", {1, 1}},       {"show-cases", {0, 0}},
    {"check-alignment", {2, 3}}, {"pairs", {1, 1}},  {"click-slide", {3, 3}}, {"apply-pairs", {0, 0}},
    {"relink", {2, 2}},     {"new-case", {1, 1}},    {"mitosis-model", {1, 1}}, {"quiz", {1, 1}},
};

const std::map<std::string, int> kKeys = {
    {"HOME", GLFW_KEY_HOME}, {"PLUS", GLFW_KEY_EQUAL}, {"MINUS", GLFW_KEY_MINUS}, {"LEFT", GLFW_KEY_LEFT},
    {"RIGHT", GLFW_KEY_RIGHT}, {"UP", GLFW_KEY_UP}, {"DOWN", GLFW_KEY_DOWN}, {"ESCAPE", GLFW_KEY_ESCAPE},
    {"F1", GLFW_KEY_F1}, {"ENTER", GLFW_KEY_ENTER}, {"O", GLFW_KEY_O}, {"W", GLFW_KEY_W}, {"1", GLFW_KEY_1}, {"2", GLFW_KEY_2}, {"3", GLFW_KEY_3}, {"4", GLFW_KEY_4},
    {"5", GLFW_KEY_5}, {"6", GLFW_KEY_6}, {"7", GLFW_KEY_7}, {"8", GLFW_KEY_8}, {"9", GLFW_KEY_9},
    {"Z", GLFW_KEY_Z}, {"Y", GLFW_KEY_Y}, {"N", GLFW_KEY_N}, {"B", GLFW_KEY_B}, {"P", GLFW_KEY_P}, {"S", GLFW_KEY_S},
    {"C", GLFW_KEY_C}, {"V", GLFW_KEY_V}, {"R", GLFW_KEY_R}, {"E", GLFW_KEY_E}, {"G", GLFW_KEY_G}, {"F", GLFW_KEY_F},
    {"DELETE", GLFW_KEY_DELETE}, {"BACKSPACE", GLFW_KEY_BACKSPACE}, {"A", GLFW_KEY_A}, {"L", GLFW_KEY_L}, {"K", GLFW_KEY_K},
};

double now() { return glfwGetTime(); }
// "CTRL+O" -> "O"
std::string keyName(const std::string& k) { return k.rfind("CTRL+", 0) == 0 ? k.substr(5) : k; }
double num(const std::string& s) { return core::parseNumber(s).value_or(0); }

}  // namespace

core::Result<std::vector<ScriptCommand>> ScriptRunner::parse(const std::string& text) {
    using R = core::Result<std::vector<ScriptCommand>>;
    std::vector<ScriptCommand> out;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream words(line);
        ScriptCommand c;
        c.line = n;
        if (!(words >> c.name)) continue;
        for (std::string w; words >> w;) c.args.push_back(w);
        auto it = kArity.find(c.name);
        if (it == kArity.end()) it = marksCommandArity().find(c.name);
        if (it == marksCommandArity().end()) return R::failure("line " + std::to_string(n) + ": unknown command '" + c.name + "'");
        if (int(c.args.size()) < it->second.first || int(c.args.size()) > it->second.second)
            return R::failure("line " + std::to_string(n) + ": wrong number of arguments for '" + c.name + "'");
        const bool textArg = c.name == "open" || c.name == "screenshot" || c.name == "report" || c.name == "key" ||
                             c.name == "sidebar" || c.name == "properties" || c.name == "zoom" || c.name == "type" ||
                             c.name == "drop" || c.name == "open-project" || c.name == "open-case" ||
                             c.name == "link" || c.name == "crosshair" || c.name == "check-alignment" ||
                             c.name == "relink" || c.name == "new-case" || c.name == "mitosis-model" || c.name == "quiz" || c.name == "wait-file" ||
                             marksCommandTakesText(c.name);
        for (const auto& a : c.args)
            if (!textArg && !core::parseNumber(a))
                return R::failure("line " + std::to_string(n) + ": '" + a + "' is not a number");
        if (c.name == "key" && !kKeys.count(keyName(c.args[0])))
            return R::failure("line " + std::to_string(n) + ": unknown key '" + c.args[0] + "'");
        out.push_back(std::move(c));
    }
    return out;
}

ScriptRunner::ScriptRunner(App& app, std::vector<ScriptCommand> commands) : m_app(app), m_commands(std::move(commands)) {
    m_app.scriptedInput().setActive(true);
}

bool ScriptRunner::fail(const ScriptCommand& c, const std::string& message) {
    m_error = "line " + std::to_string(c.line) + ": " + c.name + ": " + message;
    return false;
}

bool ScriptRunner::step() {
    if (!m_error.empty()) return false;
    while (true) {
        if (m_wait != Wait::None && waiting()) return m_error.empty();
        if (!m_error.empty()) return false;
        m_wait = Wait::None;
        if (m_next >= m_commands.size()) return false;
        if (!start(m_commands[m_next++])) return false;
    }
}

bool ScriptRunner::waiting() {
    switch (m_wait) {
        case Wait::Frames: return m_framesLeft-- > 0;
        case Wait::Input: return !m_app.scriptedInput().empty();
        case Wait::File: {
            std::error_code ec;
            if (std::filesystem::exists(m_waitPath, ec)) return false;
            if (now() > m_deadline) {
                fail(m_commands[m_next - 1], "timed out waiting for " + m_waitPath);
                return false;
            }
            return true;
        }
        case Wait::Idle:
            // Several idle frames in a row: a single one can come before a new request is made.
            m_idleFrames = m_app.idle() ? m_idleFrames + 1 : 0;
            if (m_idleFrames >= 3) return false;
            if (now() > m_deadline) {
                fail(m_commands[m_next - 1], "timed out waiting for the slide to finish loading");
                return false;
            }
            return true;
        case Wait::None: break;
    }
    return false;
}

bool ScriptRunner::start(const ScriptCommand& c) {
    const auto& a = c.args;
    ui::Workspace& ws = m_app.workspace();
    ui::SlideView* view = ws.activeView();
    auto needView = [&]() {
        if (view && view->document()->ready()) return true;
        return fail(c, view ? "the slide is not open (" + view->document()->error() + ")" : "no slide is open");
    };
    auto viewPoint = [&](double fx, double fy) {
        const float* r = view->screenRect();
        return std::pair<float, float>{float(r[0] + (r[2] - r[0]) * fx), float(r[1] + (r[3] - r[1]) * fy)};
    };
    if (auto marks = runMarksCommand(m_app, c)) {
        if (!marks->status) return fail(c, marks->status.error());
        switch (marks->wait) {
            case MarksCommandOutcome::Wait::Frames: m_wait = Wait::Frames, m_framesLeft = 2; break;
            case MarksCommandOutcome::Wait::Input: m_wait = Wait::Input; break;
            case MarksCommandOutcome::Wait::Idle: m_wait = Wait::Idle, m_idleFrames = 0, m_deadline = now() + 60; break;
        }
        return true;
    }
    if (c.name == "open") {
        m_app.openSlide(a[0]);
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "close-tab") {
        if (!view) return fail(c, "no slide is open");
        m_app.closeSlide(view->document()->id());
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "select-tab") {
        const int i = int(num(a[0]));
        if (i < 0 || i >= int(ws.views.size())) return fail(c, "no tab " + a[0]);
        ws.selectRequest = i;
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "wait-idle") {
        m_wait = Wait::Idle, m_idleFrames = 0;
        m_deadline = now() + (a.empty() ? 60.0 : num(a[0]));
    } else if (c.name == "wait-file") {  // another program's step (tests: a learner answering meanwhile)
        m_wait = Wait::File, m_waitPath = a[0];
        m_deadline = now() + (a.size() > 1 ? num(a[1]) : 60.0);
    } else if (c.name == "wait-frames") {
        m_wait = Wait::Frames, m_framesLeft = int(num(a[0]));
    } else if (c.name == "fit" || c.name == "zoom" || c.name == "zoom-by" || c.name == "center" || c.name == "pan") {
        if (!needView()) return false;
        if (c.name == "fit" || (c.name == "zoom" && a[0] == "fit")) {
            view->fit();
        } else if (c.name == "zoom") {
            std::string m = a[0];
            if (!m.empty() && (m.back() == 'x' || m.back() == 'X')) m.pop_back();
            auto mag = core::parseNumber(m);
            if (!mag || *mag <= 0) return fail(c, "expected a magnification such as 10x");
            view->setMagnification(*mag);
        } else if (c.name == "zoom-by") {
            view->zoomBy(num(a[0]));
        } else if (c.name == "center") {
            view->centerOn({num(a[0]), num(a[1])});
        } else {
            view->panByScreen(num(a[0]), num(a[1]));
        }
        m_wait = Wait::Frames, m_framesLeft = 1;
    } else if (c.name == "drag-view" || c.name == "wheel-view" || c.name == "double-click-view") {
        if (!needView()) return false;
        const double fx = a.size() >= 3 ? num(a[1]) : (c.name == "double-click-view" && a.size() == 2 ? num(a[0]) : 0.5);
        const double fy = a.size() >= 3 ? num(a[2]) : (c.name == "double-click-view" && a.size() == 2 ? num(a[1]) : 0.5);
        const auto [x, y] = viewPoint(fx, fy);
        if (c.name == "drag-view")
            m_app.scriptedInput().drag(x, y, x + float(num(a[0])), y + float(num(a[1])), 8);
        else if (c.name == "wheel-view")
            m_app.scriptedInput().wheel(x, y, float(num(a[0])));
        else
            m_app.scriptedInput().doubleClick(x, y);
        m_wait = Wait::Input;
    } else if (c.name == "drag") {
        m_app.scriptedInput().drag(float(num(a[0])), float(num(a[1])), float(num(a[2])), float(num(a[3])), 8);
        m_wait = Wait::Input;
    } else if (c.name == "click") {
        m_app.scriptedInput().click(float(num(a[0])), float(num(a[1])));
        m_wait = Wait::Input;
    } else if (c.name == "key") {
        m_app.scriptedInput().key(kKeys.at(keyName(a[0])), a[0].rfind("CTRL+", 0) == 0);
        m_wait = Wait::Input;
    } else if (c.name == "type") {
        m_app.scriptedInput().type(a[0]);
        m_wait = Wait::Input;
    } else if (c.name == "drop") {
        m_app.openDropped(a);
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "sidebar" || c.name == "properties") {
        (c.name == "sidebar" ? m_app.ui().showSidebar : m_app.ui().showProperties) = a[0] == "on";
        m_wait = Wait::Frames, m_framesLeft = 1;
    } else if (c.name == "set-mpp" || c.name == "reset-mpp") {
        if (!needView()) return false;
        if (c.name == "set-mpp") {
            const double v = num(a[0]);
            if (v < core::kMinPlausibleMpp || v > core::kMaxPlausibleMpp) return fail(c, "implausible scale " + a[0]);
            m_app.setMppOverride(view->document()->id(), storage::MppOverride{v, v, core::MppSource::User});
        } else {
            m_app.setMppOverride(view->document()->id(), std::nullopt);
        }
        m_wait = Wait::Frames, m_framesLeft = 1;
    } else if (c.name == "open-project") {
        m_app.cases().openProject(a[0], false);
        m_wait = Wait::Idle, m_idleFrames = 0, m_deadline = now() + 60;
    } else if (c.name == "open-case") {
        // By accession (as listed) or by id.
        std::optional<core::CaseId> id;
        for (const auto& cs : ws.project.cases)
            if (cs.record.accession == a[0]) id = cs.record.id;
        if (!id)
            if (auto n = core::parseNumber(a[0])) id = core::CaseId(*n);
        if (!id) return fail(c, "no case '" + a[0] + "' in the project");
        m_app.cases().openCase(*id);
        m_wait = Wait::Frames, m_framesLeft = 3;
    } else if (c.name == "quiz") {  // before open-project: quiz mode for this learner
        m_app.cases().setQuizLearner(a[0]);
    } else if (c.name == "mitosis-model") {  // a train-mitosis file, or "builtin"
        m_app.cases().useMitosisModel(a[0] == "builtin" ? std::string() : a[0]);
        m_wait = Wait::Idle, m_idleFrames = 0, m_deadline = now() + 60;
    } else if (c.name == "new-case") {
        core::CaseRecord r;
        r.accession = a[0];
        m_app.cases().createCase(r);
        m_wait = Wait::Idle, m_idleFrames = 0, m_deadline = now() + 60;
    } else if (c.name == "show-cases") {
        ws.showCasesRequest = true;
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "check-alignment" || c.name == "pairs" || c.name == "click-slide") {
        if (!ws.caseSession) return fail(c, "no case is open");
        ui::CaseSession& s = *ws.caseSession;
        const auto n = core::parseNumber(a[0]);
        if (!n || *n < 0 || *n >= double(s.viewers.size())) return fail(c, "no viewer " + a[0]);
        ui::CaseViewer& v = s.viewers[size_t(*n)];
        if (c.name == "check-alignment") {
            if (a[1] != "off" && a[1] != "blend" && a[1] != "checker") return fail(c, "expected off, blend or checker");
            s.check = {};
            if (a[1] != "off")
                s.check = {v.record.id, a.size() > 2 ? float(num(a[2])) : 0.5f, a[1] == "checker"};
            m_wait = Wait::Frames, m_framesLeft = 2;
        } else if (c.name == "pairs") {
            s.pairs = ui::PointPairs{v.record.id, {}, {}};
            m_wait = Wait::Frames, m_framesLeft = 1;
        } else {
            // A click where viewer N shows level-0 point (X, Y) of its slide.
            ui::SlideView* sv = ws.find(v.slide);
            if (!sv || !sv->hasCamera()) return fail(c, "viewer " + a[0] + " is not showing its slide");
            const core::ScreenPoint p = sv->camera().toScreen({num(a[1]), num(a[2])});
            const float* r = sv->screenRect();
            if (p.x < 0 || p.y < 0 || p.x >= r[2] - r[0] || p.y >= r[3] - r[1])
                return fail(c, "that point is not on screen in viewer " + a[0]);
            m_app.scriptedInput().click(r[0] + float(p.x), r[1] + float(p.y));
            m_wait = Wait::Input;
        }
    } else if (c.name == "apply-pairs") {
        m_app.cases().applyPointPairs();
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "relink") {
        if (!ws.caseSession) return fail(c, "no case is open");
        const auto n = core::parseNumber(a[0]);
        if (!n || *n < 0 || *n >= double(ws.caseSession->viewers.size())) return fail(c, "no viewer " + a[0]);
        m_app.cases().relinkSlide(ws.caseSession->viewers[size_t(*n)].record.id, a[1]);
        m_wait = Wait::Idle, m_idleFrames = 0, m_deadline = now() + 60;
    } else if (c.name == "select-viewer" || c.name == "link" || c.name == "align") {
        if (!ws.caseSession) return fail(c, "no case is open");
        const int i = int(num(a[0]));
        if (i < 0 || i >= int(ws.caseSession->viewers.size())) return fail(c, "no viewer " + a[0]);
        ui::CaseViewer& v = ws.caseSession->viewers[size_t(i)];
        if (c.name == "select-viewer") {
            ws.focusRequest = v.slide;
            ws.active = ws.indexOf(v.slide);
        } else if (c.name == "link") {
            m_app.cases().setLinked(v.record.id, a[1] == "on");
        } else {
            m_app.cases().alignAutomatically(v.record.id);
        }
        m_wait = Wait::Frames, m_framesLeft = 2;
    } else if (c.name == "crosshair") {
        if (!ws.caseSession) return fail(c, "no case is open");
        ws.caseSession->crosshair = a[0] == "on";
        m_wait = Wait::Frames, m_framesLeft = 1;
    } else if (c.name == "screenshot") {
        if (auto s = writePng(m_app.capture(), a[0]); !s) return fail(c, s.error());
    } else if (c.name == "report") {
        if (auto s = writeViewReport(m_app, a[0]); !s) return fail(c, s.error());
    }
    return true;
}

namespace {

nlohmann::json cameraJson(const ui::SlideView& v) {
    const core::Camera& cam = v.camera();
    const float* r = v.screenRect();
    return {{"center_x", cam.center.x}, {"center_y", cam.center.y}, {"zoom", cam.zoom},
            {"rotation", cam.rotation},  {"mirror", cam.mirror},     {"view_rect", {r[0], r[1], r[2], r[3]}},
            {"viewport", {cam.viewport.width, cam.viewport.height}}};
}

nlohmann::json annotationsReport(const ui::AnnotationSession& a) {
    nlohmann::json j = {{"tool", ui::toolName(a.tool)}, {"reader", a.reader}, {"class", a.className},
                        {"blind", a.blind},           {"message", a.message}};
    if (a.quiz.teaching)
        j["teaching"] = {{"reference", a.quiz.teaching->referenceReader},
                         {"question", a.quiz.teaching->question},
                         {"submissions", a.quiz.submissions}};
    if (a.quiz.on)
        j["quiz"] = {{"number", a.quiz.number},
                     {"teaching", a.quiz.teaching.has_value()},
                     {"submitted", a.quiz.submittedUnix.has_value()},
                     {"question", a.quiz.teaching ? a.quiz.teaching->question : ""},
                     {"message", a.quiz.message}};
    if (a.importChoice.slide) j["import_choice"] = {{"slide", a.importChoice.slide}, {"images", a.importChoice.images.size()}};
    nlohmann::json classes = nlohmann::json::array();
    for (const auto& c : a.classes) classes.push_back(c.name);
    j["classes"] = classes;
    if (!a.consensus.voteMessage.empty()) j["vote"] = a.consensus.voteMessage;
    if (a.consensus.on && a.consensus.match) {
        const auto& m = *a.consensus.match;
        j["consensus"] = {{"other", a.consensus.otherReader}, {"tp", m.tp}, {"fp", m.fp}, {"fn", m.fn}, {"f1", m.f1}};
    }
    if (a.screening.slide)
        j["screening"] = {{"slide", a.screening.slide},
                          {"steps", a.screening.steps.size()},
                          {"visited", a.screening.progress.visitedCount()},
                          {"progress", a.screening.progress.progressText()}};
    return j;
}

// The open case, viewer by viewer: what GUI tests need to find corresponding points on screen.
nlohmann::json caseReport(App& app, ui::Workspace& ws) {
    ui::CaseSession& s = *ws.caseSession;
    double reviewMpp = 0;  // of the slide whose candidates are in the queue
    if (ui::CaseViewer* rv = s.find(s.annotations.review.slide))
        if (ui::SlideView* view = ws.find(rv->slide); view && view->document()->ready())
            reviewMpp = view->document()->info().mpp.mean();
    nlohmann::json viewers = nlohmann::json::array();
    for (const auto& v : s.viewers) {
        const core::Affine& t = v.record.toReference;
        nlohmann::json jv = {{"id", v.record.id},
                             {"path", v.record.path},
                             {"stain", v.record.stain},
                             {"linked", v.record.linked},
                             {"file", v.file == ui::CaseViewer::File::Present   ? "present"
                                      : v.file == ui::CaseViewer::File::Missing ? "missing"
                                                                                 : "checking"},
                             {"transform_source", core::transformSourceName(v.record.transformSource)},
                             {"to_reference", {{t.a, t.b, t.tx}, {t.c, t.d, t.ty}}},
                             {"aligning", v.alignJob != nullptr},
                             {"align_message", v.alignMessage}};
        if (v.record.transformResidualUm) jv["residual_um"] = *v.record.transformResidualUm;
        jv["marks"] = marksReport(app, s, size_t(&v - s.viewers.data()));
        if (const ui::SlideView* view = ws.find(v.slide)) {
            jv["state"] = view->document()->ready() ? "ready" : view->document()->error().empty() ? "opening" : "failed";
            if (view->document()->ready() && view->hasCamera()) {
                jv["camera"] = cameraJson(*view);
                jv["missing_tiles"] = view->lastStats().targetMissing;
            }
        }
        viewers.push_back(jv);
    }
    return {{"id", s.record.id},
            {"accession", s.record.accession},
            {"crosshair", s.crosshair},
            {"message", s.message},
            {"pairs", {{"moving", s.pairs.moving}, {"moving_points", s.pairs.movingPoints.size()},
                       {"reference_points", s.pairs.referencePoints.size()}}},
            {"check", {{"slide", s.check.slide}, {"opacity", s.check.opacity}, {"checkerboard", s.check.checkerboard}}},
            {"viewers", viewers},
            {"annotations", annotationsReport(s.annotations)},
            {"markers", markerRecordsReport(s)},
            {"teaching_results", teachingResultsReport(s, ws)},
            {"review", reviewReport(s.annotations.review, reviewMpp)},
            {"dab", dabReport(s.annotations.dab)},
            {"hotspots", hotspotReport(s.annotations.hotspots)}};
}

}  // namespace

core::Status writeViewReport(App& app, const std::string& path) {
    nlohmann::json j;
    ui::Workspace& ws = app.workspace();
    j["tabs"] = ws.views.size();
    j["mitosis_model"] = ws.mitosisModelName;
    j["mitosis_model_message"] = ws.mitosisModelMessage;
    j["active_tab"] = ws.active;
    if (ui::SlideView* v = ws.activeView()) {
        const ui::SlideDocument& doc = *v->document();
        j["slide"] = doc.path();
        j["state"] = doc.state() == ui::SlideDocument::State::Ready    ? "ready"
                     : doc.state() == ui::SlideDocument::State::Failed ? "failed"
                                                                        : "opening";
        j["error"] = doc.error();
        if (doc.ready() && v->hasCamera()) {
            const core::Camera& cam = v->camera();
            j["center_x"] = cam.center.x;
            j["center_y"] = cam.center.y;
            j["zoom"] = cam.zoom;
            j["magnification"] = doc.magnification().magnificationAt(cam.zoom);
            j["magnification_label"] = doc.magnification().label(cam.zoom);
            j["mpp"] = doc.info().mpp.known() ? nlohmann::json(doc.info().mpp.mean()) : nlohmann::json(nullptr);
            j["mpp_source"] = core::mppSourceName(doc.info().mpp.source);
            j["level"] = v->lastStats().targetLevel;
            j["target_tiles"] = v->lastStats().targetTiles;
            j["missing_tiles"] = v->lastStats().targetMissing;
            const float* r = v->screenRect();
            j["view_rect"] = {r[0], r[1], r[2], r[3]};
            const float* o = v->overviewRect();
            j["overview_rect"] = {o[0], o[1], o[2], o[3]};
            j["viewport"] = {cam.viewport.width, cam.viewport.height};
        }
    }
    if (ws.project.open()) {
        j["project"] = ws.project.path;
        j["project_cases"] = ws.project.cases.size();
        j["project_read_only"] = ws.project.readOnly;
    }
    if (!ws.project.error.empty()) j["project_error"] = ws.project.error;
    if (!ws.quiz.error.empty()) j["quiz_error"] = ws.quiz.error;
    if (ws.caseSession) j["case"] = caseReport(app, ws);
    std::ofstream out(path);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (!out) return core::Status::failure("Cannot write report " + path);
    return {};
}

}  // namespace histomark::app
