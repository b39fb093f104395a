// SPDX-License-Identifier: MIT
#include "ui/annotation_state.h"

#include <algorithm>
#include <cmath>

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

const std::vector<int>& CandidateReview::order(double mpp) const {
    const auto key = std::make_tuple(search, byPosition, candidates.size(), mpp);
    if (key == m_orderKey) return m_order;
    m_orderKey = key;
    std::vector<int>& idx = m_order;
    idx.resize(candidates.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = int(i);
    if (!byPosition) return idx;  // the candidates are kept by score
    const double band = mpp > 0 ? 200 / mpp : 800;  // 0.2 mm of level-0 px: about a 40x screen's height
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
        const core::Level0Point &p = candidates[size_t(a)].at, &q = candidates[size_t(b)].at;
        const double ba = std::floor(p.y / band), bb = std::floor(q.y / band);
        if (ba != bb) return ba < bb;
        return std::fmod(ba, 2) == 0 ? p.x < q.x : p.x > q.x;  // a serpentine: no jump back across the slide
    });
    return idx;
}

int CandidateReview::nextPending(int from, double mpp) const {
    const std::vector<int>& idx = order(mpp);
    size_t start = 0;
    if (from >= 0)
        if (auto it = std::find(idx.begin(), idx.end(), from); it != idx.end()) start = size_t(it - idx.begin()) + 1;
    for (size_t k = start; k < idx.size(); ++k) {
        const Candidate& c = candidates[size_t(idx[k])];
        if (c.status == Status::Pending && c.score >= minScore) return idx[k];
    }
    return -1;
}

int CandidateReview::pending() const {
    int n = 0;
    for (const auto& c : candidates) n += c.status == Status::Pending && c.score >= minScore;
    return n;
}

}  // namespace histomark::ui
