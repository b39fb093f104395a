// SPDX-License-Identifier: MIT
// `histomark detect-mitoses`, `eval-detections` and `hotspot`: the candidate detector, its
// evaluation against reference points, and the 10-HPF hotspot search, through the same analysis
// functions the viewer's jobs use.
#include "app/detect_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis/area_mask.h"
#include "analysis/hotspot_search.h"
#include "analysis/mitosis_candidates.h"
#include "analysis/slide_thumbnail.h"
#include "analysis/tissue_mask.h"
#include "app/annotation_areas.h"
#include "app/cli_checks.h"
#include "app/cli_output.h"
#include "app/cli_progress.h"
#include "app/count_command.h"
#include "core/hpf.h"
#include "core/point_matching.h"
#include "interchange/annotation_file.h"
#include "interchange/sliderunner_db.h"
#include "interchange/class_names.h"
#include "slide/slide_opener.h"

namespace histomark::app {
namespace {

using nlohmann::json;

// Dividing by the whole number 1/step gives the double nearest the decimal (0.0491, not
// 0.049100000000000005 as multiplying by step does).
double rounded(double v, double step) {
    if (step >= 1) return std::round(v / step) * step;
    const double inverse = std::round(1 / step);
    return std::round(v * inverse) / inverse;
}

// The scale to use: --mpp, else the slide's own.
core::Result<double> scaleOf(const core::SlideSource& s, double mppOption) {
    if (mppOption > 0) return mppOption;
    if (s.info().mpp.known()) return s.info().mpp.mean();
    return core::Error{"the scale (\xC2\xB5m per pixel) of " + s.info().path + " is unknown: give --mpp"};
}

std::string readText(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = bool(in);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// ---------------------------------------------------------------------------------------------
// detect-mitoses

// --model FILE (none: the built-in classifier) and the minimum score: --min-score, else the model's default.
struct ChosenModel {
    std::optional<analysis::MitosisModel> model;
    double minScore = 0;
};
core::Result<ChosenModel> chosenModel(const std::string& file, double minScoreGiven) {
    ChosenModel c;
    if (!file.empty()) {
        auto loaded = analysis::MitosisModel::loadFile(file);
        if (!loaded) return core::Error{file + ": " + loaded.error()};
        c.model = std::move(*loaded);
    }
    c.minScore = minScoreGiven >= 0 ? minScoreGiven : c.model ? c.model->defaultMinScore() : analysis::defaultMitosisMinScore();
    return c;
}

struct DetectArgs {
    std::vector<std::string> inputs;
    double mpp = 0;
    std::string roi;
    double minScore = -1;  // < 0: the model's default
    std::string model;     // a model file from train-mitosis; empty: the built-in one
    std::string regions, regionClass;  // only inside these areas of an annotation file
    std::string geojson;               // the candidates as QuPath detections (one input)
    int threads = 2;
    bool json = false;
};

// Candidates as QuPath detections: points of class "mitosis candidate" with their score and area.
std::vector<interchange::Detection> asDetections(const std::vector<analysis::MitosisCandidate>& found) {
    std::vector<interchange::Detection> out;
    out.reserve(found.size());
    for (const auto& c : found)
        out.push_back({c.at, "mitosis candidate", 0xff8c00, {{"Candidate score", c.score}, {"Area \u00b5m^2", c.areaUm2}}});
    return out;
}

bool parseRoi(const std::string& s, core::Level0Rect& r) {
    char tail = 0;
    // Finite, and within what any slide can be (2^40 px a side), so no arithmetic on it overflows.
    constexpr double kFar = 1099511627776.0;
    return std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf%c", &r.x, &r.y, &r.width, &r.height, &tail) == 4 && r.width > 0 &&
           r.height > 0 && std::abs(r.x) < kFar && std::abs(r.y) < kFar && r.width < kFar && r.height < kFar;
}

int runDetect(const DetectArgs& a) {
    core::Level0Rect roi;
    const bool haveRoi = !a.roi.empty();
    if (haveRoi && !parseRoi(a.roi, roi)) return fail("--roi must be X,Y,W,H in level-0 pixels (W, H > 0)", 2);
    if (a.mpp < 0 || !std::isfinite(a.mpp)) return fail("--mpp must be positive", 2);
    if (haveRoi && !a.regions.empty()) return fail("--roi and --regions are alternatives: give one", 2);
    if (!a.regionClass.empty() && a.regions.empty()) return fail("--class needs --regions", 2);
    if (!a.geojson.empty() && a.inputs.size() != 1) return fail("--geojson writes the candidates of one input: give one", 2);
    if (!a.geojson.empty() && !interchange::isDetectionFileName(a.geojson))
        return fail("--geojson " + a.geojson + ": candidates are written as QuPath GeoJSON: use .geojson or .json", 2);
    std::vector<core::Annotation> areas;
    if (!a.regions.empty()) {
        auto read = readAreas(a.regions, a.regionClass);
        if (!read) return fail(read.error(), 2);
        areas = std::move(*read);
    }
    auto chosen = chosenModel(a.model, a.minScore);
    if (!chosen) return fail(chosen.error());
    const std::optional<analysis::MitosisModel>& model = chosen->model;
    const double minScore = chosen->minScore;
    int rc = 0;
    for (const std::string& input : a.inputs) {
        auto slide = slide::openSlide(input);
        if (!slide) {
            rc = fail(slide.error());
            continue;
        }
        auto mpp = scaleOf(**slide, a.mpp);
        if (!mpp) {
            rc = fail(mpp.error());
            continue;
        }
        const auto& info = (*slide)->info();
        const core::Level0Rect whole{0, 0, double(info.width()), double(info.height())};
        core::Level0Rect region = haveRoi ? roi : areas.empty() ? whole : core::boundsOf(areas);
        if (haveRoi) {  // one wholly off the slide is a mistake, not "no candidates"
            std::string clipped;
            auto on = roiOnSlide(roi, a.roi, info.width(), info.height(), &clipped);
            if (!on) {
                rc = fail(input + ": " + on.error());
                continue;
            }
            if (!clipped.empty()) std::fprintf(stderr, "histomark: %s: %s\n", input.c_str(), clipped.c_str());
            region = *on;
        }
        if (!areas.empty() && !(region.right() > 0 && region.bottom() > 0 && region.x < whole.width && region.y < whole.height)) {
            rc = fail(input + ": the areas of " + a.regions + " lie outside the slide (" + std::to_string(info.width()) + " x " +
                      std::to_string(info.height()) + " px)");
            continue;
        }
        analysis::RegionDetectionOptions options;
        options.detector.minScore = minScore;
        options.detector.model = model ? &*model : nullptr;
        options.threads = a.threads;
        const auto start = std::chrono::steady_clock::now();
        CliProgress progress("finding candidates in " + std::filesystem::path(input).filename().string());
        auto found = progress.run([&](core::JobControl* job) { return analysis::detectCandidatesInRegion(**slide, region, options, job, *mpp); });
        if (progress.interrupted()) return fail(input + ": stopped (Ctrl-C)", 130);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!found) {
            rc = fail(input + ": " + found.error());
            continue;
        }
        if (!areas.empty())  // candidates whose centre lies in one of the areas
            std::erase_if(*found, [&](const analysis::MitosisCandidate& c) {
                return std::none_of(areas.begin(), areas.end(), [&](const core::Annotation& r) { return r.contains(c.at); });
            });
        if (!a.geojson.empty()) {
            if (auto written = interchange::writeDetectionFile(a.geojson, asDetections(*found)); !written) {
                rc = fail(written.error());
                continue;
            }
        }
        if (a.json) {
            json list = json::array();
            for (const auto& c : *found)
                list.push_back({{"x", rounded(c.at.x, 0.01)}, {"y", rounded(c.at.y, 0.01)}, {"score", rounded(c.score, 1e-4)},
                                {"area_um2", rounded(c.areaUm2, 0.01)}});
            json out{{"input", input},
                     {"mpp", *mpp},
                     {"roi", {region.x, region.y, region.width, region.height}},
                     {"min_score", minScore},
                     {"count", found->size()},
                     {"seconds", rounded(seconds, 1e-3)},
                     {"candidates", list}};
            if (!areas.empty()) {
                out["regions"] = areas.size();
                out["region_class"] = a.regionClass;
            }
            std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
        } else {
            std::printf("%s: %zu candidates (score >= %g, %.3g \xC2\xB5m/px)\n", input.c_str(), found->size(), minScore, *mpp);
            for (const auto& c : *found) std::printf("  %.1f %.1f score %.3f area %.1f \xC2\xB5m\xC2\xB2\n", c.at.x, c.at.y, c.score, c.areaUm2);
        }
    }
    return rc;
}

// ---------------------------------------------------------------------------------------------
// eval-detections

struct EvalArgs {
    std::string reference, detections;
    std::string className = core::kMitoticFigure;  // the points taken from an annotation file
    double mpp = 0, radiusUm = core::kMitosisMatchRadiusUm, minScore = 0;
    bool json = false;
    std::string image;  // the image of a labelled set (SlideRunner database, MIDOG dataset JSON)
    bool yx = false;    // the reference CSV lists y,x (TUPAC16's layout)
};

struct ScoredPoint {
    core::Level0Point at;
    double score = 1;
};

bool looksLikeJson(const std::string& text) {
    const size_t i = text.find_first_not_of(" \t\r\n");
    return i != std::string::npos && (text[i] == '{' || text[i] == '[');
}

// A CSV header: names (letters first; digits, '_', '.', '-', '(', ')', blanks within), quoted or not,
// separated by commas (parseCsv has turned semicolons and tabs into commas). Markup, prose with
// punctuation or binary bytes are not.
bool looksLikeHeader(const std::string& line) {
    std::string field;
    bool any = false;
    auto fieldOk = [](std::string f) {
        const size_t b = f.find_first_not_of(" \t\r\"'"), e = f.find_last_not_of(" \t\r\"'");
        if (b == std::string::npos) return true;  // an empty column name
        f = f.substr(b, e - b + 1);
        if (!std::isalpha(static_cast<unsigned char>(f[0]))) return false;
        for (unsigned char c : f)
            if (!(std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '(' || c == ')' || c == ' ' || c >= 0x80))
                return false;
        return true;
    };
    std::istringstream fields(line);
    while (std::getline(fields, field, ',')) {
        if (!fieldOk(field)) return false;
        any = true;
    }
    return any;
}

// The fields of a CSV line, a quoted field's quotes removed ("" inside one is a quote).
std::vector<std::string> csvFields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.emplace_back();
        else if (c != '\r') out.back() += c;
    }
    for (auto& f : out) {
        const size_t b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
        f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
    }
    return out;
}

