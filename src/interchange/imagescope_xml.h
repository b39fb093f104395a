// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"
#include "interchange/imported_annotations.h"

namespace histomark::interchange {

// Aperio ImageScope XML, import only (DOMAIN.md 9.6; no public schema):
// <Annotations><Annotation Name LineColor><Regions><Region Type Text><Vertices><Vertex X Y/>.
// Region Type 0 -> polygon (ImageScope's pen and polygon tools both write it), 1 -> rectangle
// (bounding box of its vertices), 2 -> ellipse (bounding box of its two corner vertices); other
// types (arrows, rulers, ...) are skipped with a warning. Class = the Region's Text, else the
// Annotation's Name (a layer), through canonicalClassName(); colour = the Annotation's LineColor.
// Errors: malformed XML (with the byte offset), no <Annotations> root, vertices that are not
// numbers or beyond +-1e7 px, naming the region ("region 4", 0-based over the file).
core::Result<ImportedAnnotations> readImageScopeXml(const std::string& text);

}  // namespace histomark::interchange
