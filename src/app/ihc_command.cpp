// SPDX-License-Identifier: MIT
#include "app/ihc_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <thread>

#include "analysis/area_mask.h"
#include "analysis/dab_quantification.h"
#include "app/annotation_areas.h"
#include "app/cli_checks.h"
#include "app/cli_progress.h"
#include "interchange/annotation_file.h"
#include "slide/slide_opener.h"

namespace histomark::app {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr double kWorkingUmPerPx = 0.5;  // the level read is the one closest to this
constexpr int kDefaultSide = 2048;       // without --roi: at most this much of that level, centred
constexpr int64_t kMaxRegionPx = int64_t(16384) * 16384;

struct Roi {
    int64_t x = 0, y = 0, width = 0, height = 0;
};

std::optional<Roi> parseRoi(const std::string& s) {
    Roi r;
    long long v[4];
    char tail = 0;
    if (std::sscanf(s.c_str(), "%lld,%lld,%lld,%lld%c", &v[0], &v[1], &v[2], &v[3], &tail) != 4) return std::nullopt;
    r = {v[0], v[1], v[2], v[3]};
    constexpr long long kFar = 1LL << 40;  // beyond any slide: no arithmetic on it overflows
    if (r.width <= 0 || r.height <= 0 || std::llabs(r.x) > kFar || std::llabs(r.y) > kFar || r.width > kFar || r.height > kFar)
        return std::nullopt;
    return r;
}

// The level closest to 0.5 µm/px that is not coarser (nuclear detail below 0.5 µm matters;
// the analysis bins finer pixels down itself); level 0 when the scale is unknown (the estimate
// needs the finest nuclei) or every level is coarser.
int levelFor(const core::SlideInfo& info, double mpp0) {
    if (mpp0 <= 0) return 0;
    int best = 0;
    for (int i = 1; i < info.levelCount(); ++i)
        if (mpp0 * info.levels[size_t(i)].downsample <= kWorkingUmPerPx * 1.1) best = i;
    return best;
}

struct Region {
    int level = 0;
    double downsample = 1;
    int64_t x0 = 0, y0 = 0;  // level-0 px
    int width = 0, height = 0;  // level px
    bool whole = false, defaulted = false;
};

core::Result<Region> regionFor(const core::SlideInfo& info, int level, const std::optional<Roi>& roi) {
    using R = core::Result<Region>;
    Region r;
    r.level = level;
    const core::LevelInfo& l = info.levels[size_t(level)];
    r.downsample = l.downsample;
    if (roi) {  // already on the slide (roiOnSlide)
        r.x0 = roi->x, r.y0 = roi->y;
        const double w = std::ceil(double(roi->width) / l.downsample), h = std::ceil(double(roi->height) / l.downsample);
        if (w * h > double(kMaxRegionPx))
            return R::failure("ROI too large at level " + std::to_string(level) + " (" + std::to_string(int64_t(w)) + " x " +
                              std::to_string(int64_t(h)) + " px); give a smaller region");
        r.width = std::max(1, int(w)), r.height = std::max(1, int(h));
        return r;
    }
    r.width = int(std::min<int64_t>(l.width, kDefaultSide));
    r.height = int(std::min<int64_t>(l.height, kDefaultSide));
    r.whole = r.width == l.width && r.height == l.height;
    r.defaulted = !r.whole;
    r.x0 = int64_t(double((l.width - r.width) / 2) * l.downsample);
    r.y0 = int64_t(double((l.height - r.height) / 2) * l.downsample);
    return r;
}

// The box of the areas within a width x height picture, in whole level-0 px; nullopt if none is on it.
std::optional<Roi> boxOf(const std::vector<core::Annotation>& areas, int64_t width, int64_t height) {
    const core::Level0Rect box = core::boundsOf(areas);
    const int64_t l = std::max<int64_t>(0, int64_t(std::floor(box.x))), t = std::max<int64_t>(0, int64_t(std::floor(box.y)));
    const int64_t r = std::min<int64_t>(width, int64_t(std::ceil(box.right())));
    const int64_t b = std::min<int64_t>(height, int64_t(std::ceil(box.bottom())));
    if (r <= l || b <= t) return std::nullopt;
    return Roi{l, t, r - l, b - t};
}

cv::Mat toRgb(const core::RgbaImage& img) {
    cv::Mat rgba(img.height, img.width, CV_8UC4, const_cast<uint8_t*>(img.pixels.data())), rgb;
    cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
    return rgb;
}

double round3(double v) { return std::round(v * 1000) / 1000; }

json resultJson(const std::string& input, const analysis::DabResult& r, const analysis::DabOptions& o, const Region& region) {
    return {{"input", input},
            {"cells", r.scores.cells},
            {"positive", r.scores.positive},
            {"percent_positive", round3(r.scores.percentPositive)},
            {"h_score", round3(r.scores.hScore)},
            {"allred", r.scores.allred},
            {"positive_pixel_fraction", std::round(r.positivePixelFraction * 1e5) / 1e5},
            {"mpp", std::round(r.umPerPx / region.downsample * 1e5) / 1e5},
            {"mpp_estimated", r.umPerPxEstimated},
            {"by_class", {{"negative", r.byClass[0]}, {"1+", r.byClass[1]}, {"2+", r.byClass[2]}, {"3+", r.byClass[3]}}},
            {"labelling_index", r.labellingIndex ? json(round3(*r.labellingIndex)) : json(nullptr)},
            {"compartment", analysis::compartmentName(o.compartment)},
            {"roi",
             {{"x", region.x0},
              {"y", region.y0},
              {"width", int64_t(std::llround(region.width * region.downsample))},
              {"height", int64_t(std::llround(region.height * region.downsample))},
              {"level", region.level},
              {"whole_image", region.whole}}}};
}

void printText(const json& j, const analysis::DabResult& r) {
    std::printf("%s\n", j["input"].get<std::string>().c_str());
    std::printf("  cells %d, positive %d (%.1f %%): negative %d, 1+ %d, 2+ %d, 3+ %d (%s compartment, mean DAB OD)\n",
                r.scores.cells, r.scores.positive, r.scores.percentPositive, r.byClass[0], r.byClass[1], r.byClass[2],
                r.byClass[3], j["compartment"].get<std::string>().c_str());
    std::printf("  H-score %.1f   Allred %d (proportion %d + intensity %d)", r.scores.hScore, r.scores.allred,
                r.scores.allredProportion, r.scores.allredIntensity);
    if (r.labellingIndex) std::printf("   labelling index %.1f %%", *r.labellingIndex);
    std::printf("\n  positive pixels %.2f %% of tissue (DAB OD >= 1+ threshold)\n", 100 * r.positivePixelFraction);
    std::printf("  scale %.4f um/px%s; region %lld,%lld %lldx%lld level-0 px (level %d)\n", j["mpp"].get<double>(),
                r.umPerPxEstimated ? " (estimated from the nuclei)" : "", j["roi"]["x"].get<long long>(),
                j["roi"]["y"].get<long long>(), j["roi"]["width"].get<long long>(), j["roi"]["height"].get<long long>(),
                j["roi"]["level"].get<int>());
}

// The cells as QuPath's positive cell detection names them (classes Negative, 1+, 2+, 3+ in its
// colours; its measurement names), at their level-0 nucleus centroids.
std::vector<interchange::Detection> cellDetections(const analysis::DabResult& r, const Region& region) {
    static constexpr std::array<const char*, 4> names{"Negative", "1+", "2+", "3+"};
    static constexpr std::array<uint32_t, 4> colours{0x7070e1, 0xffd700, 0xe19632, 0xc83232};
    std::vector<interchange::Detection> out;
    out.reserve(r.cells.size());
    for (const analysis::DabCell& c : r.cells) {
        const int k = std::clamp(int(c.cls), 0, 3);
        out.push_back({{double(region.x0) + c.centroid.x * region.downsample, double(region.y0) + c.centroid.y * region.downsample},
                       names[size_t(k)],
                       colours[size_t(k)],
                       {{"Nucleus: Area \u00b5m^2", c.nucleusAreaUm2},
                        {"Cell: Area \u00b5m^2", c.cellAreaUm2},
                        {"Nucleus: Hematoxylin OD mean", c.nucleusHematoxylin},
                        {"Nucleus: DAB OD mean", c.nucleusDab},
                        {"Cytoplasm: DAB OD mean", c.cytoplasmDab},
                        {"Cell: DAB OD mean", c.cellDab}}});
    }
    return out;
}

// One input: open, pick the level and region, read, quantify. Notes go to stderr as they come.
core::Result<json> analyseInput(const std::string& path, const IhcArgs& a, const analysis::DabOptions& o,
                                std::optional<Roi> roi, const std::vector<core::Annotation>& areas,
                                analysis::DabResult* out) {
    using R = core::Result<json>;
    const std::string offAreas = "none of the areas of " + a.regions + " lies on this picture";
    auto note = [&](const std::string& s) { std::fprintf(stderr, "histomark ihc: %s: %s\n", path.c_str(), s.c_str()); };
    cv::Mat rgb;
    Region region;
    double mpp0 = a.mpp.value_or(0);
    // A picture under another name (.jpe, .webp, none) is found by its content there.
    auto source = slide::openSlide(path);
    if (!source) return R::failure(source.error());
    const core::SlideInfo& info = (*source)->info();
    if (!a.mpp && info.mpp.known()) mpp0 = info.mpp.mean();
    if (!areas.empty() && !(roi = boxOf(areas, info.width(), info.height()))) return R::failure(offAreas);
    if (roi && areas.empty()) {
        std::string clipped;
        auto on = roiOnSlide({double(roi->x), double(roi->y), double(roi->width), double(roi->height)}, a.roi, info.width(),
                             info.height(), &clipped);
        if (!on) return R::failure(on.error());
        if (!clipped.empty()) note(clipped);
        roi = Roi{int64_t(on->x), int64_t(on->y), int64_t(on->width), int64_t(on->height)};  // whole numbers: both sides are
    }
    auto reg = regionFor(info, levelFor(info, mpp0), roi);
    if (!reg) return R::failure(reg.error());
    region = *reg;
    if (region.defaulted)
        note("no --roi: analysing the centred " + std::to_string(region.width) + " x " + std::to_string(region.height) +
             " px of level " + std::to_string(region.level));
    auto px = (*source)->readRegion(region.x0, region.y0, region.level, region.width, region.height);
    if (!px) return R::failure(px.error());
    rgb = toRgb(*px);
    // With areas: cells by centroid and pixels inside them only.
    const cv::Mat mask = areas.empty() ? cv::Mat()
                                       : analysis::areaMask(areas, {double(region.x0), double(region.y0)}, region.downsample, rgb.size());
    CliProgress progress("quantifying DAB");
    auto result = progress.run([&](core::JobControl* job) {
        return analysis::quantifyDab(rgb, mpp0 > 0 ? mpp0 * region.downsample : 0, o, mask, job);
    });
    if (progress.interrupted()) return R::failure("stopped (Ctrl-C)");
    if (!result) return R::failure(result.error());
    for (const auto& n : result->notes) note(n);
    *out = *result;
    if (!a.cells.empty())
        if (auto written = interchange::writeDetectionFile(a.cells, cellDetections(*result, region)); !written)
            return R::failure(written.error());
    json j = resultJson(path, *result, o, region);
    if (!areas.empty()) {
        j["regions"] = areas.size();
        j["region_class"] = a.regionClass.empty() ? json(nullptr) : json(a.regionClass);
    }
    return j;
}

// A synthetic H-DAB picture for the benchmark when no slide is given: nuclei of 6-9 µm at 0.5
// µm/px, a third DAB-positive, on a pale counterstained background (Beer-Lambert).
cv::Mat syntheticIhc(int side) {
    const auto stains = analysis::hematoxylinDab();
    cv::Mat h(side, side, CV_32F, cv::Scalar(0.05)), d(side, side, CV_32F, cv::Scalar(0.02));
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0, 1);
    for (int i = 0; i < side * side / 600; ++i) {
        const cv::Point c(int(u(rng) * side), int(u(rng) * side));
        const cv::Size axes(int(6 + 3 * u(rng)), int(5 + 3 * u(rng)));
        const double angle = 180 * u(rng);
        cv::ellipse(h, c, axes, angle, 0, 360, cv::Scalar(0.25 + 0.3 * u(rng)), cv::FILLED);
        if (u(rng) < 0.33) cv::ellipse(d, c, axes, angle, 0, 360, cv::Scalar(0.2 + u(rng)), cv::FILLED);
    }
    cv::GaussianBlur(h, h, cv::Size(), 1.0);
    cv::GaussianBlur(d, d, cv::Size(), 1.0);
    cv::Mat rgb(side, side, CV_8UC3);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const float ch = h.at<float>(y, x), cd = d.at<float>(y, x);
            cv::Vec3b& p = rgb.at<cv::Vec3b>(y, x);
            for (int c = 0; c < 3; ++c)
                p[c] = cv::saturate_cast<uint8_t>(255 * std::pow(10.0, -(ch * stains.vectors[0][c] + cd * stains.vectors[1][c])) +
                                                  4 * (u(rng) - 0.5));
        }
    return rgb;
}

