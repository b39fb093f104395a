// SPDX-License-Identifier: MIT
#include "analysis/mitosis_candidates.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "core/mpp.h"

namespace histomark::analysis {
namespace {

using Candidates = std::vector<MitosisCandidate>;

bool ranksBefore(const MitosisCandidate& a, const MitosisCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.at.y != b.at.y) return a.at.y < b.at.y;
    return a.at.x < b.at.x;
}

core::Result<const MitosisModel*> modelOf(const MitosisDetectorOptions& options) {
    if (options.model) return options.model;
    const auto& builtIn = builtInMitosisModel();
    if (!builtIn) return core::Error{builtIn.error()};
    return &*builtIn;
}

core::Result<std::vector<MitosisBlob>> measureAt(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options,
                                                int64_t originX, int64_t originY, cv::Rect valid, int pitch = 1) {
    return measureMitosisBlobs(rgb, mpp, options.stains.value_or(hematoxylinEosin()), options.blobs, originX, originY, valid,
                               pitch);
}

Candidates scored(const MitosisModel& model, const std::vector<MitosisBlob>& blobs,
                  const NucleusReference* reference = nullptr) {
    const std::vector<double> scores = model.scores(blobs, reference);
    Candidates out(blobs.size());
    for (size_t i = 0; i < blobs.size(); ++i) out[i] = {blobs[i].at, scores[i], blobs[i].areaUm2};
    std::sort(out.begin(), out.end(), ranksBefore);
    return out;
}

}  // namespace

double defaultMitosisMinScore() {
    const auto& model = builtInMitosisModel();
    return model ? model->defaultMinScore() : 0.5;
}

core::Result<Candidates> detectBlobs(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options) {
    auto model = modelOf(options);
    if (!model) return core::Error{model.error()};
    auto blobs = measureAt(rgb, mpp, options, 0, 0, {});
    if (!blobs) return core::Error{blobs.error()};
    return scored(**model, *blobs);  // a slide-relative model: against the picture's own nuclei
}

std::vector<MitosisCandidate> suppressNonMaxima(std::vector<MitosisCandidate> candidates, double radiusPx) {
    std::sort(candidates.begin(), candidates.end(), ranksBefore);
    if (radiusPx <= 0) return candidates;
    // Kept candidates bucketed in cells of the radius: a neighbour lies in the 3 x 3 cells around.
    const double cell = radiusPx;
    std::vector<MitosisCandidate> kept;
    std::map<std::pair<long long, long long>, std::vector<size_t>> buckets;
    for (const auto& c : candidates) {
        const auto cx = static_cast<long long>(std::floor(c.at.x / cell)), cy = static_cast<long long>(std::floor(c.at.y / cell));
        bool suppressed = false;
        for (long long dy = -1; dy <= 1 && !suppressed; ++dy)
            for (long long dx = -1; dx <= 1 && !suppressed; ++dx) {
                auto it = buckets.find({cx + dx, cy + dy});
                if (it == buckets.end()) continue;
                for (size_t k : it->second)
                    if (core::distance(kept[k].at, c.at) <= radiusPx) {
                        suppressed = true;
                        break;
                    }
            }
        if (suppressed) continue;
        buckets[{cx, cy}].push_back(kept.size());
        kept.push_back(c);
    }
    return kept;
}

// core::kMinPlausibleMpp .. kMaxPlausibleMpp: a scale outside it would make a picture of a few
// pixels a working image of kilometres.
constexpr const char* kScaleRange = "the scale must be 0.02 to 100 \xC2\xB5m per pixel";

core::Result<Candidates> detectCandidates(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options) {
    if (!(mpp >= core::kMinPlausibleMpp && mpp <= core::kMaxPlausibleMpp))
        return core::Result<Candidates>::failure(kScaleRange);
    auto blobs = detectBlobs(rgb, mpp, options);
    if (!blobs) return blobs;
    std::erase_if(*blobs, [&](const MitosisCandidate& c) { return c.score < options.minScore; });
    return suppressNonMaxima(std::move(*blobs), options.nmsRadiusUm / mpp);
}

