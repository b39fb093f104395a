// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/annotation.h"
#include "core/utf8_text.h"
#include "interchange_support.h"
#include "interchange/asap_xml.h"
#include "interchange/class_names.h"
#include "support/test_data.h"

using namespace histomark;
using core::Annotation;
using core::ShapeKind;
using interchange::ImportedAnnotations;
using interchange::readAsapXml;

using test::mark;
using test::slurp;

namespace {

ImportedAnnotations readOk(const std::string& text) { return test::readOkWith(readAsapXml, text); }

std::string readError(const std::string& text) { return test::readErrorWith(readAsapXml, text); }

// One annotation's XML inside a document that declares group "mitosis".
std::string document(const std::string& annotations) {
    return R"(<?xml version="1.0"?><ASAP_Annotations><Annotations>)" + annotations +
           R"(</Annotations><AnnotationGroups><Group Name="mitosis" PartOfGroup="None" Color="#fc7ca7"><Attributes/></Group></AnnotationGroups></ASAP_Annotations>)";
}

}  // namespace

TEST(AsapSamples, DotPointSetPolygon) {
    const std::string dir = "annotation-interop-samples/asap/";
    HM_REQUIRE_DATA(dot, dir + "asap-dot.xml");
    ImportedAnnotations r = readOk(slurp(dot));
    EXPECT_EQ(r.format, "ASAP XML");
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].kind, ShapeKind::Point);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 23071.5605);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].y, 16831.0098);
    EXPECT_EQ(r.annotations[0].className, interchange::kUnclassified);  // PartOfGroup="None"
    EXPECT_EQ(r.annotations[0].reader, "");                               // "Annotation 0" names no reader
    // No group: the class takes the annotation's own colour, ASAP's default #F4FA58.
    ASSERT_EQ(r.classes.size(), 1u);
    EXPECT_EQ(r.classes[0], (core::AnnotationClass{interchange::kUnclassified, 0xf4fa58}));
    EXPECT_TRUE(r.warnings.empty());

    HM_REQUIRE_DATA(set, dir + "asap-pointset.xml");
    r = readOk(slurp(set));
    ASSERT_EQ(r.annotations.size(), 5u);
    for (const Annotation& a : r.annotations) EXPECT_EQ(a.kind, ShapeKind::Point);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 22793.7832);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].y, 16650.8945);
    EXPECT_DOUBLE_EQ(r.annotations[4].points[0].x, 22798.1738);

    HM_REQUIRE_DATA(polygon, dir + "asap-polygon.xml");
    r = readOk(slurp(polygon));
    ASSERT_EQ(r.annotations.size(), 1u);
    EXPECT_EQ(r.annotations[0].kind, ShapeKind::Polygon);
    ASSERT_EQ(r.annotations[0].points.size(), 6u);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 22851.3281);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].y, 16551.1797);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[5].y, 16565.2363);
}

TEST(AsapRead, TypesOrderAndGroups) {
    ImportedAnnotations r = readOk(document(R"(
        <Annotation Name="a" Type="Polygon" PartOfGroup="mitosis" Color="#000000"><Coordinates>
          <Coordinate Order="2" X="10" Y="10"/><Coordinate Order="0" X="0" Y="0"/><Coordinate Order="1" X="10" Y="0"/>
        </Coordinates></Annotation>
        <Annotation Name="b" Type="Rectangle" PartOfGroup="Tumor"><Coordinates>
          <Coordinate Order="0" X="50" Y="80"/><Coordinate Order="1" X="20" Y="80"/>
          <Coordinate Order="2" X="20" Y="30"/><Coordinate Order="3" X="50" Y="30"/>
        </Coordinates></Annotation>
        <Annotation Name="c" Type="Spline" PartOfGroup="mitosis"><Coordinates>
          <Coordinate Order="0" X="1" Y="1"/><Coordinate Order="1" X="2" Y="1"/><Coordinate Order="2" X="2" Y="2"/>
        </Coordinates></Annotation>
        <Annotation Name="d" Type="Measurement" PartOfGroup="None"><Coordinates>
          <Coordinate Order="0" X="1" Y="1"/><Coordinate Order="1" X="2" Y="1"/></Coordinates></Annotation>
        <Annotation Name="e" Type="Arrow" PartOfGroup="None"><Coordinates/></Annotation>)"));
    ASSERT_EQ(r.annotations.size(), 3u);
    // Sorted by Order, not by document position.
    EXPECT_EQ(r.annotations[0].kind, ShapeKind::Polygon);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 0);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[1].x, 10);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[2].y, 10);
    EXPECT_EQ(r.annotations[0].className, core::kMitoticFigure);  // group "mitosis", canonical name
    // A rectangle is the bounding box of its four corners.
    EXPECT_EQ(r.annotations[1].kind, ShapeKind::Rectangle);
    ASSERT_EQ(r.annotations[1].points.size(), 2u);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].x, 20);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].y, 30);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[1].x, 50);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[1].y, 80);
    EXPECT_EQ(r.annotations[1].className, core::kTumourRegion);  // undeclared group: imported anyway
    EXPECT_EQ(r.annotations[2].kind, ShapeKind::Polygon);         // spline through its control points
    // The group's colour, not the annotation's black.
    ASSERT_GE(r.classes.size(), 2u);
    EXPECT_EQ(r.classes[0], (core::AnnotationClass{core::kMitoticFigure, 0xfc7ca7}));
    EXPECT_EQ(r.classes[1], (core::AnnotationClass{core::kTumourRegion, 0x34c759}));  // no colour anywhere: the default
    EXPECT_EQ(r.warnings, (std::vector<std::string>{
                              "1 annotation naming an undeclared group imported anyway (ASAP would reject the file) "
                              "(first: annotation 1)",
                              "1 Spline imported as polygons through their control points (first: annotation 2)",
                              "1 Measurement annotation skipped: not a mark (first: annotation 3)",
                              "1 annotation of unknown Type \"Arrow\" skipped (first: annotation 4)",
                          }));
}

