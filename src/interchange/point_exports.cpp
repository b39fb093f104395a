// SPDX-License-Identifier: MIT
#include "interchange/point_exports.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "interchange/class_names.h"
#include "interchange/import_support.h"

namespace histomark::interchange {
namespace {

using ojson = nlohmann::ordered_json;

bool isPoint(const core::Annotation& a) { return a.kind == core::ShapeKind::Point && !a.points.empty(); }

// "12 area marks left out: <format> holds point marks only", or nothing.
void noteAreas(ExportReport& r, size_t areas, const std::string& format) {
    if (areas)
        r.notes.push_back(std::to_string(areas) + (areas == 1 ? " area mark" : " area marks") + " left out: " + format +
                          " holds point marks only");
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

bool isFigure(const core::Annotation& a) { return sameClassName(canonicalClassName(a.className), core::kMitoticFigure); }
bool isLookAlike(const core::Annotation& a) { return sameClassName(canonicalClassName(a.className), core::kLookAlike); }

}  // namespace

PointExport writeMarksCsv(const std::vector<core::Annotation>& marks) {
    PointExport out;
    out.report.format = ExportFormat::Csv;
    out.text = "x_px,y_px,class,reader\n";
    size_t areas = 0;
    for (const auto& m : marks) {
        if (!isPoint(m)) {
            ++areas;
            continue;
        }
        // 2 decimals (1/100 px), as QuPath writes positions.
        out.text += detail::formatNumber(std::round(m.points.front().x * 100) / 100) + "," +
                    detail::formatNumber(std::round(m.points.front().y * 100) / 100) + "," +
                    csvField(m.className) + "," + csvField(m.reader) + "\n";
        ++out.report.written;
    }
    noteAreas(out.report, areas, "CSV");
    return out;
}

PointExport writeMidogDataset(const std::vector<core::Annotation>& marks, const ExportImage& image) {
    PointExport out;
    out.report.format = ExportFormat::MidogDataset;
    const bool scaled = image.mppX > 0 && image.mppY > 0;
    const double half = scaled ? kMidogBoxUm / ((image.mppX + image.mppY) / 2) / 2 : 25;
    if (!scaled) out.report.notes.push_back("the slide's scale is unknown: boxes of 50 px (12.5 µm at 0.25 µm/px)");

    ojson im = {{"id", 1}, {"file_name", image.fileName.empty() ? std::string("slide") : image.fileName}};
    if (image.width > 0 && image.height > 0) im["width"] = image.width, im["height"] = image.height;
    ojson categories = ojson::array({ojson{{"id", 1}, {"name", core::kMitoticFigure}}, ojson{{"id", 2}, {"name", kMidogLookAlike}}});
    std::map<std::string, int> others;  // canonical name -> category id
    ojson annotations = ojson::array();
    size_t areas = 0;
    for (const auto& m : marks) {
        if (!isPoint(m)) {
            ++areas;
            continue;
        }
        int category = isFigure(m) ? 1 : isLookAlike(m) ? 2 : 0;
        if (!category) {
            const std::string name = canonicalClassName(m.className);
            auto [it, added] = others.try_emplace(name, int(categories.size()) + 1);
            if (added) categories.push_back({{"id", it->second}, {"name", name}});
            category = it->second;
        }
        const core::Level0Point p = m.points.front();
        annotations.push_back({{"bbox", {p.x - half, p.y - half, p.x + half, p.y + half}},
                               {"category_id", category},
                               {"image_id", 1},
                               {"id", annotations.size() + 1}});
    }
    noteAreas(out.report, areas, "a MIDOG dataset");
    out.report.written = annotations.size();
    ojson doc = {{"images", ojson::array({im})}, {"categories", categories}, {"annotations", annotations}};
    out.text = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return out;
}

core::Result<PointExport> writeMidogPoints(const std::vector<core::Annotation>& marks, const ExportImage& image) {
    if (!(image.mppX > 0 && image.mppY > 0))
        return core::Error{"MIDOG points are in millimetres and the slide's scale is unknown: set the scale first"};
    PointExport out;
    out.report.format = ExportFormat::MidogPoints;
    ojson points = ojson::array();
    size_t areas = 0, other = 0;
    for (const auto& m : marks) {
        if (!isPoint(m)) {
            ++areas;
            continue;
        }
        const bool figure = isFigure(m);
        if (!figure && !isLookAlike(m)) {
            ++other;
            continue;
        }
        const core::Level0Point p = m.points.front();
        points.push_back({{"name", figure ? "mitotic figure" : "non-mitotic figure"},
                          {"point", {p.x * image.mppX / 1000, p.y * image.mppY / 1000, 0}},
                          {"probability", 1.0}});
    }
    noteAreas(out.report, areas, "MIDOG's point file");
    if (other)
        out.report.notes.push_back(std::to_string(other) + " point marks of other classes left out: MIDOG scores mitotic figures and look-alikes");
    out.report.written = points.size();
    ojson doc = {{"type", "Multiple points"}, {"points", points}, {"version", {{"major", 1}, {"minor", 0}}}};
    out.text = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return out;
}

}  // namespace histomark::interchange
