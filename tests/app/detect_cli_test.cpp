// SPDX-License-Identifier: MIT
// `histomark detect-mitoses`, `eval-detections` and `hotspot` run as a user runs them.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "support/geojson_features.h"
#include "support/histomark_cli.h"
#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

std::vector<json> jsonLines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(json::parse(line));
    return out;
}

// A pink picture with three near-black compact blobs (metaphase-like, 8 x 3 µm at 0.25 µm/px).
std::filesystem::path drawnPicture(const std::filesystem::path& dir) {
    cv::Mat bgr(400, 400, CV_8UC3, cv::Scalar(205, 170, 235));
    for (cv::Point c : {cv::Point(100, 100), cv::Point(300, 120), cv::Point(200, 300)})  // 16 x 6 px half-axes, turned 30°
        for (int y = c.y - 20; y <= c.y + 20; ++y)
            for (int x = c.x - 20; x <= c.x + 20; ++x) {
                const double u = (x - c.x) * 0.866 + (y - c.y) * 0.5, v = -(x - c.x) * 0.5 + (y - c.y) * 0.866;
                if (u * u / 256 + v * v / 36 <= 1) bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(80, 30, 45);
            }
    const auto file = dir / "drawn.png";
    cv::imwrite(file.string(), bgr);
    return file;
}

TEST(DetectCli, OneJsonLinePerInputWithCandidates) {
    const auto dir = tempDir("detect-json");
    const auto file = drawnPicture(dir);
    auto r = hm("detect-mitoses --mpp 0.25 --json " + quote(file.string()) + " " + quote(file.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 2u);
    for (const auto& j : lines) {
        EXPECT_EQ(j.at("input"), file.string());
        EXPECT_EQ(j.at("mpp"), 0.25);
        ASSERT_EQ(j.at("candidates").size(), 3u) << j.dump();
        for (const auto& c : j.at("candidates")) {
            EXPECT_TRUE(c.contains("x") && c.contains("y") && c.contains("score"));
            // Near-black compact plates score like real figures (above a fifth of the confirmed ones).
            EXPECT_GE(c.at("score").get<double>(), 0.2);
        }
    }
    // --roi: only the blob inside; --min-score above every score: none.
    auto roi = hm("detect-mitoses --mpp 0.25 --roi 50,50,100,100 --json " + quote(file.string()));
    ASSERT_EQ(roi.exitCode, 0) << roi.err;
    const auto one = jsonLines(roi.out).at(0).at("candidates");
    ASSERT_EQ(one.size(), 1u);
    EXPECT_NEAR(one[0].at("x").get<double>(), 100, 2);
    // A region wholly off the 400 x 400 picture is an error, not "no candidates"; one reaching past
    // it is cut to it, and says so.
    auto off = hm("detect-mitoses --mpp 0.25 --roi 500,500,100,100 --json " + quote(file.string()));
    EXPECT_EQ(off.exitCode, 1);
    EXPECT_NE(off.err.find("lies outside the slide (400 x 400 px)"), std::string::npos) << off.err;
    EXPECT_TRUE(off.out.empty());
    auto past = hm("detect-mitoses --mpp 0.25 --roi -100,-100,300,300 --json " + quote(file.string()));
    ASSERT_EQ(past.exitCode, 0) << past.err;
    EXPECT_NE(past.err.find("clipped to 0,0,200,200"), std::string::npos) << past.err;
    EXPECT_EQ(jsonLines(past.out).at(0).at("roi"), json::array({0, 0, 200, 200}));
    EXPECT_EQ(jsonLines(past.out).at(0).at("candidates").size(), 1u);
    auto none = hm("detect-mitoses --mpp 0.25 --min-score 1.01 --json " + quote(file.string()));
    EXPECT_EQ(jsonLines(none.out).at(0).at("candidates").size(), 0u);
}

TEST(DetectCli, PlainImageWithoutScaleIsAnError) {
    const auto dir = tempDir("detect-noscale");
    const auto file = drawnPicture(dir);
    auto r = hm("detect-mitoses --json " + quote(file.string()));
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("--mpp"), std::string::npos) << r.err;
    EXPECT_EQ(hm("detect-mitoses --mpp 0.25 --roi 1,2,3 " + quote(file.string())).exitCode, 2);
}

