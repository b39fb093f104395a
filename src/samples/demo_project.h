// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"

namespace histomark::samples {

// The project file of the demo case: `<caseDir>/demo-case.hmproj` with case DEMO-LMS-001 and its
// four slides tagged with their stains (H&E the reference; the IHC slides not aligned yet, so the
// viewer aligns them when the case first opens). Written after writeDemoCase; replaces an older
// project file there.
core::Status writeDemoProject(const std::string& caseDir);

inline constexpr const char* kDemoProjectFile = "demo-case.hmproj";

}  // namespace histomark::samples
