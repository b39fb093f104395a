// SPDX-License-Identifier: MIT
// Marks out to the tools that score and share labels: SlideRunner databases (new, or one slide
// added to an existing set), CSV points, MIDOG dataset JSON and MIDOG's point JSON. Each is read back
// by our own readers, and the databases' rows are checked as SlideRunner stores them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "interchange/annotation_file.h"
#include "support/test_data.h"

using namespace histomark;
using core::Annotation;
using core::ShapeKind;
using histomark::test::tempDir;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Annotation mark(ShapeKind kind, std::vector<core::Level0Point> pts, const std::string& cls, const std::string& reader) {
    Annotation a;
    a.kind = kind;
    a.points = std::move(pts);
    a.className = cls;
    a.reader = reader;
    a.createdUnix = 1'700'000'000;
    return a;
}

// A figure and a look-alike by A, a figure by B, and one of every area shape by A.
std::vector<Annotation> someMarks() {
    return {mark(ShapeKind::Point, {{100.4, 200.6}}, core::kMitoticFigure, "A"),
            mark(ShapeKind::Point, {{300, 400}}, core::kLookAlike, "A"),
            mark(ShapeKind::Point, {{500, 600}}, core::kMitoticFigure, "B"),
            mark(ShapeKind::Rectangle, {{10, 20}, {50, 80}}, core::kNecrosis, "A"),
            mark(ShapeKind::Polygon, {{0, 0}, {100, 0}, {50, 90}}, core::kTumourRegion, "A"),
            mark(ShapeKind::Freehand, {{0, 0}, {10, 0}, {10, 10}, {0, 10}}, core::kTumourRegion, "A"),
            mark(ShapeKind::Ellipse, {{200, 300}, {260, 360}}, "vessel", "A"),
            mark(ShapeKind::Ellipse, {{200, 300}, {300, 340}}, "vessel", "A")};
}

const interchange::ExportImage kImage{"first.svs", "/slides", 8000, 6000, 0.25, 0.25};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// The first column of every row of `sql`, as text.
std::vector<std::string> column(const fs::path& db, const std::string& sql) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, 0);
        out.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return out;
}

void exec(const fs::path& db, const std::string& sql) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(raw);
}

}  // namespace

TEST(MarksExport, FormatsAreChosenByNameOrExtension) {
    using interchange::ExportFormat;
    EXPECT_EQ(interchange::exportFormatOfPath("a.SQLITE"), ExportFormat::SlideRunner);
    EXPECT_EQ(interchange::exportFormatOfPath("a.db"), ExportFormat::SlideRunner);
    EXPECT_EQ(interchange::exportFormatOfPath("a.csv"), ExportFormat::Csv);
    EXPECT_EQ(interchange::exportFormatOfPath("a.json"), ExportFormat::GeoJson);
    EXPECT_FALSE(interchange::exportFormatOfPath("a.txt"));
    EXPECT_EQ(interchange::parseExportFormat("midog-points"), ExportFormat::MidogPoints);
    EXPECT_EQ(interchange::parseExportFormat("SlideRunner"), ExportFormat::SlideRunner);
    EXPECT_FALSE(interchange::parseExportFormat("coco"));
    EXPECT_EQ(interchange::exportFormatNames(), "geojson, asap, sliderunner, csv, midog, midog-points");
    auto unknown = interchange::exportAnnotationFile(tempDir("export-unknown") / "m.txt", someMarks(), {}, kImage);
    EXPECT_EQ(unknown.error(), "Cannot export to m.txt: unknown extension; use .geojson, .json (QuPath), .xml (ASAP), .sqlite (SlideRunner) or .csv");
}

