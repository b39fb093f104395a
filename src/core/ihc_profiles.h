// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <vector>

#include "core/marker_record.h"

namespace histomark::core {

// Textbook immunoprofiles of the differential of a gastrointestinal spindle-cell tumour (DOMAIN
// §5), as a teaching aid: which profiles the recorded panel is consistent with. Never a diagnosis.
enum class Expectation { Positive, Negative, UsuallyPositive, UsuallyNegative };

struct MarkerExpectation {
    std::string marker;  // canonical stain name
    Expectation expect;
};

struct IhcProfile {
    std::string entity;
    std::vector<MarkerExpectation> markers;
};

const std::vector<IhcProfile>& textbookProfiles();

inline constexpr const char* kProfileCaveat =
    "Teaching aid: textbook immunoprofiles compared with the recorded panel. Not a diagnosis; "
    "morphology, the full panel and molecular tests decide.";

struct ProfileMatch {
    std::string entity;
    std::vector<std::string> agree;     // "desmin +"
    std::vector<std::string> disagree;  // a result against a firm expectation: "CD117 + (expected -)"
    std::vector<std::string> unusual;   // against a "usually": "CD34 + (usually -)"
    std::vector<std::string> notDone;   // markers of the profile with no positive/negative result
    bool consistent() const { return disagree.empty() && !agree.empty(); }
};

// Every profile matched against the records (positive and negative results only), consistent ones
// first, then by how much of the profile agrees.
std::vector<ProfileMatch> matchProfiles(const std::vector<MarkerRecord>& records);

}  // namespace histomark::core
