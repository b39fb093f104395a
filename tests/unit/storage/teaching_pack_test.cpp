// SPDX-License-Identifier: MIT
// Teaching packs on real project files: what an exam copy keeps and leaves out (down to the bytes
// of the file), a self-study copy, the refusals, and a learner's work collected back.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "raw_sqlite.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "storage/teaching_pack.h"
#include "support/test_data.h"

using namespace histomark;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSecretComment = "Smooth muscle: the answer is leiomyosarcoma";

core::Annotation mark(core::CaseSlideId slide, const std::string& reader, const std::string& cls, core::ShapeKind kind,
                      std::vector<core::Level0Point> points) {
    core::Annotation a;
    a.slide = slide, a.reader = reader, a.className = cls, a.kind = kind, a.points = std::move(points);
    return a;
}

// A project with a teaching case (the educator's figures, a vessel to click in, a count area, an
// IHC answer), an ordinary case, and an earlier learner's work.
struct Educator {
    fs::path file;
    core::CaseId quiz = 0, other = 0;
    core::CaseSlideId he = 0, desmin = 0;

    explicit Educator(const fs::path& dir) : file(dir / "educator.hmproj") {
        auto db = storage::Database::open(file, true);
        EXPECT_TRUE(db.ok()) << db.error();
        storage::Repositories r(**db);
        core::CaseRecord c;
        c.accession = "S26-01234", c.site = "uterus", c.diagnosisNote = "leiomyosarcoma";
        quiz = r.cases.create(c).value();
        c.accession = "S26-09999", c.site = "thigh", c.diagnosisNote = "secret other diagnosis";
        other = r.cases.create(c).value();
        core::CaseSlideRecord s;
        s.caseId = quiz, s.path = "/slides/HE.svs", s.fingerprint = "quickhash1:he", s.stain = "H&E";
        he = r.slides.add(s).value();
        s.path = "/slides/desmin.svs", s.fingerprint = "quickhash1:desmin", s.stain = "desmin", s.position = 1;
        desmin = r.slides.add(s).value();
        s.caseId = other, s.path = "/slides/other.svs", s.fingerprint = "quickhash1:other", s.position = 0;
        const auto otherSlide = r.slides.add(s).value();
        EXPECT_TRUE(r.annotations.ensureClass({"vessel", 0x3050ff}).ok());
        EXPECT_TRUE(r.annotations.addMany({mark(he, "edu", core::kMitoticFigure, core::ShapeKind::Point, {{100, 100}}),
                                           mark(he, "edu", core::kMitoticFigure, core::ShapeKind::Point, {{300, 300}}),
                                           mark(he, "edu", "vessel", core::ShapeKind::Rectangle, {{1000, 1000}, {1200, 1200}}),
                                           mark(he, "old learner", core::kMitoticFigure, core::ShapeKind::Point, {{101, 99}}),
                                           mark(otherSlide, "edu", core::kMitoticFigure, core::ShapeKind::Point, {{5, 5}})})
                        .ok());
        EXPECT_TRUE(r.annotations.setCountSettings(he, "edu", R"({"preset":"fnclcc","placed":true})").ok());
        EXPECT_TRUE(r.annotations.setCountSettings(he, "old learner", R"({"preset":"fnclcc"})").ok());
        core::MarkerRecord m;
        m.slide = desmin, m.marker = "desmin", m.result = core::MarkerResult::Positive, m.intensity = 3, m.comment = kSecretComment,
        m.reader = "edu";
        EXPECT_TRUE(r.markers.put(m).ok());
        EXPECT_TRUE(r.teaching.put({quiz, "edu", "Find the figures and the vessel; read the desmin", 0}).ok());
        EXPECT_TRUE(r.teaching.submit({quiz, "old learner", 1700000000}).ok());
        m.reader = "old learner", m.comment = "old learner's guess";
        EXPECT_TRUE(r.markers.putAnswer(m).ok());
    }
};

