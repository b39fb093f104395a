// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/annotation.h"
#include "core/result.h"
#include "interchange/dataset_source.h"
#include "interchange/geojson.h"
#include "interchange/imported_annotations.h"
#include "interchange/marks_export.h"

namespace histomark::interchange {

// Larger files are refused before reading: a parsed document takes several times its size in memory.
inline constexpr std::uintmax_t kMaxAnnotationFileBytes = 200'000'000;

// Reads an annotation file, the format told by its content, not its name: JSON -> QuPath GeoJSON,
// or a MIDOG dataset JSON (midog_json.h); XML with root <ASAP_Annotations> -> ASAP; root
// <Annotations> -> ImageScope (ASAP when it holds <Coordinates> and no <Regions>, the root-less ASAP
// form ASAP itself accepts); an SQLite file -> a SlideRunner database (sliderunner_db.h). The two
// label sets hold many images: `choice` says which (and how SlideRunner's readers are kept). Errors name the file
// ("Cannot import cells.json: malformed JSON at byte 12 ..."): missing, a folder or other
// non-file, unreadable, over kMaxAnnotationFileBytes, empty, binary, UTF-16, an unknown format
// (JSON that is no GeoJSON, such as Cytomine's or Sectra's, included), or what the reader refuses.
core::Result<ImportedAnnotations> readAnnotationFile(const std::filesystem::path& path, const DatasetChoice& choice = {});

// The images a SlideRunner database or a MIDOG dataset JSON holds (to let the user choose one);
// empty for any other annotation file, which is of one image.
core::Result<std::vector<DatasetImage>> listDatasetImages(const std::filesystem::path& path);

// Writes marks in `format`, or the one the extension names (exportFormatOfPath), then reports what
// went in and what was left out. GeoJSON, ASAP XML, CSV and the MIDOG files go to a temporary file
// beside `path`, synced to disk, then renamed over it: a failure leaves any old file as it was and
// no temporary file behind; a MIDOG dataset of other images is not overwritten. A SlideRunner
// database is added to (sliderunner_write.h). Refuses marks with a geometryProblem(), naming the
// first. Errors start "Cannot export to NAME: ". `labels`: several readers' labels per mark, kept by
// the SlideRunner format only (writeSlideRunner).
core::Result<ExportReport> exportAnnotationFile(const std::filesystem::path& path, const std::vector<core::Annotation>& annotations,
                                                const std::vector<core::AnnotationClass>& classes, const ExportImage& image = {},
                                                std::optional<ExportFormat> format = std::nullopt, const MarkLabels& labels = {});

// exportAnnotationFile by extension, for the formats that need nothing of the slide.
core::Status writeAnnotationFile(const std::filesystem::path& path, const std::vector<core::Annotation>& annotations,
                                 const std::vector<core::AnnotationClass>& classes);

// Writes an analysis' detections (geojson.h) as QuPath GeoJSON, the same safe way; .geojson or
// .json only.
core::Status writeDetectionFile(const std::filesystem::path& path, const std::vector<Detection>& detections);
// Whether writeDetectionFile takes this name (.geojson or .json), to refuse a wrong one before the work.
bool isDetectionFileName(const std::filesystem::path& path);

}  // namespace histomark::interchange
