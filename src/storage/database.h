// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// SQLite's handles, forward-declared so that only storage's .cpp files include sqlite3.h.
struct sqlite3;
struct sqlite3_stmt;

namespace histomark::storage {

class Database;

// The schema this build writes; files with a higher `PRAGMA user_version` are refused untouched.
inline constexpr int kSchemaVersion = 6;
// `PRAGMA application_id` of every Histomark project ("HMRK"): tells our files from other SQLite files.
inline constexpr int32_t kApplicationId = 0x484D524B;

// One prepared statement (RAII; finalized on destruction). Parameters are 1-based, columns 0-based.
// Bind errors are remembered and reported by the next step()/run(). Not thread-safe: statements
// belong to their Database's thread.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, int64_t(value)); }
    Statement& bind(int index, bool value) { return bind(index, int64_t(value ? 1 : 0)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);  // copied by SQLite
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::optional<double> value);  // nullopt = NULL
    Statement& bindNull(int index);
    Statement& bindBlob(int index, std::string_view bytes);  // copied by SQLite

    // Next row: true = a row is available, false = done. An error names the database file.
    core::Result<bool> step();
    // Steps to the end (for INSERT/UPDATE/DELETE).
    core::Status run();
    void reset();  // to run again with new bindings

    int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;  // NULL reads as ""
    std::string columnBlob(int column) const;  // the bytes; NULL reads as empty
    std::optional<double> columnOptionalDouble(int column) const;
    bool columnIsNull(int column) const;

    // SQLite's extended result code of the last step() (SQLITE_CONSTRAINT_UNIQUE tells a duplicate).
    int lastResultCode() const { return m_lastCode; }
    bool failedOnUniqueConstraint() const;
    bool failedOnForeignKey() const;

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, const Database* db) : m_stmt(stmt), m_db(db) {}
    void noteBindError(int rc);
    sqlite3_stmt* m_stmt = nullptr;
    const Database* m_db = nullptr;
    int m_lastCode = 0;
    std::string m_bindError;
};

// RAII over one SQLite connection to a project file. Not thread-safe: a Database belongs to the
// thread that opened it (the storage thread, see StorageThread); every sqlite3 call stays there.
//
// Opening checks, before anything is written: the file is an SQLite database ("... is not a
// Histomark project: file is not a database"), it is ours (`application_id`), it passes
// `PRAGMA quick_check`, its schema is not newer than kSchemaVersion, and it is not locked by
// another connection (2 s busy timeout, then "... is in use by another program"). Then it turns
// on WAL, synchronous=FULL and foreign keys, and migrates an older schema forward, one transaction
// per step, after copying the file to `<file>.v<N>.bak`. A refused file is never modified.
class Database {
public:
    // Opens `file`; with `create`, a missing (or empty) file becomes a new project.
    static core::Result<std::unique_ptr<Database>> open(const std::filesystem::path& file, bool create = true);
    // Opens an existing project for reading only (a read-only file, folder or disk): no WAL set-up,
    // no migration (an older schema is refused with a message), every write fails with "... is
    // read-only ...; nothing was saved". Transactions take no write lock.
    static core::Result<std::unique_ptr<Database>> openReadOnly(const std::filesystem::path& file);
    // A private in-memory project at the current schema (repository tests).
    static core::Result<std::unique_ptr<Database>> openInMemory();
    // Test support: creates a NEW file with only the migrations up to `version`, as an older
    // Histomark build would have written it. Fails if the file exists.
    static core::Result<std::unique_ptr<Database>> createAtVersion(const std::filesystem::path& file, int version);

    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Prepared statements only: values go through bind(), never into the SQL text.
    core::Result<Statement> prepare(std::string_view sql) const;
    // Runs every statement of a constant script (schema migrations); no parameters.
    core::Status execScript(std::string_view sql);

    // Transactions. begin() takes the write lock at once (BEGIN IMMEDIATE), so a write inside
    // never fails half-way on a lock; commit() returns only after the data is durable.
    core::Status begin();
    core::Status commit();
    core::Status rollback();
    bool inTransaction() const;

    int64_t lastInsertRowId() const;
    int changes() const;  // rows changed by the last INSERT/UPDATE/DELETE
    int schemaVersion() const { return m_schemaVersion; }
    bool readOnly() const { return m_readOnly; }
    const std::filesystem::path& path() const { return m_path; }
    // The backup written before the last migration of an existing file (empty if none).
    const std::filesystem::path& migrationBackup() const { return m_backup; }

    // "<what> (<file>): <SQLite's message>", for errors on this connection.
    core::Error error(std::string_view what) const;
    std::string sqliteMessage() const;

private:
    friend class Statement;
    Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) {}
    core::Result<int64_t> pragmaInt(std::string_view pragma) const;
    core::Status checkExisting(bool& fresh);
    core::Status configure();
    core::Status migrateTo(int target, bool fresh);

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::filesystem::path m_backup;
    int m_schemaVersion = 0;
    bool m_readOnly = false;
};

// Steps `st` to the end, collecting its first column as text (lists of names).
core::Result<std::vector<std::string>> textColumn(Statement& st);

// Seconds since 1970 (UTC): the created/modified stamps of the project.
int64_t unixNow();

// Undoes an open transaction unless commit() is called: early returns and errors roll back.
// Inside another transaction it is a SAVEPOINT, so nested work rolls back on its own.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    const core::Status& status() const { return m_begin; }  // begin's outcome
    core::Status commit();

private:
    Database& m_db;
    core::Status m_begin;
    bool m_open = false;
    bool m_nested = false;
};

}  // namespace histomark::storage
