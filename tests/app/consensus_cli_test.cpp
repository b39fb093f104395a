// SPDX-License-Identifier: MIT
// `histomark consensus` on a copy of the teaching project: the answer key and two readers who
// each missed some figures and marked one stray, voted into one set and written back.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/histomark_cli.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

void writePoints(const std::filesystem::path& file, const std::vector<std::pair<double, double>>& points,
                 const std::vector<std::string>& classes = {}) {
    json features = json::array();
    for (size_t i = 0; i < points.size(); ++i)
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {points[i].first, points[i].second}}}},
                            {"properties", {{"classification", {{"name", i < classes.size() ? classes[i] : "Mitosis"}}}}}});
    std::ofstream(file) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

// The two readers of the tests below on a copy of the teaching project: A marks the first 28
// figures (0.75 µm off) and a stray at (100, 100); B the last 28 (1 µm off) and a stray at (5000, 5000).
std::vector<std::pair<double, double>> figuresAndTwoReaders(const std::filesystem::path& dir, const std::string& p) {
    std::ifstream in(std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case/truth.json");
    const json truth = json::parse(in);
    std::vector<std::pair<double, double>> figures, a, b;
    for (const auto& f : truth["mitoticFigures"]) figures.emplace_back(f["x"].get<double>(), f["y"].get<double>());
    for (size_t i = 0; i < 28; ++i) a.emplace_back(figures[i].first + 3, figures[i].second);
    for (size_t i = 5; i < figures.size(); ++i) b.emplace_back(figures[i].first, figures[i].second - 4);
    a.emplace_back(100, 100), b.emplace_back(5000, 5000);
    writePoints(dir / "a.geojson", a), writePoints(dir / "b.geojson", b);
    EXPECT_EQ(hm("marks import " + p + quote((dir / "a.geojson").string()) + " --reader A").exitCode, 0);
    EXPECT_EQ(hm("marks import " + p + quote((dir / "b.geojson").string()) + " --reader B").exitCode, 0);
    return figures;
}

}  // namespace

TEST(ConsensusCli, ThreeReadersVoteAndTheDisputedCellsAreLeftToAdjudicate) {
    const auto dir = tempDir("consensus-cli");
    const auto samples = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "t.hmproj");
    const std::string p = quote((dir / "t.hmproj").string()) + " --case QUIZ-001 --slide 1 ";
    const auto figures = figuresAndTwoReaders(dir, p);
    ASSERT_EQ(figures.size(), 33u);

    // Majority (2 of 3): every figure has at least two votes (23 all three, 10 two); each stray one.
    const std::string voters = "--reader 'answer key' --reader A --reader B ";
    for (int round = 0; round < 2; ++round) {  // written twice: the second time replaces, asked for by name
        if (round == 1) {
            auto refused = hm("consensus " + p + voters + "--write consensus");
            EXPECT_EQ(refused.exitCode, 1);
            EXPECT_NE(refused.err.find("reader consensus already has 35 marks"), std::string::npos) << refused.err;
            EXPECT_NE(refused.err.find("--replace"), std::string::npos) << refused.err;
            EXPECT_EQ(hmJson("marks list " + p + "--reader consensus --json")["total"], 35) << "nothing replaced";
        }
        const json c = hmJson("consensus " + p + voters + "--write consensus" + (round == 1 ? " --replace" : "") + " --json");
        EXPECT_EQ(c["min_votes"], 2);
        EXPECT_EQ(c["figures"], 33);
        EXPECT_EQ(c["disputed"], 2);
        EXPECT_EQ(c["by_votes"]["3"], 23);
        EXPECT_EQ(c["by_votes"]["2"], 10);
        EXPECT_EQ(c["by_votes"]["1"], 2);
        EXPECT_EQ(c["per_reader"][1]["reader"], "A");
        EXPECT_EQ(c["per_reader"][1]["marks"], 29);
        EXPECT_EQ(c["per_reader"][1]["in_consensus"], 28);
        EXPECT_EQ(c["written_as"], "consensus");
        const json listed = hmJson("marks list " + p + "--reader consensus --json");
        EXPECT_EQ(listed["total"], 35);
        EXPECT_EQ(listed["by_class"]["mitotic figure"], 33);
        EXPECT_EQ(listed["by_class"]["uncertain"], 2);
    }
    // The written figures are the answer key's (one to one within 7.5 µm).
    const json agree = hmJson("agreement " + p + "--reader 'answer key' --reader consensus --json");
    EXPECT_EQ(agree["tp"], 33);
    EXPECT_EQ(agree["fp"], 0);
    // Unanimity: only the 23 all three marked.
    EXPECT_EQ(hmJson("consensus " + p + voters + "--min-votes 3 --json")["figures"], 23);

    // Refused, with the reason.
    for (const auto& [args, code] : {std::pair{"--reader A", 2}, std::pair{"--reader A --reader A", 2},
                                     std::pair{"--reader A --reader B --min-votes 3", 2}, std::pair{"--reader A --reader B --write A", 2},
                                     std::pair{"--reader A --reader B --write ''", 2}, std::pair{"--reader A --reader B --replace", 2},
                                     std::pair{"--reader A --reader nobody", 1}, std::pair{"--reader A --reader B --class nothing", 1}}) {
        auto r = hm("consensus " + p + args);
        EXPECT_EQ(r.exitCode, code) << args << "\n" << r.err;
        EXPECT_FALSE(r.err.empty()) << args;
    }
}

