// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "core/count_setup.h"
#include "core/result.h"

namespace histomark::storage {

// A reader's count setup as stored in the project (count_settings.settings, see
// docs/project-format.md). Reading is strict about types and lenient about missing keys (they
// keep their defaults), so files written by later versions with more keys still read.
std::string countSetupToJson(const core::CountSetup& setup);
core::Result<core::CountSetup> countSetupFromJson(const std::string& text);

}  // namespace histomark::storage
