// SPDX-License-Identifier: MIT
#include "core/point_matching.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace histomark::core;

namespace {
MatchResult match(const std::vector<Level0Point>& ref, const std::vector<Level0Point>& cand, double mpp = 0.25) {
    auto r = matchPoints(ref, cand, mpp, mpp);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : MatchResult{};
}
}  // namespace

TEST(PointMatch, RadiusIs7Point5UmInclusive) {
    // 7.5 µm at 0.25 µm/px = 30 px.
    EXPECT_EQ(match({{1000, 1000}}, {{1029.9, 1000}}).tp, 1);
    EXPECT_EQ(match({{1000, 1000}}, {{1030.1, 1000}}).tp, 0);
    EXPECT_EQ(match({{1000, 1000}}, {{1030, 1000}}).tp, 1);  // exactly on the radius
    EXPECT_EQ(match({{1000, 1000}}, {{1000 + 21.2, 1000 + 21.2}}).tp, 1);  // 29.98 px diagonally
    EXPECT_EQ(match({{1000, 1000}}, {{1000 + 21.3, 1000 + 21.3}}).tp, 0);  // 30.12 px
    // At 0.5 µm/px the same 30 px are 15 µm: too far.
    EXPECT_EQ(match({{1000, 1000}}, {{1029.9, 1000}}, 0.5).tp, 0);
}

TEST(PointMatch, AnisotropicScale) {
    // 20 px in y at 0.5 µm/px = 10 µm: too far, though 20 px in x at 0.25 would match.
    auto r = matchPoints({{0, 0}}, {{0, 20}}, 0.25, 0.5);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->tp, 0);
    r = matchPoints({{0, 0}}, {{20, 0}}, 0.25, 0.5);
    EXPECT_EQ(r->tp, 1);
}

TEST(PointMatch, TwoCandidatesOnOneReference) {
    const MatchResult m = match({{500, 500}}, {{510, 500}, {505, 500}});
    EXPECT_EQ(m.tp, 1);
    EXPECT_EQ(m.fp, 1);
    EXPECT_EQ(m.fn, 0);
    ASSERT_EQ(m.pairs.size(), 1u);
    EXPECT_EQ(m.pairs[0], (std::pair<size_t, size_t>{0, 1}));  // the nearer one
    EXPECT_EQ(m.unmatchedCandidates, std::vector<size_t>{0});
    EXPECT_DOUBLE_EQ(m.precision, 0.5);
    EXPECT_DOUBLE_EQ(m.recall, 1);
    EXPECT_DOUBLE_EQ(m.f1, 2.0 / 3.0);
}

TEST(PointMatch, GreedyTakesTheNearestPairFirstOneToOne) {
    // Candidate 0 is 10 px from reference 0 and 5 px from reference 1; reference 1 takes it, and
    // reference 0 falls back to candidate 1 (25 px).
    const MatchResult m = match({{0, 0}, {15, 0}}, {{10, 0}, {-25, 0}});
    EXPECT_EQ(m.tp, 2);
    EXPECT_EQ(m.fp, 0);
    EXPECT_EQ(m.fn, 0);
    EXPECT_EQ(m.pairs, (std::vector<std::pair<size_t, size_t>>{{0, 1}, {1, 0}}));

    // One candidate between two references: one TP, one FN.
    const MatchResult one = match({{0, 0}, {20, 0}}, {{11, 0}});
    EXPECT_EQ(one.tp, 1);
    EXPECT_EQ(one.fn, 1);
    EXPECT_EQ(one.pairs, (std::vector<std::pair<size_t, size_t>>{{1, 0}}));
    EXPECT_EQ(one.unmatchedReference, std::vector<size_t>{0});
}

TEST(PointMatch, TiesAreDeterministic) {
    // The candidate is equally far from both references: the lower reference index wins.
    const MatchResult m = match({{0, 0}, {20, 0}}, {{10, 0}});
    EXPECT_EQ(m.pairs, (std::vector<std::pair<size_t, size_t>>{{0, 0}}));
    // Two candidates equally far from one reference: the lower candidate index wins.
    const MatchResult c = match({{0, 0}}, {{0, 10}, {10, 0}});
    EXPECT_EQ(c.pairs, (std::vector<std::pair<size_t, size_t>>{{0, 0}}));
}

TEST(PointMatch, EmptySets) {
    MatchResult none = match({}, {});
    EXPECT_EQ(none.tp + none.fp + none.fn, 0);
    EXPECT_DOUBLE_EQ(none.precision, 1);
    EXPECT_DOUBLE_EQ(none.recall, 1);
    EXPECT_DOUBLE_EQ(none.f1, 1);

    MatchResult noCandidates = match({{1, 1}, {500, 500}}, {});
    EXPECT_EQ(noCandidates.fn, 2);
    EXPECT_DOUBLE_EQ(noCandidates.precision, 0);
    EXPECT_DOUBLE_EQ(noCandidates.recall, 0);
    EXPECT_DOUBLE_EQ(noCandidates.f1, 0);
    EXPECT_EQ(noCandidates.unmatchedReference, (std::vector<size_t>{0, 1}));

    MatchResult noReference = match({}, {{1, 1}});
    EXPECT_EQ(noReference.fp, 1);
    EXPECT_DOUBLE_EQ(noReference.precision, 0);
    EXPECT_DOUBLE_EQ(noReference.recall, 0);
    EXPECT_DOUBLE_EQ(noReference.f1, 0);
}

