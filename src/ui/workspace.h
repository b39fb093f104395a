// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <vector>

#include "ui/slide_view.h"

namespace histomark::ui {

// The open slides, one view each, shown as tabs; `active` is the tab on screen.
struct Workspace {
    std::vector<std::unique_ptr<SlideView>> views;
    int active = -1;
    int selectRequest = -1;  // a tab to bring to front on the next frame (new slide, script)

    SlideView* activeView() {
        return active >= 0 && active < int(views.size()) ? views[size_t(active)].get() : nullptr;
    }
    SlideView* find(core::SlideId id) {
        for (auto& v : views)
            if (v->document()->id() == id) return v.get();
        return nullptr;
    }
};

// Memory and queue figures for the status bar.
struct PipelineStatus {
    size_t cpuBytes = 0, cpuBudget = 0, gpuBytes = 0, gpuBudget = 0, loaderPending = 0;
    int workers = 0;
};

}  // namespace histomark::ui
