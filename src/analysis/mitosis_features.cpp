// SPDX-License-Identifier: MIT
#include "analysis/mitosis_features.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace histomark::analysis {
namespace {

// Per-pixel stain maps of the working picture from 8-bit tables: hematoxylin and eosin
// concentrations (Ruifrok-Johnston through the unmixing matrix) and darkness (mean OD of R, G, B).
struct StainMaps {
    cv::Mat hematoxylin, eosin, darkness;  // CV_32F
};

StainMaps stainMaps(const cv::Mat& rgb, const StainMatrix& stains) {
    const cv::Matx33d unmix = unmixingMatrix(stains);
    float h[3][256], e[3][256], d[3][256];
    for (int c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v) {
            const double od = std::max(0.0, -std::log10(std::max(1.0, double(v)) / stains.background[c]));
            h[c][v] = float(od * unmix(c, 0));
            e[c][v] = float(od * unmix(c, 1));
            d[c][v] = float(od / 3);
        }
    StainMaps m{cv::Mat(rgb.size(), CV_32F), cv::Mat(rgb.size(), CV_32F), cv::Mat(rgb.size(), CV_32F)};
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        float *hr = m.hematoxylin.ptr<float>(y), *er = m.eosin.ptr<float>(y), *dr = m.darkness.ptr<float>(y);
        for (int x = 0; x < rgb.cols; ++x) {
            const int r = p[x][0], g = p[x][1], b = p[x][2];
            hr[x] = h[0][r] + h[1][g] + h[2][b];
            er[x] = e[0][r] + e[1][g] + e[2][b];
            dr[x] = d[0][r] + d[1][g] + d[2][b];
        }
    }
    return m;
}

cv::Mat disk(double radiusPx) {
    const int r = std::max(1, int(std::lround(radiusPx)));
    return cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1});
}

double meanUnder(const cv::Mat& values, const cv::Mat& mask) {
    return cv::countNonZero(mask) > 0 ? cv::mean(values, mask)[0] : 0;
}

}  // namespace

const std::array<const char*, kMitosisFeatureCount>& mitosisFeatureNames() {
    static const std::array<const char*, kMitosisFeatureCount> names{
        "ln_area_um2",       "hematoxylin",     "peak_hematoxylin", "hematoxylin_sd",   "darkness",
        "eosin",             "ring_contrast",   "ring_darkness",    "ring_eosin",       "surround_darkness",
        "surround_hematoxylin", "solidity",     "eccentricity",     "major_axis_um",    "dense_fraction",
        "edge_gradient",     "darkness_contrast", "hematoxylin_vs_surround", "circularity"};
    return names;
}

int mitosisWorkingFactor(double mpp, const MitosisBlobOptions& options) {
    if (!(mpp > 0) || !(options.workingUmPerPx > 0)) return 1;
    return std::max(1, int(std::lround(options.workingUmPerPx / mpp)));
}

