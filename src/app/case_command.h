// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds `histomark case create|add-slide|list|show|set-stain|relink PROJECT ...` (see README) to
// `cli`. The chosen subcommand's work is put in `action`, to run after parsing; it returns the exit
// code (0, or 1 with one line on stderr: bad project file, unknown case or slide, unreadable slide).
void addCaseCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
