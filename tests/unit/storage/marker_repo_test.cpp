// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "one_case_fixture.h"

using namespace histomark;

namespace {

struct MarkerFixture : test::OneCaseFixture {
    core::CaseSlideId slide(const char* stain, int position) {
        core::CaseSlideRecord rec;
        rec.caseId = caseId;
        rec.path = std::string("/slides/") + stain + ".svs";
        rec.stain = stain;
        rec.position = position;
        return repos.slides.add(rec).value();
    }
};

}  // namespace

TEST(MarkerRepo, ARecordRoundTripsAndIsReplacedWhole) {
    MarkerFixture f;
    const auto desmin = f.slide("desmin", 1);
    EXPECT_FALSE(f.repos.markers.get(desmin).value());
    core::MarkerRecord r;
    r.slide = desmin, r.marker = "desmin", r.result = core::MarkerResult::Positive, r.intensity = 3, r.extentPercent = 90;
    r.distribution = core::MarkerDistribution::Diffuse, r.compartments = core::kCytoplasmic, r.internalControlOk = true;
    r.comment = "strong in tumour cells", r.reader = "A", r.modifiedUnix = 1700000000, r.hScore = 270;
    ASSERT_TRUE(f.repos.markers.put(r).ok());
    EXPECT_EQ(f.repos.markers.get(desmin).value(), r);
    r.result = core::MarkerResult::Equivocal, r.intensity.reset(), r.internalControlOk.reset(), r.hScore.reset();
    ASSERT_TRUE(f.repos.markers.put(r).ok());
    EXPECT_EQ(f.repos.markers.get(desmin).value(), r);
}

TEST(MarkerRepo, TheCasePanelComesInGridOrderAndGoesWithItsSlide) {
    MarkerFixture f;
    const auto cd117 = f.slide("CD117", 2), desmin = f.slide("desmin", 1);
    for (auto [id, name] : {std::pair{cd117, "CD117"}, std::pair{desmin, "desmin"}}) {
        core::MarkerRecord r;
        r.slide = id, r.marker = name, r.result = core::MarkerResult::Negative;
        ASSERT_TRUE(f.repos.markers.put(r).ok());
    }
    auto list = f.repos.markers.listForCase(f.caseId).value();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].marker, "desmin");
    EXPECT_GT(list[0].modifiedUnix, 0) << "0 means now";
    ASSERT_TRUE(f.repos.slides.remove(cd117).ok());
    EXPECT_EQ(f.repos.markers.listForCase(f.caseId).value().size(), 1u);
}

TEST(MarkerRepo, BadValuesAndUnknownSlidesAreRefused) {
    MarkerFixture f;
    const auto ki67 = f.slide("Ki-67", 1);
    core::MarkerRecord r;
    r.slide = ki67, r.marker = "Ki-67", r.result = core::MarkerResult::Positive, r.extentPercent = 140;
    EXPECT_FALSE(f.repos.markers.put(r).ok());
    r.extentPercent = 20, r.slide = 999;
    const auto s = f.repos.markers.put(r);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("No slide with id 999"), std::string::npos);
    EXPECT_TRUE(f.repos.markers.listForCase(f.caseId).value().empty());
}