// CSV rows x,y[,score] in level-0 px; a first line of column names is a header. A header naming a
// "class" column (as `marks export` writes: x_px,y_px,class,reader) keeps the rows of `className`.
core::Result<std::vector<ScoredPoint>> parseCsv(const std::string& text, const std::string& what, const std::string& className) {
    std::vector<ScoredPoint> out;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    long classColumn = -1;
    size_t otherClasses = 0;
    const std::string wanted = interchange::canonicalClassName(className);
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        for (char& c : line)
            if (c == ';' || c == '\t') c = ',';  // semicolon- and tab-separated files too
        ScoredPoint p;
        int n = std::sscanf(line.c_str(), " %lf , %lf , %lf", &p.at.x, &p.at.y, &p.score);
        if (n < 2) n = std::sscanf(line.c_str(), " %lf %lf %lf", &p.at.x, &p.at.y, &p.score);
        if (n < 2 && lineNo > 1) {  // quoted numbers
            const auto fields = csvFields(line);
            char* end0 = nullptr;
            char* end1 = nullptr;
            if (fields.size() >= 2 && !fields[0].empty() && !fields[1].empty()) {
                p.at.x = std::strtod(fields[0].c_str(), &end0), p.at.y = std::strtod(fields[1].c_str(), &end1);
                if (!*end0 && !*end1) n = 2;
            }
        }
        if (n < 2) {
            if (lineNo == 1 && looksLikeHeader(line)) {
                const auto names = csvFields(line);
                for (size_t i = 0; i < names.size(); ++i)
                    if (sameName(names[i], "class")) classColumn = long(i);
                continue;
            }
            if (lineNo == 1)
                return core::Error{what + ": line 1 is neither x,y nor a header of column names (not a CSV of points?)"};
            return core::Error{what + ": line " + std::to_string(lineNo) + " is not x,y"};
        }
        if (classColumn >= 0) {
            const auto fields = csvFields(line);
            if (size_t(classColumn) < fields.size() &&
                !interchange::sameClassName(interchange::canonicalClassName(fields[size_t(classColumn)]), wanted)) {
                ++otherClasses;
                continue;
            }
        }
        if (n < 3 || classColumn == 2) p.score = 1;
        out.push_back(p);
    }
    if (otherClasses)
        std::fprintf(stderr, "histomark: %s: %zu row%s of other classes than '%s' left out\n", what.c_str(), otherClasses, otherClasses == 1 ? "" : "s", wanted.c_str());
    return out;
}

