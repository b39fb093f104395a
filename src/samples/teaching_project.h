// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.h"

namespace histomark::samples {

// A teaching set made from the demo case: `<caseDir>/teaching.hmproj` with one teaching case
// (QUIZ-001, the demo H&E and desmin slides). Its reference reader ("answer key") holds every
// drawn mitotic figure as a point, a count region on the hotspot (480 x 360 µm, about one FNCLCC
// field) and the three largest vessels as "vessel" polygons (a click-in-region question); the
// desmin slide's marker record is the IHC answer. Written after writeDemoCase; replaces an older
// file there. `seed` is the one the case was written with (the figures are the model's).
core::Status writeTeachingProject(const std::string& caseDir, uint64_t seed);

inline constexpr const char* kTeachingProjectFile = "teaching.hmproj";
inline constexpr const char* kTeachingAccession = "QUIZ-001";
inline constexpr const char* kAnswerKeyReader = "answer key";
inline constexpr const char* kVesselClass = "vessel";
inline constexpr size_t kTeachingVessels = 3;

}  // namespace histomark::samples
