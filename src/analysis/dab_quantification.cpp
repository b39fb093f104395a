// SPDX-License-Identifier: MIT
#include "analysis/dab_quantification.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "analysis/nucleus_scale.h"
#include "analysis/stain_check.h"
#include "analysis/tissue_mask.h"
#include "core/mpp.h"

namespace histomark::analysis {
namespace {

constexpr double kTissueMaskSide = 2048;  // px: the tissue mask needs no more detail than this

struct TileOutput {
    std::vector<DabCell> cells;
    int64_t tissue = 0, positive = 0;
};

struct Context {
    const cv::Mat& working;   // RGB at the working resolution
    const cv::Mat& roi;       // CV_8U or empty
    const cv::Mat& tissue;    // CV_8U 0/255
    const DabOptions& o;
    const StainMatrix& stains;
    bool odSum;               // detect on the optical density sum, else on hematoxylin
    double wmpp;              // working µm per px
    int factor;               // input px per working px
};

cv::Mat detectionImage(const cv::Mat& rgb, const std::array<cv::Mat, 3>& channels, bool odSum, cv::Vec3d background) {
    if (!odSum) return channels[0];
    cv::Mat sum;
    cv::transform(rgbOpticalDensity(rgb, background), sum, cv::Matx13f(1, 1, 1));
    return sum;
}

TileOutput processTile(const Context& ctx, const cv::Rect& outer, const cv::Rect& core) {
    TileOutput out;
    const cv::Mat rgb = ctx.working(outer);
    const auto channels = deconvolve(rgb, ctx.stains);
    const cv::Mat& dab = channels[1];
    const DetectedNuclei nuclei =
        detectNuclei(detectionImage(rgb, channels, ctx.odSum, ctx.stains.background), ctx.wmpp, ctx.o.detection);

    // Per label sums: nucleus pixels, their position, DAB and hematoxylin; cell pixels and DAB.
    const size_t n = size_t(nuclei.count) + 1;
    std::vector<double> nPx(n, 0), sx(n, 0), sy(n, 0), nDab(n, 0), nHem(n, 0), cPx(n, 0), cDab(n, 0);
    for (int y = 0; y < outer.height; ++y) {
        const int* nl = nuclei.nuclei.ptr<int>(y);
        const int* cl = nuclei.cells.ptr<int>(y);
        const float* d = dab.ptr<float>(y);
        const float* h = channels[0].ptr<float>(y);
        for (int x = 0; x < outer.width; ++x) {
            if (const size_t i = size_t(nl[x])) nPx[i] += 1, sx[i] += x, sy[i] += y, nDab[i] += d[x], nHem[i] += h[x];
            if (const size_t i = size_t(cl[x])) cPx[i] += 1, cDab[i] += d[x];
        }
    }
    const double pxArea = ctx.wmpp * ctx.wmpp;
    for (size_t i = 1; i < n; ++i) {
        if (nPx[i] <= 0) continue;
        const double cx = sx[i] / nPx[i] + outer.x, cy = sy[i] / nPx[i] + outer.y;  // working px
        const int ix = int(std::floor(cx + 0.5)), iy = int(std::floor(cy + 0.5));
        if (!core.contains(cv::Point(ix, iy))) continue;
        if (!ctx.roi.empty() && ctx.roi.at<uint8_t>(iy, ix) == 0) continue;
        DabCell c;
        // Working pixel centres map to input pixel centres: (x + 0.5) f - 0.5.
        c.centroid = {(cx + 0.5) * ctx.factor - 0.5, (cy + 0.5) * ctx.factor - 0.5};
        c.nucleusAreaUm2 = nPx[i] * pxArea;
        c.cellAreaUm2 = cPx[i] * pxArea;
        c.nucleusDab = float(nDab[i] / nPx[i]);
        c.nucleusHematoxylin = float(nHem[i] / nPx[i]);
        c.cellDab = float(cDab[i] / cPx[i]);
        const double cytoPx = cPx[i] - nPx[i];
        // A nucleus without room around it has no cytoplasm: its cell stands in (QuPath gives NaN).
        c.cytoplasmDab = cytoPx > 0 ? float((cDab[i] - nDab[i]) / cytoPx) : c.cellDab;
        const float score = ctx.o.compartment == DabCompartment::Nucleus     ? c.nucleusDab
                            : ctx.o.compartment == DabCompartment::Cytoplasm ? c.cytoplasmDab
                                                                             : c.cellDab;
        c.cls = classifyDab(score, ctx.o.thresholds);
        out.cells.push_back(c);
    }
    // Positive pixels over the tissue of this tile's core only, so no pixel is counted twice.
    for (int y = core.y; y < core.y + core.height; ++y) {
        const float* d = dab.ptr<float>(y - outer.y);
        const uint8_t* t = ctx.tissue.ptr<uint8_t>(y);
        const uint8_t* r = ctx.roi.empty() ? nullptr : ctx.roi.ptr<uint8_t>(y);
        for (int x = core.x; x < core.x + core.width; ++x) {
            if (!t[x] || (r && !r[x])) continue;
            ++out.tissue;
            if (d[x - outer.x] >= ctx.o.thresholds[0]) ++out.positive;
        }
    }
    return out;
}

}  // namespace

const char* compartmentName(DabCompartment c) {
    switch (c) {
        case DabCompartment::Cytoplasm: return "cytoplasm";
        case DabCompartment::Cell: return "cell";
        case DabCompartment::Nucleus: break;
    }
    return "nucleus";
}

std::optional<DabCompartment> parseCompartment(const std::string& name) {
    if (name == "nucleus") return DabCompartment::Nucleus;
    if (name == "cytoplasm") return DabCompartment::Cytoplasm;
    if (name == "cell") return DabCompartment::Cell;
    return std::nullopt;
}

core::Result<DabResult> quantifyDab(const cv::Mat& rgb, double umPerPx, const DabOptions& o, const cv::Mat& roiMask,
                                    core::JobControl* job) {
    using R = core::Result<DabResult>;
    if (rgb.empty() || rgb.type() != CV_8UC3) return R::failure("DAB quantification needs an 8-bit RGB picture");
    if (!roiMask.empty() && (roiMask.type() != CV_8U || roiMask.size() != rgb.size()))
        return R::failure("the ROI mask must be 8-bit and as large as the picture");
    if (!(o.thresholds[0] > 0 && o.thresholds[0] <= o.thresholds[1] && o.thresholds[1] <= o.thresholds[2]))
        return R::failure("DAB thresholds must be positive and increasing");
    if (!std::isfinite(umPerPx)) return R::failure("the scale (µm per pixel) is not a number");
    if (umPerPx > 0 && !(umPerPx >= core::kMinPlausibleMpp && umPerPx <= core::kMaxPlausibleMpp))
        return R::failure("the scale must be 0.02 to 100 µm per pixel");
    if (rgb.cols < 16 || rgb.rows < 16)
        return R::failure("the picture is too small to find cells in (" + std::to_string(rgb.cols) + " x " + std::to_string(rgb.rows) +
                          " px; at least 16 x 16)");

    const StainPresence present = measureStainPresence(rgb);
    if (present.looksGrey())
        return R::failure("the picture has no colour (greyscale): hematoxylin and DAB cannot be told apart; quantify the "
                          "colour original");
    if (o.refuseHematoxylinEosin && present.looksLikeHematoxylinEosin()) {
        char why[240];
        std::snprintf(why, sizeof why,
                      "this looks like an H&E picture (eosin %.2f OD over the tissue, more than a quarter of its DAB %.2f "
                      "OD): DAB quantification needs an IHC (H-DAB) slide",
                      present.eosin, present.dab);
        return R::failure(why);
    }
    DabResult result;
    result.stains = o.stains;
    if (o.estimateStains) {
        auto est = estimateStainsMacenko(rgb, o.stains);
        if (est) result.stains = *est;
        else result.notes.push_back("stain vectors: defaults kept (" + est.error() + ")");
    }
    const bool odSum = o.nucleusImage == NucleusImage::OpticalDensitySum ||
                       (o.nucleusImage == NucleusImage::Auto && o.compartment == DabCompartment::Nucleus);

    if (umPerPx > 0) {
        result.umPerPx = umPerPx;
    } else {
        // Estimated on a centred crop, at the picture's own resolution.
        const int w = std::min(rgb.cols, 2048), h = std::min(rgb.rows, 2048);
        const auto channels = deconvolve(rgb(cv::Rect((rgb.cols - w) / 2, (rgb.rows - h) / 2, w, h)), result.stains);
        auto est = estimateUmPerPx(channels[0], o.assumedNucleusDiameterUm);
        if (!est) return R::failure(est.error());
        result.umPerPx = est->umPerPx;
        result.umPerPxEstimated = true;
        char note[200];
        std::snprintf(note, sizeof note, "scale estimated: %.3f um/px (median nucleus %.1f px wide, assumed %.1f um; %d nuclei)",
                      est->umPerPx, est->nucleusDiameterPx, o.assumedNucleusDiameterUm, est->nuclei);
        result.notes.push_back(note);
    }
    const int factor = std::max(1, int(std::lround(o.requestedUmPerPx / result.umPerPx)));
    result.workingUmPerPx = result.umPerPx * factor;

    cv::Mat working = rgb, roi = roiMask;
    if (factor > 1) {
        const cv::Size size(std::max(1, rgb.cols / factor), std::max(1, rgb.rows / factor));
        // Whole blocks of factor x factor pixels, so a tile's pixels never depend on the tiling.
        const cv::Rect whole(0, 0, size.width * factor, size.height * factor);
        cv::resize(rgb(whole), working, size, 0, 0, cv::INTER_AREA);
        if (!roiMask.empty()) {
            cv::resize(roiMask(whole), roi, size, 0, 0, cv::INTER_AREA);
            roi = roi >= 128;
        }
    }

    // Tissue for the positive pixel fraction, once for the whole picture (never per tile): at the
    // working scale unless the picture is large, since averaged to a coarse scale a pale
    // counterstain fades below the glass threshold.
    cv::Mat tissue;
    {
        const double shrink = std::max(1.0, double(std::max(working.cols, working.rows)) / kTissueMaskSide);
        cv::Mat small = working;
        if (shrink > 1.01)
            cv::resize(working, small, cv::Size(std::max(1, int(working.cols / shrink)), std::max(1, int(working.rows / shrink))), 0,
                       0, cv::INTER_AREA);
        TissueMaskOptions to;
        to.umPerPx = result.workingUmPerPx * working.cols / small.cols;
        cv::resize(tissueMask(small, to), tissue, working.size(), 0, 0, cv::INTER_NEAREST);
    }

    // Tiles: cores cover the picture; each reads a margin of context around it.
    const int tile = std::max(64, o.tileSize);
    const int margin = int(std::ceil(o.tileMarginUm / result.workingUmPerPx));
    std::vector<cv::Rect> cores;
    for (int y = 0; y < working.rows; y += tile)
        for (int x = 0; x < working.cols; x += tile)
            cores.emplace_back(x, y, std::min(tile, working.cols - x), std::min(tile, working.rows - y));
    const cv::Rect bounds(0, 0, working.cols, working.rows);
    const Context ctx{working, roi, tissue, o, result.stains, odSum, result.workingUmPerPx, factor};

    std::vector<TileOutput> outputs(cores.size());
    std::atomic<size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    auto worker = [&] {
        for (size_t i; !stop && (i = next++) < cores.size();) {
            if (job && job->cancelled()) {
                stop = true;
                break;
            }
            const cv::Rect outer = (cores[i] + cv::Point(-margin, -margin) + cv::Size(2 * margin, 2 * margin)) & bounds;
            outputs[i] = processTile(ctx, outer, cores[i]);
            if (job) job->setProgress(double(++done) / double(cores.size()));
        }
    };
    const int threads = std::clamp(o.threads, 1, std::max(1, int(cores.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (stop || (job && job->cancelled())) return R::failure("cancelled");

    for (auto& t : outputs) {
        result.cells.insert(result.cells.end(), t.cells.begin(), t.cells.end());
        result.tissuePixels += t.tissue;
        result.positivePixels += t.positive;
    }
    std::sort(result.cells.begin(), result.cells.end(), [](const DabCell& a, const DabCell& b) {
        return a.centroid.y != b.centroid.y ? a.centroid.y < b.centroid.y : a.centroid.x < b.centroid.x;
    });
    for (const auto& c : result.cells) ++result.byClass[size_t(c.cls)];
    result.scores = dabScores(result.byClass);
    if (o.compartment == DabCompartment::Nucleus) result.labellingIndex = result.scores.percentPositive;
    result.positivePixelFraction = result.tissuePixels > 0 ? double(result.positivePixels) / double(result.tissuePixels) : 0;
    return result;
}

}  // namespace histomark::analysis
