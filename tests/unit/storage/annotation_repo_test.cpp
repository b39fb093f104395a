// SPDX-License-Identifier: MIT
#include "storage/annotation_repo.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "one_case_fixture.h"
#include "support/test_data.h"

using namespace histomark;
using core::Annotation;
using core::ShapeKind;

namespace {

struct Fixture : test::OneCaseFixture {
    core::CaseSlideId slideId = addSlide("/slides/HE.svs");

    core::CaseSlideId addSlide(const std::string& path) {
        core::CaseSlideRecord s;
        s.caseId = caseId;
        s.path = path;
        auto id = repos.slides.add(s);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? *id : 0;
    }
    Annotation mark(ShapeKind kind, std::vector<core::Level0Point> points, const std::string& cls = core::kMitoticFigure,
                    const std::string& reader = "") const {
        Annotation a;
        a.slide = slideId;
        a.reader = reader;
        a.className = cls;
        a.kind = kind;
        a.points = std::move(points);
        return a;
    }
    Annotation point(double x, double y, const std::string& cls = core::kMitoticFigure, const std::string& reader = "") const {
        return mark(ShapeKind::Point, {{x, y}}, cls, reader);
    }
    core::AnnotationId add(const Annotation& a) {
        auto id = repos.annotations.add(a);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? *id : 0;
    }
    int64_t count(const std::optional<std::string>& cls = std::nullopt) {
        auto n = repos.annotations.countForSlide(slideId, cls);
        EXPECT_TRUE(n.ok()) << n.error();
        return n.ok() ? *n : -1;
    }
    // One value of a raw query (checks what was written without going through the repository).
    std::string sqlText(const std::string& sql, int64_t param) {
        auto st = db->prepare(sql);
        EXPECT_TRUE(st.ok()) << st.error();
        st->bind(1, param);
        auto row = st->step();
        return row.ok() && *row ? st->columnText(0) : std::string("<no row>");
    }
    double sqlDouble(const std::string& sql, int64_t param) {
        auto st = db->prepare(sql);
        EXPECT_TRUE(st.ok()) << st.error();
        st->bind(1, param);
        auto row = st->step();
        return row.ok() && *row ? st->columnDouble(0) : std::nan("");
    }
};

// Field by field (all but the id), so that a failure names the field.
void expectSameMark(const Annotation& got, const Annotation& want) {
    EXPECT_EQ(got.slide, want.slide);
    EXPECT_EQ(got.reader, want.reader);
    EXPECT_EQ(got.className, want.className);
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.createdUnix, want.createdUnix);
    ASSERT_EQ(got.points.size(), want.points.size());
    for (size_t i = 0; i < got.points.size(); ++i) {
        EXPECT_EQ(got.points[i].x, want.points[i].x) << "point " << i;  // doubles stored exactly
        EXPECT_EQ(got.points[i].y, want.points[i].y) << "point " << i;
    }
}

}  // namespace

TEST(AnnotationRepo, AProjectStartsWithTheDefaultClassesInOrder) {
    Fixture f;
    auto classes = f.repos.annotations.classes();
    ASSERT_TRUE(classes.ok()) << classes.error();
    EXPECT_EQ(*classes, core::defaultAnnotationClasses());  // the literal seed of step 3 matches core
}

