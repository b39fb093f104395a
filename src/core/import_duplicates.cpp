// SPDX-License-Identifier: MIT
#include "core/import_duplicates.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <tuple>

namespace histomark::core {
namespace {

using Key = std::tuple<std::string, std::string, int, std::vector<std::pair<long long, long long>>>;

Key keyOf(const Annotation& a) {
    std::vector<std::pair<long long, long long>> pts;
    pts.reserve(a.points.size());
    for (const auto& p : a.points) pts.emplace_back(std::llround(p.x * 100), std::llround(p.y * 100));
    return {a.reader, a.className, int(a.kind), std::move(pts)};
}

}  // namespace

size_t dropMarksAlreadyThere(std::vector<Annotation>& incoming, const std::vector<Annotation>& existing) {
    if (existing.empty()) return 0;
    std::set<Key> there;
    for (const auto& a : existing) there.insert(keyOf(a));
    const size_t before = incoming.size();
    std::erase_if(incoming, [&](const Annotation& a) { return there.count(keyOf(a)) > 0; });
    return before - incoming.size();
}

}  // namespace histomark::core
