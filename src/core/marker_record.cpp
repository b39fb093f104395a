// SPDX-License-Identifier: MIT
#include "core/marker_record.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace histomark::core {
namespace {

constexpr std::pair<MarkerResult, const char*> kResults[] = {
    {MarkerResult::NotRecorded, "not recorded"}, {MarkerResult::Positive, "positive"},
    {MarkerResult::Negative, "negative"},        {MarkerResult::Equivocal, "equivocal"},
    {MarkerResult::NotAssessable, "not assessable"},
};
constexpr std::pair<MarkerDistribution, const char*> kDistributions[] = {
    {MarkerDistribution::Unknown, ""},
    {MarkerDistribution::Focal, "focal"},
    {MarkerDistribution::Patchy, "patchy"},
    {MarkerDistribution::Diffuse, "diffuse"},
};

}  // namespace

const char* markerResultName(MarkerResult r) {
    for (const auto& [v, n] : kResults)
        if (v == r) return n;
    return "not recorded";
}

std::optional<MarkerResult> parseMarkerResult(const std::string& name) {
    for (const auto& [v, n] : kResults)
        if (name == n) return v;
    return std::nullopt;
}

const char* distributionName(MarkerDistribution d) {
    for (const auto& [v, n] : kDistributions)
        if (v == d) return n;
    return "";
}

std::optional<MarkerDistribution> parseDistribution(const std::string& name) {
    for (const auto& [v, n] : kDistributions)
        if (name == n) return v;
    return std::nullopt;
}

std::string compartmentsText(uint8_t bits) {
    std::string out;
    const std::pair<uint8_t, const char*> parts[] = {{kNuclear, "nuclear"}, {kCytoplasmic, "cytoplasmic"}, {kMembranous, "membranous"}};
    int n = 0, total = 0;
    for (const auto& [bit, name] : parts) total += (bits & bit) != 0;
    for (const auto& [bit, name] : parts) {
        if (!(bits & bit)) continue;
        if (n > 0) out += n + 1 == total ? " and " : ", ";
        out += name;
        ++n;
    }
    return out;
}

std::string intensityText(std::optional<int> intensity) {
    if (!intensity) return "";
    return *intensity == 0 ? "0" : std::to_string(*intensity) + "+";
}

std::string markerSummary(const MarkerRecord& r) {
    std::string s = r.marker.empty() ? "marker?" : r.marker;
    s += " ";
    s += markerResultName(r.result);
    if (r.result == MarkerResult::Positive || r.result == MarkerResult::Equivocal) {
        // Appended piece by piece: GCC 12 warns (-Wrestrict) about " " + std::string here.
        if (r.intensity && *r.intensity > 0) s.append(" ").append(intensityText(r.intensity));
        if (r.distribution != MarkerDistribution::Unknown) s.append(" ").append(distributionName(r.distribution));
        if (r.extentPercent) {
            char buf[32];
            std::snprintf(buf, sizeof buf, " (%.0f %%)", *r.extentPercent);
            s += buf;
        }
    }
    return s;
}

std::optional<int> parseIntensity(const std::string& text) {
    const std::string digit = !text.empty() && text.back() == '+' && text != "0+" ? text.substr(0, text.size() - 1) : text;
    if (digit.size() != 1 || digit[0] < '0' || digit[0] > '3') return std::nullopt;
    return digit[0] - '0';
}

std::optional<std::string> markerRecordProblem(const MarkerRecord& r) {
    if (r.intensity && (*r.intensity < 0 || *r.intensity > 3)) return "intensity is 0, 1+, 2+ or 3+";
    if (r.extentPercent && (!std::isfinite(*r.extentPercent) || *r.extentPercent < 0 || *r.extentPercent > 100))
        return "extent is 0 to 100 % of tumour cells";
    if (r.hScore && (!std::isfinite(*r.hScore) || *r.hScore < 0 || *r.hScore > 300)) return "an H-score is 0 to 300";
    if (r.compartments > (kNuclear | kCytoplasmic | kMembranous)) return "unknown compartment";
    return std::nullopt;
}

}  // namespace histomark::core
