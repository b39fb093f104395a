// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/consensus_cells.h"

using namespace histomark::core;

namespace {

constexpr double kMpp = 0.25;  // 4 px per µm
Level0Point um(double x, double y) { return {x / kMpp, y / kMpp}; }

Annotation point(Level0Point at, const std::string& cls) {
    Annotation a;
    a.reader = "adj", a.className = cls, a.points = {at};
    return a;
}

// Three readers: a cell all marked, one A and B marked, one only C marked, one only A marked.
ReaderConsensus vote() {
    return *formConsensus({{um(100, 100), um(200, 150), um(600, 600)}, {um(101, 101), um(201, 149)}, {um(99, 100.5), um(400, 400)}}, kMpp,
                          kMpp, 2);
}

}  // namespace

TEST(ConsensusCells, EveryVoterLabelsItsCellAndTheVoteSetsTheAgreedClass) {
    const ReaderConsensus c = vote();
    auto cells = consensusCells(c, {"A", "B", "C"}, kMitoticFigure, nullptr, kMpp, kMpp);
    ASSERT_TRUE(cells.ok()) << cells.error();
    ASSERT_EQ(cells->cells.size(), 4u);
    EXPECT_EQ(cells->cells[0].agreedClass, kMitoticFigure);
    ASSERT_EQ(cells->cells[0].labels.size(), 3u);
    EXPECT_EQ(cells->cells[0].labels[2].reader, "C");
    EXPECT_EQ(cells->cells[0].labels[2].className, kMitoticFigure);
    EXPECT_EQ(cells->cells[1].labels.size(), 2u);
    // The single votes are disputed: uncertain, with their one reader's label.
    EXPECT_EQ(cells->cells[2].agreedClass, kUncertain);
    EXPECT_EQ(cells->cells[3].agreedClass, kUncertain);
    EXPECT_EQ(cells->unsettled, 2);
    const auto marks = cellMarks(cells->cells, 7, "consensus");
    ASSERT_EQ(marks.size(), 4u);
    EXPECT_EQ(marks[3].slide, 7);
    EXPECT_EQ(marks[3].reader, "consensus");
    EXPECT_EQ(marks[3].className, kUncertain);
}

TEST(ConsensusCells, TheAdjudicatorSettlesOverrulesAddsAndIsLabelled) {
    const ReaderConsensus c = vote();
    // Clusters by centre: (100,100) agreed, (200,150) agreed, (400,400) C alone, (600,600) A alone.
    const Adjudication adj{"adj",
                           {point(um(401, 400), "Mitotic Figure"),  // settles C's cell (a spelling of the class)
                            point(um(600, 601), kLookAlike),        // settles A's
                            point(um(200, 150), kLookAlike),        // overrules a voted figure
                            point(um(100, 100), kUncertain),        // changes nothing
                            point(um(900, 900), kMitoticFigure),    // a cell nobody voted on
                            point(um(950, 950), kNecrosis)}};       // not a decision
    auto cells = consensusCells(c, {"A", "B", "C"}, kMitoticFigure, &adj, kMpp, kMpp);
    ASSERT_TRUE(cells.ok()) << cells.error();
    ASSERT_EQ(cells->cells.size(), 5u);
    EXPECT_EQ(cells->settled, 2);
    EXPECT_EQ(cells->overruled, 1);
    EXPECT_EQ(cells->added, 1);
    EXPECT_EQ(cells->missing, 0);
    EXPECT_EQ(cells->unsettled, 0);
    EXPECT_EQ(cells->cells[0].agreedClass, kMitoticFigure);
    EXPECT_EQ(cells->cells[0].labels.size(), 3u);  // the uncertain mark adds no label
    EXPECT_EQ(cells->cells[1].agreedClass, kLookAlike);
    EXPECT_EQ(cells->cells[1].labels.back().reader, "adj");
    EXPECT_EQ(cells->cells[2].agreedClass, kMitoticFigure);
    EXPECT_EQ(cells->cells[3].agreedClass, kLookAlike);
    EXPECT_EQ(cells->cells[4].labels.size(), 1u);
    EXPECT_NEAR(cells->cells[4].at.x, um(900, 0).x, 1e-9);
    // Marks of another cell more than the radius away settle nothing: the cell stays as voted.
    const Adjudication far{"adj", {point(um(420, 400), kMitoticFigure)}};
    auto kept = consensusCells(c, {"A", "B", "C"}, kMitoticFigure, &far, kMpp, kMpp);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->cells[2].agreedClass, kUncertain);
    EXPECT_EQ(kept->missing, 4);
    EXPECT_EQ(kept->added, 1);
    EXPECT_FALSE(consensusCells(c, {"A", "B", "C"}, kMitoticFigure, &adj, 0, kMpp).ok());
}