template <class F>
double secondsFor(F&& f, double atLeast, int& rounds) {
    const auto start = Clock::now();
    rounds = 0;
    double s = 0;
    do {
        f();
        ++rounds;
        s = std::chrono::duration<double>(Clock::now() - start).count();
    } while (s < atLeast);
    return s;
}

}  // namespace

int runIhc(const IhcArgs& a) {
    const auto compartment = analysis::parseCompartment(a.compartment);
    if (!compartment) {
        std::fprintf(stderr, "histomark ihc: --compartment must be nucleus, cytoplasm or cell\n");
        return 2;
    }
    if (a.mpp && !(std::isfinite(*a.mpp) && *a.mpp > 0 && *a.mpp < 1000)) {
        std::fprintf(stderr, "histomark ihc: --mpp must be a positive number of um per pixel\n");
        return 2;
    }
    std::optional<Roi> roi;
    if (!a.roi.empty() && !(roi = parseRoi(a.roi))) {
        std::fprintf(stderr, "histomark ihc: --roi must be X,Y,W,H in level-0 pixels (whole numbers, W and H > 0)\n");
        return 2;
    }
    if (!a.regionClass.empty() && a.regions.empty()) {
        std::fprintf(stderr, "histomark ihc: --class needs --regions FILE\n");
        return 2;
    }
    if (!a.cells.empty() && a.inputs.size() != 1) {
        std::fprintf(stderr, "histomark ihc: --cells writes the cells of one input: give one\n");
        return 2;
    }
    if (!a.cells.empty() && !interchange::isDetectionFileName(a.cells)) {
        std::fprintf(stderr, "histomark ihc: --cells %s: cells are written as QuPath GeoJSON: use .geojson or .json\n", a.cells.c_str());
        return 2;
    }
    std::vector<core::Annotation> areas;
    if (!a.regions.empty()) {
        if (roi) {
            std::fprintf(stderr, "histomark ihc: give --roi or --regions, not both\n");
            return 2;
        }
        auto found = readAreas(a.regions, a.regionClass);
        if (!found) {
            std::fprintf(stderr, "histomark ihc: %s\n", found.error().c_str());
            return 2;
        }
        areas = std::move(*found);
    }
    analysis::DabOptions o;
    o.compartment = *compartment;
    o.estimateStains = a.estimateStains;
    o.refuseHematoxylinEosin = !a.skipStainCheck;
    o.threads = std::max(1, a.threads);
    int failed = 0;
    for (const auto& input : a.inputs) {
        analysis::DabResult r;
        auto j = analyseInput(input, a, o, roi, areas, &r);
        if (!j) {
            std::fprintf(stderr, "histomark ihc: %s: %s\n", input.c_str(), j.error().c_str());
            ++failed;
            if (cliInterrupted()) return 130;
            continue;
        }
        if (a.json) std::printf("%s\n", j->dump().c_str());
        else printText(*j, r);
        std::fflush(stdout);
    }
    return failed ? 1 : 0;
}

