// SPDX-License-Identifier: MIT
#include "app/case_controller.h"

#include <filesystem>

#include "platform/log.h"
#include "slide/slide_opener.h"
#include "storage/case_slides.h"

namespace histomark::app {
namespace {

constexpr const char* kLastCaseKey = "ui.open_case";
constexpr double kViewRestSeconds = 0.75;  // a moving view is saved once it rests this long

}  // namespace

CaseController::CaseController(Services services) : m_s(services) {}

CaseController::~CaseController() {
    // Views that moved and had not rested yet are written too; then queued writes finish and the
    // database closes (joins the storage thread).
    if (m_s.ws.caseSession) tick(1e300);
    m_project.reset();
}

void CaseController::reportError(const std::string& message) {
    platform::log::error(message);
    m_s.ws.project.busy = false;  // a failed listing is not still on its way
    if (m_s.ws.caseSession)
        m_s.ws.caseSession->message = message;
    else
        m_s.ws.project.error = message;
}

// The storage thread's callbacks own nothing and touch only the main queue (which outlives this
// controller): if a callback held the Project, its last reference could drop on the storage thread
// itself, whose destructor would then try to join its own thread. `generation` tells whether the
// project is still the one the work was for.
void CaseController::write(std::function<core::Status(Repos&)> work, std::function<void()> then) {
    if (!m_project) return reportError("No project is open");
    // A read-only project (the window says so): a change applies to what is shown, not to the
    // file; `then` still runs later on the main queue, as after a save, never inside the caller.
    if (m_project->readOnly()) {
        if (then)
            m_s.main.post([this, gen = m_generation, then = std::move(then)] {
                if (gen == m_generation) then();
            });
        return;
    }
    ++m_pending;
    m_project->transact(std::move(work), [this, &main = m_s.main, gen = m_generation, then = std::move(then)](core::Status st) {
        main.post([this, gen, st, then] {
            --m_pending;
            if (gen != m_generation) return;  // closed meanwhile
            if (!st.ok()) return reportError(st.error());
            if (then) then();
        });
    });
}

void CaseController::openProject(const std::string& path, bool create, const std::string& caseRef) {
    closeProject();
    m_s.ws.project = {};
    m_s.ws.project.busy = true;
    ++m_pending;
    m_s.io.post([this, path, create, caseRef] {
        auto opened = create ? storage::Project::open(path, true) : storage::Project::openForReading(path);
        auto shared = std::make_shared<decltype(opened)>(std::move(opened));
        m_s.main.post([this, path, shared, caseRef] {
            --m_pending;
            m_s.ws.project.busy = false;
            if (!shared->ok()) {
                m_s.ws.project.error = shared->error();
                platform::log::error(shared->error());
                return;
            }
            m_project = std::move(shared->value());
            ++m_generation;
            m_s.ws.project.path = m_project->path().string();
            m_s.ws.project.readOnly = m_project->readOnly();
            m_s.ws.project.error.clear();
            if (m_s.ws.quiz.on()) return loadQuizSet(caseRef);
            m_s.ws.showCasesRequest = true;
            refreshCases();
            if (caseRef.empty())
                restoreLastCase();
            else
                openCaseByReference(caseRef);
        });
    });
}

void CaseController::closeProject() {
    closeCase();
    if (m_packJob) m_packJob->cancel();  // a learner copy being written: its slides stop copying
    if (!m_project) return;
    // Closing joins the storage thread after its queue drains: not on the UI thread.
    ++m_generation;
    m_s.io.post([project = std::shared_ptr<storage::Project>(std::move(m_project))]() mutable { project.reset(); });
    m_s.ws.project = {};
}

void CaseController::refreshCases() {
    storage::CaseFilter filter;
    filter.text = m_s.ws.project.search;
    filter.stain = m_s.ws.project.stainFilter;
    m_s.ws.project.busy = true;
    read<std::vector<storage::CaseSummary>>([filter](Repos& r) { return r.cases.list(filter); },
                                            [this](std::vector<storage::CaseSummary>& list) {
                                                m_s.ws.project.busy = false;
                                                m_s.ws.project.cases = std::move(list);
                                            });
}

void CaseController::restoreLastCase() {
    read<std::optional<std::string>>([](Repos& r) { return r.state.get(kLastCaseKey); },
                                     [this](std::optional<std::string>& v) {
                                         if (!v || v->empty() || m_s.ws.caseSession) return;
                                         char* end = nullptr;
                                         const long long id = std::strtoll(v->c_str(), &end, 10);
                                         if (end && *end == 0 && id > 0) openCase(core::CaseId(id));
                                     });
}

void CaseController::openCaseByReference(const std::string& ref) {
    read<core::CaseId>([ref](Repos& r) -> core::Result<core::CaseId> {
        auto c = r.cases.resolve(ref);
        if (!c) return core::Error{c.error()};
        return c->id;
    }, [this](core::CaseId& id) { openCase(id); });
}

void CaseController::createCase(const core::CaseRecord& record) {
    read<core::CaseId>([record](Repos& r) { return r.cases.create(record); }, [this](core::CaseId& id) {
        refreshCases();
        openCase(id);
    });
}

void CaseController::updateCase(const core::CaseRecord& record) {
    write([record](Repos& r) { return r.cases.update(record); }, [this, record] {
        if (m_s.ws.caseSession && m_s.ws.caseSession->record.id == record.id) m_s.ws.caseSession->record = record;
        refreshCases();
    });
}

void CaseController::openCase(core::CaseId id) {
    if (m_s.ws.caseSession && m_s.ws.caseSession->record.id == id) {
        m_s.ws.showCaseRequest = true;
        return;
    }
    read<core::CaseDetail>([id](Repos& r) { return r.loadCase(id); },
                           [this](core::CaseDetail& d) { showCase(std::move(d)); });
}

void CaseController::showCase(core::CaseDetail detail) {
    closeCase();
    ui::CaseSession s;
    s.record = detail.record;
    s.annotations.reader = m_lastReader.empty() ? defaultReader() : m_lastReader;
    if (m_s.ws.quiz.on()) s.annotations.reader = m_s.ws.quiz.learner, s.annotations.quiz.on = true;
    for (auto& rec : detail.slides) {
        ui::CaseViewer v;
        v.record = rec;
        s.viewers.push_back(std::move(v));
    }
    m_s.ws.caseSession = std::move(s);
    m_s.ws.showCaseRequest = true;
    for (const auto& rec : detail.slides) checkAndOpen(rec);
    loadQuizState();
    if (m_s.ws.quiz.on()) return;  // a learner's window does not change the project's last case
    const std::string id = std::to_string(detail.record.id);
    write([id](Repos& r) { return r.state.set(kLastCaseKey, id); });
}

// Whether the file is there is a disk question: asked on a worker, answered on the UI thread.
void CaseController::checkAndOpen(core::CaseSlideRecord record) {
    ++m_pending;
    m_s.io.post([this, record] {
        std::error_code ec;
        const bool exists = std::filesystem::is_regular_file(record.path, ec);
        const std::string why = exists ? "" : (ec ? ec.message() : "no file at this path");
        m_s.main.post([this, record, exists, why] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::CaseViewer* v = m_s.ws.caseSession->find(record.id);
            if (!v) return;
            if (!exists) {
                v->file = ui::CaseViewer::File::Missing;
                v->fileMessage = why;
                return;
            }
            v->file = ui::CaseViewer::File::Present;
            v->fileMessage.clear();
            v->slide = m_s.openView(v->record);
        });
    });
}

