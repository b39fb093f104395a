// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds `histomark markers PROJECT --case ID [--json|--csv]` (the case's IHC panel table, H&E
// findings and profile match) and `histomark record-marker PROJECT --case --slide --result ...`
// (one slide's record) to `cli`; the work is put in `action`.
void addMarkersCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
