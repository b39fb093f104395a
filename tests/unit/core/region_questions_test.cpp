// SPDX-License-Identifier: MIT
#include "core/region_questions.h"

#include <gtest/gtest.h>

using namespace histomark::core;

namespace {

Annotation mark(const std::string& cls, ShapeKind kind, std::vector<Level0Point> pts) {
    Annotation a;
    a.className = cls, a.kind = kind, a.points = std::move(pts);
    return a;
}

}  // namespace

TEST(RegionQuestions, ClicksAreScoredAgainstTheReferenceAreasOfTheirClass) {
    const std::vector<Annotation> reference = {
        mark("necrosis", ShapeKind::Rectangle, {{0, 0}, {100, 100}}),
        mark("mitotic figure", ShapeKind::Point, {{500, 500}}),           // the point matching's
        mark("mitotic figure", ShapeKind::Ellipse, {{600, 600}, {700, 700}}),  // not a region question
        mark("Necrosis", ShapeKind::Polygon, {{1000, 0}, {1200, 0}, {1100, 200}}),
        mark("vessel", ShapeKind::Ellipse, {{0, 1000}, {200, 1100}}),
    };
    EXPECT_EQ(regionQuestionClasses(reference), (std::vector<std::string>{"necrosis", "vessel"}));

    const std::vector<Annotation> learner = {
        mark("necrosis", ShapeKind::Point, {{50, 50}}),     // in the rectangle
        mark("NECROSIS", ShapeKind::Point, {{60, 40}}),     // the same region again
        mark("necrosis", ShapeKind::Point, {{1150, 190}}),  // outside the triangle (its tip is narrower)
        mark("necrosis", ShapeKind::Point, {{100, 1050}}),  // in the vessel: the wrong class
        mark("vessel", ShapeKind::Point, {{195, 1050}}),    // inside the ellipse, near its edge
        mark("vessel", ShapeKind::Point, {{5, 1005}}),      // in its box, outside the ellipse
        mark("necrosis", ShapeKind::Rectangle, {{1000, 0}, {1200, 100}}),  // an area is no click
    };
    const auto scores = scoreRegionQuestions(reference, learner);
    ASSERT_EQ(scores.size(), 2u);
    const RegionClassScore& n = scores[0];
    EXPECT_EQ(n.className, "necrosis");
    EXPECT_EQ(n.regions.size(), 2u);
    EXPECT_EQ(n.clicks.size(), 4u);
    EXPECT_EQ(n.clickInside, (std::vector<bool>{true, true, false, false}));
    EXPECT_EQ(n.clicksInside(), 2);
    EXPECT_EQ(n.regionFound, (std::vector<bool>{true, false}));
    EXPECT_EQ(n.regionsFound(), 1);
    const RegionClassScore& v = scores[1];
    EXPECT_EQ(v.clickInside, (std::vector<bool>{true, false}));
    EXPECT_EQ(v.regionsFound(), 1);

    // No reference areas: nothing asked, whatever the learner clicked.
    EXPECT_TRUE(scoreRegionQuestions({}, learner).empty());
    // Asked, not answered: no clicks, no region found.
    const auto none = scoreRegionQuestions(reference, {});
    EXPECT_EQ(none[0].regionsFound(), 0);
    EXPECT_TRUE(none[0].clicks.empty());
}
