// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

namespace histomark::interchange {

// One image of a labelled set: its id in the set and its file name.
struct DatasetImage {
    long long id = 0;
    std::string fileName;
};

// Which image of a multi-image label set (a SlideRunner database, a MIDOG JSON) to read, and how.
struct DatasetChoice {
    // The image's file name (compared without folder and case) or its id in the set. When empty:
    // the image named like `slideFileName` (the slide the marks go onto), else the set's only image;
    // several and none named so fails, listing them.
    std::string image;
    std::string slideFileName;
    // SlideRunner: one mark per reader's label (the reader as `Persons.name`) instead of one mark
    // per annotation with the consensus class (agreedClass, else the majority of the labels).
    bool perReader = false;
};

namespace detail {
// Picks the image `choice` names out of (id, file name) pairs; errors list what the set holds.
// Returns the index into `images`.
using ImageEntry = DatasetImage;
std::string chooseImageError(const std::vector<ImageEntry>& images, const DatasetChoice& choice);
long chooseImage(const std::vector<ImageEntry>& images, const DatasetChoice& choice);  // -1: none
}  // namespace detail

}  // namespace histomark::interchange
