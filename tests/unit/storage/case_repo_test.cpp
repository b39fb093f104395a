// SPDX-License-Identifier: MIT
#include "storage/case_repo.h"

#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/repositories.h"
#include "support/test_data.h"

using namespace histomark;
using storage::CaseFilter;

namespace {

struct Fixture {
    std::unique_ptr<storage::Database> db = std::move(storage::Database::openInMemory().value());
    storage::Repositories repos{*db};

    core::CaseId addCase(const std::string& accession, const std::string& site = "", const std::string& diagnosis = "",
                         int64_t modified = 0) {
        core::CaseRecord r;
        r.accession = accession;
        r.site = site;
        r.diagnosisNote = diagnosis;
        r.createdUnix = r.modifiedUnix = modified;
        auto id = repos.cases.create(r);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? *id : 0;
    }
    core::CaseSlideId addSlide(core::CaseId c, const std::string& path, const std::string& stain) {
        core::CaseSlideRecord s;
        s.caseId = c;
        s.position = -1;
        s.path = path;
        s.stain = stain;
        auto id = repos.slides.add(s);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? *id : 0;
    }
    std::vector<std::string> accessions(const CaseFilter& f) {
        auto list = repos.cases.list(f);
        EXPECT_TRUE(list.ok()) << list.error();
        std::vector<std::string> out;
        for (const auto& c : *list) out.push_back(c.record.accession);
        return out;
    }
};

}  // namespace

TEST(CaseRepo, RoundTripsEveryField) {
    Fixture f;
    core::CaseRecord r;
    r.accession = "  S26-01234 ";
    r.site = "thigh";
    r.diagnosisNote = "spindle cell sarcoma, grade?";
    r.clinicalSummary = "M 54. Deep mass, 8 cm. «Ünïcode» kept.";
    r.createdUnix = 1700000000;
    r.modifiedUnix = 1700000500;
    auto id = f.repos.cases.create(r);
    ASSERT_TRUE(id.ok()) << id.error();
    auto back = f.repos.cases.get(*id);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->id, *id);
    EXPECT_EQ(back->accession, "S26-01234");  // trimmed
    EXPECT_EQ(back->site, r.site);
    EXPECT_EQ(back->diagnosisNote, r.diagnosisNote);
    EXPECT_EQ(back->clinicalSummary, r.clinicalSummary);
    EXPECT_EQ(back->createdUnix, 1700000000);
    EXPECT_EQ(back->modifiedUnix, 1700000500);

    back->site = "calf";
    ASSERT_TRUE(f.repos.cases.update(*back).ok());
    auto updated = f.repos.cases.get(*id);
    EXPECT_EQ(updated->site, "calf");
    EXPECT_GT(updated->modifiedUnix, 1700000500);
    EXPECT_EQ(updated->createdUnix, 1700000000);
    auto found = f.repos.cases.findByAccession("s26-01234");  // accessions compare case-insensitively
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->id, *id);
    EXPECT_FALSE(f.repos.cases.findByAccession("S26-00000")->has_value());
}

TEST(CaseRepo, RefusesDuplicateAndEmptyAccessionsWithAMessage) {
    Fixture f;
    f.addCase("S26-01234");
    core::CaseRecord dup;
    dup.accession = "s26-01234";
    auto id = f.repos.cases.create(dup);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error(), "A case with accession s26-01234 already exists");
    dup.accession = "   ";
    EXPECT_EQ(f.repos.cases.create(dup).error(), "A case needs an accession number");
    const auto other = f.addCase("S26-2");
    core::CaseRecord rename = *f.repos.cases.get(other);
    rename.accession = "S26-01234";
    EXPECT_EQ(f.repos.cases.update(rename).error(), "A case with accession S26-01234 already exists");
}

TEST(CaseRepo, UnknownIdsGiveClearErrors) {
    Fixture f;
    EXPECT_EQ(f.repos.cases.get(42).error(), "No case with id 42");
    EXPECT_EQ(f.repos.cases.remove(42).error(), "No case with id 42");
    core::CaseRecord r;
    r.id = 42;
    r.accession = "X";
    EXPECT_EQ(f.repos.cases.update(r).error(), "No case with id 42");
    EXPECT_EQ(f.repos.loadCase(42).error(), "No case with id 42");
}

