// SPDX-License-Identifier: MIT
#pragma once
// The built `histomark` run from a test: its result, or its --json output parsed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/run_command.h"

namespace histomark::test {

inline CommandResult hm(const std::string& args) { return runCommand(quote(histomarkBinary()) + " " + args); }

// `args` with --json appended; a non-zero exit fails the test (with stderr) and gives null.
inline nlohmann::json hmJson(const std::string& args) {
    auto r = hm(args + " --json");
    EXPECT_EQ(r.exitCode, 0) << args << "\n" << r.err;
    return r.exitCode == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

}  // namespace histomark::test
