// SPDX-License-Identifier: MIT
#include "support/test_data.h"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace histomark::test {

std::filesystem::path dataPath(const std::string& relative) {
    const char* env = std::getenv("HISTOMARK_DATA");
    std::filesystem::path base = env && *env ? env : HISTOMARK_SHARED_DATA;
    return base / relative;
}

bool underCi() {
    const char* ci = std::getenv("CI");
    return ci && (!std::strcmp(ci, "true") || !std::strcmp(ci, "1"));
}

std::filesystem::path tempDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("histomark-test-" + std::to_string(getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace histomark::test
