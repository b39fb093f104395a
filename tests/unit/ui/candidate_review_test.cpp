// SPDX-License-Identifier: MIT
// The review queue's order and its walk, without a window.
#include <gtest/gtest.h>

#include "ui/annotation_state.h"

using histomark::ui::CandidateReview;

namespace {

CandidateReview queue() {
    CandidateReview r;
    r.minScore = 0.1;
    // By score, as a search leaves them. At 0.25 µm/px a band of 0.2 mm is 800 px.
    for (auto [x, y, score] : {std::tuple{950.0, 900.0, 0.9}, {100.0, 100.0, 0.8}, {50.0, 900.0, 0.7}, {900.0, 100.0, 0.6},
                               {500.0, 120.0, 0.05}})
        r.candidates.push_back({{x, y}, score, CandidateReview::Status::Pending});
    return r;
}

}  // namespace

TEST(CandidateReview, ByScoreIsTheSearchOrder) {
    const CandidateReview r = queue();
    EXPECT_EQ(r.order(0.25), (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(r.nextPending(-1, 0.25), 0);
    EXPECT_EQ(r.nextPending(2, 0.25), 3);
    EXPECT_EQ(r.nextPending(3, 0.25), -1) << "the last is below the minimum score";
    EXPECT_EQ(r.pending(), 4);
}

TEST(CandidateReview, ByPositionSweepsBandsLeftToRightThenBack) {
    CandidateReview r = queue();
    r.byPosition = true;
    // Band 0 (y < 800): x 100, 500, 900; band 1: right to left, x 950 then 50.
    EXPECT_EQ(r.order(0.25), (std::vector<int>{1, 4, 3, 0, 2}));
    EXPECT_EQ(r.nextPending(-1, 0.25), 1);
    EXPECT_EQ(r.nextPending(1, 0.25), 3) << "the low-scoring one between is passed over";
    r.candidates[0].status = CandidateReview::Status::Accepted;
    EXPECT_EQ(r.nextPending(3, 0.25), 2) << "a decided one is passed over";
    EXPECT_EQ(r.nextPending(2, 0.25), -1);
    // At 0.5 µm/px the band is 400 px: y 900 is band 2, swept left to right again.
    EXPECT_EQ(r.order(0.5), (std::vector<int>{1, 4, 3, 2, 0}));
    r.byPosition = false;
    EXPECT_EQ(r.order(0.25), (std::vector<int>{0, 1, 2, 3, 4})) << "switching back re-sorts";
}
