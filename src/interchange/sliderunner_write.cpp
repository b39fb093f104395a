// SPDX-License-Identifier: MIT
#include "interchange/sliderunner_write.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "core/utf8_text.h"
#include "interchange/class_names.h"
#include "interchange/import_support.h"
#include "interchange/point_exports.h"
#include "interchange/sliderunner_db.h"
#include "interchange/sqlite_handle.h"

namespace histomark::interchange {
namespace {

namespace fs = std::filesystem;
using detail::Db;
using detail::Stmt;

// The tables of MIDOG.sqlite (SlideRunner's extended schema). Its triggers are left out: they call
// functions only SlideRunner's connection defines, and would make the file unwritable to any other
// SQLite tool; guid and lastModified are written here instead.
constexpr const char* kSchema = R"sql(
CREATE TABLE `Annotations_label` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `person` INTEGER, `class` INTEGER, `exact_id` INTEGER, `annoId` INTEGER);
CREATE TABLE `Annotations_coordinates` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `coordinateX` INTEGER, `coordinateY` INTEGER, `coordinateZ` INTEGER DEFAULT 0, `slide` INTEGER, `annoId` INTEGER, `orderIdx` INTEGER);
CREATE TABLE `Annotations` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `slide` INTEGER, `guid` TEXT, `lastModified` REAL DEFAULT 0, `deleted` INTEGER DEFAULT 0, `type` INTEGER, `agreedClass` INTEGER, `description` TEXT, `clickable` INTEGER DEFAULT 1);
CREATE TABLE `Classes` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `name` TEXT, `color` TEXT);
CREATE TABLE `Persons` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `name` TEXT, `isExactUser` INTEGER DEFAULT 0);
CREATE TABLE `Slides` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, `filename` TEXT, `width` INTEGER, `height` INTEGER, `directory` TEXT, `uuid` TEXT, `exactImageID` TEXT, `EXACTUSER` INTEGER DEFAULT 0);
CREATE TABLE `Log` (`uid` INTEGER PRIMARY KEY AUTOINCREMENT, `dateTime` FLOAT, `labelId` INTEGER);
PRAGMA user_version = 3;
)sql";

constexpr int kEllipseVertices = 64;

std::mt19937_64& randomBits() {
    thread_local std::mt19937_64 bits{std::random_device{}()};
    return bits;
}

std::string randomUuid() {
    return detail::contentUuid(std::to_string(randomBits()()) + "-" + std::to_string(randomBits()()));
}

// SlideRunner registers these Python functions for its triggers; a database it wrote calls them
// on every insert, so this connection must have them too.
void registerSlideRunnerFunctions(sqlite3* db) {
    sqlite3_create_function(
        db, "pycurrent_time", 0, SQLITE_UTF8, nullptr,
        [](sqlite3_context* c, int, sqlite3_value**) {
            using namespace std::chrono;
            sqlite3_result_double(c, duration<double>(system_clock::now().time_since_epoch()).count());
        },
        nullptr, nullptr);
    sqlite3_create_function(
        db, "generate_uuid", 0, SQLITE_UTF8, nullptr,
        [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_text(c, randomUuid().c_str(), -1, SQLITE_TRANSIENT); },
        nullptr, nullptr);
    sqlite3_create_function(
        db, "randcolor", 0, SQLITE_UTF8, nullptr,
        [](sqlite3_context* c, int, sqlite3_value**) {
            const auto v = randomBits()();
            const auto channel = [&](int shift) { return uint32_t(30 + (v >> shift) % 225); };
            sqlite3_result_text(c, detail::hexColour(channel(0) << 16 | channel(8) << 8 | channel(16)).c_str(), -1, SQLITE_TRANSIENT);
        },
        nullptr, nullptr);
}

// One connection's statements, with the first error kept for the message.
class Writer {
public:
    explicit Writer(sqlite3* db) : m_db(db) {}

