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

TEST(MarkerRecord, ContradictoryReadingsAreCautionedButConsistentOnesAreNot) {
    MarkerRecord desmin = record("desmin", MarkerResult::Positive, 3, MarkerDistribution::Diffuse);
    desmin.extentPercent = 90, desmin.hScore = 250, desmin.internalControlOk = true;
    EXPECT_TRUE(markerRecordCautions(desmin).empty());
    // A negative with a few weak cells is a negative.
    MarkerRecord cd117 = record("CD117", MarkerResult::Negative, 1, MarkerDistribution::Focal);
    cd117.extentPercent = 2;
    EXPECT_TRUE(markerRecordCautions(cd117).empty());

    MarkerRecord r = record("CD34", MarkerResult::Negative, 3);
    r.extentPercent = 80;
    auto c = markerRecordCautions(r);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NE(c[0].find("negative, yet 80 %"), std::string::npos) << c[0];
    r.extentPercent.reset();
    c = markerRecordCautions(r);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NE(c[0].find("intensity 3+"), std::string::npos) << c[0];
    r = record("S100", MarkerResult::Negative, std::nullopt, MarkerDistribution::Diffuse);
    EXPECT_EQ(markerRecordCautions(r).size(), 1u);
    r = record("S100", MarkerResult::Negative), r.internalControlOk = false;
    c = markerRecordCautions(r);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NE(c[0].find("false negative"), std::string::npos) << c[0];
    EXPECT_EQ(markerRecordCautions(record("SMA", MarkerResult::Positive, 0)).size(), 1u);
    r = record("SMA", MarkerResult::Positive, 2), r.extentPercent = 0;
    EXPECT_EQ(markerRecordCautions(r).size(), 1u);
    // Every stained cell adds 1 to 3: 40 % stained cannot give 250, nor 60 % give 30.
    r = record("Ki-67", MarkerResult::Positive, 3), r.extentPercent = 40, r.hScore = 250;
    c = markerRecordCautions(r);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NE(c[0].find("at least 84 %"), std::string::npos) << c[0];
    r.extentPercent = 60, r.hScore = 30;
    EXPECT_EQ(markerRecordCautions(r).size(), 1u);
    r.hScore = 120;  // 60 % all 2+
    EXPECT_TRUE(markerRecordCautions(r).empty());
}

TEST(MarkerRecord, AReadingGivenFieldByFieldKeepsWhatItDoesNotSay) {
    MarkerRecord earlier = record("desmin", MarkerResult::Positive, 3, MarkerDistribution::Diffuse);
    earlier.extentPercent = 90, earlier.compartments = kCytoplasmic, earlier.internalControlOk = true;
    earlier.comment = "strong in the spindle cells", earlier.reader = "A", earlier.modifiedUnix = 1000;

    // The same result with a new extent: the rest stays, and is said to have stayed.
    MarkerEdit e;
    e.result = MarkerResult::Positive, e.extentPercent = 70, e.reader = "B";
    MergedReading m = mergeReading(earlier, e);
    EXPECT_EQ(m.record.intensity, 3);
    EXPECT_EQ(m.record.extentPercent, 70);
    EXPECT_EQ(m.record.distribution, MarkerDistribution::Diffuse);
    EXPECT_EQ(m.record.compartments, kCytoplasmic);
    EXPECT_EQ(m.record.internalControlOk, true);
    EXPECT_EQ(m.record.comment, "strong in the spindle cells");
    EXPECT_EQ(m.record.reader, "B");
    EXPECT_EQ(m.record.modifiedUnix, 0) << "saved now";
    EXPECT_EQ(m.kept, (std::vector<std::string>{"intensity 3+", "diffuse", "cytoplasmic", "internal control adequate", "the comment"}));
    EXPECT_TRUE(m.dropped.empty());

    // A changed result drops the staining that described the old one, keeps the rest.
    e = {};
    e.result = MarkerResult::Negative;
    m = mergeReading(earlier, e);
    EXPECT_FALSE(m.record.intensity);
    EXPECT_FALSE(m.record.extentPercent);
    EXPECT_EQ(m.record.distribution, MarkerDistribution::Unknown);
    EXPECT_EQ(m.record.comment, "strong in the spindle cells");
    EXPECT_EQ(m.dropped, (std::vector<std::string>{"intensity 3+", "extent 90 %", "diffuse"}));
    EXPECT_TRUE(markerRecordCautions(m.record).empty());

    // Nothing earlier: just the fields given.
    e.intensity = 0;
    m = mergeReading(std::nullopt, e);
    EXPECT_EQ(m.record.result, MarkerResult::Negative);
    EXPECT_EQ(m.record.intensity, 0);
    EXPECT_TRUE(m.kept.empty() && m.dropped.empty());
}
