// SPDX-License-Identifier: MIT
#include "platform/paths.h"

#include <cstdlib>

namespace histomark::platform {
namespace {

std::filesystem::path home() {
    const char* h = std::getenv("HOME");
    return h && *h ? std::filesystem::path(h) : std::filesystem::temp_directory_path();
}

std::filesystem::path fromEnv(const char* var, const char* fallback) {
    const char* v = std::getenv(var);
    return (v && *v ? std::filesystem::path(v) : home() / fallback) / "histomark";
}

}  // namespace

std::filesystem::path configDir() {
    if (const char* v = std::getenv("HISTOMARK_CONFIG_DIR"); v && *v) return v;
    return fromEnv("XDG_CONFIG_HOME", ".config");
}

std::filesystem::path cacheDir() { return fromEnv("XDG_CACHE_HOME", ".cache"); }

}  // namespace histomark::platform
