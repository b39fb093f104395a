// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"

namespace histomark::storage {
class Project;
}

namespace histomark::samples {

// Writes a project file whole or not at all: `fill` works on `<target>.partial`, which then
// replaces `target` (and its -wal/-shm), so a failed run never leaves half a project there.
core::Status writeProjectFile(const std::filesystem::path& target, const std::function<core::Status(storage::Project&)>& fill);

// The project file of the demo case: `<caseDir>/demo-case.hmproj` with case DEMO-LMS-001 and its
// four slides tagged with their stains (H&E the reference; the IHC slides not aligned yet, so the
// viewer aligns them when the case first opens). Written after writeDemoCase; replaces an older
// project file there.
core::Status writeDemoProject(const std::string& caseDir);

inline constexpr const char* kDemoProjectFile = "demo-case.hmproj";

}  // namespace histomark::samples
