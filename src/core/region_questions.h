// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/annotation.h"

namespace histomark::core {

// Click-in-region questions of a teaching case ("click in the necrosis", as LearnPathology asks,
// USERS §8): the reference reader's area marks of a class (rectangle, ellipse, polygon, freehand;
// "mitotic figure" left to the point matching) are the answer, and the learner's point marks of
// the same class (names compared ignoring case) are the clicks.
struct RegionClassScore {
    std::string className;                 // as the reference spells it
    std::vector<size_t> regions;            // indices into the reference list: its areas of the class
    std::vector<Level0Point> clicks;        // the learner's points of the class
    std::vector<bool> clickInside;          // per click: inside one of the regions
    std::vector<bool> regionFound;          // per region: holds at least one click
    int clicksInside() const;
    int regionsFound() const;
};

// The classes asked on a slide: those of the reference's areas, in the order first drawn.
std::vector<std::string> regionQuestionClasses(const std::vector<Annotation>& reference);

// One score per class asked; `reference` and `learner` are the two readers' marks of one slide
// (other readers' marks and other kinds are ignored).
std::vector<RegionClassScore> scoreRegionQuestions(const std::vector<Annotation>& reference,
                                                   const std::vector<Annotation>& learner);
// The same for the classes given, in their order: where the answer's areas are not at hand (a
// teaching pack without the answers) the learner's clicks are collected against no region.
std::vector<RegionClassScore> scoreRegionQuestions(const std::vector<std::string>& classes, const std::vector<Annotation>& reference,
                                                   const std::vector<Annotation>& learner);

}  // namespace histomark::core