TEST(MarksExport, ANewSlideRunnerDatabaseReadsBackAsTheMarksWithTheirReaders) {
    const fs::path dir = tempDir("export-sliderunner-new");
    const fs::path db = dir / "set.sqlite";
    auto r = interchange::exportAnnotationFile(db, someMarks(), {{"vessel", 0xb040e0}}, kImage);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, interchange::ExportFormat::SlideRunner);
    EXPECT_EQ(r->written, 8u);
    EXPECT_EQ(r->notes, std::vector<std::string>{"1 ellipses written as polygons (SlideRunner's circles are round)"});
    EXPECT_EQ(entries(dir), std::vector<std::string>{"set.sqlite"});  // no temporary or journal left

    // As SlideRunner stores them: the slide, MIDOG's class names, one label per annotation.
    EXPECT_EQ(column(db, "PRAGMA user_version"), std::vector<std::string>{"3"});
    EXPECT_EQ(column(db, "SELECT filename || ' ' || width || ' ' || height || ' ' || directory FROM Slides"),
              std::vector<std::string>{"first.svs 8000 6000 /slides"});
    EXPECT_EQ(column(db, "SELECT name FROM Classes ORDER BY uid"),
              (std::vector<std::string>{"mitotic figure", "not mitotic figure", "necrosis", "tumour region", "vessel"}));
    EXPECT_EQ(column(db, "SELECT color FROM Classes WHERE name = 'vessel'"), std::vector<std::string>{"#b040e0"});
    EXPECT_EQ(column(db, "SELECT name FROM Persons ORDER BY uid"), (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(column(db, "SELECT type FROM Annotations ORDER BY uid"), (std::vector<std::string>{"1", "1", "1", "2", "3", "3", "5", "3"}));
    EXPECT_EQ(column(db, "SELECT coordinateX || ',' || coordinateY FROM Annotations_coordinates WHERE annoId = 1"),
              std::vector<std::string>{"100,201"});  // whole pixels
    EXPECT_EQ(column(db, "SELECT COUNT(*) FROM Annotations_label"), std::vector<std::string>{"8"});
    EXPECT_EQ(column(db, "SELECT COUNT(*) FROM Annotations WHERE guid IS NULL OR lastModified IS NULL"), std::vector<std::string>{"0"});

    // Read back: the shapes (the long ellipse as a polygon), the classes, the readers.
    auto back = interchange::readAnnotationFile(db, {"", "first.svs", true});
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->annotations.size(), 8u);
    const auto& a = back->annotations;
    EXPECT_EQ(a[0].className, core::kMitoticFigure);
    EXPECT_EQ(a[0].reader, "A");
    EXPECT_EQ(a[1].className, core::kLookAlike);
    EXPECT_EQ(a[2].reader, "B");
    EXPECT_EQ(a[3].kind, ShapeKind::Rectangle);
    EXPECT_EQ(a[3].points, (std::vector<core::Level0Point>{{10, 20}, {50, 80}}));
    EXPECT_EQ(a[4].kind, ShapeKind::Polygon);
    EXPECT_EQ(a[5].kind, ShapeKind::Polygon);
    EXPECT_EQ(a[6].kind, ShapeKind::Ellipse);
    EXPECT_EQ(a[6].centre().x, 230);
    EXPECT_EQ(a[7].kind, ShapeKind::Polygon);
    EXPECT_EQ(a[7].points.size(), 64u);
    EXPECT_NEAR(a[7].areaPx(), 3.14159 * 50 * 20, 30);
}

TEST(MarksExport, AnExistingDatabaseGetsTheSlideAndKeepsEveryOtherLabel) {
    const fs::path dir = tempDir("export-sliderunner-add");
    const fs::path db = dir / "set.sqlite";
    const auto marks = someMarks();
    ASSERT_TRUE(interchange::exportAnnotationFile(db, marks, {}, kImage).ok());
    // Another slide by another reader; the same figure labelled by A and by a SlideRunner user "carl".
    interchange::ExportImage second = kImage;
    second.fileName = "second.svs";
    ASSERT_TRUE(interchange::exportAnnotationFile(db, {mark(ShapeKind::Point, {{7, 8}}, "Mitosis", "C")}, {}, second).ok());
    exec(db, "INSERT INTO Persons (name) VALUES ('carl'); INSERT INTO Annotations_label (person, class, annoId) VALUES (4, 1, 1);");

    // A exports again, with one mark: A's annotations on first.svs go, carl's label stays, B and C stay.
    auto again = interchange::exportAnnotationFile(db, {marks[0]}, {}, kImage);
    ASSERT_TRUE(again.ok()) << again.error();
    EXPECT_EQ(again->notes, (std::vector<std::string>{"added to the existing database",
                                                      "replaced 6 annotations that the same readers had on first.svs",
                                                      "removed the same readers' earlier labels from 1 annotations that other readers labelled too"}));
    EXPECT_EQ(column(db, "SELECT filename FROM Slides ORDER BY uid"), (std::vector<std::string>{"first.svs", "second.svs"}));
    EXPECT_EQ(column(db, "SELECT COUNT(*) FROM Classes WHERE name = 'mitotic figure' OR name = 'Mitosis'"), std::vector<std::string>{"1"});
    auto first = interchange::readAnnotationFile(db, {"first.svs", "", true});
    ASSERT_TRUE(first.ok()) << first.error();
    std::vector<std::string> readers;
    for (const auto& m : first->annotations) readers.push_back(m.reader);
    EXPECT_EQ(readers, (std::vector<std::string>{"carl", "B", "A"}));
    auto other = interchange::readAnnotationFile(db, {"second.svs", "", true});
    ASSERT_TRUE(other.ok()) << other.error();
    ASSERT_EQ(other->annotations.size(), 1u);
    EXPECT_EQ(other->annotations[0].reader, "C");
    EXPECT_EQ(entries(dir), std::vector<std::string>{"set.sqlite"});
}

