// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/annotation_history.h"
#include "core/count_setup.h"
#include "ui/annotation_state.h"
#include "ui/case_actions.h"

namespace histomark::ui {

// Edits of a slide's marks, shared by the mouse tools, the keys, the panel and the command script.
// Each takes effect in memory at once (the next frame shows it) and is sent to the project in the
// same call; undo and redo save the same way.
class MarkEditor {
public:
    MarkEditor(AnnotationSession& session, CaseActions& actions) : m_s(session), m_actions(actions) {}

    void commit(core::CaseSlideId slide, core::AnnotationEdit edit);
    bool undo(core::CaseSlideId slide);
    bool redo(core::CaseSlideId slide);

    // A new mark of the current class by the current reader (kind from the number of points).
    void add(core::CaseSlideId slide, core::ShapeKind kind, std::vector<core::Level0Point> points);
    void deleteSelection(core::CaseSlideId slide);
    void relabelSelection(core::CaseSlideId slide, const std::string& className);
    void moveSelection(core::CaseSlideId slide, double dx, double dy);
    // Marks of other readers cannot be changed by this one (blind reading, adjudication).
    bool editable(const core::Annotation& a) const { return a.reader == m_s.reader; }

    // The current reader's count on the slide: changed in memory and saved, undoable like a mark.
    // `before`: the setup the change started from when it was already shown live (a grid drag).
    void setCount(core::CaseSlideId slide, const core::CountSetup& setup, const std::string& label = "change the count",
                  const std::optional<core::CountSetup>& before = std::nullopt);

private:
    bool refusedByQuiz();  // a submitted quiz answer is not changed (says so in the panel)
    bool replay(core::CaseSlideId slide, bool backwards);  // the next undo (or redo), applied and saved
    void apply(core::CaseSlideId slide, SlideMarks& m, const core::AnnotationEdit& e);  // in memory, then saved
    AnnotationSession& m_s;
    CaseActions& m_actions;
};

// The current reader's mitotic figures on the slide (their centres), for counting.
std::vector<core::Level0Point> mitosesOf(const SlideMarks& marks, const std::string& reader);

}  // namespace histomark::ui