TEST(ConsensusCli, TheVoteIsExportedAsAMidogStyleDatabaseWithEveryReadersLabelAndTheAdjudication) {
    const auto dir = tempDir("consensus-export");
    const auto samples = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "t.hmproj");
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "back.hmproj");
    const std::string p = quote((dir / "t.hmproj").string()) + " --case QUIZ-001 --slide 1 ";
    const std::string back = quote((dir / "back.hmproj").string()) + " --case QUIZ-001 --slide 1 ";
    const auto figures = figuresAndTwoReaders(dir, p);
    ASSERT_EQ(figures.size(), 33u);
    const std::string voters = "--reader 'answer key' --reader A --reader B ";
    auto file = [&](const char* name) { return quote((dir / name).string()); };

    // The vote: 35 cells, the two strays uncertain; every reader's label on its cells.
    const json v = hmJson("consensus " + p + voters + "--export " + file("vote.sqlite") + " --json")["exported"];
    EXPECT_EQ(v["format"], "sliderunner");
    EXPECT_EQ(v["cells"], 35);
    EXPECT_EQ(v["figures"], 33);
    EXPECT_EQ(v["uncertain"], 2);
    ASSERT_EQ(hm("marks import " + back + file("vote.sqlite") + " --per-reader").exitCode, 0);
    const json labels = hmJson("marks list " + back + "--json");
    EXPECT_EQ(labels["by_reader"]["A"], 29);
    EXPECT_EQ(labels["by_reader"]["B"], 29);
    EXPECT_EQ(labels["by_reader"]["answer key"], 36 + 33);  // the project's key (33 figures, 3 vessels), and its labels
    ASSERT_EQ(hm("marks import " + back + file("vote.sqlite") + " --reader agreed").exitCode, 0);
    const json agreed = hmJson("marks list " + back + "--reader agreed --json");
    EXPECT_EQ(agreed["by_class"]["mitotic figure"], 33);
    EXPECT_EQ(agreed["by_class"]["uncertain"], 2);

    // An adjudicator settles both strays (one a figure), overrules a voted figure and adds one.
    writePoints(dir / "adj.geojson", {{101, 101}, {5002, 4999}, figures[0], {3000, 3000}},
                {"Mitosis", "look-alike", "look-alike", "Mitosis"});
    ASSERT_EQ(hm("marks import " + p + file("adj.geojson") + " --reader adj").exitCode, 0);
    const json s = hmJson("consensus " + p + voters + "--adjudicated-by adj --export " + file("settled.sqlite") + " --json")["exported"];
    EXPECT_EQ(s["cells"], 36);
    EXPECT_EQ(s["figures"], 33 + 1 - 1 + 1);
    EXPECT_EQ(s["look_alikes"], 2);
    EXPECT_EQ(s["uncertain"], 0);
    EXPECT_EQ(s["settled"], 2);
    EXPECT_EQ(s["overruled"], 1);
    EXPECT_EQ(s["added"], 1);
    EXPECT_EQ(s["missing"], 32);
    // What MIDOG's scoring reads: the agreed figures, as points in mm.
    const json points = hmJson("consensus " + p + voters + "--adjudicated-by adj --format midog-points --export " +
                               file("settled.json") + " --json")["exported"];
    EXPECT_EQ(points["format"], "midog-points");
    const json reread = hmJson("eval-detections --reference " + file("settled.sqlite") + " --image HE.svs --detections " +
                               file("settled.sqlite") + " --mpp 0.25");
    EXPECT_EQ(reread["tp"], 34);

    // Refused, with the reason, and nothing written.
    for (const std::string args : {"--adjudicated-by A --export x.sqlite", "--write adj --adjudicated-by adj --export x.sqlite",
                                   "--adjudicated-by adj", "--format geojson", "--export x.sqlite --format nothing",
                                   "--adjudicated-by nobody --export x.sqlite"}) {
        auto r = hm("consensus " + p + voters + args);
        EXPECT_NE(r.exitCode, 0) << args;
        EXPECT_FALSE(r.err.empty()) << args;
    }
    EXPECT_FALSE(std::filesystem::exists("x.sqlite"));
}
