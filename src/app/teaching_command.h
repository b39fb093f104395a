// SPDX-License-Identifier: MIT
#pragma once
#include <functional>

namespace CLI {
class App;
}

namespace histomark::app {

// Adds `histomark teaching set|unset|list|submit|reopen|score|results|pack|collect PROJECT ...` (teaching cases: the
// educator's marks as the reference answer, a learner's marks scored against them) to `cli`, as in
// the README. Exit codes: 0, 1 (one line on stderr: bad project, unknown case, not a teaching case,
// no reference marks, unknown scale), 2 (flags that do not fit together).
void addTeachingCommands(CLI::App& cli, std::function<int()>& action);

// Adds `pack` and `collect` (teaching packs, teaching_pack_command.cpp) under the `teaching` command.
void addTeachingPackCommands(CLI::App& teaching, std::function<int()>& action);

}  // namespace histomark::app
