// SPDX-License-Identifier: MIT
#include "storage/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <unistd.h>
#include <utility>

#include "storage/migrations.h"

namespace histomark::storage {
namespace fs = std::filesystem;

namespace {

// SQLITE_TRANSIENT without the old-style cast of its macro: SQLite copies the bound text.
const sqlite3_destructor_type kTransient = reinterpret_cast<sqlite3_destructor_type>(intptr_t(-1));
constexpr int kBusyTimeoutMs = 2000;

// The text users see for SQLite's result codes that mean something about the file as a whole.
std::string describe(int rc, const std::string& sqliteMessage, const fs::path& file) {
    const std::string f = file.string();
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return f + " is in use by another program (the file is locked); close it there and try again";
        case SQLITE_NOTADB: return f + " is not a Histomark project: file is not a database";
        case SQLITE_CORRUPT: return f + " is damaged (" + sqliteMessage + ")";
        case SQLITE_FULL: {
            // SQLite says "database or disk is full" for both; with room on the disk it is the
            // file's own limit (a hand-edited id at 2^63 - 1, or the page limit).
            std::error_code ec;
            const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
            const auto space = fs::space(dir, ec);
            if (!ec && space.available > (uintmax_t(256) << 20))
                return f + " cannot take more: a limit of the file was reached (a row id at its largest, or the most pages "
                           "a file may have), not of the disk (" + sqliteMessage + ")";
            return f + ": the disk is full (" + sqliteMessage + ")";
        }
        case SQLITE_READONLY:
            // SQLite's "attempt to write a readonly database" says nothing more.
            return f + " is read-only (the file or its folder cannot be written); nothing was saved";
        case SQLITE_CANTOPEN: return "Cannot open " + f + " (" + sqliteMessage + ")";
        case SQLITE_IOERR: return f + ": cannot read or write the file (" + sqliteMessage + ")";
        default: return f + ": " + sqliteMessage;
    }
}

// True when the file starts like an SQLite 3 database; checked before SQLite sees the file.
bool hasSqliteHeader(const fs::path& file) {
    static constexpr char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    std::ifstream in(file, std::ios::binary);
    char head[16] = {};
    if (!in.read(head, sizeof head)) return false;
    return std::equal(std::begin(head), std::end(head), std::begin(kMagic));
}

// `<file>.v<N>.bak`, or `<file>.v<N>.<k>.bak` when an earlier backup already has that name.
fs::path backupName(const fs::path& file, int version) {
    const std::string base = file.string() + ".v" + std::to_string(version);
    fs::path candidate = base + ".bak";
    std::error_code ec;
    for (int k = 2; fs::exists(candidate, ec); ++k) candidate = base + "." + std::to_string(k) + ".bak";
    return candidate;
}

// The checks made before SQLite sees the file: it exists (or may be created), is a file, and
// starts like an SQLite database. Sets `exists`.
core::Status precheck(const fs::path& file, bool create, bool& exists) {
    if (file.empty()) return core::Error{"No project file given"};
    std::error_code ec;
    const auto status = fs::status(file, ec);
    exists = fs::exists(status);
    if (exists && fs::is_directory(status)) return core::Error{file.string() + " is a folder, not a Histomark project file"};
    if (!exists && !create) return core::Error{"No such project file: " + file.string()};
    if (!exists) {
        const fs::path parent = file.has_parent_path() ? file.parent_path() : fs::path(".");
        if (!fs::is_directory(parent, ec))
            return core::Error{"Cannot create project " + file.string() + ": the folder " + parent.string() + " does not exist"};
    } else {
        const auto size = fs::file_size(file, ec);
        if (ec) return core::Error{"Cannot read " + file.string() + ": " + ec.message()};
        if (size == 0 && !create) return core::Error{file.string() + " is not a Histomark project: the file is empty"};
        // Judged before SQLite opens it, so a foreign file is never touched (not even a -wal beside it).
        if (size > 0 && !hasSqliteHeader(file))
            return core::Error{file.string() + " is not a Histomark project: file is not a database"};
    }
    return {};
}

// `file:` URI of a path for sqlite3_open_v2 with SQLITE_OPEN_URI: '%', '?' and '#' escaped.
std::string fileUri(const fs::path& file, const char* query) {
    std::string uri = "file:";
    for (char c : fs::absolute(file).string()) {
        if (c == '%') uri += "%25";
        else if (c == '?') uri += "%3f";
        else if (c == '#') uri += "%23";
        else uri += c;
    }
    return uri + query;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Statement

Statement::Statement(Statement&& o) noexcept
    : m_stmt(std::exchange(o.m_stmt, nullptr)), m_db(o.m_db), m_lastCode(o.m_lastCode), m_bindError(std::move(o.m_bindError)) {}

Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(o.m_stmt, nullptr);
        m_db = o.m_db;
        m_lastCode = o.m_lastCode;
        m_bindError = std::move(o.m_bindError);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

void Statement::noteBindError(int rc) {
    if (rc != SQLITE_OK && m_bindError.empty()) m_bindError = std::string("cannot bind a value: ") + sqlite3_errstr(rc);
}

Statement& Statement::bind(int index, int64_t value) {
    noteBindError(sqlite3_bind_int64(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, double value) {
    noteBindError(sqlite3_bind_double(m_stmt, index, value));
    return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
    noteBindError(sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), kTransient, SQLITE_UTF8));
    return *this;
}
Statement& Statement::bind(int index, std::optional<double> value) { return value ? bind(index, *value) : bindNull(index); }
Statement& Statement::bindBlob(int index, std::string_view bytes) {
    noteBindError(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), kTransient));
    return *this;
}
Statement& Statement::bindNull(int index) {
    noteBindError(sqlite3_bind_null(m_stmt, index));
    return *this;
}

