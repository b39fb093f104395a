// SPDX-License-Identifier: MIT
// SlideRunner databases and MIDOG dataset JSON as annotation files: one image of a multi-image
// label set, chosen by name or id, read into marks.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "interchange/annotation_file.h"
#include "support/test_data.h"

using namespace histomark;
using histomark::test::tempDir;
namespace fs = std::filesystem;

namespace {

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

// A database in SlideRunner's extended schema (a `deleted` column) with every annotation type.
fs::path makeSlideRunnerDb(const fs::path& dir) {
    const fs::path p = dir / "set.sqlite";
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
    exec(db, R"sql(
CREATE TABLE Slides (uid INTEGER PRIMARY KEY, filename TEXT, width INTEGER, height INTEGER, directory TEXT);
CREATE TABLE Classes (uid INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE Persons (uid INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE Annotations (uid INTEGER PRIMARY KEY, slide INTEGER, type INTEGER, agreedClass INTEGER, deleted INTEGER DEFAULT 0);
CREATE TABLE Annotations_coordinates (uid INTEGER PRIMARY KEY, coordinateX INTEGER, coordinateY INTEGER, slide INTEGER, annoId INTEGER, orderIdx INTEGER);
CREATE TABLE Annotations_label (uid INTEGER PRIMARY KEY, person INTEGER, class INTEGER, annoId INTEGER);
INSERT INTO Slides VALUES (1, 'first.svs', NULL, NULL, ''), (2, 'second.tiff', NULL, NULL, '/elsewhere');
INSERT INTO Classes VALUES (1, 'Mitosis'), (2, 'Hard negative');
INSERT INTO Persons VALUES (1, 'anna'), (2, 'ben'), (3, 'carl');
-- slide 2: a spot two of three call a mitosis; a spot tied 1:1 (the later label wins); one agreed
-- look-alike whatever the votes; a rectangle, a polygon with a repeated vertex, a circle, a
-- special spot; an image annotation (skipped) and a deleted spot (skipped).
INSERT INTO Annotations VALUES (1, 2, 1, 0, 0), (2, 2, 1, 0, 0), (3, 2, 1, 2, 0), (4, 2, 2, 1, 0), (5, 2, 3, 1, 0),
                               (6, 2, 5, 1, 0), (7, 2, 4, 1, 0), (8, 2, 6, 1, 0), (9, 2, 1, 1, 1), (10, 1, 1, 1, 0);
INSERT INTO Annotations_coordinates (coordinateX, coordinateY, slide, annoId, orderIdx) VALUES
  (100, 200, 2, 1, 1), (300, 400, 2, 2, 1), (500, 600, 2, 3, 1), (10, 20, 2, 4, 1), (50, 80, 2, 4, 2),
  (0, 0, 2, 5, 1), (100, 0, 2, 5, 2), (100, 0, 2, 5, 3), (50, 90, 2, 5, 4), (200, 300, 2, 6, 1), (260, 340, 2, 6, 2),
  (7, 8, 2, 7, 1), (1, 1, 2, 8, 1), (9, 9, 2, 9, 1), (42, 43, 1, 10, 1);
INSERT INTO Annotations_label (person, class, annoId) VALUES
  (1, 1, 1), (2, 1, 1), (3, 2, 1), (1, 1, 2), (2, 2, 2), (1, 1, 3), (2, 1, 3), (1, 1, 4), (1, 1, 5), (1, 1, 6), (1, 1, 7), (1, 1, 10);
)sql");
    sqlite3_close(db);
    return p;
}

}  // namespace

TEST(DatasetImport, ASlideRunnerDatabaseGivesTheChosenImagesMarksWithTheConsensusClass) {
    const fs::path db = makeSlideRunnerDb(tempDir("sliderunner-db"));
    auto r = interchange::readAnnotationFile(db, {"second.tiff", "", false});
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "SlideRunner database");
    ASSERT_EQ(r->annotations.size(), 7u);
    const auto& a = r->annotations;
    EXPECT_EQ(a[0].className, core::kMitoticFigure);  // 2 of 3 votes
    EXPECT_EQ(a[0].points[0].x, 100);
    EXPECT_EQ(a[1].className, core::kLookAlike);  // a tie: the later label
    EXPECT_EQ(a[2].className, core::kLookAlike);  // agreedClass over the votes
    EXPECT_EQ(a[3].kind, core::ShapeKind::Rectangle);
    EXPECT_EQ(a[4].kind, core::ShapeKind::Polygon);
    EXPECT_EQ(a[4].points.size(), 3u);  // the repeated vertex once
    EXPECT_EQ(a[5].kind, core::ShapeKind::Ellipse);
    EXPECT_EQ(a[5].centre().x, 230);
    EXPECT_EQ(a[5].centre().y, 320);
    EXPECT_EQ(a[6].kind, core::ShapeKind::Point);  // the special spot
    for (const auto& m : a) EXPECT_TRUE(m.reader.empty());  // the caller's reader
    ASSERT_EQ(r->warnings.size(), 2u);  // the image annotation, the deleted spot

    // Reader by reader: one mark per label, under the person's name.
    auto per = interchange::readAnnotationFile(db, {"2", "", true});
    ASSERT_TRUE(per.ok()) << per.error();
    std::map<std::string, int> byReader;
    for (const auto& m : per->annotations) ++byReader[m.reader];
    EXPECT_EQ(byReader, (std::map<std::string, int>{{"anna", 7}, {"ben", 3}, {"carl", 1}}));

    // Without --image: the image named like the slide, else the only one, else a list.
    EXPECT_EQ(interchange::readAnnotationFile(db, {"", "/slides/FIRST.svs", false})->annotations.size(), 1u);
    auto unnamed = interchange::readAnnotationFile(db, {"", "HE.svs", false});
    ASSERT_FALSE(unnamed.ok());
    EXPECT_NE(unnamed.error().find("holds 2 images (first.svs, second.tiff), none named HE.svs"), std::string::npos) << unnamed.error();
    auto wrong = interchange::readAnnotationFile(db, {"third.svs", "", false});
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("no image 'third.svs'"), std::string::npos) << wrong.error();
}

