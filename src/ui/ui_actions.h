// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/tile_key.h"
#include "storage/settings_store.h"

namespace histomark::ui {

struct DirectoryListing {
    std::string directory;
    std::vector<std::string> folders, files;  // names only, sorted
    std::string error;
};

// What the UI asks the application to do. The app does the slow parts on workers and reports
// back through the UI-thread queue; none of these block.
class UiActions {
public:
    virtual ~UiActions() = default;
    virtual void openSlide(const std::string& path) = 0;
    virtual void closeSlide(core::SlideId id) = 0;
    // nullopt returns to the scale recorded in the file. Remembered per slide across sessions.
    virtual void setMppOverride(core::SlideId id, std::optional<storage::MppOverride> mpp) = 0;
    virtual std::vector<std::string> recentFiles() const = 0;
    virtual void listDirectory(const std::string& dir, std::function<void(DirectoryListing)> done) = 0;
    virtual void requestQuit() = 0;
};

}  // namespace histomark::ui
