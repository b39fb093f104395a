// SPDX-License-Identifier: MIT
#pragma once
#include <string>

namespace histomark::app {

// How a subcommand reports a problem: one line on stderr ("histomark: ..."), and the exit code to
// return (1: bad input or data, 2: bad usage).
int fail(const std::string& message, int code = 1);

// A number for people and logs: printf's %.*g with `digits` significant digits, locale-free.
std::string shortNumber(double v, int digits);

}  // namespace histomark::app