TEST(AnnotationRepo, RoundTripsEveryKind) {
    Fixture f;
    const double tiny = std::numeric_limits<double>::denorm_min();
    std::vector<Annotation> marks = {
        f.point(1520.25, -0.0, core::kMitoticFigure, "dr. Ørsted"),
        f.mark(ShapeKind::Rectangle, {{10, 20}, {110.5, 220.75}}, core::kTumourRegion, "reader 2"),
        f.mark(ShapeKind::Ellipse, {{-5, -5}, {5, 15}}, core::kNecrosis),
        f.mark(ShapeKind::Polygon, {{0, 0}, {1e9, 0}, {1e9, 1e-9}, {tiny, 3}}, core::kUncertain),
        f.mark(ShapeKind::Freehand, {{1, 1}, {2, 3}, {3, 1}, {2.5, 0.5}, {1.5, 0.25}}, core::kLookAlike),
    };
    marks[0].createdUnix = 1700000000;
    for (auto& a : marks) {
        a.id = 999;  // ignored
        const auto id = f.add(a);
        ASSERT_NE(id, 0);
        if (a.createdUnix == 0) {
            auto stored = f.repos.annotations.get(id);
            ASSERT_TRUE(stored.ok() && stored->has_value());
            EXPECT_GT((*stored)->createdUnix, 1700000000);  // 0 = now
            a.createdUnix = (*stored)->createdUnix;
        }
        a.id = id;
        auto back = f.repos.annotations.get(id);
        ASSERT_TRUE(back.ok()) << back.error();
        ASSERT_TRUE(back->has_value());
        EXPECT_EQ((*back)->id, id);
        expectSameMark(**back, a);
        // The centre column is what core computes for the mark.
        EXPECT_EQ(f.sqlDouble("SELECT cx FROM annotations WHERE id = ?1", id), a.centre().x);
        EXPECT_EQ(f.sqlDouble("SELECT cy FROM annotations WHERE id = ?1", id), a.centre().y);
    }
    auto all = f.repos.annotations.listForSlide(f.slideId);
    ASSERT_TRUE(all.ok()) << all.error();
    ASSERT_EQ(all->size(), marks.size());
    for (size_t i = 0; i < marks.size(); ++i) expectSameMark((*all)[i], marks[i]);  // id order = creation order

    // The blob layout of docs/project-format.md: float64 x, y, little-endian, 16 bytes a point.
    EXPECT_EQ(f.sqlText("SELECT typeof(coords) FROM annotations WHERE id = ?1", all->front().id), "blob");
    EXPECT_EQ(f.sqlText("SELECT hex(coords) FROM annotations WHERE id = ?1", all->front().id),
              "0000000000C19740" "0000000000000080");  // 1520.25, -0.0
    EXPECT_EQ(f.sqlText("SELECT kind FROM annotations WHERE id = ?1", (*all)[3].id), "polygon");
    EXPECT_FALSE(f.repos.annotations.get(12345)->has_value());
}

TEST(AnnotationRepo, ClassNamesAreMatchedIgnoringCaseAndStoredAsDefined) {
    Fixture f;
    const auto id = f.add(f.point(1, 2, "MITOTIC Figure"));
    EXPECT_EQ(f.repos.annotations.get(id).value()->className, core::kMitoticFigure);
    EXPECT_EQ(f.count("Mitotic figure"), 1);
}

TEST(AnnotationRepo, IdsAreNeverReusedAfterADelete) {
    Fixture f;
    const auto a = f.add(f.point(1, 1));
    const auto b = f.add(f.point(2, 2));
    ASSERT_TRUE(f.repos.annotations.remove({b}).ok());
    const auto c = f.add(f.point(3, 3));
    EXPECT_GT(c, b);  // a plain rowid table would hand out b again
    ASSERT_TRUE(f.repos.annotations.remove({a, c}).ok());
    EXPECT_EQ(f.count(), 0);
    EXPECT_GT(f.add(f.point(4, 4)), c);  // even with the table empty
}

TEST(AnnotationRepo, RestorePutsDeletedMarksBackUnderTheirOldIds) {
    Fixture f;
    std::vector<Annotation> marks = {f.point(10, 20), f.mark(ShapeKind::Rectangle, {{0, 0}, {5, 5}}, core::kNecrosis, "r")};
    for (auto& a : marks) {
        a.id = f.add(a);
        a.createdUnix = f.repos.annotations.get(a.id).value()->createdUnix;
    }
    const auto later = f.add(f.point(30, 40));
    ASSERT_TRUE(f.repos.annotations.remove({marks[0].id, marks[1].id}).ok());
    ASSERT_TRUE(f.repos.annotations.restore(marks).ok());  // undo
    for (const auto& a : marks) {
        auto back = f.repos.annotations.get(a.id);
        ASSERT_TRUE(back.ok() && back->has_value()) << a.id;
        expectSameMark(**back, a);
    }
    // An id in use: refused, and the other mark of the same call is not restored either.
    ASSERT_TRUE(f.repos.annotations.remove({marks[0].id}).ok());
    Annotation taken = f.point(1, 1);
    taken.id = later;
    auto s = f.repos.annotations.restore({marks[0], taken});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), "Cannot restore annotation " + std::to_string(later) + ": the id is in use");
    EXPECT_FALSE(f.repos.annotations.get(marks[0].id)->has_value());
    EXPECT_EQ(f.repos.annotations.get(later).value()->points[0].x, 30);
    EXPECT_FALSE(f.repos.annotations.restore({f.point(1, 1)}).ok());  // no id to restore under
    // New marks still get ids above every id ever used.
    EXPECT_GT(f.add(f.point(5, 5)), later);
}

