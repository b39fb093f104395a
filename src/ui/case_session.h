// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/job_control.h"
#include "core/stain.h"
#include "core/tile_key.h"
#include "ui/annotation_state.h"

namespace histomark::ui {

// One slide of the open case as the case window shows it.
struct CaseViewer {
    core::CaseSlideRecord record;
    core::SlideId slide = 0;  // its view in Workspace::views; 0 while the file is checked or missing
    enum class File { Checking, Present, Missing } file = File::Checking;
    std::string fileMessage;                     // why it is missing
    std::shared_ptr<core::JobControl> alignJob;  // automatic alignment running on a worker
    std::string alignMessage;                    // outcome of the last alignment, for the header

    bool isReference() const { return core::isHematoxylinEosin(record.stain); }
};

// Corresponding points clicked by the user to correct a slide's alignment by hand.
struct PointPairs {
    core::CaseSlideId moving = 0;  // the slide being corrected (0 = not in this mode)
    std::vector<core::Level0Point> movingPoints, referencePoints;  // pairs, in that slide's level-0 px
    bool active() const { return moving != 0; }
    bool awaitingReference() const { return movingPoints.size() > referencePoints.size(); }
};

// Alignment check: the reference slide drawn over one slide through its transform.
struct AlignmentCheck {
    core::CaseSlideId slide = 0;  // 0 = off
    float opacity = 0.5f;
    bool checkerboard = false;
};

// The case open in the case window: its record, its slides, and how they are linked.
struct CaseSession {
    core::CaseRecord record;
    std::vector<CaseViewer> viewers;  // grid order
    bool crosshair = true;
    int leader = -1;         // viewer the user moved last frame; the linked others follow it
    bool placed = false;     // the first placement (saved views or fit + follow) happened
    std::optional<core::Level0Point> cursorReference;  // mouse position, reference level-0 px
    PointPairs pairs;
    AlignmentCheck check;
    std::string message;  // last error or notice for the case toolbar
    AnnotationSession annotations;  // marks, counts, screening, readers

    // The reference slide of the case: the first H&E, else the first slide.
    int referenceIndex() const {
        for (size_t i = 0; i < viewers.size(); ++i)
            if (viewers[i].isReference()) return int(i);
        return viewers.empty() ? -1 : 0;
    }
    CaseViewer* find(core::CaseSlideId id) {
        for (auto& v : viewers)
            if (v.record.id == id) return &v;
        return nullptr;
    }
    CaseViewer* findBySlide(core::SlideId id) {
        for (auto& v : viewers)
            if (v.slide == id && id != 0) return &v;
        return nullptr;
    }
};

}  // namespace histomark::ui