// XML (ASAP, ImageScope) or GeoJSON (QuPath): an annotation file, read by the interchange layer.
// `whole` is the text parsed as one JSON document (discarded when it is not one).
bool isAnnotationFile(const std::string& text, const json& whole) {
    if (interchange::looksLikeSqlite(text)) return true;  // a SlideRunner database
    const size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string::npos) return false;
    if (whole.is_object() && whole.contains("images") && whole.contains("annotations")) return true;  // a MIDOG dataset
    if (text[i] == '<') return true;
    if (text[i] == '[') return true;  // an array of GeoJSON Features (MIDOG and detect-mitoses write objects)
    // MIDOG's JSON has a "type" too ("Multiple points"), and its "points"; GeoJSON has "features" or
    // "geometry".
    return text[i] == '{' && whole.is_object() && (whole.contains("features") || whole.contains("geometry")) &&
           !whole.contains("points") && !whole.contains("candidates");
}

// The point marks of class `className` (canonical names: "Mitosis" is a mitotic figure) of an
// annotation file, in level-0 px. A file whose points carry no class at all (QuPath's unclassified
// points) gives those, with a note; a file with points of other classes only is an error naming them.
core::Result<std::vector<ScoredPoint>> annotationPoints(const std::string& path, const std::string& className,
                                                       const std::string& image) {
    auto imported = interchange::readAnnotationFile(path, {image, "", false});
    if (!imported) return core::Error{imported.error()};
    const std::string wanted = interchange::canonicalClassName(className);
    std::vector<ScoredPoint> out, unclassified;
    std::string classes;
    for (const core::Annotation& a : imported->annotations) {
        if (a.kind != core::ShapeKind::Point || a.points.empty()) continue;
        const std::string cls = interchange::canonicalClassName(a.className);
        if (interchange::sameClassName(cls, wanted)) out.push_back({a.points.front(), 1});
        else if (cls == interchange::kUnclassified) unclassified.push_back({a.points.front(), 1});
        else if (classes.find("'" + cls + "'") == std::string::npos) classes += (classes.empty() ? "'" : ", '") + cls + "'";
    }
    if (!out.empty()) return out;
    if (!unclassified.empty() && classes.empty()) {
        std::fprintf(stderr, "histomark: %s: its %zu points have no class: all taken as '%s'\n", path.c_str(),
                     unclassified.size(), wanted.c_str());
        return unclassified;
    }
    if (classes.empty()) return core::Error{path + " holds no point marks"};
    return core::Error{path + " has no points of class '" + wanted + "' (its points' classes: " + classes + "; choose one with --class)"};
}