std::string bytesOf(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(TeachingPack, AnExamCopyKeepsTheQuestionsAndNothingOfTheAnswers) {
    const fs::path dir = test::tempDir("pack-exam");
    Educator e(dir);
    const fs::path pack = dir / "exam.hmproj";
    auto w = storage::writeTeachingPack(e.file, pack, {});
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->cases, 1);
    EXPECT_EQ(w->slides, 2);
    EXPECT_EQ(w->figureAnswers, 2);
    EXPECT_EQ(w->regionAnswers, 1);
    EXPECT_EQ(w->markerAnswers, 1);
    EXPECT_EQ(w->regionQuestions, 1);
    EXPECT_FALSE(w->answersIncluded);

    auto db = storage::Database::open(pack, false);
    ASSERT_TRUE(db.ok()) << db.error();
    storage::Repositories r(**db);
    const auto cases = r.cases.list().value();
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0].record.id, e.quiz);  // ids kept: the pack's work goes back onto the same slides
    EXPECT_EQ(cases[0].record.accession, "Question 1");
    EXPECT_TRUE(cases[0].record.site.empty());
    EXPECT_TRUE(cases[0].record.diagnosisNote.empty());
    EXPECT_EQ(r.slides.get(e.he).value().fingerprint, "quickhash1:he");
    EXPECT_EQ(r.teaching.get(e.quiz).value()->question, "Find the figures and the vessel; read the desmin");
    EXPECT_TRUE(r.annotations.listForSlide(e.he).value().empty());
    EXPECT_TRUE(r.markers.listForCase(e.quiz).value().empty());
    EXPECT_TRUE(r.teaching.submissions(e.quiz).value().empty());
    EXPECT_TRUE(r.markers.answerLearners(e.quiz).value().empty());
    // The question's area stays (it is shown to the learner), nobody else's count settings.
    EXPECT_TRUE(r.annotations.countSettings(e.he, "edu").value());
    EXPECT_FALSE(r.annotations.countSettings(e.he, "old learner").value());
    EXPECT_EQ(r.packs.regionClasses(e.he).value(), std::vector<std::string>{"vessel"});
    const auto info = r.packs.info().value();
    ASSERT_TRUE(info);
    EXPECT_FALSE(info->answersIncluded);
    EXPECT_EQ(info->sourceProject, w->sourceProject);
    EXPECT_NE(r.packs.projectId().value(), w->sourceProject);
    db = core::Error{"closed"};

    // Nothing left out can be read back from the file itself (free pages, the journal).
    const std::string bytes = bytesOf(pack);
    for (const char* secret : {kSecretComment, "leiomyosarcoma", "S26-01234", "S26-09999", "old learner", "other.svs"})
        EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
    EXPECT_FALSE(fs::exists(pack.string() + "-wal"));
    EXPECT_NE(bytesOf(e.file).find(kSecretComment), std::string::npos) << "the educator's project is untouched";
}

TEST(TeachingPack, ASelfStudyCopyKeepsTheAnswersButNoOtherLearnersWork) {
    const fs::path dir = test::tempDir("pack-self");
    Educator e(dir);
    const fs::path pack = dir / "self.hmproj";
    auto w = storage::writeTeachingPack(e.file, pack, {true, ""});
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_TRUE(w->answersIncluded);
    auto db = storage::Database::open(pack, false);
    ASSERT_TRUE(db.ok()) << db.error();
    storage::Repositories r(**db);
    EXPECT_EQ(r.annotations.listForSlide(e.he, std::string("edu")).value().size(), 3u);
    EXPECT_TRUE(r.annotations.listForSlide(e.he, std::string("old learner")).value().empty());
    EXPECT_EQ(r.markers.get(e.desmin).value()->comment, kSecretComment);
    EXPECT_TRUE(r.markers.answerLearners(e.quiz).value().empty());
    EXPECT_TRUE(r.packs.info().value()->answersIncluded);
}

