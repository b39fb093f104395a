// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/job_control.h"
#include "core/result.h"

namespace histomark::storage {

// A slide of a teaching pack to copy: its file, and its place in the set.
struct PackSlide {
    core::CaseSlideId id = 0;
    std::string path;
    int question = 0, index = 0;  // 1-based: "question-2-1.svs" is question 2's first slide
};

// Copies each slide into `folder` (created; it must not hold anything yet) under a name that tells
// nothing but its place, question-<q>-<index><ext>; a MIRAX slide with its data folder, renamed
// alike. Returns the new paths relative to the folder's parent (the pack's own folder), so the
// pack and its slides move together. Formats whose files name each other (Hamamatsu .vms/.vmu,
// DICOM) are refused, as are missing files. Copies in blocks, reporting the share of bytes copied
// to `job` and stopping ("cancelled") when it is cancelled. On failure nothing copied is left behind.
core::Result<std::map<core::CaseSlideId, std::string>> copyPackSlides(const std::vector<PackSlide>& slides,
                                                                      const std::filesystem::path& folder, core::JobControl* job = nullptr);

}  // namespace histomark::storage
