// SPDX-License-Identifier: MIT
#include "interchange/imagescope_xml.h"

#include <cmath>
#include <pugixml.hpp>

#include "interchange/import_support.h"

namespace histomark::interchange {

namespace {

using core::Annotation;
using core::Level0Point;
using core::ShapeKind;
using Imported = core::Result<ImportedAnnotations>;

// LineColor is a decimal int, read here as a Windows COLORREF 0x00BBGGRR: 255 is red. Unverified
// against a file of known colour (ASAP reads it as 0xRRGGBB instead; DOMAIN.md 9.6), so a red and a
// blue layer may come in swapped; green (65280) reads the same either way.
std::optional<uint32_t> colourRef(const char* text) {
    const std::optional<double> v = detail::parseNumber(text);
    if (!v || *v < 0 || *v > 0xffffff || *v != std::floor(*v)) return std::nullopt;
    const uint32_t c = static_cast<uint32_t>(*v);
    return ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff);
}

std::string trimmed(std::string s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

Imported readDocument(const std::string& text) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed)
        return Imported::failure("malformed XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
    const pugi::xml_node root = doc.child("Annotations");
    if (!root) return Imported::failure("not ImageScope XML: no <Annotations> root element");

    detail::ImportBuilder out("Aperio ImageScope XML");
    size_t index = 0;
    for (pugi::xml_node layer : root.children("Annotation")) {
        const std::string layerName = trimmed(layer.attribute("Name").value());
        const std::optional<uint32_t> colour = colourRef(layer.attribute("LineColor").value());
        for (pugi::xml_node region : layer.child("Regions").children("Region")) {
            const std::string label = "region " + std::to_string(index++);
            std::vector<Level0Point> v;
            for (pugi::xml_node vertex : region.child("Vertices").children("Vertex")) {
                const std::optional<double> x = detail::parseNumber(vertex.attribute("X").value());
                const std::optional<double> y = detail::parseNumber(vertex.attribute("Y").value());
                if (!x || !y)
                    return Imported::failure(label + ": vertex X=\"" + vertex.attribute("X").value() + "\" Y=\"" +
                                             vertex.attribute("Y").value() + "\" is not a pair of numbers");
                if (std::abs(*x) > detail::kMaxCoordinate || std::abs(*y) > detail::kMaxCoordinate)
                    return Imported::failure(label + ": vertex X=" + detail::formatNumber(*x) + " Y=" +
                                             detail::formatNumber(*y) + " is beyond 10,000,000 px");
                v.push_back({*x, *y});
            }
            const std::string type = trimmed(region.attribute("Type").value());
            Annotation a;
            if (type == "0") {
                if (v.size() >= 2 && v.front().x == v.back().x && v.front().y == v.back().y) v.pop_back();
                if (v.size() < 3) {
                    out.warn("Type 0 region{s} with fewer than three vertices skipped", label);
                    continue;
                }
                a.kind = ShapeKind::Polygon;
                a.points = std::move(v);
            } else if (type == "1" || type == "2") {
                if (v.size() < 2) {
                    out.warn("Type " + type + " region{s} with fewer than two vertices skipped", label);
                    continue;
                }
                a = detail::makeMark(type == "1" ? ShapeKind::Rectangle : ShapeKind::Ellipse, detail::boundingCorners(v));
            } else {
                out.warn("region{s} of Type \"" + type +
                             "\" skipped: only 0 (polygon), 1 (rectangle) and 2 (ellipse) are imported",
                         label);
                continue;
            }
            const std::string regionText = trimmed(region.attribute("Text").value());
            a.className = out.useClass(regionText.empty() ? layerName : regionText, colour);
            out.add(std::move(a));
        }
    }
    return std::move(out).finish();
}

}  // namespace

core::Result<ImportedAnnotations> readImageScopeXml(const std::string& text) {
    try {
        return readDocument(text);
    } catch (const std::exception& e) {  // bad_alloc on a huge file
        return Imported::failure(std::string("cannot read ImageScope XML: ") + e.what());
    }
}

}  // namespace histomark::interchange
