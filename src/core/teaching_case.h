// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

#include "core/case_model.h"

namespace histomark::core {

// A case of a teaching set: the educator's marks (those of `referenceReader`) are the answer, kept
// from learners in quiz mode until they submit their own (schema 5, docs/project-format.md).
struct TeachingCase {
    CaseId caseId = 0;
    std::string referenceReader;
    std::string question;  // what the learner is asked, shown in quiz mode
    int64_t modifiedUnix = 0;
};

// A learner's answer handed in: from then on the learner sees the reference and the score, and
// the learner's marks on the case are no longer changed in quiz mode.
struct QuizSubmission {
    CaseId caseId = 0;
    std::string learner;
    int64_t submittedUnix = 0;
};

// A learner's copy of a teaching set (`histomark teaching pack`, schema 6): the teaching cases
// only, blinded, with no other learner's work. An exam copy (answers not included) leaves the
// reference's marks and the slides' IHC records out: the learner's answer is scored once the
// educator collects it back into the project it came from.
struct TeachingPack {
    std::string sourceProject;  // the educator's project (its identity, not its path)
    bool answersIncluded = false;
    int64_t createdUnix = 0;
};

}  // namespace histomark::core