    bool exec(const std::string& sql) {
        char* msg = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return true;
        fail(msg ? msg : sqlite3_errmsg(m_db));
        sqlite3_free(msg);
        return false;
    }
    Stmt prepare(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail(sqlite3_errmsg(m_db));
        return Stmt(st);
    }
    // Steps a statement to its end; false (and the error kept) on failure.
    bool run(sqlite3_stmt* st) {
        if (!st) return false;
        const int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
        fail(sqlite3_errmsg(m_db));
        return false;
    }
    long long lastId() const { return sqlite3_last_insert_rowid(m_db); }
    bool hasTable(const std::string& table) {
        Stmt st = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
        if (!st) return false;
        sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
        return sqlite3_step(st.get()) == SQLITE_ROW;
    }
    bool hasColumn(const std::string& table, const std::string& column) {
        Stmt st = prepare("PRAGMA table_info(" + table + ")");
        while (st && sqlite3_step(st.get()) == SQLITE_ROW)
            if (detail::columnText(st.get(), 1) == column) return true;
        return false;
    }
    void fail(const std::string& why) {
        if (m_error.empty()) m_error = why;
    }
    const std::string& error() const { return m_error; }
    bool ok() const { return m_error.empty(); }

private:
    sqlite3* m_db;
    std::string m_error;
};

// The name a class gets in SlideRunner's (and MIDOG's) vocabulary.
std::string slideRunnerClassName(const std::string& ours) {
    return sameClassName(canonicalClassName(ours), core::kLookAlike) ? kMidogLookAlike : ours;
}

std::string readerOf(const core::Annotation& m) { return m.reader.empty() ? "unnamed reader" : m.reader; }

// A SlideRunner shape: its type and its coordinates.
struct Shape {
    int type = 1;
    std::vector<core::Level0Point> points;
};

Shape shapeOf(const core::Annotation& m, size_t& ellipsesAsPolygons) {
    using core::ShapeKind;
    switch (m.kind) {
        case ShapeKind::Point: return {1, {m.points.front()}};
        case ShapeKind::Rectangle: return {2, detail::boundingCorners(m.points)};
        case ShapeKind::Polygon:
        case ShapeKind::Freehand: return {3, m.points};
        case ShapeKind::Ellipse: {
            const core::Level0Rect b = m.bounds();
            if (std::abs(b.width - b.height) <= 0.01 * std::max(b.width, b.height)) return {5, detail::boundingCorners(m.points)};
            ++ellipsesAsPolygons;
            return {3, detail::ellipseVertices(m, kEllipseVertices)};
        }
    }
    return {1, {m.centre()}};
}

