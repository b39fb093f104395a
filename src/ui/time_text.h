// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>

namespace histomark::ui {

// A stored Unix time as people read it in the panels: local "YYYY-MM-DD HH:MM".
std::string localTimeText(int64_t unix);

}  // namespace histomark::ui
