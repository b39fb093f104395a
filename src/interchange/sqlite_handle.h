// SPDX-License-Identifier: MIT
#pragma once
// SQLite handles for the SlideRunner reader and writer; not part of this layer's interface.
#include <sqlite3.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <string>

namespace histomark::interchange::detail {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtCloser {
    void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

// A file: URI for the path, its bytes percent-encoded (SQLite's URI parser reads '?' and '#').
inline std::string sqliteUri(const std::filesystem::path& path, const std::string& query = "") {
    static const char* hex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : std::filesystem::absolute(path).string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') uri += char(c);
        else uri += '%', uri += hex[c >> 4], uri += hex[c & 15];
    }
    return query.empty() ? uri : uri + "?" + query;
}

inline std::string columnText(sqlite3_stmt* st, int col) {
    const unsigned char* t = sqlite3_column_text(st, col);
    return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace histomark::interchange::detail
