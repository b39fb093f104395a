// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case_model.h"

namespace histomark::core {

// The pathologist's reading of one IHC slide (DOMAIN §5): what the marker shows in the tumour.
enum class MarkerResult { NotRecorded, Positive, Negative, Equivocal, NotAssessable };
enum class MarkerDistribution { Unknown, Focal, Patchy, Diffuse };

// Where the stain sits; several may apply (S100: nuclear and cytoplasmic).
enum CompartmentBits : uint8_t { kNuclear = 1, kCytoplasmic = 2, kMembranous = 4 };

struct MarkerRecord {
    CaseSlideId slide = 0;
    std::string marker;  // canonical stain name (core/stain.h)
    MarkerResult result = MarkerResult::NotRecorded;
    std::optional<int> intensity;         // 0, 1 (1+ weak), 2 (2+ moderate), 3 (3+ strong)
    std::optional<double> extentPercent;  // % of tumour cells, 0..100
    MarkerDistribution distribution = MarkerDistribution::Unknown;
    uint8_t compartments = 0;                            // CompartmentBits
    std::optional<bool> internalControlOk, externalControlOk;  // nullopt: not stated
    std::string comment;
    std::string reader;
    int64_t modifiedUnix = 0;
    std::optional<double> hScore;  // from a quantification copied into the record (0..300)
    bool operator==(const MarkerRecord&) const = default;
};

const char* markerResultName(MarkerResult r);  // "not recorded", "positive", "negative", "equivocal", "not assessable"
std::optional<MarkerResult> parseMarkerResult(const std::string& name);
const char* distributionName(MarkerDistribution d);  // "", "focal", "patchy", "diffuse"
std::optional<MarkerDistribution> parseDistribution(const std::string& name);
std::string compartmentsText(uint8_t bits);  // "nuclear", "cytoplasmic and membranous", ""
std::string intensityText(std::optional<int> intensity);  // "0", "1+", "2+", "3+" or ""
std::optional<int> parseIntensity(const std::string& text);  // "0", "1+", "2+", "3+" (or "1", "2", "3"); nullopt otherwise

// One line for the case summary: "desmin positive 3+ diffuse (90 %)", "CD117 negative".
std::string markerSummary(const MarkerRecord& r);

// What is wrong with a record a user is about to save ("intensity is 0..3", "extent is 0..100 %"),
// or nullopt.
std::optional<std::string> markerRecordProblem(const MarkerRecord& r);

// Parts of a reading that contradict each other ("negative, yet 80 % of tumour cells stained",
// "positive with intensity 0", an H-score the extent cannot give, a negative with a failed internal
// control). Saved all the same, since the reader may mean it, but said where the record is shown.
std::vector<std::string> markerRecordCautions(const MarkerRecord& r);

// A reading given field by field (the command line, a script): what is not given keeps the
// earlier record's value, so adding a comment does not wipe the intensity. A changed result drops
// the earlier staining (intensity, extent, distribution, H-score), which described the other
// result; the compartment, the controls and the comment stay.
struct MarkerEdit {
    MarkerResult result = MarkerResult::NotRecorded;
    std::optional<int> intensity;
    std::optional<double> extentPercent, hScore;
    std::optional<MarkerDistribution> distribution;
    std::optional<uint8_t> compartments;
    std::optional<bool> internalControlOk, externalControlOk;
    std::optional<std::string> comment;
    std::string reader;
};
struct MergedReading {
    MarkerRecord record;
    std::vector<std::string> kept;     // earlier values kept ("intensity 3+", "extent 90 %", "comment")
    std::vector<std::string> dropped;  // earlier staining dropped with a changed result
};
MergedReading mergeReading(const std::optional<MarkerRecord>& earlier, const MarkerEdit& edit);

}  // namespace histomark::core
