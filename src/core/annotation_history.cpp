// SPDX-License-Identifier: MIT
#include "core/annotation_history.h"

#include <unordered_set>

namespace histomark::core {

void applyEdit(AnnotationLayer& layer, const AnnotationEdit& edit) {
    std::unordered_set<MarkKey> kept;
    for (const auto& [key, mark] : edit.after)
        if (mark) {
            layer.put(key, *mark);
            kept.insert(key);
        } else {
            layer.erase(key);
        }
    for (const auto& [key, mark] : edit.before)
        if (!kept.count(key)) layer.erase(key);
}

AnnotationEdit addEdit(AnnotationLayer& layer, std::vector<Annotation> marks, std::string label) {
    AnnotationEdit e;
    e.label = std::move(label);
    e.after.reserve(marks.size());
    for (Annotation& a : marks) e.after.emplace_back(layer.newKey(), std::move(a));
    return e;
}

AnnotationEdit removeEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys) {
    AnnotationEdit e;
    for (MarkKey k : keys)
        if (const Annotation* a = layer.find(k)) e.before.emplace_back(k, *a);
    e.label = e.before.size() == 1 ? "delete mark" : "delete " + std::to_string(e.before.size()) + " marks";
    return e;
}

AnnotationEdit relabelEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys, const std::string& className) {
    AnnotationEdit e;
    for (MarkKey k : keys)
        if (const Annotation* a = layer.find(k); a && a->className != className) {
            e.before.emplace_back(k, *a);
            Annotation changed = *a;
            changed.className = className;
            e.after.emplace_back(k, std::move(changed));
        }
    e.label = "mark as " + className;
    return e;
}

AnnotationEdit moveEdit(const AnnotationLayer& layer, const std::vector<MarkKey>& keys, double dx, double dy) {
    AnnotationEdit e;
    e.label = keys.size() == 1 ? "move mark" : "move " + std::to_string(keys.size()) + " marks";
    if (dx == 0 && dy == 0) return e;
    for (MarkKey k : keys)
        if (const Annotation* a = layer.find(k)) {
            e.before.emplace_back(k, *a);
            Annotation moved = *a;
            for (Level0Point& p : moved.points) p.x += dx, p.y += dy;
            e.after.emplace_back(k, std::move(moved));
        }
    return e;
}

void AnnotationHistory::push(AnnotationEdit edit) {
    if (edit.empty()) return;
    m_redo.clear();
    m_undo.push_back(std::move(edit));
    while (m_undo.size() > m_limit) m_undo.pop_front();
}

std::optional<AnnotationEdit> AnnotationHistory::undo() {
    if (m_undo.empty()) return std::nullopt;
    AnnotationEdit e = std::move(m_undo.back());
    m_undo.pop_back();
    AnnotationEdit inv = e.inverse();
    m_redo.push_back(std::move(e));
    return inv;
}

std::optional<AnnotationEdit> AnnotationHistory::redo() {
    if (m_redo.empty()) return std::nullopt;
    AnnotationEdit e = std::move(m_redo.back());
    m_redo.pop_back();
    m_undo.push_back(e);
    return e;
}

}  // namespace histomark::core
