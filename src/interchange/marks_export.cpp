// SPDX-License-Identifier: MIT
#include "interchange/marks_export.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace histomark::interchange {
namespace {

constexpr std::pair<ExportFormat, const char*> kNames[] = {
    {ExportFormat::GeoJson, "geojson"},         {ExportFormat::AsapXml, "asap"}, {ExportFormat::SlideRunner, "sliderunner"},
    {ExportFormat::Csv, "csv"},                 {ExportFormat::MidogDataset, "midog"},
    {ExportFormat::MidogPoints, "midog-points"},
};

std::string lowered(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

}  // namespace

const char* exportFormatName(ExportFormat f) {
    for (const auto& [format, name] : kNames)
        if (format == f) return name;
    return "?";
}

std::optional<ExportFormat> parseExportFormat(const std::string& name) {
    const std::string n = lowered(name);
    for (const auto& [format, known] : kNames)
        if (n == known) return format;
    if (n == "qupath") return ExportFormat::GeoJson;
    if (n == "xml") return ExportFormat::AsapXml;
    if (n == "sqlite") return ExportFormat::SlideRunner;
    return std::nullopt;
}

std::string exportFormatNames() {
    std::string out;
    for (const auto& [format, name] : kNames) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

std::optional<ExportFormat> exportFormatOfPath(const std::filesystem::path& path) {
    const std::string ext = lowered(path.extension().string());
    if (ext == ".geojson" || ext == ".json") return ExportFormat::GeoJson;
    if (ext == ".xml") return ExportFormat::AsapXml;
    if (ext == ".sqlite" || ext == ".db") return ExportFormat::SlideRunner;
    if (ext == ".csv") return ExportFormat::Csv;
    return std::nullopt;
}

}  // namespace histomark::interchange
