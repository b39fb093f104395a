// SPDX-License-Identifier: MIT
// The histomark binary's headless commands, run as a user would run them.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <openslide.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/run_command.h"
#include "support/test_data.h"

using namespace histomark::test;
using nlohmann::json;

namespace {

json infoJson(const std::filesystem::path& slide) {
    auto r = runCommand(quote(histomarkBinary()) + " info " + quote(slide.string()) + " --json");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return json::parse(r.out);
}

// Renders a region with the CLI and compares it with OpenSlide's own pixels of the same region.
void expectRenderMatchesOpenSlide(const std::filesystem::path& slide, int level, int64_t x, int64_t y, int w, int h) {
    const auto png = tempDir("render") / "region.png";
    auto r = runCommand(quote(histomarkBinary()) + " render " + quote(slide.string()) + " --level " + std::to_string(level) +
                        " --x " + std::to_string(x) + " --y " + std::to_string(y) + " --width " + std::to_string(w) +
                        " --height " + std::to_string(h) + " -o " + quote(png.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    cv::Mat img = cv::imread(png.string(), cv::IMREAD_COLOR);
    ASSERT_EQ(img.cols, w);
    ASSERT_EQ(img.rows, h);
    openslide_t* osr = openslide_open(slide.c_str());
    ASSERT_NE(osr, nullptr);
    std::vector<uint32_t> argb(size_t(w) * size_t(h));
    openslide_read_region(osr, argb.data(), x, y, level, w, h);
    openslide_close(osr);
    int differing = 0;
    for (int yy = 0; yy < h; ++yy) {
        for (int xx = 0; xx < w; ++xx) {
            const uint32_t p = argb[size_t(yy) * size_t(w) + size_t(xx)];
            const uint32_t a = p >> 24, white = 255 - a;  // premultiplied over white
            const cv::Vec3b bgr = img.at<cv::Vec3b>(yy, xx);
            differing += bgr[2] != ((p >> 16) & 255) + white || bgr[1] != ((p >> 8) & 255) + white || bgr[0] != (p & 255) + white;
        }
    }
    EXPECT_EQ(differing, 0) << "pixels differ from openslide_read_region";
}

}  // namespace

TEST(Cli, InfoReportsAnAperioSlide) {
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    json j = infoJson(svs);
    EXPECT_EQ(j["vendor"], "aperio");
    EXPECT_EQ(j["backend"], "tiff-jpeg");  // JPEG tiles: the fast reader, described by OpenSlide
    EXPECT_EQ(j["width"], 2220);
    EXPECT_EQ(j["height"], 2967);
    EXPECT_EQ(j["level_count"], 1);
    EXPECT_DOUBLE_EQ(j["mpp_x"].get<double>(), 0.499);
    EXPECT_EQ(j["mpp_source"], "vendor");
    EXPECT_EQ(j["objective_power"], 20);
    EXPECT_NEAR(j["magnification_at_level0"].get<double>(), 20.04, 0.01);
    std::set<std::string> names;
    for (auto& a : j["associated_images"]) names.insert(a["name"]);
    EXPECT_EQ(names, (std::set<std::string>{"label", "macro", "thumbnail"}));
    EXPECT_EQ(j["properties"]["openslide.vendor"], "aperio");
}

TEST(Cli, InfoComputesMppFromTiffResolution) {
    HM_REQUIRE_DATA(tif, "qupath-os-crops/openslide-pyramidal/OS-2-vsi.pyramid.tif");
    json j = infoJson(tif);
    EXPECT_EQ(j["vendor"], "generic-tiff");
    EXPECT_EQ(j["level_count"], 4);
    EXPECT_NEAR(j["mpp_x"].get<double>(), 0.3461, 1e-4);
    EXPECT_EQ(j["mpp_source"], "tiff-resolution");
}

TEST(Cli, InfoSaysWhenTheScaleIsUnknown) {
    HM_REQUIRE_DATA(j2k, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    json j = infoJson(j2k);
    EXPECT_TRUE(j["mpp_x"].is_null());
    EXPECT_TRUE(j["objective_power"].is_null());
    EXPECT_EQ(j["mpp_source"], "unknown");
    EXPECT_EQ(j["magnification_basis"], "relative");
    EXPECT_EQ(j["level_count"], 2);
}

TEST(Cli, InfoTextNamesTheEssentials) {
    HM_REQUIRE_DATA(ndpi, "hamamatsu-ndpi-fluorescence/test3-DAPI-2-387.ndpi");
    auto r = runCommand(quote(histomarkBinary()) + " info " + quote(ndpi.string()));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("hamamatsu"), std::string::npos);
    EXPECT_NE(r.out.find("Levels:        7"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0.2282"), std::string::npos) << r.out;
}

TEST(Cli, BadInputGivesAMessageAndAnErrorCode) {
    auto missing = runCommand(quote(histomarkBinary()) + " info /nonexistent/slide.svs");
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_NE(missing.err.find("File not found"), std::string::npos) << missing.err;

    HM_REQUIRE_DATA(bad, "openslide-python-fixtures/unopenable.tiff");
    auto rejected = runCommand(quote(histomarkBinary()) + " info " + quote(bad.string()));
    EXPECT_NE(rejected.exitCode, 0);
    EXPECT_GT(rejected.exitCode, 0) << "crashed";
    EXPECT_NE(rejected.err.find("Unsupported TIFF compression"), std::string::npos) << rejected.err;

    HM_REQUIRE_DATA(unreadable, "openslide-python-fixtures/unreadable.svs");
    const auto png = tempDir("badrender") / "x.png";
    auto readFail = runCommand(quote(histomarkBinary()) + " render " + quote(unreadable.string()) +
                               " --x 0 --y 0 --width 16 --height 16 -o " + quote(png.string()));
    EXPECT_EQ(readFail.exitCode, 1);
    EXPECT_NE(readFail.err.find("Bogus marker length"), std::string::npos) << readFail.err;
    EXPECT_FALSE(std::filesystem::exists(png));
}

TEST(Cli, RenderRejectsAMissingLevel) {
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    auto r = runCommand(quote(histomarkBinary()) + " render " + quote(svs.string()) +
                        " --level 3 --x 0 --y 0 --width 10 --height 10 -o /tmp/never.png");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("--level 3 does not exist"), std::string::npos) << r.err;
}

// Where the picture cannot go, the message says why in words (not OpenCV's "could not find a
// writer"); a name without a known extension gets a PNG; a region wholly off the slide is refused.
TEST(Cli, RenderSaysWhyItCannotWriteAndRefusesARegionOffTheSlide) {
    const auto slide = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case" / "HE.svs";
    const auto dir = tempDir("render-where");
    auto render = [&](const std::string& region, const std::string& out) {
        return runCommand(quote(histomarkBinary()) + " render " + quote(slide.string()) + " " + region + " -o " + quote(out));
    };
    const std::string inside = "--x 100 --y 100 --width 64 --height 64";
    struct Case {
        std::string out, says;
    };
    for (const Case& c : {Case{dir.string(), "it is a folder"}, Case{"/dev/full", "No space left on device"},
                          Case{(dir / "none" / "x.png").string(), "No such file or directory"}}) {
        auto r = render(inside, c.out);
        EXPECT_EQ(r.exitCode, 1) << c.out;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << c.out << ": " << r.err;
        EXPECT_EQ(r.err.find("OpenCV"), std::string::npos) << r.err;
    }
    const auto plain = dir / "region";
    ASSERT_EQ(render(inside, plain.string()).exitCode, 0);
    std::ifstream in(plain, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
    auto off = render("--x 9000 --y 100 --width 64 --height 64", (dir / "off.png").string());
    EXPECT_EQ(off.exitCode, 1);
    EXPECT_NE(off.err.find("outside the slide (8192 x 6144"), std::string::npos) << off.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "off.png"));
    EXPECT_EQ(render("--x -32 --y -32 --width 64 --height 64", (dir / "corner.png").string()).exitCode, 0) << "partly off: drawn";
}

TEST(Cli, RenderEqualsOpenSlidePixelsOnAperio) {
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    expectRenderMatchesOpenSlide(svs, 0, 1000, 1500, 300, 200);
    expectRenderMatchesOpenSlide(svs, 0, 2100, 2900, 300, 200);  // crosses the slide's corner
}

TEST(Cli, RenderEqualsOpenSlidePixelsOnNdpiAndTiff) {
    HM_REQUIRE_DATA(ndpi, "hamamatsu-ndpi-fluorescence/test3-TRITC-2-560.ndpi");
    expectRenderMatchesOpenSlide(ndpi, 0, 1200, 2000, 256, 256);
    expectRenderMatchesOpenSlide(ndpi, 3, 0, 0, 496, 608);
    HM_REQUIRE_DATA(tif, "qupath-os-crops/openslide-pyramidal/OS-1-detail.pyramid.tif");
    expectRenderMatchesOpenSlide(tif, 1, 256, 256, 200, 150);
    HM_REQUIRE_DATA(j2k, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    expectRenderMatchesOpenSlide(j2k, 1, 800, 600, 256, 256);
}

TEST(Cli, InfoShowsTheReaderAndBackendForcesIt) {
    HM_REQUIRE_DATA(svs, "cmu-1-small-region/CMU-1-Small-Region.svs");
    HM_REQUIRE_DATA(j2k, "tcga-cr-7395-j2k/tcga-cr-7395-01a-01-ts1.svs");
    const std::string bin = quote(histomarkBinary());
    auto text = runCommand(bin + " info " + quote(svs.string()));
    EXPECT_NE(text.out.find("Reader:        tiff-jpeg (fast path"), std::string::npos) << text.out;
    auto forced = runCommand(bin + " info --backend openslide --json " + quote(svs.string()));
    ASSERT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_EQ(json::parse(forced.out)["backend"], "openslide");
    auto jp2 = runCommand(bin + " info --json " + quote(j2k.string()));
    ASSERT_EQ(jp2.exitCode, 0) << jp2.err;
    EXPECT_EQ(json::parse(jp2.out)["backend"], "openslide");
    EXPECT_EQ(json::parse(jp2.out)["backend_note"], "fast path not used: level 0 is JPEG 2000 (compression 33005)");
    auto refused = runCommand(bin + " info --backend fast " + quote(j2k.string()));
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.err.find("with the fast reader (backend \"fast\"): level 0 is JPEG 2000"), std::string::npos)
        << refused.err;
    auto bad = runCommand(bin + " info --backend vips " + quote(svs.string()));
    EXPECT_NE(bad.exitCode, 0);
}

TEST(Cli, HelpListsEverySubcommand) {
    auto r = runCommand(quote(histomarkBinary()) + " --help");
    EXPECT_EQ(r.exitCode, 0);
    for (const char* sub : {"open", "info", "render", "screenshot", "bench"})
        EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
}

TEST(Cli, AnUnknownCommandIsAnErrorEvenWithHelp) {
    auto r = runCommand(quote(histomarkBinary()) + " detect-everything --help");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown command 'detect-everything'"), std::string::npos) << r.err;
}

TEST(Cli, MakeSampleWritesTheBundledCaseAgain) {
    const auto a = tempDir("sample-a"), b = std::filesystem::path(HISTOMARK_BINARY_DIR) / "samples" / "demo-case";
    auto ra = runCommand(quote(histomarkBinary()) + " make-sample " + quote(a.string()), 300);
    ASSERT_EQ(ra.exitCode, 0) << ra.err;
    auto info = runCommand(quote(histomarkBinary()) + " info " + quote((a / "HE.svs").string()) + " --json");
    ASSERT_EQ(info.exitCode, 0) << info.err;
    json j = json::parse(info.out);
    EXPECT_EQ(j["vendor"], "aperio");
    EXPECT_DOUBLE_EQ(j["mpp_x"].get<double>(), 0.25);
    EXPECT_EQ(j["associated_images"].size(), 3u);
    // The default seed reproduces the case the build wrote, byte for byte.
    auto slurp = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(slurp(a / "truth.json"), slurp(b / "truth.json"));
    EXPECT_EQ(slurp(a / "HE.svs"), slurp(b / "HE.svs"));

    // Again into the same folder: refused, nothing touched (its project may hold a reader's marks).
    const auto before = std::filesystem::last_write_time(a / "demo-case.hmproj");
    auto again = runCommand(quote(histomarkBinary()) + " make-sample " + quote(a.string()), 300);
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.err.find("already holds demo-case.hmproj"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
    EXPECT_EQ(std::filesystem::last_write_time(a / "demo-case.hmproj"), before);
    // The benchmark slide never replaces what is not a plain file (it did replace /dev/full).
    const auto fifo = a / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto bench = runCommand(quote(histomarkBinary()) + " make-sample --bench-slide " + quote(fifo.string()) + " --force", 60);
    EXPECT_EQ(bench.exitCode, 1);
    EXPECT_NE(bench.err.find("is not a plain file"), std::string::npos) << bench.err;
    EXPECT_TRUE(std::filesystem::is_fifo(fifo));
}
