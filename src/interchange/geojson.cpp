// SPDX-License-Identifier: MIT
#include "interchange/geojson.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>
#include <utility>

#include "core/utf8_text.h"
#include "interchange/class_names.h"
#include "interchange/import_support.h"

namespace histomark::interchange {

namespace {

using json = nlohmann::json;
using core::Annotation;
using core::Level0Point;
using core::ShapeKind;

constexpr int kMaxChildDepth = 32;  // QuPath hierarchies are a few levels deep; this bounds recursion
constexpr int kEllipseVertices = 64;

// ---- reading ----------------------------------------------------------------------------------

const json* memberOf(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

// "" when absent or not a string (nlohmann's value() would throw on a wrong type).
std::string stringField(const json& object, const char* key) {
    const json* v = memberOf(object, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::string lowered(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// [r, g, b] or [r, g, b, a] with 0..255 components.
std::optional<uint32_t> rgbArray(const json* v) {
    if (!v || !v->is_array() || v->size() < 3) return std::nullopt;
    uint32_t rgb = 0;
    for (size_t i = 0; i < 3; ++i) {
        const json& c = (*v)[i];
        if (!c.is_number()) return std::nullopt;
        const double d = c.get<double>();
        if (!(d >= 0 && d <= 255)) return std::nullopt;
        rgb = (rgb << 8) | static_cast<uint32_t>(std::lround(d));
    }
    return rgb;
}

// QuPath's older colorRGB: a signed 32-bit ARGB int (-8397766 = 0xFF7FDC3A = rgb(127, 220, 58)).
std::optional<uint32_t> argbInt(const json* v) {
    if (!v || !v->is_number_integer()) return std::nullopt;
    return static_cast<uint32_t>(v->get<int64_t>()) & 0xffffffu;
}

std::string describe(const Level0Point& p) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "(%g, %g)", p.x, p.y);
    return buffer;
}

// One [x, y] or [x, y, z] position; "" when fine, else what is wrong.
std::string readPosition(const json& v, Level0Point& p) {
    if (!v.is_array() || v.size() < 2) return "a position is not an array of two numbers";
    if (!v[0].is_number() || !v[1].is_number()) return "a coordinate is not a number";
    p = {v[0].get<double>(), v[1].get<double>()};
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return "a coordinate is not finite";
    if (std::abs(p.x) > detail::kMaxCoordinate || std::abs(p.y) > detail::kMaxCoordinate)
        return "coordinate " + describe(p) + " is beyond 10,000,000 px";
    return {};
}

std::string readPositions(const json& v, std::vector<Level0Point>& out) {
    if (!v.is_array()) return "coordinates are not an array of positions";
    out.reserve(v.size());
    for (const json& position : v) {
        Level0Point p;
        if (std::string problem = readPosition(position, p); !problem.empty()) return problem;
        out.push_back(p);
    }
    return {};
}

bool samePoint(Level0Point a, Level0Point b) { return a.x == b.x && a.y == b.y; }

bool axisAlignedQuad(const std::vector<Level0Point>& v) {
    if (v.size() != 4) return false;
    return (v[0].y == v[1].y && v[1].x == v[2].x && v[2].y == v[3].y && v[3].x == v[0].x) ||
           (v[0].x == v[1].x && v[1].y == v[2].y && v[2].x == v[3].x && v[3].y == v[0].y);
}

class Reader {
public:
    // Reads one array element or child object; returns an error that ends the import, or "".
    std::string feature(const json& f, const std::string& label, int depth);
    detail::ImportBuilder& out() { return m_out; }

private:
    std::string polygon(const json& rings, const std::string& label, bool ellipse, const std::string& shape,
                        std::vector<Annotation>& marks);
    std::string geometry(const json& g, const std::string& label, const std::string& shape,
                         std::vector<Annotation>& marks);
    std::optional<std::string> objectType(const json& f, const json* props, const std::string& label);

    detail::ImportBuilder m_out{"QuPath GeoJSON"};
};

// The object type in lower case, or nullopt when the feature is to be skipped (warned).
std::optional<std::string> Reader::objectType(const json& f, const json* props, const std::string& label) {
    static const std::map<std::string, std::string> javaNames = {
        {"pathannotationobject", "annotation"}, {"pathdetectionobject", "detection"},
        {"pathcellobject", "cell"},             {"pathtileobject", "tile"},
        {"tmacoreobject", "tmacore"},           {"pathrootobject", "root"},
    };
    const auto normal = [&](std::string t) {
        t = lowered(t);
        const auto it = javaNames.find(t);
        return it == javaNames.end() ? t : it->second;
    };
    std::string t;
    if (props)
        for (const char* key : {"objectType", "object_type", "type"})
            if (t = stringField(*props, key); !t.empty()) break;
    if (t.empty()) {
        // QuPath 0.2 wrote the Java class as the feature's id ("PathAnnotationObject"); later ids are UUIDs.
        t = normal(stringField(f, "id"));
        if (t != "tile" && t != "tmacore" && t != "root") return "annotation";
    }
    t = normal(t);
    if (t == "annotation" || t == "detection" || t == "cell") return t;
    m_out.warn("feature{s} of objectType \"" + t + "\" skipped: only annotations, detections and cells are imported",
               label);
    return std::nullopt;
}

std::string Reader::polygon(const json& rings, const std::string& label, bool ellipse, const std::string& shape,
                            std::vector<Annotation>& marks) {
    if (!rings.is_array()) return "polygon coordinates are not an array of rings";
    std::vector<Level0Point> v;
    if (!rings.empty())
        if (std::string problem = readPositions(rings[0], v); !problem.empty()) return problem;
    for (size_t hole = 1; hole < rings.size(); ++hole) m_out.warn("polygon hole{s} dropped: holes are not supported", label);
    if (v.size() >= 2 && samePoint(v.front(), v.back())) v.pop_back();  // GeoJSON rings repeat the first vertex
    if (v.size() < 3) {
        m_out.warn("polygon{s} with fewer than three vertices skipped", label);
        return {};
    }
    Annotation a;
    if (ellipse) {
        // QuPath reads an ellipse back as the bounding box of its polygon.
        a = detail::makeMark(ShapeKind::Ellipse, detail::boundingCorners(v));
    } else if (shape == "rectangle" && axisAlignedQuad(v)) {
        a.kind = ShapeKind::Rectangle;
        a.points = {v[0], v[2]};
    } else {
        if (shape == "rectangle") m_out.warn("rectangle{s} that are not axis-aligned imported as polygons", label);
        a.kind = shape == "freehand" ? ShapeKind::Freehand : ShapeKind::Polygon;
        a.points = std::move(v);
    }
    marks.push_back(std::move(a));
    return {};
}

std::string Reader::geometry(const json& g, const std::string& label, const std::string& shape,
                             std::vector<Annotation>& marks) {
    const std::string type = stringField(g, "type");
    const json* coordinates = memberOf(g, "coordinates");
    const bool area = type == "Polygon" || type == "MultiPolygon";
    if ((type == "Point" || type == "MultiPoint" || area) && !coordinates) return "a " + type + " without coordinates";
    if (type == "Point") {
        Level0Point p;
        if (std::string problem = readPosition(*coordinates, p); !problem.empty()) return problem;
        marks.push_back(detail::makeMark(ShapeKind::Point, {p}));
    } else if (type == "MultiPoint") {
        std::vector<Level0Point> v;
        if (std::string problem = readPositions(*coordinates, v); !problem.empty()) return problem;
        for (Level0Point p : v) marks.push_back(detail::makeMark(ShapeKind::Point, {p}));
    } else if (type == "Polygon") {
        const json* ellipse = memberOf(g, "isEllipse");
        return polygon(*coordinates, label, ellipse && ellipse->is_boolean() && ellipse->get<bool>(), shape, marks);
    } else if (type == "MultiPolygon") {
        if (!coordinates->is_array()) return "MultiPolygon coordinates are not an array of polygons";
        if (coordinates->size() > 1) m_out.warn("MultiPolygon feature{s} split into one polygon per part", label);
        for (const json& part : *coordinates)
            if (std::string problem = polygon(part, label, false, shape, marks); !problem.empty()) return problem;
    } else if (type == "LineString" || type == "MultiLineString") {
        m_out.warn(type + " feature{s} skipped: lines are not supported", label);
    } else if (type == "GeometryCollection") {
        m_out.warn("GeometryCollection feature{s} skipped: not supported", label);
    } else {
        m_out.warn("feature{s} with an unknown geometry type skipped", label);
    }
    return {};
}

std::string Reader::feature(const json& f, const std::string& label, int depth) {
    if (stringField(f, "type") != "Feature") {
        m_out.warn("non-Feature element{s} skipped", label);
        return {};
    }
    const json* props = memberOf(f, "properties");
    if (props && !props->is_object()) {
        m_out.warn("feature{s} with unreadable properties read without them", label);
        props = nullptr;
    }
    if (const std::optional<std::string> type = objectType(f, props, label)) {
        // The class, its colour (the classification's, else the object's own), reader and our shape hint.
        std::string className;
        std::optional<uint32_t> colour;
        if (const json* c = props ? memberOf(*props, "classification") : nullptr) {
            if (c->is_string()) {
                className = c->get<std::string>();
            } else if (c->is_object()) {
                if (const json* names = memberOf(*c, "names"); names && names->is_array()) {
                    for (const json& n : *names)
                        if (n.is_string()) className += (className.empty() ? "" : ": ") + n.get<std::string>();
                } else {
                    className = stringField(*c, "name");
                }
                colour = rgbArray(memberOf(*c, "color"));
                if (!colour) colour = argbInt(memberOf(*c, "colorRGB"));
                if (className.empty()) m_out.warn("classification{s} without a name imported as unclassified", label);
            } else {
                m_out.warn("classification{s} of an unreadable type imported as unclassified", label);
            }
        }
        if (!colour && props) colour = rgbArray(memberOf(*props, "color"));
        const json* meta = props ? memberOf(*props, "metadata") : nullptr;
        const std::string reader = meta ? stringField(*meta, "reader") : "";
        const std::string shape = meta ? stringField(*meta, "shape") : "";

        std::vector<Annotation> marks;
        const json* g = memberOf(f, "geometry");
        if (!g) m_out.warn("feature{s} without geometry skipped", label);
        else if (!g->is_object()) m_out.warn("feature{s} with an unreadable geometry skipped", label);
        else if (std::string problem = geometry(*g, label, shape, marks); !problem.empty()) return label + ": " + problem;
        if (!marks.empty()) {
            const std::string name = m_out.useClass(className, colour);
            for (Annotation& a : marks) {
                a.className = name;
                a.reader = reader;
                m_out.add(std::move(a));
            }
        }
    }
    const json* children = memberOf(f, "childObjects");
    if (!children && props) children = memberOf(*props, "childObjects");
    if (children && children->is_array() && !children->empty()) {
        if (depth >= kMaxChildDepth) {
            m_out.warn("child object list{s} nested too deep skipped", label);
            return {};
        }
        for (size_t i = 0; i < children->size(); ++i)
            if (std::string e = feature((*children)[i], label + "." + std::to_string(i), depth + 1); !e.empty()) return e;
    }
    return {};
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
// "(line 1, column 5): syntax error ...".
std::string parseErrorText(const std::string& what) {
    std::string text = what;
    if (const size_t close = text.find("] "); text.rfind("[json.exception", 0) == 0 && close != std::string::npos)
        text.erase(0, close + 2);
    const std::string lead = "parse error at ";
    if (text.rfind(lead, 0) == 0) {
        const size_t colon = text.find(": ");
        if (colon != std::string::npos) return "(" + text.substr(lead.size(), colon - lead.size()) + ")" + text.substr(colon);
    }
    return ": " + text;
}

core::Result<ImportedAnnotations> readDocument(const std::string& text) {
    json doc;
    try {
        // A plain DOM parse: nlohmann's filtering callback (to drop measurements while parsing) saved
        // 45% of the memory but took 4x as long on a 180 MB detection export.
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        return core::Result<ImportedAnnotations>::failure("malformed JSON at byte " + std::to_string(e.byte) + " " +
                                                          parseErrorText(e.what()));
    } catch (const json::exception& e) {
        return core::Result<ImportedAnnotations>::failure("malformed JSON" + parseErrorText(e.what()));  // 1e999
    }
    const auto notGeoJson = [](const std::string& found) {
        return core::Result<ImportedAnnotations>::failure(std::string(kNotGeoJson) +
                                                          ": expected a FeatureCollection, a Feature or an array of "
                                                          "Features, found " + found);
    };
    const auto isFeature = [](const json& f) { return stringField(f, "type") == "Feature"; };

    Reader reader;
    const json* list = &doc;
    if (doc.is_object()) {
        const std::string type = stringField(doc, "type");
        if (type == "Feature") {
            if (std::string e = reader.feature(doc, "feature 0", 0); !e.empty()) return core::Result<ImportedAnnotations>::failure(e);
            return std::move(reader.out()).finish();
        }
        if (type != "FeatureCollection") return notGeoJson(type.empty() ? "an object without a \"type\"" : "type \"" + type + "\"");
        const json* features = memberOf(doc, "features");
        if (!features || !features->is_array())
            return core::Result<ImportedAnnotations>::failure(
                std::string("a FeatureCollection whose \"features\" is ") +
                (features ? std::string("a ") + features->type_name() + ", not an array" : "missing"));
        list = features;
    } else if (doc.is_array()) {
        if (!doc.empty() && std::none_of(doc.begin(), doc.end(), isFeature)) return notGeoJson("an array of something else");
    } else {
        return notGeoJson(std::string("a ") + doc.type_name());
    }
    for (size_t i = 0; i < list->size(); ++i)
        if (std::string e = reader.feature((*list)[i], "feature " + std::to_string(i), 0); !e.empty())
            return core::Result<ImportedAnnotations>::failure(e);
    return std::move(reader.out()).finish();
}

// ---- writing ----------------------------------------------------------------------------------

using ojson = nlohmann::ordered_json;

// 2 decimals as QuPath writes them; + 0.0 turns -0 into 0.
double round2(double v) { return std::round(v * 100) / 100 + 0.0; }

ojson position(Level0Point p) { return ojson::array({round2(p.x), round2(p.y)}); }

ojson closedRing(const std::vector<Level0Point>& v) {
    ojson ring = ojson::array();
    for (Level0Point p : v) ring.push_back(position(p));
    ring.push_back(position(v.front()));
    return ojson::array({std::move(ring)});
}


std::string dumped(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

struct FeatureDraft {
    ojson geometry;
    const Annotation* mark;  // class, reader and kind come from it
};

ojson ellipseGeometry(const Annotation& a) {
    const std::vector<Level0Point> v = detail::ellipseVertices(a, kEllipseVertices);
    ojson g;
    g["type"] = "Polygon";
    g["coordinates"] = closedRing(v);
    g["isEllipse"] = true;
    return g;
}

ojson areaGeometry(const Annotation& a) {
    std::vector<Level0Point> v = a.points;
    if (a.kind == ShapeKind::Rectangle) {
        const Level0Point p = a.points[0], q = a.points[1];
        v = {p, {q.x, p.y}, q, {p.x, q.y}};  // starts at points[0]: the reader takes corners 0 and 2
    }
    ojson g;
    g["type"] = "Polygon";
    g["coordinates"] = closedRing(v);
    return g;
}

}  // namespace

core::Result<ImportedAnnotations> readGeoJson(const std::string& text) {
    try {
        return readDocument(text);
    } catch (const std::exception& e) {  // bad_alloc on a huge file, or a json accessor we missed
        return core::Result<ImportedAnnotations>::failure(std::string("cannot read GeoJSON: ") + e.what());
    }
}

std::string writeGeoJson(const std::vector<core::Annotation>& annotations,
                         const std::vector<core::AnnotationClass>& classes) {
    std::vector<FeatureDraft> drafts;
    std::map<std::pair<std::string, std::string>, size_t> pointFeature;  // (class, reader) -> draft
    for (const Annotation& a : annotations) {
        if (core::geometryProblem(a)) continue;
        if (a.kind == ShapeKind::Point) {
            auto [it, inserted] = pointFeature.try_emplace({a.className, a.reader}, drafts.size());
            if (inserted) {
                ojson g;
                g["type"] = "MultiPoint";
                g["coordinates"] = ojson::array();
                drafts.push_back({std::move(g), &a});
            }
            drafts[it->second].geometry["coordinates"].push_back(position(a.points[0]));
        } else {
            drafts.push_back({a.kind == ShapeKind::Ellipse ? ellipseGeometry(a) : areaGeometry(a), &a});
        }
    }
    std::string text = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (size_t i = 0; i < drafts.size(); ++i) {
        const Annotation& a = *drafts[i].mark;
        ojson props;
        props["objectType"] = "annotation";
        if (!a.className.empty()) {
            uint32_t rgb = defaultClassColour(a.className);
            for (const core::AnnotationClass& c : classes)
                if (c.name == a.className) rgb = c.rgb;
            // As the other exports: names an older project holds in another encoding read as Latin-1.
            props["classification"]["name"] = core::validUtf8(a.className);
            props["classification"]["color"] = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        }
        ojson meta = ojson::object();
        if (!a.reader.empty()) meta["reader"] = core::validUtf8(a.reader);
        if (a.kind == ShapeKind::Rectangle || a.kind == ShapeKind::Freehand) meta["shape"] = core::shapeKindName(a.kind);
        if (!meta.empty()) props["metadata"] = std::move(meta);

        ojson feature;
        feature["type"] = "Feature";
        feature["id"] = detail::contentUuid(dumped(drafts[i].geometry) + dumped(props) + "#" + std::to_string(i));
        feature["geometry"] = std::move(drafts[i].geometry);
        feature["properties"] = std::move(props);
        text += (i ? ",\n" : "\n") + dumped(feature);
    }
    text += drafts.empty() ? "]}\n" : "\n]}\n";
    return text;
}

std::string writeGeoJsonDetections(const std::vector<Detection>& detections) {
    std::string text = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (size_t i = 0; i < detections.size(); ++i) {
        const Detection& d = detections[i];
        ojson geometry;
        geometry["type"] = "Point";
        geometry["coordinates"] = position(d.at);
        ojson props;
        props["objectType"] = "detection";
        const uint32_t rgb = d.rgb ? d.rgb : defaultClassColour(d.className);
        props["classification"]["name"] = d.className;
        props["classification"]["color"] = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
        ojson measurements = ojson::object();
        for (const auto& [name, value] : d.measurements)
            measurements[name] = std::isfinite(value) ? ojson(std::round(value * 1e4) / 1e4) : ojson(nullptr);
        props["measurements"] = std::move(measurements);
        ojson feature;
        feature["type"] = "Feature";
        feature["id"] = detail::contentUuid(dumped(geometry) + dumped(props) + "#" + std::to_string(i));
        feature["geometry"] = std::move(geometry);
        feature["properties"] = std::move(props);
        text += (i ? ",\n" : "\n") + dumped(feature);
    }
    text += detections.empty() ? "]}\n" : "\n]}\n";
    return text;
}

}  // namespace histomark::interchange
