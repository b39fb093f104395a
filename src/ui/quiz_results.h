// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/quiz_tally.h"
#include "ui/case_actions.h"
#include "ui/case_session.h"
#include "ui/file_dialog.h"
#include "ui/workspace.h"

namespace histomark::ui {

// The educator's view of a teaching case: every learner's answer scored from the marks in memory
// (all readers' marks are loaded outside quiz mode) with the same core functions as `histomark
// teaching results`, so the two agree.
struct LearnerResult {
    std::string learner;
    std::optional<int64_t> submittedUnix;
    core::QuizTally tally;
    std::optional<int> count, referenceCount;  // in the reference's count area, when it placed one
};

// Empty with `pending` set while a slide's marks or scale are still loading; learners are every
// reader of the case's slides but the reference, and whoever submitted or recorded a reading.
std::vector<LearnerResult> learnerResults(CaseSession& s, Workspace& ws, std::string& pending);

// The "Teaching results" window (CaseSession::annotations.quiz.showResults), with the learner
// copies: write one, collect one back (chosen in `files`).
void drawQuizResults(CaseSession& s, Workspace& ws, CaseActions& actions, FileDialog& files);

}  // namespace histomark::ui
