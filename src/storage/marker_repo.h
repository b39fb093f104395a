// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
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

    // A learner's readings in a quiz (schema 5, quiz_marker_answers): the same record, kept apart
    // from the slide's own (which is the reference answer); `record.reader` is the learner.
    core::Status putAnswer(const core::MarkerRecord& record);
    core::Status removeAnswer(core::CaseSlideId slide, const std::string& learner);
    core::Result<std::vector<core::MarkerRecord>> answersForCase(core::CaseId caseId, const std::string& learner);
    core::Result<std::vector<std::string>> answerLearners(core::CaseId caseId);  // who recorded a reading, sorted
    core::Result<std::vector<core::MarkerRecord>> allAnswersForCase(core::CaseId caseId);  // every learner's

private:
    static core::Result<core::MarkerRecord> read(Statement& st);
    static core::Result<std::vector<core::MarkerRecord>> readAll(Statement& st);
    core::Status store(const core::MarkerRecord& record, bool answer);  // into marker_records or quiz_marker_answers
    Database& m_db;
};

}  // namespace histomark::storage
