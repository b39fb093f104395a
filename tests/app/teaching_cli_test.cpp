// SPDX-License-Identifier: MIT
// `histomark teaching ...` on a copy of the teaching project the build generates (QUIZ-001: the
// demo H&E, the drawn figures as the reference "answer key", its count region on the hotspot).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

const std::filesystem::path kDemo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";

struct Pt {
    double x, y;
};

void writePoints(const std::filesystem::path& file, const std::vector<Pt>& points) {
    json features = json::array();
    for (const auto& p : points)
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {p.x, p.y}}}},
                            {"properties", {{"objectType", "annotation"}, {"classification", {{"name", "Mitosis"}}}}}});
    std::ofstream(file) << json{{"type", "FeatureCollection"}, {"features", features}}.dump(1);
}

}  // namespace

TEST(TeachingCli, ALearnersFiguresAreScoredAgainstTheAnswerKeyInItsBox) {
    ASSERT_TRUE(std::filesystem::exists(kDemo / "teaching.hmproj")) << "the build writes it (target demo_case)";
    const auto dir = tempDir("teaching-cli");
    std::filesystem::copy_file(kDemo / "teaching.hmproj", dir / "t.hmproj");
    const std::string project = quote((dir / "t.hmproj").string());

    const json list = hmJson("teaching list " + project);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["case"], "QUIZ-001");
    EXPECT_EQ(list[0]["reference"], "answer key");
    EXPECT_NE(list[0]["question"].get<std::string>().find("inside the box"), std::string::npos);
    EXPECT_TRUE(list[0]["submissions"].empty());

    // The learner: every figure in the hotspot but two, 5 px (1.25 µm) off; one stray mark in the
    // box far from any figure; three figures outside the box (not asked for).
    std::ifstream in(kDemo / "truth.json");
    const json truth = json::parse(in);
    const json& h = truth["hotspot"];
    const double hx = h["x"], hy = h["y"], hw = h["width"], hh = h["height"];
    std::vector<Pt> inBox, outside, all;
    for (const auto& f : truth["mitoticFigures"]) {
        const Pt p{f["x"].get<double>(), f["y"].get<double>()};
        all.push_back(p);
        (p.x >= hx && p.x < hx + hw && p.y >= hy && p.y < hy + hh ? inBox : outside).push_back(p);
    }
    ASSERT_EQ(int(inBox.size()), h["mitoticFigures"].get<int>());
    ASSERT_GE(inBox.size(), 10u);
    std::vector<Pt> learner;
    for (size_t i = 2; i < inBox.size(); ++i) learner.push_back({inBox[i].x + 5, inBox[i].y - 3});
    for (size_t i = 0; i < 3; ++i) learner.push_back(outside[i]);
    Pt stray{hx + 10, hy + 10};
    for (double y = hy + 10; y < hy + hh; y += 37)  // a place in the box at least 20 µm from every figure
        for (double x = hx + 10; x < hx + hw; x += 41) {
            bool clear = true;
            for (const Pt& p : all) clear &= std::hypot(p.x - x, p.y - y) * 0.25 > 20;
            if (clear) stray = {x, y}, y = hy + hh, x = hx + hw;
        }
    learner.push_back(stray);
    writePoints(dir / "sam.geojson", learner);
    auto imported = hm("marks import " + project + " " + quote((dir / "sam.geojson").string()) + " --case QUIZ-001 --slide 1 --reader sam");
    ASSERT_EQ(imported.exitCode, 0) << imported.err;

    // The desmin: sam calls it positive 2+ diffuse, 85 % (the answer: positive 3+ diffuse
    // cytoplasmic, 100 %); the slide's own record stays the answer.
    auto read = hm("record-marker " + project + " --case QUIZ-001 --slide desmin --result positive --intensity 2+ --extent 85 "
                   "--distribution diffuse --learner sam");
    ASSERT_EQ(read.exitCode, 0) << read.err;
    EXPECT_NE(read.out.find("sam's reading"), std::string::npos) << read.out;
    EXPECT_EQ(hmJson("markers " + project + " --case QUIZ-001")["markers"][0]["intensity"], 3);

    json score = hmJson("teaching score " + project + " --learner sam");
    ASSERT_EQ(score["cases"].size(), 1u);
    const json& c = score["cases"][0];
    ASSERT_EQ(c["markers"].size(), 1u);
    const json& d = c["markers"][0];
    EXPECT_EQ(d["marker"], "desmin");
    EXPECT_EQ(d["answered"], true);
    EXPECT_EQ(d["reference_result"], "positive");
    EXPECT_EQ(d["learner_result"], "positive");
    EXPECT_EQ(d["result_agrees"], true);
    EXPECT_EQ(d["reference_intensity"], "3+");
    EXPECT_EQ(d["learner_intensity"], "2+");
    EXPECT_EQ(d["intensity_agrees"], false);
    EXPECT_EQ(d["distribution_agrees"], true);
    EXPECT_EQ(d["compartments_agree"], false);  // sam named none
    EXPECT_EQ(d["learner_compartments"], nullptr);
    EXPECT_DOUBLE_EQ(d["extent_difference"].get<double>(), -15);
    EXPECT_EQ(d["extent_agrees"], false);
    EXPECT_EQ(score["marker_results_asked"], 1);
    EXPECT_EQ(score["marker_results_agreed"], 1);
    // The click-in-region question (the three largest vessels): asked, sam clicked none.
    ASSERT_EQ(c["regions"].size(), 1u);
    EXPECT_EQ(c["regions"][0]["class"], "vessel");
    EXPECT_EQ(c["regions"][0]["regions"], 3);
    EXPECT_EQ(c["regions"][0]["regions_found"], 0);
    EXPECT_EQ(c["regions"][0]["clicks"], 0);
    EXPECT_EQ(score["regions_asked"], 3);
    EXPECT_EQ(score["regions_found"], 0);
    EXPECT_EQ(c["submitted"], false);
    ASSERT_EQ(c["slides"].size(), 1u);
    const json& s = c["slides"][0];
    const int n = int(inBox.size());
    EXPECT_EQ(s["in_count_area"], true);
    EXPECT_EQ(s["reference_marks"], n);
    EXPECT_EQ(s["learner_marks"], n - 1);
    EXPECT_EQ(s["tp"], n - 2);
    EXPECT_EQ(s["fn"], 2);
    EXPECT_EQ(s["fp"], 1);
    EXPECT_EQ(s["reference_count"], n);
    EXPECT_EQ(s["learner_count"], n - 1);
    EXPECT_NEAR(s["area_mm2"].get<double>(), 0.48 * 0.36, 1e-3);
    EXPECT_EQ(s["reference_mitotic_score"], 3);
    EXPECT_EQ(s["mitotic_score_agrees"], true);
    EXPECT_DOUBLE_EQ(score["f1"].get<double>(), 2.0 * (n - 2) / (2.0 * (n - 2) + 1 + 2));
    EXPECT_EQ(score["radius_um"], 7.5);

    // Handing in, once; the educator reopens it.
    ASSERT_EQ(hm("teaching submit " + project + " --case QUIZ-001 --learner sam").exitCode, 0);
    auto late = hm("record-marker " + project + " --case QUIZ-001 --slide desmin --result negative --learner sam");
    EXPECT_EQ(late.exitCode, 1);
    EXPECT_NE(late.err.find("has submitted"), std::string::npos) << late.err;
    score = hmJson("teaching score " + project + " --case QUIZ-001 --learner sam");
    EXPECT_EQ(score["cases"][0]["submitted"], true);
    EXPECT_TRUE(score["cases"][0]["submitted_unix"].is_number());
    EXPECT_EQ(hmJson("teaching list " + project)[0]["submissions"][0]["learner"], "sam");
    auto reopened = hm("teaching reopen " + project + " --case QUIZ-001 --learner sam");
    EXPECT_EQ(reopened.exitCode, 0);
    EXPECT_NE(reopened.out.find("again"), std::string::npos);
    EXPECT_EQ(hmJson("teaching score " + project + " --learner sam")["cases"][0]["submitted"], false);

    // The educator's table: one row per learner and question (the answer key is no learner).
    const json rows = hmJson("teaching results " + project);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["learner"], "sam");
    EXPECT_EQ(rows[0]["case"], "QUIZ-001");
    EXPECT_EQ(rows[0]["tp"], n - 2);
    EXPECT_EQ(rows[0]["learner_count"], n - 1);
    EXPECT_EQ(rows[0]["mitotic_score_agrees"], true);
    EXPECT_EQ(rows[0]["markers_asked"], 1);
    EXPECT_EQ(rows[0]["markers_agreed"], 1);
    auto csv = hm("teaching results " + project + " --csv");
    EXPECT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "learner,case,submitted,tp,fp,fn,f1,learner_count,reference_count,mitotic_score_agrees,markers_asked,"
                                                         "markers_agreed,regions_asked,regions_found,region_clicks,region_clicks_inside");
    EXPECT_NE(csv.out.find("sam,QUIZ-001,no," + std::to_string(n - 2) + ",1,2,"), std::string::npos) << csv.out;

    // The text form names what was found and missed.
    auto text = hm("teaching score " + project + " --learner sam");
    EXPECT_EQ(text.exitCode, 0);
    EXPECT_NE(text.out.find("found " + std::to_string(n - 2) + " of " + std::to_string(n)), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("mitotic score 3 against 3 (agrees)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("(desmin): positive against positive (agrees); intensity differs"), std::string::npos) << text.out;
}

TEST(TeachingCli, ACaseBecomesATeachingCaseAndWrongRequestsAreNamed) {
    const auto dir = tempDir("teaching-cli-set");
    std::filesystem::copy_file(kDemo / "demo-case.hmproj", dir / "d.hmproj");
    const std::string project = quote((dir / "d.hmproj").string());

    auto notYet = hm("teaching score " + project + " --learner sam");
    EXPECT_EQ(notYet.exitCode, 1);
    EXPECT_NE(notYet.err.find("no teaching cases"), std::string::npos) << notYet.err;
    auto notTeaching = hm("teaching submit " + project + " --case DEMO-LMS-001 --learner sam");
    EXPECT_EQ(notTeaching.exitCode, 1);
    EXPECT_NE(notTeaching.err.find("is not a teaching case"), std::string::npos) << notTeaching.err;

    auto set = hm("teaching set " + project + " --case DEMO-LMS-001 --reference teacher --question 'Grade it'");
    EXPECT_EQ(set.exitCode, 0) << set.err;
    EXPECT_NE(set.err.find("has no mitotic figures marked"), std::string::npos) << set.err;
    auto empty = hmJson("teaching score " + project + " --learner sam");
    EXPECT_TRUE(empty["cases"][0]["slides"].empty());  // no answer yet: nothing scored, no error
    EXPECT_EQ(empty["tp"], 0);

    auto self = hm("teaching score " + project + " --learner teacher");
    EXPECT_EQ(self.exitCode, 1);
    EXPECT_NE(self.err.find("is the reference reader"), std::string::npos) << self.err;
    auto unknown = hm("teaching set " + project + " --case NO-SUCH --reference teacher");
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("NO-SUCH"), std::string::npos) << unknown.err;
    EXPECT_NE(hm("teaching set " + project + " --case DEMO-LMS-001").exitCode, 0);  // --reference is required
    auto missing = hm("teaching list " + quote((dir / "none.hmproj").string()));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("No such project file"), std::string::npos) << missing.err;

    auto self2 = hm("record-marker " + project + " --case DEMO-LMS-001 --slide desmin --result positive --learner teacher");
    EXPECT_EQ(self2.exitCode, 1);
    EXPECT_NE(self2.err.find("reference reader"), std::string::npos) << self2.err;
    // Nor may the key be handed in as a learner's answer.
    auto keyIn = hm("teaching submit " + project + " --case DEMO-LMS-001 --learner teacher");
    EXPECT_EQ(keyIn.exitCode, 1);
    EXPECT_NE(keyIn.err.find("is the reference reader of case DEMO-LMS-001"), std::string::npos) << keyIn.err;
    EXPECT_EQ(hm("teaching submit " + project + " --case DEMO-LMS-001 --learner ''").exitCode, 1);
    ASSERT_EQ(hm("teaching unset " + project + " --case DEMO-LMS-001").exitCode, 0);
    auto ordinary = hm("record-marker " + project + " --case DEMO-LMS-001 --slide desmin --result positive --learner sam");
    EXPECT_EQ(ordinary.exitCode, 1);
    EXPECT_NE(ordinary.err.find("is not a teaching case"), std::string::npos) << ordinary.err;
    EXPECT_TRUE(hmJson("teaching list " + project).empty());
}

