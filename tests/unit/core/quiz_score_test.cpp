// SPDX-License-Identifier: MIT
#include "core/quiz_score.h"

#include <gtest/gtest.h>

using namespace histomark::core;

namespace {

constexpr double kMpp = 0.25;  // 7.5 µm = 30 px

CountSetup tenFnclccFields(Level0Point centre) {
    CountSetup s;
    s.presetId = kFnclccPresetId;
    auto grid = gridAt(s, kMpp, kMpp, centre, 5, 2);
    EXPECT_TRUE(grid.ok()) << grid.error();
    s.area.kind = CountArea::Kind::Fields;
    if (grid.ok()) s.area.grid = *grid;
    s.placed = true;
    return s;
}

}  // namespace

TEST(QuizScore, TheLearnersMarksAreMatchedOneToOneWithinTheHitRadius) {
    QuizSlideInput in;
    in.mppX = in.mppY = kMpp;
    in.reference = {{1000, 1000}, {2000, 1000}, {3000, 1000}, {4000, 1000}};
    // A hit 29 px off (7.25 µm), a miss 31 px off (7.75 µm), two marks on one figure, one stray.
    in.learner = {{1029, 1000}, {2000, 1031}, {3000, 1005}, {3005, 1000}, {9000, 9000}};
    auto s = scoreQuizSlide(in);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_FALSE(s->inCountArea);
    EXPECT_FALSE(s->referenceCount);
    EXPECT_EQ(s->match.tp, 2);
    EXPECT_EQ(s->match.fp, 3);
    EXPECT_EQ(s->match.fn, 2);
    EXPECT_EQ(s->match.unmatchedReference, (std::vector<size_t>{1, 3}));
    EXPECT_DOUBLE_EQ(s->match.f1, 4.0 / 9.0);
    EXPECT_EQ(s->referenceMarks, 4);
    EXPECT_EQ(s->learnerMarks, 5);
}

TEST(QuizScore, InTheReferenceCountAreaOnlyItsMarksAreAskedForAndBothAreCounted) {
    const Level0Point centre{20000, 20000};
    QuizSlideInput in;
    in.mppX = in.mppY = kMpp;
    in.referenceCount = tenFnclccFields(centre);
    // 12 reference figures at the centre of the grid (score 2), plus two far outside the fields.
    for (int i = 0; i < 12; ++i) in.reference.push_back({centre.x - 600 + i * 100.0, centre.y + 940});
    in.reference.push_back({1000, 1000});
    in.reference.push_back({1200, 1000});
    // The learner finds 9 of the 12 (score 1), marks one look-alike inside and one figure outside.
    for (int i = 0; i < 9; ++i) in.learner.push_back({centre.x - 600 + i * 100.0 + 10, centre.y + 940});
    in.learner.push_back({centre.x + 300, centre.y + 540});
    in.learner.push_back({1000, 1000});
    auto s = scoreQuizSlide(in);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_TRUE(s->inCountArea);
    EXPECT_EQ(s->referenceMarks, 12);
    EXPECT_EQ(s->learnerMarks, 10);
    EXPECT_EQ(s->match.tp, 9);
    EXPECT_EQ(s->match.fp, 1);
    EXPECT_EQ(s->match.fn, 3);
    // Indices are those of the whole lists: the stray inside is the learner's mark 9.
    EXPECT_EQ(s->match.unmatchedCandidates, (std::vector<size_t>{9}));
    EXPECT_EQ(s->match.unmatchedReference, (std::vector<size_t>{9, 10, 11}));
    ASSERT_TRUE(s->referenceCount && s->learnerCount);
    EXPECT_EQ(s->referenceCount->result.count, 12);
    EXPECT_EQ(s->learnerCount->result.count, 10);
    EXPECT_EQ(s->referenceCount->result.mitoticScore, 2);
    EXPECT_EQ(s->learnerCount->result.mitoticScore, 2);  // 10 per 10 HPF: the same score for the wrong reasons
    EXPECT_EQ(s->mitoticScoreAgrees, std::optional<bool>(true));

    in.learner.pop_back(), in.learner.pop_back();  // 9 in the fields: score 1
    s = scoreQuizSlide(in);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->mitoticScoreAgrees, std::optional<bool>(false));
}

