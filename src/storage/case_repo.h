// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/result.h"

namespace histomark::storage {

class Database;

// What the case list asks for. Empty fields do not filter.
struct CaseFilter {
    std::string text;   // part of the accession, site, diagnosis or summary (ASCII case-insensitive)
    std::string stain;  // the case has a slide with this stain (canonicalised, e.g. "ki67" = "Ki-67")
    bool onlyWithMissingSlides = false;  // a slide's file is not where it was recorded (checks the disk)
    bool checkFiles = false;             // count missing files for every listed case (checks the disk)
};

// One row of the case list.
struct CaseSummary {
    core::CaseRecord record;
    int slideCount = 0;
    std::vector<std::string> stains;  // distinct, in slide order, untagged slides left out
    int missingSlides = -1;           // files not found; -1 = not checked (see CaseFilter)
};

// Cases of a project. Synchronous: runs on the storage thread, on the Database it is given, inside
// the caller's transaction (Project::transact). Errors are messages fit for the user.
class CaseRepo {
public:
    explicit CaseRepo(Database& db) : m_db(db) {}

    // Stores a new case; created/modified default to now. The accession must be non-empty and
    // unique in the project (case-insensitive): a duplicate is refused with a message naming it.
    core::Result<core::CaseId> create(const core::CaseRecord& record);
    // Rewrites the accession, site, diagnosis and summary of `record.id`; modified = now.
    core::Status update(const core::CaseRecord& record);
    // Deletes the case and, with it, its slides and their view states.
    core::Status remove(core::CaseId id);
    core::Result<core::CaseRecord> get(core::CaseId id);
    core::Result<std::optional<core::CaseRecord>> findByAccession(const std::string& accession);
    // A case as users name it (`--case`): an all-digit text is tried as an id first, then as an
    // accession. "No case 'X' in this project (...)" when neither matches.
    core::Result<core::CaseRecord> resolve(const std::string& ref);
    // Matching cases, most recently modified first.
    core::Result<std::vector<CaseSummary>> list(const CaseFilter& filter = {});
    // Sets modified = now (the slide repository calls it when a slide of the case changes).
    core::Status touch(core::CaseId id);

private:
    Database& m_db;
};

}  // namespace histomark::storage
