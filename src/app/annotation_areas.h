// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"

namespace histomark::app {

// The areas (every shape but points) of an annotation file (QuPath GeoJSON, ASAP or ImageScope XML,
// read as Import reads it), only those of `className` when one is given: matched as the import
// matches the file's names ("Tumor", "tumour" and "tumour region" are one class; case-insensitive).
// Errors: the file's own (missing, malformed, ...), or no such areas, naming the classes it has.
core::Result<std::vector<core::Annotation>> readAreas(const std::string& file, const std::string& className);

}  // namespace histomark::app
