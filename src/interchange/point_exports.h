// SPDX-License-Identifier: MIT
#pragma once
// Point marks for the scoring tools: CSV rows, a MIDOG dataset JSON and MIDOG's detection JSON.
// Each writer takes the point marks and leaves the others out with a note in the report.
#include <string>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"
#include "interchange/marks_export.h"

namespace histomark::interchange {

// MIDOG's name for a look-alike, and the side of its boxes (50 px at 0.25 µm/px).
inline constexpr const char* kMidogLookAlike = "not mitotic figure";
inline constexpr double kMidogBoxUm = 12.5;

struct PointExport {
    std::string text;
    ExportReport report;
};

// "x_px,y_px,class,reader", then one row per point mark in level-0 px (fields with commas or quotes
// quoted as RFC 4180 does).
PointExport writeMarksCsv(const std::vector<core::Annotation>& marks);

// A MIDOG dataset file of one image (the slide: `image.fileName`, its size when known): boxes of
// kMidogBoxUm around each point (50 px when the scale is unknown, with a note), categories
// "mitotic figure", "not mitotic figure" (our look-alike), then any other class.
PointExport writeMidogDataset(const std::vector<core::Annotation>& marks, const ExportImage& image);

// {"type": "Multiple points", "points": [{"name", "point": [x_mm, y_mm, 0], "probability": 1}]}: the
// mitotic figures as "mitotic figure", look-alikes as "non-mitotic figure"; needs the scale.
core::Result<PointExport> writeMidogPoints(const std::vector<core::Annotation>& marks, const ExportImage& image);

}  // namespace histomark::interchange
