// SPDX-License-Identifier: MIT
#include "storage/slide_repo.h"

#include <gtest/gtest.h>

#include <cmath>

#include "one_case_fixture.h"

using namespace histomark;

namespace {

struct Fixture : test::OneCaseFixture {
    core::CaseSlideRecord slide(const std::string& path, const std::string& stain = "", int position = -1) {
        core::CaseSlideRecord s;
        s.caseId = caseId;
        s.position = position;
        s.path = path;
        s.stain = stain;
        s.fingerprint = "fp:" + path;
        s.width = 8192;
        s.height = 6144;
        return s;
    }
    core::CaseSlideId add(const core::CaseSlideRecord& s) {
        auto id = repos.slides.add(s);
        EXPECT_TRUE(id.ok()) << id.error();
        return id.ok() ? *id : 0;
    }
    std::vector<std::string> order() {
        std::vector<std::string> out;
        const auto slides = repos.slides.listForCase(caseId);  // kept: value() refers into it
        for (const auto& s : slides.value()) out.push_back(s.path);
        return out;
    }
};

}  // namespace

TEST(SlideRepo, RoundTripsEveryField) {
    Fixture f;
    core::CaseSlideRecord s = f.slide("/slides/ki67 (2).tiff", "mib1", 3);
    s.mppOverrideX = 0.2527;
    s.mppOverrideY = 0.2531;
    s.toReference = core::Affine::rotation(0.1).then(core::Affine::translation(1520.5, -310.25));
    s.transformSource = core::TransformSource::Manual;
    s.transformResidualUm = 4.75;
    s.linked = false;
    s.view = core::ViewState{4100.5, 3000.25, 0.5};
    const auto id = f.add(s);
    auto back = f.repos.slides.get(id);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->id, id);
    EXPECT_EQ(back->caseId, f.caseId);
    EXPECT_EQ(back->position, 3);
    EXPECT_EQ(back->path, s.path);
    EXPECT_EQ(back->fingerprint, s.fingerprint);
    EXPECT_EQ(back->width, 8192);
    EXPECT_EQ(back->height, 6144);
    EXPECT_EQ(back->stain, "Ki-67");  // canonical
    EXPECT_EQ(back->mppOverrideX, 0.2527);
    EXPECT_EQ(back->mppOverrideY, 0.2531);
    EXPECT_EQ(back->toReference, s.toReference);  // doubles stored exactly
    EXPECT_EQ(back->transformSource, core::TransformSource::Manual);
    EXPECT_EQ(back->transformResidualUm, 4.75);
    EXPECT_FALSE(back->linked);
    EXPECT_EQ(back->view, s.view);
}

TEST(SlideRepo, SettersChangeOneThingEach) {
    Fixture f;
    const auto id = f.add(f.slide("/slides/HE.svs", "H&E"));
    ASSERT_TRUE(f.repos.slides.setStain(id, "desmin").ok());
    ASSERT_TRUE(f.repos.slides.setTransform(id, core::Affine::scaling(2), core::TransformSource::Automatic, 2.5).ok());
    ASSERT_TRUE(f.repos.slides.setLinked(id, false).ok());
    ASSERT_TRUE(f.repos.slides.setViewState(id, {1, 2, 3}).ok());
    ASSERT_TRUE(f.repos.slides.setViewState(id, {5, 6, 0.25}).ok());  // replaces
    ASSERT_TRUE(f.repos.slides.setMppOverride(id, 0.5, 0.5).ok());
    ASSERT_TRUE(f.repos.slides.relink(id, "/moved/HE.svs", "fp:new").ok());
    ASSERT_TRUE(f.repos.slides.setPosition(id, 4).ok());
    auto s = f.repos.slides.get(id).value();
    EXPECT_EQ(s.stain, "desmin");
    EXPECT_EQ(s.toReference, core::Affine::scaling(2));
    EXPECT_EQ(s.transformSource, core::TransformSource::Automatic);
    EXPECT_EQ(s.transformResidualUm, 2.5);
    EXPECT_FALSE(s.linked);
    EXPECT_EQ(s.view, (core::ViewState{5, 6, 0.25}));
    EXPECT_EQ(s.mppOverrideX, 0.5);
    EXPECT_EQ(s.path, "/moved/HE.svs");
    EXPECT_EQ(s.fingerprint, "fp:new");
    EXPECT_EQ(s.position, 4);
    EXPECT_EQ(s.width, 8192);  // untouched by a relink

    ASSERT_TRUE(f.repos.slides.setMppOverride(id, std::nullopt, std::nullopt).ok());
    ASSERT_TRUE(f.repos.slides.setTransform(id, {}, core::TransformSource::None, std::nullopt).ok());
    ASSERT_TRUE(f.repos.slides.clearViewState(id).ok());
    s = f.repos.slides.get(id).value();
    EXPECT_FALSE(s.mppOverrideX || s.mppOverrideY || s.transformResidualUm || s.view);
}

