// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/annotation.h"
#include "interchange_support.h"
#include "interchange/class_names.h"
#include "interchange/geojson.h"
#include "support/test_data.h"

using namespace histomark;
using core::Annotation;
using core::ShapeKind;
using interchange::ImportedAnnotations;
using interchange::readGeoJson;

using test::mark;
using test::slurp;

namespace {

const std::string kSamples = "annotation-interop-samples/";

ImportedAnnotations readOk(const std::string& text) { return test::readOkWith(readGeoJson, text); }

std::string readError(const std::string& text) { return test::readErrorWith(readGeoJson, text); }

// A feature collection holding one feature with this geometry and these properties.
std::string feature(const std::string& geometry, const std::string& properties = "{}") {
    return R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":)" + geometry +
           R"(,"properties":)" + properties + "}]}";
}

}  // namespace

TEST(GeoJsonSamples, PointAndMultiPoint) {
    HM_REQUIRE_DATA(point, kSamples + "qupath_geojson/qupath-point.json");
    ImportedAnnotations r = readOk(slurp(point));
    EXPECT_EQ(r.format, "QuPath GeoJSON");
    ASSERT_EQ(r.annotations.size(), 1u);
    const Annotation& a = r.annotations[0];
    EXPECT_EQ(a.kind, ShapeKind::Point);
    EXPECT_DOUBLE_EQ(a.points[0].x, 26833.53);
    EXPECT_DOUBLE_EQ(a.points[0].y, 15424.94);
    EXPECT_EQ(a.className, interchange::kUnclassified);  // the 0.2-era export has no classification
    EXPECT_EQ(a.reader, "");
    EXPECT_EQ(a.id, 0);
    EXPECT_EQ(a.slide, 0);
    ASSERT_EQ(r.classes.size(), 1u);
    EXPECT_EQ(r.classes[0].name, interchange::kUnclassified);
    EXPECT_TRUE(r.warnings.empty());

    HM_REQUIRE_DATA(multi, kSamples + "qupath_geojson/qupath-multipoint.json");
    r = readOk(slurp(multi));
    ASSERT_EQ(r.annotations.size(), 3u);
    for (const Annotation& p : r.annotations) EXPECT_EQ(p.kind, ShapeKind::Point);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 26833.53);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].x, 26807.1);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].y, 15451.72);
    EXPECT_DOUBLE_EQ(r.annotations[2].points[0].y, 15449.94);
}

TEST(GeoJsonSamples, AreasArePolygonsWithoutTheClosingVertex) {
    struct Case {
        const char* file;
        size_t vertices;
        double x0, y0, x1, y1;  // first two vertices
    };
    for (const Case& c : {Case{"qupath-rectangle.json", 4, 26268, 15298, 26268, 15474},
                          Case{"qupath-polygon.json", 46, 26353, 15345, 26347, 15346},
                          Case{"qupath-ellipse.json", 100, 26356, 15357, 26355.68, 15362.65},
                          Case{"qupath-brush.json", 187, 26388, 15410, 26387.5, 15410.5},
                          Case{"qupath-wand.json", 139, 26935, 15359, 26934, 15360}}) {
        HM_REQUIRE_DATA(path, kSamples + "qupath_geojson/" + c.file);
        ImportedAnnotations r = readOk(slurp(path));
        ASSERT_EQ(r.annotations.size(), 1u) << c.file;
        const Annotation& a = r.annotations[0];
        // No isEllipse, no shape hint: a polygon, even the four axis-aligned corners of the rectangle.
        EXPECT_EQ(a.kind, ShapeKind::Polygon) << c.file;
        ASSERT_EQ(a.points.size(), c.vertices) << c.file;
        EXPECT_DOUBLE_EQ(a.points[0].x, c.x0) << c.file;
        EXPECT_DOUBLE_EQ(a.points[0].y, c.y0) << c.file;
        EXPECT_DOUBLE_EQ(a.points[1].x, c.x1) << c.file;
        EXPECT_DOUBLE_EQ(a.points[1].y, c.y1) << c.file;
        EXPECT_FALSE(core::geometryProblem(a)) << c.file;
        EXPECT_TRUE(r.warnings.empty()) << c.file;
    }
}

