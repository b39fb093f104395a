// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"
#include "interchange/imported_annotations.h"

namespace histomark::interchange {

// readGeoJson's error for valid JSON that is no GeoJSON at all (a Cytomine or Sectra export):
// readAnnotationFile reports such a file as an unknown format rather than a broken one.
inline constexpr std::string_view kNotGeoJson = "JSON, but not GeoJSON";

// QuPath GeoJSON (DOMAIN.md 9.4): a FeatureCollection, a bare array of Features or one Feature.
//  - Point -> point; MultiPoint -> one point per position (QuPath's points annotation);
//    Polygon -> polygon of its outer ring (holes dropped, with a warning), an ellipse when the
//    geometry has "isEllipse": true (its bounding box, as QuPath reads it); MultiPolygon -> one
//    polygon per part. Four axis-aligned vertices stay a polygon: QuPath writes rectangles and
//    polygons alike, only our own "metadata": {"shape": ...} says rectangle or freehand.
//  - LineString, MultiLineString, GeometryCollection, features without geometry: skipped, warned.
//  - objectType (or legacy object_type / type / "Path...Object" names, missing = annotation):
//    annotation, detection and cell are imported alike (a cell by its outer geometry); tile,
//    TMA core and root objects are skipped with a warning. "childObjects" are read too.
//  - class: classification {name, color [r,g,b]} / {name, colorRGB ARGB int} / {names: [...]}
//    (joined with ": ", as QuPath prints derived classes) / a plain string; none ->
//    kUnclassified; then canonicalClassName(). The object's own "color" stands in for a class
//    colour the classification lacks. Reader: properties.metadata.reader.
//  - Errors: malformed JSON (with the byte offset), a wrong container, and broken coordinates
//    (not numbers, not finite, beyond +-1e7 px), naming the feature ("feature 3", 0-based; children
//    as "feature 3.0").
core::Result<ImportedAnnotations> readGeoJson(const std::string& text);

// A FeatureCollection as QuPath writes it, one Feature per line: the points of one (class, reader)
// form one MultiPoint feature; rectangles, polygons and freehand shapes a closed Polygon; ellipses
// a 64-vertex Polygon with "isEllipse": true. properties: objectType "annotation", classification
// {name, color} (colour from `classes`, else defaultClassColour), metadata {reader, shape}
// (shape only for rectangle / freehand, so they come back as such). Coordinates rounded to 2
// decimals; ids are UUID-shaped (version 8) hashes of the content, so equal input, equal file.
// Marks with a geometryProblem() are left out (writeAnnotationFile refuses them first).
std::string writeGeoJson(const std::vector<core::Annotation>& annotations,
                         const std::vector<core::AnnotationClass>& classes);

// An object an analysis found (a candidate mitosis, a scored cell), for QuPath to show and measure.
struct Detection {
    core::Level0Point at;
    std::string className;
    uint32_t rgb = 0;  // 0xRRGGBB; 0: defaultClassColour(className)
    std::vector<std::pair<std::string, double>> measurements;  // QuPath's measurement list, in order
};

// A FeatureCollection of QuPath detections, one Point Feature per line: objectType "detection",
// classification {name, color}, measurements {name: value} (QuPath >= 0.4 reads them into its
// measurement table). Read back by readGeoJson as point marks of their class.
std::string writeGeoJsonDetections(const std::vector<Detection>& detections);

}  // namespace histomark::interchange