TEST(DatasetImport, AnSqliteFileThatIsNoSlideRunnerDatabaseOrIsBrokenIsNamed) {
    const fs::path dir = tempDir("sliderunner-bad");
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((dir / "other.sqlite").c_str(), &db), SQLITE_OK);
        exec(db, "CREATE TABLE cases (id INTEGER PRIMARY KEY);");
        sqlite3_close(db);
    }
    auto other = interchange::readAnnotationFile(dir / "other.sqlite");
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.error().find("not a SlideRunner database"), std::string::npos) << other.error();
    std::ofstream(dir / "broken.sqlite", std::ios::binary) << std::string("SQLite format 3\0", 16) << std::string(200, 'x');
    auto broken = interchange::readAnnotationFile(dir / "broken.sqlite");
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().find("Cannot import broken.sqlite"), std::string::npos) << broken.error();
}

TEST(DatasetImport, AMidogJsonGivesTheBoxCentresOfTheChosenImage) {
    const fs::path dir = tempDir("midog-json");
    nlohmann::json doc = {
        {"images", {{{"id", 1}, {"file_name", "001.tiff"}}, {{"id", 2}, {"file_name", "002.tiff"}}}},
        {"categories", {{{"id", 1}, {"name", "mitotic figure"}}, {{"id", 2}, {"name", "not mitotic figure"}}}},
        {"annotations",
         {{{"bbox", {100, 200, 150, 250}}, {"category_id", 1}, {"image_id", 2}},
          {{"bbox", {10, 20, 60, 70}}, {"category_id", 2}, {"image_id", 2}},
          {{"bbox", {1, 2, 3}}, {"category_id", 1}, {"image_id", 2}},
          {{"bbox", {5, 5, 55, 55}}, {"category_id", 1}, {"image_id", 1}}}}};
    std::ofstream(dir / "set.json") << doc.dump();
    auto r = interchange::readAnnotationFile(dir / "set.json", {"002.tiff", "", false});
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "MIDOG JSON");
    ASSERT_EQ(r->annotations.size(), 2u);
    EXPECT_EQ(r->annotations[0].className, core::kMitoticFigure);
    EXPECT_EQ(r->annotations[0].points[0].x, 125);  // [x_min, y_min, x_max, y_max], not COCO's [x, y, w, h]
    EXPECT_EQ(r->annotations[0].points[0].y, 225);
    EXPECT_EQ(r->annotations[1].className, core::kLookAlike);
    EXPECT_EQ(r->warnings.size(), 1u);  // the three-number box
    EXPECT_FALSE(interchange::readAnnotationFile(dir / "set.json").ok());  // two images, none chosen
}

