// SPDX-License-Identifier: MIT
#include "analysis/mitosis_candidates.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "analysis/mitosis_score.h"

namespace histomark::analysis {
namespace {

using Candidates = std::vector<MitosisCandidate>;

bool ranksBefore(const MitosisCandidate& a, const MitosisCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.at.y != b.at.y) return a.at.y < b.at.y;
    return a.at.x < b.at.x;
}

core::Status checkInput(const cv::Mat& rgb, double mpp) {
    if (rgb.empty() || rgb.type() != CV_8UC3) return core::Status::failure("the picture must be 8-bit RGB");
    if (!(mpp > 0 && std::isfinite(mpp))) return core::Status::failure("the scale (µm per pixel) must be positive");
    return {};
}

// Mean of `values` under `mask` (both the same size); 0 when the mask is empty.
double meanUnder(const cv::Mat& values, const cv::Mat& mask) {
    return cv::countNonZero(mask) > 0 ? cv::mean(values, mask)[0] : 0;
}

cv::Mat disk(double radiusPx) {
    const int r = std::max(1, int(std::lround(radiusPx)));
    return cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1});
}

// Blobs with centroids in the frame whose origin is (originX, originY) px: from integer pixel sums,
// so a blob gives bit-identical coordinates from any tile that holds it.
core::Result<Candidates> detectBlobsAt(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options,
                                       int64_t originX, int64_t originY) {
    if (auto s = checkInput(rgb, mpp); !s) return core::Error{s.error()};
    const StainMatrix stains = options.stains.value_or(hematoxylinEosin());
    const auto conc = deconvolve(rgb, stains);
    const cv::Mat& hema = conc[0];
    cv::Mat od = rgbOpticalDensity(rgb, stains.background), darkness;
    cv::transform(od, darkness, cv::Matx13f(1.f / 3, 1.f / 3, 1.f / 3));

    // Smoothing joins a figure's clumped chromatin into one blob and removes sensor noise.
    cv::Mat smooth;
    const double sigma = options.smoothSigmaUm / mpp;
    if (sigma >= 0.3) {
        const int k = 2 * int(std::ceil(3 * sigma)) + 1;
        cv::GaussianBlur(hema, smooth, {k, k}, sigma, sigma, cv::BORDER_REFLECT);
    } else {
        smooth = hema;
    }
    cv::Mat fg = smooth > options.hematoxylinThreshold;
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(fg, labels, stats, centroids, 8, CV_32S);

    std::vector<int64_t> sumX(size_t(n), 0), sumY(size_t(n), 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (row[x] > 0) sumX[size_t(row[x])] += x, sumY[size_t(row[x])] += y;
    }
    const double pxArea = mpp * mpp;
    const int maxExtent = int(std::ceil(options.maxExtentUm / mpp));
    const double ringInner = 1.0 / mpp, ringOuter = 2.5 / mpp;
    const int pad = int(std::ceil(ringOuter)) + 1, farPad = int(std::ceil(8.0 / mpp));
    const cv::Mat innerDisk = disk(ringInner), outerDisk = disk(ringOuter);
    // The surround (blob box grown by 8 µm, less the blob and its ring) from an integral image.
    cv::Mat darkSum;
    cv::integral(darkness, darkSum, CV_64F);
    auto boxSum = [&](cv::Rect r) {
        return darkSum.at<double>(r.br().y, r.br().x) - darkSum.at<double>(r.y, r.br().x) - darkSum.at<double>(r.br().y, r.x) +
               darkSum.at<double>(r.y, r.x);
    };
    Candidates out;
    for (int i = 1; i < n; ++i) {
        const int* s = stats.ptr<int>(i);
        const double areaUm2 = s[cv::CC_STAT_AREA] * pxArea;
        if (areaUm2 < options.minAreaUm2 || areaUm2 > options.maxAreaUm2) continue;
        if (s[cv::CC_STAT_WIDTH] > maxExtent || s[cv::CC_STAT_HEIGHT] > maxExtent) continue;
        // The blob and a ring around it, in a padded box clipped to the picture.
        const cv::Rect box = cv::Rect(s[cv::CC_STAT_LEFT] - pad, s[cv::CC_STAT_TOP] - pad, s[cv::CC_STAT_WIDTH] + 2 * pad,
                                      s[cv::CC_STAT_HEIGHT] + 2 * pad) &
                             cv::Rect(0, 0, rgb.cols, rgb.rows);
        const cv::Mat blob = labels(box) == i;
        cv::Mat inner, outer;
        cv::dilate(blob, inner, innerDisk);
        cv::dilate(blob, outer, outerDisk);
        const cv::Mat ring = outer & ~inner;
        const cv::Mat hemaBox = hema(box), darkBox = darkness(box);

        MitosisCandidate c;
        const int64_t area = s[cv::CC_STAT_AREA];
        c.at = {double(sumX[size_t(i)] + originX * area) / double(area), double(sumY[size_t(i)] + originY * area) / double(area)};
        c.areaUm2 = areaUm2;
        c.hematoxylinOd = meanUnder(hemaBox, blob);
        c.darkness = meanUnder(darkBox, blob);
        c.contrast = c.hematoxylinOd - meanUnder(hemaBox, ring);
        const cv::Rect farBox = cv::Rect(s[cv::CC_STAT_LEFT] - farPad, s[cv::CC_STAT_TOP] - farPad,
                                         s[cv::CC_STAT_WIDTH] + 2 * farPad, s[cv::CC_STAT_HEIGHT] + 2 * farPad) &
                                cv::Rect(0, 0, rgb.cols, rgb.rows);
        const double outerCount = cv::countNonZero(outer), outerSum = cv::mean(darkBox, outer)[0] * outerCount;
        const double farCount = double(farBox.area()) - outerCount;
        c.surroundDarkness = farCount > 0 ? (boxSum(farBox) - outerSum) / farCount : 0;
        cv::minMaxLoc(smooth(box), nullptr, &c.peakHematoxylin, nullptr, nullptr, blob);
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(blob.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        std::vector<cv::Point> all;
        for (const auto& contour : contours) all.insert(all.end(), contour.begin(), contour.end());
        std::vector<cv::Point> hull;
        if (!all.empty()) cv::convexHull(all, hull);
        const double hullArea = hull.size() >= 3 ? cv::contourArea(hull) : 0;
        c.solidity = hullArea > 0 ? std::min(1.0, s[cv::CC_STAT_AREA] / (hullArea + 0.5 * cv::arcLength(hull, true))) : 1;
        c.score = mitosisScore(c);
        out.push_back(c);
    }
    std::sort(out.begin(), out.end(), ranksBefore);
    return out;
}

}  // namespace