TEST(DetectCli, EvalDetectionsAgainstCsvAndMidogJson) {
    const auto dir = tempDir("eval");
    const auto file = drawnPicture(dir);
    auto r = hm("detect-mitoses --mpp 0.25 --json " + quote(file.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::ofstream(dir / "det.jsonl") << r.out;
    // Two of the three blobs (one 5 µm off), and one figure nowhere near a blob.
    std::ofstream(dir / "ref.csv") << "x,y\n100,100\n320,120\n50,350\n";
    auto e = hm("eval-detections --reference " + quote((dir / "ref.csv").string()) + " --detections " +
                quote((dir / "det.jsonl").string()) + " --mpp 0.25 --json");
    ASSERT_EQ(e.exitCode, 0) << e.err;
    const json j = json::parse(e.out);
    EXPECT_EQ(j.at("tp"), 2);
    EXPECT_EQ(j.at("fp"), 1);
    EXPECT_EQ(j.at("fn"), 1);
    EXPECT_NEAR(j.at("f1").get<double>(), 4.0 / 6.0, 1e-9);
    // A tighter radius loses the 5 µm hit. MIDOG JSON in mm: 100 px at 0.25 µm/px = 0.025 mm.
    auto tight = hm("eval-detections --reference " + quote((dir / "ref.csv").string()) + " --detections " +
                    quote((dir / "det.jsonl").string()) + " --mpp 0.25 --radius-um 4 --json");
    EXPECT_EQ(json::parse(tight.out).at("tp"), 1);
    std::ofstream(dir / "ref.json") << R"({"type":"Multiple points","points":[{"name":"mitotic figure","point":[0.025,0.025,0]},)"
                                       R"({"name":"not mitotic figure","point":[0.075,0.03,0]}]})";
    auto m = hm("eval-detections --reference " + quote((dir / "ref.json").string()) + " --detections " +
                quote((dir / "det.jsonl").string()) + " --mpp 0.25 --json");
    ASSERT_EQ(m.exitCode, 0) << m.err;
    EXPECT_EQ(json::parse(m.out).at("tp"), 1);
    EXPECT_EQ(json::parse(m.out).at("fn"), 0);
}

TEST(DetectCli, HotspotOnCmu1) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto r = hm("hotspot " + quote(file.string()) + " --preset fn22-40x --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    std::printf("CMU-1: %s candidates on %s mm² of tissue: %s per HPF\n", j.at("candidates").dump().c_str(),
                j.at("tissue_mm2").dump().c_str(), j.at("candidates_per_hpf").dump().c_str());
    EXPECT_GT(j.at("tissue_mm2").get<double>(), 0.3);
    ASSERT_GE(j.at("windows").size(), 1u);
    const auto& w = j.at("windows")[0];
    // 2.376 mm² as one circle of 1.739 mm at 0.499 µm/px.
    EXPECT_NEAR(w.at("width").get<double>(), 1739.3 / 0.499, 5);
    EXPECT_TRUE(w.contains("x") && w.contains("y") && w.contains("height") && w.contains("count") && w.contains("per_10hpf"));
    EXPECT_EQ(hm("hotspot " + quote(file.string()) + " --preset nonsense").exitCode, 2);
}

// A 0.1 mm picture against a window of 1.49 mm: three candidates would read as hundreds per 10 HPF.
// The window is centred on the picture, and both outputs say the figure is scaled up, from what area.
TEST(DetectCli, HotspotOnAPictureSmallerThanAWindowSaysItsFigureIsScaledUp) {
    const auto file = drawnPicture(tempDir("hotspot-small"));
    cv::Mat bgr = cv::imread(file.string());
    for (cv::Rect glass : {cv::Rect(0, 0, 400, 50), cv::Rect(0, 350, 400, 50), cv::Rect(0, 0, 50, 400), cv::Rect(350, 0, 50, 400)})
        bgr(glass).setTo(cv::Scalar(242, 242, 242));  // glass round the tissue
    cv::imwrite(file.string(), bgr);
    auto r = hm("hotspot " + quote(file.string()) + " --mpp 0.25 --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    ASSERT_EQ(j.at("windows").size(), 1u) << j.dump();
    const json& w = j.at("windows")[0];
    EXPECT_EQ(w.at("count"), 3);
    EXPECT_TRUE(w.at("partial").get<bool>());
    EXPECT_NEAR(w.at("x").get<double>() + w.at("width").get<double>() / 2, 200, 1);
    EXPECT_LE(w.at("tissue_mm2").get<double>(), 0.01 + 1e-6);  // no more than the picture
    ASSERT_TRUE(j.at("caveat").is_string()) << j.dump();
    EXPECT_NE(j.at("caveat").get<std::string>().find("smaller than one window"), std::string::npos);
    EXPECT_NE(r.err.find("scaled up"), std::string::npos) << r.err;
    auto text = hm("hotspot " + quote(file.string()) + " --mpp 0.25");
    EXPECT_NE(text.out.find("(scaled up)"), std::string::npos) << text.out;
}

// --exclude: necrosis drawn in another tool (a QuPath GeoJSON here) is left out of the hotspot
// search, on the bundled demo H&E; the best window loses the candidates inside it.
TEST(DetectCli, HotspotLeavesOutNecrosisFromAnAnnotationFile) {
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "HE.svs";
    ASSERT_TRUE(std::filesystem::exists(slide)) << slide;
    auto first = hm("hotspot " + quote(slide.string()) + " --top 1 --json");
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const json before = json::parse(first.out);
    EXPECT_EQ(before.at("excluded_areas"), 0);
    const json& best = before.at("windows").at(0);
    const double x0 = best.at("x"), y0 = best.at("y"), x1 = x0 + best.at("width").get<double>(),
                 y1 = y0 + best.at("height").get<double>();
    auto area = [](double ax, double ay, double bx, double by, const char* cls) {
        return json{{"type", "Feature"},
                    {"geometry", {{"type", "Polygon"}, {"coordinates", {{{ax, ay}, {bx, ay}, {bx, by}, {ax, by}, {ax, ay}}}}}},
                    {"properties", {{"objectType", "annotation"}, {"classification", {{"name", cls}}}}}};
    };
    const auto file = tempDir("hotspot-exclude") / "necrosis.geojson";
    std::ofstream(file) << json{{"type", "FeatureCollection"},
                                {"features", {area(x0 - 200, y0 - 200, x1 + 200, y1 + 200, "Necrosis"),
                                              area(0, 0, 100, 100, "Tumor")}}}
                               .dump();
    auto second = hm("hotspot " + quote(slide.string()) + " --top 1 --json --exclude " + quote(file.string()));
    ASSERT_EQ(second.exitCode, 0) << second.err;
    const json after = json::parse(second.out);
    EXPECT_EQ(after.at("excluded_areas"), 1) << "only the necrosis area";
    ASSERT_FALSE(after.at("windows").empty());
    EXPECT_LT(after.at("windows")[0].at("count").get<int>(), best.at("count").get<int>()) << "candidates in necrosis do not count";

    auto none = hm("hotspot " + quote(slide.string()) + " --exclude " + quote(file.string()) + " --exclude-class ulcer");
    EXPECT_EQ(none.exitCode, 2);
    EXPECT_NE(none.err.find("no areas of class 'ulcer'"), std::string::npos) << none.err;
    std::ofstream(tempDir("hotspot-exclude") / "bad.xml") << "<ASAP_Annotations><Annotations>";
    auto bad = hm("hotspot " + quote(slide.string()) + " --exclude " + quote((tempDir("hotspot-exclude") / "bad.xml").string()));
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("bad.xml"), std::string::npos) << bad.err;
}

// A small AMi-Br folder: the CSV and the patches of 40 slides (links to the shared data).
std::filesystem::path smallAmiBr(const std::filesystem::path& root, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir / "patches" / "normal");
    std::filesystem::copy_file(root / "AMI-BR.csv", dir / "AMI-BR.csv");
    std::ifstream csv(root / "AMI-BR.csv");
    std::string line;
    std::getline(csv, line);
    int linked = 0;
    while (std::getline(csv, line)) {
        std::stringstream f(line);
        std::string index, slide, dataset, uid;
        std::getline(f, index, ','), std::getline(f, slide, ','), std::getline(f, dataset, ','), std::getline(f, uid, ',');
        const auto patch = root / "patches" / "normal" / ("MIDOG21_" + uid + ".png");
        if (dataset != "MIDOG21" || std::atoi(slide.c_str()) > 40 || !std::filesystem::exists(patch)) continue;
        std::filesystem::create_symlink(patch, dir / "patches" / "normal" / patch.filename());
        ++linked;
    }
    EXPECT_GT(linked, 100);
    return dir;
}