// MIDOG's point JSON (millimetres), detect-mitoses' JSON lines, annotation files, or CSV.
core::Result<std::vector<ScoredPoint>> readPoints(const std::string& path, double mpp, const std::string& className,
                                                  const std::string& image, bool yx) {
    // A FIFO or device would block the read for ever.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return core::Error{"cannot read " + path + ": no such file"};
    if (!std::filesystem::is_regular_file(path, ec)) return core::Error{"cannot read " + path + ": not a regular file"};
    bool ok = false;
    const std::string text = readText(path, ok);
    if (!ok) return core::Error{"cannot read " + path};
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        std::fprintf(stderr, "histomark: %s is empty: read as no points\n", path.c_str());
        return std::vector<ScoredPoint>{};
    }
    const json whole = looksLikeJson(text) ? json::parse(text, nullptr, false) : json(json::value_t::discarded);
    if (isAnnotationFile(text, whole)) return annotationPoints(path, className, image);
    if (!looksLikeJson(text)) {
        auto points = parseCsv(text, path, className);
        if (points && yx)
            for (auto& p : *points) std::swap(p.at.x, p.at.y);
        return points;
    }
    std::vector<ScoredPoint> out;
    std::istringstream in(text);
    std::string line;
    auto take = [&](const json& j) -> core::Status {
        if (j.contains("points")) {  // MIDOG: {"points": [{"name", "point": [x_mm, y_mm, z], "probability"}]}
            for (const auto& p : j.at("points")) {
                const std::string name = p.value("name", std::string("mitotic figure"));
                if (name != "mitotic figure") continue;
                const auto& xy = p.at("point");
                ScoredPoint s{{xy.at(0).get<double>() * 1000 / mpp, xy.at(1).get<double>() * 1000 / mpp},
                              p.value("probability", 0.5)};
                out.push_back(s);
            }
        } else if (j.contains("candidates")) {  // detect-mitoses --json
            for (const auto& c : j.at("candidates"))
                out.push_back({{c.at("x").get<double>(), c.at("y").get<double>()}, c.value("score", 1.0)});
        } else {
            return core::Status::failure("a JSON object with neither \"points\" (MIDOG) nor \"candidates\" (detect-mitoses)");
        }
        return {};
    };
    try {
        // One document (MIDOG) or one object per line (detect-mitoses).
        if (!whole.is_discarded()) {
            if (auto s = take(whole); !s) return core::Error{path + ": " + s.error()};
        } else {
            for (int number = 1; std::getline(in, line); ++number) {
                if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
                const json j = json::parse(line, nullptr, false);
                if (j.is_discarded()) {
                    const std::string what = number == 1 && text.find('\n') >= text.size() - 1
                                                 ? "malformed JSON (cut short, or not one JSON object per line)"
                                                 : "line " + std::to_string(number) + " is not a JSON object";
                    return core::Error{path + ": " + what};
                }
                if (auto s = take(j); !s) return core::Error{path + ": " + s.error()};
            }
        }
    } catch (const json::exception& e) {
        // "[json.exception.type_error.302] type must be number, but is string" -> the part after "] ".
        const std::string what = e.what();
        const size_t cut = what.find("] ");
        return core::Error{path + ": not points as MIDOG or detect-mitoses write them (" +
                           (cut == std::string::npos ? what : what.substr(cut + 2)) + ")"};
    } catch (const std::exception& e) {
        return core::Error{path + ": " + e.what()};
    }
    return out;
}