TEST(DatasetImport, MidogLabelsReadTheSameFromItsJsonAndItsSlideRunnerDatabase) {
    HM_REQUIRE_DATA(json, "midog-labels/MIDOG.json");
    HM_REQUIRE_DATA(sqlite, "midog-labels/MIDOG.sqlite");
    int figures = 0;
    for (int id : {1, 2, 37, 100, 150}) {
        SCOPED_TRACE("image " + std::to_string(id));
        auto j = interchange::readAnnotationFile(json, {std::to_string(id), "", false});
        auto s = interchange::readAnnotationFile(sqlite, {std::to_string(id), "", false});
        ASSERT_TRUE(j.ok()) << j.error();
        ASSERT_TRUE(s.ok()) << s.error();
        ASSERT_EQ(j->annotations.size(), s->annotations.size());
        std::multiset<std::tuple<double, double, std::string>> a, b;
        for (const auto& m : j->annotations) a.insert({m.points[0].x, m.points[0].y, m.className}), figures += m.className == core::kMitoticFigure;
        for (const auto& m : s->annotations) b.insert({m.points[0].x, m.points[0].y, m.className});
        EXPECT_EQ(a, b);
    }
    EXPECT_GT(figures, 0);
}

TEST(DatasetImport, TheMitos2012DatabaseHoldsItsPublished226Figures) {
    HM_REQUIRE_DATA(db, "sliderunner-databases/MITOS2012.sqlite");
    // Its 35 images by id: 226 "Mitosis" spots in all (its SOURCES.md).
    int figures = 0, images = 0;
    for (int id = 1; id <= 60; ++id) {
        auto r = interchange::readAnnotationFile(db, {std::to_string(id), "", false});
        if (!r) continue;
        ++images;
        for (const auto& m : r->annotations) figures += m.className == core::kMitoticFigure && m.kind == core::ShapeKind::Point;
    }
    EXPECT_EQ(images, 35);
    EXPECT_EQ(figures, 226);
    HM_REQUIRE_DATA(demo, "sliderunner-databases/demo.sqlite");
    auto d = interchange::readAnnotationFile(demo);  // one slide: taken without a name
    ASSERT_TRUE(d.ok()) << d.error();
    std::multiset<core::ShapeKind> kinds;
    for (const auto& m : d->annotations) kinds.insert(m.kind);
    EXPECT_EQ(kinds, (std::multiset<core::ShapeKind>{core::ShapeKind::Point, core::ShapeKind::Point, core::ShapeKind::Rectangle,
                                                      core::ShapeKind::Polygon, core::ShapeKind::Ellipse}));
}

TEST(DatasetImport, TheImagesOfALabelledSetAreListedForTheUserToChoose) {
    const fs::path dir = tempDir("dataset-list");
    const fs::path db = makeSlideRunnerDb(dir);
    auto listed = interchange::listDatasetImages(db);
    ASSERT_TRUE(listed.ok()) << listed.error();
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[1].fileName, "second.tiff");
    EXPECT_EQ((*listed)[1].id, 2);
    std::ofstream(dir / "set.json") << R"({"images": [{"id": 7, "file_name": "a.tiff"}], "annotations": [{"bbox": [0, 0, 1, 1], "image_id": 7}]})";
    auto midog = interchange::listDatasetImages(dir / "set.json");
    ASSERT_TRUE(midog.ok()) << midog.error();
    ASSERT_EQ(midog->size(), 1u);
    EXPECT_EQ((*midog)[0].id, 7);
    std::ofstream(dir / "one.geojson") << R"({"type": "FeatureCollection", "features": []})";
    EXPECT_TRUE(interchange::listDatasetImages(dir / "one.geojson")->empty());  // one image: nothing to choose
    EXPECT_FALSE(interchange::listDatasetImages(dir / "missing.sqlite").ok());
}
