// SPDX-License-Identifier: MIT
#include "interchange/sliderunner_db.h"

#include <limits>
#include <map>

#include "interchange/import_support.h"
#include "interchange/sqlite_handle.h"

namespace histomark::interchange {
namespace {

using Imported = core::Result<ImportedAnnotations>;

using detail::Db;
using detail::Stmt;

std::string text(sqlite3_stmt* st, int col) { return detail::columnText(st, col); }

class Reader {
public:
    explicit Reader(sqlite3* db) : m_db(db) {}
    core::Result<Stmt> prepare(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            return core::Error{std::string("not a SlideRunner database (") + sqlite3_errmsg(m_db) + ")"};
        return Stmt(st);
    }
    bool hasColumn(const std::string& table, const std::string& column) {
        auto st = prepare("PRAGMA table_info(" + table + ")");
        if (!st) return false;
        while (sqlite3_step(st->get()) == SQLITE_ROW)
            if (text(st->get(), 1) == column) return true;
        return false;
    }
    std::string error() const { return sqlite3_errmsg(m_db); }

private:
    sqlite3* m_db;
};

struct Label {
    long long person = 0, cls = 0;
};
struct Anno {
    long long uid = 0;
    int type = 0;
    long long agreed = 0;
    std::vector<core::Level0Point> points;
    std::vector<Label> labels;  // in the order given
};

// agreedClass when set, else the most frequent label; a tie goes to the latest label (as
// SlideRunner's own majority vote does when no class leads).
long long consensusClass(const Anno& a) {
    if (a.agreed > 0) return a.agreed;
    if (a.labels.empty()) return 0;
    std::map<long long, int> votes;
    int best = 0;
    for (const Label& l : a.labels) best = std::max(best, ++votes[l.cls]);
    int leaders = 0;
    long long leader = 0;
    for (const auto& [cls, n] : votes)
        if (n == best) ++leaders, leader = cls;
    return leaders == 1 ? leader : a.labels.back().cls;
}

}  // namespace

bool looksLikeSqlite(const std::string& head) { return head.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0; }

namespace {

core::Result<Db> openDb(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    // Immutable: a read-only folder or another program's lock does not matter.
    const int rc = sqlite3_open_v2(detail::sqliteUri(path, "immutable=1").c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) return core::Error{std::string("cannot open the database: ") + (raw ? sqlite3_errmsg(raw) : "out of memory")};
    return db;
}

core::Result<std::vector<DatasetImage>> imagesOf(Reader& r) {
    std::vector<DatasetImage> images;
    auto st = r.prepare("SELECT uid, filename FROM Slides ORDER BY uid");
    if (!st) return core::Error{st.error()};
    while (sqlite3_step(st->get()) == SQLITE_ROW) images.push_back({sqlite3_column_int64(st->get(), 0), text(st->get(), 1)});
    return images;
}

}  // namespace

core::Result<std::vector<DatasetImage>> slideRunnerImages(const std::filesystem::path& path) {
    auto db = openDb(path);
    if (!db) return core::Error{db.error()};
    Reader r(db->get());
    return imagesOf(r);
}

core::Result<ImportedAnnotations> readSlideRunner(const std::filesystem::path& path, const DatasetChoice& choice) {
    auto db = openDb(path);
    if (!db) return Imported::failure(db.error());
    Reader r(db->get());

    // The image.
    auto listed = imagesOf(r);
    if (!listed) return Imported::failure(listed.error());
    const std::vector<DatasetImage>& images = *listed;
    const long chosen = detail::chooseImage(images, choice);
    if (chosen < 0) return Imported::failure(detail::chooseImageError(images, choice));
    const long long slide = images[size_t(chosen)].id;

    std::map<long long, std::string> classes, persons;
    for (auto [table, into] : {std::pair{"Classes", &classes}, std::pair{"Persons", &persons}}) {
        auto st = r.prepare(std::string("SELECT uid, name FROM ") + table);
        if (!st) return Imported::failure(st.error());
        while (sqlite3_step(st->get()) == SQLITE_ROW) (*into)[sqlite3_column_int64(st->get(), 0)] = text(st->get(), 1);
    }

    detail::ImportBuilder b("SlideRunner database");
    std::map<long long, Anno> annos;
    std::vector<long long> order;
    {
        const bool deletable = r.hasColumn("Annotations", "deleted");
        auto st = r.prepare(std::string("SELECT uid, type, agreedClass") + (deletable ? ", deleted" : ", 0") +
                            " FROM Annotations WHERE slide = ?1 ORDER BY uid");
        if (!st) return Imported::failure(st.error());
        sqlite3_bind_int64(st->get(), 1, slide);
        while (sqlite3_step(st->get()) == SQLITE_ROW) {
            const long long uid = sqlite3_column_int64(st->get(), 0);
            if (sqlite3_column_int(st->get(), 3) != 0) {
                b.warn("deleted annotation{s} skipped", "annotation " + std::to_string(uid));
                continue;
            }
            annos[uid] = Anno{uid, sqlite3_column_int(st->get(), 1), sqlite3_column_int64(st->get(), 2), {}, {}};
            order.push_back(uid);
        }
    }
    {
        auto st = r.prepare(
            "SELECT c.annoId, c.coordinateX, c.coordinateY FROM Annotations_coordinates c JOIN Annotations a ON a.uid = c.annoId "
            "WHERE a.slide = ?1 ORDER BY c.annoId, c.orderIdx, c.uid");
        if (!st) return Imported::failure(st.error());
        sqlite3_bind_int64(st->get(), 1, slide);
        while (sqlite3_step(st->get()) == SQLITE_ROW) {
            auto it = annos.find(sqlite3_column_int64(st->get(), 0));
            if (it == annos.end()) continue;
            // A coordinate that is no number (NULL, text) would read as 0: NaN instead, so the
            // annotation is skipped as out of range rather than moved to the corner.
            auto number = [&](int column) {
                const int type = sqlite3_column_type(st->get(), column);
                return type == SQLITE_INTEGER || type == SQLITE_FLOAT ? sqlite3_column_double(st->get(), column)
                                                                      : std::numeric_limits<double>::quiet_NaN();
            };
            const double x = number(1), y = number(2);
            // A polygon drawn by dragging repeats points: one is enough.
            if (!it->second.points.empty() && it->second.points.back().x == x && it->second.points.back().y == y) continue;
            it->second.points.push_back({x, y});
        }
    }
    {
        auto st = r.prepare(
            "SELECT l.annoId, l.person, l.class FROM Annotations_label l JOIN Annotations a ON a.uid = l.annoId "
            "WHERE a.slide = ?1 ORDER BY l.uid");
        if (!st) return Imported::failure(st.error());
        sqlite3_bind_int64(st->get(), 1, slide);
        while (sqlite3_step(st->get()) == SQLITE_ROW) {
            auto it = annos.find(sqlite3_column_int64(st->get(), 0));
            if (it != annos.end()) it->second.labels.push_back({sqlite3_column_int64(st->get(), 1), sqlite3_column_int64(st->get(), 2)});
        }
    }

    for (long long uid : order) {
        const Anno& a = annos[uid];
        const std::string where = "annotation " + std::to_string(uid);
        core::ShapeKind kind;
        size_t need = 1;
        switch (a.type) {
            case 1: case 4: kind = core::ShapeKind::Point; break;
            case 2: kind = core::ShapeKind::Rectangle, need = 2; break;
            case 3: kind = core::ShapeKind::Polygon, need = 3; break;
            case 5: kind = core::ShapeKind::Ellipse, need = 2; break;
            default:
                b.warn("annotation{s} of type " + std::to_string(a.type) + " skipped: not a spot, area, polygon or circle", where);
                continue;
        }
        bool sane = a.points.size() >= need;
        for (const auto& p : a.points) sane &= p.x >= -detail::kMaxCoordinate && p.x <= detail::kMaxCoordinate &&
                                              p.y >= -detail::kMaxCoordinate && p.y <= detail::kMaxCoordinate;
        if (!sane) {
            b.warn("annotation{s} with too few or out-of-range coordinates skipped", where);
            continue;
        }
        std::vector<core::Level0Point> pts = a.points;
        if (kind == core::ShapeKind::Point) pts.resize(1);
        else if (kind != core::ShapeKind::Polygon) pts = detail::boundingCorners(pts);
        // One mark per reader's label, or one with the consensus class.
        std::vector<Label> marks;
        if (choice.perReader) marks = a.labels;
        else marks.push_back({0, consensusClass(a)});
        if (marks.empty()) b.warn("annotation{s} without a label skipped", where);
        for (const Label& l : marks) {
            auto cls = classes.find(l.cls);
            if (cls == classes.end()) {
                b.warn("annotation{s} without a known class skipped", where);
                continue;
            }
            core::Annotation m = detail::makeMark(kind, pts);
            m.className = b.useClass(cls->second);
            if (choice.perReader) {
                auto p = persons.find(l.person);
                m.reader = p != persons.end() && !p->second.empty() ? p->second : "person " + std::to_string(l.person);
            }
            b.add(std::move(m));
        }
    }
    return std::move(b).finish();
}

}  // namespace histomark::interchange
