// SPDX-License-Identifier: MIT
#include "core/annotation.h"

#include <gtest/gtest.h>

using namespace histomark::core;

TEST(Annotation, MarksWhollyOutsideTheSlideAreCountedForAWarning) {
    Annotation in, edge, out, far;
    in.points = {{100, 100}};
    edge.kind = ShapeKind::Rectangle, edge.points = {{-50, -50}, {10, 10}};  // reaches into the slide
    out.points = {{8193, 10}};
    far.kind = ShapeKind::Rectangle, far.points = {{20000, 20000}, {20100, 20100}};
    EXPECT_FALSE(outsideSlideWarning({in, edge}, 8192, 6144));
    const auto w = outsideSlideWarning({in, edge, out, far}, 8192, 6144);
    ASSERT_TRUE(w);
    EXPECT_NE(w->find("2 of 4 marks lie outside the slide (8192 x 6144 px)"), std::string::npos) << *w;
    EXPECT_FALSE(outsideSlideWarning({far}, 0, 0));  // size unknown: no claim
}