TEST(AnnotationRepo, ErrorsLeaveTheDatabaseUnchanged) {
    Fixture f;
    const auto kept = f.add(f.point(7, 8, core::kLookAlike));
    auto expectError = [](const auto& result, const std::string& message) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error(), message);
    };
    Annotation elsewhere = f.point(1, 1);
    elsewhere.slide = 999;
    expectError(f.repos.annotations.add(elsewhere), "No slide with id 999");
    expectError(f.repos.annotations.add(f.point(1, 1, "mitosis")), "No class 'mitosis'");
    expectError(f.repos.annotations.add(f.mark(ShapeKind::Polygon, {{0, 0}, {1, 1}})),
                "Cannot store the polygon: a polygon needs at least three vertices");
    expectError(f.repos.annotations.add(f.point(std::nan(""), 1)), "Cannot store the point: a coordinate is not a number");
    expectError(f.repos.annotations.addMany({f.point(1, 1), f.point(2, 2), elsewhere}), "No slide with id 999");
    expectError(f.repos.annotations.remove({kept, 999}), "No annotation with id 999");
    expectError(f.repos.annotations.setClass({kept, 999}, core::kNecrosis), "No annotation with id 999");
    expectError(f.repos.annotations.setClass({kept}, "mitosis"), "No class 'mitosis'");
    expectError(f.repos.annotations.setGeometry(999, {{1, 1}}), "No annotation with id 999");
    expectError(f.repos.annotations.setGeometry(kept, {{1, 1}, {2, 2}}), "Cannot store the point: a point needs exactly one coordinate");
    expectError(f.repos.annotations.countForSlide(f.slideId, "mitosis"), "No class 'mitosis'");
    expectError(f.repos.annotations.setCountSettings(999, "", "{}"), "No slide with id 999");

    EXPECT_EQ(f.count(), 1);
    auto back = f.repos.annotations.get(kept);
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ((*back)->className, core::kLookAlike);
    EXPECT_EQ((*back)->points[0].x, 7);
    EXPECT_EQ(f.sqlText("SELECT count(*) FROM count_settings WHERE slide_id = ?1", 999), "0");
}

TEST(AnnotationRepo, AFailedEditOfManyMarksTakesBackOnlyItselfInsideALargerTransaction) {
    Fixture f;
    storage::Transaction tx(*f.db);
    ASSERT_TRUE(tx.status().ok());
    const auto first = f.add(f.point(1, 1));
    EXPECT_FALSE(f.repos.annotations.addMany({f.point(2, 2), f.point(3, 3, "no such class")}).ok());
    ASSERT_TRUE(tx.commit().ok());
    auto all = f.repos.annotations.listForSlide(f.slideId);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front().id, first);
}

TEST(AnnotationRepo, SetClassAndSetGeometryChangeOnlyThat) {
    Fixture f;
    Annotation rect = f.mark(ShapeKind::Rectangle, {{0, 0}, {10, 10}}, core::kTumourRegion, "r1");
    rect.createdUnix = 1700000000;
    rect.id = f.add(rect);
    const auto p = f.add(f.point(5, 5));
    ASSERT_TRUE(f.repos.annotations.setClass({rect.id, p}, "Necrosis").ok());
    ASSERT_TRUE(f.repos.annotations.setGeometry(rect.id, {{100, 200}, {300, 600}}).ok());
    rect.className = core::kNecrosis;
    rect.points = {{100, 200}, {300, 600}};
    expectSameMark(*f.repos.annotations.get(rect.id).value(), rect);
    EXPECT_EQ(f.sqlText("SELECT cx || ',' || cy FROM annotations WHERE id = ?1", rect.id), "200.0,400.0");
    EXPECT_EQ(f.repos.annotations.get(p).value()->className, core::kNecrosis);
    EXPECT_EQ(f.count(core::kNecrosis), 2);
    EXPECT_EQ(f.count(core::kTumourRegion), 0);
}

