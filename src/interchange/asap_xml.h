// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"
#include "interchange/imported_annotations.h"

namespace histomark::interchange {

// ASAP XML (DOMAIN.md 9.5). Dot -> point; PointSet -> one point per coordinate; Rectangle ->
// rectangle (bounding box of its coordinates); Polygon and Spline -> polygon (a spline through its
// control points); None, Measurement and unknown types -> skipped with a warning. Coordinates are
// taken in Order (0..n-1, each once; all missing = document order). Class = PartOfGroup ("None" or
// empty -> kUnclassified), through canonicalClassName(); its colour is the group's, else the first
// annotation's. An annotation naming an undeclared group is imported with a warning (ASAP itself
// would discard the whole file). A Name of the form "<group> <n> (<reader>)", as writeAsapXml
// writes it, gives the reader back. Errors: malformed XML (with the byte offset), no
// <Annotations>, broken coordinates (Order out of range or repeated, X/Y not numbers or beyond
// +-1e7 px), naming the annotation ("annotation 2", 0-based).
core::Result<ImportedAnnotations> readAsapXml(const std::string& text);

// ASAP XML that ASAP opens: one Dot per point, Rectangle with its 4 corners, Polygon for polygons
// and freehand shapes, and for ellipses a 64-vertex Polygon (ASAP has no ellipse). A Group for every
// class used, coloured from `classes` (else defaultClassColour), since ASAP discards a file whose
// annotation names a missing group; marks without a class go to PartOfGroup="None". ASAP has no
// field for the reader: it goes into the Name, "<class> <n> (<reader>)" (n counts per class from
// 1), which readAsapXml reads back. Marks with a geometryProblem() are left out.
std::string writeAsapXml(const std::vector<core::Annotation>& annotations,
                         const std::vector<core::AnnotationClass>& classes);

}  // namespace histomark::interchange
