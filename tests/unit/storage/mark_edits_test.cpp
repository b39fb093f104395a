// SPDX-License-Identifier: MIT
// Edits made in memory (core::AnnotationHistory) and saved in order reach the database as they are
// in memory: after any sequence of adds, moves, relabels, deletes, undos and redos, the stored
// marks equal the marks on screen.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/annotation_history.h"
#include "one_case_fixture.h"
#include "storage/case_slides.h"
#include "storage/mark_edits.h"

using namespace histomark;

namespace {

struct MarksFixture : test::OneCaseFixture {
    core::CaseSlideId slide = 0;
    core::AnnotationLayer layer;
    core::AnnotationHistory history;
    storage::MarkIds ids;

    MarksFixture() {
        core::CaseSlideRecord rec;
        rec.caseId = caseId;
        rec.path = "/slides/he.svs";
        rec.stain = "H&E";
        slide = repos.slides.add(rec).value();
    }
    core::Annotation point(double x, double y, const char* cls = core::kMitoticFigure) {
        core::Annotation a;
        a.slide = slide, a.reader = "A", a.className = cls, a.kind = core::ShapeKind::Point, a.points = {{x, y}};
        return a;
    }
    void run(core::AnnotationEdit e) {
        core::applyEdit(layer, e);
        ASSERT_TRUE(storage::saveMarkEdit(repos.annotations, ids, e).ok());
        history.push(std::move(e));
    }
    void undo() {
        auto e = history.undo();
        ASSERT_TRUE(e);
        core::applyEdit(layer, *e);
        ASSERT_TRUE(storage::saveMarkEdit(repos.annotations, ids, *e).ok());
    }
    void redo() {
        auto e = history.redo();
        ASSERT_TRUE(e);
        core::applyEdit(layer, *e);
        ASSERT_TRUE(storage::saveMarkEdit(repos.annotations, ids, *e).ok());
    }
    // The stored marks and the layer's, as (class, x, y), sorted.
    void expectSameAsStored() {
        std::vector<std::tuple<std::string, double, double>> mem, db;
        layer.forEach([&](core::MarkKey, const core::Annotation& a) { mem.emplace_back(a.className, a.points[0].x, a.points[0].y); });
        const auto stored = repos.annotations.listForSlide(slide).value();  // kept: value() refers into it
        for (const auto& a : stored) db.emplace_back(a.className, a.points[0].x, a.points[0].y);
        std::sort(mem.begin(), mem.end());
        std::sort(db.begin(), db.end());
        EXPECT_EQ(mem, db);
    }
};

}  // namespace

TEST(MarkEdits, EverySequenceOfEditsIsStoredAsShown) {
    MarksFixture f;
    f.run(core::addEdit(f.layer, {f.point(10, 10)}, "add point"));
    f.run(core::addEdit(f.layer, {f.point(20, 20), f.point(30, 30)}, "import 2 marks"));
    f.expectSameAsStored();
    f.run(core::moveEdit(f.layer, {1}, 5, 5));
    f.run(core::relabelEdit(f.layer, {2}, core::kLookAlike));
    f.run(core::removeEdit(f.layer, {3}));
    f.expectSameAsStored();
    f.undo();  // the delete: mark 3 comes back under its old row id
    f.expectSameAsStored();
    f.undo();  // relabel
    f.undo();  // move
    f.expectSameAsStored();
    f.undo();  // the import of two
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slide).value().size(), 1u);
    f.redo();
    f.redo();
    f.expectSameAsStored();
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slide).value().size(), 3u);
}

TEST(MarkEdits, UndoOfADeleteRestoresTheSameRow) {
    MarksFixture f;
    f.run(core::addEdit(f.layer, {f.point(1, 2)}, "add point"));
    const core::AnnotationId id = f.ids.at(1);
    f.run(core::removeEdit(f.layer, {1}));
    EXPECT_FALSE(f.repos.annotations.get(id).value());
    f.undo();
    auto back = f.repos.annotations.get(id).value();
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->points[0].y, 2);
}

TEST(MarkEdits, AFailedEditChangesNothingAndKeepsTheIds) {
    MarksFixture f;
    f.run(core::addEdit(f.layer, {f.point(1, 2)}, "add point"));
    core::AnnotationEdit bad = core::addEdit(f.layer, {f.point(3, 4), f.point(5, 6, "no such class")}, "import");
    EXPECT_FALSE(storage::saveMarkEdit(f.repos.annotations, f.ids, bad).ok());
    EXPECT_EQ(f.ids.size(), 1u);
    EXPECT_EQ(f.repos.annotations.listForSlide(f.slide).value().size(), 1u);
}