double defaultMitosisMinScore() { return MitosisDetectorOptions{}.minScore; }

core::Result<Candidates> detectBlobs(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options) {
    return detectBlobsAt(rgb, mpp, options, 0, 0);
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

core::Result<Candidates> detectCandidates(const cv::Mat& rgb, double mpp, const MitosisDetectorOptions& options) {
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
    if (options.tileSizePx < 64) return R::failure("tiles must be at least 64 px");
    const MitosisDetectorOptions& det = options.detector;
    // Clip the region to the slide; whole pixels.
    const double x0 = std::max(0.0, std::floor(roi.x)), y0 = std::max(0.0, std::floor(roi.y));
    const double x1 = std::min(double(info.width()), std::ceil(roi.right()));
    const double y1 = std::min(double(info.height()), std::ceil(roi.bottom()));
    if (!(x1 > x0 && y1 > y0)) return Candidates{};

    // Overlap: a blob whose centroid lies in a tile's core and which is small enough to be kept
    // lies wholly inside the padded tile, with its smoothing and ring support.
    const double marginUm = det.maxExtentUm + 4 * det.smoothSigmaUm + 10;  // + the 8 µm surround
    const int margin = int(std::ceil(marginUm / mpp)) + 2;
    const int ts = options.tileSizePx;
    const int64_t cols = int64_t(std::ceil((x1 - x0) / ts)), rows = int64_t(std::ceil((y1 - y0) / ts));
    const int64_t total = cols * rows;
    const bool haveMask = !options.tissueMask.empty() && options.maskDownsample > 0;
    auto onTissue = [&](double x, double y) {
        const int mx = std::clamp(int(std::floor(x / options.maskDownsample)), 0, options.tissueMask.cols - 1);
        const int my = std::clamp(int(std::floor(y / options.maskDownsample)), 0, options.tissueMask.rows - 1);
        return options.tissueMask.at<uint8_t>(my, mx) != 0;
    };

    std::vector<Candidates> perTile(static_cast<size_t>(total));
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    std::string error;
    auto worker = [&] {
        for (int64_t t = next++; t < total; t = next++) {
            if (failed || (job && job->cancelled())) return;
            const double tx = x0 + double(t % cols) * ts, ty = y0 + double(t / cols) * ts;
            const double tx1 = std::min(x1, tx + ts), ty1 = std::min(y1, ty + ts);
            bool wanted = true;
            if (haveMask) {
                const double d = options.maskDownsample;
                cv::Rect core(int(std::floor(tx / d)), int(std::floor(ty / d)), 0, 0);
                core.width = std::max(1, int(std::ceil(tx1 / d)) - core.x);
                core.height = std::max(1, int(std::ceil(ty1 / d)) - core.y);
                core &= cv::Rect(0, 0, options.tissueMask.cols, options.tissueMask.rows);
                wanted = !core.empty() && cv::countNonZero(options.tissueMask(core)) > 0;
            }
            if (wanted) {
                const int64_t rx = int64_t(tx) - margin, ry = int64_t(ty) - margin;
                const int rw = int(tx1 - tx) + 2 * margin, rh = int(ty1 - ty) + 2 * margin;
                auto pixels = source.readRegion(rx, ry, 0, rw, rh);
                if (!pixels) {
                    std::lock_guard lock(errorMutex);
                    if (!failed.exchange(true)) error = pixels.error();
                    return;
                }
                cv::Mat rgba(pixels->height, pixels->width, CV_8UC4, pixels->pixels.data()), rgb;
                cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
                auto blobs = detectBlobsAt(rgb, mpp, det, rx, ry);
                if (!blobs) {
                    std::lock_guard lock(errorMutex);
                    if (!failed.exchange(true)) error = blobs.error();
                    return;
                }
                for (const MitosisCandidate& c : *blobs) {
                    // Each blob belongs to the one tile whose core holds its centroid.
                    if (c.at.x < tx || c.at.x >= tx1 || c.at.y < ty || c.at.y >= ty1) continue;
                    if (c.score < det.minScore || (haveMask && !onTissue(c.at.x, c.at.y))) continue;
                    perTile[size_t(t)].push_back(c);
                }
            }
            if (job) job->setProgress(double(++done) / double(total));
        }
    };
    const int threads = std::clamp(options.threads, 1, 64);
    source.prepareReaders(threads);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    if (failed) return R::failure(error);
    if (job && job->cancelled()) return R::failure("cancelled");
    Candidates all;
    for (auto& tile : perTile) all.insert(all.end(), tile.begin(), tile.end());
    auto kept = suppressNonMaxima(std::move(all), det.nmsRadiusUm / mpp);
    if (job) job->setProgress(1);
    return kept;
}

}  // namespace histomark::analysis