TEST(AnnotationRepo, RemovingASlideOrItsCaseRemovesItsMarksAndCountSettings) {
    Fixture f;
    const auto other = f.addSlide("/slides/ki67.svs");
    f.add(f.point(1, 1));
    Annotation onOther = f.point(2, 2);
    onOther.slide = other;
    const auto kept = f.add(onOther);
    ASSERT_TRUE(f.repos.annotations.setCountSettings(f.slideId, "", R"({"hpf":10})").ok());
    ASSERT_TRUE(f.repos.annotations.setCountSettings(other, "", R"({"hpf":20})").ok());
    ASSERT_TRUE(f.repos.slides.remove(f.slideId).ok());
    EXPECT_EQ(f.count(), 0);
    EXPECT_FALSE(f.repos.annotations.countSettings(f.slideId, "").value().has_value());
    EXPECT_TRUE(f.repos.annotations.get(kept).value().has_value());
    EXPECT_EQ(f.repos.annotations.countSettings(other, "").value(), std::optional<std::string>(R"({"hpf":20})"));

    ASSERT_TRUE(f.repos.cases.remove(f.caseId).ok());
    EXPECT_FALSE(f.repos.annotations.get(kept).value().has_value());
    EXPECT_EQ(f.sqlText("SELECT count(*) FROM annotations WHERE id > ?1", 0), "0");
    EXPECT_EQ(f.sqlText("SELECT count(*) FROM count_settings WHERE slide_id > ?1", 0), "0");
}

TEST(AnnotationRepo, ClassesKeepTheirOrderAndRefuseDuplicates) {
    Fixture f;
    auto& repo = f.repos.annotations;
    ASSERT_TRUE(repo.addClass({"  atypical mitosis ", 0x123456}).ok());  // trimmed
    auto s = repo.addClass({"NECROSIS", 0x000000});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), "A class named 'NECROSIS' already exists");
    EXPECT_FALSE(repo.addClass({"  ", 0x123456}).ok());
    EXPECT_FALSE(repo.addClass({"too bright", 0x1000000}).ok());
    ASSERT_TRUE(repo.setClassColour("Necrosis", 0x654321).ok());
    EXPECT_EQ(repo.setClassColour("gone", 0x654321).error(), "No class 'gone'");
    EXPECT_FALSE(repo.setClassColour(core::kNecrosis, 0xffffffff).ok());

    auto added = repo.ensureClass({"Look-Alike", 0xabcdef});  // exists: colour left alone
    ASSERT_TRUE(added.ok()) << added.error();
    EXPECT_FALSE(*added);
    added = repo.ensureClass({"imported class", 0xabcdef});
    ASSERT_TRUE(added.ok()) << added.error();
    EXPECT_TRUE(*added);

    auto expected = core::defaultAnnotationClasses();
    expected[4].rgb = 0x654321;
    expected.push_back({"atypical mitosis", 0x123456});
    expected.push_back({"imported class", 0xabcdef});
    EXPECT_EQ(repo.classes().value(), expected);
    EXPECT_NE(f.add(f.point(1, 1, "imported class")), 0);
}

TEST(AnnotationRepo, ReadersAndCountsPerSlide) {
    Fixture f;
    const auto other = f.addSlide("/slides/ki67.svs");
    f.add(f.point(1, 1, core::kMitoticFigure, "bob"));
    f.add(f.point(2, 2, core::kMitoticFigure, "alice"));
    f.add(f.point(3, 3, core::kLookAlike, "alice"));
    f.add(f.point(4, 4, core::kMitoticFigure, ""));
    Annotation onOther = f.point(5, 5, core::kMitoticFigure, "carol");
    onOther.slide = other;
    f.add(onOther);

    EXPECT_EQ(f.repos.annotations.readers(f.slideId).value(), (std::vector<std::string>{"", "alice", "bob"}));
    EXPECT_EQ(f.repos.annotations.readers(other).value(), (std::vector<std::string>{"carol"}));
    EXPECT_TRUE(f.repos.annotations.readers(999).value().empty());
    auto alice = f.repos.annotations.listForSlide(f.slideId, "alice");
    ASSERT_TRUE(alice.ok());
    ASSERT_EQ(alice->size(), 2u);
    EXPECT_EQ((*alice)[0].points[0].x, 2);
    EXPECT_EQ((*alice)[1].points[0].x, 3);
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slideId, "").value().size(), 1u);  // the unnamed reader
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slideId).value().size(), 4u);
    EXPECT_EQ(f.count(), 4);
    EXPECT_EQ(f.count(core::kMitoticFigure), 3);
    EXPECT_EQ(f.count(core::kNecrosis), 0);
}

