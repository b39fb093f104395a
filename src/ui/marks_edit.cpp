// SPDX-License-Identifier: MIT
#include "ui/marks_edit.h"

#include <algorithm>
#include <ctime>

namespace histomark::ui {

void MarkEditor::apply(core::CaseSlideId slide, SlideMarks& m, const core::AnnotationEdit& e) {
    core::applyEdit(m.layer, e);
    // A selection keeps only marks that still exist.
    std::erase_if(m.selection, [&](core::MarkKey k) { return !m.layer.find(k); });
    if (e.marksChange()) m_actions.saveMarkEdit(slide, e);
    if (e.count) {
        m.counts[e.count->reader] = e.count->after;
        m_actions.saveCountSetup(slide, e.count->reader, e.count->after);
    }
    ++m.version;
}

bool MarkEditor::refusedByQuiz() {
    if (!m_s.quiz.locked()) return false;
    m_s.message = "Your answer is submitted: its marks are kept as they were handed in";
    return true;
}

void MarkEditor::commit(core::CaseSlideId slide, core::AnnotationEdit edit) {
    SlideMarks* m = m_s.marks(slide);
    if (!m || m->load != SlideMarks::Load::Ready || edit.empty() || refusedByQuiz()) return;
    apply(slide, *m, edit);
    m->history.push(std::move(edit));
}

bool MarkEditor::undo(core::CaseSlideId slide) { return replay(slide, true); }
bool MarkEditor::redo(core::CaseSlideId slide) { return replay(slide, false); }

bool MarkEditor::replay(core::CaseSlideId slide, bool backwards) {
    SlideMarks* m = m_s.marks(slide);
    if (!m || m->load != SlideMarks::Load::Ready || refusedByQuiz()) return false;
    auto e = backwards ? m->history.undo() : m->history.redo();
    if (!e) return false;
    apply(slide, *m, *e);
    return true;
}

void MarkEditor::add(core::CaseSlideId slide, core::ShapeKind kind, std::vector<core::Level0Point> points) {
    SlideMarks* m = m_s.marks(slide);
    if (!m) return;
    core::Annotation a;
    a.slide = slide;
    a.reader = m_s.reader;
    a.className = m_s.className;
    a.kind = kind;
    a.points = std::move(points);
    a.createdUnix = int64_t(std::time(nullptr));
    if (auto problem = core::geometryProblem(a)) {
        m_s.message = "Not added: " + *problem;
        return;
    }
    const std::string label = std::string("add ") + core::shapeKindName(kind);
    commit(slide, core::addEdit(m->layer, {std::move(a)}, label));
}

namespace {

std::vector<core::MarkKey> ownSelection(const SlideMarks& m, const std::string& reader) {
    std::vector<core::MarkKey> keys;
    for (core::MarkKey k : m.selection)
        if (const core::Annotation* a = m.layer.find(k); a && a->reader == reader) keys.push_back(k);
    return keys;
}

}  // namespace

void MarkEditor::deleteSelection(core::CaseSlideId slide) {
    SlideMarks* m = m_s.marks(slide);
    if (!m) return;
    commit(slide, core::removeEdit(m->layer, ownSelection(*m, m_s.reader)));
}

void MarkEditor::relabelSelection(core::CaseSlideId slide, const std::string& className) {
    SlideMarks* m = m_s.marks(slide);
    if (!m) return;
    commit(slide, core::relabelEdit(m->layer, ownSelection(*m, m_s.reader), className));
}

void MarkEditor::moveSelection(core::CaseSlideId slide, double dx, double dy) {
    SlideMarks* m = m_s.marks(slide);
    if (!m) return;
    commit(slide, core::moveEdit(m->layer, ownSelection(*m, m_s.reader), dx, dy));
}

void MarkEditor::setCount(core::CaseSlideId slide, const core::CountSetup& setup, const std::string& label,
                          const std::optional<core::CountSetup>& before) {
    SlideMarks* m = m_s.marks(slide);
    if (!m || m->load != SlideMarks::Load::Ready) return;
    core::AnnotationEdit e;
    e.label = label;
    e.count = core::CountChange{m_s.reader, before ? *before : m->counts[m_s.reader], setup};
    commit(slide, std::move(e));
}

std::vector<core::Level0Point> mitosesOf(const SlideMarks& marks, const std::string& reader) {
    std::vector<core::Level0Point> points;
    marks.layer.forEach([&](core::MarkKey, const core::Annotation& a) {
        if (a.reader == reader && a.className == core::kMitoticFigure) points.push_back(a.centre());
    });
    return points;
}

}  // namespace histomark::ui