core::Result<Candidates> detectCandidatesInRegion(core::SlideSource& source, core::Level0Rect roi,
                                                  const RegionDetectionOptions& options, core::JobControl* job,
                                                  double mpp) {
    using R = core::Result<Candidates>;
    const core::SlideInfo& info = source.info();
    if (!(mpp > 0)) mpp = info.mpp.mean();
    if (!(mpp > 0)) return R::failure("the slide's scale (µm per pixel) is unknown: give it (--mpp)");
    if (!(mpp >= core::kMinPlausibleMpp && mpp <= core::kMaxPlausibleMpp))
        return R::failure(kScaleRange);
    if (options.tileSizePx < 64) return R::failure("tiles must be at least 64 px");
    const MitosisDetectorOptions& det = options.detector;
    auto model = modelOf(det);
    if (!model) return R::failure(model.error());
    // A slide-relative model scores every blob against the whole region's typical nucleus, known
    // only when every tile is measured: tiles keep their blobs (~100 bytes each) until then.
    const bool relative = (*model)->slideRelative();
    // Tiles start on block lines of the working scale, so every tile averages the same blocks.
    const int k = mitosisWorkingFactor(mpp, det.blobs);
    auto alignDown = [k](double v) { return std::floor(v / k) * k; };
    // Clip the region to the slide; whole blocks.
    const double x0 = alignDown(std::max(0.0, std::floor(roi.x))), y0 = alignDown(std::max(0.0, std::floor(roi.y)));
    const double x1 = std::min(double(info.width()), std::ceil(roi.right()));
    const double y1 = std::min(double(info.height()), std::ceil(roi.bottom()));
    if (!(x1 > x0 && y1 > y0)) return Candidates{};

    // Overlap: a blob whose centroid lies in a tile's core and which is small enough to be kept
    // lies wholly inside the padded tile, with its smoothing and ring support.
    const double marginUm = det.blobs.maxExtentUm + 4 * det.blobs.smoothSigmaUm + 10;  // + the 8 µm surround
    const int margin = (int(std::ceil(marginUm / mpp)) + 2 + k - 1) / k * k;
    // At least two tiles per thread where the region allows, so small slides keep every thread busy
    // (the result does not depend on the tile size).
    const int threadCount = std::clamp(options.threads, 1, 64);
    const double side = std::max(x1 - x0, y1 - y0);
    const int wanted = std::max(512, int(std::ceil(side / (2.0 * threadCount))));
    const int ts = (std::min(options.tileSizePx, wanted) + k - 1) / k * k;
    // Optionally a pyramid level at the working scale (generic TIFF, NDPI and MIRAX pyramids halve
    // each level) instead of level 0: a quarter of the decoding, and no averaging.
    int level = 0;
    if (k > 1 && options.useWorkingLevel)
        for (size_t l = 1; l < info.levels.size(); ++l)
            if (std::abs(info.levels[l].downsample - k) < 0.01 * k) level = int(l);
    const int pitch = level ? k : 1;
    const int64_t cols = int64_t(std::ceil((x1 - x0) / ts)), rows = int64_t(std::ceil((y1 - y0) / ts));
    const int64_t total = cols * rows;
    const bool haveMask = !options.tissueMask.empty() && options.maskDownsample > 0;
    auto onTissue = [&](double x, double y) {
        const int mx = std::clamp(int(std::floor(x / options.maskDownsample)), 0, options.tissueMask.cols - 1);
        const int my = std::clamp(int(std::floor(y / options.maskDownsample)), 0, options.tissueMask.rows - 1);
        return options.tissueMask.at<uint8_t>(my, mx) != 0;
    };

    std::vector<Candidates> perTile(static_cast<size_t>(total));
    std::vector<std::vector<MitosisBlob>> blobsPerTile(relative ? static_cast<size_t>(total) : 0);
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    std::string error;
    auto worker = [&] {
        for (int64_t t = next++; t < total; t = next++) {
            if (failed || (job && job->cancelled())) return;
            const double tx = x0 + double(t % cols) * ts, ty = y0 + double(t / cols) * ts;
            const double tx1 = std::min(x1, tx + ts), ty1 = std::min(y1, ty + ts);
            bool hasTissue = true;
            // The part of the core worth reading: with a mask, the box of its tissue (a blob off the
            // tissue is dropped anyway, and one on it has its support within the margin).
            double cx0 = tx, cy0 = ty, cx1 = tx1, cy1 = ty1;
            if (haveMask) {
                const double d = options.maskDownsample;
                cv::Rect core(int(std::floor(tx / d)), int(std::floor(ty / d)), 0, 0);
                core.width = std::max(1, int(std::ceil(tx1 / d)) - core.x);
                core.height = std::max(1, int(std::ceil(ty1 / d)) - core.y);
                core &= cv::Rect(0, 0, options.tissueMask.cols, options.tissueMask.rows);
                hasTissue = !core.empty() && cv::countNonZero(options.tissueMask(core)) > 0;
                if (hasTissue) {
                    const cv::Rect b = cv::boundingRect(options.tissueMask(core)) + core.tl();
                    cx0 = alignDown(std::max(tx, std::floor(b.x * d))), cy0 = alignDown(std::max(ty, std::floor(b.y * d)));
                    cx1 = std::min(tx1, std::ceil(b.br().x * d)), cy1 = std::min(ty1, std::ceil(b.br().y * d));
                }
            }
            if (hasTissue) {
                const int64_t rx = int64_t(cx0) - margin, ry = int64_t(cy0) - margin;
                const int rw = int(cx1 - cx0) + 2 * margin, rh = int(cy1 - cy0) + 2 * margin;
                auto pixels = source.readRegion(rx, ry, level, rw / pitch, rh / pitch);
                if (!pixels) {
                    std::lock_guard lock(errorMutex);
                    if (!failed.exchange(true)) error = pixels.error();
                    return;
                }
                const cv::Mat rgba(pixels->height, pixels->width, CV_8UC4, pixels->pixels.data());
                // The slide's own pixels within the read (beyond its edge the read is white).
                const cv::Rect valid = cv::Rect(int(-rx / pitch), int(-ry / pitch), int(info.width() / pitch),
                                                int(info.height() / pitch)) &
                                       cv::Rect(0, 0, rgba.cols, rgba.rows);
                auto blobs = measureAt(rgba, mpp * pitch, det, rx, ry, valid, pitch);
                if (!blobs) {
                    std::lock_guard lock(errorMutex);
                    if (!failed.exchange(true)) error = blobs.error();
                    return;
                }
                // Each blob belongs to the one tile whose core holds its centroid.
                auto mine = [&](const core::Level0Point& at) {
                    return at.x >= tx && at.x < tx1 && at.y >= ty && at.y < ty1 && !(haveMask && !onTissue(at.x, at.y));
                };
                if (relative) {
                    for (MitosisBlob& b : *blobs)
                        if (mine(b.at)) blobsPerTile[size_t(t)].push_back(std::move(b));
                } else {
                    for (const MitosisCandidate& c : scored(**model, *blobs))
                        if (mine(c.at) && c.score >= det.minScore) perTile[size_t(t)].push_back(c);
                }
            }
            if (job) job->setProgress(double(++done) / double(total));
        }
    };
    const int threads = threadCount;
    source.prepareReaders(threads);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    if (failed) return R::failure(error);
    if (job && job->cancelled()) return R::failure("cancelled");
    Candidates all;
    if (relative) {
        std::vector<MitosisBlob> blobs;
        for (auto& tile : blobsPerTile) blobs.insert(blobs.end(), tile.begin(), tile.end());
        blobsPerTile.clear();
        const NucleusReference reference = nucleusReference(blobs);
        for (const MitosisCandidate& c : scored(**model, blobs, &reference))
            if (c.score >= det.minScore) all.push_back(c);
    }
    for (auto& tile : perTile) all.insert(all.end(), tile.begin(), tile.end());
    auto kept = suppressNonMaxima(std::move(all), det.nmsRadiusUm / mpp);
    if (job) job->setProgress(1);
    return kept;
}

}  // namespace histomark::analysis