TEST(AnnotationRepo, CountSettingsAreOneTextPerSlideAndReader) {
    Fixture f;
    auto& repo = f.repos.annotations;
    EXPECT_FALSE(repo.countSettings(f.slideId, "alice").value().has_value());
    ASSERT_TRUE(repo.setCountSettings(f.slideId, "alice", R"({"area_mm2":2.37})").ok());
    ASSERT_TRUE(repo.setCountSettings(f.slideId, "alice", R"({"area_mm2":2})").ok());  // replaces
    ASSERT_TRUE(repo.setCountSettings(f.slideId, "bob", "not even JSON").ok());       // opaque here
    EXPECT_EQ(repo.countSettings(f.slideId, "alice").value(), std::optional<std::string>(R"({"area_mm2":2})"));
    EXPECT_EQ(repo.countSettings(f.slideId, "bob").value(), std::optional<std::string>("not even JSON"));
    EXPECT_FALSE(repo.countSettings(f.slideId, "").value().has_value());
    EXPECT_EQ(f.sqlText("SELECT count(*) FROM count_settings WHERE slide_id = ?1", f.slideId), "2");
}

TEST(AnnotationRepo, AMalformedStoredMarkIsAnErrorNamingItNotACrash) {
    Fixture f;
    const auto good = f.add(f.point(1, 2));
    // Written by hand, as a damaged or hand-edited file could hold them.
    const std::string slide = std::to_string(f.slideId);
    ASSERT_TRUE(f.db->execScript("INSERT INTO annotations (id, slide_id, class_id, kind, cx, cy, coords, created_unix) VALUES "
                                 "(100, " + slide + ", 1, 'point', 0, 0, X'000000000000F03F00000000000000', 0), "   // 15 bytes
                                 "(101, " + slide + ", 1, 'polygon', 0, 0, X'000000000000F03F000000000000F03F', 0), "  // 1 vertex
                                 "(102, " + slide + ", 1, 'point', 0, 0, X'000000000000F87F000000000000F03F', 0), "  // NaN
                                 "(103, " + slide + ", 1, 'point', 0, 0, X'', 0), "
                                 "(104, " + slide + ", 1, 'point', 0, 0, 'text, not a blob', 0)")
                    .ok());
    // A class that is gone: only a writer with foreign keys off could leave this.
    ASSERT_TRUE(f.db->execScript("PRAGMA foreign_keys = OFF; "
                                 "INSERT INTO annotations (id, slide_id, class_id, kind, cx, cy, coords, created_unix) VALUES "
                                 "(105, " + slide + ", 77, 'point', 0, 0, X'00000000000000000000000000000000', 0); "
                                 "PRAGMA foreign_keys = ON;")
                    .ok());
    const std::pair<core::AnnotationId, std::string> cases[] = {
        {100, "Annotation 100 cannot be read: its coordinates are 15 bytes, not whole x,y pairs"},
        {101, "Annotation 101 cannot be read: a polygon needs at least three vertices"},
        {102, "Annotation 102 cannot be read: a coordinate is not a number"},
        {103, "Annotation 103 cannot be read: a point needs exactly one coordinate"},
        {104, "Annotation 104 cannot be read: its coordinates are not a blob"},
        {105, "Annotation 105 cannot be read: its class is missing"},
    };
    for (const auto& [id, message] : cases) {
        auto got = f.repos.annotations.get(id);
        ASSERT_FALSE(got.ok()) << id;
        EXPECT_EQ(got.error(), message);
    }
    auto all = f.repos.annotations.listForSlide(f.slideId);
    ASSERT_FALSE(all.ok());
    EXPECT_EQ(all.error(), cases[0].second);
    EXPECT_TRUE(f.repos.annotations.get(good).ok());
    // The window's read: the good mark, and every damaged one named, in id order.
    auto readable = f.repos.annotations.readableForSlide(f.slideId);
    ASSERT_TRUE(readable.ok()) << readable.error();
    ASSERT_EQ(readable->marks.size(), 1u);
    EXPECT_EQ(readable->marks[0].id, good);
    ASSERT_EQ(readable->unreadable.size(), std::size(cases));
    for (size_t i = 0; i < std::size(cases); ++i) EXPECT_EQ(readable->unreadable[i], cases[i].second);
    EXPECT_TRUE(f.repos.annotations.readableForSlide(f.slideId, "nobody").value().unreadable.empty());
    // The damaged marks can still be counted, deleted and replaced.
    EXPECT_EQ(f.count(), 7);
    ASSERT_TRUE(f.repos.annotations.setGeometry(101, {{0, 0}, {4, 0}, {0, 4}}).ok());
    EXPECT_TRUE(f.repos.annotations.get(101).ok());
    ASSERT_TRUE(f.repos.annotations.remove({100, 102, 103, 104, 105}).ok());
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slideId).value().size(), 2u);
}

