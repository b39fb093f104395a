// SPDX-License-Identifier: MIT
#include "interchange/asap_xml.h"

#include <cctype>
#include <cmath>
#include <map>
#include <numbers>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "core/utf8_text.h"
#include "interchange/class_names.h"
#include "interchange/import_support.h"

namespace histomark::interchange {

namespace {

using core::Annotation;
using core::Level0Point;
using core::ShapeKind;
using Imported = core::Result<ImportedAnnotations>;

constexpr int kEllipseVertices = 64;

// The coordinates of one <Annotation> in Order; "" when fine, else what is wrong.
std::string readCoordinates(const pugi::xml_node& annotation, std::vector<Level0Point>& out) {
    std::vector<pugi::xml_node> nodes;
    for (pugi::xml_node c : annotation.child("Coordinates").children("Coordinate")) nodes.push_back(c);
    bool anyOrder = false, allOrder = true;
    for (const pugi::xml_node& c : nodes) {
        const bool has = !c.attribute("Order").empty();
        anyOrder = anyOrder || has, allOrder = allOrder && has;
    }
    if (anyOrder && !allOrder) return "some coordinates have an Order and some do not";
    out.assign(nodes.size(), {});
    std::vector<bool> seen(nodes.size(), false);
    for (size_t i = 0; i < nodes.size(); ++i) {
        size_t slot = i;
        if (anyOrder) {
            const std::string order = nodes[i].attribute("Order").value();
            const std::optional<double> o = detail::parseNumber(order);
            if (!o || *o != std::floor(*o) || *o < 0 || *o >= static_cast<double>(nodes.size()))
                return "coordinate Order \"" + order + "\" is not in 0.." + std::to_string(nodes.size() - 1);
            slot = static_cast<size_t>(*o);
            if (seen[slot]) return "coordinate Order " + order + " appears twice";
            seen[slot] = true;
        }
        const std::optional<double> x = detail::parseNumber(nodes[i].attribute("X").value());
        const std::optional<double> y = detail::parseNumber(nodes[i].attribute("Y").value());
        if (!x || !y)
            return std::string("coordinate X=\"") + nodes[i].attribute("X").value() + "\" Y=\"" +
                   nodes[i].attribute("Y").value() + "\" is not a pair of numbers";
        if (std::abs(*x) > detail::kMaxCoordinate || std::abs(*y) > detail::kMaxCoordinate)
            return "coordinate X=" + detail::formatNumber(*x) + " Y=" + detail::formatNumber(*y) + " is beyond 10,000,000 px";
        out[slot] = {*x, *y};
    }
    return {};
}

// "<stem> <n> (<reader>)" -> reader; "" for any other name.
std::string readerFromName(const std::string& name, const std::string& stem) {
    if (name.size() < stem.size() + 5 || name.compare(0, stem.size() + 1, stem + " ") != 0 || name.back() != ')') return {};
    size_t i = stem.size() + 1;
    const size_t digits = i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i == digits || name.compare(i, 2, " (") != 0) return {};
    return name.substr(i + 2, name.size() - i - 3);
}

Imported readDocument(const std::string& text) {
    pugi::xml_document doc;
    // pugixml expands no external entities and no DTDs: nothing in the file reaches out or blows up.
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed)
        return Imported::failure("malformed XML at byte " + std::to_string(parsed.offset) + ": " + parsed.description());
    // Like ASAP: without an <ASAP_Annotations> root, look for <Annotations> at the top.
    pugi::xml_node root = doc.child("ASAP_Annotations");
    if (!root) root = doc;
    const pugi::xml_node list = root.child("Annotations");
    if (!list) return Imported::failure("not ASAP XML: no <ASAP_Annotations><Annotations> element");

    detail::ImportBuilder out("ASAP XML");
    std::set<std::string> groups;
    for (pugi::xml_node g : root.child("AnnotationGroups").children("Group")) {
        const std::string name = g.attribute("Name").value();
        if (name.empty() || name == "None") continue;
        groups.insert(name);
        out.useClass(name, detail::parseHexColour(g.attribute("Color").value()));
    }

