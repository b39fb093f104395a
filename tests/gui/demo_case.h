// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_data.h"

// The generated demo case (build/samples/demo-case) as the GUI tests use it.
namespace histomark::test {

inline const std::filesystem::path kCaseDir = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";

// A fresh copy of the demo project (the GUI writes views, transforms and marks into it).
inline std::filesystem::path projectCopy(const std::string& name) {
    const std::filesystem::path dir = tempDir("case-" + name);
    const std::filesystem::path p = dir / "demo.hmproj";
    std::filesystem::copy_file(kCaseDir / "demo-case.hmproj", p, std::filesystem::copy_options::overwrite_existing);
    return p;
}

// A command script that opens the project's demo case, then runs `rest`.
inline std::string script(const std::filesystem::path& project, const std::string& rest) {
    return "open-project " + project.string() + "\nopen-case DEMO-LMS-001\nwait-idle 180\n" + rest;
}

inline nlohmann::json demoTruth() {
    std::ifstream in(kCaseDir / "truth.json");
    return nlohmann::json::parse(in);
}

}  // namespace histomark::test
