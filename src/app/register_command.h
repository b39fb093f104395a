// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace histomark::app {

struct RegisterArgs {
    std::string fixed, moving;
    bool json = false;
    std::optional<double> mppFixed, mppMoving;  // µm per level-0 px, overriding the slides' own
    bool rigid = false;                         // rigid + uniform scale instead of affine
    bool noMirror = false;
};

// Registers MOVING onto FIXED (analysis::registerSlides) and prints the level-0 transform, its
// residual and notes, as text or one JSON object. Returns 0, or 1 with one line on stderr.
int runRegister(const RegisterArgs& args);

// Adds `histomark register FIXED MOVING [--json] [--mpp-fixed V] [--mpp-moving V] [--rigid]
// [--no-mirror]` to `cli`; the work goes into `action`, to run after parsing.
void addRegisterCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
