// SPDX-License-Identifier: MIT
// `histomark case ...` run as a user runs it, on the demo case the build generates.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

const std::filesystem::path kDemo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";


#define HM_REQUIRE_DEMO_CASE()                                                                      \
    ASSERT_TRUE(std::filesystem::exists(kDemo / "HE.svs")) << "the build writes " << kDemo          \
                                                             << " (target demo_case)"

}  // namespace

TEST(CaseCli, CreatesAddsListsAndShowsTheDemoCase) {
    HM_REQUIRE_DEMO_CASE();
    const auto project = (tempDir("case-cli-demo") / "cases.hmproj").string();
    const std::string p = quote(project);

    json created = hmJson("case create " + p + " --accession DEMO-1 --site rectum --diagnosis 'spindle cell tumour'");
    ASSERT_TRUE(created["id"].is_number_integer());
    EXPECT_EQ(created["accession"], "DEMO-1");
    const int caseId = created["id"];
    auto second = hm("case create " + p + " --accession S26-2 --site thigh --summary 'Deep mass'");
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_EQ(second.out, std::to_string(caseId + 1) + "\n");  // text mode prints just the id
    auto dup = hm("case create " + p + " --accession demo-1");
    EXPECT_EQ(dup.exitCode, 1);
    EXPECT_NE(dup.err.find("A case with accession demo-1 already exists"), std::string::npos) << dup.err;

    // By accession or by id; stains in any spelling.
    const std::vector<std::pair<std::string, std::string>> slides = {
        {"HE.svs", "HE"}, {"desmin.tiff", "Desmin"}, {"ki67.tiff", "ki67"}, {"cd117.tiff", "c-kit"}};
    for (size_t i = 0; i < slides.size(); ++i) {
        const std::string caseRef = i % 2 ? std::to_string(caseId) : "DEMO-1";
        json s = hmJson("case add-slide " + p + " --case " + caseRef + " " + quote((kDemo / slides[i].first).string()) +
                        " --stain " + quote(slides[i].second));
        EXPECT_EQ(s["position"], int(i));
        EXPECT_EQ(s["path"], (kDemo / slides[i].first).string());
        EXPECT_GT(s["width"].get<int64_t>(), 0);
        EXPECT_FALSE(s["fingerprint"].get<std::string>().empty());
        EXPECT_EQ(s["transform_source"], i == 0 ? "identity" : "none");
    }
    auto again = hm("case add-slide " + p + " --case DEMO-1 " + quote((kDemo / "HE.svs").string()));
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.err.find("is already in case DEMO-1"), std::string::npos) << again.err;
    auto missing = hm("case add-slide " + p + " --case DEMO-1 " + quote((kDemo / "no-such.svs").string()));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("no-such.svs"), std::string::npos) << missing.err;

    json list = hmJson("case list " + p);
    ASSERT_EQ(list.size(), 2u);
    const json& demo = list[0]["accession"] == "DEMO-1" ? list[0] : list[1];
    for (const char* key : {"id", "accession", "site", "diagnosis", "slides", "stains"}) EXPECT_TRUE(demo.contains(key)) << key;
    EXPECT_EQ(demo["slides"], 4);
    EXPECT_EQ(demo["stains"], json({"H&E", "desmin", "Ki-67", "CD117"}));
    EXPECT_EQ(demo["diagnosis"], "spindle cell tumour");
    json byStain = hmJson("case list " + p + " --stain KI-67");
    ASSERT_EQ(byStain.size(), 1u);
    EXPECT_EQ(byStain[0]["accession"], "DEMO-1");
    json bySearch = hmJson("case list " + p + " --search DEEP");
    ASSERT_EQ(bySearch.size(), 1u);
    EXPECT_EQ(bySearch[0]["accession"], "S26-2");
    auto table = hm("case list " + p);
    ASSERT_EQ(table.exitCode, 0) << table.err;
    EXPECT_NE(table.out.find("ACCESSION"), std::string::npos);
    EXPECT_NE(table.out.find("H&E, desmin, Ki-67, CD117"), std::string::npos) << table.out;

    json shown = hmJson("case show " + p + " --case demo-1");
    EXPECT_EQ(shown["accession"], "DEMO-1");
    EXPECT_EQ(shown["site"], "rectum");
    ASSERT_EQ(shown["slides"].size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        const json& s = shown["slides"][i];
        for (const char* key : {"id", "position", "path", "stain", "width", "height", "fingerprint", "exists", "mpp_override",
                                "to_reference", "transform_source", "transform_residual_um", "linked", "view"})
            EXPECT_TRUE(s.contains(key)) << key;
        EXPECT_EQ(s["path"], (kDemo / slides[i].first).string());
        EXPECT_EQ(s["exists"], true);
        EXPECT_EQ(s["linked"], true);
        EXPECT_EQ(s["to_reference"], json({{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}}));
        EXPECT_TRUE(s["view"].is_null());
    }
    auto text = hm("case show " + p + " --case " + std::to_string(caseId));
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("DEMO-1"), std::string::npos);
    EXPECT_NE(text.out.find((kDemo / "ki67.tiff").string()), std::string::npos) << text.out;

    auto unknown = hm("case show " + p + " --case S99-404");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("No case 'S99-404'"), std::string::npos) << unknown.err;
}