TEST(DetectCli, TrainMitosisWritesAModelTheDetectorReads) {
    HM_REQUIRE_DATA(csv, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto dir = tempDir("train");
    const auto data = smallAmiBr(csv.parent_path(), dir / "ami-br");
    const auto model = dir / "model.yml";
    auto r = hm("train-mitosis " + quote(data.string()) + " --trees 20 --json -o " + quote(model.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_GT(j.at("patches").get<int>(), 100);
    EXPECT_GT(j.at("figures").get<int>(), 100);
    EXPECT_GT(j.at("blob_recall").get<double>(), 0.9);
    ASSERT_FALSE(j.at("curve").empty());
    EXPECT_TRUE(j.at("curve")[0].contains("recall") && j.at("curve")[0].contains("others_per_patch"));
    const double chosen = j.at("default_min_score").get<double>();
    EXPECT_GE(chosen, 0);
    EXPECT_LT(chosen, 1);
    std::ifstream in(model);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("histomark-mitosis-boost-1"), std::string::npos);
    // detect-mitoses uses it, with its default minimum score.
    const auto patch = *std::filesystem::directory_iterator(data / "patches" / "normal");
    auto d = hm("detect-mitoses --mpp 0.23 --json --model " + quote(model.string()) + " " + quote(patch.path().string()));
    ASSERT_EQ(d.exitCode, 0) << d.err;
    EXPECT_EQ(json::parse(d.out).at("min_score").get<double>(), chosen);
    std::ofstream(dir / "broken.yml") << "%YAML:1.0\nformat: other\n";
    auto broken = hm("detect-mitoses --mpp 0.23 --model " + quote((dir / "broken.yml").string()) + " " + quote(patch.path().string()));
    EXPECT_EQ(broken.exitCode, 1);
    EXPECT_NE(broken.err.find("not a Histomark mitosis model"), std::string::npos) << broken.err;
    EXPECT_FALSE(j.at("slide_relative").get<bool>());
    // --slide-relative: the model says so in its file, and `hotspot --model` counts with it at its
    // default minimum score, as detect-mitoses does.
    const auto relative = dir / "relative.yml";
    auto rel = hm("train-mitosis " + quote(data.string()) + " --trees 20 --slide-relative --json -o " + quote(relative.string()));
    ASSERT_EQ(rel.exitCode, 0) << rel.err;
    const json rj = json::parse(rel.out);
    EXPECT_TRUE(rj.at("slide_relative").get<bool>());
    EXPECT_NE(rj.at("provenance").get<std::string>().find("relative to each slide"), std::string::npos);
    std::ifstream relIn(relative);
    std::stringstream relText;
    relText << relIn.rdbuf();
    EXPECT_NE(relText.str().find("slide_relative: 1"), std::string::npos);
    {
        HM_REQUIRE_DATA(slide, "cmu-1-small-region/CMU-1-Small-Region.svs");
        auto h = hm("hotspot " + quote(slide.string()) + " --top 1 --json --model " + quote(relative.string()));
        ASSERT_EQ(h.exitCode, 0) << h.err;
        const json hj = json::parse(h.out);
        EXPECT_EQ(hj.at("min_score").get<double>(), rj.at("default_min_score").get<double>());
        EXPECT_GT(hj.at("candidates").get<int>(), 0);
    }
    {
        HM_REQUIRE_DATA(slide, "cmu-1-small-region/CMU-1-Small-Region.svs");
        auto bad = hm("hotspot " + quote(slide.string()) + " --model " + quote((dir / "broken.yml").string()));
        EXPECT_EQ(bad.exitCode, 1);
        EXPECT_NE(bad.err.find("not a Histomark mitosis model"), std::string::npos) << bad.err;
    }
    // Bad input: a folder without the CSV, and options out of range.
    auto missing = hm("train-mitosis " + quote((dir / "nowhere").string()));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.err.find("AMI-BR.csv"), std::string::npos) << missing.err;
    EXPECT_NE(hm("train-mitosis " + quote(data.string()) + " --trees 0").exitCode, 0);
}

TEST(DetectCli, BenchDetectReportsPairedMedians) {
    HM_REQUIRE_DATA(file, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto r = hm("bench-detect " + quote(file.string()) + " --rounds 2 --json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    for (const char* key : {"detect_tissue_mpix_s", "read_mpix_s", "detect_vs_read", "tissue_mpix", "candidates"})
        EXPECT_GT(j.at(key).get<double>(), 0) << key;
    EXPECT_EQ(j.at("rounds"), 2);
    EXPECT_EQ(j.at("detect_level"), "level 0");
}

}  // namespace

// A pathologist's marks exported from QuPath (GeoJSON points, "Mitosis" as QuPath users often
// name the class) or ASAP (XML dots) are references too; a file that is no list of points is an
// error, not an empty reference that scores a perfect recall.
TEST(DetectCli, EvalDetectionsAgainstTheMarksOfAnAnnotationFile) {
    const auto dir = tempDir("eval-annotations");
    std::ofstream(dir / "det.csv") << "x,y,score\n100,100,0.9\n300,120,0.8\n200,300,0.2\n";
    std::ofstream(dir / "marks.geojson")
        << R"({"type":"FeatureCollection","features":[)"
           R"({"type":"Feature","geometry":{"type":"Point","coordinates":[102,98]},"properties":{"objectType":"annotation","classification":{"name":"Mitosis"}}},)"
           R"({"type":"Feature","geometry":{"type":"Point","coordinates":[50,350]},"properties":{"objectType":"annotation","classification":{"name":"Mitosis"}}},)"
           R"({"type":"Feature","geometry":{"type":"Point","coordinates":[300,120]},"properties":{"objectType":"annotation","classification":{"name":"Imposter"}}},)"
           R"({"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[400,0],[400,400],[0,0]]]},"properties":{"objectType":"annotation","classification":{"name":"Tumor"}}}]})";
    auto g = hm("eval-detections --reference " + quote((dir / "marks.geojson").string()) + " --detections " +
                quote((dir / "det.csv").string()) + " --mpp 0.25 --json");
    ASSERT_EQ(g.exitCode, 0) << g.err;
    json j = json::parse(g.out);
    EXPECT_EQ(j.at("reference_count"), 2);  // the two "Mitosis" points; not the imposter, not the area
    EXPECT_EQ(j.at("tp"), 1);
    EXPECT_EQ(j.at("fn"), 1);
    EXPECT_EQ(j.at("fp"), 2);
    // --class picks another class: the imposter is matched by the 300,120 detection.
    auto imp = hm("eval-detections --reference " + quote((dir / "marks.geojson").string()) + " --detections " +
                  quote((dir / "det.csv").string()) + " --mpp 0.25 --class look-alike --json");
    ASSERT_EQ(imp.exitCode, 0) << imp.err;
    EXPECT_EQ(json::parse(imp.out).at("tp"), 1);
    EXPECT_EQ(json::parse(imp.out).at("reference_count"), 1);
    auto none = hm("eval-detections --reference " + quote((dir / "marks.geojson").string()) + " --detections " +
                   quote((dir / "det.csv").string()) + " --mpp 0.25 --class necrosis");
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.err.find("no points of class 'necrosis'"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("'mitotic figure'"), std::string::npos) << none.err;

    std::ofstream(dir / "marks.xml")
        << R"(<?xml version="1.0"?><ASAP_Annotations><Annotations>)"
           R"(<Annotation Name="a" Type="Dot" PartOfGroup="mitotic figure"><Coordinates><Coordinate Order="0" X="200" Y="302"/></Coordinates></Annotation>)"
           R"(</Annotations><AnnotationGroups><Group Name="mitotic figure" PartOfGroup="None" Color="#ff0000"/></AnnotationGroups></ASAP_Annotations>)";
    auto x = hm("eval-detections --reference " + quote((dir / "marks.xml").string()) + " --detections " +
                quote((dir / "det.csv").string()) + " --mpp 0.25 --min-score 0.5 --json");
    ASSERT_EQ(x.exitCode, 0) << x.err;
    j = json::parse(x.out);
    EXPECT_EQ(j.at("reference_count"), 1);
    EXPECT_EQ(j.at("fn"), 1);  // its detection scores 0.2, below --min-score
    EXPECT_EQ(j.at("fp"), 2);

    // One line of markup that is no header is refused (it used to read as a header and no points).
    std::ofstream(dir / "page.txt") << "<html><body>404 not found</body></html>\n";
    std::ofstream(dir / "prose.csv") << "Exported on 2026-12-01: see below!\n";
    for (const char* bad : {"page.txt", "prose.csv"}) {
        auto b = hm("eval-detections --reference " + quote((dir / bad).string()) + " --detections " +
                    quote((dir / "det.csv").string()) + " --mpp 0.25");
        EXPECT_EQ(b.exitCode, 1) << bad;
        EXPECT_FALSE(b.err.empty()) << bad;
    }
    // Cut-short JSON, and a broken line among detect-mitoses' lines: said plainly, with the line.
    std::ofstream(dir / "cut.geojson") << R"({"type":"FeatureCollection","features":[{"type":"Feature")";
    std::ofstream(dir / "lines.jsonl") << "{\"candidates\": []}\n{\"candid\n";
    for (const auto& [bad, says] : {std::pair{"cut.geojson", "malformed JSON"}, std::pair{"lines.jsonl", "line 2 is not a JSON object"}}) {
        auto b = hm("eval-detections --reference " + quote((dir / bad).string()) + " --detections " +
                    quote((dir / "det.csv").string()) + " --mpp 0.25");
        EXPECT_EQ(b.exitCode, 1) << bad;
        EXPECT_NE(b.err.find(says), std::string::npos) << b.err;
    }
    // Semicolon-separated, with a header of units: read.
    std::ofstream(dir / "semi.csv") << "X (px);Y (px)\n100;100\n";
    auto s = hm("eval-detections --reference " + quote((dir / "semi.csv").string()) + " --detections " +
                quote((dir / "det.csv").string()) + " --mpp 0.25 --json");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_EQ(json::parse(s.out).at("tp"), 1);
}