core::Result<bool> Statement::step() {
    if (!m_bindError.empty()) return core::Error{m_db->path().string() + ": " + m_bindError};
    m_lastCode = sqlite3_step(m_stmt);
    if (m_lastCode == SQLITE_ROW) return true;
    if (m_lastCode == SQLITE_DONE) return false;
    // The statement's own code is the extended one (SQLITE_CONSTRAINT_UNIQUE, ...).
    m_lastCode = sqlite3_extended_errcode(sqlite3_db_handle(m_stmt));
    return core::Error{describe(m_lastCode, m_db->sqliteMessage(), m_db->path())};
}

core::Status Statement::run() {
    for (;;) {
        auto r = step();
        if (!r) return core::Error{r.error()};
        if (!*r) return {};
    }
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_bindError.clear();
    m_lastCode = 0;
}

int64_t Statement::columnInt(int c) const { return sqlite3_column_int64(m_stmt, c); }
double Statement::columnDouble(int c) const { return sqlite3_column_double(m_stmt, c); }
std::string Statement::columnText(int c) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
    return text ? std::string(text, size_t(sqlite3_column_bytes(m_stmt, c))) : std::string();
}
std::string Statement::columnBlob(int c) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(m_stmt, c));
    return bytes ? std::string(bytes, size_t(sqlite3_column_bytes(m_stmt, c))) : std::string();
}
std::optional<double> Statement::columnOptionalDouble(int c) const {
    if (columnIsNull(c)) return std::nullopt;
    return columnDouble(c);
}
bool Statement::columnIsNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
bool Statement::failedOnUniqueConstraint() const {
    return m_lastCode == SQLITE_CONSTRAINT_UNIQUE || m_lastCode == SQLITE_CONSTRAINT_PRIMARYKEY;
}
bool Statement::failedOnForeignKey() const { return m_lastCode == SQLITE_CONSTRAINT_FOREIGNKEY; }

// ---------------------------------------------------------------------------------------------
// Database: opening

core::Result<std::unique_ptr<Database>> Database::open(const fs::path& file, bool create) {
    bool exists = false;
    if (auto s = precheck(file, create, exists); !s) return core::Error{s.error()};
    std::error_code ec;
    const bool hadWal = exists && fs::exists(file.string() + "-wal", ec);  // edits a crash left unmerged
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    std::unique_ptr<Database> db(new Database(raw, file));
    if (rc != SQLITE_OK) return core::Error{describe(rc, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc), file)};
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    if (sqlite3_db_readonly(raw, "main") == 1)
        return core::Error{file.string() + " is read-only: Histomark saves every edit as it happens and needs write access (commands that only read, and the window, open it as it is)"};

    bool fresh = false;
    if (auto s = db->checkExisting(fresh); !s) {
        // Closing would checkpoint edits waiting in the -wal into the refused file: leave both as found.
        if (hadWal) sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        return core::Error{s.error()};
    }
    // Opening an existing file is no licence to make it a project: an empty database stays as it was.
    if (fresh && exists && !create)
        return core::Error{file.string() + " is not a Histomark project: it is an empty SQLite database (left as it was)"};
    if (auto s = db->configure(); !s) return core::Error{s.error()};
    if (auto s = db->migrateTo(kSchemaVersion, fresh); !s) return core::Error{s.error()};
    return db;
}

