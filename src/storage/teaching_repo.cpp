// SPDX-License-Identifier: MIT
#include "storage/teaching_repo.h"

#include <ctime>

#include "storage/database.h"

namespace histomark::storage {
namespace {

int64_t nowOr(int64_t t) { return t ? t : int64_t(std::time(nullptr)); }

core::TeachingCase readCase(Statement& st) {
    return {st.columnInt(0), st.columnText(1), st.columnText(2), st.columnInt(3)};
}

core::QuizSubmission readSubmission(Statement& st) { return {st.columnInt(0), st.columnText(1), st.columnInt(2)}; }

template <class T, class Read>
core::Result<std::vector<T>> all(Statement& st, Read read) {
    std::vector<T> out;
    for (;;) {
        auto row = st.step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        out.push_back(read(st));
    }
}

}  // namespace

core::Status TeachingRepo::put(const core::TeachingCase& t) {
    if (t.referenceReader.empty()) return core::Status::failure("A teaching case needs a reference reader (whose marks are the answer)");
    auto exists = m_db.prepare("SELECT 1 FROM cases WHERE id = ?1");
    if (!exists) return core::Error{exists.error()};
    exists->bind(1, t.caseId);
    auto row = exists->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return core::Status::failure("No case with id " + std::to_string(t.caseId));
    auto st = m_db.prepare(
        "INSERT INTO teaching_cases (case_id, reference_reader, question, modified_unix) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(case_id) DO UPDATE SET reference_reader = excluded.reference_reader, question = excluded.question, "
        "modified_unix = excluded.modified_unix");
    if (!st) return core::Error{st.error()};
    st->bind(1, t.caseId).bind(2, t.referenceReader).bind(3, t.question).bind(4, nowOr(t.modifiedUnix));
    return st->run();
}

core::Result<std::optional<core::TeachingCase>> TeachingRepo::get(core::CaseId caseId) {
    auto st = m_db.prepare("SELECT case_id, reference_reader, question, modified_unix FROM teaching_cases WHERE case_id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<core::TeachingCase>();
    return std::optional<core::TeachingCase>(readCase(*st));
}

core::Status TeachingRepo::remove(core::CaseId caseId) {
    auto st = m_db.prepare("DELETE FROM teaching_cases WHERE case_id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return st->run();
}

core::Result<std::vector<core::TeachingCase>> TeachingRepo::list() {
    auto st = m_db.prepare("SELECT case_id, reference_reader, question, modified_unix FROM teaching_cases ORDER BY case_id");
    if (!st) return core::Error{st.error()};
    return all<core::TeachingCase>(*st, readCase);
}

core::Status TeachingRepo::submit(const core::QuizSubmission& s) {
    if (s.learner.empty()) return core::Status::failure("A submission needs the learner's name");
    auto teaching = get(s.caseId);
    if (!teaching) return core::Error{teaching.error()};
    if (!*teaching) return core::Status::failure("Case " + std::to_string(s.caseId) + " is not a teaching case");
    auto st = m_db.prepare("INSERT OR IGNORE INTO quiz_submissions (case_id, learner, submitted_unix) VALUES (?1, ?2, ?3)");
    if (!st) return core::Error{st.error()};
    st->bind(1, s.caseId).bind(2, s.learner).bind(3, nowOr(s.submittedUnix));
    return st->run();
}

core::Result<std::optional<core::QuizSubmission>> TeachingRepo::submission(core::CaseId caseId, const std::string& learner) {
    auto st = m_db.prepare("SELECT case_id, learner, submitted_unix FROM quiz_submissions WHERE case_id = ?1 AND learner = ?2");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId).bind(2, learner);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<core::QuizSubmission>();
    return std::optional<core::QuizSubmission>(readSubmission(*st));
}

core::Result<std::vector<core::QuizSubmission>> TeachingRepo::submissions(core::CaseId caseId) {
    auto st = m_db.prepare(
        "SELECT case_id, learner, submitted_unix FROM quiz_submissions WHERE case_id = ?1 ORDER BY submitted_unix, learner");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return all<core::QuizSubmission>(*st, readSubmission);
}

core::Result<bool> TeachingRepo::reopen(core::CaseId caseId, const std::string& learner) {
    auto had = submission(caseId, learner);
    if (!had) return core::Error{had.error()};
    auto st = m_db.prepare("DELETE FROM quiz_submissions WHERE case_id = ?1 AND learner = ?2");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId).bind(2, learner);
    if (auto s = st->run(); !s) return core::Error{s.error()};
    return had->has_value();
}

}  // namespace histomark::storage
