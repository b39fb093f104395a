// SPDX-License-Identifier: MIT
#include "analysis/mitosis_features.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace histomark::analysis {
namespace {

// Stains of the working picture from 8-bit tables: hematoxylin concentration (Ruifrok-Johnston
// through the unmixing matrix) as a map, for the smoothing and the blobs; hematoxylin and darkness
// (mean OD of R, G, B) as OD x 100 in 8 bits, for exact integer surround sums; eosin and darkness
// per pixel on demand, where blobs and rings are measured (a fraction of the picture).
struct StainMaps {
    float eosinLut[3][256], darknessLut[3][256];
    cv::Mat hematoxylin;               // CV_32F
    cv::Mat hematoxylin8, darkness8;   // CV_8U, OD x 100
    float eosin(const cv::Vec3b& p) const { return eosinLut[0][p[0]] + eosinLut[1][p[1]] + eosinLut[2][p[2]]; }
    float darkness(const cv::Vec3b& p) const {
        return darknessLut[0][p[0]] + darknessLut[1][p[1]] + darknessLut[2][p[2]];
    }
};

void fillStainMaps(StainMaps& m, const cv::Mat& rgb, const StainMatrix& stains) {
    const cv::Matx33d unmix = unmixingMatrix(stains);
    float h[3][256];
    for (int c = 0; c < 3; ++c)
        for (int v = 0; v < 256; ++v) {
            const double od = std::max(0.0, -std::log10(std::max(1.0, double(v)) / stains.background[c]));
            h[c][v] = float(od * unmix(c, 0));
            m.eosinLut[c][v] = float(od * unmix(c, 1));
            m.darknessLut[c][v] = float(od / 3);
        }
    m.hematoxylin.create(rgb.size(), CV_32F);
    m.hematoxylin8.create(rgb.size(), CV_8U);
    m.darkness8.create(rgb.size(), CV_8U);
    auto centi = [](float od) { return uint8_t(std::clamp(od * 100.f + 0.5f, 0.f, 255.f)); };
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        float* hr = m.hematoxylin.ptr<float>(y);
        uint8_t *h8 = m.hematoxylin8.ptr<uint8_t>(y), *d8 = m.darkness8.ptr<uint8_t>(y);
        for (int x = 0; x < rgb.cols; ++x) {
            const int r = p[x][0], g = p[x][1], b = p[x][2];
            hr[x] = h[0][r] + h[1][g] + h[2][b];
            h8[x] = centi(hr[x]);
            d8[x] = centi(m.darknessLut[0][r] + m.darknessLut[1][g] + m.darknessLut[2][b]);
        }
    }
}

