// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds `histomark marks import|export|list|set-count PROJECT --case ID --slide ID ...` (see README)
// to `cli`: a slide's marks in and out of annotation files, a summary of them, and a reader's count
// area, so a count can be scripted without the window. The chosen command's work is put in
// `action`; it returns 0, 1 (one line on stderr) or 2 (the flags do not fit together).
void addMarksCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