TEST(CaseRepo, RemovingACaseRemovesItsSlidesAndViews) {
    Fixture f;
    const auto c = f.addCase("S26-1");
    const auto keep = f.addCase("S26-2");
    const auto s = f.addSlide(c, "/a/HE.svs", "H&E");
    f.addSlide(keep, "/b/HE.svs", "H&E");
    ASSERT_TRUE(f.repos.slides.setViewState(s, {10, 20, 4}).ok());
    ASSERT_TRUE(f.repos.cases.remove(c).ok());
    EXPECT_FALSE(f.repos.slides.get(s).ok());
    auto st = f.db->prepare("SELECT (SELECT count(*) FROM slides), (SELECT count(*) FROM slide_views)");
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->columnInt(0), 1);
    EXPECT_EQ(st->columnInt(1), 0);
}

TEST(CaseRepo, ListsWithSlideCountsStainsAndFilters) {
    Fixture f;
    const auto a = f.addCase("S26-01234", "thigh", "leiomyosarcoma", 100);
    const auto b = f.addCase("S26-05555", "stomach", "GIST", 300);
    const auto c = f.addCase("S25-00001", "retroperitoneum", "liposarcoma", 200);
    f.addSlide(a, "/x/a-he.svs", "H&E");
    f.addSlide(a, "/x/a-desmin.tiff", "desmin");
    f.addSlide(a, "/x/a-he2.svs", "he");  // canonicalised, listed once
    f.addSlide(b, "/x/b-he.svs", "H&E");
    f.addSlide(b, "/x/b-kit.tiff", "c-kit");
    f.addSlide(b, "/x/b-untagged.tiff", "");
    (void)c;

    auto all = f.repos.cases.list({});
    ASSERT_TRUE(all.ok()) << all.error();
    ASSERT_EQ(all->size(), 3u);
    // Most recently modified first: adding slides touched a and b.
    EXPECT_EQ((*all)[2].record.accession, "S25-00001");
    for (const auto& s : *all) {
        if (s.record.id == a) {
            EXPECT_EQ(s.slideCount, 3);
            EXPECT_EQ(s.stains, (std::vector<std::string>{"H&E", "desmin"}));
        } else if (s.record.id == b) {
            EXPECT_EQ(s.slideCount, 3);
            EXPECT_EQ(s.stains, (std::vector<std::string>{"H&E", "CD117"}));
        } else {
            EXPECT_EQ(s.slideCount, 0);
            EXPECT_TRUE(s.stains.empty());
        }
        EXPECT_EQ(s.missingSlides, -1);  // not checked unless asked
    }
    EXPECT_EQ(f.accessions({"gist", "", false, false}), (std::vector<std::string>{"S26-05555"}));
    EXPECT_EQ(f.accessions({"SARCOMA", "", false, false}).size(), 2u);
    EXPECT_EQ(f.accessions({"s25", "", false, false}), (std::vector<std::string>{"S25-00001"}));
    EXPECT_EQ(f.accessions({"", "kit", false, false}), (std::vector<std::string>{"S26-05555"}));
    EXPECT_EQ(f.accessions({"", "Desmin", false, false}), (std::vector<std::string>{"S26-01234"}));
    EXPECT_EQ(f.accessions({"stomach", "desmin", false, false}), std::vector<std::string>{});
    EXPECT_EQ(f.accessions({"nothing like it", "", false, false}), std::vector<std::string>{});
    // No slide file exists at /x: every case with slides has missing ones.
    auto missing = f.repos.cases.list({"", "", true, false});
    ASSERT_TRUE(missing.ok());
    ASSERT_EQ(missing->size(), 2u);
    for (const auto& s : *missing) EXPECT_EQ(s.missingSlides, 3);
}

TEST(CaseRepo, SearchTextIsALiteralNotAPattern) {
    Fixture f;
    f.addCase("S26-1", "", "100% necrosis");
    f.addCase("S26-2", "", "no necrosis");
    EXPECT_EQ(f.accessions({"100%", "", false, false}), (std::vector<std::string>{"S26-1"}));
    EXPECT_EQ(f.accessions({"_", "", false, false}), std::vector<std::string>{});
    EXPECT_EQ(f.accessions({"'; DROP TABLE cases; --", "", false, false}), std::vector<std::string>{});
    EXPECT_EQ(f.accessions({}).size(), 2u);
}
