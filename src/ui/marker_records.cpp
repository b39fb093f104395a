// SPDX-License-Identifier: MIT
#include "ui/marker_records.h"

#include <ctime>

namespace histomark::ui {
namespace {

void put(MarkerRecords& m, core::CaseSlideId slide, const std::optional<core::MarkerRecord>& record, CaseActions& actions) {
    if (record)
        m.bySlide[slide] = *record;
    else
        m.bySlide.erase(slide);
    actions.saveMarkerRecord(slide, record);
}

}  // namespace

void setMarkerRecord(MarkerRecords& m, core::CaseSlideId slide, std::optional<core::MarkerRecord> after, CaseActions& actions) {
    if (m.locked) return;
    std::optional<core::MarkerRecord> before;
    if (auto it = m.bySlide.find(slide); it != m.bySlide.end()) before = it->second;
    if (after) {
        after->slide = slide;
        after->modifiedUnix = int64_t(std::time(nullptr));
    }
    put(m, slide, after, actions);
    m.undo.push_back({slide, std::move(before), std::move(after)});
    m.redo.clear();
}

bool undoMarkerRecord(MarkerRecords& m, CaseActions& actions) {
    if (m.locked || m.undo.empty()) return false;
    MarkerRecords::Change c = std::move(m.undo.back());
    m.undo.pop_back();
    put(m, c.slide, c.before, actions);
    m.redo.push_back(std::move(c));
    return true;
}

bool redoMarkerRecord(MarkerRecords& m, CaseActions& actions) {
    if (m.locked || m.redo.empty()) return false;
    MarkerRecords::Change c = std::move(m.redo.back());
    m.redo.pop_back();
    put(m, c.slide, c.after, actions);
    m.undo.push_back(std::move(c));
    return true;
}

}  // namespace histomark::ui
