// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <random>

#include "core/annotation.h"
#include "interchange_support.h"
#include "interchange/annotation_file.h"
#include "interchange/class_names.h"
#include "support/test_data.h"

using namespace histomark;
using core::Annotation;
using core::ShapeKind;
namespace fs = std::filesystem;

using test::mark;
using test::slurp;

namespace {

const std::string kSamples = "annotation-interop-samples/";

void put(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string importError(const fs::path& p) {
    auto r = interchange::readAnnotationFile(p);
    EXPECT_FALSE(r.ok()) << p << " read as " << (r.ok() ? r->format : "");
    return r.ok() ? std::string() : r.error();
}

std::vector<Annotation> manyPoints(size_t n) {
    std::vector<Annotation> marks;
    for (size_t i = 0; i < n; ++i)
        marks.push_back(mark(ShapeKind::Point, {{1000.0 + double(i), 2000.0 + double(i)}}, core::kMitoticFigure, "R"));
    return marks;
}

}  // namespace

TEST(AnnotationFile, EverySampleReadsWithItsFormat) {
    struct Case {
        const char* file;
        const char* format;
        size_t count;
    };
    for (const Case& c : {Case{"qupath_geojson/qupath-point.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson/qupath-multipoint.json", "QuPath GeoJSON", 3},
                          Case{"qupath_geojson/qupath-line.json", "QuPath GeoJSON", 0},
                          Case{"qupath_geojson/qupath-polyline.json", "QuPath GeoJSON", 0},
                          Case{"qupath_geojson/qupath-rectangle.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson/qupath-polygon.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson/qupath-ellipse.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson/qupath-brush.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson/qupath-wand.json", "QuPath GeoJSON", 1},
                          Case{"qupath_geojson_advanced/qupath-polygon-cell-classified.json", "QuPath GeoJSON", 4},
                          Case{"asap/asap-dot.xml", "ASAP XML", 1}, Case{"asap/asap-pointset.xml", "ASAP XML", 5},
                          Case{"asap/asap-polygon.xml", "ASAP XML", 1}}) {
        HM_REQUIRE_DATA(path, kSamples + c.file);
        auto r = interchange::readAnnotationFile(path);
        ASSERT_TRUE(r.ok()) << c.file << ": " << r.error();
        EXPECT_EQ(r->format, c.format) << c.file;
        EXPECT_EQ(r->annotations.size(), c.count) << c.file;
    }
}

TEST(AnnotationFile, CytomineAndSectraExportsAreAnUnknownFormat) {
    for (const char* file : {"cytomine/cytomine-point.txt", "cytomine/cytomine-polygon.txt", "cytomine/cytomine-circle.txt",
                             "sectra/pathologycore-area.json", "sectra/pathologycore-polyline.json"}) {
        HM_REQUIRE_DATA(path, kSamples + file);
        const std::string e = importError(path);
        EXPECT_EQ(e.rfind("Cannot import " + path.filename().string() + ": unknown format: JSON, but not GeoJSON", 0), 0u)
            << e;
    }
}

TEST(AnnotationFile, BadFilesGiveMessagesNamingTheFile) {
    const fs::path dir = test::tempDir("interchange-bad-files");
    EXPECT_EQ(importError(dir / "gone.geojson"), "Cannot import gone.geojson: no such file (" + (dir / "gone.geojson").string() + ")");
    fs::create_directory(dir / "folder.json");
    EXPECT_EQ(importError(dir / "folder.json"), "Cannot import folder.json: it is a folder, not a file");
    put(dir / "empty.json", "");
    EXPECT_EQ(importError(dir / "empty.json"), "Cannot import empty.json: the file is empty");
    put(dir / "blank.xml", " \n\t\r\n");
    EXPECT_EQ(importError(dir / "blank.xml"), "Cannot import blank.xml: the file is empty");

    std::mt19937 random(7);
    std::string junk(65536, '\0');
    for (char& c : junk) c = static_cast<char>(random());
    put(dir / "junk.geojson", junk);
    EXPECT_EQ(importError(dir / "junk.geojson"), "Cannot import junk.geojson: a binary file, not an annotation file");
    put(dir / "utf16.xml", std::string("\xff\xfe<\0A\0", 6));
    EXPECT_NE(importError(dir / "utf16.xml").find("UTF-16"), std::string::npos);

    put(dir / "notes.txt", "hello, these are my notes");
    EXPECT_NE(importError(dir / "notes.txt").find("Cannot import notes.txt: unknown format: neither JSON, XML nor an SQLite database"), std::string::npos);
    put(dir / "drawing.xml", "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<!DOCTYPE svg>\n<svg><rect/></svg>");
    EXPECT_EQ(importError(dir / "drawing.xml"),
              "Cannot import drawing.xml: unknown format: XML with root <svg>, expected <ASAP_Annotations> (ASAP) or "
              "<Annotations> (ImageScope)");
    put(dir / "truncated.geojson", R"({"type":"FeatureCollection","features":[)");
    EXPECT_EQ(importError(dir / "truncated.geojson").rfind("Cannot import truncated.geojson: malformed JSON at byte ", 0), 0u);

    // Over the limit: refused from its size alone (a sparse file, nothing is read).
    const fs::path huge = dir / "huge.geojson";
    put(huge, "[");
    fs::resize_file(huge, interchange::kMaxAnnotationFileBytes + 1);
    EXPECT_EQ(importError(huge), "Cannot import huge.geojson: the file is 201 MB; annotation files over 200 MB are not read");
}

TEST(AnnotationFile, UnreadableFile) {
    if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
    const fs::path dir = test::tempDir("interchange-unreadable");
    put(dir / "secret.json", "[]");
    fs::permissions(dir / "secret.json", fs::perms::none);
    EXPECT_EQ(importError(dir / "secret.json"), "Cannot import secret.json: Permission denied");
}

TEST(AnnotationFile, DetectsFormatByContentNotName) {
    const fs::path dir = test::tempDir("interchange-detect");
    // GeoJSON with a byte order mark, named .xml; ImageScope named .json; ASAP without its root element.
    put(dir / "points.xml", "\xef\xbb\xbf  [{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]");
    auto r = interchange::readAnnotationFile(dir / "points.xml");
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "QuPath GeoJSON");
    put(dir / "aperio.json", R"(<Annotations><Annotation Name="m" LineColor="255"><Regions><Region Type="2">
        <Vertices><Vertex X="1" Y="2"/><Vertex X="11" Y="12"/></Vertices></Region></Regions></Annotation></Annotations>)");
    r = interchange::readAnnotationFile(dir / "aperio.json");
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "Aperio ImageScope XML");
    EXPECT_EQ(r->annotations.at(0).kind, ShapeKind::Ellipse);
    put(dir / "rootless.xml", R"(<Annotations><Annotation Type="Dot" PartOfGroup="None"><Coordinates>
        <Coordinate Order="0" X="5" Y="6"/></Coordinates></Annotation></Annotations>)");
    r = interchange::readAnnotationFile(dir / "rootless.xml");
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->format, "ASAP XML");
    EXPECT_EQ(r->annotations.size(), 1u);
}