core::Result<std::unique_ptr<Database>> Database::openReadOnly(const fs::path& file) {
    bool exists = false;
    if (auto s = precheck(file, false, exists); !s) return core::Error{s.error()};
    std::error_code ec;
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const bool hasWal = fs::exists(file.string() + "-wal", ec);
    // WAL readers share a -shm file beside the project, which a read-only folder has no room for,
    // and one created by a reader who may not write the project would lock its owner out later.
    // With no -wal there is no writer to share with: the file is read as it stands (immutable; a
    // writer starting meanwhile is not seen). A -wal there is read through its -shm if SQLite can.
    const bool folderWritable = ::access(dir.c_str(), W_OK) == 0;
    const std::string uri = fileUri(file, hasWal ? "?mode=ro" : "?mode=ro&immutable=1");
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(raw, file));
    db->m_readOnly = true;
    if (rc != SQLITE_OK) return core::Error{describe(rc, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc), file)};
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    bool fresh = false;
    if (auto s = db->checkExisting(fresh); !s) {
        // SQLite cannot make the -shm that a -wal needs: the only refusal to word otherwise.
        if (hasWal && !folderWritable && s.error().rfind("Cannot open ", 0) == 0)
            return core::Error{file.string() + " has edits not yet merged into it (its -wal file) and its folder is read-only: "
                                               "open it once with write access"};
        return core::Error{s.error()};
    }
    if (fresh) return core::Error{file.string() + " is not a Histomark project: it is an empty SQLite database"};
    auto version = db->pragmaInt("PRAGMA user_version");
    if (!version) return core::Error{version.error()};
    db->m_schemaVersion = int(*version);
    if (*version < kSchemaVersion)
        return core::Error{file.string() + " was saved by an older Histomark (schema " + std::to_string(*version) +
                           ") and cannot be written here, so it cannot be brought up to date (schema " +
                           std::to_string(kSchemaVersion) + "): open it once with write access, or copy it to a writable folder"};
    if (auto s = db->execScript("PRAGMA foreign_keys = ON; PRAGMA query_only = 1;"); !s) return core::Error{s.error()};
    return db;
}

core::Result<std::unique_ptr<Database>> Database::openInMemory() {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(raw, ":memory:"));
    if (rc != SQLITE_OK) return core::Error{describe(rc, sqlite3_errstr(rc), ":memory:")};
    sqlite3_extended_result_codes(raw, 1);
    if (auto s = db->configure(); !s) return core::Error{s.error()};
    if (auto s = db->migrateTo(kSchemaVersion, true); !s) return core::Error{s.error()};
    return db;
}

core::Result<std::unique_ptr<Database>> Database::createAtVersion(const fs::path& file, int version) {
    std::error_code ec;
    if (fs::exists(file, ec)) return core::Error{file.string() + " already exists"};
    if (version < 1 || version > kSchemaVersion) return core::Error{"No schema version " + std::to_string(version)};
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(raw, file));
    if (rc != SQLITE_OK) return core::Error{describe(rc, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc), file)};
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    if (auto s = db->configure(); !s) return core::Error{s.error()};
    if (auto s = db->migrateTo(version, true); !s) return core::Error{s.error()};
    return db;
}

Database::~Database() {
    // close_v2 defers the close until stray statements are finalized instead of failing.
    if (m_db) sqlite3_close_v2(m_db);
}

core::Result<int64_t> Database::pragmaInt(std::string_view pragma) const {
    auto st = prepare(pragma);
    if (!st) return core::Error{st.error()};
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    return *row ? st->columnInt(0) : int64_t(0);
}

// Everything here only reads: a file refused by these checks is left exactly as it was.
core::Status Database::checkExisting(bool& fresh) {
    auto appId = pragmaInt("PRAGMA application_id");
    if (!appId) return core::Error{appId.error()};
    auto version = pragmaInt("PRAGMA user_version");
    if (!version) return core::Error{version.error()};
    auto objects = pragmaInt("SELECT count(*) FROM sqlite_schema");
    if (!objects) return core::Error{objects.error()};
    const std::string f = m_path.string();
    fresh = *appId == 0 && *version == 0 && *objects == 0;
    if (fresh) return {};
    if (*appId != kApplicationId) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08x", unsigned(*appId));
        return core::Error{f + " is not a Histomark project: it is an SQLite database of another program (application id " +
                           id + ")"};
    }
    if (*version > kSchemaVersion)
        return core::Error{f + " was written by a newer Histomark (schema " + std::to_string(*version) +
                           ", this build reads up to " + std::to_string(kSchemaVersion) + "); it was not changed"};
    if (*version < 1) return core::Error{f + " is damaged: it has no schema version"};

    auto check = prepare("PRAGMA quick_check(3)");
    if (!check) return core::Error{check.error()};
    std::string problems;
    for (;;) {
        auto row = check->step();
        if (!row) return core::Error{row.error()};
        if (!*row) break;
        const std::string line = check->columnText(0);
        if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
    }
    if (!problems.empty()) return core::Error{f + " is damaged (" + problems + "); it was not changed"};

    // Probe the write lock now, so a project busy elsewhere is refused at open, not at the first edit.
    if (m_readOnly) return {};
    if (auto s = begin(); !s) return s;
    return rollback();
}