    size_t index = 0;
    for (pugi::xml_node node : list.children("Annotation")) {
        const std::string label = "annotation " + std::to_string(index++);
        const std::string type = node.attribute("Type").value();
        std::vector<Level0Point> v;
        if (std::string problem = readCoordinates(node, v); !problem.empty()) return Imported::failure(label + ": " + problem);

        std::vector<Annotation> marks;
        if (type == "Dot" || type == "PointSet") {
            if (type == "Dot" && v.size() > 1) {
                out.warn("Dot{s} with more than one coordinate imported as one point each", label);
            }
            for (Level0Point p : v) marks.push_back(detail::makeMark(ShapeKind::Point, {p}));
            if (v.empty()) out.warn(type + "{s} without coordinates skipped", label);
        } else if (type == "Rectangle") {
            if (v.size() < 2) {
                out.warn("Rectangle{s} with fewer than two coordinates skipped", label);
            } else {
                marks.push_back(detail::makeMark(ShapeKind::Rectangle, detail::boundingCorners(v)));
            }
        } else if (type == "Polygon" || type == "Spline") {
            if (v.size() < 3) out.warn(type + "{s} with fewer than three coordinates skipped", label);
            else marks.push_back(detail::makeMark(ShapeKind::Polygon, std::move(v)));
            if (type == "Spline" && !marks.empty()) out.warn("Spline{s} imported as polygons through their control points", label);
        } else if (type == "None" || type == "Measurement") {
            out.warn(type + " annotation{s} skipped: not a mark", label);
        } else {
            out.warn("annotation{s} of unknown Type \"" + type + "\" skipped", label);
        }
        if (marks.empty()) continue;

        std::string group = node.attribute("PartOfGroup").value();
        if (group == "None") group.clear();
        if (!group.empty() && !groups.count(group))
            out.warn("annotation{s} naming an undeclared group imported anyway (ASAP would reject the file)", label);
        const std::string className = out.useClass(group, detail::parseHexColour(node.attribute("Color").value()));
        const std::string reader = readerFromName(node.attribute("Name").value(), group.empty() ? "Annotation" : group);
        for (Annotation& a : marks) {
            a.className = className;
            a.reader = reader;
            out.add(std::move(a));
        }
    }
    return std::move(out).finish();
}

void addCoordinates(pugi::xml_node annotation, const std::vector<Level0Point>& v) {
    pugi::xml_node coordinates = annotation.append_child("Coordinates");
    for (size_t i = 0; i < v.size(); ++i) {
        pugi::xml_node c = coordinates.append_child("Coordinate");
        c.append_attribute("Order").set_value(static_cast<unsigned long long>(i));
        // Shortest exact text, not pugixml's %.17g: "10342.5", not "10342.500000000002".
        c.append_attribute("X").set_value(detail::formatNumber(v[i].x).c_str());
        c.append_attribute("Y").set_value(detail::formatNumber(v[i].y).c_str());
    }
}

std::vector<Level0Point> outline(const Annotation& a) {
    if (a.kind == ShapeKind::Rectangle) {
        const Level0Point p = a.points[0], q = a.points[1];
        return {p, {q.x, p.y}, q, {p.x, q.y}};
    }
    if (a.kind == ShapeKind::Ellipse) {
        const core::Level0Rect b = a.bounds();
        std::vector<Level0Point> v;
        for (int k = 0; k < kEllipseVertices; ++k) {
            const double t = 2 * std::numbers::pi * k / kEllipseVertices;
            v.push_back({b.x + b.width / 2 * (1 + std::cos(t)), b.y + b.height / 2 * (1 + std::sin(t))});
        }
        return v;
    }
    return a.points;
}

}  // namespace

core::Result<ImportedAnnotations> readAsapXml(const std::string& text) {
    try {
        return readDocument(text);
    } catch (const std::exception& e) {  // bad_alloc on a huge file
        return Imported::failure(std::string("cannot read ASAP XML: ") + e.what());
    }
}

std::string writeAsapXml(const std::vector<core::Annotation>& annotations,
                         const std::vector<core::AnnotationClass>& classes) {
    const auto colourOf = [&](const std::string& name) {
        for (const core::AnnotationClass& c : classes)
            if (c.name == name) return c.rgb;
        return defaultClassColour(name.empty() ? kUnclassified : name);
    };
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("ASAP_Annotations");
    pugi::xml_node list = root.append_child("Annotations");
    pugi::xml_node groups = root.append_child("AnnotationGroups");
    std::map<std::string, int> counts;  // per class, for the names
    std::vector<std::string> used;
    for (const Annotation& a : annotations) {
        if (core::geometryProblem(a)) continue;
        const bool grouped = !a.className.empty();
        if (grouped && !counts.count(a.className)) used.push_back(a.className);
        std::string name = (grouped ? a.className : "Annotation") + " " + std::to_string(++counts[a.className]);
        if (!a.reader.empty()) name += " (" + a.reader + ")";

        pugi::xml_node node = list.append_child("Annotation");
        // Names from the project or an import may hold bytes XML cannot (not UTF-8, controls).
        node.append_attribute("Name").set_value(core::xmlSafeText(name).c_str());
        const char* type = a.kind == ShapeKind::Point ? "Dot" : a.kind == ShapeKind::Rectangle ? "Rectangle" : "Polygon";
        node.append_attribute("Type").set_value(type);
        node.append_attribute("PartOfGroup").set_value(grouped ? core::xmlSafeText(a.className).c_str() : "None");
        node.append_attribute("Color").set_value(detail::hexColour(colourOf(a.className)).c_str());
        addCoordinates(node, outline(a));
    }
    for (const std::string& name : used) {
        pugi::xml_node g = groups.append_child("Group");
        g.append_attribute("Name").set_value(core::xmlSafeText(name).c_str());
        g.append_attribute("PartOfGroup").set_value("None");
        g.append_attribute("Color").set_value(detail::hexColour(colourOf(name)).c_str());
        g.append_child("Attributes");
    }
    std::ostringstream text;
    doc.save(text, "\t", pugi::format_default, pugi::encoding_utf8);
    return text.str();
}

}  // namespace histomark::interchange
