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

namespace {

std::string percentText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f %%", v);
    return buf;
}

std::string controlText(const char* which, bool ok) { return std::string(which) + (ok ? " control adequate" : " control not adequate"); }

}  // namespace

std::vector<std::string> markerRecordCautions(const MarkerRecord& r) {
    std::vector<std::string> out;
    const bool positive = r.result == MarkerResult::Positive, negative = r.result == MarkerResult::Negative;
    if (positive && r.intensity == 0) out.push_back("positive with intensity 0: a positive reading has stained tumour cells (1+ to 3+)");
    if (positive && r.extentPercent && *r.extentPercent == 0) out.push_back("positive in 0 % of tumour cells");
    // A negative may mention a few weak cells; a tenth of the tumour stained, or strong staining
    // of unstated extent, reads as a positive.
    if (negative && r.extentPercent && *r.extentPercent > 10)
        out.push_back("negative, yet " + percentText(*r.extentPercent) + " of tumour cells stained: check the result or the extent");
    if (negative && !r.extentPercent && r.intensity && *r.intensity >= 2)
        out.push_back("negative, yet intensity " + intensityText(r.intensity) + ": give the extent, or check the result");
    if (negative && r.distribution == MarkerDistribution::Diffuse) out.push_back("negative, yet diffuse: check the result or the distribution");
    if (negative && !r.extentPercent && r.hScore && *r.hScore > 30) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "negative, yet an H-score of %.0f", *r.hScore);
        out.push_back(buf);
    }
    // An unstained control cannot vouch for an unstained tumour.
    if (negative && (r.internalControlOk == false || r.externalControlOk == false))
        out.push_back("negative with a control that did not stain adequately: possibly a false negative (not assessable?)");
    // Every stained cell adds 1 to 3 to the H-score: extent <= H <= 3 x extent (rounding aside).
    if (r.hScore && r.extentPercent) {
        const double h = *r.hScore, e = *r.extentPercent;
        char buf[160];
        if (h > 3 * e + 1.5) {
            std::snprintf(buf, sizeof buf, "an H-score of %.0f needs at least %.0f %% of tumour cells stained (all 3+), not %.0f %%", h,
                          std::ceil(h / 3), e);
            out.push_back(buf);
        } else if (h < e - 1.5) {
            std::snprintf(buf, sizeof buf, "%.0f %% of tumour cells stained give an H-score of at least %.0f (all 1+), not %.0f", e, e, h);
            out.push_back(buf);
        }
    }
    return out;
}

MergedReading mergeReading(const std::optional<MarkerRecord>& earlier, const MarkerEdit& e) {
    MergedReading m;
    MarkerRecord& r = m.record;
    if (earlier) r = *earlier;
    const bool sameResult = earlier && earlier->result == e.result;
    r.result = e.result;
    r.reader = e.reader;
    r.modifiedUnix = 0;
    // Earlier values not given again: kept, or (staining, with a changed result) dropped.
    auto settle = [&](bool given, bool hadValue, bool staining, const std::string& what, auto clear) {
        if (given || !hadValue) return;
        if (staining && !sameResult) {
            m.dropped.push_back(what);
            clear();
        } else {
            m.kept.push_back(what);
        }
    };
    if (earlier) {
        const MarkerRecord& p = *earlier;
        settle(e.intensity.has_value(), p.intensity.has_value(), true, "intensity " + intensityText(p.intensity), [&] { r.intensity.reset(); });
        settle(e.extentPercent.has_value(), p.extentPercent.has_value(), true,
               "extent " + (p.extentPercent ? percentText(*p.extentPercent) : std::string()), [&] { r.extentPercent.reset(); });
        settle(e.distribution.has_value(), p.distribution != MarkerDistribution::Unknown, true, distributionName(p.distribution),
               [&] { r.distribution = MarkerDistribution::Unknown; });
        char h[32] = "";
        if (p.hScore) std::snprintf(h, sizeof h, "H-score %.0f", *p.hScore);
        settle(e.hScore.has_value(), p.hScore.has_value(), true, h, [&] { r.hScore.reset(); });
        settle(e.compartments.has_value(), p.compartments != 0, false, compartmentsText(p.compartments), [] {});
        settle(e.internalControlOk.has_value(), p.internalControlOk.has_value(), false,
               controlText("internal", p.internalControlOk.value_or(false)), [] {});
        settle(e.externalControlOk.has_value(), p.externalControlOk.has_value(), false,
               controlText("external", p.externalControlOk.value_or(false)), [] {});
        settle(e.comment.has_value(), !p.comment.empty(), false, "the comment", [] {});
    }
    if (e.intensity) r.intensity = e.intensity;
    if (e.extentPercent) r.extentPercent = e.extentPercent;
    if (e.hScore) r.hScore = e.hScore;
    if (e.distribution) r.distribution = *e.distribution;
    if (e.compartments) r.compartments = *e.compartments;
    if (e.internalControlOk) r.internalControlOk = e.internalControlOk;
    if (e.externalControlOk) r.externalControlOk = e.externalControlOk;
    if (e.comment) r.comment = *e.comment;
    return m;
}

}  // namespace histomark::core
