// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "core/ihc_profiles.h"
#include "core/marker_record.h"

using namespace histomark::core;

namespace {

MarkerRecord record(const char* marker, MarkerResult r, std::optional<int> intensity = std::nullopt,
                    MarkerDistribution d = MarkerDistribution::Unknown) {
    MarkerRecord m;
    m.marker = marker, m.result = r, m.intensity = intensity, m.distribution = d;
    return m;
}

}  // namespace

TEST(MarkerRecord, SummaryReadsAsAReportLine) {
    MarkerRecord desmin = record("desmin", MarkerResult::Positive, 3, MarkerDistribution::Diffuse);
    desmin.extentPercent = 90;
    EXPECT_EQ(markerSummary(desmin), "desmin positive 3+ diffuse (90 %)");
    EXPECT_EQ(markerSummary(record("CD117", MarkerResult::Negative, 0)), "CD117 negative");
    EXPECT_EQ(compartmentsText(kNuclear | kCytoplasmic), "nuclear and cytoplasmic");
    EXPECT_EQ(compartmentsText(kNuclear | kCytoplasmic | kMembranous), "nuclear, cytoplasmic and membranous");
    for (MarkerResult r : {MarkerResult::NotRecorded, MarkerResult::Positive, MarkerResult::Negative, MarkerResult::Equivocal,
                           MarkerResult::NotAssessable})
        EXPECT_EQ(parseMarkerResult(markerResultName(r)), r);
}

TEST(MarkerRecord, OutOfRangeValuesAreRefused) {
    MarkerRecord r = record("Ki-67", MarkerResult::Positive, 4);
    EXPECT_TRUE(markerRecordProblem(r));
    r.intensity = 2, r.extentPercent = 101;
    EXPECT_TRUE(markerRecordProblem(r));
    r.extentPercent = 35, r.hScore = 301;
    EXPECT_TRUE(markerRecordProblem(r));
    r.hScore = 120;
    EXPECT_FALSE(markerRecordProblem(r));
}

TEST(IhcProfiles, TheSeedCasePanelIsALeiomyosarcomaProfile) {
    // DOMAIN §5: desmin strongly and diffusely positive; CD117, CD34, pancytokeratin, S100 negative.
    const std::vector<MarkerRecord> panel = {
        record("desmin", MarkerResult::Positive, 3, MarkerDistribution::Diffuse), record("CD117", MarkerResult::Negative),
        record("CD34", MarkerResult::Negative), record("pancytokeratin", MarkerResult::Negative),
        record("S100", MarkerResult::Negative)};
    const auto matches = matchProfiles(panel);
    ASSERT_FALSE(matches.empty());
    EXPECT_EQ(matches[0].entity, "leiomyosarcoma");
    EXPECT_TRUE(matches[0].consistent());
    EXPECT_EQ(matches[0].agree.size(), 4u);  // desmin +, CD117 -, CD34 -, S100 -
    for (const auto& m : matches)
        if (m.entity != "leiomyosarcoma") EXPECT_FALSE(m.consistent()) << m.entity;
}

TEST(IhcProfiles, AGistPanelContradictsLeiomyosarcomaAndUsualExceptionsAreOnlyUnusual) {
    const std::vector<MarkerRecord> panel = {record("CD117", MarkerResult::Positive), record("DOG1", MarkerResult::Positive),
                                             record("CD34", MarkerResult::Negative), record("desmin", MarkerResult::Negative)};
    const auto matches = matchProfiles(panel);
    EXPECT_EQ(matches[0].entity, "gastrointestinal stromal tumour (GIST)");
    EXPECT_TRUE(matches[0].consistent());
    ASSERT_EQ(matches[0].unusual.size(), 1u);  // CD34 is + in only 60-70 % of GISTs
    EXPECT_EQ(matches[0].unusual[0], "CD34 - (usually +)");
    for (const auto& m : matches)
        if (m.entity == "leiomyosarcoma") EXPECT_EQ(m.disagree.size(), 3u);  // CD117 +, DOG1 +, desmin -
    // An equivocal result tests nothing.
    EXPECT_FALSE(matchProfiles({record("S100", MarkerResult::Equivocal)})[0].consistent());
}

TEST(MarkerRecord, IntensityIsReadAsPathologistsWriteIt) {
    EXPECT_EQ(histomark::core::parseIntensity("0"), 0);
    EXPECT_EQ(histomark::core::parseIntensity("1+"), 1);
    EXPECT_EQ(histomark::core::parseIntensity("2+"), 2);
    EXPECT_EQ(histomark::core::parseIntensity("3"), 3);
    for (const char* bad : {"", "+", "0+", "4+", "strong", "2++", "-1", "nan", "22"})
        EXPECT_FALSE(histomark::core::parseIntensity(bad).has_value()) << bad;
}