TEST(SlideRepo, AppendsAtTheEndAndListsInGridOrder) {
    Fixture f;
    f.add(f.slide("a"));
    f.add(f.slide("b"));
    const auto c = f.add(f.slide("c", "", 0));  // an explicit position is kept (ties: insertion order)
    f.add(f.slide("d"));
    EXPECT_EQ(f.order(), (std::vector<std::string>{"a", "c", "b", "d"}));
    EXPECT_EQ(f.repos.slides.get(c)->position, 0);
    EXPECT_EQ(f.repos.slides.listForCase(f.caseId)->back().position, 2);
    ASSERT_TRUE(f.repos.slides.setPosition(c, 9).ok());
    EXPECT_EQ(f.order(), (std::vector<std::string>{"a", "b", "d", "c"}));
    ASSERT_TRUE(f.repos.slides.remove(f.repos.slides.listForCase(f.caseId)->front().id).ok());
    EXPECT_EQ(f.order(), (std::vector<std::string>{"b", "d", "c"}));
}

TEST(SlideRepo, FindsSlidesByFingerprintAcrossCases) {
    Fixture f;
    core::CaseRecord other;
    other.accession = "S26-2";
    const auto c2 = f.repos.cases.create(other).value();
    f.add(f.slide("/a/HE.svs"));
    auto s = f.slide("/b/HE-copy.svs");
    s.caseId = c2;
    s.fingerprint = "fp:/a/HE.svs";
    f.add(s);
    f.add(f.slide("/a/other.svs"));
    auto found = f.repos.slides.findByFingerprint("fp:/a/HE.svs");
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].caseId, f.caseId);
    EXPECT_EQ((*found)[1].caseId, c2);
    EXPECT_TRUE(f.repos.slides.findByFingerprint("nothing")->empty());
}

TEST(SlideRepo, RefusesBadInputWithMessages) {
    Fixture f;
    const auto id = f.add(f.slide("/a/HE.svs"));
    auto orphan = f.slide("/a/x.svs");
    orphan.caseId = 999;
    EXPECT_EQ(f.repos.slides.add(orphan).error(), "No case with id 999");
    EXPECT_EQ(f.repos.slides.add(f.slide("")).error(), "A slide needs a file path");
    EXPECT_EQ(f.repos.slides.get(77).error(), "No slide with id 77");
    EXPECT_EQ(f.repos.slides.setStain(77, "H&E").error(), "No slide with id 77");
    EXPECT_EQ(f.repos.slides.setViewState(77, {1, 1, 1}).error(), "No slide with id 77");
    EXPECT_EQ(f.repos.slides.remove(77).error(), "No slide with id 77");
    EXPECT_EQ(f.repos.slides.clearViewState(77).error(), "No slide with id 77");
    EXPECT_FALSE(f.repos.slides.setViewState(id, {1, 1, 0}).ok());
    EXPECT_FALSE(f.repos.slides.setViewState(id, {NAN, 1, 1}).ok());
    EXPECT_FALSE(f.repos.slides.setMppOverride(id, -0.25, 0.25).ok());
    EXPECT_FALSE(f.repos.slides.setTransform(id, {INFINITY, 0, 0, 0, 1, 0}, core::TransformSource::Manual, {}).ok());
    EXPECT_TRUE(f.repos.slides.get(id)->toReference.isIdentity());
}

TEST(AppStateRepo, StoresReplacesAndRemovesValues) {
    auto db = storage::Database::openInMemory();
    ASSERT_TRUE(db.ok());
    storage::Repositories repos(**db);
    EXPECT_FALSE(repos.state.get("open_case")->has_value());
    ASSERT_TRUE(repos.state.set("open_case", "7").ok());
    ASSERT_TRUE(repos.state.set("open_case", "8").ok());
    ASSERT_TRUE(repos.state.set("case_filter", R"({"text":"gist"})").ok());
    EXPECT_EQ(repos.state.get("open_case").value(), std::optional<std::string>("8"));
    EXPECT_EQ(repos.state.get("case_filter").value(), std::optional<std::string>(R"({"text":"gist"})"));
    ASSERT_TRUE(repos.state.remove("open_case").ok());
    ASSERT_TRUE(repos.state.remove("never_set").ok());
    EXPECT_FALSE(repos.state.get("open_case")->has_value());
}
