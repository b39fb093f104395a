// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/annotation.h"
#include "interchange/class_names.h"
#include "interchange/imagescope_xml.h"

using namespace histomark;
using core::ShapeKind;
using interchange::ImportedAnnotations;
using interchange::readImageScopeXml;

namespace {

// Shaped like the export in DOMAIN.md 9.6 (no public sample file exists).
const char* kTwoLayers = R"(<?xml version="1.0" encoding="UTF-8"?>
<Annotations MicronsPerPixel="0.252100">
  <Annotation Id="1" Name="Layer 1" LineColor="255" Type="4" Visible="1">
    <Attributes/>
    <Regions>
      <RegionAttributeHeaders/>
      <Region Id="1" Type="2" Text="Mitosis" Length="150" Area="1500">
        <Vertices><Vertex X="6595" Y="24009" Z="0"/><Vertex X="6642" Y="24051" Z="0"/></Vertices>
      </Region>
      <Region Id="2" Type="0" Text="">
        <Vertices><Vertex X="10" Y="10"/><Vertex X="20.5" Y="10"/><Vertex X="20" Y="30"/><Vertex X="10" Y="10"/></Vertices>
      </Region>
      <Region Id="3" Type="4" Text="ruler">
        <Vertices><Vertex X="0" Y="0"/><Vertex X="100" Y="0"/></Vertices>
      </Region>
    </Regions>
  </Annotation>
  <Annotation Id="2" Name="Tumour" LineColor="65280">
    <Regions>
      <Region Id="1" Type="1" Text=" ">
        <Vertices><Vertex X="300" Y="200"/><Vertex X="100" Y="200"/><Vertex X="100" Y="50"/><Vertex X="300" Y="50"/></Vertices>
      </Region>
    </Regions>
  </Annotation>
</Annotations>)";

}  // namespace

TEST(ImageScopeRead, RegionTypesClassesAndColours) {
    auto r = readImageScopeXml(kTwoLayers);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "Aperio ImageScope XML");
    ASSERT_EQ(r->annotations.size(), 3u);
    // Type 2: an ellipse on the bounding box of its two vertices; class from the Region's Text.
    const core::Annotation& e = r->annotations[0];
    EXPECT_EQ(e.kind, ShapeKind::Ellipse);
    EXPECT_EQ(e.className, core::kMitoticFigure);
    EXPECT_DOUBLE_EQ(e.centre().x, (6595 + 6642) / 2.0);
    EXPECT_DOUBLE_EQ(e.centre().y, (24009 + 24051) / 2.0);
    // Type 0: a polygon, closing vertex dropped; no Text, so the layer's Name.
    const core::Annotation& p = r->annotations[1];
    EXPECT_EQ(p.kind, ShapeKind::Polygon);
    ASSERT_EQ(p.points.size(), 3u);
    EXPECT_DOUBLE_EQ(p.points[1].x, 20.5);
    EXPECT_EQ(p.className, "Layer 1");
    // Type 1: a rectangle from its four vertices; blank Text falls back to the layer.
    const core::Annotation& rect = r->annotations[2];
    EXPECT_EQ(rect.kind, ShapeKind::Rectangle);
    EXPECT_DOUBLE_EQ(rect.points[0].x, 100);
    EXPECT_DOUBLE_EQ(rect.points[0].y, 50);
    EXPECT_DOUBLE_EQ(rect.points[1].x, 300);
    EXPECT_DOUBLE_EQ(rect.points[1].y, 200);
    EXPECT_EQ(rect.className, core::kTumourRegion);
    // LineColor as COLORREF 0x00BBGGRR: 255 is red, 65280 green.
    ASSERT_EQ(r->classes.size(), 3u);
    EXPECT_EQ(r->classes[0], (core::AnnotationClass{core::kMitoticFigure, 0xff0000}));
    EXPECT_EQ(r->classes[1], (core::AnnotationClass{"Layer 1", 0xff0000}));
    EXPECT_EQ(r->classes[2], (core::AnnotationClass{core::kTumourRegion, 0x00ff00}));
    EXPECT_EQ(r->warnings, std::vector<std::string>{
                               "1 region of Type \"4\" skipped: only 0 (polygon), 1 (rectangle) and 2 (ellipse) are "
                               "imported (first: region 2)"});
}

TEST(ImageScopeRead, MalformedInputGivesMessages) {
    auto r = readImageScopeXml(R"(<Annotations><Annotation><Regions><Region Type="0"><Vertices>
        <Vertex X="1" Y="2"/><Vertex X="abc" Y="2"/></Vertices></Region></Regions></Annotation></Annotations>)");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "region 0: vertex X=\"abc\" Y=\"2\" is not a pair of numbers");
    r = readImageScopeXml("<Annotations><Annotation>");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().rfind("malformed XML at byte ", 0), 0u) << r.error();
    r = readImageScopeXml("<ASAP_Annotations/>");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "not ImageScope XML: no <Annotations> root element");
    // A region with too few vertices is skipped, not fatal.
    r = readImageScopeXml(R"(<Annotations><Annotation Name="x"><Regions><Region Type="2"><Vertices><Vertex X="1" Y="2"/>
        </Vertices></Region></Regions></Annotation></Annotations>)");
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_TRUE(r->annotations.empty());
    EXPECT_EQ(r->warnings.size(), 1u);
}
