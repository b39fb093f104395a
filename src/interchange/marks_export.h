// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/consensus_cells.h"

namespace histomark::interchange {

// What marks can be written as (annotation_file.h writes them).
enum class ExportFormat {
    GeoJson,       // QuPath GeoJSON (.geojson, .json)
    AsapXml,       // ASAP XML (.xml)
    SlideRunner,   // a SlideRunner database (.sqlite, .db): the slide added to it, or a new one
    Csv,           // point marks as x_px,y_px,class,reader rows (.csv)
    MidogDataset,  // a MIDOG dataset JSON: point marks as boxes of 12.5 µm around them
    MidogPoints,   // MIDOG's detection JSON ("Multiple points", millimetres): what its scoring reads
};

// "geojson", "asap", "sliderunner", "csv", "midog", "midog-points".
const char* exportFormatName(ExportFormat f);
std::optional<ExportFormat> parseExportFormat(const std::string& name);
// "geojson, asap, ..." for messages and help.
std::string exportFormatNames();
// By the file's extension, case-insensitive; nullopt for any other (the two MIDOG formats are .json
// files, so they are only chosen by name).
std::optional<ExportFormat> exportFormatOfPath(const std::filesystem::path& path);

// The slide the marks are on, for the formats that name or scale it.
struct ExportImage {
    std::string fileName;   // SlideRunner's Slides.filename, MIDOG's file_name (the slide's file name)
    std::string directory;  // SlideRunner's Slides.directory
    int64_t width = 0, height = 0;  // level-0 px; 0 = unknown
    double mppX = 0, mppY = 0;      // µm per level-0 px; 0 = unknown
};

// Per mark, several readers' labels (a consensus cell's), for the formats that keep them; empty =
// each mark is its own reader's.
using MarkLabels = std::vector<std::vector<core::CellLabel>>;

// What an export did, for the user: how many marks went in, and what was left out or changed.
struct ExportReport {
    ExportFormat format = ExportFormat::GeoJson;
    size_t written = 0;
    std::vector<std::string> notes;  // one line each
};

}  // namespace histomark::interchange
