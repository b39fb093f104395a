// SPDX-License-Identifier: MIT
#include "samples/demo_case.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include "samples/slide_labels.h"
#include "slide/pyramid_tiff_writer.h"

namespace histomark::samples {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
constexpr const char* kAccession = "DEMO-LMS-001";

// A serial section as placed on its glass: turned about the slide centre, shifted (µm), and for
// one section flipped over (mirrored horizontally) before it was turned.
Affine sectionPlacement(const DemoCaseOptions& o, double degrees, bool mirror, double shiftXUm, double shiftYUm) {
    const double cx = double(o.width) / 2, cy = double(o.height) / 2;
    Affine m = Affine::translation(-cx, -cy);
    if (mirror) m = m.then(Affine::mirrorX());
    return m.then(Affine::rotation(degrees * std::numbers::pi / 180))
        .then(Affine::translation(cx + shiftXUm / o.mpp, cy + shiftYUm / o.mpp));
}

double round1(double v) { return std::round(v * 10) / 10; }
json affineJson(const Affine& a) { return json::array({json::array({a.a, a.b, a.tx}), json::array({a.c, a.d, a.ty})}); }
bool isTumour(const Cell& c) { return c.kind == CellKind::Tumour || c.kind == CellKind::Mitosis; }

// Writes NAME.partial, then renames, like the slides.
core::Status writeJson(const fs::path& path, const json& j) {
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial);
        out << j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        if (!out) return core::Status::failure("Cannot write " + partial.string());
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) return core::Status::failure("Cannot rename " + partial.string() + ": " + ec.message());
    return {};
}

// Per-slide ground truth: which cells land on the slide and where (in its own level-0 px).
json slideTruth(const DemoCaseOptions& o, const DemoSlide& s, const std::vector<Cell>& cells) {
    json j = {{"file", s.file},         {"stain", stainName(s.stain)},
              {"width", o.width},       {"height", o.height},
              {"mpp", o.mpp},           {"transformFromHE", affineJson(s.fromHe)},
              {"mirrored", s.mirrored}, {"rotationDegrees", s.rotationDegrees}};
    json positive = json::array(), negative = json::array(), mast = json::array();
    int tumour = 0;
    for (const Cell& c : cells) {
        double x, y;
        s.fromHe.apply(c.x / o.mpp, c.y / o.mpp, x, y);
        if (x < 0 || y < 0 || x >= double(o.width) || y >= double(o.height)) continue;
        json p = json::array({round1(x), round1(y)});
        if (c.kind == CellKind::MastCell) mast.push_back(p);
        if (!isTumour(c)) continue;
        ++tumour;
        (c.ki67 ? positive : negative).push_back(p);
    }
    if (s.stain == Stain::Desmin) j["positiveTumourCells"] = tumour;
    if (s.stain == Stain::Ki67) {
        j["ki67"] = {{"positiveCount", positive.size()},
                     {"negativeCount", negative.size()},
                     {"index", double(positive.size()) / std::max<double>(1, tumour)},
                     {"positive", positive},
                     {"negative", negative}};
    }
    if (s.stain == Stain::Cd117) j["positiveMastCells"] = mast;
    return j;
}

json truthJson(const DemoCaseOptions& o, const TissueModel& model, const std::vector<DemoSlide>& slides) {
    const std::vector<Cell> cells = model.allCells();
    json mitoses = json::array(), lookAlikes = json::array(), slideList = json::array();
    const RectUm& h = model.hotspot();
    int inHotspot = 0;
    for (const Cell& c : cells) {
        const double x = round1(c.x / o.mpp), y = round1(c.y / o.mpp);
        if (c.kind == CellKind::Mitosis) {
            mitoses.push_back({{"x", x}, {"y", y}, {"phase", mitosisPhaseName(c.phase)}});
            inHotspot += c.x >= h.x && c.x < h.x + h.width && c.y >= h.y && c.y < h.y + h.height;
        }
        if (c.kind == CellKind::Apoptotic || c.kind == CellKind::Lymphocyte)
            lookAlikes.push_back({{"x", x}, {"y", y}, {"kind", cellKindName(c.kind)}});
    }
    for (const auto& s : slides) slideList.push_back(slideTruth(o, s, cells));
    int tissue = 0, samples = 0;
    for (double y = 0.5; y < 150; ++y)
        for (double x = 0.5; x < 200; ++x, ++samples)
            tissue += model.tissue(x / 200 * model.widthUm(), y / 150 * model.heightUm()) > 0.5;
    return {{"generator", "histomark samples::writeDemoCase"},
            {"coordinates", "level-0 pixels of the H&E slide unless a slide entry says otherwise"},
            {"seed", o.seed},
            {"mpp", o.mpp},
            {"width", o.width},
            {"height", o.height},
            {"tissueFraction", double(tissue) / samples},
            {"hotspot",
             {{"x", round1(h.x / o.mpp)},
              {"y", round1(h.y / o.mpp)},
              {"width", round1(h.width / o.mpp)},
              {"height", round1(h.height / o.mpp)},
              {"mitoticFigures", inHotspot}}},
            {"slides", slideList},
            {"mitoticFigures", mitoses},
            {"lookAlikes", lookAlikes}};
}

