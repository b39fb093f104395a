// SPDX-License-Identifier: MIT
// Marks already on a slide are not imported again; anything that differs is.
#include "core/import_duplicates.h"

#include <gtest/gtest.h>

namespace histomark::core {
namespace {

Annotation point(double x, double y, const std::string& reader = "alice", const std::string& cls = "mitotic figure") {
    Annotation a;
    a.reader = reader, a.className = cls, a.kind = ShapeKind::Point, a.points = {{x, y}};
    return a;
}

TEST(ImportDuplicates, OnlyTheSameReaderClassAndPlaceIsLeftOut) {
    const std::vector<Annotation> there = {point(10, 20), point(30, 40)};
    std::vector<Annotation> incoming = {point(10, 20),                     // there: left out
                                        point(10.001, 20),                 // within 0.01 px: the same mark
                                        point(10.5, 20),                   // elsewhere
                                        point(30, 40, "bob"),              // another reader
                                        point(30, 40, "alice", "look-alike"),  // another class
                                        point(50, 60), point(50, 60)};     // a repeat in the file itself
    EXPECT_EQ(dropMarksAlreadyThere(incoming, there), 2u);
    ASSERT_EQ(incoming.size(), 5u);
    EXPECT_DOUBLE_EQ(incoming[0].points[0].x, 10.5);
    EXPECT_EQ(incoming[1].reader, "bob");
    EXPECT_EQ(incoming[2].className, "look-alike");
    EXPECT_EQ(incoming[3].points[0].x, 50);
    EXPECT_EQ(incoming[4].points[0].x, 50);
    std::vector<Annotation> none = {point(1, 2)};
    EXPECT_EQ(dropMarksAlreadyThere(none, {}), 0u);
    EXPECT_EQ(none.size(), 1u);
}

}  // namespace
}  // namespace histomark::core
