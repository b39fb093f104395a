// SPDX-License-Identifier: MIT
#include "storage/marker_repo.h"

#include <ctime>

#include "storage/database.h"

namespace histomark::storage {
namespace {

constexpr const char* kColumns =
    "m.slide_id, m.marker, m.result, m.intensity, m.extent_percent, m.distribution, m.compartments, "
    "m.internal_control, m.external_control, m.comment, m.reader, m.modified_unix, m.h_score";
// The same, from quiz_marker_answers (its learner in the reader's place).
constexpr const char* kAnswerColumns =
    "m.slide_id, m.marker, m.result, m.intensity, m.extent_percent, m.distribution, m.compartments, "
    "m.internal_control, m.external_control, m.comment, m.learner, m.modified_unix, m.h_score";

std::optional<bool> optionalBool(Statement& st, int c) {
    if (st.columnIsNull(c)) return std::nullopt;
    return st.columnInt(c) != 0;
}

}  // namespace

core::Result<core::MarkerRecord> MarkerRepo::read(Statement& st) {
    core::MarkerRecord r;
    r.slide = st.columnInt(0);
    r.marker = st.columnText(1);
    const auto result = core::parseMarkerResult(st.columnText(2));
    const auto distribution = core::parseDistribution(st.columnText(5));
    if (!result || !distribution) return core::Error{"The marker record of slide " + std::to_string(r.slide) + " cannot be read"};
    r.result = *result;
    if (!st.columnIsNull(3)) r.intensity = int(st.columnInt(3));
    r.extentPercent = st.columnOptionalDouble(4);
    r.distribution = *distribution;
    r.compartments = uint8_t(st.columnInt(6) & 7);
    r.internalControlOk = optionalBool(st, 7);
    r.externalControlOk = optionalBool(st, 8);
    r.comment = st.columnText(9);
    r.reader = st.columnText(10);
    r.modifiedUnix = st.columnInt(11);
    r.hScore = st.columnOptionalDouble(12);
    return r;
}

core::Result<std::optional<core::MarkerRecord>> MarkerRepo::get(core::CaseSlideId slide) {
    auto st = m_db.prepare(std::string("SELECT ") + kColumns + " FROM marker_records m WHERE m.slide_id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide);
    auto row = st->step();
    if (!row) return core::Error{row.error()};
    if (!*row) return std::optional<core::MarkerRecord>();
    auto r = read(*st);
    if (!r) return core::Error{r.error()};
    return std::optional<core::MarkerRecord>(std::move(*r));
}

core::Status MarkerRepo::put(const core::MarkerRecord& r) { return store(r, false); }

core::Status MarkerRepo::putAnswer(const core::MarkerRecord& r) {
    if (r.reader.empty()) return core::Status::failure("A learner's reading needs the learner's name");
    return store(r, true);
}

core::Status MarkerRepo::store(const core::MarkerRecord& r, bool answer) {
    if (auto problem = core::markerRecordProblem(r)) return core::Status::failure("Cannot save the marker record: " + *problem);
    {
        auto exists = m_db.prepare("SELECT 1 FROM slides WHERE id = ?1");
        if (!exists) return core::Error{exists.error()};
        exists->bind(1, r.slide);
        auto row = exists->step();
        if (!row) return core::Error{row.error()};
        if (!*row) return core::Status::failure("No slide with id " + std::to_string(r.slide));
    }
    auto st = m_db.prepare(std::string("INSERT OR REPLACE INTO ") + (answer ? "quiz_marker_answers" : "marker_records") +
                           " (slide_id, marker, result, intensity, extent_percent, distribution, compartments, internal_control, "
                           "external_control, comment, " + (answer ? "learner" : "reader") +
                           ", modified_unix, h_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!st) return core::Error{st.error()};
    st->bind(1, r.slide).bind(2, r.marker).bind(3, core::markerResultName(r.result));
    r.intensity ? st->bind(4, *r.intensity) : st->bindNull(4);
    st->bind(5, r.extentPercent).bind(6, core::distributionName(r.distribution)).bind(7, int(r.compartments));
    r.internalControlOk ? st->bind(8, *r.internalControlOk) : st->bindNull(8);
    r.externalControlOk ? st->bind(9, *r.externalControlOk) : st->bindNull(9);
    st->bind(10, r.comment).bind(11, r.reader).bind(12, r.modifiedUnix ? r.modifiedUnix : int64_t(std::time(nullptr)));
    st->bind(13, r.hScore);
    return st->run();
}

core::Status MarkerRepo::remove(core::CaseSlideId slide) {
    auto st = m_db.prepare("DELETE FROM marker_records WHERE slide_id = ?1");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide);
    return st->run();
}

core::Result<std::vector<core::MarkerRecord>> MarkerRepo::listForCase(core::CaseId caseId) {
    auto st = m_db.prepare(std::string("SELECT ") + kColumns +
                           " FROM marker_records m JOIN slides s ON s.id = m.slide_id WHERE s.case_id = ?1 "
                           "ORDER BY s.position, s.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return readAll(*st);
}

core::Result<std::vector<core::MarkerRecord>> MarkerRepo::answersForCase(core::CaseId caseId, const std::string& learner) {
    auto st = m_db.prepare(std::string("SELECT ") + kAnswerColumns +
                           " FROM quiz_marker_answers m JOIN slides s ON s.id = m.slide_id WHERE s.case_id = ?1 "
                           "AND m.learner = ?2 ORDER BY s.position, s.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId).bind(2, learner);
    return readAll(*st);
}

core::Result<std::vector<core::MarkerRecord>> MarkerRepo::allAnswersForCase(core::CaseId caseId) {
    auto st = m_db.prepare(std::string("SELECT ") + kAnswerColumns +
                           " FROM quiz_marker_answers m JOIN slides s ON s.id = m.slide_id WHERE s.case_id = ?1 "
                           "ORDER BY m.learner, s.position, s.id");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return readAll(*st);
}

core::Result<std::vector<std::string>> MarkerRepo::answerLearners(core::CaseId caseId) {
    auto st = m_db.prepare(
        "SELECT DISTINCT m.learner FROM quiz_marker_answers m JOIN slides s ON s.id = m.slide_id WHERE s.case_id = ?1 ORDER BY m.learner");
    if (!st) return core::Error{st.error()};
    st->bind(1, caseId);
    return textColumn(*st);
}

core::Status MarkerRepo::removeAnswer(core::CaseSlideId slide, const std::string& learner) {
    auto st = m_db.prepare("DELETE FROM quiz_marker_answers WHERE slide_id = ?1 AND learner = ?2");
    if (!st) return core::Error{st.error()};
    st->bind(1, slide).bind(2, learner);
    return st->run();
}

core::Result<std::vector<core::MarkerRecord>> MarkerRepo::readAll(Statement& st) {
    std::vector<core::MarkerRecord> out;
    for (;;) {
        auto row = st.step();
        if (!row) return core::Error{row.error()};
        if (!*row) return out;
        auto r = read(st);
        if (!r) return core::Error{r.error()};
        out.push_back(std::move(*r));
    }
}

}  // namespace histomark::storage
