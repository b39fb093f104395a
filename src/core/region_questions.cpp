// SPDX-License-Identifier: MIT
#include "core/region_questions.h"

#include <algorithm>

namespace histomark::core {
namespace {

bool asked(const Annotation& a) { return a.kind != ShapeKind::Point && !sameClass(a.className, kMitoticFigure); }

}  // namespace

int RegionClassScore::clicksInside() const { return int(std::count(clickInside.begin(), clickInside.end(), true)); }
int RegionClassScore::regionsFound() const { return int(std::count(regionFound.begin(), regionFound.end(), true)); }

std::vector<std::string> regionQuestionClasses(const std::vector<Annotation>& reference) {
    std::vector<std::string> out;
    for (const Annotation& a : reference) {
        if (!asked(a)) continue;
        if (std::none_of(out.begin(), out.end(), [&](const std::string& c) { return sameClass(c, a.className); }))
            out.push_back(a.className);
    }
    return out;
}

std::vector<RegionClassScore> scoreRegionQuestions(const std::vector<Annotation>& reference,
                                                   const std::vector<Annotation>& learner) {
    return scoreRegionQuestions(regionQuestionClasses(reference), reference, learner);
}

std::vector<RegionClassScore> scoreRegionQuestions(const std::vector<std::string>& classes, const std::vector<Annotation>& reference,
                                                   const std::vector<Annotation>& learner) {
    std::vector<RegionClassScore> out;
    for (const std::string& c : classes) {
        RegionClassScore s;
        s.className = c;
        for (size_t i = 0; i < reference.size(); ++i)
            if (asked(reference[i]) && sameClass(reference[i].className, c)) s.regions.push_back(i);
        s.regionFound.assign(s.regions.size(), false);
        for (const Annotation& a : learner) {
            if (a.kind != ShapeKind::Point || a.points.empty() || !sameClass(a.className, c)) continue;
            const Level0Point p = a.points.front();
            bool inside = false;
            for (size_t i = 0; i < s.regions.size(); ++i)
                if (reference[s.regions[i]].contains(p)) inside = true, s.regionFound[i] = true;
            s.clicks.push_back(p);
            s.clickInside.push_back(inside);
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace histomark::core