TEST(GeoJsonSamples, LinesAreSkippedWithAWarning) {
    for (const char* file : {"qupath-line.json", "qupath-polyline.json"}) {
        HM_REQUIRE_DATA(path, kSamples + "qupath_geojson/" + file);
        ImportedAnnotations r = readOk(slurp(path));
        EXPECT_TRUE(r.annotations.empty()) << file;
        EXPECT_TRUE(r.classes.empty()) << file;  // nothing imported, no class
        ASSERT_EQ(r.warnings.size(), 1u) << file;
        EXPECT_EQ(r.warnings[0], "1 LineString feature skipped: lines are not supported (first: feature 0)");
    }
}

TEST(GeoJsonSamples, ClassifiedCellsWithSignedArgbColours) {
    HM_REQUIRE_DATA(path, kSamples + "qupath_geojson_advanced/qupath-polygon-cell-classified.json");
    ImportedAnnotations r = readOk(slurp(path));
    ASSERT_EQ(r.annotations.size(), 4u);
    for (const Annotation& a : r.annotations) {
        EXPECT_EQ(a.kind, ShapeKind::Polygon);
        EXPECT_EQ(a.points.size(), 100u);
    }
    EXPECT_EQ(r.annotations[0].className, "Cell");
    EXPECT_EQ(r.annotations[1].className, "Cell");
    EXPECT_EQ(r.annotations[2].className, "Nucleus");
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 17234);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].y, 20012);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[1].y, 20012.38);
    EXPECT_DOUBLE_EQ(r.annotations[3].points[0].x, 17120);
    // colorRGB -8397766 = 0xFF7FDC3A: alpha 255, rgb(127, 220, 58), as the objects' own "color" says.
    ASSERT_EQ(r.classes.size(), 2u);
    EXPECT_EQ(r.classes[0], (core::AnnotationClass{"Cell", 0x7fdc3a}));
    EXPECT_EQ(r.classes[1], (core::AnnotationClass{"Nucleus", 0xb87343}));  // -4689085
}

TEST(GeoJsonRead, ContainersAFeatureCollectionAnArrayOrOneFeature) {
    const std::string f = R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}})";
    EXPECT_EQ(readOk(R"({"type":"FeatureCollection","features":[)" + f + "," + f + "]}").annotations.size(), 2u);
    EXPECT_EQ(readOk("[" + f + "]").annotations.size(), 1u);
    EXPECT_EQ(readOk(f).annotations.size(), 1u);
    EXPECT_TRUE(readOk("[]").annotations.empty());  // QuPath's export of nothing
    EXPECT_TRUE(readOk(R"({"type":"FeatureCollection","features":[]})").annotations.empty());
    // A stray non-feature in an array of features is skipped, not fatal.
    ImportedAnnotations r = readOk("[" + f + ", 7]");
    EXPECT_EQ(r.annotations.size(), 1u);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0], "1 non-Feature element skipped (first: feature 1)");
}

TEST(GeoJsonRead, Classifications) {
    const std::string point = R"({"type":"Point","coordinates":[5,6]})";
    auto only = [&](const std::string& props) {
        ImportedAnnotations r = readOk(feature(point, props));
        EXPECT_EQ(r.annotations.size(), 1u);
        EXPECT_EQ(r.classes.size(), 1u);
        return r.classes.empty() ? core::AnnotationClass{} : r.classes[0];
    };
    EXPECT_EQ(only(R"({"classification":{"name":"Stroma","color":[1,2,3]}})"), (core::AnnotationClass{"Stroma", 0x010203}));
    EXPECT_EQ(only(R"({"classification":{"name":"Stroma","colorRGB":-8397766}})"), (core::AnnotationClass{"Stroma", 0x7fdc3a}));
    EXPECT_EQ(only(R"({"classification":{"names":["Tumor","Positive"],"color":[9,9,9]}})").name, "Tumor: Positive");
    EXPECT_EQ(only(R"({"classification":"Mitosis"})").name, core::kMitoticFigure);  // plain string, canonical name
    EXPECT_EQ(only(R"({"classification":{"name":"Tumor"}})").name, core::kTumourRegion);
    // No colour in the classification: the object's own colour, else the default for the class.
    EXPECT_EQ(only(R"({"classification":{"name":"Stroma"},"color":[10,20,30]})").rgb, 0x0a141eu);
    EXPECT_EQ(only(R"({"classification":{"name":"mitosis"}})").rgb, 0xfc7ca7u);
    EXPECT_EQ(only("{}").name, interchange::kUnclassified);
    EXPECT_EQ(only("null").name, interchange::kUnclassified);

    ImportedAnnotations r = readOk(feature(point, R"({"classification":5})"));
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].className, interchange::kUnclassified);
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("classification of an unreadable type"), std::string::npos) << r.warnings[0];
}

