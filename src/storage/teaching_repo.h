// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/teaching_case.h"

namespace histomark::storage {

class Database;

// Teaching cases and learners' submissions (schema 5, docs/project-format.md). Synchronous, inside
// the caller's transaction (Project::transact).
class TeachingRepo {
public:
    explicit TeachingRepo(Database& db) : m_db(db) {}

    // Makes the case a teaching case, or changes its reference reader or question (modifiedUnix 0 =
    // now). Fails on "No case with id N" and on an empty reference reader.
    core::Status put(const core::TeachingCase& teaching);
    core::Result<std::optional<core::TeachingCase>> get(core::CaseId caseId);
    // The case is an ordinary case again; its submissions go with it. Nothing to remove is not an error.
    core::Status remove(core::CaseId caseId);
    // Every teaching case, by case id (the order of the set).
    core::Result<std::vector<core::TeachingCase>> list();

    // Hands the learner's answer in (submittedUnix 0 = now). Fails on an unknown teaching case and
    // on an empty learner name; a second submission keeps the first one's time.
    core::Status submit(const core::QuizSubmission& submission);
    core::Result<std::optional<core::QuizSubmission>> submission(core::CaseId caseId, const std::string& learner);
    core::Result<std::vector<core::QuizSubmission>> submissions(core::CaseId caseId);  // by time
    // The educator lets a learner try again (true = there was a submission).
    core::Result<bool> reopen(core::CaseId caseId, const std::string& learner);

private:
    Database& m_db;
};

}  // namespace histomark::storage