int runIhcBench(const IhcBenchArgs& a) {
    const int threads = std::max(1, a.threads);
    cv::Mat rgb;
    double mpp = kWorkingUmPerPx;
    std::string sourceName = "generated 4096 x 4096 H-DAB picture at 0.5 um/px";
    if (!a.slide.empty()) {
        auto s = slide::openSlide(a.slide);
        if (!s) {
            std::fprintf(stderr, "histomark bench-ihc: %s\n", s.error().c_str());
            return 1;
        }
        const core::SlideInfo& info = (*s)->info();
        const double mpp0 = info.mpp.known() ? info.mpp.mean() : 0;
        const int level = levelFor(info, mpp0);
        const core::LevelInfo& l = info.levels[size_t(level)];
        const int w = int(std::min<int64_t>(l.width, 4096)), h = int(std::min<int64_t>(l.height, 4096));
        auto px = (*s)->readRegion(int64_t(double((l.width - w) / 2) * l.downsample),
                                   int64_t(double((l.height - h) / 2) * l.downsample), level, w, h);
        if (!px) {
            std::fprintf(stderr, "histomark bench-ihc: %s\n", px.error().c_str());
            return 1;
        }
        rgb = toRgb(*px);
        mpp = mpp0 > 0 ? mpp0 * l.downsample : 0;
        sourceName = a.slide + " (centred " + std::to_string(w) + " x " + std::to_string(h) + " px of level " +
                     std::to_string(level) + ")";
    } else {
        rgb = syntheticIhc(4096);
    }
    // The same pixels as 256 x 256 JPEG tiles (quality 90), as a slide stores them.
    constexpr int kTile = 256;
    std::vector<std::vector<uint8_t>> tiles;
    for (int y = 0; y + kTile <= rgb.rows; y += kTile)
        for (int x = 0; x + kTile <= rgb.cols; x += kTile) {
            cv::Mat bgr;
            cv::cvtColor(rgb(cv::Rect(x, y, kTile, kTile)), bgr, cv::COLOR_RGB2BGR);
            tiles.emplace_back();
            cv::imencode(".jpg", bgr, tiles.back(), {cv::IMWRITE_JPEG_QUALITY, 90});
        }
    if (tiles.empty()) {
        std::fprintf(stderr, "histomark bench-ihc: the picture is smaller than one 256 x 256 tile\n");
        return 1;
    }
    // Both measured with `threads` threads of our own and OpenCV's internal threading off.
    const int cvThreads = cv::getNumThreads();
    cv::setNumThreads(0);
    int decodeRounds = 0;
    const double decodeSeconds = secondsFor(
        [&] {
            std::vector<std::thread> pool;
            for (int t = 0; t < threads; ++t)
                pool.emplace_back([&, t] {
                    for (size_t i = size_t(t); i < tiles.size(); i += size_t(threads)) cv::imdecode(tiles[i], cv::IMREAD_COLOR);
                });
            for (auto& th : pool) th.join();
        },
        1.0, decodeRounds);
    const double tilePixels = double(tiles.size()) * kTile * kTile;

    analysis::DabOptions o;
    o.threads = threads;
    core::Result<analysis::DabResult> last = core::Result<analysis::DabResult>::failure("not run");
    int dabRounds = 0;
    const double dabSeconds = secondsFor([&] { last = analysis::quantifyDab(rgb, mpp, o); }, 1.0, dabRounds);
    cv::setNumThreads(cvThreads);
    if (!last) {
        std::fprintf(stderr, "histomark bench-ihc: %s\n", last.error().c_str());
        return 1;
    }
    const double dabMpix = double(rgb.total()) * dabRounds / dabSeconds / 1e6;
    const double jpegMpix = tilePixels * decodeRounds / decodeSeconds / 1e6;
    if (a.json) {
        std::printf("%s\n", json{{"source", sourceName},
                                 {"threads", threads},
                                 {"pixels", rgb.total()},
                                 {"mpp", last->umPerPx},
                                 {"working_mpp", last->workingUmPerPx},
                                 {"cells", last->scores.cells},
                                 {"dab_mpix_s", round3(dabMpix)},
                                 {"jpeg_decode_mpix_s", round3(jpegMpix)},
                                 {"jpeg_tiles", tiles.size()}}
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                .c_str());
    } else {
        std::printf("Source:               %s\n", sourceName.c_str());
        std::printf("Threads:              %d (OpenCV's own threading off)\n", threads);
        std::printf("DAB quantification:   %.2f MPix/s (%d cells, %.3f um/px, detection at %.3f um/px)\n", dabMpix,
                    last->scores.cells, last->umPerPx, last->workingUmPerPx);
        std::printf("JPEG decode:          %.2f MPix/s (cv::imdecode, %zu tiles of 256 x 256, quality 90)\n", jpegMpix,
                    tiles.size());
        std::printf("Quantification costs %.1fx the decode time of the same pixels\n", jpegMpix / std::max(1e-9, dabMpix));
    }
    return 0;
}

