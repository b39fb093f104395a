// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>

#include "core/result.h"

namespace histomark::storage {

class Database;

// Small key/value texts that belong to the project rather than to the user: which case was open,
// the case list's filter, window layout. Synchronous: runs on the storage thread.
class AppStateRepo {
public:
    explicit AppStateRepo(Database& db) : m_db(db) {}

    core::Result<std::optional<std::string>> get(const std::string& key);  // nullopt = never set
    core::Status set(const std::string& key, const std::string& value);
    core::Status remove(const std::string& key);  // absent keys are fine

private:
    Database& m_db;
};

}  // namespace histomark::storage