void CaseController::closeCase() {
    if (!m_s.ws.caseSession) return;
    tick(1e300);  // write views that moved and have not rested yet
    for (auto& v : m_s.ws.caseSession->viewers) {
        if (v.alignJob) v.alignJob->cancel();
        if (v.slide) m_s.closeView(v.slide);
    }
    m_lastReader = m_s.ws.caseSession->annotations.reader;
    m_s.ws.caseSession.reset();
    m_viewSaves.clear();
    m_markIds.clear();
    if (m_project) write([](Repos& r) { return r.state.set(kLastCaseKey, ""); });
}

void CaseController::addSlideToCase(const std::string& rawPath, const std::string& stain) {
    if (!m_s.ws.caseSession) return;
    const core::CaseId caseId = m_s.ws.caseSession->record.id;
    std::error_code ec;
    const std::string path = std::filesystem::absolute(rawPath, ec).lexically_normal().string();
    withSlideInfo(path, [this, caseId, stain](const core::SlideInfo& info) {
        read<core::CaseSlideRecord>(
            [caseId, stain, info](Repos& r) { return storage::addSlideToCase(r, caseId, info, stain); },
            [this](core::CaseSlideRecord& rec) {
                if (!m_s.ws.caseSession || m_s.ws.caseSession->record.id != rec.caseId) return;
                ui::CaseViewer v;
                v.record = rec;
                m_s.ws.caseSession->viewers.push_back(v);
                checkAndOpen(rec);
                refreshCases();
            });
    });
}

void CaseController::withSlideInfo(const std::string& path, std::function<void(const core::SlideInfo&)> then) {
    ++m_pending;
    // Opening the slide (size, fingerprint) is slow and touches the disk: a worker does it.
    m_s.io.post([this, path, then = std::move(then)] {
        auto src = slide::openSlide(path);
        auto info = std::make_shared<core::Result<core::SlideInfo>>(
            src ? core::Result<core::SlideInfo>((*src)->info()) : core::Result<core::SlideInfo>::failure(src.error()));
        m_s.main.post([this, info, then] {
            --m_pending;
            if (!info->ok()) return reportError(info->error());
            then(info->value());
        });
    });
}