TEST(GeoJsonRead, ReaderAndObjectTypes) {
    const std::string point = R"({"type":"Point","coordinates":[5,6]})";
    EXPECT_EQ(readOk(feature(point, R"({"metadata":{"reader":"Dr A"}})")).annotations.at(0).reader, "Dr A");
    EXPECT_EQ(readOk(feature(point, R"({"metadata":{"reader":17}})")).annotations.at(0).reader, "");
    // Detections and cells come in like annotations; legacy spellings too.
    for (const char* props : {R"({"objectType":"detection"})", R"({"objectType":"cell"})", R"({"object_type":"annotation"})",
                              R"({"type":"PathDetectionObject"})", R"({"objectType":"Annotation"})"})
        EXPECT_EQ(readOk(feature(point, props)).annotations.size(), 1u) << props;
    ImportedAnnotations r = readOk(feature(point, R"({"objectType":"tile"})"));
    EXPECT_TRUE(r.annotations.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("objectType \"tile\" skipped"), std::string::npos) << r.warnings[0];
}

TEST(GeoJsonRead, GeometryVariants) {
    // isEllipse: the bounding box of the polygon, as QuPath reads it.
    ImportedAnnotations r = readOk(feature(
        R"({"type":"Polygon","coordinates":[[[10,5],[20,10],[10,15],[0,10],[10,5]]],"isEllipse":true})"));
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].kind, ShapeKind::Ellipse);
    EXPECT_DOUBLE_EQ(r.annotations[0].bounds().x, 0);
    EXPECT_DOUBLE_EQ(r.annotations[0].bounds().width, 20);
    EXPECT_DOUBLE_EQ(r.annotations[0].bounds().height, 10);

    // Holes are dropped with a warning; the outer ring stays.
    r = readOk(feature(R"({"type":"Polygon","coordinates":[[[0,0],[100,0],[100,100],[0,0]],[[10,10],[20,10],[20,20],[10,10]]]})"));
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].points.size(), 3u);
    EXPECT_EQ(r.warnings, std::vector<std::string>{"1 polygon hole dropped: holes are not supported (first: feature 0)"});

    // A MultiPolygon: one polygon per part.
    r = readOk(feature(R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]})"));
    ASSERT_EQ(r.annotations.size(), 2u);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].x, 5);
    EXPECT_EQ(r.warnings.size(), 1u);

    // Missing or odd geometry: skipped with a warning each, counted per kind.
    r = readOk(R"([{"type":"Feature","properties":{}},{"type":"Feature","geometry":null},{"type":"Feature","geometry":"Point"},
                  {"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[]}},
                  {"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]}},
                  {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}}])");
    EXPECT_TRUE(r.annotations.empty());
    EXPECT_EQ(r.warnings, (std::vector<std::string>{
                              "2 features without geometry skipped (first: feature 0)",
                              "1 feature with an unreadable geometry skipped (first: feature 2)",
                              "1 MultiLineString feature skipped: lines are not supported (first: feature 3)",
                              "1 feature with an unknown geometry type skipped (first: feature 4)",
                              "1 polygon with fewer than three vertices skipped (first: feature 5)",
                          }));

    // QuPath hierarchy exports nest children.
    r = readOk(R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,1]},"properties":{"childObjects":[
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[2,2]}}]}})");
    ASSERT_EQ(r.annotations.size(), 2u);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].x, 2);
    EXPECT_NE(readError(R"({"type":"Feature","geometry":null,"childObjects":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,"2"]}}]})")
                  .find("feature 0.0: a coordinate is not a number"),
              std::string::npos);
}

