// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds `histomark consensus PROJECT --slide S --reader A --reader B --reader C ...` (the readers'
// marks voted into one set, core::formConsensus; `--write NAME` stores it as a reader) to `cli`,
// as in the README. Exit codes: 0, 1 (one line on stderr: bad project, unknown slide / reader /
// class, unknown scale), 2 (flags that do not fit together).
void addConsensusCommand(CLI::App& cli, std::function<int()>& action);

}  // namespace histomark::app
