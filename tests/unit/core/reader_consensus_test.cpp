// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/reader_consensus.h"

using namespace histomark::core;

namespace {

// 0.25 µm/px: 4 px per µm.
constexpr double kMpp = 0.25;
Level0Point um(double x, double y) { return {x / kMpp, y / kMpp}; }

}  // namespace

TEST(ReaderConsensus, MajorityVotesMakeTheFiguresAndTheRestAreDisputed) {
    // A cell all three marked (within 2 µm), one two of them marked, one only C marked.
    const std::vector<std::vector<Level0Point>> readers = {
        {um(100, 100), um(200, 150)},
        {um(101, 101), um(201, 149)},
        {um(99, 100.5), um(400, 400)},
    };
    auto c = formConsensus(readers, kMpp, kMpp, 2);
    ASSERT_TRUE(c.ok()) << c.error();
    ASSERT_EQ(c->clusters.size(), 3u);
    EXPECT_EQ(c->agreed(), 2);
    EXPECT_EQ(c->disputed(), 1);
    EXPECT_EQ(c->clusters[0].votes(), 3);  // y = 100
    EXPECT_NEAR(c->clusters[0].centre.x, um(100, 0).x, 1e-9);
    EXPECT_EQ(c->clusters[1].votes(), 2);
    EXPECT_EQ(c->clusters[2].votes(), 1);
    EXPECT_EQ(c->clusters[2].members, (std::vector<std::pair<size_t, size_t>>{{2, 1}}));
    // Unanimity asks all three.
    EXPECT_EQ(formConsensus(readers, kMpp, kMpp, 3)->agreed(), 1);
}

TEST(ReaderConsensus, OneMarkPerReaderAndNoChainsOfNearMarks) {
    // B marked one cell twice: only the nearer mark joins A's.
    auto twice = formConsensus({{um(0, 0)}, {um(1, 0), um(4, 0)}}, kMpp, kMpp, 2);
    ASSERT_TRUE(twice.ok());
    ASSERT_EQ(twice->clusters.size(), 2u);
    EXPECT_EQ(twice->agreed(), 1);
    // A - B 6 µm, B - C 6 µm, A - C 12 µm: C stays apart (every two members within 7.5 µm).
    auto chain = formConsensus({{um(0, 0)}, {um(6, 0)}, {um(12, 0)}}, kMpp, kMpp, 2);
    ASSERT_TRUE(chain.ok());
    ASSERT_EQ(chain->clusters.size(), 2u);
    EXPECT_EQ(chain->clusters[0].votes() + chain->clusters[1].votes(), 3);
    EXPECT_EQ(chain->agreed(), 1);
    // Exactly the radius counts, beyond it does not; the scale may differ in x and y.
    EXPECT_EQ(formConsensus({{{0, 0}}, {{30, 0}}}, 0.25, 0.5, 2)->agreed(), 1);   // 7.5 µm
    EXPECT_EQ(formConsensus({{{0, 0}}, {{0, 16}}}, 0.25, 0.5, 2)->agreed(), 0);   // 8 µm
    EXPECT_EQ(formConsensus({{{0, 0}}, {{0, 16}}}, 0.25, 0.5, 2, 10)->agreed(), 1);
}

TEST(ReaderConsensus, ManyMarksAreFastAndNonFiniteOnesNeverJoin) {
    std::vector<std::vector<Level0Point>> readers(3);
    for (int i = 0; i < 20000; ++i)
        for (size_t r = 0; r < 3; ++r) readers[r].push_back(um((i % 200) * 30 + double(r), (i / 200) * 30.0));
    readers[0].push_back({std::nan(""), 0});
    auto c = formConsensus(readers, kMpp, kMpp, 2);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->agreed(), 20000);
    EXPECT_EQ(c->clusters.size(), 20000u);
}

TEST(ReaderConsensus, RefusesWhatCannotBeVoted) {
    EXPECT_FALSE(formConsensus({{um(0, 0)}}, kMpp, kMpp, 1).ok());
    EXPECT_FALSE(formConsensus({{}, {}}, kMpp, kMpp, 0).ok());
    EXPECT_FALSE(formConsensus({{}, {}}, kMpp, kMpp, 3).ok());
    EXPECT_FALSE(formConsensus({{}, {}}, 0, kMpp, 1).ok());
    EXPECT_FALSE(formConsensus({{}, {}}, kMpp, kMpp, 1, -1).ok());
    auto none = formConsensus({{}, {}}, kMpp, kMpp, 2);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->clusters.empty());
}
