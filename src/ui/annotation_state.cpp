// SPDX-License-Identifier: MIT
#include "ui/annotation_state.h"

namespace histomark::ui {
namespace {

constexpr std::pair<AnnotationTool, const char*> kTools[] = {
    {AnnotationTool::Navigate, "navigate"}, {AnnotationTool::Point, "point"},     {AnnotationTool::Rectangle, "rectangle"},
    {AnnotationTool::Ellipse, "ellipse"},   {AnnotationTool::Polygon, "polygon"}, {AnnotationTool::Freehand, "freehand"},
    {AnnotationTool::Select, "select"},     {AnnotationTool::Fields, "fields"},
};

}  // namespace

const char* toolName(AnnotationTool t) {
    for (const auto& [tool, name] : kTools)
        if (tool == t) return name;
    return "navigate";
}

std::optional<AnnotationTool> parseTool(const std::string& name) {
    for (const auto& [tool, n] : kTools)
        if (name == n) return tool;
    return std::nullopt;
}

uint32_t AnnotationSession::colourOf(const std::string& name) const {
    for (const auto& c : classes)
        if (c.name == name) return c.rgb;
    for (const auto& c : core::defaultAnnotationClasses())
        if (c.name == name) return c.rgb;
    return 0xb0b0b0;
}

}  // namespace histomark::ui