TEST(QuizScore, AnUnknownScaleIsAnErrorNotAScore) {
    QuizSlideInput in;
    in.reference = {{1, 1}};
    in.learner = {{1, 1}};
    EXPECT_FALSE(scoreQuizSlide(in).ok());
    in.mppX = in.mppY = kMpp;
    in.referenceCount = tenFnclccFields({500, 500});
    in.referenceCount->area.grid.states.clear();  // damaged settings
    auto s = scoreQuizSlide(in);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("reference count area"), std::string::npos);
}

TEST(QuizScore, TheReferenceStaysHiddenFromALearnerUntilSubmitted) {
    EXPECT_FALSE(referenceVisible(true, false));
    EXPECT_TRUE(referenceVisible(true, true));
    EXPECT_TRUE(referenceVisible(false, false));
}

TEST(QuizScore, AnIhcReadingIsComparedPartByPartWithTheSlidesRecord) {
    MarkerRecord ref;
    ref.marker = "desmin", ref.result = MarkerResult::Positive, ref.intensity = 3, ref.extentPercent = 90;
    ref.distribution = MarkerDistribution::Diffuse, ref.compartments = kCytoplasmic;
    MarkerRecord mine = ref;
    mine.intensity = 2, mine.extentPercent = 82, mine.compartments = kCytoplasmic | kMembranous;
    const MarkerAnswerScore s = scoreMarkerAnswer(ref, mine);
    EXPECT_TRUE(s.answered);
    EXPECT_TRUE(s.resultAgrees);
    EXPECT_EQ(s.intensityAgrees, std::optional<bool>(false));
    EXPECT_EQ(s.distributionAgrees, std::optional<bool>(true));
    EXPECT_EQ(s.compartmentsAgree, std::optional<bool>(false));
    EXPECT_DOUBLE_EQ(*s.extentDifference, -8);
    EXPECT_EQ(s.extentAgrees, std::optional<bool>(true));  // within 10 points
    mine.extentPercent = 70;
    EXPECT_EQ(scoreMarkerAnswer(ref, mine).extentAgrees, std::optional<bool>(false));

    // Nothing recorded is no answer; what the reference leaves open is not asked.
    const MarkerAnswerScore none = scoreMarkerAnswer(ref, std::nullopt);
    EXPECT_FALSE(none.answered);
    EXPECT_FALSE(none.resultAgrees);
    EXPECT_EQ(none.extentAgrees, std::optional<bool>(false));
    MarkerRecord negative;
    negative.result = MarkerResult::Negative;
    const MarkerAnswerScore open = scoreMarkerAnswer(negative, mine);
    EXPECT_FALSE(open.resultAgrees);
    EXPECT_FALSE(open.intensityAgrees);
    EXPECT_FALSE(open.extentAgrees);
}

// A reference count area that hangs over the slide's edge: both counts are per its part on the
// slide, as `histomark count` takes them.
TEST(QuizScore, BothCountsTakeOnlyThePartOfTheAreaOnTheSlide) {
    const Level0Point centre{20000, 20000};
    QuizSlideInput in;
    in.mppX = in.mppY = kMpp;
    in.referenceCount = tenFnclccFields(centre);
    for (int i = 0; i < 8; ++i) in.reference.push_back({centre.x - 600 + i * 100.0, centre.y + 940});
    in.learner = in.reference;
    auto whole = scoreQuizSlide(in);
    ASSERT_TRUE(whole.ok()) << whole.error();
    // The slide ends at the grid's centre column: about half the fields' area is on it.
    in.slide = {0, 0, centre.x + 1, 60000};
    auto cut = scoreQuizSlide(in);
    ASSERT_TRUE(cut.ok()) << cut.error();
    const double full = whole->referenceCount->result.examinedMm2, part = cut->referenceCount->result.examinedMm2;
    EXPECT_LT(part, 0.65 * full) << part << " of " << full;
    EXPECT_GT(part, 0.35 * full);
    EXPECT_DOUBLE_EQ(cut->learnerCount->result.examinedMm2, part);
    EXPECT_GT(cut->referenceCount->result.fieldsOffSlide + cut->referenceCount->result.fieldsPartlyOff, 0);
    EXPECT_GT(cut->referenceCount->result.per10Hpf, whole->referenceCount->result.per10Hpf);
}