core::Result<std::vector<MitosisBlob>> measureMitosisBlobs(const cv::Mat& rgbIn, double mpp, const StainMatrix& stains,
                                                          const MitosisBlobOptions& o, int64_t originX, int64_t originY,
                                                          cv::Rect valid) {
    using R = core::Result<std::vector<MitosisBlob>>;
    if (rgbIn.empty() || rgbIn.type() != CV_8UC3) return R::failure("the picture must be 8-bit RGB");
    if (!(mpp > 0 && std::isfinite(mpp))) return R::failure("the scale (\xC2\xB5m per pixel) must be positive");
    const int k = mitosisWorkingFactor(mpp, o);
    if (valid.empty()) valid = cv::Rect(0, 0, rgbIn.cols, rgbIn.rows);
    // Whole blocks only; the block average is exact, so any cut along block lines gives the same pixels.
    cv::Mat rgb = rgbIn;
    if (k > 1) {
        if (rgbIn.cols < k || rgbIn.rows < k) return std::vector<MitosisBlob>{};
        cv::resize(rgbIn(cv::Rect(0, 0, rgbIn.cols / k * k, rgbIn.rows / k * k)), rgb, {rgbIn.cols / k, rgbIn.rows / k}, 0, 0,
                   cv::INTER_AREA);
        const int vx = (valid.x + k - 1) / k, vy = (valid.y + k - 1) / k;
        valid = cv::Rect(vx, vy, (valid.x + valid.width) / k - vx, (valid.y + valid.height) / k - vy);
    }
    valid &= cv::Rect(0, 0, rgb.cols, rgb.rows);
    const double m = mpp * k;  // µm per working pixel
    const StainMaps maps = stainMaps(rgb, stains);
    const cv::Mat& hema = maps.hematoxylin;

    cv::Mat smooth;
    const double sigma = o.smoothSigmaUm / m;
    if (sigma >= 0.3) {
        const int ks = 2 * int(std::ceil(3 * sigma)) + 1;
        cv::GaussianBlur(hema, smooth, {ks, ks}, sigma, sigma, cv::BORDER_REFLECT);
    } else {
        smooth = hema;
    }
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(smooth > o.hematoxylinThreshold, labels, stats, centroids, 8, CV_32S);
    std::vector<int64_t> sumX(size_t(n), 0), sumY(size_t(n), 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (row[x] > 0) sumX[size_t(row[x])] += x, sumY[size_t(row[x])] += y;
    }

    const double pxArea = m * m;
    const int maxExtent = int(std::ceil(o.maxExtentUm / m));
    const cv::Mat innerDisk = disk(1.0 / m), outerDisk = disk(2.5 / m);  // the ring: 1-2.5 µm around the blob
    const int pad = int(std::ceil(8.0 / m)) + 1;                          // the surround: out to 8 µm
    std::vector<MitosisBlob> out;
    for (int i = 1; i < n; ++i) {
        const int* s = stats.ptr<int>(i);
        const int64_t area = s[cv::CC_STAT_AREA];
        const double areaUm2 = double(area) * pxArea;
        if (areaUm2 < o.minAreaUm2 || areaUm2 > o.maxAreaUm2) continue;
        if (s[cv::CC_STAT_WIDTH] > maxExtent || s[cv::CC_STAT_HEIGHT] > maxExtent) continue;
        const cv::Rect bb(s[cv::CC_STAT_LEFT], s[cv::CC_STAT_TOP], s[cv::CC_STAT_WIDTH], s[cv::CC_STAT_HEIGHT]);
        if (bb.x <= valid.x || bb.y <= valid.y || bb.br().x >= valid.br().x || bb.br().y >= valid.br().y) continue;

        const cv::Rect box = cv::Rect(bb.x - pad, bb.y - pad, bb.width + 2 * pad, bb.height + 2 * pad) &
                             cv::Rect(0, 0, rgb.cols, rgb.rows);
        const cv::Mat blob = labels(box) == i;
        cv::Mat inner, outer;
        cv::dilate(blob, inner, innerDisk);
        cv::dilate(blob, outer, outerDisk);
        const cv::Mat ring = outer & ~inner, surround = ~outer, edge = inner & ~blob;
        const cv::Mat h = hema(box), sm = smooth(box), e = maps.eosin(box), d = maps.darkness(box);

        cv::Scalar smMean, smSd;
        cv::meanStdDev(sm, smMean, smSd, blob);
        double peak = 0;
        cv::minMaxLoc(sm, nullptr, &peak, nullptr, nullptr, blob);
        const double meanH = cv::mean(h, blob)[0], meanD = cv::mean(d, blob)[0], meanE = cv::mean(e, blob)[0];
        const double ringH = meanUnder(h, ring), ringD = meanUnder(d, ring), ringE = meanUnder(e, ring);
        const double farD = meanUnder(d, surround), farH = meanUnder(h, surround);
        cv::Mat gx, gy, grad;
        cv::Sobel(sm, gx, CV_32F, 1, 0, 3);
        cv::Sobel(sm, gy, CV_32F, 0, 1, 3);
        cv::magnitude(gx, gy, grad);
        const double edgeGradient = meanUnder(grad, edge) / (8 * m);  // OD per µm
        const double dense = double(cv::countNonZero((sm > 0.8) & blob)) / double(area);

        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(blob.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        std::vector<cv::Point> all;
        double perimeter = 0;
        for (const auto& c : contours) all.insert(all.end(), c.begin(), c.end()), perimeter += cv::arcLength(c, true);
        std::vector<cv::Point> hull;
        if (!all.empty()) cv::convexHull(all, hull);
        const double hullArea = hull.size() >= 3 ? cv::contourArea(hull) : 0;
        const double solidity = hullArea > 0 ? std::min(1.0, double(area) / (hullArea + 0.5 * cv::arcLength(hull, true))) : 1;
        const double circularity = perimeter > 0 ? std::min(1.0, 4 * CV_PI * double(area) / (perimeter * perimeter)) : 1;
        // Second moments: how elongated the blob is, and its length.
        const cv::Moments mo = cv::moments(blob, true);
        const double mu20 = mo.mu20 / mo.m00, mu02 = mo.mu02 / mo.m00, mu11 = mo.mu11 / mo.m00;
        const double root = std::sqrt(std::max(0.0, (mu20 - mu02) * (mu20 - mu02) + 4 * mu11 * mu11));
        const double l1 = (mu20 + mu02 + root) / 2, l2 = (mu20 + mu02 - root) / 2;
        const double eccentricity = l1 > 0 ? std::sqrt(std::max(0.0, 1 - l2 / l1)) : 0;

        MitosisBlob b;
        // Working pixel j covers level-0 pixels j*k .. j*k + k-1: its centre is j*k + (k-1)/2. Twice
        // the sum in whole level-0 units, divided once: the same number from any tile.
        auto centre = [&](int64_t sum, int64_t origin) {
            return double(2 * (k * sum + origin * area) + area * (k - 1)) / double(2 * area);
        };
        b.at = {centre(sumX[size_t(i)], originX), centre(sumY[size_t(i)], originY)};
        b.areaUm2 = areaUm2;
        b.features = {float(std::log(areaUm2)), float(meanH),      float(peak),         float(smSd[0]),
                      float(meanD),             float(meanE),      float(meanH - ringH), float(ringD),
                      float(ringE),             float(farD),       float(farH),         float(solidity),
                      float(eccentricity),      float(4 * std::sqrt(std::max(0.0, l1)) * m), float(dense),
                      float(edgeGradient),      float(meanD - ringD), float(meanH / (farH + 0.05)), float(circularity)};
        out.push_back(b);
    }
    return out;
}

}  // namespace histomark::analysis