TEST(TeachingPack, RefusesWhatWouldLoseOrLeakSomething) {
    const fs::path dir = test::tempDir("pack-refusals");
    Educator e(dir);
    const fs::path pack = dir / "exam.hmproj";
    ASSERT_TRUE(storage::writeTeachingPack(e.file, pack, {}).ok());
    const std::string before = bytesOf(pack);

    auto again = storage::writeTeachingPack(e.file, pack, {});
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("exists"), std::string::npos) << again.error();
    EXPECT_EQ(bytesOf(pack), before);

    auto ofPack = storage::writeTeachingPack(pack, dir / "pack-of-pack.hmproj", {});
    ASSERT_FALSE(ofPack.ok());
    EXPECT_NE(ofPack.error().find("itself a teaching pack"), std::string::npos) << ofPack.error();
    EXPECT_FALSE(fs::exists(dir / "pack-of-pack.hmproj"));

    const fs::path plain = dir / "plain.hmproj";
    { ASSERT_TRUE(storage::Database::open(plain, true).ok()); }
    auto none = storage::writeTeachingPack(plain, dir / "none.hmproj", {});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("no teaching cases"), std::string::npos) << none.error();
    EXPECT_FALSE(fs::exists(dir / "none.hmproj"));

    auto noFolder = storage::writeTeachingPack(e.file, dir / "no-such-folder" / "x.hmproj", {});
    ASSERT_FALSE(noFolder.ok());
    EXPECT_NE(noFolder.error().find("there is no folder"), std::string::npos) << noFolder.error();
    auto missing = storage::writeTeachingPack(dir / "nowhere.hmproj", dir / "x.hmproj", {});
    ASSERT_FALSE(missing.ok());
    EXPECT_FALSE(fs::exists(dir / "nowhere.hmproj"));
}

TEST(TeachingPack, ALearnersWorkComesBackToTheProjectItWasPackedFrom) {
    const fs::path dir = test::tempDir("pack-collect");
    Educator e(dir);
    const fs::path pack = dir / "exam.hmproj";
    ASSERT_TRUE(storage::writeTeachingPack(e.file, pack, {}).ok());
    {  // The learner answers in the pack: two figures, a click in the vessel, a reading, Submit.
        auto db = storage::Database::open(pack, false);
        ASSERT_TRUE(db.ok()) << db.error();
        storage::Repositories r(**db);
        ASSERT_TRUE(r.annotations.addMany({mark(e.he, "sam", core::kMitoticFigure, core::ShapeKind::Point, {{102, 98}}),
                                           mark(e.he, "sam", core::kMitoticFigure, core::ShapeKind::Point, {{700, 700}}),
                                           mark(e.he, "sam", "vessel", core::ShapeKind::Point, {{1100, 1100}})})
                        .ok());
        ASSERT_TRUE(r.annotations.setCountSettings(e.he, "sam", R"({"preset":"fnclcc"})").ok());
        core::MarkerRecord m;
        m.slide = e.desmin, m.marker = "desmin", m.result = core::MarkerResult::Positive, m.intensity = 2, m.reader = "sam";
        ASSERT_TRUE(r.markers.putAnswer(m).ok());
        ASSERT_TRUE(r.teaching.submit({e.quiz, "sam", 1700000500}).ok());
    }
    auto db = storage::Database::open(e.file, false);
    ASSERT_TRUE(db.ok()) << db.error();
    storage::Repositories r(**db);
    for (int round = 0; round < 2; ++round) {  // collecting twice changes nothing
        SCOPED_TRACE("round " + std::to_string(round));
        auto got = storage::collectTeachingPack(r, pack);
        ASSERT_TRUE(got.ok()) << got.error();
        ASSERT_EQ(got->learners.size(), 1u);
        EXPECT_EQ(got->learners[0].learner, "sam");
        EXPECT_EQ(got->learners[0].marks, 3);
        EXPECT_EQ(got->learners[0].readings, 1);
        EXPECT_EQ(got->learners[0].submissions, 1);
        EXPECT_TRUE(got->notes.empty());
        EXPECT_EQ(r.annotations.listForSlide(e.he, std::string("sam")).value().size(), 3u);
        EXPECT_EQ(r.markers.answersForCase(e.quiz, "sam").value().at(0).intensity, 2);
        EXPECT_EQ(r.teaching.submission(e.quiz, "sam").value()->submittedUnix, 1700000500);
        EXPECT_TRUE(r.annotations.countSettings(e.he, "sam").value());
    }
    // What was there stays: the answer, the other learner, the other case.
    EXPECT_EQ(r.annotations.listForSlide(e.he, std::string("edu")).value().size(), 3u);
    EXPECT_EQ(r.annotations.listForSlide(e.he, std::string("old learner")).value().size(), 1u);
    EXPECT_EQ(r.markers.get(e.desmin).value()->comment, kSecretComment);
    EXPECT_EQ(r.cases.get(e.other).value().accession, "S26-09999");

    // Another project, or a slide that is no longer the same file, is refused or left out.
    const fs::path elsewhere = dir / "elsewhere.hmproj";
    auto other = storage::Database::open(elsewhere, true);
    ASSERT_TRUE(other.ok());
    storage::Repositories o(**other);
    auto refused = storage::collectTeachingPack(o, pack);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("another project"), std::string::npos) << refused.error();
    auto notPack = storage::collectTeachingPack(r, elsewhere);
    ASSERT_FALSE(notPack.ok());
    EXPECT_NE(notPack.error().find("not a teaching pack"), std::string::npos) << notPack.error();

    ASSERT_TRUE(r.slides.relink(e.he, "/slides/HE-rescanned.svs", "quickhash1:rescanned").ok());
    auto partly = storage::collectTeachingPack(r, pack);
    ASSERT_TRUE(partly.ok()) << partly.error();
    ASSERT_EQ(partly->notes.size(), 1u);
    EXPECT_NE(partly->notes[0].find("not the same slide"), std::string::npos) << partly->notes[0];
    EXPECT_EQ(partly->learners.at(0).marks, 0);
    EXPECT_EQ(partly->learners.at(0).readings, 1);
}

