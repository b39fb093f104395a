// SPDX-License-Identifier: MIT
#include "analysis/stain_check.h"

#include <algorithm>
#include <cmath>

namespace histomark::analysis {

bool StainPresence::looksLikeHematoxylinEosin() const {
    return tissuePixels >= 1000 && eosin > 0.02 && eosin > 0.25 * dab;
}

StainPresence measureStainPresence(const cv::Mat& rgb) {
    CV_Assert(rgb.type() == CV_8UC3);
    // Ruifrok & Johnston's three-stain H-E-DAB matrix (rows: hematoxylin, eosin, DAB).
    cv::Vec3d h(0.650, 0.704, 0.286), e(0.072, 0.990, 0.105), d(0.268, 0.570, 0.776);
    h /= cv::norm(h), e /= cv::norm(e), d /= cv::norm(d);
    const cv::Matx33d unmix = cv::Matx33d(h[0], h[1], h[2], e[0], e[1], e[2], d[0], d[1], d[2]).inv();
    double od[256];
    for (int v = 0; v < 256; ++v) od[v] = -std::log10(std::max(1, v) / 255.0);
    StainPresence s;
    double sh = 0, se = 0, sd = 0, spread = 0;
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* p = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < rgb.cols; ++x) {
            const double r = od[p[x][0]], g = od[p[x][1]], b = od[p[x][2]];
            if (r + g + b < 0.3) continue;  // glass
            ++s.tissuePixels;
            spread += std::max({p[x][0], p[x][1], p[x][2]}) - std::min({p[x][0], p[x][1], p[x][2]});
            sh += std::max(0.0, r * unmix(0, 0) + g * unmix(1, 0) + b * unmix(2, 0));
            se += std::max(0.0, r * unmix(0, 1) + g * unmix(1, 1) + b * unmix(2, 1));
            sd += std::max(0.0, r * unmix(0, 2) + g * unmix(1, 2) + b * unmix(2, 2));
        }
    }
    if (s.tissuePixels > 0) {
        const double n = double(s.tissuePixels);
        s.hematoxylin = sh / n, s.eosin = se / n, s.dab = sd / n, s.meanColourSpread = spread / n;
    }
    return s;
}

}  // namespace histomark::analysis
