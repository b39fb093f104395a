// SPDX-License-Identifier: MIT
#include "storage/settings_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_data.h"

using namespace histomark;
using storage::MppOverride;
using storage::SettingsStore;

TEST(SettingsStore, RoundTripsRecentFilesAndScaleOverrides) {
    const auto file = test::tempDir("settings") / "settings.json";
    {
        SettingsStore s(file);
        ASSERT_TRUE(s.load().ok());  // no file yet: empty settings
        s.addRecent("/slides/a.svs");
        s.addRecent("/slides/b.ndpi");
        s.addRecent("/slides/a.svs");  // moves to the front, no duplicate
        s.setMppOverride("quickhash1:abc", {0.2271, 0.2272, core::MppSource::Calibrated}, "/slides/a.svs");
        EXPECT_EQ(s.slideBackend(), "");
        s.setSlideBackend("openslide");
        EXPECT_EQ(s.mitosisModel(), "") << "the built-in model until one is chosen";
        s.setMitosisModel("/lab/sarcoma-model.yml");
        ASSERT_TRUE(s.save().ok());
    }
    SettingsStore s(file);
    ASSERT_TRUE(s.load().ok());
    EXPECT_EQ(s.slideBackend(), "openslide");
    EXPECT_EQ(s.mitosisModel(), "/lab/sarcoma-model.yml");
    EXPECT_EQ(s.recent(), (std::vector<std::string>{"/slides/a.svs", "/slides/b.ndpi"}));
    auto o = s.mppOverride("quickhash1:abc");
    ASSERT_TRUE(o);
    EXPECT_DOUBLE_EQ(o->x, 0.2271);
    EXPECT_DOUBLE_EQ(o->y, 0.2272);
    EXPECT_EQ(o->source, core::MppSource::Calibrated);
    EXPECT_FALSE(s.mppOverride("quickhash1:other"));
    s.clearMppOverride("quickhash1:abc");
    EXPECT_FALSE(s.mppOverride("quickhash1:abc"));
}

TEST(SettingsStore, KeepsOnlyTheMostRecentFiles) {
    SettingsStore s(test::tempDir("settings-recent") / "settings.json");
    for (int i = 0; i < 20; ++i) s.addRecent("/s/" + std::to_string(i));
    ASSERT_EQ(s.recent().size(), SettingsStore::kMaxRecent);
    EXPECT_EQ(s.recent().front(), "/s/19");
}

TEST(SettingsStore, ACorruptFileIsKeptAsideNotOverwritten) {
    const auto dir = test::tempDir("settings-corrupt");
    const auto file = dir / "settings.json";
    std::ofstream(file) << "{ \"recent\": [ \"/a.svs\", ";  // truncated by a crash
    SettingsStore s(file);
    auto status = s.load();
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.error().find("could not be read"), std::string::npos) << status.error();
    EXPECT_TRUE(std::filesystem::exists(dir / "settings.json.corrupt"));
    EXPECT_TRUE(s.recent().empty());
    s.addRecent("/b.svs");
    ASSERT_TRUE(s.save().ok());
    EXPECT_TRUE(std::filesystem::exists(dir / "settings.json.corrupt"));  // the user's old file survives
}

TEST(SettingsStore, FingerprintPrefersOpenSlideContentHash) {
    core::SlideInfo info;
    info.path = "/nowhere/slide.svs";
    info.properties["openslide.quickhash-1"] = "6335ea0e";
    EXPECT_EQ(storage::fingerprintOf(info), "quickhash1:6335ea0e");
    info.properties.clear();
    EXPECT_EQ(storage::fingerprintOf(info), "name-size:slide.svs:0");
}
