// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "support/test_data.h"

namespace histomark::test {

struct CommandResult {
    int exitCode = -1;  // -1 when killed by a signal
    std::string out, err;
};

// Runs `args` (already shell-quoted where needed) through /bin/sh with a time limit, capturing
// stdout and stderr.
CommandResult runCommand(const std::string& args, int timeoutSeconds = 120);
std::string quote(const std::string& s);           // single-quoted for the shell
std::string histomarkBinary();                     // path of the built histomark executable
bool haveDisplay();                                // DISPLAY set (GUI tests)

}  // namespace histomark::test

// Skips a GUI test without a display, or fails under CI=true (the test command starts Xvfb).
#define HM_REQUIRE_DISPLAY()                                                                        \
    if (!::histomark::test::haveDisplay()) {                                                         \
        if (::histomark::test::underCi()) FAIL() << "no DISPLAY under CI: run the tests via scripts/test.sh"; \
        GTEST_SKIP() << "no DISPLAY; GUI tests run under xvfb-run (scripts/test.sh)";               \
    }