TEST(AnnotationRepo, AddManyStoresAHundredThousandPoints) {
    // On a file, as the program runs it: WAL, synchronous=FULL, one transaction with its commit.
    auto db = storage::Database::open(test::tempDir("annotations-100k") / "p.hmproj");
    ASSERT_TRUE(db.ok()) << db.error();
    storage::Repositories repos(**db);
    core::CaseRecord c;
    c.accession = "S26-100k";
    core::CaseSlideRecord s;
    s.caseId = repos.cases.create(c).value();
    s.path = "/slides/HE.svs";
    const auto slideId = repos.slides.add(s).value();

    constexpr int kCount = 100000;
    std::vector<Annotation> marks(kCount);
    for (int i = 0; i < kCount; ++i) {
        marks[size_t(i)].slide = slideId;
        marks[size_t(i)].reader = i % 2 ? "alice" : "bob";
        marks[size_t(i)].className = i % 7 == 0 ? core::kLookAlike : core::kMitoticFigure;
        marks[size_t(i)].points = {{i * 0.5, 40000.0 - i * 0.25}};
    }
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    storage::Transaction tx(**db);  // as Project::transact runs it
    auto ids = repos.annotations.addMany(marks);
    ASSERT_TRUE(ids.ok()) << ids.error();
    ASSERT_TRUE(tx.commit().ok());
    const auto t1 = Clock::now();
    auto back = repos.annotations.listForSlide(slideId);
    const auto t2 = Clock::now();
    ASSERT_TRUE(back.ok()) << back.error();
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("[ timing ] addMany of %d points (with its commit): %.0f ms; listForSlide of them: %.0f ms\n", kCount,
                ms(t1 - t0), ms(t2 - t1));

    ASSERT_EQ(ids->size(), size_t(kCount));
    ASSERT_EQ(back->size(), size_t(kCount));
    for (int i : {0, 1, 777, kCount - 1}) {
        EXPECT_EQ((*back)[size_t(i)].id, (*ids)[size_t(i)]);
        EXPECT_EQ((*back)[size_t(i)].points[0].x, i * 0.5);
        EXPECT_EQ((*back)[size_t(i)].points[0].y, 40000.0 - i * 0.25);
    }
    EXPECT_EQ(repos.annotations.countForSlide(slideId, core::kLookAlike).value(), (kCount + 6) / 7);
    EXPECT_EQ(repos.annotations.listForSlide(slideId, "alice").value().size(), size_t(kCount / 2));
}

TEST(AnnotationRepo, IdsRunOutIsSaidAsTheFilesLimitNotAFullDisk) {
    Fixture f;
    f.add(f.point(1, 2));
    // A hand edit (or an import of ids) at the largest row id: AUTOINCREMENT has none left.
    ASSERT_TRUE(f.db->execScript("UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 'annotations'").ok());
    auto added = f.repos.annotations.add(f.point(3, 4));
    ASSERT_FALSE(added.ok());
    EXPECT_NE(added.error().find("a limit of the file was reached"), std::string::npos) << added.error();
    EXPECT_EQ(added.error().find("the disk is full"), std::string::npos) << added.error();
    EXPECT_EQ(f.count(), 1);
}

TEST(AnnotationRepo, AMarkATriggerDropsIsAnErrorNotAnotherMarksId) {
    Fixture f;
    const auto first = f.add(f.point(1, 2));
    ASSERT_TRUE(f.db->execScript("CREATE TRIGGER drop_marks BEFORE INSERT ON annotations BEGIN SELECT RAISE(IGNORE); END").ok());
    auto added = f.repos.annotations.addMany({f.point(3, 4), f.point(5, 6)});
    ASSERT_FALSE(added.ok());
    EXPECT_NE(added.error().find("did not store the mark"), std::string::npos) << added.error();
    auto all = f.repos.annotations.listForSlide(f.slideId);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ(all->front().id, first);
}
