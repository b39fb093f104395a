// SPDX-License-Identifier: MIT
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/result.h"
#include "core/units.h"

namespace CLI {
class App;
}
namespace histomark::storage {
struct Repositories;
}

namespace histomark::app {

// Adds `histomark count PROJECT ...` (a reader's mitotic count and FNCLCC grade) and
// `histomark agreement PROJECT ...` (two readers' marks matched) to `cli`, as in the README. The
// chosen command's work is put in `action`; it returns 0, 1 (one line on stderr: bad project,
// unknown case / slide / reader, no count area, unknown scale) or 2 (the flags do not fit together).
void addCountCommands(CLI::App& cli, std::function<int()>& action);

// Shared with `histomark marks` (marks_command.cpp): the slide a command names, and its scale.

struct NamedSlide {
    core::CaseRecord kase;
    core::CaseSlideRecord slide;
    std::string describe() const;  // "slide 3 (H&E, HE.svs) of case S26-01234"
};

// `caseRef` is an id or accession ("" = none); `slideRef` is the slide's id, or within the case
// its stain (any spelling, case-insensitive) or file name. Several matches fail, listing them.
// Runs on the storage thread (inside Project::call).
core::Result<NamedSlide> resolveSlide(storage::Repositories& r, const std::string& caseRef, const std::string& slideRef);

// µm per level-0 px: the scale set on the case slide, else the one in the slide file. Opens the
// file (seconds for some formats): call it off the storage thread.
struct SlideScale {
    double x = 0, y = 0;
    std::string source;  // "set in the project", "slide file (vendor)", ...
};
core::Result<SlideScale> slideScale(const NamedSlide& s);

// Several readers' marks of one class on one slide (their centres, in `readers` order), as
// `agreement` and `consensus` compare them; `className` as the project spells it. Errors name
// what is there: an unknown class lists the project's classes, a reader with no marks on the
// slide lists its readers (a typo would otherwise compare nothing). Runs on the storage thread.
struct ReadersOnSlide {
    NamedSlide target;
    std::string className;
    std::vector<std::vector<core::Level0Point>> points;
};
core::Result<ReadersOnSlide> loadReaderPoints(storage::Repositories& r, const std::string& caseRef, const std::string& slideRef,
                                              const std::string& className, const std::vector<std::string>& readers);

// `--slide` (required) and `--case` as the commands that compare readers on one slide take them.
void addSlideOptions(CLI::App& command, std::string& slideRef, std::string& caseRef);

// Readers named in an error ("A, B", "(unnamed)" for "").
std::string readerList(const std::vector<std::string>& readers);

// ASCII case-insensitive equality, as the project compares class names.
bool sameName(const std::string& a, const std::string& b);

}  // namespace histomark::app