TEST(CaseCli, SetsStainsAndRelinksAMovedSlide) {
    HM_REQUIRE_DEMO_CASE();
    const auto dir = tempDir("case-cli-relink");
    const std::string p = quote((dir / "cases.hmproj").string());
    std::filesystem::create_directories(dir / "a");
    std::filesystem::create_directories(dir / "b");
    std::filesystem::copy_file(kDemo / "ki67.tiff", dir / "a" / "ki67.tiff");
    ASSERT_EQ(hm("case create " + p + " --accession R-1").exitCode, 0);
    json added = hmJson("case add-slide " + p + " --case R-1 " + quote((dir / "a" / "ki67.tiff").string()));
    const std::string slide = std::to_string(added["id"].get<int>());
    EXPECT_EQ(added["stain"], "");

    json stained = hmJson("case set-stain " + p + " --slide " + slide + " mib-1");
    EXPECT_EQ(stained["stain"], "Ki-67");
    auto text = hm("case set-stain " + p + " --slide " + slide + " ki67");
    EXPECT_EQ(text.out, "slide " + slide + ": Ki-67\n");
    auto noSlide = hm("case set-stain " + p + " --slide 999 " + quote("H&E"));
    EXPECT_EQ(noSlide.exitCode, 1);
    EXPECT_NE(noSlide.err.find("No slide with id 999"), std::string::npos) << noSlide.err;

    // The file moves: the slide shows as missing, and nothing about it is lost.
    std::filesystem::rename(dir / "a" / "ki67.tiff", dir / "b" / "ki67.tiff");
    json shown = hmJson("case show " + p + " --case R-1");
    EXPECT_EQ(shown["slides"][0]["exists"], false);
    EXPECT_EQ(shown["slides"][0]["stain"], "Ki-67");
    json missing = hmJson("case list " + p + " --missing");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0]["missing_slides"], 1);

    // Another slide's content is refused unless forced.
    auto wrong = hm("case relink " + p + " --slide " + slide + " " + quote((kDemo / "desmin.tiff").string()));
    EXPECT_EQ(wrong.exitCode, 1);
    EXPECT_NE(wrong.err.find("is not the slide recorded as"), std::string::npos) << wrong.err;
    EXPECT_NE(wrong.err.find("--force"), std::string::npos) << wrong.err;
    EXPECT_EQ(hmJson("case show " + p + " --case R-1")["slides"][0]["path"], (dir / "a" / "ki67.tiff").string());

    json relinked = hmJson("case relink " + p + " --slide " + slide + " " + quote((dir / "b" / "ki67.tiff").string()));
    EXPECT_EQ(relinked["path"], (dir / "b" / "ki67.tiff").string());
    EXPECT_EQ(relinked["exists"], true);
    EXPECT_EQ(relinked["fingerprint"], added["fingerprint"]);
    EXPECT_EQ(relinked["stain"], "Ki-67");
    EXPECT_TRUE(hmJson("case list " + p + " --missing").empty());

    json forced = hmJson("case relink " + p + " --slide " + slide + " --force " + quote((kDemo / "desmin.tiff").string()));
    EXPECT_EQ(forced["path"], (kDemo / "desmin.tiff").string());
    EXPECT_NE(forced["fingerprint"], added["fingerprint"]);
}

TEST(CaseCli, BadProjectFilesAreRefusedAndLeftAlone) {
    const auto dir = tempDir("case-cli-bad");
    const auto notes = dir / "notes.txt";
    std::ofstream(notes) << "not a project\n";
    for (const std::string sub : {"list", "create --accession X", "show --case 1"}) {
        auto r = hm("case " + sub.substr(0, sub.find(' ')) + " " + quote(notes.string()) +
                    (sub.find(' ') == std::string::npos ? "" : sub.substr(sub.find(' '))));
        EXPECT_EQ(r.exitCode, 1) << sub;
        EXPECT_NE(r.err.find(notes.string() + " is not a Histomark project: file is not a database"), std::string::npos) << r.err;
    }
    EXPECT_EQ(fileBytes(notes), "not a project\n");

    auto none = hm("case list " + quote((dir / "none.hmproj").string()));
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.err.find("No such project file"), std::string::npos) << none.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "none.hmproj"));

    // A project from a newer build: its schema number (PRAGMA user_version, header bytes 60-63) raised.
    const auto newer = dir / "newer.hmproj";
    ASSERT_EQ(hm("case create " + quote(newer.string()) + " --accession N-1").exitCode, 0);
    {
        std::fstream f(newer, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(60);
        f.write("\0\0\0\x63", 4);  // 99
    }
    const std::string before = fileBytes(newer);
    auto r = hm("case show " + quote(newer.string()) + " --case N-1");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("was written by a newer Histomark (schema 99, this build reads up to"), std::string::npos) << r.err;
    EXPECT_EQ(fileBytes(newer), before);
}

TEST(CaseCli, HelpListsTheCaseCommands) {
    auto r = hm("case --help");
    EXPECT_EQ(r.exitCode, 0);
    for (const char* sub : {"create", "add-slide", "list", "show", "set-stain", "relink"})
        EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
    auto none = hm("case");
    EXPECT_NE(none.exitCode, 0);
}