int runEval(const EvalArgs& a) {
    if (!(a.mpp > 0) || !std::isfinite(a.mpp)) return fail("--mpp must be positive", 2);
    if (!(a.radiusUm > 0)) return fail("--radius-um must be positive", 2);
    auto ref = readPoints(a.reference, a.mpp, a.className, a.image, a.yx);
    if (!ref) return fail(ref.error());
    auto det = readPoints(a.detections, a.mpp, a.className, a.image, false);
    if (!det) return fail(det.error());
    // A point that is no number (nan, inf, or beyond any slide) is a broken file, not a miss.
    for (const auto& [file, points] : {std::pair{&a.reference, &*ref}, std::pair{&a.detections, &*det}})
        for (size_t i = 0; i < points->size(); ++i)
            if (const core::Level0Point p = (*points)[i].at;
                !std::isfinite(p.x) || !std::isfinite(p.y) || std::abs(p.x) > 1e12 || std::abs(p.y) > 1e12)
                return fail(*file + ": point " + std::to_string(i + 1) + " is not a position on a slide (" + shortNumber(p.x, 6) + ", " +
                            shortNumber(p.y, 6) + ")");
    std::vector<core::Level0Point> r, d;
    for (const auto& p : *ref) r.push_back(p.at);
    for (const auto& p : *det)
        if (p.score >= a.minScore) d.push_back(p.at);
    auto m = core::matchPoints(r, d, a.mpp, a.mpp, a.radiusUm);
    if (!m) return fail(m.error());
    // 0 of 0 is no measurement: said, since the printed 0 would read as a detector that missed all.
    if (r.empty()) std::fprintf(stderr, "histomark: %s holds no reference points: recall is not defined (printed as 0)\n", a.reference.c_str());
    if (d.empty()) std::fprintf(stderr, "histomark: %s holds no detections%s: precision is not defined (printed as 0)\n",
                                a.detections.c_str(), a.minScore > 0 ? " at that --min-score" : "");
    if (a.json) {
        std::cout << json{{"reference", a.reference}, {"detections", a.detections}, {"mpp", a.mpp}, {"radius_um", a.radiusUm},
                          {"min_score", a.minScore}, {"reference_count", r.size()}, {"detection_count", d.size()},
                          {"tp", m->tp}, {"fp", m->fp}, {"fn", m->fn}, {"precision", m->precision},
                          {"recall", m->recall}, {"f1", m->f1}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
    } else {
        std::printf("reference %zu, detections %zu, radius %g \xC2\xB5m\nTP %d  FP %d  FN %d\nprecision %.4f  recall %.4f  F1 %.4f\n",
                    r.size(), d.size(), a.radiusUm, m->tp, m->fp, m->fn, m->precision, m->recall, m->f1);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// hotspot

struct HotspotArgs {
    std::string slide, preset = core::kFnclccPresetId;
    std::string exclude, excludeClass = core::kNecrosis;  // areas not counted (DOMAIN §2: viable tumour only)
    double mpp = 0, minScore = -1;  // < 0: the model's default
    std::string model;             // a model file from train-mitosis; empty: the built-in one
    int top = 5, threads = 2;
    bool weighted = false, json = false;
};

constexpr double kHpfMm2 = 0.2376;  // FN 22 at 40x: the review burden is quoted per this field

int runHotspot(const HotspotArgs& a) {
    auto preset = core::findHpfPreset(a.preset);
    if (!preset) {
        std::string names;
        for (const auto& p : core::hpfPresets()) names += (names.empty() ? "" : ", ") + p.id;
        return fail("unknown preset '" + a.preset + "' (one of: " + names + ")", 2);
    }
    std::vector<core::Annotation> excludedAreas;
    if (!a.exclude.empty()) {
        auto areas = readAreas(a.exclude, a.excludeClass);
        if (!areas) return fail(areas.error(), 2);
        excludedAreas = std::move(*areas);
    }
    auto chosen = chosenModel(a.model, a.minScore);
    if (!chosen) return fail(chosen.error());
    const std::optional<analysis::MitosisModel>& model = chosen->model;
    const double minScore = chosen->minScore;
    auto slide = slide::openSlide(a.slide);
    if (!slide) return fail(slide.error());
    auto mpp = scaleOf(**slide, a.mpp);
    if (!mpp) return fail(mpp.error());
    const auto& info = (*slide)->info();
    const auto start = std::chrono::steady_clock::now();

    // Tissue at about 4 µm/px: fine enough for a window of a millimetre and more.
    analysis::ThumbnailRequest request;
    request.umPerPx = 4;
    request.maxSide = 4096;
    if (a.mpp > 0 || !info.mpp.known()) request.downsample = std::max(1.0, 4 / *mpp), request.umPerPx = 0;
    auto thumb = analysis::readSlideThumbnail(**slide, request);
    if (!thumb) return fail(thumb.error());
    const double ds = thumb->level0PerPxX;
    analysis::TissueMaskOptions maskOptions;
    maskOptions.umPerPx = ds * *mpp;
    const cv::Mat tissue = analysis::tissueMask(thumb->rgb, maskOptions);
    const double tissueMm2 = cv::countNonZero(tissue) * ds * ds * *mpp * *mpp * 1e-6;

    analysis::RegionDetectionOptions options;
    options.detector.minScore = minScore;
    options.detector.model = model ? &*model : nullptr;
    options.threads = a.threads;
    options.tissueMask = tissue;
    options.maskDownsample = ds;
    CliProgress progress("finding candidates");
    auto found = progress.run([&](core::JobControl* job) {
        return analysis::detectCandidatesInRegion(**slide, {0, 0, double(info.width()), double(info.height())}, options, job, *mpp);
    });
    if (progress.interrupted()) return fail(a.slide + ": stopped (Ctrl-C)", 130);
    if (!found) return fail(a.slide + ": " + found.error());
    analysis::HotspotOptions ho;
    ho.preset = *preset;
    ho.scoreWeighted = a.weighted;
    ho.top = a.top;
    const cv::Mat excluded = excludedAreas.empty() ? cv::Mat() : analysis::areaMask(excludedAreas, {0, 0}, ds, tissue.size());
    auto windows =
        analysis::findHotspots(*found, tissue, ds, double(info.width()), double(info.height()), *mpp, *mpp, ho, excluded);
    if (!windows) return fail(windows.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double perHpf = tissueMm2 > 0 ? double(found->size()) / tissueMm2 * kHpfMm2 : 0;
    const std::string caveat =
        windows->empty() ? "" : analysis::hotspotCaveat(windows->front(), double(info.width()), double(info.height()), *mpp, *mpp);
    if (!caveat.empty()) std::fprintf(stderr, "histomark: %s: %s\n", a.slide.c_str(), caveat.c_str());
    if (tissueMm2 <= 0)
        std::fprintf(stderr, "histomark: %s: no tissue found (told from the glass, the brightest part of the picture), so no window\n",
                     a.slide.c_str());

    if (a.json) {
        json list = json::array();
        for (const auto& w : *windows)
            list.push_back({{"x", rounded(w.box.x, 0.1)}, {"y", rounded(w.box.y, 0.1)}, {"width", rounded(w.box.width, 0.1)},
                            {"height", rounded(w.box.height, 0.1)}, {"count", w.count}, {"weighted", rounded(w.weighted, 1e-3)},
                            {"tissue_fraction", rounded(w.tissueFraction, 1e-3)}, {"per_10hpf", rounded(w.per10Hpf, 0.01)},
                            {"tissue_mm2", rounded(w.tissueMm2, 1e-4)}, {"partial", w.partial}});
        std::cout << json{{"input", a.slide},
                          {"mpp", *mpp},
                          {"preset", preset->id},
                          {"window_mm2", preset->referenceAreaMm2},
                          {"shape", preset->shape == core::FieldShape::Circle ? "circle" : "rect-4x3"},
                          {"min_score", minScore},
                          {"tissue_mm2", rounded(tissueMm2, 1e-4)},
                          {"candidates", found->size()},
                          {"candidates_per_hpf", rounded(perHpf, 1e-3)},
                          {"excluded_areas", excludedAreas.size()},
                          {"caveat", caveat.empty() ? json(nullptr) : json(caveat)},
                          {"seconds", rounded(seconds, 1e-3)},
                          {"windows", list}}
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << '\n';
    } else {
        std::printf("%s: %zu candidates on %.3f mm\xC2\xB2 of tissue (%.2f per HPF of 0.2376 mm\xC2\xB2)\n", a.slide.c_str(),
                    found->size(), tissueMm2, perHpf);
        std::printf("windows of %s, %s:\n", preset->label.c_str(), preset->figureLabel.c_str());
        if (windows->empty()) std::printf("  none\n");
        for (const auto& w : *windows)
            std::printf("  x %.0f y %.0f  %.0f x %.0f px  count %d  tissue %.0f%% (%.3f mm\xC2\xB2)  %.1f %s%s\n", w.box.x, w.box.y,
                        w.box.width, w.box.height, w.count, 100 * w.tissueFraction, w.tissueMm2, w.per10Hpf,
                        preset->figureLabel.c_str(), w.partial ? " (scaled up)" : "");
    }
    return 0;
}

}  // namespace

void addDetectCommands(CLI::App& cli, std::function<int()>& action) {
    auto d = std::make_shared<DetectArgs>();
    auto* detect = cli.add_subcommand("detect-mitoses", "Candidate mitotic figures for review (slides or plain images)");
    detect->add_option("inputs", d->inputs, "Slides or images")->required()->check(CLI::ExistingFile);
    detect->add_option("--mpp", d->mpp, "\xC2\xB5m per pixel (needed for plain images; overrides the slide's)")->check(micronsPerPixel());
    detect->add_option("--roi", d->roi, "Region X,Y,W,H in level-0 pixels (default: everything)");
    detect->add_option("--min-score", d->minScore, "Lowest score kept, 0..1 (default: the model's, chosen on held-out slides)")
        ->check(finiteNumber());
    detect->add_option("--model", d->model, "A classifier written by train-mitosis (default: the built-in one)")
        ->check(CLI::ExistingFile);
    detect->add_option("--threads", d->threads, "Worker threads")->check(CLI::Range(1, 64));
    detect->add_option("--regions", d->regions,
                       "Only inside the areas of this annotation file (QuPath GeoJSON, ASAP or ImageScope XML), e.g. the tumour");
    detect->add_option("--class", d->regionClass, "With --regions: only the areas of this class (e.g. Tumor)")->transform(utf8Text());
    detect->add_option("--geojson", d->geojson, "Also write the candidates as QuPath detections (points with their score)");
    detect->add_flag("--json", d->json, "One JSON object per input, one per line");
    detect->callback([&action, d] { action = [d] { return runDetect(*d); }; });

    auto e = std::make_shared<EvalArgs>();
    auto* eval = cli.add_subcommand("eval-detections", "Detections against reference points: TP, FP, FN, precision, recall, F1");
    eval->add_option("--reference", e->reference,
                     "CSV x,y (level-0 px), MIDOG JSON (mm), the point marks of a QuPath GeoJSON / ASAP / ImageScope file, "
                     "or one image of a SlideRunner database / MIDOG dataset JSON (--image)")
        ->required()
        ->check(CLI::ExistingFile);
    eval->add_option("--detections", e->detections, "detect-mitoses --json output, MIDOG JSON, CSV x,y[,score] or an annotation file's points")
        ->required()
        ->check(CLI::ExistingFile);
    eval->add_option("--mpp", e->mpp, "\xC2\xB5m per level-0 pixel")->required()->check(micronsPerPixel());
    eval->add_option("--radius-um", e->radiusUm, "Hit radius in \xC2\xB5m (default 7.5, as MIDOG)")->check(hitRadiusUm());
    eval->add_option("--min-score", e->minScore, "Ignore detections scoring below this")->check(finiteNumber());
    eval->add_option("--class", e->className,
                     "Points of this class from an annotation file (default: mitotic figure; 'Mitosis' and other spellings match)")->transform(utf8Text());
    eval->add_flag("--json", e->json, "One JSON object");
    eval->add_option("--image", e->image, "The image of a SlideRunner database or MIDOG dataset JSON (file name or id)");
    eval->add_flag("--yx", e->yx, "The reference CSV lists y,x (row, column), as TUPAC16's do");
    eval->callback([&action, e] { action = [e] { return runEval(*e); }; });

    auto h = std::make_shared<HotspotArgs>();
    auto* hot = cli.add_subcommand("hotspot", "The 10-HPF windows over the tissue with the most candidate mitoses");
    hot->add_option("slide", h->slide, "Slide")->required()->check(CLI::ExistingFile);
    hot->add_option("--preset", h->preset, "HPF preset: fnclcc (default), fn22-40x, midog-2.37, fn20-40x, per-2mm2, per-5mm2");
    hot->add_option("--mpp", h->mpp, "\xC2\xB5m per pixel when the slide has none")->check(micronsPerPixel());
    hot->add_option("--min-score", h->minScore, "Lowest candidate score counted (default: the model's)")->check(finiteNumber());
    hot->add_option("--model", h->model, "A classifier written by train-mitosis (default: the built-in one)")
        ->check(CLI::ExistingFile);
    hot->add_option("--top", h->top, "Windows listed")->check(CLI::Range(1, 100));
    hot->add_option("--threads", h->threads, "Worker threads")->check(CLI::Range(1, 64));
    hot->add_flag("--weighted", h->weighted, "Rank by summed candidate scores instead of counts");
    hot->add_option("--exclude", h->exclude,
                    "Annotation file (QuPath GeoJSON, ASAP or ImageScope XML) whose necrosis areas are not counted");
    hot->add_option("--exclude-class", h->excludeClass, "With --exclude: the class of the areas left out (default: necrosis)");
    hot->add_flag("--json", h->json, "One JSON object");
    hot->callback([&action, h] { action = [h] { return runHotspot(*h); }; });
}

}  // namespace histomark::app
