// SPDX-License-Identifier: MIT
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/annotation.h"
#include "interchange/imported_annotations.h"

// Helpers shared by the interchange tests.
namespace histomark::test {

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline core::Annotation mark(core::ShapeKind kind, std::vector<core::Level0Point> points, std::string cls,
                             std::string reader = {}) {
    core::Annotation a;
    a.kind = kind;
    a.points = std::move(points);
    a.className = std::move(cls);
    a.reader = std::move(reader);
    return a;
}

// Reads `text` with `read` (readGeoJson, readAsapXml, ...), expecting success / failure.
template <class Read>
interchange::ImportedAnnotations readOkWith(Read read, const std::string& text) {
    auto r = read(text);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? std::move(*r) : interchange::ImportedAnnotations{};
}
template <class Read>
std::string readErrorWith(Read read, const std::string& text) {
    auto r = read(text);
    EXPECT_FALSE(r.ok()) << "read without error: " << text.substr(0, 200);
    return r.ok() ? std::string() : r.error();
}

}  // namespace histomark::test
