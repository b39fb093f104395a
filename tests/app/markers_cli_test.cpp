// SPDX-License-Identifier: MIT
// `histomark record-marker` over an earlier reading, and the cautions `markers` shows, on a copy of
// the demo case's project.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

const std::filesystem::path kDemo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";

json markerOf(const std::string& project, const std::string& stain) {
    const json panel = hmJson("markers " + project + " --case DEMO-LMS-001");
    for (const json& m : panel.at("markers"))
        if (m.at("stain") == stain) return m;
    ADD_FAILURE() << "no " << stain << " in " << panel.dump();
    return {};
}

}  // namespace

TEST(MarkersCli, ARecordingKeepsTheEarlierFieldsItDoesNotGiveAndSaysSo) {
    const auto dir = tempDir("markers-merge");
    std::filesystem::copy_file(kDemo / "demo-case.hmproj", dir / "c.hmproj");
    const std::string project = quote((dir / "c.hmproj").string());
    const std::string rec = "record-marker " + project + " --case DEMO-LMS-001 --slide desmin ";

    auto first = hm(rec + "--result positive --intensity 3+ --extent 90 --distribution diffuse --compartment cytoplasmic "
                          "--internal-control ok --comment 'spindle cells' --reader A");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    EXPECT_EQ(first.err, "");
    // A second look changes the extent only: intensity, pattern, controls and comment stay.
    auto second = hm(rec + "--result positive --extent 70 --reader B");
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_NE(second.out.find("desmin positive 3+ diffuse (70 %)"), std::string::npos) << second.out;
    EXPECT_NE(second.err.find("kept from the earlier reading: intensity 3+, diffuse, cytoplasmic"), std::string::npos) << second.err;
    json m = markerOf(project, "desmin");
    EXPECT_EQ(m.at("intensity"), 3);
    EXPECT_EQ(m.at("extent_percent"), 70);
    EXPECT_EQ(m.at("compartment"), "cytoplasmic");
    EXPECT_EQ(m.at("internal_control"), true);
    EXPECT_EQ(m.at("comment"), "spindle cells");
    EXPECT_EQ(m.at("reader"), "B");
    EXPECT_TRUE(m.at("cautions").empty());

    // A changed result drops the staining it no longer describes.
    auto negative = hm(rec + "--result negative --reader B");
    ASSERT_EQ(negative.exitCode, 0) << negative.err;
    EXPECT_NE(negative.err.find("dropped the earlier intensity 3+, extent 70 %, diffuse"), std::string::npos) << negative.err;
    m = markerOf(project, "desmin");
    EXPECT_TRUE(m.at("intensity").is_null());
    EXPECT_TRUE(m.at("extent_percent").is_null());
    EXPECT_EQ(m.at("comment"), "spindle cells");

    // --replace starts afresh.
    ASSERT_EQ(hm(rec + "--result positive --intensity 2+ --replace").exitCode, 0);
    m = markerOf(project, "desmin");
    EXPECT_EQ(m.at("comment"), "");
    EXPECT_EQ(m.at("compartment"), "");
    EXPECT_TRUE(m.at("internal_control").is_null());
}

TEST(MarkersCli, AContradictoryReadingIsSavedWithACautionWhereverItIsShown) {
    const auto dir = tempDir("markers-caution");
    std::filesystem::copy_file(kDemo / "demo-case.hmproj", dir / "c.hmproj");
    const std::string project = quote((dir / "c.hmproj").string());
    auto r = hm("record-marker " + project + " --case DEMO-LMS-001 --slide CD117 --result negative --intensity 3+ --extent 80");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("caution: negative, yet 80 % of tumour cells stained"), std::string::npos) << r.err;
    const json m = markerOf(project, "CD117");
    EXPECT_EQ(m.at("result"), "negative");
    ASSERT_EQ(m.at("cautions").size(), 1u);
    const auto text = hm("markers " + project + " --case DEMO-LMS-001");
    EXPECT_NE(text.out.find("    caution: negative, yet 80 %"), std::string::npos) << text.out;
    // An out-of-range value is still refused, and the earlier reading stays.
    auto bad = hm("record-marker " + project + " --case DEMO-LMS-001 --slide CD117 --result positive --h-score 400");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_EQ(markerOf(project, "CD117").at("result"), "negative");
}
