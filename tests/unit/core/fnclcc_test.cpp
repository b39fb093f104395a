// SPDX-License-Identifier: MIT
#include "core/fnclcc.h"

#include <gtest/gtest.h>

#include <string>

using namespace histomark::core;

TEST(Fnclcc, MitoticScoreBoundaries) {
    EXPECT_EQ(mitoticScore(0), 1);
    EXPECT_EQ(mitoticScore(9), 1);
    EXPECT_EQ(mitoticScore(9.99), 1);
    EXPECT_EQ(mitoticScore(10), 2);
    EXPECT_EQ(mitoticScore(19), 2);
    EXPECT_EQ(mitoticScore(19.99), 2);
    EXPECT_EQ(mitoticScore(20), 3);
    EXPECT_EQ(mitoticScore(57), 3);
}

TEST(Fnclcc, FloatNoiseNeverLowersTheScore) {
    // 10 mitoses over 10 × 0.1734 mm² by the area route, a hair under 10.
    EXPECT_EQ(mitoticScore(10 / (10 * 0.1734) * 1.734), 2);
    EXPECT_EQ(mitoticScore(10 - 1e-9), 2);
    EXPECT_EQ(mitoticScore(20 - 1e-9), 3);
    EXPECT_EQ(mitoticScore(10 - 1e-3), 1);  // a real fraction below is still below
}

TEST(Fnclcc, NecrosisScore) {
    EXPECT_EQ(necrosisScoreFromPercent(0), 0);
    EXPECT_EQ(necrosisScoreFromPercent(0.5), 1);
    EXPECT_EQ(necrosisScoreFromPercent(49.9), 1);
    EXPECT_EQ(necrosisScoreFromPercent(50), 2);
    EXPECT_EQ(necrosisScoreFromPercent(100), 2);
}

TEST(Fnclcc, GradeFromTotals) {
    auto g = [](int d, int m, int n) {
        auto r = fnclccGrade(d, m, n);
        EXPECT_TRUE(r.ok()) << r.error();
        return r.ok() ? r->grade : 0;
    };
    EXPECT_EQ(g(1, 1, 0), 1);  // total 2
    EXPECT_EQ(g(2, 1, 0), 1);  // 3
    EXPECT_EQ(g(2, 2, 0), 2);  // 4
    EXPECT_EQ(g(2, 2, 1), 2);  // 5
    EXPECT_EQ(g(3, 2, 1), 3);  // 6
    EXPECT_EQ(g(3, 3, 2), 3);  // 8
    auto r = fnclccGrade(3, 2, 1);
    EXPECT_EQ(r->total, 6);
    EXPECT_EQ(r->differentiation, 3);
    EXPECT_EQ(r->mitotic, 2);
    EXPECT_EQ(r->necrosis, 1);
}

TEST(Fnclcc, WorkedExampleRectalLeiomyosarcoma) {
    // DOMAIN §3: 7 mitoses per 10 HPF, no necrosis, conventional differentiation -> grade 1.
    const int mitotic = mitoticScore(7);
    EXPECT_EQ(mitotic, 1);
    const int necrosis = necrosisScoreFromPercent(0);
    EXPECT_EQ(necrosis, 0);
    auto r = fnclccGrade(2, mitotic, necrosis);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->total, 3);
    EXPECT_EQ(r->grade, 1);
}

TEST(Fnclcc, OutOfRangeScoresAreErrors) {
    EXPECT_FALSE(fnclccGrade(0, 1, 0).ok());
    EXPECT_FALSE(fnclccGrade(4, 1, 0).ok());
    EXPECT_FALSE(fnclccGrade(2, 0, 0).ok());
    EXPECT_FALSE(fnclccGrade(2, 4, 0).ok());
    EXPECT_FALSE(fnclccGrade(2, 1, -1).ok());
    EXPECT_FALSE(fnclccGrade(2, 1, 3).ok());
    EXPECT_NE(fnclccGrade(2, 1, 3).error().find("necrosis"), std::string::npos);
    EXPECT_NE(fnclccGrade(5, 1, 0).error().find("differentiation"), std::string::npos);
}

TEST(Fnclcc, DifferentiationMeaning) {
    EXPECT_EQ(std::string(differentiationMeaning(1)), "closely resembles normal adult mesenchymal tissue");
    EXPECT_EQ(std::string(differentiationMeaning(2)), "histological type certain");
    EXPECT_NE(std::string(differentiationMeaning(3)).find("undifferentiated"), std::string::npos);
    EXPECT_EQ(std::string(differentiationMeaning(0)), "");
}
