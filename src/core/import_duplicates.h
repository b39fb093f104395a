// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include "core/annotation.h"

namespace histomark::core {

// Marks to import that are already on the slide: the same reader, class, kind and points (to
// 0.01 level-0 px). Importing a file a second time must not double a reader's count, which would
// change the mitotic score. Returns how many of `incoming` were dropped; the rest stay in order.
// Repeats within `incoming` itself are kept (a file may list two figures at one place).
size_t dropMarksAlreadyThere(std::vector<Annotation>& incoming, const std::vector<Annotation>& existing);

}  // namespace histomark::core
