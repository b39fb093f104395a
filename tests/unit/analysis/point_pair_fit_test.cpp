// SPDX-License-Identifier: MIT
// Least-squares transforms from clicked point pairs (the manual correction of a registration).
#include "analysis/point_pair_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace histomark::analysis {
namespace {

using core::Affine;
using core::Level0Point;

std::vector<Level0Point> through(const Affine& t, const std::vector<Level0Point>& p) {
    std::vector<Level0Point> out;
    for (const auto& q : p) out.push_back(t.apply(q));
    return out;
}

void expectNear(const Affine& a, const Affine& b, double tolLinear, double tolShift) {
    EXPECT_NEAR(a.a, b.a, tolLinear);
    EXPECT_NEAR(a.b, b.b, tolLinear);
    EXPECT_NEAR(a.c, b.c, tolLinear);
    EXPECT_NEAR(a.d, b.d, tolLinear);
    EXPECT_NEAR(a.tx, b.tx, tolShift);
    EXPECT_NEAR(a.ty, b.ty, tolShift);
}

const std::vector<Level0Point> kMoving{{1200, 800}, {40500, 2300}, {21000, 30500}, {5000, 26000}, {33000, 18000}};

TEST(FitPointPairs, RecoversAnAffineExactly) {
    const Affine truth{0.97, 0.12, 5120.5, -0.09, 1.03, -870.25};
    for (size_t n : {3u, 5u}) {
        const std::vector<Level0Point> m(kMoving.begin(), kMoving.begin() + long(n));
        auto fit = fitPointPairs(m, through(truth, m));
        ASSERT_TRUE(fit.ok()) << fit.error();
        expectNear(fit->movingToFixed, truth, 1e-9, 1e-6);
        EXPECT_LT(fit->rmsPx, 1e-6);
        EXPECT_EQ(fit->residualsPx.size(), n);
    }
}

TEST(FitPointPairs, RecoversASimilarityIncludingAMirror) {
    const Affine rot = Affine::rotation(200 * std::numbers::pi / 180).then(Affine::scaling(1.52)).then(Affine::translation(-300, 9000));
    auto fit = fitPointPairs(kMoving, through(rot, kMoving), false);
    ASSERT_TRUE(fit.ok()) << fit.error();
    expectNear(fit->movingToFixed, rot, 1e-9, 1e-6);

    const Affine mirrored = Affine::mirrorX().then(rot);
    auto fitM = fitPointPairs(kMoving, through(mirrored, kMoving), false);
    ASSERT_TRUE(fitM.ok()) << fitM.error();
    EXPECT_TRUE(fitM->movingToFixed.mirrored());
    expectNear(fitM->movingToFixed, mirrored, 1e-9, 1e-6);

    // Two pairs fix a similarity (kept unmirrored).
    const std::vector<Level0Point> two(kMoving.begin(), kMoving.begin() + 2);
    auto fit2 = fitPointPairs(two, through(rot, two), false);
    ASSERT_TRUE(fit2.ok()) << fit2.error();
    expectNear(fit2->movingToFixed, rot, 1e-9, 1e-6);
}

TEST(FitPointPairs, ReportsTheResidualOfNoisyClicks) {
    const Affine truth = Affine::rotation(0.3).then(Affine::translation(100, -50));
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 3.0);  // a few level-0 px of clicking error
    std::vector<Level0Point> fixed = through(truth, kMoving);
    for (auto& p : fixed) p.x += noise(rng), p.y += noise(rng);
    auto fit = fitPointPairs(kMoving, fixed);
    ASSERT_TRUE(fit.ok()) << fit.error();
    EXPECT_GT(fit->rmsPx, 0.3);
    EXPECT_LT(fit->rmsPx, 8.0);
    double sq = 0;
    for (double r : fit->residualsPx) sq += r * r;
    EXPECT_NEAR(fit->rmsPx, std::sqrt(sq / double(fit->residualsPx.size())), 1e-9);
    // Away from the clicks the fit stays within a few px of the truth.
    const Level0Point probe{20000, 15000};
    EXPECT_LT(core::distance(fit->movingToFixed.apply(probe), truth.apply(probe)), 10.0);
}

TEST(FitPointPairs, RejectsTooFewCollinearAndMismatchedPoints) {
    const std::vector<Level0Point> two{{0, 0}, {100, 50}};
    auto few = fitPointPairs(two, two);
    ASSERT_FALSE(few.ok());
    EXPECT_NE(few.error().find("at least 3 point pairs"), std::string::npos) << few.error();
    auto one = fitPointPairs({{1, 2}}, {{3, 4}}, false);
    ASSERT_FALSE(one.ok());
    EXPECT_NE(one.error().find("at least 2 point pairs"), std::string::npos) << one.error();

    const std::vector<Level0Point> line{{0, 0}, {1000, 500}, {2000, 1000.4}, {3000, 1500}};
    auto collinear = fitPointPairs(line, through(Affine::translation(5, 5), line));
    ASSERT_FALSE(collinear.ok());
    EXPECT_NE(collinear.error().find("one line"), std::string::npos) << collinear.error();
    auto fixedLine = fitPointPairs(kMoving, std::vector<Level0Point>{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}});
    ASSERT_FALSE(fixedLine.ok());
    EXPECT_NE(fixedLine.error().find("fixed points lie on one line"), std::string::npos) << fixedLine.error();

    auto same = fitPointPairs({{5, 5}, {5, 5}, {5, 5}}, {{1, 1}, {2, 2}, {3, 1}});
    ASSERT_FALSE(same.ok());
    EXPECT_NE(same.error().find("coincide"), std::string::npos) << same.error();

    auto mismatched = fitPointPairs(kMoving, two);
    ASSERT_FALSE(mismatched.ok());
    EXPECT_NE(mismatched.error().find("do not match"), std::string::npos) << mismatched.error();

    auto nan = fitPointPairs({{0, 0}, {1, 0}, {0, std::nan("")}}, {{0, 0}, {1, 0}, {0, 1}});
    ASSERT_FALSE(nan.ok());
    EXPECT_NE(nan.error().find("not a finite position"), std::string::npos) << nan.error();
}

}  // namespace
}  // namespace histomark::analysis
