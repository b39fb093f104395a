// SPDX-License-Identifier: MIT
#pragma once
#include <filesystem>

namespace histomark::platform {

// $HISTOMARK_CONFIG_DIR, else $XDG_CONFIG_HOME/histomark, else ~/.config/histomark. Not created.
std::filesystem::path configDir();
// $XDG_CACHE_HOME/histomark, else ~/.cache/histomark. Not created.
std::filesystem::path cacheDir();

}  // namespace histomark::platform