// Adds the marks to the open database (inside the caller's transaction).
void fill(Writer& w, const std::vector<core::Annotation>& marks, const std::vector<core::AnnotationClass>& classes,
          const ExportImage& image, const MarkLabels& labels, ExportReport& report) {
    // Each mark's labels: the given ones, else its reader's, of its class.
    auto labelsOf = [&](size_t i) {
        if (i < labels.size() && !labels[i].empty()) return labels[i];
        return std::vector<core::CellLabel>{{readerOf(marks[i]), marks[i].className}};
    };
    // The slide: an image of that name, else a new row.
    long long slide = 0;
    {
        Stmt st = w.prepare("SELECT uid FROM Slides WHERE filename = ?1 ORDER BY uid LIMIT 1");
        if (!st) return;
        sqlite3_bind_text(st.get(), 1, image.fileName.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) == SQLITE_ROW) slide = sqlite3_column_int64(st.get(), 0);
    }
    if (!slide) {
        Stmt st = w.prepare("INSERT INTO Slides (filename, width, height, directory) VALUES (?1, ?2, ?3, ?4)");
        if (!st) return;
        sqlite3_bind_text(st.get(), 1, image.fileName.c_str(), -1, SQLITE_TRANSIENT);
        if (image.width > 0) sqlite3_bind_int64(st.get(), 2, image.width);
        if (image.height > 0) sqlite3_bind_int64(st.get(), 3, image.height);
        if (!image.directory.empty()) sqlite3_bind_text(st.get(), 4, image.directory.c_str(), -1, SQLITE_TRANSIENT);
        if (!w.run(st.get())) return;
        slide = w.lastId();
    }

    // Classes by name (another spelling of one class is that class), readers by name.
    std::vector<std::pair<long long, std::string>> dbClasses;
    std::map<std::string, long long> persons;
    {
        Stmt st = w.prepare("SELECT uid, name FROM Classes ORDER BY uid");
        while (st && sqlite3_step(st.get()) == SQLITE_ROW)
            dbClasses.emplace_back(sqlite3_column_int64(st.get(), 0), detail::columnText(st.get(), 1));
        Stmt ps = w.prepare("SELECT uid, name FROM Persons ORDER BY uid");
        while (ps && sqlite3_step(ps.get()) == SQLITE_ROW) persons.try_emplace(detail::columnText(ps.get(), 1), sqlite3_column_int64(ps.get(), 0));
    }
    const bool coloured = w.hasColumn("Classes", "color");
    Stmt addClass = w.prepare(coloured ? "INSERT INTO Classes (name, color) VALUES (?1, ?2)" : "INSERT INTO Classes (name) VALUES (?1)");
    Stmt addPerson = w.prepare("INSERT INTO Persons (name) VALUES (?1)");
    if (!w.ok()) return;
    std::map<std::string, long long> classIds;  // our class name -> uid
    auto classId = [&](const std::string& ours) -> long long {
        if (auto it = classIds.find(ours); it != classIds.end()) return it->second;
        // SlideRunner (Python) reads the names as UTF-8: bytes from an old project or an import are made so.
        const std::string name = core::validUtf8(slideRunnerClassName(ours));
        for (const auto& [uid, theirs] : dbClasses)
            if (sameClassName(canonicalClassName(theirs), canonicalClassName(name))) return classIds[ours] = uid;
        sqlite3_bind_text(addClass.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
        if (coloured) {
            uint32_t rgb = defaultClassColour(canonicalClassName(ours));
            for (const auto& c : classes)
                if (c.name == ours) rgb = c.rgb;
            sqlite3_bind_text(addClass.get(), 2, detail::hexColour(rgb).c_str(), -1, SQLITE_TRANSIENT);
        }
        if (!w.run(addClass.get())) return 0;
        dbClasses.emplace_back(w.lastId(), name);
        return classIds[ours] = w.lastId();
    };
    auto personId = [&](const std::string& name) -> long long {
        if (auto it = persons.find(name); it != persons.end()) return it->second;
        sqlite3_bind_text(addPerson.get(), 1, core::validUtf8(name).c_str(), -1, SQLITE_TRANSIENT);
        if (!w.run(addPerson.get())) return 0;
        return persons[name] = w.lastId();
    };

    // What earlier exports by these readers left on the slide goes: annotations labelled by them
    // alone, and their labels on annotations that others labelled too.
    std::set<long long> readers;
    for (size_t i = 0; i < marks.size(); ++i)
        for (const core::CellLabel& l : labelsOf(i)) readers.insert(personId(l.reader.empty() ? "unnamed reader" : l.reader));
    if (!w.ok()) return;
    std::map<long long, std::pair<int, int>> labelled;  // annotation -> (labels, labels by our readers)
    {
        Stmt st = w.prepare("SELECT l.annoId, l.person FROM Annotations_label l JOIN Annotations a ON a.uid = l.annoId WHERE a.slide = ?1");
        if (!st) return;
        sqlite3_bind_int64(st.get(), 1, slide);
        while (sqlite3_step(st.get()) == SQLITE_ROW) {
            auto& [all, ours] = labelled[sqlite3_column_int64(st.get(), 0)];
            ++all, ours += readers.count(sqlite3_column_int64(st.get(), 1)) > 0;
        }
    }
    Stmt dropLabels = w.prepare("DELETE FROM Annotations_label WHERE annoId = ?1 AND person = ?2");
    Stmt dropCoords = w.prepare("DELETE FROM Annotations_coordinates WHERE annoId = ?1");
    Stmt dropAnno = w.prepare("DELETE FROM Annotations WHERE uid = ?1");
    size_t replaced = 0, relabelled = 0;
    for (const auto& [anno, counts] : labelled) {
        if (!counts.second) continue;
        if (counts.first == counts.second) {
            ++replaced;
            for (sqlite3_stmt* st : {dropCoords.get(), dropAnno.get()}) {
                sqlite3_bind_int64(st, 1, anno);
                w.run(st);
            }
        } else {
            ++relabelled;
        }
        for (long long person : readers) {
            sqlite3_bind_int64(dropLabels.get(), 1, anno);
            sqlite3_bind_int64(dropLabels.get(), 2, person);
            w.run(dropLabels.get());
        }
    }

    // The marks.
    const bool extended = w.hasColumn("Annotations", "guid") && w.hasColumn("Annotations", "lastModified");
    Stmt addAnno = w.prepare(extended ? "INSERT INTO Annotations (slide, type, agreedClass, guid, lastModified) VALUES (?1, ?2, ?3, ?4, ?5)"
                                      : "INSERT INTO Annotations (slide, type, agreedClass) VALUES (?1, ?2, ?3)");
    Stmt addCoord = w.prepare("INSERT INTO Annotations_coordinates (coordinateX, coordinateY, slide, annoId, orderIdx) VALUES (?1, ?2, ?3, ?4, ?5)");
    Stmt addLabel = w.prepare("INSERT INTO Annotations_label (person, class, annoId) VALUES (?1, ?2, ?3)");
    if (!w.ok()) return;
    size_t ellipsesAsPolygons = 0;
    for (size_t i = 0; i < marks.size() && w.ok(); ++i) {
        const core::Annotation& m = marks[i];
        const Shape shape = shapeOf(m, ellipsesAsPolygons);
        const long long cls = classId(m.className);
        if (!w.ok()) return;
        sqlite3_bind_int64(addAnno.get(), 1, slide);
        sqlite3_bind_int(addAnno.get(), 2, shape.type);
        sqlite3_bind_int64(addAnno.get(), 3, cls);
        if (extended) {
            std::string key = image.fileName + "#" + readerOf(m) + "#" + m.className + "#" + std::to_string(i);
            for (const auto& p : shape.points) key.append("#").append(detail::formatNumber(p.x)).append(",").append(detail::formatNumber(p.y));
            sqlite3_bind_text(addAnno.get(), 4, detail::contentUuid(key).c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(addAnno.get(), 5, double(m.createdUnix));
        }
        if (!w.run(addAnno.get())) return;
        const long long anno = w.lastId();
        for (size_t k = 0; k < shape.points.size(); ++k) {
            sqlite3_bind_int64(addCoord.get(), 1, std::llround(shape.points[k].x));
            sqlite3_bind_int64(addCoord.get(), 2, std::llround(shape.points[k].y));
            sqlite3_bind_int64(addCoord.get(), 3, slide);
            sqlite3_bind_int64(addCoord.get(), 4, anno);
            sqlite3_bind_int64(addCoord.get(), 5, static_cast<long long>(k) + 1);
            if (!w.run(addCoord.get())) return;
        }
        for (const core::CellLabel& l : labelsOf(i)) {
            const long long person = personId(l.reader.empty() ? "unnamed reader" : l.reader), labelClass = classId(l.className);
            if (!w.ok()) return;
            sqlite3_bind_int64(addLabel.get(), 1, person);
            sqlite3_bind_int64(addLabel.get(), 2, labelClass);
            sqlite3_bind_int64(addLabel.get(), 3, anno);
            if (!w.run(addLabel.get())) return;
        }
        ++report.written;
    }
    if (replaced)
        report.notes.push_back("replaced " + std::to_string(replaced) + " annotations that the same readers had on " + image.fileName);
    if (relabelled)
        report.notes.push_back("removed the same readers' earlier labels from " + std::to_string(relabelled) +
                               " annotations that other readers labelled too");
    if (ellipsesAsPolygons)
        report.notes.push_back(std::to_string(ellipsesAsPolygons) + " ellipses written as polygons (SlideRunner's circles are round)");
}

core::Result<Db> open(const fs::path& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(detail::sqliteUri(path).c_str(), &raw, flags | SQLITE_OPEN_URI, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) return core::Error{std::string("cannot open the database: ") + (raw ? sqlite3_errmsg(raw) : "out of memory")};
    sqlite3_busy_timeout(raw, 3000);
    registerSlideRunnerFunctions(raw);
    return db;
}

core::Result<ExportReport> addToExisting(const fs::path& path, const std::vector<core::Annotation>& marks,
                                         const std::vector<core::AnnotationClass>& classes, const ExportImage& image,
                                         const MarkLabels& labels) {
    std::string head(16, '\0');
    std::ifstream(path, std::ios::binary).read(head.data(), 16);
    if (!looksLikeSqlite(head)) return core::Error{"the file exists and is not a SlideRunner database (left as it was; choose another name)"};
    auto db = open(path, SQLITE_OPEN_READWRITE);
    if (!db) return core::Error{db.error()};
    Writer w(db->get());
    // The write lock first: while another program holds the database even its tables cannot be read.
    if (!w.exec("BEGIN IMMEDIATE"))
        return core::Error{"the database is in use (" + w.error() + "): close it in the other program and export again"};
    for (const char* table : {"Slides", "Classes", "Persons", "Annotations", "Annotations_coordinates", "Annotations_label"})
        if (!w.hasTable(table)) {
            sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
            return core::Error{std::string("the file is an SQLite database without SlideRunner's ") + table +
                               " table (left as it was; choose another name)"};
        }
    ExportReport report;
    report.format = ExportFormat::SlideRunner;
    fill(w, marks, classes, image, labels, report);
    if (!w.ok()) {
        const std::string why = w.error();
        sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
        return core::Error{"nothing was changed: " + why};
    }
    if (!w.exec("COMMIT")) {
        sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
        return core::Error{"nothing was changed: " + w.error()};
    }
    report.notes.insert(report.notes.begin(), "added to the existing database");
    return report;
}

core::Result<ExportReport> createNew(const fs::path& path, const std::vector<core::Annotation>& marks,
                                     const std::vector<core::AnnotationClass>& classes, const ExportImage& image,
                                     const MarkLabels& labels) {
    static std::atomic<unsigned> counter{0};
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string hidden = ".";  // hidden, and unique per process and call
    hidden += path.filename().string();
    hidden += ".";
    hidden += std::to_string(getpid());
    hidden += "-";
    hidden += std::to_string(counter++);
    hidden += ".tmp";
    const fs::path tmp = dir / hidden;
    std::string problem;
    ExportReport report;
    report.format = ExportFormat::SlideRunner;
    {
        auto db = open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE);
        if (!db) {
            problem = db.error();
        } else {
            Writer w(db->get());
            if (w.exec(kSchema) && w.exec("BEGIN")) {
                fill(w, marks, classes, image, labels, report);
                if (w.ok()) w.exec("COMMIT");
            }
            problem = w.error();
        }
    }
    std::error_code ec;
    if (problem.empty()) {
        fs::rename(tmp, path, ec);
        if (ec) problem = "cannot put the database in place: " + ec.message();
    }
    if (!problem.empty()) {
        fs::remove(tmp, ec);
        fs::remove(fs::path(tmp.string() + "-journal"), ec);
        return core::Error{problem};
    }
    return report;
}

}  // namespace

core::Result<ExportReport> writeSlideRunner(const fs::path& path, const std::vector<core::Annotation>& marks,
                                            const std::vector<core::AnnotationClass>& classes, const ExportImage& image,
                                            const MarkLabels& labels) {
    if (image.fileName.empty()) return core::Error{"a SlideRunner database names each slide by its file: the slide's file name is unknown"};
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (fs::exists(status)) {
        if (!fs::is_regular_file(status)) return core::Error{"not a file"};
        return addToExisting(path, marks, classes, image, labels);
    }
    return createNew(path, marks, classes, image, labels);
}

}  // namespace histomark::interchange
