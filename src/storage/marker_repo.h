// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <vector>

#include "core/marker_record.h"
#include "core/result.h"

namespace histomark::storage {

class Database;
class Statement;

// The IHC marker record of each slide (schema 4, docs/project-format.md): one per slide, replaced
// as a whole on every edit. Synchronous, inside the caller's transaction (Project::transact).
class MarkerRepo {
public:
    explicit MarkerRepo(Database& db) : m_db(db) {}

    core::Result<std::optional<core::MarkerRecord>> get(core::CaseSlideId slide);
    // Stores the record (modifiedUnix 0 = now). Fails on core::markerRecordProblem, "No slide with id N".
    core::Status put(const core::MarkerRecord& record);
    core::Status remove(core::CaseSlideId slide);  // nothing recorded is not an error
    // The case's records in the slides' grid order.
    core::Result<std::vector<core::MarkerRecord>> listForCase(core::CaseId caseId);

private:
    static core::Result<core::MarkerRecord> read(Statement& st);
    Database& m_db;
};

}  // namespace histomark::storage