TEST(TeachingPack, ALearnersMarkedAnswerGoesBackToThemAloneWithTheKey) {
    const fs::path dir = test::tempDir("pack-returned");
    Educator e(dir);
    // Another learner, whose work must stay out of "old learner"'s copy.
    {
        auto db = storage::Database::open(e.file, false);
        ASSERT_TRUE(db.ok());
        storage::Repositories r(**db);
        ASSERT_TRUE(r.annotations.add(mark(e.he, "kim", core::kMitoticFigure, core::ShapeKind::Point, {{300, 301}})).ok());
        ASSERT_TRUE(r.teaching.submit({e.quiz, "kim", 1700000600}).ok());
    }
    const fs::path pack = dir / "returned.hmproj";
    auto w = storage::writeTeachingPack(e.file, pack, {true, "old learner"});
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->learnerMarks, 1);
    EXPECT_EQ(w->learnerSubmissions, 1);
    auto db = storage::Database::open(pack, false);
    ASSERT_TRUE(db.ok());
    storage::Repositories r(**db);
    EXPECT_EQ(r.annotations.readers(e.he).value(), (std::vector<std::string>{"edu", "old learner"}));
    EXPECT_EQ(r.teaching.submission(e.quiz, "old learner").value()->submittedUnix, 1700000000);
    EXPECT_FALSE(r.teaching.submission(e.quiz, "kim").value());
    EXPECT_EQ(r.markers.answerLearners(e.quiz).value(), std::vector<std::string>{"old learner"});
    EXPECT_TRUE(r.annotations.countSettings(e.he, "old learner").value());
    db = core::Error{"closed"};
    EXPECT_EQ(bytesOf(pack).find("kim"), std::string::npos);

    // An exam copy with the learner's work keeps their marks but still no answer; the reference
    // reader is nobody's learner.
    auto exam = storage::writeTeachingPack(e.file, dir / "exam-old.hmproj", {false, "old learner"});
    ASSERT_TRUE(exam.ok()) << exam.error();
    auto edb = storage::Database::open(dir / "exam-old.hmproj", false);
    ASSERT_TRUE(edb.ok());
    storage::Repositories er(**edb);
    EXPECT_EQ(er.annotations.readers(e.he).value(), std::vector<std::string>{"old learner"});
    EXPECT_TRUE(er.markers.listForCase(e.quiz).value().empty());
    auto refused = storage::writeTeachingPack(e.file, dir / "edu.hmproj", {true, "edu"});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find("reference reader"), std::string::npos) << refused.error();
    EXPECT_FALSE(fs::exists(dir / "edu.hmproj"));
}

