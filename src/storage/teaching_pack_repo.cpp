// SPDX-License-Identifier: MIT
#include "storage/teaching_pack_repo.h"

#include "storage/database.h"

namespace histomark::storage {

core::Result<std::string> TeachingPackRepo::projectId() {
    auto st = m_db.prepare("SELECT uuid FROM project_identity WHERE id = 1");
    if (!st) return core::Error{st.error()};
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return core::Error{"The project has no identity (" + m_db.path().string() + ")"};
    return st->columnText(0);
}

core::Status TeachingPackRepo::setProjectId(const std::string& id) {
    auto st = m_db.prepare("INSERT INTO project_identity (id, uuid) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    return st->run();
}

core::Result<std::optional<core::TeachingPack>> TeachingPackRepo::info() {
    auto st = m_db.prepare("SELECT source_project, answers_included, created_unix FROM teaching_pack WHERE id = 1");
    if (!st) return core::Error{st.error()};
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<core::TeachingPack>();
    return std::optional<core::TeachingPack>(core::TeachingPack{st->columnText(0), st->columnInt(1) != 0, st->columnInt(2)});
}

core::Status TeachingPackRepo::setInfo(const core::TeachingPack& pack) {
    auto st = m_db.prepare(
        "INSERT INTO teaching_pack (id, source_project, answers_included, created_unix) VALUES (1, ?1, ?2, ?3) "
        "ON CONFLICT (id) DO UPDATE SET source_project = excluded.source_project, answers_included = excluded.answers_included, "
        "created_unix = excluded.created_unix");
    if (!st) return core::Error{st.error()};
    st->bind(1, pack.sourceProject).bind(2, pack.answersIncluded).bind(3, pack.createdUnix ? pack.createdUnix : unixNow());
    return st->run();
}

core::Result<std::vector<std::string>> TeachingPackRepo::regionClasses(core::CaseSlideId slide) {
    auto st = m_db.prepare("SELECT class_name FROM teaching_pack_regions WHERE slide_id = ?1 ORDER BY position");
    if (!st) return core::Error{st.error()};
    st->bind(1, int64_t(slide));
    return textColumn(*st);
}

core::Status TeachingPackRepo::setRegionClasses(core::CaseSlideId slide, const std::vector<std::string>& classes) {
    auto clear = m_db.prepare("DELETE FROM teaching_pack_regions WHERE slide_id = ?1");
    if (!clear) return core::Error{clear.error()};
    clear->bind(1, int64_t(slide));
    if (auto s = clear->run(); !s) return s;
    auto st = m_db.prepare("INSERT INTO teaching_pack_regions (slide_id, position, class_name) VALUES (?1, ?2, ?3)");
    if (!st) return core::Error{st.error()};
    for (size_t i = 0; i < classes.size(); ++i) {
        st->reset();
        st->bind(1, int64_t(slide)).bind(2, int64_t(i)).bind(3, classes[i]);
        if (auto s = st->run(); !s) return s;
    }
    return core::Status{};
}

}  // namespace histomark::storage
