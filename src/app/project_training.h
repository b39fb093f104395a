// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analysis/mitosis_training.h"
#include "core/result.h"

namespace histomark::app {

// What a project gave the training.
struct ProjectMarksTally {
    int slides = 0;           // slides with figure or look-alike marks that were read
    int figures = 0, lookAlikes = 0;  // marks turned into pictures
    std::vector<std::string> skipped;  // slides left out, and why (a missing file, no scale)
};

// Training pictures from the readers' marks in a project (`histomark train-mitosis --project`): every
// point of class mitotic figure or look-alike on every case slide (of `reader`, or of all readers)
// becomes a picture of the ~32 µm around it, read at level 0 like the AMi-Br patches, grouped by
// slide for the cross-validation. A pathologist's accepted candidates and rejected look-alikes on
// the lab's own tumours (sarcomas, lymphomas) teach the trees what the breast-only patches cannot.
// Slides that cannot be opened or have no scale are skipped and listed; a project that cannot be
// opened is an error.
core::Result<ProjectMarksTally> addProjectPictures(const std::string& projectFile, const std::optional<std::string>& reader,
                                                   std::vector<analysis::PatchBlobs>& pictures);

}  // namespace histomark::app
