// SPDX-License-Identifier: MIT
#pragma once
// Shared by the readers and writers of this layer; not part of its interface.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "interchange/imported_annotations.h"

namespace histomark::interchange::detail {

// A mark of `kind` on `points`, the other fields left for the reader to fill.
core::Annotation makeMark(core::ShapeKind kind, std::vector<core::Level0Point> points);
// The two corners of the bounding box of `points` (non-empty): how rectangles and ellipses are read.
std::vector<core::Level0Point> boundingCorners(const std::vector<core::Level0Point>& points);

// `n` vertices on the ellipse inscribed in the mark's bounding box, counter-clockwise from 3 o'clock
// (y down): how formats without ellipses receive one.
std::vector<core::Level0Point> ellipseVertices(const core::Annotation& a, int n);

// A UUID-shaped id from `content`: stable for equal input, version 8 ("custom"), so a file written
// twice from the same marks is the same file.
std::string contentUuid(const std::string& content);

// Larger coordinates mean a broken file, not a slide (the largest slides are ~10^6 px wide).
inline constexpr double kMaxCoordinate = 1e7;

// Collects what a reader finds: the marks, the classes they use (the first colour the file gives a
// class wins) and warnings counted per kind, so 10,000 odd features give one line, not 10,000.
class ImportBuilder {
public:
    explicit ImportBuilder(std::string format) : m_format(std::move(format)) {}

    // Registers the class under canonicalClassName(raw) and returns that name.
    std::string useClass(const std::string& raw, std::optional<uint32_t> rgb = std::nullopt);
    void add(core::Annotation a);
    // `what` names the kind of item, "{s}" marking the plural ("LineString feature{s} skipped: ...");
    // `where` names the first item it hit ("feature 3").
    void warn(const std::string& what, const std::string& where);
    size_t annotationCount() const { return m_result.annotations.size(); }

    ImportedAnnotations finish() &&;

private:
    struct Tally {
        size_t count = 0;
        std::string first;
        size_t order = 0;
    };
    std::string m_format;
    ImportedAnnotations m_result;
    std::map<std::string, std::optional<uint32_t>> m_colours;  // by canonical name
    std::vector<std::string> m_classOrder;
    std::map<std::string, Tally> m_warnings;
};

// A number as XML attributes hold it ("23071.5605", "6595", "1e3"), locale-independent; a lone
// decimal comma is read as a point (sprintf-based writers under a decimal-comma C locale).
// nullopt for anything else, including trailing junk and non-finite values.
std::optional<double> parseNumber(std::string_view text);

// "#rrggbb" (case-insensitive, '#' optional) as 0xRRGGBB.
std::optional<uint32_t> parseHexColour(std::string_view text);
std::string hexColour(uint32_t rgb);  // "#rrggbb"

// Shortest text that reads back as exactly `v` ("10342.5", "26388").
std::string formatNumber(double v);

}  // namespace histomark::interchange::detail