TEST(TeachingPack, CopiedSlidesGetBlindedNamesAndTravelWithThePack) {
    const fs::path dir = test::tempDir("pack-copy-slides");
    Educator e(dir);
    // Real files for the case's slides (content is all a copy needs).
    fs::create_directories(dir / "cases");
    {
        auto db = storage::Database::open(e.file, false);
        ASSERT_TRUE(db.ok());
        storage::Repositories r(**db);
        for (const auto& [id, name] : {std::pair{e.he, "S26-01234 leiomyosarcoma HE.svs"}, std::pair{e.desmin, "S26-01234 desmin.tiff"}}) {
            std::ofstream(dir / "cases" / name) << "slide " << id;
            ASSERT_TRUE(r.slides.relink(id, (dir / "cases" / name).string(), "quickhash1:" + std::to_string(id)).ok());
        }
    }
    fs::create_directories(dir / "out");
    auto w = storage::writeTeachingPack(e.file, dir / "out" / "exam.hmproj", {false, "", true});
    ASSERT_TRUE(w.ok()) << w.error();
    EXPECT_EQ(w->slidesFolder, (dir / "out" / "exam-slides").string());
    EXPECT_TRUE(fs::exists(dir / "out" / "exam-slides" / "question-1-1.svs"));
    EXPECT_TRUE(fs::exists(dir / "out" / "exam-slides" / "question-1-2.tiff"));
    {
        test::RawSqlite raw(dir / "out" / "exam.hmproj");
        EXPECT_EQ(raw.text("SELECT path FROM slides WHERE position = 0"), "exam-slides/question-1-1.svs");  // relative
    }
    EXPECT_EQ(bytesOf(dir / "out" / "exam.hmproj").find("leiomyosarcoma"), std::string::npos);

    // Moved with its folder, the pack still finds its slides.
    fs::rename(dir / "out", dir / "moved");
    auto db = storage::Database::open(dir / "moved" / "exam.hmproj", false);
    ASSERT_TRUE(db.ok());
    storage::Repositories r(**db);
    const auto he = r.slides.get(e.he).value();
    EXPECT_EQ(fs::path(he.path), (dir / "moved" / "exam-slides" / "question-1-1.svs").lexically_normal());
    std::ifstream in(he.path);
    std::string content;
    std::getline(in, content);
    EXPECT_EQ(content, "slide " + std::to_string(e.he));

    // A missing slide file stops the pack, leaving nothing behind.
    {
        auto src = storage::Database::open(e.file, false);
        ASSERT_TRUE(src.ok());
        storage::Repositories s(**src);
        ASSERT_TRUE(s.slides.relink(e.desmin, (dir / "cases" / "gone.tiff").string(), "quickhash1:gone").ok());
    }
    auto missing = storage::writeTeachingPack(e.file, dir / "again.hmproj", {false, "", true});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("missing"), std::string::npos) << missing.error();
    EXPECT_FALSE(fs::exists(dir / "again.hmproj"));
    EXPECT_FALSE(fs::exists(dir / "again-slides"));
}

TEST(TeachingPack, CopyingTheSlidesShowsProgressAndCanBeStopped) {
    const fs::path dir = test::tempDir("pack-copy-progress");
    Educator e(dir);
    {
        auto db = storage::Database::open(e.file, false);
        ASSERT_TRUE(db.ok());
        storage::Repositories r(**db);
        for (core::CaseSlideId id : {e.he, e.desmin}) {
            const fs::path f = dir / ("slide-" + std::to_string(id) + ".svs");
            std::ofstream(f, std::ios::binary) << std::string(size_t(3) << 20, char('a' + id));  // 3 MiB each
            ASSERT_TRUE(r.slides.relink(id, f.string(), "quickhash1:" + std::to_string(id)).ok());
        }
    }
    core::JobControl done;
    storage::PackOptions o;
    o.copySlides = true, o.job = &done;
    ASSERT_TRUE(storage::writeTeachingPack(e.file, dir / "a.hmproj", o).ok());
    EXPECT_EQ(done.progress(), 1.0);
    EXPECT_EQ(fs::file_size(dir / "a-slides" / "question-1-2.svs"), size_t(3) << 20);

    core::JobControl stopped;
    stopped.cancel();
    o.job = &stopped;
    auto w = storage::writeTeachingPack(e.file, dir / "b.hmproj", o);
    ASSERT_FALSE(w.ok());
    EXPECT_NE(w.error().find("cancelled"), std::string::npos) << w.error();
    EXPECT_FALSE(fs::exists(dir / "b.hmproj"));
    EXPECT_FALSE(fs::exists(dir / "b-slides"));
}