cv::Mat square(double radiusPx) {
    const int r = std::max(1, int(std::lround(radiusPx)));
    return cv::getStructuringElement(cv::MORPH_RECT, {2 * r + 1, 2 * r + 1});
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

core::Result<std::vector<MitosisBlob>> measureMitosisBlobs(const cv::Mat& picture, double mpp, const StainMatrix& stains,
                                                          const MitosisBlobOptions& o, int64_t originX, int64_t originY,
                                                          cv::Rect valid, int pitch) {
    using R = core::Result<std::vector<MitosisBlob>>;
    if (picture.empty() || (picture.type() != CV_8UC3 && picture.type() != CV_8UC4))
        return R::failure("the picture must be 8-bit RGB");
    if (!(mpp > 0 && std::isfinite(mpp))) return R::failure("the scale (\xC2\xB5m per pixel) must be positive");
    if (pitch < 1) return R::failure("a picture pixel must cover whole level-0 pixels");
    const int k = mitosisWorkingFactor(mpp, o);
    if (valid.empty()) valid = cv::Rect(0, 0, picture.cols, picture.rows);
    // Whole blocks only; the block average is exact, so any cut along block lines gives the same
    // pixels. RGBA (from a slide read) is averaged before it is narrowed to RGB: a quarter the work.
    cv::Mat rgb = picture;
    if (k > 1) {
        if (picture.cols < k || picture.rows < k) return std::vector<MitosisBlob>{};
        cv::resize(picture(cv::Rect(0, 0, picture.cols / k * k, picture.rows / k * k)), rgb, {picture.cols / k, picture.rows / k},
                   0, 0, cv::INTER_AREA);
        const int vx = (valid.x + k - 1) / k, vy = (valid.y + k - 1) / k;
        valid = cv::Rect(vx, vy, (valid.x + valid.width) / k - vx, (valid.y + valid.height) / k - vy);
    }
    if (rgb.channels() == 4) cv::cvtColor(rgb, rgb, cv::COLOR_RGBA2RGB);
    valid &= cv::Rect(0, 0, rgb.cols, rgb.rows);  // rings and surrounds are measured on image pixels only
    const double m = mpp * k;  // µm per working pixel
    StainMaps maps;
    fillStainMaps(maps, rgb, stains);
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
    const cv::Mat fg = smooth > o.hematoxylinThreshold;
    const int n = cv::connectedComponentsWithStats(fg, labels, stats, centroids, 8, CV_32S);

    // Which components are blobs worth measuring: size, length, and not cut by the image's edge.
    const double pxArea = m * m;
    const int maxExtent = int(std::ceil(o.maxExtentUm / m));
    // Within two smoothing radii of the edge a blob is cut whatever lies beyond (mirrored picture,
    // white glass beyond a slide's edge), so both count as cut.
    const int edgeZone = int(std::ceil(2 * sigma));
    std::vector<int> measured;  // the components measured, by label
    for (int i = 1; i < n; ++i) {
        const int* s = stats.ptr<int>(i);
        const double areaUm2 = double(s[cv::CC_STAT_AREA]) * pxArea;
        if (areaUm2 < o.minAreaUm2 || areaUm2 > o.maxAreaUm2) continue;
        if (s[cv::CC_STAT_WIDTH] > maxExtent || s[cv::CC_STAT_HEIGHT] > maxExtent) continue;
        const cv::Rect bb(s[cv::CC_STAT_LEFT], s[cv::CC_STAT_TOP], s[cv::CC_STAT_WIDTH], s[cv::CC_STAT_HEIGHT]);
        if (bb.x <= valid.x + edgeZone || bb.y <= valid.y + edgeZone || bb.br().x >= valid.br().x - edgeZone ||
            bb.br().y >= valid.br().y - edgeZone)
            continue;
        measured.push_back(i);
    }
    if (measured.empty()) return std::vector<MitosisBlob>{};

    // Sums over each blob's pixels, then over its edge and ring.
    struct Sums {
        std::vector<cv::Point> outline;  // blob pixels with a 4-neighbour outside the blob
        int64_t sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, dense = 0;
        double h = 0, sm = 0, sm2 = 0, peak = 0, d = 0, e = 0;
        double edgeGrad = 0, ringH = 0, ringD = 0, ringE = 0;
        int64_t edgeN = 0, ringN = 0;
    };
    std::vector<Sums> acc(measured.size());
    for (size_t j = 0; j < measured.size(); ++j) {
        const int i = measured[j];
        const int* s = stats.ptr<int>(i);
        Sums& a = acc[j];
        for (int y = s[cv::CC_STAT_TOP]; y < s[cv::CC_STAT_TOP] + s[cv::CC_STAT_HEIGHT]; ++y) {
            const int* lr = labels.ptr<int>(y);
            const float *hr = hema.ptr<float>(y), *sr = smooth.ptr<float>(y);
            const auto* pr = rgb.ptr<cv::Vec3b>(y);
            for (int x = s[cv::CC_STAT_LEFT]; x < s[cv::CC_STAT_LEFT] + s[cv::CC_STAT_WIDTH]; ++x) {
                if (lr[x] != i) continue;
                if (x == 0 || y == 0 || x + 1 == labels.cols || y + 1 == labels.rows || lr[x - 1] != i ||
                    lr[x + 1] != i || labels.ptr<int>(y - 1)[x] != i || labels.ptr<int>(y + 1)[x] != i)
                    a.outline.emplace_back(x, y);
                a.sx += x, a.sy += y, a.sxx += int64_t(x) * x, a.syy += int64_t(y) * y, a.sxy += int64_t(x) * y;
                a.h += hr[x], a.sm += sr[x], a.sm2 += double(sr[x]) * sr[x];
                a.d += maps.darkness(pr[x]), a.e += maps.eosin(pr[x]);
                a.peak = std::max(a.peak, double(sr[x]));
                a.dense += sr[x] > 0.8f;
            }
        }
    }
    // The ring: pixels 1-2.5 µm (in x and y) from the nearest nucleus-like pixel, in the blob's box
    // grown by 2.5 µm (between crowded nuclei that is the background they share); the edge: pixels
    // within 1 µm outside any such pixel, where the hematoxylin gradient is taken.
    cv::Mat nearIn, nearOut;
    cv::dilate(fg, nearIn, square(1.0 / m));  // squares: separable, so cheap
    cv::dilate(fg, nearOut, square(2.5 / m));
    const int ringPad = int(std::ceil(2.5 / m)) + 1;
    // Level-0 px per working px, and the picture's origin in working pixels of the slide (the ring's
    // sampling grid is the slide's).
    const int64_t K = int64_t(k) * pitch, ox = originX / K, oy = originY / K;
    for (size_t j = 0; j < measured.size(); ++j) {
        const int* s = stats.ptr<int>(measured[j]);
        const cv::Rect box = cv::Rect(s[cv::CC_STAT_LEFT] - ringPad, s[cv::CC_STAT_TOP] - ringPad,
                                      s[cv::CC_STAT_WIDTH] + 2 * ringPad, s[cv::CC_STAT_HEIGHT] + 2 * ringPad) &
                             cv::Rect(valid.x + 1, valid.y + 1, valid.width - 2, valid.height - 2);
        Sums& a = acc[j];
        // Every other pixel of every other row, on the slide's grid (means over a ring need no more).
        const int y0 = box.y + int((box.y + oy) & 1), x0 = box.x + int((box.x + ox) & 1);
        for (int y = y0; y < box.br().y; y += 2) {
            const uint8_t *f = fg.ptr<uint8_t>(y), *in = nearIn.ptr<uint8_t>(y), *out = nearOut.ptr<uint8_t>(y);
            const float* hr = hema.ptr<float>(y);
            const auto* pr = rgb.ptr<cv::Vec3b>(y);
            const float *up = smooth.ptr<float>(y - 1), *mid = smooth.ptr<float>(y), *dn = smooth.ptr<float>(y + 1);
            for (int x = x0; x < box.br().x; x += 2) {
                if (!out[x] || f[x]) continue;
                if (in[x]) {
                    const float gx = (up[x + 1] + 2 * mid[x + 1] + dn[x + 1]) - (up[x - 1] + 2 * mid[x - 1] + dn[x - 1]);
                    const float gy = (dn[x - 1] + 2 * dn[x] + dn[x + 1]) - (up[x - 1] + 2 * up[x] + up[x + 1]);
                    a.edgeGrad += std::sqrt(double(gx) * gx + double(gy) * gy), ++a.edgeN;
                } else {
                    a.ringH += hr[x], a.ringD += maps.darkness(pr[x]), a.ringE += maps.eosin(pr[x]), ++a.ringN;
                }
            }
        }
    }
    // The surround, out to 8 µm: a box from integral images, less the blob's box grown by 2.5 µm.
    cv::Mat sumD, sumH;
    cv::integral(maps.darkness8, sumD, CV_32S);
    cv::integral(maps.hematoxylin8, sumH, CV_32S);
    auto boxSum = [](const cv::Mat& integral, cv::Rect r) {
        return 0.01 * double(int64_t(integral.at<int>(r.br().y, r.br().x)) - integral.at<int>(r.y, r.br().x) -
                             integral.at<int>(r.br().y, r.x) + integral.at<int>(r.y, r.x));
    };
    const int pad = int(std::ceil(8.0 / m)) + 1;
    std::vector<MitosisBlob> out;
    out.reserve(measured.size());
    for (size_t j = 0; j < measured.size(); ++j) {
        const int i = measured[j];
        const int* s = stats.ptr<int>(i);
        const Sums& a = acc[j];
        const int64_t area = s[cv::CC_STAT_AREA];
        const double na = double(area), areaUm2 = na * pxArea;
        const cv::Rect bb(s[cv::CC_STAT_LEFT], s[cv::CC_STAT_TOP], s[cv::CC_STAT_WIDTH], s[cv::CC_STAT_HEIGHT]);
        const cv::Rect far = cv::Rect(bb.x - pad, bb.y - pad, bb.width + 2 * pad, bb.height + 2 * pad) & valid;
        const cv::Rect near = cv::Rect(bb.x - ringPad, bb.y - ringPad, bb.width + 2 * ringPad, bb.height + 2 * ringPad) & valid;
        const double farN = double(far.area() - near.area());
        const double farD = farN > 0 ? (boxSum(sumD, far) - boxSum(sumD, near)) / farN : 0;
        const double farH = farN > 0 ? (boxSum(sumH, far) - boxSum(sumH, near)) / farN : 0;
        const double meanH = a.h / na, meanD = a.d / na, meanE = a.e / na, meanS = a.sm / na;
        const double sdS = std::sqrt(std::max(0.0, a.sm2 / na - meanS * meanS));
        const double ringH = a.ringN ? a.ringH / double(a.ringN) : 0, ringD = a.ringN ? a.ringD / double(a.ringN) : 0;
        const double ringE = a.ringN ? a.ringE / double(a.ringN) : 0;
        const double edgeGradient = a.edgeN ? a.edgeGrad / double(a.edgeN) / (8 * m) : 0;  // OD per µm

        // Outline: solidity against the convex hull of the outline pixels, circularity from their
        // count (a pixel perimeter).
        std::vector<cv::Point> hull;
        if (!a.outline.empty()) cv::convexHull(a.outline, hull);
        const double hullArea = hull.size() >= 3 ? cv::contourArea(hull) : 0;
        const double solidity = hullArea > 0 ? std::min(1.0, na / (hullArea + 0.5 * cv::arcLength(hull, true))) : 1;
        const double perimeter = double(a.outline.size());
        const double circularity = perimeter > 0 ? std::min(1.0, 4 * CV_PI * na / (perimeter * perimeter)) : 1;
        // Second moments: how elongated the blob is, and its length.
        const double cx = double(a.sx) / na, cy = double(a.sy) / na;
        const double mu20 = double(a.sxx) / na - cx * cx, mu02 = double(a.syy) / na - cy * cy;
        const double mu11 = double(a.sxy) / na - cx * cy;
        const double root = std::sqrt(std::max(0.0, (mu20 - mu02) * (mu20 - mu02) + 4 * mu11 * mu11));
        const double l1 = (mu20 + mu02 + root) / 2, l2 = (mu20 + mu02 - root) / 2;
        const double eccentricity = l1 > 0 ? std::sqrt(std::clamp(1 - l2 / l1, 0.0, 1.0)) : 0;

        MitosisBlob b;
        // Working pixel j covers level-0 pixels j*K .. j*K + K-1: its centre is j*K + (K-1)/2. Twice
        // the sum in whole level-0 units, divided once: the same number from any tile.
        auto centre = [&](int64_t sum, int64_t origin) {
            return double(2 * (K * sum + origin * area) + area * (K - 1)) / double(2 * area);
        };
        b.at = {centre(a.sx, originX), centre(a.sy, originY)};
        b.areaUm2 = areaUm2;
        b.features = {float(std::log(areaUm2)), float(meanH),      float(a.peak),       float(sdS),
                      float(meanD),             float(meanE),      float(meanH - ringH), float(ringD),
                      float(ringE),             float(farD),       float(farH),         float(solidity),
                      float(eccentricity),      float(4 * std::sqrt(std::max(0.0, l1)) * m), float(double(a.dense) / na),
                      float(edgeGradient),      float(meanD - ringD), float(meanH / (farH + 0.05)), float(circularity)};
        out.push_back(b);
    }
    return out;
}

}  // namespace histomark::analysis
