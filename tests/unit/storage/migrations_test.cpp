// SPDX-License-Identifier: MIT
// Files written by every older schema version open in this build with their data intact.
#include "storage/migrations.h"

#include <gtest/gtest.h>

#include "raw_sqlite.h"
#include "storage/database.h"
#include "storage/repositories.h"
#include "support/test_data.h"

using namespace histomark;
using storage::Database;
using storage::kSchemaVersion;

namespace {

// Writes what a user of schema `version` could have stored, with that version's own SQL (as its
// build wrote it). Add a case here when a new schema version is released.
void seedOldVersion(Database& db, int version) {
    switch (version) {
        case 1:
            ASSERT_TRUE(db.execScript(R"sql(
                INSERT INTO cases (id, accession, site, diagnosis, summary, created_unix, modified_unix)
                    VALUES (7, 'S26-01234', 'thigh', 'spindle cell sarcoma', 'Mass, 8 cm.', 1700000000, 1700000100);
                INSERT INTO cases (id, accession, created_unix, modified_unix) VALUES (8, 'S26-09999', 1700000000, 1700000000);
                INSERT INTO slides (id, case_id, position, path, fingerprint, width, height, stain, mpp_override_x, mpp_override_y)
                    VALUES (70, 7, 0, '/slides/HE.svs', 'quickhash1:aa', 8192, 6144, 'H&E', NULL, NULL),
                           (71, 7, 1, '/slides/ki67.tiff', 'quickhash1:bb', 8000, 6000, 'Ki-67', 0.25, 0.26);
            )sql").ok());
            return;
        case 2:
            // The same case as version 1, as a version 2 build wrote it, with what version 2 added.
            ASSERT_TRUE(db.execScript(R"sql(
                INSERT INTO cases (id, accession, site, diagnosis, summary, created_unix, modified_unix)
                    VALUES (7, 'S26-01234', 'thigh', 'spindle cell sarcoma', 'Mass, 8 cm.', 1700000000, 1700000100);
                INSERT INTO cases (id, accession, created_unix, modified_unix) VALUES (8, 'S26-09999', 1700000000, 1700000000);
                INSERT INTO slides (id, case_id, position, path, fingerprint, width, height, stain, mpp_override_x, mpp_override_y,
                                    transform_source, linked)
                    VALUES (70, 7, 0, '/slides/HE.svs', 'quickhash1:aa', 8192, 6144, 'H&E', NULL, NULL, 'identity', 0),
                           (71, 7, 1, '/slides/ki67.tiff', 'quickhash1:bb', 8000, 6000, 'Ki-67', 0.25, 0.26, 'none', 1);
                INSERT INTO slide_views (slide_id, center_x, center_y, zoom) VALUES (70, 4096.5, 3072.25, 16);
                INSERT INTO app_state (key, value) VALUES ('case_filter', 'sarcoma');
            )sql").ok());
            return;
        case 3:
            // Version 2's data as a version 3 build wrote it, with a mark and a count of its own.
            seedOldVersion(db, 2);
            ASSERT_TRUE(db.execScript(R"sql(
                INSERT INTO annotations (id, slide_id, reader, class_id, kind, cx, cy, coords, created_unix)
                    VALUES (5, 70, 'bob', (SELECT id FROM annotation_classes WHERE name = 'mitotic figure'), 'point',
                            100, 200, X'00000000000059400000000000006940', 1700000200);
                INSERT INTO count_settings (slide_id, reader, settings) VALUES (70, 'bob', '{"preset":"fnclcc"}');
            )sql").ok());
            return;
        case 4:
            // Version 3's data as a version 4 build wrote it, with a marker record.
            seedOldVersion(db, 3);
            ASSERT_TRUE(db.execScript(R"sql(
                INSERT INTO marker_records (slide_id, marker, result, intensity, extent_percent, distribution, compartments,
                                            internal_control, external_control, comment, reader, modified_unix, h_score)
                    VALUES (71, 'Ki-67', 'positive', 2, 35, 'patchy', 1, 1, NULL, 'hotspot', 'bob', 1700000300, NULL);
            )sql").ok());
            return;
        case 5:
            // Version 4's data as a version 5 build wrote it, with a teaching case and a submission.
            seedOldVersion(db, 4);
            ASSERT_TRUE(db.execScript(R"sql(
                INSERT INTO teaching_cases (case_id, reference_reader, question, modified_unix)
                    VALUES (8, 'bob', 'Find the figures', 1700000350);
                INSERT INTO quiz_submissions (case_id, learner, submitted_unix) VALUES (8, 'dan', 1700000360);
            )sql").ok());
            return;
        default: FAIL() << "no seed data for schema version " << version << ": add it to seedOldVersion";
    }
}

}  // namespace

TEST(Migrations, AreOrderedAndEndAtTheCurrentVersion) {
    const auto& steps = storage::migrations();
    ASSERT_EQ(int(steps.size()), kSchemaVersion);
    for (size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].version, int(i) + 1);
}

TEST(Migrations, EveryOlderVersionOpensWithItsDataAndABackup) {
    for (int version = 1; version < kSchemaVersion; ++version) {
        SCOPED_TRACE("from schema " + std::to_string(version));
        const auto file = test::tempDir("migrate-v" + std::to_string(version)) / "old.hmproj";
        {
            auto old = Database::createAtVersion(file, version);
            ASSERT_TRUE(old.ok()) << old.error();
            ASSERT_EQ((*old)->schemaVersion(), version);
            seedOldVersion(**old, version);
        }
        auto db = Database::open(file, false);
        ASSERT_TRUE(db.ok()) << db.error();
        EXPECT_EQ((*db)->schemaVersion(), kSchemaVersion);

        // The backup is the old file as it was: an older build can still open it.
        const auto backup = std::filesystem::path(file.string() + ".v" + std::to_string(version) + ".bak");
        EXPECT_EQ((*db)->migrationBackup(), backup);
        ASSERT_TRUE(std::filesystem::exists(backup));
        {
            test::RawSqlite raw(backup);
            EXPECT_EQ(raw.integer("PRAGMA user_version"), version);
            EXPECT_EQ(raw.integer("SELECT count(*) FROM slides"), 2);
            EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'annotations'"), version >= 3 ? 1 : 0);
            EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'marker_records'"), version >= 4 ? 1 : 0);
            EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'teaching_cases'"), version >= 5 ? 1 : 0);
            EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'project_identity'"), 0);
        }

        storage::Repositories repos(**db);
        auto kase = repos.loadCase(7);
        ASSERT_TRUE(kase.ok()) << kase.error();
        EXPECT_EQ(kase->record.accession, "S26-01234");
        EXPECT_EQ(kase->record.site, "thigh");
        EXPECT_EQ(kase->record.diagnosisNote, "spindle cell sarcoma");
        EXPECT_EQ(kase->record.clinicalSummary, "Mass, 8 cm.");
        EXPECT_EQ(kase->record.createdUnix, 1700000000);
        ASSERT_EQ(kase->slides.size(), 2u);
        const auto& he = kase->slides[0];
        const auto& ki = kase->slides[1];
        EXPECT_EQ(he.path, "/slides/HE.svs");
        EXPECT_EQ(he.width, 8192);
        EXPECT_EQ(he.transformSource, core::TransformSource::Identity);  // the H&E is its own reference
        EXPECT_TRUE(he.toReference.isIdentity());
        EXPECT_EQ(ki.stain, "Ki-67");
        EXPECT_EQ(ki.fingerprint, "quickhash1:bb");
        EXPECT_EQ(ki.mppOverrideX, 0.25);
        EXPECT_EQ(ki.mppOverrideY, 0.26);
        EXPECT_EQ(ki.transformSource, core::TransformSource::None);
        EXPECT_TRUE(ki.linked);
        EXPECT_FALSE(ki.view.has_value());
        if (version >= 2) {
            EXPECT_FALSE(he.linked);
            EXPECT_EQ(he.view, (core::ViewState{4096.5, 3072.25, 16}));
            EXPECT_EQ(repos.state.get("case_filter").value(), std::optional<std::string>("sarcoma"));
        }
        // Schema 3: the default classes, no marks yet (or version 3's own, kept).
        EXPECT_EQ(repos.annotations.classes().value(), core::defaultAnnotationClasses());
        EXPECT_EQ(repos.annotations.countForSlide(71, std::nullopt).value(), 0);
        if (version >= 3) {
            const auto kept = repos.annotations.listForSlide(70).value();
            ASSERT_EQ(kept.size(), 1u);
            EXPECT_EQ(kept[0].id, 5);
            EXPECT_EQ(kept[0].points[0].x, 100);
            EXPECT_EQ(kept[0].points[0].y, 200);
            EXPECT_EQ(repos.annotations.countSettings(70, "bob").value(), std::optional<std::string>(R"({"preset":"fnclcc"})"));
        }
        // Schema 4: no marker records yet (or version 4's own, kept); one can be stored.
        if (version >= 4) {
            const auto kept = repos.markers.get(71).value();
            ASSERT_TRUE(kept);
            EXPECT_EQ(kept->extentPercent, 35);
            EXPECT_EQ(kept->comment, "hotspot");
        } else {
            EXPECT_TRUE(repos.markers.listForCase(7).value().empty());
        }
        core::MarkerRecord ki67;
        ki67.slide = 71, ki67.marker = "Ki-67", ki67.result = core::MarkerResult::Positive, ki67.extentPercent = 22;
        ASSERT_TRUE(repos.markers.put(ki67).ok());
        // Schema 5: no teaching cases yet (or version 5's own, kept); a case becomes one and takes a submission.
        if (version >= 5) {
            ASSERT_EQ(repos.teaching.list().value().size(), 1u);
            EXPECT_EQ(repos.teaching.get(8).value()->question, "Find the figures");
            EXPECT_EQ(repos.teaching.submission(8, "dan").value()->submittedUnix, 1700000360);
        } else {
            EXPECT_TRUE(repos.teaching.list().value().empty());
        }
        // Schema 6: the file has an identity of its own, and is no teaching pack.
        const std::string id = repos.packs.projectId().value();
        EXPECT_EQ(id.size(), 32u);
        EXPECT_FALSE(repos.packs.info().value());
        ASSERT_TRUE(repos.teaching.put({7, "bob", "Count the mitoses in the fields", 0}).ok());
        ASSERT_TRUE(repos.teaching.submit({7, "carol", 1700000400}).ok());
        core::MarkerRecord reading = ki67;
        reading.reader = "carol", reading.extentPercent = 30;
        ASSERT_TRUE(repos.markers.putAnswer(reading).ok());
        EXPECT_EQ(repos.markers.answersForCase(7, "carol").value().at(0).extentPercent, 30);
        EXPECT_EQ(repos.markers.get(71).value()->extentPercent, 22);

        // What the newer schema added works on the migrated file.
        ASSERT_TRUE(repos.slides.setTransform(71, core::Affine::translation(120, -40), core::TransformSource::Automatic, 3.5).ok());
        ASSERT_TRUE(repos.slides.setViewState(71, {4000, 3000, 2}).ok());
        ASSERT_TRUE(repos.state.set("open_case", "7").ok());
        core::Annotation mark;
        mark.slide = 71;
        mark.reader = "alice";
        mark.className = core::kMitoticFigure;
        mark.points = {{1234.5, 987.25}};
        auto markId = repos.annotations.add(mark);
        ASSERT_TRUE(markId.ok()) << markId.error();
        ASSERT_TRUE(repos.annotations.setCountSettings(71, "alice", R"({"hpf":10})").ok());
        db = core::Error{"closed"};

        auto reopened = Database::open(file, false);
        ASSERT_TRUE(reopened.ok()) << reopened.error();
        storage::Repositories again(**reopened);
        auto slide = again.slides.get(71);
        ASSERT_TRUE(slide.ok());
        EXPECT_EQ(slide->toReference, core::Affine::translation(120, -40));
        EXPECT_EQ(slide->transformSource, core::TransformSource::Automatic);
        EXPECT_EQ(slide->view, (core::ViewState{4000, 3000, 2}));
        EXPECT_EQ(again.state.get("open_case").value(), std::optional<std::string>("7"));
        EXPECT_EQ(again.cases.get(8)->accession, "S26-09999");
        auto marks = again.annotations.listForSlide(71);
        ASSERT_TRUE(marks.ok()) << marks.error();
        ASSERT_EQ(marks->size(), 1u);
        EXPECT_EQ(marks->front().id, *markId);
        EXPECT_EQ(marks->front().reader, "alice");
        EXPECT_EQ(marks->front().points[0].x, 1234.5);
        EXPECT_EQ(marks->front().points[0].y, 987.25);
        EXPECT_EQ(again.annotations.countSettings(71, "alice").value(), std::optional<std::string>(R"({"hpf":10})"));
        ASSERT_TRUE(again.markers.get(71).value());
        EXPECT_EQ(again.markers.get(71).value()->extentPercent, 22);
        ASSERT_TRUE(again.teaching.get(7).value());
        EXPECT_EQ(again.teaching.get(7).value()->question, "Count the mitoses in the fields");
        EXPECT_EQ(again.teaching.submission(7, "carol").value()->submittedUnix, 1700000400);
        // Opening at the current version makes no further backup.
        EXPECT_FALSE(std::filesystem::exists(file.string() + ".v" + std::to_string(kSchemaVersion) + ".bak"));
    }
}

TEST(Migrations, AFailedStepLeavesTheFileAtItsOldVersionWithItsData) {
    const auto file = test::tempDir("migrate-fail") / "old.hmproj";
    {
        auto old = Database::createAtVersion(file, 1);
        ASSERT_TRUE(old.ok()) << old.error();
        seedOldVersion(**old, 1);
        // Something in the way of step 2 (a table it wants to create), as a hand-edited file might have.
        ASSERT_TRUE((*old)->execScript("CREATE TABLE app_state (k)").ok());
    }
    auto db = Database::open(file, false);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find("Cannot upgrade " + file.string() + " from schema 1 to 2"), std::string::npos) << db.error();
    EXPECT_NE(db.error().find("the file was left at schema 1"), std::string::npos) << db.error();
    db = core::Error{"closed"};
    test::RawSqlite raw(file);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 1);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM slides"), 2);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM pragma_table_info('slides') WHERE name = 'linked'"), 0);  // step 2 rolled back
    // The file is as it was: no backup copy is kept, however often it is opened (each open would
    // otherwise leave one more).
    EXPECT_FALSE(Database::open(file, false).ok());
    for (const auto& entry : std::filesystem::directory_iterator(file.parent_path()))
        EXPECT_EQ(entry.path().string().find(".bak"), std::string::npos) << entry.path();
}