TEST(MarksExport, WhatIsNotASlideRunnerDatabaseIsLeftAlone) {
    const fs::path dir = tempDir("export-sliderunner-refuse");
    const auto marks = someMarks();
    std::ofstream(dir / "notes.sqlite") << "my notes\n";
    auto text = interchange::exportAnnotationFile(dir / "notes.sqlite", marks, {}, kImage);
    EXPECT_EQ(text.error(),
              "Cannot export to notes.sqlite: the file exists and is not a SlideRunner database (left as it was; choose another name)");
    EXPECT_EQ(slurp(dir / "notes.sqlite"), "my notes\n");

    exec(dir / "other.db", "CREATE TABLE Slides (uid INTEGER PRIMARY KEY, filename TEXT);");
    auto other = interchange::exportAnnotationFile(dir / "other.db", marks, {}, kImage);
    EXPECT_EQ(other.error(), "Cannot export to other.db: the file is an SQLite database without SlideRunner's Classes table (left as it was; choose another name)");
    EXPECT_EQ(column(dir / "other.db", "SELECT COUNT(*) FROM Slides"), std::vector<std::string>{"0"});

    auto unnamed = interchange::exportAnnotationFile(dir / "new.sqlite", marks, {}, {});
    EXPECT_EQ(unnamed.error(), "Cannot export to new.sqlite: a SlideRunner database names each slide by its file: the slide's file name is unknown");
    EXPECT_EQ(entries(dir), (std::vector<std::string>{"notes.sqlite", "other.db"}));

    // Another program holding the database: the export waits a little, then says so; nothing changes.
    ASSERT_TRUE(interchange::exportAnnotationFile(dir / "set.sqlite", marks, {}, kImage).ok());
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "set.sqlite").c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto busy = interchange::exportAnnotationFile(dir / "set.sqlite", {marks[0]}, {}, kImage);
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
    ASSERT_FALSE(busy.ok());
    EXPECT_NE(busy.error().find("in use"), std::string::npos) << busy.error();
    EXPECT_EQ(column(dir / "set.sqlite", "SELECT COUNT(*) FROM Annotations"), std::vector<std::string>{"8"});
}

TEST(MarksExport, ASlideIsAddedToARealMidogDatabaseWithoutTouchingItsImages) {
    HM_REQUIRE_DATA(midog, "midog-labels/MIDOG.sqlite");
    const fs::path dir = tempDir("export-midog-sqlite");
    const fs::path db = dir / "MIDOG.sqlite";
    fs::copy_file(midog, db);
    auto before = interchange::readAnnotationFile(db, {"001.tiff", "", true});
    ASSERT_TRUE(before.ok()) << before.error();
    // Its triggers call SlideRunner's own SQL functions: the export provides them.
    auto r = interchange::exportAnnotationFile(db, someMarks(), {}, kImage);
    ASSERT_TRUE(r.ok()) << r.error();
    auto after = interchange::readAnnotationFile(db, {"001.tiff", "", true});
    ASSERT_TRUE(after.ok()) << after.error();
    EXPECT_EQ(after->annotations, before->annotations);
    EXPECT_EQ(column(db, "SELECT COUNT(*) FROM Slides"), std::vector<std::string>{"201"});
    // Its own "not mitotic figure" class takes our look-alikes.
    EXPECT_EQ(column(db, "SELECT COUNT(*) FROM Classes WHERE name LIKE '%mitotic figure'"), std::vector<std::string>{"2"});
    auto ours = interchange::readAnnotationFile(db, {"first.svs", "", false});
    ASSERT_TRUE(ours.ok()) << ours.error();
    EXPECT_EQ(ours->annotations.size(), 8u);
    EXPECT_EQ(ours->annotations[1].className, core::kLookAlike);
}

