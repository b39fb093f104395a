// SPDX-License-Identifier: MIT
#include "storage/annotation_repo.h"

#include <bit>
#include <map>

#include "storage/database.h"

namespace histomark::storage {
namespace {

constexpr uint32_t kMaxRgb = 0xffffff;

constexpr const char* kSelect = R"sql(SELECT a.id, a.slide_id, a.reader, c.name, a.kind, a.coords, a.created_unix,
    typeof(a.coords) = 'blob' FROM annotations a LEFT JOIN annotation_classes c ON c.id = a.class_id )sql";

core::Error noSuchAnnotation(core::AnnotationId id) { return core::Error{"No annotation with id " + std::to_string(id)}; }
core::Error noSuchClass(const std::string& name) { return core::Error{"No class '" + name + "'"}; }

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The `coords` blob: x0 y0 x1 y1 ... as IEEE float64, little-endian whatever the host, so a file
// moves between machines and other tools can read it (16 bytes per point).
std::string encodePoints(const std::vector<core::Level0Point>& points) {
    std::string bytes(points.size() * 16, '\0');
    size_t at = 0;
    auto put = [&](double v) {
        const auto bits = std::bit_cast<uint64_t>(v);
        for (int b = 0; b < 8; ++b) bytes[at++] = char((bits >> (8 * b)) & 0xff);
    };
    for (const core::Level0Point& p : points) put(p.x), put(p.y);
    return bytes;
}

std::vector<core::Level0Point> decodePoints(const std::string& bytes) {
    auto get = [&](size_t at) {
        uint64_t bits = 0;
        for (int b = 0; b < 8; ++b) bits |= uint64_t(static_cast<unsigned char>(bytes[at + size_t(b)])) << (8 * b);
        return std::bit_cast<double>(bits);
    };
    std::vector<core::Level0Point> points(bytes.size() / 16);
    for (size_t i = 0; i < points.size(); ++i) points[i] = {get(16 * i), get(16 * i + 8)};
    return points;
}

// Reads one row of kSelect. Never trusts the file: a bad kind or blob is an error naming the mark.
core::Result<core::Annotation> readMark(const Statement& st) {
    core::Annotation a;
    a.id = st.columnInt(0);
    a.slide = st.columnInt(1);
    a.reader = st.columnText(2);
    a.className = st.columnText(3);
    const std::string kind = st.columnText(4);
    const auto damaged = [&](const std::string& why) {
        return core::Error{"Annotation " + std::to_string(a.id) + " cannot be read: " + why};
    };
    if (st.columnIsNull(3)) return damaged("its class is missing");  // only a writer without foreign keys leaves this
    const auto parsed = core::parseShapeKind(kind);
    if (!parsed) return damaged("unknown kind '" + kind + "'");
    a.kind = *parsed;
    if (st.columnInt(7) == 0) return damaged("its coordinates are not a blob");
    const std::string bytes = st.columnBlob(5);
    if (bytes.size() % 16 != 0)
        return damaged("its coordinates are " + std::to_string(bytes.size()) + " bytes, not whole x,y pairs");
    a.points = decodePoints(bytes);
    a.createdUnix = st.columnInt(6);
    if (auto problem = core::geometryProblem(a)) return damaged(*problem);
    return a;
}

// The rows of kSelect. A mark that cannot be read fails the call, or, given `unreadable`, is
// named there and left out.
core::Result<std::vector<core::Annotation>> readAll(Statement& st, std::vector<std::string>* unreadable = nullptr) {
    std::vector<core::Annotation> out;
    for (;;) {
        auto row = st.step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        auto mark = readMark(st);
        if (mark) out.push_back(std::move(mark.value()));
        else if (unreadable) unreadable->push_back(mark.error());
        else return core::Error{mark.error()};
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Classes

core::Result<std::vector<core::AnnotationClass>> AnnotationRepo::classes() {
    auto st = m_db.prepare("SELECT name, rgb FROM annotation_classes ORDER BY position, id");
    if (!st) return core::Error{st.error()};
    std::vector<core::AnnotationClass> out;
    for (;;) {
        auto row = st->step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        out.push_back({st->columnText(0), uint32_t(st->columnInt(1) & kMaxRgb)});
    }
}

core::Status AnnotationRepo::addClass(const core::AnnotationClass& cls) {
    const std::string name = trimmed(cls.name);
    if (name.empty()) return core::Error{"A class needs a name"};
    if (cls.rgb > kMaxRgb) return core::Error{"A class colour is 0xRRGGBB"};
    auto st = m_db.prepare(R"sql(INSERT INTO annotation_classes (name, rgb, position)
        VALUES (?1, ?2, coalesce((SELECT max(position) + 1 FROM annotation_classes), 0)))sql");
    if (!st) return core::Error{st.error()};
    st->bind(1, name).bind(2, int64_t(cls.rgb));
    if (auto s = st->run(); !s) {
        if (st->failedOnUniqueConstraint()) return core::Error{"A class named '" + name + "' already exists"};
        return s;
    }
    return {};
}

core::Status AnnotationRepo::setClassColour(const std::string& name, uint32_t rgb) {
    if (rgb > kMaxRgb) return core::Error{"A class colour is 0xRRGGBB"};
    auto st = m_db.prepare("UPDATE annotation_classes SET rgb = ?2 WHERE name = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, name).bind(2, int64_t(rgb));
    if (auto s = st->run(); !s) return s;
    if (m_db.changes() == 0) return noSuchClass(name);
    return {};
}

core::Result<bool> AnnotationRepo::ensureClass(const core::AnnotationClass& cls) {
    if (auto id = classId(trimmed(cls.name)); id) return false;
    if (auto s = addClass(cls); !s) return core::Error{s.error()};
    return true;
}

core::Result<int64_t> AnnotationRepo::classId(const std::string& name) {
    auto st = m_db.prepare("SELECT id FROM annotation_classes WHERE name = ?1");  // the column's NOCASE applies
    if (!st) return core::Error{st.error()};
    st->bind(1, name);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return noSuchClass(name);
    return st->columnInt(0);
}

// ---------------------------------------------------------------------------------------------
// Marks

core::Result<std::vector<core::AnnotationId>> AnnotationRepo::insert(const std::vector<core::Annotation>& marks,
                                                                     bool keepIds) {
    // A savepoint inside the caller's transaction: a mark that fails takes the earlier ones back with it.
    Transaction tx(m_db);
    if (!tx.status()) return core::Error{tx.status().error()};
    auto st = m_db.prepare(R"sql(INSERT INTO annotations (id, slide_id, reader, class_id, kind, cx, cy, coords, created_unix)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))sql");
    if (!st) return core::Error{st.error()};
    std::map<std::string, int64_t> classIds;  // an import names a few classes many times
    const int64_t now = unixNow();
    std::vector<core::AnnotationId> ids;
    ids.reserve(marks.size());
    for (const core::Annotation& a : marks) {
        if (auto problem = core::geometryProblem(a))
            return core::Error{std::string("Cannot store the ") + core::shapeKindName(a.kind) + ": " + *problem};
        if (keepIds && a.id <= 0) return core::Error{"Cannot restore a mark without its id"};
        auto known = classIds.find(a.className);
        if (known == classIds.end()) {
            auto id = classId(a.className);
            if (!id) return core::Error{id.error()};
            known = classIds.emplace(a.className, *id).first;
        }
        const core::Level0Point c = a.centre();
        st->reset();
        if (keepIds) st->bind(1, a.id);
        else st->bindNull(1);
        st->bind(2, a.slide).bind(3, a.reader).bind(4, known->second).bind(5, core::shapeKindName(a.kind));
        st->bind(6, c.x).bind(7, c.y).bindBlob(8, encodePoints(a.points)).bind(9, a.createdUnix != 0 ? a.createdUnix : now);
        if (auto s = st->run(); !s) {
            if (st->failedOnForeignKey()) return core::Error{"No slide with id " + std::to_string(a.slide)};
            if (keepIds && st->failedOnUniqueConstraint())
                return core::Error{"Cannot restore annotation " + std::to_string(a.id) + ": the id is in use"};
            return core::Error{s.error()};
        }
        // A trigger of a hand-edited file can drop the row (RAISE(IGNORE)): the id would then be
        // another mark's, and an undo would delete that one.
        if (m_db.changes() != 1) return core::Error{"The project did not store the mark (a trigger in the file refused it)"};
        ids.push_back(m_db.lastInsertRowId());
    }
    if (auto s = tx.commit(); !s) return core::Error{s.error()};
    return ids;
}

core::Result<core::AnnotationId> AnnotationRepo::add(const core::Annotation& mark) {
    auto ids = insert({mark}, false);
    if (!ids) return core::Error{ids.error()};
    return ids->front();
}

core::Result<std::vector<core::AnnotationId>> AnnotationRepo::addMany(const std::vector<core::Annotation>& marks) {
    return insert(marks, false);
}

core::Status AnnotationRepo::restore(const std::vector<core::Annotation>& marks) {
    auto ids = insert(marks, true);
    if (!ids) return core::Error{ids.error()};
    return {};
}

core::Status AnnotationRepo::remove(const std::vector<core::AnnotationId>& ids) {
    Transaction tx(m_db);
    if (!tx.status()) return tx.status();
    auto st = m_db.prepare("DELETE FROM annotations WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    for (core::AnnotationId id : ids) {
        st->reset();
        st->bind(1, id);
        if (auto s = st->run(); !s) return s;
        if (m_db.changes() == 0) return noSuchAnnotation(id);
    }
    return tx.commit();
}

core::Status AnnotationRepo::setClass(const std::vector<core::AnnotationId>& ids, const std::string& className) {
    auto cls = classId(className);
    if (!cls) return core::Error{cls.error()};
    Transaction tx(m_db);
    if (!tx.status()) return tx.status();
    auto st = m_db.prepare("UPDATE annotations SET class_id = ?2 WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    for (core::AnnotationId id : ids) {
        st->reset();
        st->bind(1, id).bind(2, *cls);
        if (auto s = st->run(); !s) return s;
        if (m_db.changes() == 0) return noSuchAnnotation(id);
    }
    return tx.commit();
}

core::Status AnnotationRepo::setGeometry(core::AnnotationId id, const std::vector<core::Level0Point>& points) {
    auto kind = m_db.prepare("SELECT kind FROM annotations WHERE id = ?1");
    if (!kind) return core::Error{kind.error()};
    kind->bind(1, id);
    auto row = kind->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return noSuchAnnotation(id);
    core::Annotation a;
    a.id = id;
    const auto parsed = core::parseShapeKind(kind->columnText(0));
    if (!parsed) return core::Error{"Annotation " + std::to_string(id) + " cannot be read: unknown kind"};
    a.kind = *parsed;
    a.points = points;
    if (auto problem = core::geometryProblem(a))
        return core::Error{std::string("Cannot store the ") + core::shapeKindName(a.kind) + ": " + *problem};
    const core::Level0Point c = a.centre();
    auto st = m_db.prepare("UPDATE annotations SET cx = ?2, cy = ?3, coords = ?4 WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id).bind(2, c.x).bind(3, c.y).bindBlob(4, encodePoints(points));
    return st->run();
}

core::Result<std::vector<core::Annotation>> AnnotationRepo::listForSlide(core::CaseSlideId slide,
                                                                         const std::optional<std::string>& reader) {
    return slideMarks(slide, reader, nullptr);
}

core::Result<ReadableMarks> AnnotationRepo::readableForSlide(core::CaseSlideId slide, const std::optional<std::string>& reader) {
    ReadableMarks out;
    auto marks = slideMarks(slide, reader, &out.unreadable);
    if (!marks) return core::Error{marks.error()};
    out.marks = std::move(*marks);
    return out;
}

core::Result<std::vector<core::Annotation>> AnnotationRepo::slideMarks(core::CaseSlideId slide,
                                                                       const std::optional<std::string>& reader,
                                                                       std::vector<std::string>* unreadable) {
    auto st = m_db.prepare(std::string(kSelect) + "WHERE a.slide_id = ?1 AND (?2 IS NULL OR a.reader = ?2) ORDER BY a.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide);
    if (reader) st->bind(2, *reader);
    else st->bindNull(2);
    return readAll(*st, unreadable);
}

core::Result<std::optional<core::Annotation>> AnnotationRepo::get(core::AnnotationId id) {
    auto st = m_db.prepare(std::string(kSelect) + "WHERE a.id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    auto all = readAll(*st);
    if (!all) return core::Error{all.error()};
    if (all->empty()) return std::optional<core::Annotation>();
    return std::optional<core::Annotation>(std::move(all->front()));
}

core::Result<std::vector<std::string>> AnnotationRepo::readers(core::CaseSlideId slide) {
    return readerColumn("SELECT DISTINCT reader FROM annotations WHERE slide_id = ?1 ORDER BY reader", slide);
}

core::Result<std::vector<std::string>> AnnotationRepo::countReaders(core::CaseSlideId slide) {
    return readerColumn("SELECT reader FROM count_settings WHERE slide_id = ?1 ORDER BY reader", slide);
}

core::Result<std::vector<std::string>> AnnotationRepo::readerColumn(const char* sql, core::CaseSlideId slide) {
    auto st = m_db.prepare(sql);
    if (!st) return core::Error{st.error()};
    st->bind(1, slide);
    return textColumn(*st);
}

core::Result<int64_t> AnnotationRepo::countForSlide(core::CaseSlideId slide, const std::optional<std::string>& className) {
    std::optional<int64_t> cls;
    if (className) {
        auto id = classId(*className);
        if (!id) return core::Error{id.error()};
        cls = *id;
    }
    auto st = m_db.prepare("SELECT count(*) FROM annotations WHERE slide_id = ?1 AND (?2 IS NULL OR class_id = ?2)");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide);
    if (cls) st->bind(2, *cls);
    else st->bindNull(2);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    return st->columnInt(0);
}

// ---------------------------------------------------------------------------------------------
// Count settings

core::Status AnnotationRepo::setCountSettings(core::CaseSlideId slide, const std::string& reader, const std::string& json) {
    auto st = m_db.prepare(R"sql(INSERT INTO count_settings (slide_id, reader, settings) VALUES (?1, ?2, ?3)
        ON CONFLICT (slide_id, reader) DO UPDATE SET settings = excluded.settings)sql");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide).bind(2, reader).bind(3, json);
    if (auto s = st->run(); !s) {
        if (st->failedOnForeignKey()) return core::Error{"No slide with id " + std::to_string(slide)};
        return s;
    }
    return {};
}

core::Result<std::optional<std::string>> AnnotationRepo::countSettings(core::CaseSlideId slide, const std::string& reader) {
    auto st = m_db.prepare("SELECT settings FROM count_settings WHERE slide_id = ?1 AND reader = ?2");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide).bind(2, reader);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(st->columnText(0));
}

}  // namespace histomark::storage