TEST(GeoJsonRead, MalformedInputGivesMessages) {
    const std::string truncated = R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Po)";
    const std::string e = readError(truncated);
    // nlohmann counts the end of input as one more byte read.
    EXPECT_EQ(e.rfind("malformed JSON at byte " + std::to_string(truncated.size() + 1) + " (line 1, column 81): ", 0), 0u) << e;
    EXPECT_NE(e.find("line 1"), std::string::npos) << e;

    EXPECT_EQ(readError(R"({"type":"FeatureCollection","features":5})"),
              "a FeatureCollection whose \"features\" is a number, not an array");
    EXPECT_EQ(readError(R"({"type":"FeatureCollection"})"), "a FeatureCollection whose \"features\" is missing");
    const std::string good = R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}})";
    EXPECT_EQ(readError("[" + good + R"(,{"type":"Feature","geometry":{"type":"Point","coordinates":["1","2"]}}])"),
              "feature 1: a coordinate is not a number");
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":"1,2"})")), "feature 0: a position is not an array of two numbers");
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":[1]})")), "feature 0: a position is not an array of two numbers");
    EXPECT_EQ(readError(feature(R"({"type":"Point"})")), "feature 0: a Point without coordinates");
    EXPECT_EQ(readError(feature(R"({"type":"MultiPoint","coordinates":{"x":1}})")),
              "feature 0: coordinates are not an array of positions");
    EXPECT_EQ(readError(feature(R"({"type":"Polygon","coordinates":5})")), "feature 0: polygon coordinates are not an array of rings");
    EXPECT_EQ(readError(feature(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,true],[0,0]]]})")),
              "feature 0: a coordinate is not a number");
    // NaN is no JSON, QuPath writes it as a string; a huge exponent overflows to infinity.
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":[NaN,1]})")).rfind("malformed JSON at byte ", 0), 0u);
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":["NaN",1]})")), "feature 0: a coordinate is not a number");
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":[1e999,1]})")),
              "malformed JSON: number overflow parsing '1e999'");
    EXPECT_EQ(readError(feature(R"({"type":"Point","coordinates":[20000000,1]})")),
              "feature 0: coordinate (2e+07, 1) is beyond 10,000,000 px");
}

TEST(GeoJsonRead, JsonThatIsNotGeoJson) {
    for (const char* text : {R"x({"annotation":{"location":"POINT (1 2)"}})x", "42", R"("Feature")", "[1, 2, 3]",
                             R"([{"type":"Polyline","content":[{"x":0.5,"y":0.5}]}])", R"({"type":"Topology"})"}) {
        const std::string e = readError(text);
        EXPECT_EQ(e.rfind(interchange::kNotGeoJson, 0), 0u) << text << " -> " << e;
    }
}

TEST(GeoJsonRead, DeeplyNestedJunkIsAnErrorNotACrash) {
    const size_t depth = 200000;
    EXPECT_EQ(readError(std::string(depth, '[') + std::string(depth, ']')).rfind(interchange::kNotGeoJson, 0), 0u);
    std::string objects;
    for (size_t i = 0; i < depth; ++i) objects += R"({"a":)";
    objects += "1" + std::string(depth, '}');
    EXPECT_FALSE(readGeoJson(objects).ok());
    EXPECT_FALSE(readGeoJson(std::string(depth, '[')).ok());  // and unterminated
    // Deep nesting inside a feature's properties is read past.
    std::string deepProps = R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"x":)";
    deepProps += std::string(depth, '[') + std::string(depth, ']') + "}}";
    EXPECT_EQ(readOk(deepProps).annotations.size(), 1u);
}

