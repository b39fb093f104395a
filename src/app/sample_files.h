// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/result.h"

namespace histomark::app {

// The large synthetic slide the benchmark pans across (61440 x 40960 px), written once into the
// cache folder and reused. Returns its path.
core::Result<std::string> ensureLargeBenchSlide();

}  // namespace histomark::app
