// SPDX-License-Identifier: MIT
// The case controller's marks: loading a slide's marks, saving every edit the moment it is made,
// count setups, classes, import and export. The UI applies an edit in memory first; the storage
// thread follows in order (storage/mark_edits.h), so the UI never waits for the disk.
#include <cstdlib>
#include <filesystem>

#include "app/case_controller.h"
#include "core/import_duplicates.h"
#include "storage/count_setup_json.h"
#include "interchange/annotation_file.h"
#include "platform/log.h"
#include "storage/mark_edits.h"
#include "ui/marks_edit.h"

namespace histomark::app {
namespace {

struct LoadedMarks {
    std::vector<core::Annotation> marks;
    std::vector<core::AnnotationClass> classes;
    std::map<std::string, core::CountSetup> counts;
    std::vector<std::string> problems;  // count settings that could not be read
    std::vector<std::string> unreadable;  // stored marks that could not be read (left out, kept in the file)
    std::string error;  // nothing could be loaded
};

}  // namespace

std::string CaseController::defaultReader() {
    const char* user = std::getenv("USER");
    return user && *user ? user : "reader";
}

void CaseController::loadMarks(core::CaseSlideId id) {
    if (!m_s.ws.caseSession) return;
    auto ids = std::make_shared<storage::MarkIds>();
    m_markIds[id] = ids;
    read<LoadedMarks>(
        [id, ids](Repos& r) -> core::Result<LoadedMarks> {
            LoadedMarks l;
            // A failure is carried to the panel rather than reported and forgotten, so the slide
            // does not wait for its marks for ever.
            auto failed = [&l](const std::string& e) { l.error = e; return l; };
            auto marks = r.annotations.readableForSlide(id);
            if (!marks) return failed(marks.error());
            auto classes = r.annotations.classes();
            if (!classes) return failed(classes.error());
            l.classes = std::move(*classes);
            auto readers = r.annotations.countReaders(id);
            if (!readers) return failed(readers.error());
            for (const auto& who : *readers) {
                auto json = r.annotations.countSettings(id, who);
                if (!json) return failed(json.error());
                if (!*json) continue;
                if (auto setup = storage::countSetupFromJson(**json))
                    l.counts[who] = std::move(*setup);
                else
                    l.problems.push_back(setup.error());
            }
            // Keys 1..n in list order; the UI puts the marks under the same keys.
            ids->clear();
            for (size_t i = 0; i < marks->marks.size(); ++i) (*ids)[core::MarkKey(i + 1)] = marks->marks[i].id;
            l.marks = std::move(marks->marks);
            l.unreadable = std::move(marks->unreadable);
            return l;
        },
        [this, id](LoadedMarks& l) {
            if (!m_s.ws.caseSession) return;
            ui::AnnotationSession& a = m_s.ws.caseSession->annotations;
            ui::SlideMarks& m = a.slides[id];
            m.layer.clear();
            m.history.clear();
            if (!l.error.empty()) {
                m.load = ui::SlideMarks::Load::Failed;
                m.loadError = "The marks of this slide could not be read: " + l.error;
                platform::log::warn(m.loadError);
                return;
            }
            m.unreadable = std::move(l.unreadable);
            for (const auto& u : m.unreadable) platform::log::warn(u);
            for (size_t i = 0; i < l.marks.size(); ++i) m.layer.put(core::MarkKey(i + 1), std::move(l.marks[i]));
            m.counts = std::move(l.counts);
            m.load = ui::SlideMarks::Load::Ready;
            ++m.version;
            a.classes = std::move(l.classes);
            for (const auto& p : l.problems) platform::log::warn(p);
            if (!l.problems.empty()) a.message = l.problems.front();
        });
}

void CaseController::saveMarkEdit(core::CaseSlideId id, const core::AnnotationEdit& edit) {
    auto it = m_markIds.find(id);
    if (it == m_markIds.end()) return reportError("The marks of this slide are not loaded: the edit was not saved");
    write([ids = it->second, edit](Repos& r) { return storage::saveMarkEdit(r.annotations, *ids, edit); });
}

void CaseController::saveCountSetup(core::CaseSlideId id, const std::string& reader, const core::CountSetup& setup) {
    write([id, reader, json = storage::countSetupToJson(setup)](Repos& r) { return r.annotations.setCountSettings(id, reader, json); });
}

void CaseController::addAnnotationClass(const core::AnnotationClass& cls) {
    read<std::vector<core::AnnotationClass>>(
        [cls](Repos& r) -> core::Result<std::vector<core::AnnotationClass>> {
            if (auto s = r.annotations.addClass(cls); !s) return core::Error{s.error()};
            return r.annotations.classes();
        },
        [this](std::vector<core::AnnotationClass>& classes) {
            if (m_s.ws.caseSession) m_s.ws.caseSession->annotations.classes = std::move(classes);
        });
}

void CaseController::importMarks(core::CaseSlideId id, const std::string& path, const std::string& image) {
    // A multi-image label set (SlideRunner database, MIDOG JSON): the image chosen, else the one
    // named like the slide.
    interchange::DatasetChoice choice;
    choice.image = image;
    if (m_s.ws.caseSession)
        if (const ui::CaseViewer* v = m_s.ws.caseSession->find(id)) choice.slideFileName = std::filesystem::path(v->record.path).filename().string();
    ++m_pending;
    m_s.io.post([this, id, path, choice] {
        auto file = std::make_shared<core::Result<interchange::ImportedAnnotations>>(interchange::readAnnotationFile(path, choice));
        // Not read for want of a choice: the set's images, for the panel to offer.
        auto images = std::make_shared<std::vector<interchange::DatasetImage>>();
        if (!file->ok() && choice.image.empty())
            if (auto listed = interchange::listDatasetImages(path); listed && listed->size() > 1) *images = std::move(*listed);
        m_s.main.post([this, id, path, file, images] {
            --m_pending;
            if (!m_s.ws.caseSession) return;
            ui::AnnotationSession& a = m_s.ws.caseSession->annotations;
            a.importChoice = {};
            if (!file->ok()) {
                a.message = file->error();
                if (!images->empty()) {
                    a.importChoice.slide = id, a.importChoice.path = path;
                    for (const auto& im : *images)
                        a.importChoice.images.push_back(im.fileName.empty() ? "image " + std::to_string(im.id) : im.fileName),
                            a.importChoice.keys.push_back(std::to_string(im.id));
                    a.message = "Choose the image of " + std::filesystem::path(path).filename().string() + " to import";
                }
                return;
            }
            ui::SlideMarks* m = a.marks(id);
            if (!m || m->load != ui::SlideMarks::Load::Ready) {
                a.message = "The slide's marks are still loading: import again in a moment";
                return;
            }
            if (a.quiz.locked()) {
                a.message = "Your answer is submitted: its marks are kept as they were handed in";
                return;
            }
            auto& imported = file->value();
            // Classes first: the storage thread adds them before the marks that name them.
            std::vector<core::AnnotationClass> classes = imported.classes;
            write([classes](Repos& r) -> core::Status {
                for (const auto& c : classes)
                    if (auto added = r.annotations.ensureClass(c); !added) return core::Status::failure(added.error());
                return {};
            });
            for (const auto& c : classes)
                if (std::none_of(a.classes.begin(), a.classes.end(), [&](const auto& k) { return k.name == c.name; }))
                    a.classes.push_back(c);
            for (auto& mark : imported.annotations) {
                mark.slide = id;
                if (mark.reader.empty()) mark.reader = a.reader;
            }
            // A file imported twice must not double a reader's count.
            std::vector<core::Annotation> there;
            m->layer.forEach([&](core::MarkKey, const core::Annotation& k) { there.push_back(k); });
            const size_t alreadyThere = core::dropMarksAlreadyThere(imported.annotations, there);
            const size_t n = imported.annotations.size();
            const std::string name = std::filesystem::path(path).filename().string();
            std::optional<std::string> outside;
            if (const ui::CaseViewer* v = m_s.ws.caseSession->find(id))
                outside = core::outsideSlideWarning(imported.annotations, v->record.width, v->record.height);
            if (n > 0)
                ui::MarkEditor(a, *this).commit(id, core::addEdit(m->layer, std::move(imported.annotations),
                                                                  "import " + std::to_string(n) + " marks"));
            a.message = "Imported " + std::to_string(n) + (n == 1 ? " mark" : " marks") + " from " + name + " (" + imported.format + ")";
            if (alreadyThere > 0)
                a.message += "\n" + std::to_string(alreadyThere) + (alreadyThere == 1 ? " mark" : " marks") +
                             " left out: already on the slide (same reader, class and place)";
            for (const auto& w : imported.warnings) a.message += "\n" + w;
            if (outside) a.message += "\nwarning: " + *outside;
        });
    });
}

void CaseController::exportMarks(core::CaseSlideId id, const std::string& path, const std::string& formatName) {
    if (!m_s.ws.caseSession) return;
    ui::AnnotationSession& a = m_s.ws.caseSession->annotations;
    ui::SlideMarks* m = a.marks(id);
    const ui::CaseViewer* v = m_s.ws.caseSession->find(id);
    if (!m || !v) return;
    std::optional<interchange::ExportFormat> format;
    if (!formatName.empty() && !(format = interchange::parseExportFormat(formatName))) {
        a.message = "Unknown export format " + formatName + " (" + interchange::exportFormatNames() + ")";
        return;
    }
    std::vector<core::Annotation> marks;
    m->layer.forEach([&](core::MarkKey, const core::Annotation& x) {
        if (a.visible(x)) marks.push_back(x);
    });
    // The slide as SlideRunner and MIDOG name it, and its scale for the formats in µm or mm.
    const std::filesystem::path file(v->record.path);
    interchange::ExportImage image{file.filename().string(), file.parent_path().string(), v->record.width, v->record.height};
    if (const ui::SlideView* view = m_s.ws.find(v->slide); view && view->document()->ready() && view->document()->info().mpp.known())
        image.mppX = *view->document()->info().mpp.x, image.mppY = *view->document()->info().mpp.y;
    writeExport(path, std::move(marks), {}, image, format, "marks");
}

void CaseController::exportConsensus(core::CaseSlideId id, const std::string& path, std::vector<core::Annotation> cells,
                                     std::vector<std::vector<core::CellLabel>> labels) {
    if (!m_s.ws.caseSession) return;
    const ui::CaseViewer* v = m_s.ws.caseSession->find(id);
    if (!v) return;
    const std::filesystem::path file(v->record.path);
    writeExport(path, std::move(cells), std::move(labels),
                {file.filename().string(), file.parent_path().string(), v->record.width, v->record.height},
                interchange::ExportFormat::SlideRunner, "cells, each with its readers' labels,");
}

// The export on the I/O thread; its report (or why not) becomes the marks panel's message.
void CaseController::writeExport(const std::string& path, std::vector<core::Annotation> marks, interchange::MarkLabels labels,
                                 const interchange::ExportImage& image, std::optional<interchange::ExportFormat> format,
                                 const std::string& what) {
    ++m_pending;
    m_s.io.post([this, path, format, image, what, marks = std::move(marks), labels = std::move(labels),
                 classes = m_s.ws.caseSession->annotations.classes] {
        auto report = interchange::exportAnnotationFile(path, marks, classes, image, format, labels);
        std::string text = report ? "Exported " + std::to_string(report->written) + " " + what + " to " + path : report.error();
        if (report)
            for (const auto& note : report->notes) text += "\n" + note;
        m_s.main.post([this, text] {
            --m_pending;
            if (m_s.ws.caseSession) m_s.ws.caseSession->annotations.message = text;
        });
    });
}

void CaseController::loadMarkerRecords() {
    if (!m_s.ws.caseSession) return;
    const core::CaseId caseId = m_s.ws.caseSession->record.id;
    ui::AnnotationSession& a = m_s.ws.caseSession->annotations;
    a.markers.loaded = true;  // asked; filled when the read lands
    // Quiz mode: the panel holds the learner's readings; the slides' records are the answer,
    // read only once the answer is in.
    const std::string learner = a.quiz.on ? a.reader : std::string();
    const bool answerShown = a.quiz.locked();
    a.markers.locked = answerShown;
    using Lists = std::pair<std::vector<core::MarkerRecord>, std::vector<core::MarkerRecord>>;
    read<Lists>(
        [caseId, learner, answerShown](Repos& r) -> core::Result<Lists> {
            Lists l;
            auto own = learner.empty() ? r.markers.listForCase(caseId) : r.markers.answersForCase(caseId, learner);
            if (!own) return core::Error{own.error()};
            l.first = std::move(*own);
            if (answerShown) {
                auto ref = r.markers.listForCase(caseId);
                if (!ref) return core::Error{ref.error()};
                l.second = std::move(*ref);
            }
            return l;
        },
        [this, caseId](Lists& l) {
            if (!m_s.ws.caseSession || m_s.ws.caseSession->record.id != caseId) return;
            auto& m = m_s.ws.caseSession->annotations.markers;
            // A record edited before the list arrived is newer: kept.
            for (auto& r : l.first) m.bySlide.try_emplace(r.slide, std::move(r));
            auto& refs = m_s.ws.caseSession->annotations.quiz.referenceRecords;
            for (auto& r : l.second) refs[r.slide] = std::move(r);
        });
}

void CaseController::saveMarkerRecord(core::CaseSlideId id, const std::optional<core::MarkerRecord>& record) {
    if (m_s.ws.caseSession && m_s.ws.caseSession->annotations.quiz.on) {
        const std::string learner = m_s.ws.caseSession->annotations.reader;
        if (record)
            write([r = *record, learner](Repos& repos) {
                core::MarkerRecord mine = r;
                mine.reader = learner;
                return repos.markers.putAnswer(mine);
            });
        else
            write([id, learner](Repos& repos) { return repos.markers.removeAnswer(id, learner); });
        return;
    }
    if (record)
        write([r = *record](Repos& repos) { return repos.markers.put(r); });
    else
        write([id](Repos& repos) { return repos.markers.remove(id); });
}

}  // namespace histomark::app
