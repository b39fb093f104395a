// SPDX-License-Identifier: MIT
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace histomark::test {

// Path of a file in the shared public data folder (../shared/data or $HISTOMARK_DATA).
std::filesystem::path dataPath(const std::string& relative);
bool underCi();  // CI=true: missing data is a failure, not a skip
std::filesystem::path tempDir(const std::string& name);  // fresh, per test binary run
std::string fileBytes(const std::filesystem::path& file);  // the whole file ("" when unreadable)
void writeBytes(const std::filesystem::path& file, const std::string& bytes);  // replaces the file

}  // namespace histomark::test

// Skips the test (with the reason printed) when a data file is absent; fails instead under CI=true.
#define HM_REQUIRE_DATA(var, rel)                                                               \
    const std::filesystem::path var = ::histomark::test::dataPath(rel);                         \
    if (!std::filesystem::exists(var)) {                                                        \
        if (::histomark::test::underCi()) FAIL() << "shared data missing under CI: " << var;    \
        GTEST_SKIP() << "shared data not present (" << var << "); skipping";                   \
    }