TEST(AnnotationFile, WriteChoosesByExtensionAndLeavesNoTemporaryFile) {
    const fs::path dir = test::tempDir("interchange-write");
    const std::vector<Annotation> marks = {mark(ShapeKind::Point, {{1.5, 2.5}}, core::kMitoticFigure, "Dr A"),
                                           mark(ShapeKind::Ellipse, {{10, 10}, {30, 20}}, core::kNecrosis)};
    const std::vector<core::AnnotationClass> classes = {{core::kMitoticFigure, 0x102030}};
    for (const char* name : {"marks.geojson", "marks.json", "MARKS.XML"}) {
        const core::Status s = interchange::writeAnnotationFile(dir / name, marks, classes);
        ASSERT_TRUE(s.ok()) << s.error();
        auto r = interchange::readAnnotationFile(dir / name);
        ASSERT_TRUE(r.ok()) << r.error();
        EXPECT_EQ(r->format, std::string(name) == "MARKS.XML" ? "ASAP XML" : "QuPath GeoJSON");
        ASSERT_EQ(r->annotations.size(), 2u) << name;
        EXPECT_EQ(r->classes.at(0), classes[0]);
    }
    EXPECT_EQ(entries(dir), (std::vector<std::string>{"MARKS.XML", "marks.geojson", "marks.json"}));

    // Overwriting replaces the content whole.
    ASSERT_TRUE(interchange::writeAnnotationFile(dir / "marks.geojson", {marks[0]}, classes).ok());
    EXPECT_EQ(interchange::readAnnotationFile(dir / "marks.geojson")->annotations.size(), 1u);
    EXPECT_EQ(entries(dir).size(), 3u);

    const core::Status wrongExt = interchange::writeAnnotationFile(dir / "marks.txt", marks, classes);
    EXPECT_EQ(wrongExt.error(),
              "Cannot export to marks.txt: unknown extension; use .geojson, .json (QuPath), .xml (ASAP), .sqlite (SlideRunner) or .csv");
    EXPECT_EQ(entries(dir).size(), 3u);
    const core::Status missingDir = interchange::writeAnnotationFile(dir / "nowhere" / "marks.xml", marks, classes);
    EXPECT_EQ(missingDir.error().rfind("Cannot export to marks.xml: cannot create a file in ", 0), 0u) << missingDir.error();
}

