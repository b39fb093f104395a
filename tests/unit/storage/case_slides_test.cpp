// SPDX-License-Identifier: MIT
// Adding, tagging and relinking case slides (shared by the CLI and the case window).
#include "storage/case_slides.h"

#include <gtest/gtest.h>

#include <fstream>

#include "one_case_fixture.h"
#include "support/test_data.h"

using namespace histomark;

namespace {

core::SlideInfo slideFile(const std::string& path, const std::string& quickhash, int64_t w = 4096, int64_t h = 3072) {
    core::SlideInfo info;
    info.path = path;
    info.levels.push_back({w, h, 1, 256, 256});
    if (!quickhash.empty()) info.properties["openslide.quickhash-1"] = quickhash;
    return info;
}

using Fixture = test::OneCaseFixture;

}  // namespace

TEST(CaseSlides, ANewSlideRecordsWhatTheFileIs) {
    const auto r = storage::newCaseSlide(3, slideFile("relative/../HE.svs", "abc"), " he ");
    EXPECT_EQ(r.caseId, 3);
    EXPECT_EQ(r.position, -1);
    EXPECT_TRUE(std::filesystem::path(r.path).is_absolute());
    EXPECT_EQ(r.path, (std::filesystem::current_path() / "HE.svs").string());
    EXPECT_EQ(r.fingerprint, "quickhash1:abc");
    EXPECT_EQ(r.width, 4096);
    EXPECT_EQ(r.stain, "H&E");
    EXPECT_EQ(r.transformSource, core::TransformSource::Identity);
    EXPECT_EQ(storage::newCaseSlide(3, slideFile("/x/k.tiff", "d"), "ki67").transformSource, core::TransformSource::None);
}

TEST(CaseSlides, AddRefusesTheSameContentTwiceInOneCase) {
    Fixture f;
    auto first = storage::addSlideToCase(f.repos, f.caseId, slideFile("/a/HE.svs", "abc"), "H&E");
    ASSERT_TRUE(first.ok()) << first.error();
    EXPECT_EQ(first->position, 0);
    auto copy = storage::addSlideToCase(f.repos, f.caseId, slideFile("/b/HE-copy.svs", "abc"), "H&E");
    ASSERT_FALSE(copy.ok());
    EXPECT_EQ(copy.error(), "/b/HE-copy.svs is already in case S26-01234 (slide " + std::to_string(first->id) + ", /a/HE.svs)");
    auto second = storage::addSlideToCase(f.repos, f.caseId, slideFile("/a/desmin.tiff", "def"), "Desmin");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->position, 1);
    EXPECT_EQ(second->stain, "desmin");
    EXPECT_EQ(storage::addSlideToCase(f.repos, 99, slideFile("/a/x.svs", "x"), "").error(), "No case with id 99");
}

TEST(CaseSlides, StainChangesKeepTheReferenceRuleButNeverDropAnAlignment) {
    Fixture f;
    const auto id = storage::addSlideToCase(f.repos, f.caseId, slideFile("/a/s.svs", "1"), "").value().id;
    auto s = storage::setSlideStain(f.repos, id, "he");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s->stain, "H&E");
    EXPECT_EQ(s->transformSource, core::TransformSource::Identity);
    s = storage::setSlideStain(f.repos, id, "CD34");
    EXPECT_EQ(s->transformSource, core::TransformSource::None);
    ASSERT_TRUE(f.repos.slides.setTransform(id, core::Affine::translation(5, 5), core::TransformSource::Manual, 1.0).ok());
    s = storage::setSlideStain(f.repos, id, "H&E");
    EXPECT_EQ(s->transformSource, core::TransformSource::Manual);
    EXPECT_EQ(s->toReference, core::Affine::translation(5, 5));
    EXPECT_EQ(storage::setSlideStain(f.repos, 99, "H&E").error(), "No slide with id 99");
}

TEST(CaseSlides, RelinkChecksTheContentUnlessForced) {
    Fixture f;
    const auto added = storage::addSlideToCase(f.repos, f.caseId, slideFile("/old/ki67.tiff", "k1"), "Ki-67").value();
    ASSERT_TRUE(f.repos.slides.setTransform(added.id, core::Affine::translation(3, 4), core::TransformSource::Automatic, 2).ok());

    auto wrong = storage::relinkSlide(f.repos, added.id, slideFile("/new/other.tiff", "zz"), false);
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().find("/new/other.tiff is not the slide recorded as /old/ki67.tiff"), std::string::npos) << wrong.error();
    EXPECT_EQ(f.repos.slides.get(added.id)->path, "/old/ki67.tiff");

    auto moved = storage::relinkSlide(f.repos, added.id, slideFile("/new/ki67.tiff", "k1"), false);
    ASSERT_TRUE(moved.ok()) << moved.error();
    EXPECT_EQ(moved->path, "/new/ki67.tiff");
    EXPECT_EQ(moved->toReference, core::Affine::translation(3, 4));  // the alignment belongs to the content: kept
    EXPECT_EQ(moved->stain, "Ki-67");

    auto forced = storage::relinkSlide(f.repos, added.id, slideFile("/new/recut.tiff", "k2", 5000, 4000), true);
    ASSERT_TRUE(forced.ok()) << forced.error();
    EXPECT_EQ(forced->fingerprint, "quickhash1:k2");
    EXPECT_EQ(forced->width, 5000);
    EXPECT_EQ(forced->height, 4000);
}

TEST(CaseSlides, PresenceIsCheckedOnDisk) {
    const auto dir = test::tempDir("case-slides-present");
    core::CaseSlideRecord r;
    r.path = (dir / "HE.svs").string();
    EXPECT_FALSE(storage::slideFilePresent(r));
    std::ofstream(dir / "HE.svs") << "x";
    EXPECT_TRUE(storage::slideFilePresent(r));
    r.path = dir.string();  // a folder is not a slide file
    EXPECT_FALSE(storage::slideFilePresent(r));
}