void CaseController::removeSlideFromCase(core::CaseSlideId id) {
    write([id](Repos& r) { return r.slides.remove(id); }, [this, id] {
        if (!m_s.ws.caseSession) return;
        auto& vs = m_s.ws.caseSession->viewers;
        for (size_t i = 0; i < vs.size(); ++i)
            if (vs[i].record.id == id) {
                if (vs[i].alignJob) vs[i].alignJob->cancel();
                if (vs[i].slide) m_s.closeView(vs[i].slide);
                vs.erase(vs.begin() + long(i));
                break;
            }
        m_s.ws.caseSession->pairs = {};
        m_s.ws.caseSession->check = {};
        refreshCases();
    });
}

void CaseController::setStain(core::CaseSlideId id, const std::string& stain) {
    read<core::CaseSlideRecord>([id, stain](Repos& r) { return storage::setSlideStain(r, id, stain); },
                                [this](core::CaseSlideRecord& rec) {
                                    if (m_s.ws.caseSession)
                                        if (ui::CaseViewer* v = m_s.ws.caseSession->find(rec.id)) {
                                            v->record.stain = rec.stain;
                                            v->record.toReference = rec.toReference;
                                            v->record.transformSource = rec.transformSource;
                                        }
                                    refreshCases();
                                });
}

void CaseController::setLinked(core::CaseSlideId id, bool linked) {
    // Takes effect at once (the next pan must already respect it); the database follows.
    if (m_s.ws.caseSession)
        if (ui::CaseViewer* v = m_s.ws.caseSession->find(id)) {
            ui::CaseSession& s = *m_s.ws.caseSession;
            v->record.linked = linked;
            // Re-linked: it joins the others where they are.
            for (size_t i = 0; linked && i < s.viewers.size(); ++i)
                if (s.viewers[i].record.linked && s.viewers[i].record.id != id) {
                    s.leader = int(i);
                    break;
                }
        }
    write([id, linked](Repos& r) { return r.slides.setLinked(id, linked); });
}

void CaseController::relinkSlide(core::CaseSlideId id, const std::string& rawPath) {
    std::error_code ec;
    const std::string path = std::filesystem::absolute(rawPath, ec).lexically_normal().string();
    withSlideInfo(path, [this, id](const core::SlideInfo& info) {
        // A file with other content is refused: the stain, transform and views belong to the old one.
        read<core::CaseSlideRecord>([id, info](Repos& r) { return storage::relinkSlide(r, id, info, false); },
                                    [this](core::CaseSlideRecord& rec) {
                                        if (!m_s.ws.caseSession) return;
                                        ui::CaseViewer* v = m_s.ws.caseSession->find(rec.id);
                                        if (!v) return;
                                        if (v->slide) m_s.closeView(v->slide), v->slide = 0;
                                        v->record.path = rec.path;
                                        v->record.fingerprint = rec.fingerprint;
                                        v->file = ui::CaseViewer::File::Checking;
                                        m_s.ws.caseSession->message.clear();
                                        checkAndOpen(v->record);
                                    });
    });
}

void CaseController::setMppOverride(core::SlideId slide, std::optional<double> x, std::optional<double> y) {
    if (!m_s.ws.caseSession) return;
    ui::CaseViewer* v = m_s.ws.caseSession->findBySlide(slide);
    if (!v) return;
    v->record.mppOverrideX = x, v->record.mppOverrideY = y;
    const core::CaseSlideId id = v->record.id;
    write([id, x, y](Repos& r) { return r.slides.setMppOverride(id, x, y); });
}

void CaseController::tick(double now) {
    const bool force = now >= 1e299;  // closing: write whatever moved
    if (!force) startPendingAlignments();
    if (!m_s.ws.caseSession || !m_project) return;
    for (auto& v : m_s.ws.caseSession->viewers) {
        ui::SlideView* view = m_s.ws.find(v.slide);
        if (!view || !view->hasCamera()) continue;
        const core::ViewState cur{view->camera().center.x, view->camera().center.y, view->camera().zoom};
        const core::ViewState stored = v.record.view.value_or(core::ViewState{});
        ViewSave& vs = m_viewSaves.try_emplace(v.record.id, ViewSave{stored, stored, now}).first->second;
        if (!(cur == vs.last)) vs.last = cur, vs.changedAt = now;
        if (cur == vs.saved || (!force && now - vs.changedAt < kViewRestSeconds)) continue;
        vs.saved = cur;
        v.record.view = cur;
        const core::CaseSlideId id = v.record.id;
        write([id, cur](Repos& r) { return r.slides.setViewState(id, cur); });
    }
}

}  // namespace histomark::app
