// SPDX-License-Identifier: MIT
// QuPath GeoJSON features for CLI tests, built as QuPath writes them.
#pragma once
#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace histomark::test {

// A closed polygon annotation of class `cls` through `pts` (level-0 px).
inline nlohmann::json polygonFeature(std::vector<std::array<int, 2>> pts, const std::string& cls) {
    pts.push_back(pts.front());
    return {{"type", "Feature"},
            {"geometry", {{"type", "Polygon"}, {"coordinates", nlohmann::json::array({pts})}}},
            {"properties", {{"objectType", "annotation"}, {"classification", {{"name", cls}}}}}};
}

// A FeatureCollection of point annotations of class `cls` at `pts` (level-0 px).
inline nlohmann::json pointFeatures(const std::vector<std::array<double, 2>>& pts, const std::string& cls = "mitotic figure") {
    nlohmann::json features = nlohmann::json::array();
    for (const auto& p : pts)
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {p[0], p[1]}}}},
                            {"properties", {{"classification", {{"name", cls}}}}}});
    return {{"type", "FeatureCollection"}, {"features", features}};
}

}  // namespace histomark::test