// --regions: candidates only inside the areas of an annotation file (a rectangle gives what its
// --roi gives, a triangle fewer); --geojson: the same candidates as QuPath detections.
TEST(DetectCli, RegionsFromAnAnnotationFileAndCandidatesAsQuPathDetections) {
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "HE.svs";
    ASSERT_TRUE(std::filesystem::exists(slide)) << slide;
    const auto dir = tempDir("detect-regions");
    const auto polygon = polygonFeature;
    const json file = {{"type", "FeatureCollection"},
                       {"features",
                        {polygon({{2000, 2000}, {4000, 2000}, {4000, 4000}, {2000, 4000}}, "Tumor"),
                         polygon({{2000, 2000}, {4000, 2000}, {2000, 4000}}, "Half")}}};
    const auto areas = dir / "areas.geojson";
    std::ofstream(areas) << file.dump();
    const std::string base = quote(histomarkBinary()) + " detect-mitoses " + quote(slide.string()) + " --json ";
    auto roi = hm("detect-mitoses " + quote(slide.string()) + " --json --roi 2000,2000,2000,2000");
    const auto cands = dir / "cands.geojson";
    auto tumour = runCommand(base + "--regions " + quote(areas.string()) + " --class tumour --geojson " + quote(cands.string()));
    auto half = runCommand(base + "--regions " + quote(areas.string()) + " --class half");
    ASSERT_EQ(roi.exitCode, 0) << roi.err;
    ASSERT_EQ(tumour.exitCode, 0) << tumour.err;
    ASSERT_EQ(half.exitCode, 0) << half.err;
    const json r = json::parse(roi.out), t = json::parse(tumour.out), h = json::parse(half.out);
    EXPECT_GT(r["count"].get<int>(), 20);
    EXPECT_EQ(t["count"], r["count"]) << "a rectangle area is its --roi";
    EXPECT_EQ(t["regions"], 1);
    EXPECT_EQ(t["region_class"], "tumour");
    EXPECT_GT(h["count"].get<int>(), r["count"].get<int>() / 4);
    EXPECT_LT(h["count"].get<int>(), r["count"].get<int>() * 3 / 4) << "a triangle holds about half";
    for (const json& c : h["candidates"]) EXPECT_LE(c["x"].get<double>() - 2000 + c["y"].get<double>() - 2000, 2000.5);

    std::ifstream in(cands);
    const json g = json::parse(in);
    ASSERT_EQ(g["features"].size(), t["candidates"].size());
    for (size_t i = 0; i < g["features"].size(); ++i) {
        const json& f = g["features"][i];
        EXPECT_EQ(f["properties"]["objectType"], "detection");
        EXPECT_EQ(f["properties"]["classification"]["name"], "mitosis candidate");
        EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), t["candidates"][i]["x"].get<double>(), 0.006);
        EXPECT_NEAR(f["properties"]["measurements"]["Candidate score"].get<double>(), t["candidates"][i]["score"].get<double>(), 1e-4);
    }
    // The file is a reference eval-detections reads: every candidate matches itself.
    auto e = hm("eval-detections --reference " + quote(cands.string()) + " --class 'mitosis candidate' --detections " +
                quote(cands.string()) + " --mpp 0.25 --json");
    ASSERT_EQ(e.exitCode, 0) << e.err;
    EXPECT_EQ(json::parse(e.out)["tp"], t["count"]);

    EXPECT_EQ(runCommand(base + "--regions " + quote(areas.string()) + " --class necrosis").exitCode, 2);
    EXPECT_EQ(runCommand(base + "--regions " + quote(areas.string()) + " --roi 0,0,10,10").exitCode, 2);
    EXPECT_EQ(runCommand(base + "--class tumour").exitCode, 2);
    EXPECT_EQ(runCommand(base + quote(slide.string()) + " --geojson " + quote(cands.string())).exitCode, 2);
    EXPECT_EQ(runCommand(base + "--geojson " + quote((dir / "c.xml").string())).exitCode, 2) << "refused before the work";
}