TEST(GeoJsonWrite, MinimalExampleShape) {
    const std::vector<Annotation> marks = {mark(ShapeKind::Point, {{10342.5, 20411.25}}, "Mitotic figure"),
                                           mark(ShapeKind::Point, {{10880.0, 20102.75}}, "Mitotic figure")};
    const std::string text = interchange::writeGeoJson(marks, {{"Mitotic figure", 0xfc7ca7}});
    EXPECT_NE(text.find(R"({"type":"FeatureCollection","features":[)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("geometry":{"type":"MultiPoint","coordinates":[[10342.5,20411.25],[10880.0,20102.75]]})"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"("properties":{"objectType":"annotation","classification":{"name":"Mitotic figure","color":[252,124,167]}})"),
              std::string::npos)
        << text;
    std::smatch id;
    ASSERT_TRUE(std::regex_search(text, id, std::regex(R"re("id":"([0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})")re")))
        << text;
    EXPECT_EQ(text, interchange::writeGeoJson(marks, {{"Mitotic figure", 0xfc7ca7}}));  // deterministic
    EXPECT_EQ(interchange::writeGeoJson({}, {}), "{\"type\":\"FeatureCollection\",\"features\":[]}\n");
}

// Names an older project holds in Latin-1 come out as the ASAP export writes them: UTF-8, read back.
TEST(GeoJsonWrite, NamesThatAreNotUtf8AreWrittenAsUtf8) {
    const std::string text = interchange::writeGeoJson({mark(ShapeKind::Point, {{1, 2}}, "Mitose \xE0 voir", "M\xFCller")}, {});
    EXPECT_NE(text.find("\"name\":\"Mitose \xC3\xA0 voir\""), std::string::npos) << text;
    const ImportedAnnotations r = readOk(text);
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].reader, "M\xC3\xBCller");
}

TEST(GeoJsonWrite, TwoDecimalsEllipsesAndSkippedMarks) {
    Annotation bad = mark(ShapeKind::Polygon, {{0, 0}, {1, 1}}, "x");  // two vertices: left out
    const std::string text = interchange::writeGeoJson(
        {mark(ShapeKind::Point, {{10342.123456, -0.001}}, "a"), mark(ShapeKind::Ellipse, {{0, 0}, {100, 50}}, "b"), bad}, {});
    EXPECT_NE(text.find("[10342.12,0.0]"), std::string::npos) << text;
    EXPECT_EQ(text.find("10342.123"), std::string::npos);
    EXPECT_NE(text.find(R"("isEllipse":true)"), std::string::npos);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;  // header line, 2 features, footer
    ImportedAnnotations r = readOk(text);
    ASSERT_EQ(r.annotations.size(), 2u);
    EXPECT_EQ(r.annotations[1].kind, ShapeKind::Ellipse);
}