TEST(TeachingCli, ASelfStudyPackScoresItselfAndAPackIsNoPlaceToChangeTheSet) {
    const auto dir = tempDir("teaching-cli-pack");
    std::filesystem::copy_file(kDemo / "teaching.hmproj", dir / "t.hmproj");
    const std::string project = quote((dir / "t.hmproj").string()), pack = quote((dir / "self.hmproj").string());

    auto written = hm("teaching pack " + project + " --out " + pack + " --with-answers");
    ASSERT_EQ(written.exitCode, 0) << written.err;
    EXPECT_NE(written.out.find("With the answers"), std::string::npos) << written.out;
    const json list = hmJson("teaching list " + pack);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["case"], "Question 1");  // blinded: QUIZ-001 is not in the pack
    EXPECT_EQ(list[0]["reference"], "answer key");

    // The learner answers in the pack and scores it there: the answer key travelled with it.
    std::ifstream in(kDemo / "truth.json");
    const json truth = json::parse(in);
    const json& h = truth["hotspot"];
    std::vector<Pt> found;
    for (const auto& f : truth["mitoticFigures"]) {
        const double x = f["x"], y = f["y"];
        if (found.size() < 4 && x >= h["x"] && x < h["x"].get<double>() + h["width"].get<double>() && y >= h["y"] &&
            y < h["y"].get<double>() + h["height"].get<double>())
            found.push_back({x + 2, y - 2});
    }
    writePoints(dir / "sam.geojson", found);
    ASSERT_EQ(hm("marks import " + pack + " " + quote((dir / "sam.geojson").string()) + " --case 'Question 1' --slide 1 --reader sam").exitCode, 0);
    ASSERT_EQ(hm("teaching submit " + pack + " --case 'Question 1' --learner sam").exitCode, 0);
    const json local = hmJson("teaching score " + pack + " --learner sam");
    EXPECT_EQ(local["tp"], 4);
    EXPECT_EQ(local["fp"], 0);

    // Collected, the project scores it the same.
    auto got = hm("teaching collect " + project + " " + pack);
    ASSERT_EQ(got.exitCode, 0) << got.err;
    EXPECT_NE(got.out.find("sam: 4 marks, 0 IHC readings, 1 question submitted"), std::string::npos) << got.out;
    EXPECT_EQ(hmJson("teaching score " + project + " --learner sam")["tp"], 4);

    // Refused, with the reason: the set changed in a pack, a pack over an existing file, a pack of
    // a pack, a foreign project's pack, a missing pack.
    for (const std::string& cmd : {"teaching set " + pack + " --case 'Question 1' --reference sam",
                                   "teaching unset " + pack + " --case 'Question 1'"}) {
        auto r = hm(cmd);
        EXPECT_EQ(r.exitCode, 1) << cmd;
        EXPECT_NE(r.err.find("learner's teaching pack"), std::string::npos) << r.err;
    }
    auto exists = hm("teaching pack " + project + " --out " + pack);
    EXPECT_EQ(exists.exitCode, 1);
    EXPECT_NE(exists.err.find("exists"), std::string::npos) << exists.err;
    auto ofPack = hm("teaching pack " + pack + " --out " + quote((dir / "again.hmproj").string()));
    EXPECT_EQ(ofPack.exitCode, 1);
    EXPECT_NE(ofPack.err.find("itself a teaching pack"), std::string::npos) << ofPack.err;
    const std::string other = quote((dir / "other.hmproj").string());
    ASSERT_EQ(hm("case create " + other + " --accession S26-00001").exitCode, 0);
    auto foreign = hm("teaching collect " + other + " " + pack);
    EXPECT_EQ(foreign.exitCode, 1);
    EXPECT_NE(foreign.err.find("another project"), std::string::npos) << foreign.err;
    auto missing = hm("teaching collect " + project + " " + quote((dir / "none.hmproj").string()));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("No such teaching pack"), std::string::npos) << missing.err;
}
