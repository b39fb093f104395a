// SPDX-License-Identifier: MIT
#pragma once

namespace histomark::app {

// Parses the command line (CLI11) and runs the chosen subcommand; returns the exit code.
int runCli(int argc, char** argv);

}  // namespace histomark::app
