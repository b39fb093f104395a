// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"

namespace histomark::interchange {

// What one annotation file held, ready for the caller to place on a slide.
struct ImportedAnnotations {
    // slide = 0 and id = 0 (the caller assigns both); reader, className, kind and points filled.
    std::vector<core::Annotation> annotations;
    // Every class the file names (also declared ones no mark uses), in order of first mention, with
    // the colour the file gives; where it gives none, defaultClassColour() of the name.
    std::vector<core::AnnotationClass> classes;
    // What was skipped or changed, counted per kind ("3 LineString features skipped: lines are not
    // supported (first: feature 0)"): one line per kind, however many items it hit.
    std::vector<std::string> warnings;
    std::string format;  // "QuPath GeoJSON", "ASAP XML", "Aperio ImageScope XML"
};

}  // namespace histomark::interchange