core::Status Database::configure() {
    auto mode = prepare("PRAGMA journal_mode = WAL");
    if (!mode) return core::Error{mode.error()};
    if (auto row = mode->step(); !row) return core::Error{row.error()};
    // FULL: a committed edit survives a power cut as well as a killed process.
    if (auto s = execScript("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"); !s) return s;
    return {};
}

core::Status Database::migrateTo(int target, bool fresh) {
    auto version = pragmaInt("PRAGMA user_version");
    if (!version) return core::Error{version.error()};
    m_schemaVersion = int(*version);
    if (m_schemaVersion >= target) return {};
    if (!fresh) {
        // A consistent copy (WAL content included) that an older Histomark build can still open.
        const fs::path backup = backupName(m_path, m_schemaVersion);
        auto st = prepare("VACUUM INTO ?1");
        if (!st) return core::Error{st.error()};
        st->bind(1, backup.string());
        if (auto s = st->run(); !s)
            return core::Error{"Cannot back up " + m_path.string() + " to " + backup.string() + " before upgrading it: " + s.error()};
        m_backup = backup;
    }
    const int before = m_schemaVersion;
    for (const Migration& m : migrations()) {
        if (m.version <= m_schemaVersion || m.version > target) continue;
        const std::string from = std::to_string(m_schemaVersion), to = std::to_string(m.version);
        auto fail = [&](const std::string& why) {
            // Nothing upgraded: the file is as it was, so the copy just made is one too many (a
            // file that cannot be upgraded would otherwise leave another copy at every open).
            if (m_schemaVersion == before && !m_backup.empty()) {
                std::error_code ec;
                fs::remove(m_backup, ec);
                m_backup.clear();
            }
            return core::Error{"Cannot upgrade " + m_path.string() + " from schema " + from + " to " + to + " (" +
                               m.description + "): " + why + "; the file was left at schema " + from};
        };
        Transaction tx(*this);
        if (!tx.status()) return fail(tx.status().error());
        if (auto s = execScript(m.sql); !s) return fail(s.error());
        // PRAGMA takes no bound parameters; these numbers are our own constants.
        std::string stamp = "PRAGMA user_version = " + to + ";";
        if (m.version == 1) stamp += "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
        if (auto s = execScript(stamp); !s) return fail(s.error());
        if (auto s = tx.commit(); !s) return fail(s.error());
        m_schemaVersion = m.version;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Database: statements and transactions

core::Result<Statement> Database::prepare(std::string_view sql) const {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), int(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return core::Error{describe(sqlite3_extended_errcode(m_db), sqliteMessage(), m_path)};
    }
    return Statement(stmt, this);
}

core::Status Database::execScript(std::string_view sql) {
    const char* pos = sql.data();
    const char* end = sql.data() + sql.size();
    while (pos < end) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v2(m_db, pos, int(end - pos), &raw, &tail);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(raw);
            return core::Error{describe(sqlite3_extended_errcode(m_db), sqliteMessage(), m_path)};
        }
        pos = tail;
        if (!raw) continue;  // whitespace or a comment
        Statement st(raw, this);
        if (auto s = st.run(); !s) return s;
    }
    return {};
}

// Read-only: a plain BEGIN, which takes no write lock (IMMEDIATE would be refused).
core::Status Database::begin() { return execScript(m_readOnly ? "BEGIN" : "BEGIN IMMEDIATE"); }
core::Status Database::commit() { return execScript("COMMIT"); }
core::Status Database::rollback() { return execScript("ROLLBACK"); }
bool Database::inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }
int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }
std::string Database::sqliteMessage() const { return m_db ? sqlite3_errmsg(m_db) : "out of memory"; }

core::Error Database::error(std::string_view what) const {
    return core::Error{std::string(what) + " (" + m_path.string() + "): " + sqliteMessage()};
}

int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Transaction::Transaction(Database& db) : m_db(db), m_nested(db.inTransaction()) {
    m_begin = m_nested ? m_db.execScript("SAVEPOINT hm_nested") : m_db.begin();
    m_open = m_begin.ok();
}

Transaction::~Transaction() {
    if (!m_open) return;
    if (m_nested) m_db.execScript("ROLLBACK TO hm_nested; RELEASE hm_nested;");
    else if (m_db.inTransaction()) m_db.rollback();  // SQLite may already have rolled back (e.g. disk full)
}

core::Status Transaction::commit() {
    if (!m_open) return m_begin.ok() ? core::Status::failure("transaction already finished") : m_begin;
    core::Status s = m_nested ? m_db.execScript("RELEASE hm_nested") : m_db.commit();
    if (s) m_open = false;
    return s;
}

core::Result<std::vector<std::string>> textColumn(Statement& st) {
    std::vector<std::string> out;
    for (;;) {
        auto row = st.step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        out.push_back(st.columnText(0));
    }
}

}  // namespace histomark::storage
