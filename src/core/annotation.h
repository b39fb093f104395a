// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case_model.h"
#include "core/units.h"

namespace histomark::core {

// Row id of an annotation in the project database; 0 = not stored yet.
using AnnotationId = int64_t;

// What a mark is. All geometry is level-0 px of its own slide (doubles), as OpenSlide, QuPath and
// ASAP store it.
enum class ShapeKind {
    Point,      // points[0]: one cell (a mitotic figure is a point)
    Rectangle,  // points[0], points[1]: opposite corners, axis-aligned in level-0 px
    Ellipse,    // points[0], points[1]: opposite corners of its bounding box
    Polygon,    // vertices, closed implicitly (no repeated first vertex)
    Freehand,   // like a polygon, drawn by dragging (many vertices)
};
const char* shapeKindName(ShapeKind k);  // "point", "rectangle", "ellipse", "polygon", "freehand"
std::optional<ShapeKind> parseShapeKind(const std::string& name);

// A class of marks with its display colour (0xRRGGBB).
struct AnnotationClass {
    std::string name;
    uint32_t rgb = 0;
    bool operator==(const AnnotationClass&) const = default;
};

// Class names the mitosis tools rely on.
inline constexpr const char* kMitoticFigure = "mitotic figure";
inline constexpr const char* kLookAlike = "look-alike";
inline constexpr const char* kUncertain = "uncertain";
inline constexpr const char* kTumourRegion = "tumour region";
inline constexpr const char* kNecrosis = "necrosis";

// The classes every project starts with, in this order (number keys 1..5 pick them).
const std::vector<AnnotationClass>& defaultAnnotationClasses();
// One of those by name (its default colour); nullptr for any other name.
const AnnotationClass* defaultAnnotationClass(const std::string& name);

// Whether two class names are one class: the project compares them ignoring (ASCII) case.
bool sameClass(const std::string& a, const std::string& b);

// One mark on one slide of a case, made by one reader.
struct Annotation {
    AnnotationId id = 0;
    CaseSlideId slide = 0;
    std::string reader;     // who made it ("" = unnamed reader)
    std::string className;  // one of the project's classes
    ShapeKind kind = ShapeKind::Point;
    std::vector<Level0Point> points;
    int64_t createdUnix = 0;
    bool operator==(const Annotation&) const = default;

    // The point that stands for the mark (its position; the centre of an area).
    Level0Point centre() const;
    // Level-0 bounding box (zero size for a point).
    Level0Rect bounds() const;
    // Area in level-0 px² (0 for a point); ellipses exactly, polygons by the shoelace formula.
    double areaPx() const;
    // Whether `p` lies inside the shape (false for a point).
    bool contains(Level0Point p) const;
};

// The level-0 box of all the marks' bounds (empty for none).
Level0Rect boundsOf(const std::vector<Annotation>& marks);

// Marks to import that lie wholly outside a slide of `width` x `height` level-0 px usually mean the
// labels of another image, or coordinates in other units (mm, another level): a line saying how
// many, for the user, or nullopt when all meet the slide (or its size is unknown, 0).
std::optional<std::string> outsideSlideWarning(const std::vector<Annotation>& marks, int64_t width, int64_t height);

// Checks a mark's geometry: the right number of points for its kind, finite coordinates.
// Returns a message for the user, or nullopt when it is fine.
std::optional<std::string> geometryProblem(const Annotation& a);

}  // namespace histomark::core