TEST(Migrations, AFailedStep3LeavesTheFileAtSchema2WithoutSeededClasses) {
    const auto file = test::tempDir("migrate-fail-3") / "old.hmproj";
    {
        auto old = Database::createAtVersion(file, 2);
        ASSERT_TRUE(old.ok()) << old.error();
        seedOldVersion(**old, 2);
        ASSERT_TRUE((*old)->execScript("CREATE TABLE count_settings (k)").ok());  // step 3's last table is in the way
    }
    auto db = Database::open(file, false);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().find("from schema 2 to 3"), std::string::npos) << db.error();
    db = core::Error{"closed"};
    test::RawSqlite raw(file);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 2);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM sqlite_schema WHERE name IN ('annotation_classes', 'annotations')"), 0);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM slide_views"), 1);
}

TEST(Migrations, ASecondUpgradeOfTheSameVersionKeepsTheFirstBackup) {
    const auto dir = test::tempDir("migrate-twice");
    for (int round = 0; round < 2; ++round) {
        std::filesystem::remove(dir / "old.hmproj");
        auto old = Database::createAtVersion(dir / "old.hmproj", 1);
        ASSERT_TRUE(old.ok());
        old = core::Error{"closed"};
        auto db = Database::open(dir / "old.hmproj");
        ASSERT_TRUE(db.ok()) << db.error();
    }
    EXPECT_TRUE(std::filesystem::exists(dir / "old.hmproj.v1.bak"));
    EXPECT_TRUE(std::filesystem::exists(dir / "old.hmproj.v1.2.bak"));
}
