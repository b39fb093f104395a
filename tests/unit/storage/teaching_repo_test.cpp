// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "one_case_fixture.h"

using namespace histomark;

TEST(TeachingRepo, ACaseBecomesATeachingCaseAndBackWithItsSubmissions) {
    test::OneCaseFixture f;
    EXPECT_FALSE(f.repos.teaching.get(f.caseId).value());
    ASSERT_TRUE(f.repos.teaching.put({f.caseId, "educator", "Count the mitoses in the ten fields", 1700000000}).ok());
    auto t = f.repos.teaching.get(f.caseId).value();
    ASSERT_TRUE(t);
    EXPECT_EQ(t->referenceReader, "educator");
    EXPECT_EQ(t->question, "Count the mitoses in the ten fields");
    EXPECT_EQ(t->modifiedUnix, 1700000000);

    // Changing the reference keeps the submissions (the learners' answers are still theirs).
    ASSERT_TRUE(f.repos.teaching.submit({f.caseId, "learner1", 1700000100}).ok());
    ASSERT_TRUE(f.repos.teaching.put({f.caseId, "educator2", "", 0}).ok());
    EXPECT_EQ(f.repos.teaching.get(f.caseId).value()->referenceReader, "educator2");
    EXPECT_GT(f.repos.teaching.get(f.caseId).value()->modifiedUnix, 1700000000);  // 0 = now
    EXPECT_EQ(f.repos.teaching.submissions(f.caseId).value().size(), 1u);
    EXPECT_EQ(f.repos.teaching.list().value().size(), 1u);

    ASSERT_TRUE(f.repos.teaching.remove(f.caseId).ok());
    EXPECT_FALSE(f.repos.teaching.get(f.caseId).value());
    EXPECT_TRUE(f.repos.teaching.submissions(f.caseId).value().empty());
    EXPECT_TRUE(f.repos.teaching.remove(f.caseId).ok());  // nothing left to remove: not an error
}

TEST(TeachingRepo, ASubmissionKeepsItsFirstTimeUntilTheEducatorReopensIt) {
    test::OneCaseFixture f;
    ASSERT_TRUE(f.repos.teaching.put({f.caseId, "educator", "", 0}).ok());
    ASSERT_TRUE(f.repos.teaching.submit({f.caseId, "learner1", 1700000100}).ok());
    ASSERT_TRUE(f.repos.teaching.submit({f.caseId, "learner1", 1700000900}).ok());
    ASSERT_TRUE(f.repos.teaching.submit({f.caseId, "learner2", 1700000050}).ok());
    EXPECT_EQ(f.repos.teaching.submission(f.caseId, "learner1").value()->submittedUnix, 1700000100);
    const auto all = f.repos.teaching.submissions(f.caseId).value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].learner, "learner2");  // by time
    EXPECT_TRUE(f.repos.teaching.reopen(f.caseId, "learner1").value());
    EXPECT_FALSE(f.repos.teaching.submission(f.caseId, "learner1").value());
    EXPECT_FALSE(f.repos.teaching.reopen(f.caseId, "learner1").value());
}

TEST(TeachingRepo, RefusesWhatCannotBeAnswered) {
    test::OneCaseFixture f;
    const auto noReader = f.repos.teaching.put({f.caseId, "", "", 0});
    ASSERT_FALSE(noReader.ok());
    EXPECT_NE(noReader.error().find("reference reader"), std::string::npos);
    const auto noCase = f.repos.teaching.put({f.caseId + 100, "educator", "", 0});
    ASSERT_FALSE(noCase.ok());
    EXPECT_NE(noCase.error().find("No case with id"), std::string::npos);
    const auto notTeaching = f.repos.teaching.submit({f.caseId, "learner1", 0});
    ASSERT_FALSE(notTeaching.ok());
    EXPECT_NE(notTeaching.error().find("not a teaching case"), std::string::npos);
    ASSERT_TRUE(f.repos.teaching.put({f.caseId, "educator", "", 0}).ok());
    EXPECT_FALSE(f.repos.teaching.submit({f.caseId, "", 0}).ok());
}

TEST(TeachingRepo, RemovingTheCaseRemovesItsTeachingRecord) {
    test::OneCaseFixture f;
    ASSERT_TRUE(f.repos.teaching.put({f.caseId, "educator", "", 0}).ok());
    ASSERT_TRUE(f.repos.teaching.submit({f.caseId, "learner1", 0}).ok());
    ASSERT_TRUE(f.db->execScript("DELETE FROM cases").ok());
    EXPECT_TRUE(f.repos.teaching.list().value().empty());
    EXPECT_TRUE(f.repos.teaching.submissions(f.caseId).value().empty());
}

TEST(TeachingRepo, ALearnersIhcReadingIsKeptApartFromTheSlidesRecord) {
    test::OneCaseFixture f;
    core::CaseSlideRecord rec;
    rec.caseId = f.caseId, rec.path = "/slides/desmin.svs", rec.stain = "desmin";
    const auto slide = f.repos.slides.add(rec).value();
    core::MarkerRecord ref;
    ref.slide = slide, ref.marker = "desmin", ref.result = core::MarkerResult::Positive, ref.intensity = 3, ref.reader = "educator";
    ASSERT_TRUE(f.repos.markers.put(ref).ok());
    core::MarkerRecord mine = ref;
    mine.result = core::MarkerResult::Negative, mine.intensity.reset(), mine.reader = "sam", mine.modifiedUnix = 1700000000;
    ASSERT_TRUE(f.repos.markers.putAnswer(mine).ok());
    EXPECT_EQ(f.repos.markers.get(slide).value()->result, core::MarkerResult::Positive);  // the reference is untouched
    auto answers = f.repos.markers.answersForCase(f.caseId, "sam").value();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0], mine);
    EXPECT_TRUE(f.repos.markers.answersForCase(f.caseId, "kim").value().empty());
    EXPECT_EQ(f.repos.markers.answerLearners(f.caseId).value(), std::vector<std::string>{"sam"});
    mine.reader.clear();
    EXPECT_FALSE(f.repos.markers.putAnswer(mine).ok());
    ASSERT_TRUE(f.repos.markers.removeAnswer(slide, "sam").ok());
    EXPECT_TRUE(f.repos.markers.answersForCase(f.caseId, "sam").value().empty());
}