TEST(AnnotationFile, FailedWriteLeavesTheOldFileIntact) {
    const fs::path dir = test::tempDir("interchange-failed-write");
    const fs::path target = dir / "marks.geojson";
    ASSERT_TRUE(interchange::writeAnnotationFile(target, manyPoints(3), {}).ok());
    const std::string before = slurp(target);

    // A mark the formats cannot hold is refused before anything is written.
    std::vector<Annotation> broken = manyPoints(2);
    broken.push_back(mark(ShapeKind::Polygon, {{0, 0}, {1, 1}}, "x"));
    const core::Status refused = interchange::writeAnnotationFile(target, broken, {});
    EXPECT_EQ(refused.error(), "Cannot export to marks.geojson: annotation 2 (polygon): a polygon needs at least three vertices");
    EXPECT_EQ(slurp(target), before);

    // A write that fails halfway (the file size limit: root is bound by it too) leaves the old file
    // and no temporary.
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 4096;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    const core::Status failed = interchange::writeAnnotationFile(target, manyPoints(2000), {});
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, oldHandler);
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().rfind("Cannot export to marks.geojson: cannot write: ", 0), 0u) << failed.error();
    EXPECT_EQ(slurp(target), before);
    EXPECT_EQ(entries(dir), std::vector<std::string>{"marks.geojson"});
}

TEST(AnnotationFile, UnwritableFolderLeavesTheOldFileIntact) {
    if (geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders (the size-limit test covers a failed write)";
    const fs::path dir = test::tempDir("interchange-readonly");
    const fs::path target = dir / "marks.xml";
    ASSERT_TRUE(interchange::writeAnnotationFile(target, manyPoints(3), {}).ok());
    const std::string before = slurp(target);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    const core::Status s = interchange::writeAnnotationFile(target, manyPoints(10), {});
    fs::permissions(dir, fs::perms::owner_all);
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.error().find("Permission denied"), std::string::npos) << s.error();
    EXPECT_EQ(slurp(target), before);
    EXPECT_EQ(entries(dir), std::vector<std::string>{"marks.xml"});
}

TEST(AnnotationFile, AFileWithoutMarksIsReadButSaysSo) {
    const fs::path dir = test::tempDir("no-marks");
    put(dir / "empty.geojson", R"({"type":"FeatureCollection","features":[]})");
    put(dir / "empty.xml", "<ASAP_Annotations><Annotations/></ASAP_Annotations>");
    for (const char* name : {"empty.geojson", "empty.xml"}) {
        auto r = interchange::readAnnotationFile(dir / name);
        ASSERT_TRUE(r.ok()) << name << ": " << r.error();
        EXPECT_TRUE(r->annotations.empty());
        ASSERT_EQ(r->warnings.size(), 1u) << name;
        EXPECT_EQ(r->warnings[0], "the file holds no marks to import");
    }
    // A file whose marks were all skipped already says why; nothing is added to that.
    put(dir / "lines.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString",
        "coordinates":[[0,0],[5,5]]},"properties":{}}]})");
    auto lines = interchange::readAnnotationFile(dir / "lines.geojson");
    ASSERT_TRUE(lines.ok()) << lines.error();
    ASSERT_EQ(lines->warnings.size(), 1u);
    EXPECT_NE(lines->warnings[0], "the file holds no marks to import");
}
