// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "core/case_model.h"
#include "core/result.h"
#include "core/slide_info.h"
#include "storage/repositories.h"

// What adding, tagging and relinking a case slide means, shared by the CLI (`histomark case ...`)
// and the UI's case window. The slide file is opened by the caller (slide::openSlide, off the UI
// thread); these functions get its SlideInfo and run on the storage thread inside a transaction.
namespace histomark::storage {

// The record for a newly opened slide: absolute path, level-0 size, content fingerprint
// (fingerprintOf), canonical stain; an H&E slide is its own reference (TransformSource::Identity),
// any other is not aligned yet (None). Position -1 appends it to the case.
core::CaseSlideRecord newCaseSlide(core::CaseId caseId, const core::SlideInfo& info, std::string_view stain);

// Adds the slide to the case; refuses a file whose content is already in that case.
core::Result<core::CaseSlideRecord> addSlideToCase(Repositories& repos, core::CaseId caseId, const core::SlideInfo& info,
                                                   std::string_view stain);

// Tags a slide (canonical name). A slide that becomes H&E and was not aligned becomes the
// identity; an identity slide that stops being H&E becomes unaligned. Aligned slides keep their transform.
core::Result<core::CaseSlideRecord> setSlideStain(Repositories& repos, core::CaseSlideId id, std::string_view stain);

// True when `file` has the content recorded for `slide` (same fingerprint).
bool sameSlide(const core::CaseSlideRecord& slide, const core::SlideInfo& file);

// Points the slide at a moved file. Without `force`, a file with other content is refused (the
// transform, stain and views recorded belong to the old content); with it, the new fingerprint and
// size are recorded. Everything else about the slide is kept.
core::Result<core::CaseSlideRecord> relinkSlide(Repositories& repos, core::CaseSlideId id, const core::SlideInfo& file,
                                                bool force);

// The file is at its recorded path now (checks the disk: storage thread or a worker).
bool slideFilePresent(const core::CaseSlideRecord& slide);

}  // namespace histomark::storage
