// SPDX-License-Identifier: MIT
#include "core/ihc_profiles.h"

#include <algorithm>

namespace histomark::core {

const std::vector<IhcProfile>& textbookProfiles() {
    using E = Expectation;
    static const std::vector<IhcProfile> profiles = {
        {"leiomyosarcoma",
         {{"desmin", E::Positive}, {"SMA", E::Positive}, {"h-caldesmon", E::Positive}, {"CD117", E::Negative},
          {"DOG1", E::Negative}, {"CD34", E::UsuallyNegative}, {"S100", E::Negative}}},
        {"gastrointestinal stromal tumour (GIST)",
         {{"CD117", E::Positive}, {"DOG1", E::Positive}, {"CD34", E::UsuallyPositive}, {"desmin", E::UsuallyNegative},
          {"S100", E::UsuallyNegative}}},
        {"schwannoma", {{"S100", E::Positive}, {"SOX10", E::Positive}, {"CD117", E::Negative}, {"desmin", E::Negative}}},
        {"sarcomatoid carcinoma", {{"pancytokeratin", E::Positive}}},
        {"solitary fibrous tumour", {{"CD34", E::Positive}, {"STAT6", E::Positive}}},
    };
    return profiles;
}

std::vector<ProfileMatch> matchProfiles(const std::vector<MarkerRecord>& records) {
    std::vector<ProfileMatch> out;
    for (const IhcProfile& p : textbookProfiles()) {
        ProfileMatch m;
        m.entity = p.entity;
        for (const MarkerExpectation& e : p.markers) {
            auto r = std::find_if(records.begin(), records.end(), [&](const MarkerRecord& x) {
                return x.marker == e.marker &&
                       (x.result == MarkerResult::Positive || x.result == MarkerResult::Negative);
            });
            if (r == records.end()) {
                m.notDone.push_back(e.marker);
                continue;
            }
            const bool positive = r->result == MarkerResult::Positive;
            const std::string seen = e.marker + (positive ? " +" : " -");
            const bool wantsPositive = e.expect == Expectation::Positive || e.expect == Expectation::UsuallyPositive;
            const bool firm = e.expect == Expectation::Positive || e.expect == Expectation::Negative;
            if (positive == wantsPositive)
                m.agree.push_back(seen);
            else if (firm)
                m.disagree.push_back(seen + " (expected " + (wantsPositive ? "+" : "-") + ")");
            else
                m.unusual.push_back(seen + " (usually " + (wantsPositive ? "+" : "-") + ")");
        }
        out.push_back(std::move(m));
    }
    std::stable_sort(out.begin(), out.end(), [](const ProfileMatch& a, const ProfileMatch& b) {
        if (a.consistent() != b.consistent()) return a.consistent();
        if (a.disagree.size() != b.disagree.size()) return a.disagree.size() < b.disagree.size();
        return a.agree.size() > b.agree.size();
    });
    return out;
}

}  // namespace histomark::core
