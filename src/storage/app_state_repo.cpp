// SPDX-License-Identifier: MIT
#include "storage/app_state_repo.h"

#include "storage/database.h"

namespace histomark::storage {

core::Result<std::optional<std::string>> AppStateRepo::get(const std::string& key) {
    auto st = m_db.prepare("SELECT value FROM app_state WHERE key = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, key);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(st->columnText(0));
}

core::Status AppStateRepo::set(const std::string& key, const std::string& value) {
    auto st = m_db.prepare("INSERT INTO app_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st) return core::Error{st.error()};
    st->bind(1, key).bind(2, value);
    return st->run();
}

core::Status AppStateRepo::remove(const std::string& key) {
    auto st = m_db.prepare("DELETE FROM app_state WHERE key = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, key);
    return st->run();
}

}  // namespace histomark::storage
