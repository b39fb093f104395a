// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "ui/ui_actions.h"

namespace histomark::ui {

// The Open dialog: a folder browser filtered to slide and image files. Folder listings are read
// by a worker (UiActions::listDirectory), so a slow network share never freezes the window.
class FileDialog {
public:
    void open(const std::string& startDirectory);
    // Draws the modal when open; calls actions.openSlide on a choice.
    void draw(UiActions& actions);

    static bool isSlideFile(const std::string& name);

private:
    void navigate(UiActions& actions, const std::string& dir);

    bool m_requestOpen = false;
    std::string m_dir;
    char m_pathInput[1024] = {};
    DirectoryListing m_listing;
    bool m_loading = false;
    bool m_showAll = false;
    std::string m_selected;
    // Listings arrive asynchronously; a counter discards answers for a folder we already left.
    std::shared_ptr<int> m_generation = std::make_shared<int>(0);
};

}  // namespace histomark::ui
