// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/case_repo.h"
#include "ui/case_session.h"
#include "ui/slide_view.h"

namespace histomark::ui {

// The open project as the start screen shows it.
struct ProjectState {
    std::string path;   // "" = no project open
    std::string error;  // the last failure (open, write), shown until the next success
    bool busy = false;  // opening, or a case list is on its way
    bool readOnly = false;  // the file or its folder cannot be written: shown, and every edit refused
    std::vector<storage::CaseSummary> cases;  // filtered by `search` and `stainFilter`
    std::string search, stainFilter;
    bool open() const { return !path.empty(); }
};

// Quiz mode for the whole window (`histomark open PROJECT --quiz LEARNER`): the project's teaching
// cases are the questions, in order; the case list and the accessions are not shown.
struct QuizSet {
    std::string learner;  // "" = the ordinary window
    std::vector<core::TeachingCase> cases;
    bool loaded = false;
    std::string error;
    bool on() const { return !learner.empty(); }
    int numberOf(core::CaseId id) const {
        for (size_t i = 0; i < cases.size(); ++i)
            if (cases[i].caseId == id) return int(i) + 1;
        return 0;
    }
};

// The open slides, one view each. Loose slides show as tabs; the slides of the open case show
// together in the case window. `active` is the view with keyboard focus (sidebar, status bar).
struct Workspace {
    std::vector<std::unique_ptr<SlideView>> views;
    int active = -1;
    int selectRequest = -1;  // a loose slide's tab to bring to front on the next frame
    ProjectState project;
    QuizSet quiz;
    std::optional<CaseSession> caseSession;
    bool showCaseRequest = false;  // bring the case window to front on the next frame
    bool showCasesRequest = false;  // bring the case list to front on the next frame
    core::SlideId focusRequest = 0;  // give a case viewer keyboard focus (scripts)
    // The candidate mitosis classifier in use: its file name ("" = the built-in one), and the outcome
    // of the last choice (a file that is no model says why here).
    std::string mitosisModelName;
    std::string mitosisModelMessage;

    SlideView* activeView() {
        return active >= 0 && active < int(views.size()) ? views[size_t(active)].get() : nullptr;
    }
    SlideView* find(core::SlideId id) {
        for (auto& v : views)
            if (v->document()->id() == id) return v.get();
        return nullptr;
    }
    int indexOf(core::SlideId id) const {
        for (size_t i = 0; i < views.size(); ++i)
            if (views[i]->document()->id() == id) return int(i);
        return -1;
    }
    // True for views that belong to the open case (not shown as tabs of their own).
    bool inCase(core::SlideId id) const {
        if (!caseSession) return false;
        for (const auto& v : caseSession->viewers)
            if (v.slide == id) return true;
        return false;
    }
};

// Memory and queue figures for the status bar.
struct PipelineStatus {
    size_t cpuBytes = 0, cpuBudget = 0, gpuBytes = 0, gpuBudget = 0, loaderPending = 0;
    int workers = 0;
};

}  // namespace histomark::ui