TEST(MarksExport, PointsGoToCsvAndMidogFilesAndAreasAreNamedAsLeftOut) {
    const fs::path dir = tempDir("export-points");
    auto marks = someMarks();
    marks.push_back(mark(ShapeKind::Point, {{1, 2}}, "vessel, small", "Dr \"Q\""));

    auto csv = interchange::exportAnnotationFile(dir / "m.csv", marks, {}, kImage);
    ASSERT_TRUE(csv.ok()) << csv.error();
    EXPECT_EQ(csv->written, 4u);
    EXPECT_EQ(csv->notes, std::vector<std::string>{"5 area marks left out: CSV holds point marks only"});
    EXPECT_EQ(slurp(dir / "m.csv"), "x_px,y_px,class,reader\n100.4,200.6,mitotic figure,A\n300,400,look-alike,A\n"
                                    "500,600,mitotic figure,B\n1,2,\"vessel, small\",\"Dr \"\"Q\"\"\"\n");

    // A MIDOG dataset: 12.5 µm boxes (50 px at 0.25 µm/px), read back at their centres.
    auto dataset = interchange::exportAnnotationFile(dir / "set.json", marks, {}, kImage, interchange::ExportFormat::MidogDataset);
    ASSERT_TRUE(dataset.ok()) << dataset.error();
    const json d = json::parse(slurp(dir / "set.json"));
    EXPECT_EQ(d.at("images").at(0), (json{{"id", 1}, {"file_name", "first.svs"}, {"width", 8000}, {"height", 6000}}));
    EXPECT_EQ(d.at("categories").at(1).at("name"), "not mitotic figure");
    EXPECT_EQ(d.at("annotations").at(1).at("bbox"), (json{275, 375, 325, 425}));
    auto back = interchange::readAnnotationFile(dir / "set.json");
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->annotations.size(), 4u);
    EXPECT_NEAR(back->annotations[0].points[0].x, 100.4, 1e-9);
    EXPECT_EQ(back->annotations[1].className, core::kLookAlike);
    EXPECT_EQ(back->annotations[3].className, "vessel, small");
    // A dataset of other images is not overwritten; the same one is.
    auto other = kImage;
    other.fileName = "second.svs";
    auto refused = interchange::exportAnnotationFile(dir / "set.json", marks, {}, other, interchange::ExportFormat::MidogDataset);
    EXPECT_EQ(refused.error(), "Cannot export to set.json: it is a MIDOG dataset of 1 images (first.svs), left as it was: export to a new file");
    EXPECT_TRUE(interchange::exportAnnotationFile(dir / "set.json", {marks[0]}, {}, kImage, interchange::ExportFormat::MidogDataset).ok());
    auto unscaled = interchange::exportAnnotationFile(dir / "unscaled.json", marks, {}, {"x.png"}, interchange::ExportFormat::MidogDataset);
    ASSERT_TRUE(unscaled.ok());
    EXPECT_EQ(unscaled->notes.at(0), "the slide's scale is unknown: boxes of 50 px (12.5 µm at 0.25 µm/px)");

    // MIDOG's detection points, in millimetres: figures and look-alikes only.
    auto points = interchange::exportAnnotationFile(dir / "det.json", marks, {}, kImage, interchange::ExportFormat::MidogPoints);
    ASSERT_TRUE(points.ok()) << points.error();
    EXPECT_EQ(points->written, 3u);
    EXPECT_EQ(points->notes.at(1), "1 point marks of other classes left out: MIDOG scores mitotic figures and look-alikes");
    const json p = json::parse(slurp(dir / "det.json"));
    EXPECT_EQ(p.at("type"), "Multiple points");
    EXPECT_EQ(p.at("points").at(1).at("name"), "non-mitotic figure");
    EXPECT_NEAR(p.at("points").at(2).at("point").at(0).get<double>(), 0.125, 1e-12);
    EXPECT_NEAR(p.at("points").at(2).at("point").at(1).get<double>(), 0.150, 1e-12);
    auto noScale = interchange::exportAnnotationFile(dir / "x.json", marks, {}, {"x.png"}, interchange::ExportFormat::MidogPoints);
    EXPECT_EQ(noScale.error(), "Cannot export to x.json: MIDOG points are in millimetres and the slide's scale is unknown: set the scale first");
}
