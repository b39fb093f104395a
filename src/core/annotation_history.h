// SPDX-License-Identifier: MIT
#pragma once
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/annotation_layer.h"
#include "core/count_setup.h"

namespace histomark::core {

// A reader's count setup (fields, preset, FNCLCC components) before and after an action.
struct CountChange {
    std::string reader;
    CountSetup before, after;
};

// One undoable action on a slide's marks, as the marks were before and after it: adding (no
// before), deleting (no after), moving or relabelling (both); or a change of a count setup. A
// whole import is one edit, so one undo takes all of it back, and one redo brings all of it again.
struct AnnotationEdit {
    std::string label;  // for the Edit menu: "add point", "import 1,204 marks", "delete 3 marks"
    std::vector<std::pair<MarkKey, std::optional<Annotation>>> before, after;
    std::optional<CountChange> count;

    // The edit that undoes this one.
    AnnotationEdit inverse() const {
        AnnotationEdit e{label, after, before, std::nullopt};
        if (count) e.count = CountChange{count->reader, count->after, count->before};
        return e;
    }
    bool marksChange() const { return !after.empty() || !before.empty(); }
    bool empty() const { return !marksChange() && !count; }
};

// Puts an edit's "after" state into the layer (keys in `before` but not in `after` are erased).
void applyEdit(AnnotationLayer& layer, const AnnotationEdit& edit);

// Builders for the common edits (they read the "before" state from the layer).
AnnotationEdit addEdit(AnnotationLayer& layer, std::vector<Annotation> marks, std::string label);
AnnotationEdit removeEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys);
AnnotationEdit relabelEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys, const std::string& className);
AnnotationEdit moveEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys, double dx, double dy);

// Undo and redo stacks. A new edit clears the redo stack. The oldest edits fall off beyond `limit`.
class AnnotationHistory {
public:
    explicit AnnotationHistory(size_t limit = 1000) : m_limit(limit) {}
    void push(AnnotationEdit edit);
    // The edit to apply (and save) to undo or redo, or nullopt when there is none.
    std::optional<AnnotationEdit> undo();
    std::optional<AnnotationEdit> redo();
    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    const std::string* nextUndoLabel() const { return m_undo.empty() ? nullptr : &m_undo.back().label; }
    const std::string* nextRedoLabel() const { return m_redo.empty() ? nullptr : &m_redo.back().label; }
    void clear() { m_undo.clear(), m_redo.clear(); }

private:
    size_t m_limit;
    std::deque<AnnotationEdit> m_undo, m_redo;
};

}  // namespace histomark::core