json caseJson(const DemoCaseOptions& o, const std::vector<DemoSlide>& slides) {
    json list = json::array();
    for (const auto& s : slides)
        list.push_back(
            {{"file", s.file},
             {"stain", stainName(s.stain)},
             {"tags", s.stain == Stain::HE ? json::array({"HE"}) : json::array({"IHC", stainName(s.stain)})}});
    return {{"accession", kAccession}, {"site", "rectum"}, {"diagnosisNote", "spindle cell tumour"},
            {"synthetic", true},       {"seed", o.seed},   {"slides", list}};
}

core::Status writeSlide(const DemoCaseOptions& o, const std::shared_ptr<const TissueModel>& model, const DemoSlide& s) {
    TissuePainter painter(model, demoView(o, s));
    slide::PyramidTiffOptions po;
    po.width = o.width, po.height = o.height, po.mpp = o.mpp, po.jpegQuality = o.jpegQuality;
    if (s.stain == Stain::HE) {
        po.flavour = slide::PyramidTiffOptions::Flavour::Aperio;
        po.associated = [&](const core::RgbaImage& thumbnail) {
            core::RgbaImage label = makeLabel(kAccession, s.stain);
            core::RgbaImage macro = makeMacro(label, thumbnail, double(o.width) * o.mpp, double(o.height) * o.mpp);
            return std::vector<slide::AssociatedImage>{{"label", std::move(label)}, {"macro", std::move(macro)}};
        };
    }
    const std::string path = (fs::path(o.outDir) / s.file).string();
    return slide::PyramidTiffWriter::write(
        path, po, [&](int64_t x0, int64_t y0, core::RgbaImage& img) { painter.paint(x0, y0, img); });
}

}  // namespace

std::vector<DemoSlide> demoSlides(const DemoCaseOptions& o) {
    return {{Stain::HE, "HE.svs", Affine{}, false, 0},
            {Stain::Desmin, "desmin.tiff", sectionPlacement(o, 3.0, false, 40, -25), false, 3.0},
            {Stain::Ki67, "ki67.tiff", sectionPlacement(o, -4.5, false, -45, 20), false, -4.5},
            {Stain::Cd117, "cd117.tiff", sectionPlacement(o, 2.0, true, 20, 30), true, 2.0}};
}

std::shared_ptr<const TissueModel> demoModel(const DemoCaseOptions& o) {
    return std::make_shared<TissueModel>(o.seed, double(o.width) * o.mpp, double(o.height) * o.mpp);
}

SlideView demoView(const DemoCaseOptions& o, const DemoSlide& s) {
    return {s.stain, o.mpp, s.fromHe.inverse().then(Affine::scaling(o.mpp))};
}

core::Status writeDemoCase(const DemoCaseOptions& o) {
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (ec || !fs::is_directory(o.outDir))
        return core::Status::failure("Cannot create directory " + o.outDir + ": " +
                                     (ec ? ec.message() : "not a directory"));
    const auto model = demoModel(o);
    const auto slides = demoSlides(o);
    for (const auto& s : slides) {
        const auto t0 = std::chrono::steady_clock::now();
        if (core::Status st = writeSlide(o, model, s); !st) return st;
        if (o.log) {
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const auto bytes = fs::file_size(fs::path(o.outDir) / s.file, ec);
            o.log(s.file + ": " + std::to_string(secs).substr(0, 5) + " s, " + std::to_string(bytes / 1024) + " KiB");
        }
    }
    if (core::Status st = writeJson(fs::path(o.outDir) / "truth.json", truthJson(o, *model, slides)); !st) return st;
    return writeJson(fs::path(o.outDir) / "case.json", caseJson(o, slides));
}

}  // namespace histomark::samples