TEST(GeoJsonWrite, RoundTripKeepsKindsClassesColoursReadersAndCoordinates) {
    const std::vector<Annotation> marks = {
        mark(ShapeKind::Point, {{100.25, 200.5}}, core::kMitoticFigure, "Dr A"),
        mark(ShapeKind::Point, {{300.125, 400.875}}, core::kLookAlike, "Dr A"),
        mark(ShapeKind::Point, {{101, 201}}, core::kMitoticFigure, "Dr B"),
        mark(ShapeKind::Point, {{102.333, 202.666}}, core::kMitoticFigure, "Dr A"),
        mark(ShapeKind::Rectangle, {{500.5, 600.25}, {400, 550}}, core::kTumourRegion, "Dr B"),  // corners reversed
        mark(ShapeKind::Ellipse, {{10, 20}, {110.5, 70.25}}, "Stroma"),
        mark(ShapeKind::Polygon, {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}}, core::kNecrosis, "Dr A"),
        mark(ShapeKind::Freehand, {{5, 5}, {6.5, 5.25}, {7, 9}, {5.5, 8}}, core::kTumourRegion),
    };
    const std::vector<core::AnnotationClass> classes = {{core::kMitoticFigure, 0x123456}, {core::kLookAlike, 0xabcdef},
                                                        {core::kTumourRegion, 0x00ff00}, {core::kNecrosis, 0x800000}};
    ImportedAnnotations r = readOk(interchange::writeGeoJson(marks, classes));
    ASSERT_EQ(r.annotations.size(), marks.size());
    EXPECT_TRUE(r.warnings.empty());
    // Points regroup by (class, reader), so match each mark wherever it landed.
    std::vector<Annotation> left = r.annotations;
    for (const Annotation& m : marks) {
        const auto same = [&](const Annotation& a) {
            if (a.kind != m.kind || a.className != m.className || a.reader != m.reader || a.points.size() != m.points.size())
                return false;
            if (m.kind == ShapeKind::Ellipse) {  // comes back as its bounding box
                const core::Level0Rect p = a.bounds(), q = m.bounds();
                return std::abs(p.x - q.x) <= 0.01 && std::abs(p.y - q.y) <= 0.01 && std::abs(p.width - q.width) <= 0.01 &&
                       std::abs(p.height - q.height) <= 0.01;
            }
            for (size_t i = 0; i < m.points.size(); ++i)
                if (std::abs(a.points[i].x - m.points[i].x) > 0.005 || std::abs(a.points[i].y - m.points[i].y) > 0.005) return false;
            return true;
        };
        const auto it = std::find_if(left.begin(), left.end(), same);
        ASSERT_NE(it, left.end()) << core::shapeKindName(m.kind) << " " << m.className << " by " << m.reader << " lost";
        left.erase(it);
    }
    for (const core::AnnotationClass& c : classes)
        EXPECT_NE(std::find(r.classes.begin(), r.classes.end(), c), r.classes.end()) << c.name;
    // A class missing from the list is written in its default colour, and read back so.
    const auto stroma = std::find_if(r.classes.begin(), r.classes.end(), [](const auto& c) { return c.name == "Stroma"; });
    ASSERT_NE(stroma, r.classes.end());
    EXPECT_EQ(stroma->rgb, interchange::defaultClassColour("Stroma"));
}

// Analysis results go to QuPath as detections: one Point feature each, with its class, colour and
// measurements; our reader takes them back as point marks of their class.
TEST(GeoJsonWrite, DetectionsCarryClassColourAndMeasurementsAndReadBackAsPoints) {
    const std::vector<interchange::Detection> cells = {
        {{10.125, 20}, "Negative", 0x7070e1, {{"Nucleus: DAB OD mean", 0.08251}, {"Nucleus: Area \u00b5m^2", 30.5}}},
        {{30, 40.5}, "3+", 0, {{"Nucleus: DAB OD mean", 0.91}}},
    };
    const std::string text = interchange::writeGeoJsonDetections(cells);
    const auto j = nlohmann::json::parse(text);
    ASSERT_EQ(j["features"].size(), 2u);
    const auto& f = j["features"][0];
    EXPECT_EQ(f["geometry"]["type"], "Point");
    EXPECT_EQ(f["properties"]["objectType"], "detection");
    EXPECT_EQ(f["properties"]["classification"]["name"], "Negative");
    EXPECT_EQ(f["properties"]["classification"]["color"], nlohmann::json::array({112, 112, 225}));
    EXPECT_DOUBLE_EQ(f["properties"]["measurements"]["Nucleus: DAB OD mean"].get<double>(), 0.0825);
    EXPECT_DOUBLE_EQ(f["properties"]["measurements"]["Nucleus: Area \u00b5m^2"].get<double>(), 30.5);
    const uint32_t rgb = interchange::defaultClassColour("3+");
    EXPECT_EQ(j["features"][1]["properties"]["classification"]["color"],
              nlohmann::json::array({(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff}));
    const ImportedAnnotations back = readOk(text);
    ASSERT_EQ(back.annotations.size(), 2u);
    EXPECT_EQ(back.annotations[0].kind, ShapeKind::Point);
    EXPECT_EQ(back.annotations[0].className, "Negative");
    EXPECT_DOUBLE_EQ(back.annotations[0].points[0].x, 10.13);  // two decimals, as every position
    EXPECT_EQ(back.annotations[1].className, "3+");
    EXPECT_EQ(interchange::writeGeoJsonDetections({}), "{\"type\":\"FeatureCollection\",\"features\":[]}\n");
}