// A reader's reviewed marks teach the classifier the look-alikes of the lab's own tumours: the
// demo's spindle-cell sarcoma, whose dark spindle nuclei the breast-carcinoma patches never showed.
// Half the drawn figures and half the drawn look-alikes are marked; the other halves are held out.
TEST(DetectCli, TrainMitosisLearnsFromAProjectsMarks) {
    HM_REQUIRE_DATA(csv, "ami-br-mitosis-patches/AMI-BR.csv");
    const auto demo = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";
    const auto dir = tempDir("train-project");
    const auto data = smallAmiBr(csv.parent_path(), dir / "ami-br");
    const auto project = dir / "case.hmproj";
    std::filesystem::copy_file(demo / "demo-case.hmproj", project);
    std::ifstream truthFile(demo / "truth.json");
    const json truth = json::parse(truthFile);
    auto points = [](const json& list, int parity, const std::string& cls) {
        json features = json::array();
        for (size_t i = size_t(parity); i < list.size(); i += 2)
            features.push_back({{"type", "Feature"},
                                {"geometry", {{"type", "Point"}, {"coordinates", {list[i]["x"], list[i]["y"]}}}},
                                {"properties", {{"objectType", "annotation"}, {"classification", {{"name", cls}}}}}});
        return features;
    };
    json marked = points(truth["mitoticFigures"], 0, "Mitosis");
    for (const json& f : points(truth["lookAlikes"], 0, "look-alike")) marked.push_back(f);
    std::ofstream(dir / "marked.geojson") << json{{"type", "FeatureCollection"}, {"features", marked}}.dump();
    std::ofstream(dir / "figures.geojson") << json{{"type", "FeatureCollection"}, {"features", points(truth["mitoticFigures"], 1, "Mitosis")}}.dump();
    std::ofstream(dir / "lookalikes.geojson")
        << json{{"type", "FeatureCollection"}, {"features", points(truth["lookAlikes"], 1, "look-alike")}}.dump();
    auto imported = hm("marks import " + quote(project.string()) + " --case 1 --slide 1 --reader T " + quote((dir / "marked.geojson").string()));
    ASSERT_EQ(imported.exitCode, 0) << imported.err;

    const std::string train = "train-mitosis " + quote(data.string()) + " --trees 40 --json ";
    auto plain = hm(train + "-o " + quote((dir / "plain.yml").string()));
    auto taught = hm(train + "--project " + quote(project.string()) + " --reader T -o " + quote((dir / "taught.yml").string()));
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    ASSERT_EQ(taught.exitCode, 0) << taught.err;
    const json t = json::parse(taught.out);
    EXPECT_EQ(t["project_figures"].get<size_t>(), (truth["mitoticFigures"].size() + 1) / 2);
    EXPECT_EQ(t["project_look_alikes"].get<size_t>(), (truth["lookAlikes"].size() + 1) / 2);
    EXPECT_EQ(json::parse(plain.out)["project_figures"], 0);
    EXPECT_NE(t["provenance"].get<std::string>().find("case.hmproj by T"), std::string::npos) << t["provenance"];

    // On the slide: the held-out figures still found, far fewer held-out look-alikes proposed.
    auto held = [&](const std::string& model, const std::string& reference, const std::string& cls) {
        auto d = hm("detect-mitoses " + quote((demo / "HE.svs").string()) + " --json --model " + quote((dir / model).string()));
        EXPECT_EQ(d.exitCode, 0) << d.err;
        std::ofstream(dir / "det.jsonl") << d.out;
        auto e = hm("eval-detections --reference " + quote((dir / reference).string()) + " --class " + cls +
                    " --detections " + quote((dir / "det.jsonl").string()) + " --mpp 0.25 --json");
        EXPECT_EQ(e.exitCode, 0) << e.err;
        return json::parse(e.out);
    };
    const json plainFigures = held("plain.yml", "figures.geojson", "Mitosis"), taughtFigures = held("taught.yml", "figures.geojson", "Mitosis");
    const json plainLooks = held("plain.yml", "lookalikes.geojson", "look-alike"), taughtLooks = held("taught.yml", "lookalikes.geojson", "look-alike");
    EXPECT_GE(taughtFigures["recall"].get<double>(), plainFigures["recall"].get<double>() - 0.07);
    EXPECT_LT(taughtLooks["tp"].get<int>(), plainLooks["tp"].get<int>() * 3 / 4) << "held-out look-alikes still proposed";
    EXPECT_LT(taughtFigures["detection_count"].get<int>(), plainFigures["detection_count"].get<int>() * 3 / 4);

    auto nobody = hm(train + "--project " + quote(project.string()) + " --reader nobody");
    EXPECT_EQ(nobody.exitCode, 1);
    EXPECT_NE(nobody.err.find("no readable figure or look-alike marks by reader 'nobody'"), std::string::npos) << nobody.err;
    EXPECT_EQ(hm(train + "--reader T").exitCode, 1) << "--reader without --project";
    std::ofstream(dir / "junk.hmproj") << "not a database";
    auto junk = hm(train + "--project " + quote((dir / "junk.hmproj").string()));
    EXPECT_EQ(junk.exitCode, 1);
    EXPECT_NE(junk.err.find("not a Histomark project"), std::string::npos) << junk.err;
}
