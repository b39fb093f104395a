// SPDX-License-Identifier: MIT
// A second, independent SQLite connection for storage tests: it plays "another program" (locks,
// foreign databases) and checks what Histomark wrote without going through its own code.
#pragma once
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/test_data.h"  // fileBytes, writeBytes

namespace histomark::test {

class RawSqlite {
public:
    explicit RawSqlite(const std::filesystem::path& file) {
        sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    }
    ~RawSqlite() { sqlite3_close_v2(m_db); }
    RawSqlite(const RawSqlite&) = delete;
    RawSqlite& operator=(const RawSqlite&) = delete;

    int exec(const std::string& sql) { return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr); }
    std::string error() const { return sqlite3_errmsg(m_db); }
    // First column of the first row as text ("" when there is no row).
    std::string text(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            const auto* t = sqlite3_column_text(st, 0);
            if (t) out = reinterpret_cast<const char*>(t);
        }
        sqlite3_finalize(st);
        return out;
    }
    long long integer(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        long long out = -1;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            out = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return out;
    }

private:
    sqlite3* m_db = nullptr;
};

}  // namespace histomark::test