TEST(PointMatch, NonFinitePointsNeverMatch) {
    const MatchResult m = match({{NAN, 0}, {10, 10}}, {{10, 10}, {INFINITY, 0}});
    EXPECT_EQ(m.tp, 1);
    EXPECT_EQ(m.fp, 1);
    EXPECT_EQ(m.fn, 1);
}

TEST(PointMatch, UnknownScaleOrBadRadiusIsAnError) {
    EXPECT_FALSE(matchPoints({{0, 0}}, {{0, 0}}, 0, 0.25).ok());
    EXPECT_FALSE(matchPoints({{0, 0}}, {{0, 0}}, 0.25, -1).ok());
    EXPECT_FALSE(matchPoints({{0, 0}}, {{0, 0}}, NAN, 0.25).ok());
    EXPECT_FALSE(matchPoints({{0, 0}}, {{0, 0}}, 0.25, 0.25, 0).ok());
    EXPECT_NE(matchPoints({}, {}, 0, 0).error().find("scale"), std::string::npos);
}

TEST(PointMatch, PooledSumsCountsThenRatios) {
    // Slide A: 8 TP, 2 FP, 0 FN (F1 0.889); slide B: 0 TP, 0 FP, 10 FN (F1 0).
    const MatchResult a = tally(8, 2, 0), b = tally(0, 0, 10);
    const MatchResult p = pool({a, b});
    EXPECT_EQ(p.tp, 8);
    EXPECT_EQ(p.fp, 2);
    EXPECT_EQ(p.fn, 10);
    EXPECT_DOUBLE_EQ(p.f1, 16.0 / 28.0);  // not the mean of per-slide F1 (0.444)
    EXPECT_DOUBLE_EQ(p.precision, 0.8);
    EXPECT_DOUBLE_EQ(p.recall, 8.0 / 18.0);
    EXPECT_DOUBLE_EQ(pool({}).f1, 1);
}

TEST(PointMatch, HundredThousandPointsEachSide) {
    // Dense enough to matter: 100k mitoses over a 40k × 40k px slide; 9 in 10 candidates within
    // 20 px of their reference, the rest anywhere; candidates shuffled.
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> pos(0, 40000), jitter(-14, 14);
    std::vector<Level0Point> ref, cand;
    ref.reserve(100000), cand.reserve(100000);
    for (int i = 0; i < 100000; ++i) ref.push_back({pos(rng), pos(rng)});
    for (int i = 0; i < 100000; ++i) {
        const Level0Point r = ref[size_t(i)];
        cand.push_back(i % 10 == 0 ? Level0Point{pos(rng), pos(rng)}
                                   : Level0Point{r.x + jitter(rng), r.y + jitter(rng)});
    }
    std::shuffle(cand.begin(), cand.end(), rng);
    auto r = matchPoints(ref, cand, 0.25, 0.25);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->tp + r->fn, 100000);
    EXPECT_EQ(r->tp + r->fp, 100000);
    EXPECT_EQ(r->pairs.size(), size_t(r->tp));
    // ~90 % were placed within 20 px; crowding can swap a few partners but not lose many.
    EXPECT_GT(r->tp, 89000);
    EXPECT_LT(r->tp, 92000);
    // One-to-one: no candidate is used twice.
    std::vector<int> uses(cand.size(), 0);
    for (auto [i, j] : r->pairs) {
        ++uses[j];
        EXPECT_LE(distance(ref[i], cand[j]), 30.0 + 1e-9);
    }
    for (int u : uses) ASSERT_LE(u, 1);
}

TEST(PointMatch, GridMatchesBruteForce) {
    // Clustered points (many pairs in one cell and across cell borders) against an O(n·m) greedy.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> pos(0, 400);
    std::vector<Level0Point> ref, cand;
    for (int i = 0; i < 300; ++i) ref.push_back({pos(rng), pos(rng)});
    for (int i = 0; i < 300; ++i) cand.push_back({pos(rng), pos(rng)});
    auto r = matchPoints(ref, cand, 0.25, 0.25);
    ASSERT_TRUE(r.ok());

    struct P {
        double d;
        size_t i, j;
    };
    std::vector<P> all;
    for (size_t i = 0; i < ref.size(); ++i)
        for (size_t j = 0; j < cand.size(); ++j) {
            const double dx = (ref[i].x - cand[j].x) * 0.25, dy = (ref[i].y - cand[j].y) * 0.25;
            if (dx * dx + dy * dy <= 7.5 * 7.5) all.push_back({dx * dx + dy * dy, i, j});
        }
    std::sort(all.begin(), all.end(), [](const P& a, const P& b) {
        return a.d != b.d ? a.d < b.d : a.i != b.i ? a.i < b.i : a.j < b.j;
    });
    std::vector<bool> ru(ref.size()), cu(cand.size());
    std::vector<std::pair<size_t, size_t>> expected;
    for (const P& p : all)
        if (!ru[p.i] && !cu[p.j]) ru[p.i] = cu[p.j] = true, expected.emplace_back(p.i, p.j);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(r->pairs, expected);
    EXPECT_GT(r->tp, 50);
}