void addIhcCommands(CLI::App& cli, std::function<int()>& action) {
    auto args = std::make_shared<IhcArgs>();
    auto mpp = std::make_shared<double>(0);
    auto* sub = cli.add_subcommand("ihc", "Quantify DAB as QuPath's positive cell detection does: cells, % positive, H-score, Allred");
    sub->add_option("inputs", args->inputs, "Slides or images (H-DAB brightfield)")->required();
    auto* mppOption = sub->add_option("--mpp", *mpp, "Scale, um per level-0 pixel (overrides the file; without it an unknown scale is estimated)")
                          ->check(micronsPerPixel());
    sub->add_option("--roi", args->roi, "Region X,Y,W,H in level-0 pixels (default: the centred 2048 x 2048 px at ~0.5 um/px)");
    sub->add_option("--regions", args->regions,
                    "Count only inside the areas of this annotation file (QuPath GeoJSON, ASAP or ImageScope XML), e.g. the tumour");
    sub->add_option("--class", args->regionClass, "With --regions: only the areas of this class (e.g. Tumor)")->transform(utf8Text());
    sub->add_option("--compartment", args->compartment, "Where DAB is measured: nucleus (default), cytoplasm or cell");
    sub->add_flag("--estimate-stains", args->estimateStains, "Estimate the stain vectors per input (Macenko) instead of the standard ones");
    sub->add_flag("--skip-stain-check", args->skipStainCheck, "Quantify even a picture that looks like H&E (eosin, no DAB)");
    sub->add_option("--threads", args->threads, "Tiles analysed at once")->check(CLI::Range(1, 64));
    sub->add_flag("--json", args->json, "One JSON object per input, one per line");
    sub->add_option("--cells", args->cells,
                    "Also write the cells as QuPath detections (GeoJSON points classed Negative, 1+, 2+, 3+, with their DAB ODs)");
    sub->callback([=, &action] {
        if (mppOption->count()) args->mpp = *mpp;
        action = [args] { return runIhc(*args); };
    });

    auto bench = std::make_shared<IhcBenchArgs>();
    auto* b = cli.add_subcommand("bench-ihc", "Measure DAB quantification (MPix/s) beside JPEG decoding of the same tiles");
    b->add_option("slide", bench->slide, "Slide to read a region from (default: a generated H-DAB picture)");
    b->add_flag("--json", bench->json, "One JSON object");
    b->add_option("--threads", bench->threads, "Threads for both")->check(CLI::Range(1, 64));
    b->callback([=, &action] { action = [bench] { return runIhcBench(*bench); }; });
}

}  // namespace histomark::app
