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

void writePoints(const std::filesystem::path& file, const std::vector<std::pair<double, double>>& points) {
    json features = json::array();
    for (const auto& [x, y] : points)
        features.push_back({{"type", "Feature"},
                            {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
                            {"properties", {{"classification", {{"name", "Mitosis"}}}}}});
    std::ofstream(file) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

}  // namespace

TEST(ConsensusCli, ThreeReadersVoteAndTheDisputedCellsAreLeftToAdjudicate) {
    const auto dir = tempDir("consensus-cli");
    const auto samples = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples/demo-case";
    std::filesystem::copy_file(samples / "teaching.hmproj", dir / "t.hmproj");
    const std::string p = quote((dir / "t.hmproj").string()) + " --case QUIZ-001 --slide 1 ";
    std::ifstream in(samples / "truth.json");
    const json truth = json::parse(in);
    std::vector<std::pair<double, double>> figures;
    for (const auto& f : truth["mitoticFigures"]) figures.emplace_back(f["x"].get<double>(), f["y"].get<double>());
    ASSERT_EQ(figures.size(), 33u);
    // A: the first 28 (0.75 µm off) and a stray; B: the last 28 (1 µm off) and another stray.
    std::vector<std::pair<double, double>> a, b;
    for (size_t i = 0; i < 28; ++i) a.emplace_back(figures[i].first + 3, figures[i].second);
    for (size_t i = 5; i < 33; ++i) b.emplace_back(figures[i].first, figures[i].second - 4);
    a.emplace_back(100, 100), b.emplace_back(5000, 5000);
    writePoints(dir / "a.geojson", a), writePoints(dir / "b.geojson", b);
    ASSERT_EQ(hm("marks import " + p + quote((dir / "a.geojson").string()) + " --reader A").exitCode, 0);
    ASSERT_EQ(hm("marks import " + p + quote((dir / "b.geojson").string()) + " --reader B").exitCode, 0);

    // Majority (2 of 3): every figure has at least two votes (23 all three, 10 two); each stray one.
    const std::string voters = "--reader 'answer key' --reader A --reader B ";
    for (int round = 0; round < 2; ++round) {  // written twice: the consensus reader's marks are replaced
        const json c = hmJson("consensus " + p + voters + "--write consensus --json");
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
                                     std::pair{"--reader A --reader nobody", 1}, std::pair{"--reader A --reader B --class nothing", 1}}) {
        auto r = hm("consensus " + p + args);
        EXPECT_EQ(r.exitCode, code) << args << "\n" << r.err;
        EXPECT_FALSE(r.err.empty()) << args;
    }
}
