// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/job_control.h"
#include "core/result.h"

namespace histomark::storage {

struct Repositories;

struct PackOptions {
    bool withAnswers = false;  // a self-study copy, or (with `learner`) a learner's marked answer returned
    std::string learner;       // whose work the copy keeps ("" = nobody's)
    // Copy the slides beside the pack (into "<pack name>-slides/", blinded names, relative paths):
    // a pack that travels, whose file names tell nothing.
    bool copySlides = false;
    core::JobControl* job = nullptr;  // the copying's progress and cancel (optional)
};

// What `writeTeachingPack` put in the pack.
struct PackWritten {
    int cases = 0, slides = 0;
    int figureAnswers = 0, regionAnswers = 0, markerAnswers = 0;  // the reference's, left out or (with answers) kept
    int regionQuestions = 0;  // classes still asked in an exam copy
    bool answersIncluded = false;
    std::string sourceProject;
    int learnerMarks = 0, learnerSubmissions = 0;  // of PackOptions::learner, kept
    std::string slidesFolder;                      // with copySlides: where the slides went
};

// Writes a learner's copy of `source`'s teaching set to `out` (a new file): the teaching cases
// only, named "Question N" (accession, site, diagnosis and summary blanked), their slides (same
// files, same ids), the question and its area (the reference's count settings), the classes and
// the reference reader's name; no other case, no window state, and no learner's work but that of
// `options.learner` (marks, count settings, readings, submissions: with the answers, the learner's
// answer comes back marked). Without `withAnswers` (an exam copy) the reference's marks and the
// slides' IHC records are left out too, and the region questions are kept as class names only.
// The pack is vacuumed, so nothing taken out can be read back from its free pages. Refuses an
// existing `out`, a project with no teaching case, a file that is itself a pack, and a learner
// who is a reference reader. Blocks: CLI or a worker thread.
core::Result<PackWritten> writeTeachingPack(const std::filesystem::path& source, const std::filesystem::path& out,
                                            const PackOptions& options);

// One learner's work brought back from a pack.
struct CollectedLearner {
    std::string learner;
    int marks = 0, readings = 0, submissions = 0;
};
struct PackCollected {
    std::vector<CollectedLearner> learners;  // by name
    std::vector<std::string> notes;           // what was skipped, and why
};

// Brings the learners' work in `pack` back into the educator's project `educator` (the one it was
// packed from: same identity, same teaching cases and slides by id and content), inside the
// caller's transaction: per learner and slide the marks and count settings, per IHC slide the
// reading, per case the submission. What the learner did in the project before on those slides is
// replaced (collecting the same pack twice changes nothing). The reference readers' marks in a
// copy with answers are not learners' work and stay out. Runs on the storage thread (it opens the
// pack there and closes it before returning).
core::Result<PackCollected> collectTeachingPack(Repositories& educator, const std::filesystem::path& pack);

}  // namespace histomark::storage
