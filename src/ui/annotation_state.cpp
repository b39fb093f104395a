// SPDX-License-Identifier: MIT
#include "ui/annotation_state.h"

#include <algorithm>

namespace histomark::ui {
namespace {

constexpr std::pair<AnnotationTool, const char*> kTools[] = {
    {AnnotationTool::Navigate, "navigate"}, {AnnotationTool::Point, "point"},     {AnnotationTool::Rectangle, "rectangle"},
    {AnnotationTool::Ellipse, "ellipse"},   {AnnotationTool::Polygon, "polygon"}, {AnnotationTool::Freehand, "freehand"},
    {AnnotationTool::Select, "select"},     {AnnotationTool::Fields, "fields"},
};

}  // namespace

std::vector<core::Annotation> tumourRegions(const SlideMarks& marks) {
    std::vector<core::Annotation> out;
    // The layer's area index only: the panel asks every frame, and a slide may hold many point marks.
    constexpr double kAll = 1e300;
    marks.layer.queryAreas(
        {-kAll, -kAll, 2 * kAll, 2 * kAll}, [&](core::MarkKey, const core::Annotation& a) { out.push_back(a); },
        [](const core::Annotation& a) { return a.className == core::kTumourRegion; });
    return out;
}

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

int CandidateReview::nextPending(int from) const {
    for (int i = std::max(from + 1, 0); i < int(candidates.size()); ++i)
        if (candidates[size_t(i)].status == Status::Pending && candidates[size_t(i)].score >= minScore) return i;
    return -1;
}

int CandidateReview::pending() const {
    int n = 0;
    for (const auto& c : candidates) n += c.status == Status::Pending && c.score >= minScore;
    return n;
}

}  // namespace histomark::ui
