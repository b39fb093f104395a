// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <string>

#include "ui/ui_actions.h"

namespace histomark::ui {

// The Open dialog: a folder browser filtered to slide and image files (or project files). Folder
// listings are read by a worker (UiActions::listDirectory), so a slow network share never freezes
// the window.
class FileDialog {
public:
    enum class Kind { Slides, Projects, Annotations, Models };
    using Choose = std::function<void(const std::string& path)>;

    // Opens a slide in a tab when chosen.
    void open(const std::string& startDirectory);
    // Calls `choose` with the chosen path instead (relink a slide, add one to a case, a project).
    // A typed path that does not exist yet is accepted for projects (a new project file).
    void pick(const std::string& startDirectory, std::string title, Kind kind, Choose choose);
    // Draws the modal when open.
    void draw(UiActions& actions);

    static bool isSlideFile(const std::string& name);
    static bool isProjectFile(const std::string& name);
    static bool isAnnotationFile(const std::string& name);  // .geojson, .json, .xml, .sqlite, .db
    static bool isModelFile(const std::string& name);       // .yml, .yaml (train-mitosis writes them)
    static bool matches(Kind kind, const std::string& name);

private:
    void navigate(UiActions& actions, const std::string& dir);
    void choose(UiActions& actions, const std::string& path);
    bool wanted(const std::string& name) const;

    std::string m_title = "Open slide";
    Kind m_kind = Kind::Slides;
    Choose m_choose;  // empty: open the slide

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