TEST(AsapRead, MalformedInputGivesMessages) {
    EXPECT_EQ(readError(document(R"(<Annotation Type="Dot"><Coordinates><Coordinate Order="0" X="1" Y="1"/></Coordinates></Annotation>
                                    <Annotation Type="PointSet"><Coordinates><Coordinate Order="0" X="1" Y="1"/>
                                    <Coordinate Order="5" X="2" Y="2"/></Coordinates></Annotation>)")),
              "annotation 1: coordinate Order \"5\" is not in 0..1");
    EXPECT_EQ(readError(document(R"(<Annotation Type="PointSet"><Coordinates><Coordinate Order="-1" X="1" Y="1"/></Coordinates></Annotation>)")),
              "annotation 0: coordinate Order \"-1\" is not in 0..0");
    EXPECT_EQ(readError(document(R"(<Annotation Type="PointSet"><Coordinates><Coordinate Order="0" X="1" Y="1"/>
                                    <Coordinate Order="0" X="2" Y="2"/></Coordinates></Annotation>)")),
              "annotation 0: coordinate Order 0 appears twice");
    EXPECT_EQ(readError(document(R"(<Annotation Type="Dot"><Coordinates><Coordinate Order="0" X="one" Y="1"/></Coordinates></Annotation>)")),
              "annotation 0: coordinate X=\"one\" Y=\"1\" is not a pair of numbers");
    EXPECT_EQ(readError(document(R"(<Annotation Type="Dot"><Coordinates><Coordinate Order="0" X="nan" Y="1"/></Coordinates></Annotation>)")),
              "annotation 0: coordinate X=\"nan\" Y=\"1\" is not a pair of numbers");
    EXPECT_EQ(readError(document(R"(<Annotation Type="Dot"><Coordinates><Coordinate Order="0" X="1e9" Y="1"/></Coordinates></Annotation>)")),
              "annotation 0: coordinate X=1e+09 Y=1 is beyond 10,000,000 px");
    const std::string broken = "<ASAP_Annotations><Annotations><Annotation Type=\"Dot\">";
    const std::string e = readError(broken);
    EXPECT_EQ(e.rfind("malformed XML at byte ", 0), 0u) << e;
    EXPECT_EQ(readError("this is not xml").rfind("malformed XML", 0), 0u);
    EXPECT_EQ(readError("<svg><rect/></svg>"), "not ASAP XML: no <ASAP_Annotations><Annotations> element");
}

TEST(AsapRead, UnknownTypesAndShortShapesAreWarnings) {
    ImportedAnnotations r = readOk(document(R"(<Annotation Type="Polygon"><Coordinates><Coordinate Order="0" X="1" Y="1"/>
        <Coordinate Order="1" X="2" Y="2"/></Coordinates></Annotation><Annotation Type="Banana"/><Annotation Type="Banana"/>)"));
    EXPECT_TRUE(r.annotations.empty());
    EXPECT_EQ(r.warnings, (std::vector<std::string>{
                              "1 Polygon with fewer than three coordinates skipped (first: annotation 0)",
                              "2 annotations of unknown Type \"Banana\" skipped (first: annotation 1)",
                          }));
    // Coordinates without Order keep document order; a decimal comma is read.
    r = readOk(document(R"(<Annotation Type="PointSet"><Coordinates><Coordinate X="3,5" Y="1"/><Coordinate X="2" Y="2"/>
        </Coordinates></Annotation>)"));
    ASSERT_EQ(r.annotations.size(), 2u);
    EXPECT_DOUBLE_EQ(r.annotations[0].points[0].x, 3.5);
    EXPECT_DOUBLE_EQ(r.annotations[1].points[0].x, 2);
}

TEST(AsapWrite, GroupsForEveryClassAndReadersInTheName) {
    const std::string text = interchange::writeAsapXml(
        {mark(ShapeKind::Point, {{10342.5, 20411.25}}, core::kMitoticFigure, "Dr A"),
         mark(ShapeKind::Point, {{1, 2}}, core::kMitoticFigure), mark(ShapeKind::Point, {{3, 4}}, "")},
        {{core::kMitoticFigure, 0xfc7ca7}});
    EXPECT_NE(text.find(R"x(<Annotation Name="mitotic figure 1 (Dr A)" Type="Dot" PartOfGroup="mitotic figure" Color="#fc7ca7">)x"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(<Coordinate Order="0" X="10342.5" Y="20411.25" />)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(<Annotation Name="mitotic figure 2" Type="Dot")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(<Annotation Name="Annotation 1" Type="Dot" PartOfGroup="None")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"(<Group Name="mitotic figure" PartOfGroup="None" Color="#fc7ca7">)"), std::string::npos) << text;
    EXPECT_EQ(text.find("<Group Name=\"\""), std::string::npos) << "no group for marks without a class";
    EXPECT_EQ(text.rfind("<?xml version=\"1.0\"?>", 0), 0u);
}

// Names held in an older project or brought in by an import may be Latin-1 or hold control
// characters: the file is still well-formed UTF-8 XML, and reads back.
TEST(AsapWrite, NamesThatAreNotUtf8OrHoldControlsStillGiveWellFormedXml) {
    const std::string text = interchange::writeAsapXml(
        {mark(ShapeKind::Point, {{1, 2}}, "Mitose \xE0 voir", "M\xFCller\x01"), mark(ShapeKind::Point, {{3, 4}}, core::kMitoticFigure)}, {});
    EXPECT_TRUE(core::isValidUtf8(text));
    EXPECT_NE(text.find("Name=\"Mitose \xC3\xA0 voir 1 (M\xC3\xBCller)\""), std::string::npos) << text;
    EXPECT_NE(text.find("<Group Name=\"Mitose \xC3\xA0 voir\""), std::string::npos) << text;
    ImportedAnnotations r = readOk(text);
    ASSERT_EQ(r.annotations.size(), 2u);
    EXPECT_EQ(r.annotations[0].reader, "M\xC3\xBCller");
}

TEST(AsapWrite, RoundTripKeepsKindsClassesColoursCoordinatesAndReaders) {
    const std::vector<Annotation> marks = {
        mark(ShapeKind::Point, {{100.25, 200.5}}, core::kMitoticFigure, "Dr A"),
        mark(ShapeKind::Point, {{300.125, 400.875}}, core::kLookAlike, "Dr (B)"),
        mark(ShapeKind::Rectangle, {{400, 550}, {500.5, 600.25}}, core::kTumourRegion),
        mark(ShapeKind::Polygon, {{0, 0}, {1000.1, 0}, {1000, 1000}, {0, 1000}}, core::kNecrosis, "Dr A"),
        mark(ShapeKind::Ellipse, {{10, 20}, {110.5, 70.25}}, "Stroma", "Dr A"),
        mark(ShapeKind::Freehand, {{5, 5}, {6.5, 5.25}, {7, 9}}, "Stroma"),
    };
    const std::vector<core::AnnotationClass> classes = {{core::kMitoticFigure, 0x123456}, {core::kLookAlike, 0xabcdef},
                                                        {core::kTumourRegion, 0x00ff00}, {core::kNecrosis, 0x800000},
                                                        {"Stroma", 0x0000ff}};
    ImportedAnnotations r = readOk(interchange::writeAsapXml(marks, classes));
    ASSERT_EQ(r.annotations.size(), marks.size());
    EXPECT_TRUE(r.warnings.empty());
    for (size_t i = 0; i < marks.size(); ++i) {
        const Annotation &m = marks[i], &a = r.annotations[i];
        // ASAP has neither ellipses nor freehand shapes: both come back as polygons.
        const ShapeKind expected =
            m.kind == ShapeKind::Ellipse || m.kind == ShapeKind::Freehand ? ShapeKind::Polygon : m.kind;
        EXPECT_EQ(a.kind, expected) << i;
        EXPECT_EQ(a.className, m.className) << i;
        EXPECT_EQ(a.reader, m.reader) << i;
        if (m.kind == ShapeKind::Ellipse) {
            EXPECT_EQ(a.points.size(), 64u);
            EXPECT_NEAR(a.bounds().x, 10, 0.01);
            EXPECT_NEAR(a.bounds().right(), 110.5, 0.01);
            EXPECT_NEAR(a.bounds().bottom(), 70.25, 0.01);
            continue;
        }
        ASSERT_EQ(a.points.size(), m.points.size()) << i;
        for (size_t k = 0; k < m.points.size(); ++k) {
            EXPECT_NEAR(a.points[k].x, m.points[k].x, 0.01) << i;
            EXPECT_NEAR(a.points[k].y, m.points[k].y, 0.01) << i;
        }
    }
    ASSERT_EQ(r.classes.size(), classes.size());
    for (const core::AnnotationClass& c : classes)
        EXPECT_NE(std::find(r.classes.begin(), r.classes.end(), c), r.classes.end()) << c.name;
}
