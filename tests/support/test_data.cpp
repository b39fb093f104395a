// SPDX-License-Identifier: MIT
#include "support/test_data.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace histomark::test {

std::filesystem::path dataPath(const std::string& relative) {
    const char* env = std::getenv("HISTOMARK_DATA");
    if (env && *env) return std::filesystem::path(env) / relative;
    // The configured folder, else a shared/data beside any parent of the checkout (CI clones
    // may sit one level deeper than a developer's checkout).
    std::filesystem::path base = HISTOMARK_SHARED_DATA;
    std::error_code ec;
    for (auto dir = std::filesystem::path(HISTOMARK_SOURCE_DIR); !std::filesystem::exists(base, ec) && dir.has_parent_path() &&
                                                                  dir != dir.parent_path();
         dir = dir.parent_path())
        base = dir.parent_path() / "shared" / "data";
    if (!std::filesystem::exists(base, ec)) base = HISTOMARK_SHARED_DATA;
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

std::string fileBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace histomark::test
