// SPDX-License-Identifier: MIT
#include "storage/case_repo.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/stain.h"
#include "storage/database.h"

namespace histomark::storage {
namespace {

constexpr const char* kColumns = "id, accession, site, diagnosis, summary, created_unix, modified_unix";

core::CaseRecord readCase(const Statement& st) {
    core::CaseRecord r;
    r.id = st.columnInt(0);
    r.accession = st.columnText(1);
    r.site = st.columnText(2);
    r.diagnosisNote = st.columnText(3);
    r.clinicalSummary = st.columnText(4);
    r.createdUnix = st.columnInt(5);
    r.modifiedUnix = st.columnInt(6);
    return r;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

core::Error noSuchCase(core::CaseId id) { return core::Error{"No case with id " + std::to_string(id)}; }

}  // namespace

core::Result<core::CaseId> CaseRepo::create(const core::CaseRecord& in) {
    const std::string accession = trimmed(in.accession);
    if (accession.empty()) return core::Error{"A case needs an accession number"};
    auto st = m_db.prepare(
        "INSERT INTO cases (accession, site, diagnosis, summary, created_unix, modified_unix) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return core::Error{st.error()};
    const int64_t now = unixNow();
    st->bind(1, accession).bind(2, in.site).bind(3, in.diagnosisNote).bind(4, in.clinicalSummary);
    st->bind(5, in.createdUnix ? in.createdUnix : now).bind(6, in.modifiedUnix ? in.modifiedUnix : now);
    if (auto s = st->run(); !s) {
        if (st->failedOnUniqueConstraint()) return core::Error{"A case with accession " + accession + " already exists"};
        return core::Error{s.error()};
    }
    return m_db.lastInsertRowId();
}

core::Status CaseRepo::update(const core::CaseRecord& in) {
    const std::string accession = trimmed(in.accession);
    if (accession.empty()) return core::Error{"A case needs an accession number"};
    auto st = m_db.prepare(
        "UPDATE cases SET accession = ?2, site = ?3, diagnosis = ?4, summary = ?5, modified_unix = ?6 WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, in.id).bind(2, accession).bind(3, in.site).bind(4, in.diagnosisNote).bind(5, in.clinicalSummary);
    st->bind(6, unixNow());
    if (auto s = st->run(); !s) {
        if (st->failedOnUniqueConstraint()) return core::Error{"A case with accession " + accession + " already exists"};
        return s;
    }
    if (m_db.changes() == 0) return noSuchCase(in.id);
    return {};
}

core::Status CaseRepo::remove(core::CaseId id) {
    auto st = m_db.prepare("DELETE FROM cases WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    if (auto s = st->run(); !s) return s;
    if (m_db.changes() == 0) return noSuchCase(id);
    return {};
}

core::Result<core::CaseRecord> CaseRepo::get(core::CaseId id) {
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + " FROM cases WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return noSuchCase(id);
    return readCase(*st);
}

core::Result<std::optional<core::CaseRecord>> CaseRepo::findByAccession(const std::string& accession) {
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + " FROM cases WHERE accession = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, trimmed(accession));
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<core::CaseRecord>();
    return std::optional<core::CaseRecord>(readCase(*st));
}

core::Status CaseRepo::touch(core::CaseId id) {
    auto st = m_db.prepare("UPDATE cases SET modified_unix = ?2 WHERE id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, id).bind(2, unixNow());
    return st->run();
}

core::Result<std::vector<CaseSummary>> CaseRepo::list(const CaseFilter& filter) {
    // lower() folds ASCII only; accessions, sites and stain names are ASCII in practice.
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + R"sql( FROM cases c
        WHERE (?1 = '' OR instr(lower(accession), lower(?1)) > 0 OR instr(lower(site), lower(?1)) > 0
               OR instr(lower(diagnosis), lower(?1)) > 0 OR instr(lower(summary), lower(?1)) > 0)
          AND (?2 = '' OR EXISTS (SELECT 1 FROM slides s WHERE s.case_id = c.id AND s.stain = ?2 COLLATE NOCASE))
        ORDER BY modified_unix DESC, id DESC)sql");
    if (!st) return core::Error{st.error()};
    st->bind(1, trimmed(filter.text)).bind(2, core::canonicalStain(filter.stain));
    std::vector<CaseSummary> out;
    std::map<core::CaseId, size_t> index;
    for (;;) {
        auto row = st->step();
        if (!row) return core::Error{row.error()};
        if (!*row) break;
        index[st->columnInt(0)] = out.size();
        out.push_back(CaseSummary{readCase(*st), 0, {}, -1});
    }
    if (out.empty()) return out;

    auto slides = m_db.prepare("SELECT case_id, stain, path FROM slides ORDER BY case_id, position, id");
    if (!slides) return core::Error{slides.error()};
    const bool checkFiles = filter.checkFiles || filter.onlyWithMissingSlides;
    if (checkFiles)
        for (auto& c : out) c.missingSlides = 0;
    for (;;) {
        auto row = slides->step();
        if (!row) return core::Error{row.error()};
        if (!*row) break;
        auto it = index.find(slides->columnInt(0));
        if (it == index.end()) continue;
        CaseSummary& c = out[it->second];
        ++c.slideCount;
        const std::string stain = slides->columnText(1);
        if (!stain.empty() && std::find(c.stains.begin(), c.stains.end(), stain) == c.stains.end()) c.stains.push_back(stain);
        std::error_code ec;
        if (checkFiles && !std::filesystem::exists(slides->columnText(2), ec)) ++c.missingSlides;
    }
    if (filter.onlyWithMissingSlides)
        std::erase_if(out, [](const CaseSummary& c) { return c.missingSlides <= 0; });
    return out;
}

core::Result<core::CaseRecord> CaseRepo::resolve(const std::string& ref) {
    const bool digits = !ref.empty() && ref.size() < 19 && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits)
        if (auto byId = get(std::stoll(ref)); byId) return byId;
    auto byAccession = findByAccession(ref);
    if (!byAccession) return core::Error{byAccession.error()};
    if (!*byAccession) return core::Error{"No case '" + ref + "' in this project (give its id or accession, as the case list shows them)"};
    return **byAccession;
}

}  // namespace histomark::storage
