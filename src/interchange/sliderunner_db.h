// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>

#include "core/result.h"
#include "interchange/dataset_source.h"
#include "interchange/imported_annotations.h"

namespace histomark::interchange {

// Reads one image's annotations from a SlideRunner SQLite database (DOMAIN §9.7; the original and
// the extended schema), opened read-only and immutable: spots (1) and special spots (4) become
// points, areas (2) rectangles, polygons (3) polygons, circles (5) ellipses on their two corners;
// image annotations (6) and unknown types are skipped with a warning, as are deleted ones and
// those without a class. Coordinates are the image's level-0 px.
core::Result<ImportedAnnotations> readSlideRunner(const std::filesystem::path& path, const DatasetChoice& choice);

// The database's images (Slides: uid, filename).
core::Result<std::vector<DatasetImage>> slideRunnerImages(const std::filesystem::path& path);

// Whether the bytes start like an SQLite database file.
bool looksLikeSqlite(const std::string& head);

}  // namespace histomark::interchange
