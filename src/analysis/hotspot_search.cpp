// SPDX-License-Identifier: MIT
#include "analysis/hotspot_search.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "core/count_area.h"

namespace histomark::analysis {

core::Result<std::vector<HotspotWindow>> findHotspots(const std::vector<MitosisCandidate>& candidates,
                                                      const cv::Mat& tissue, double maskDownsample, double slideWidth,
                                                      double slideHeight, double mppX, double mppY,
                                                      const HotspotOptions& options, const cv::Mat& excluded) {
    using R = core::Result<std::vector<HotspotWindow>>;
    auto size = core::fieldSizePx(options.preset, mppX, mppY, /*wholeTenFields=*/true);
    if (!size) return R::failure(size.error());
    if (tissue.empty() || tissue.type() != CV_8U || !(maskDownsample > 0)) return R::failure("no tissue mask");
    if (!excluded.empty() && (excluded.size() != tissue.size() || excluded.type() != CV_8U))
        return R::failure("the exclusion mask must match the tissue mask");

    // Counted area: tissue outside exclusions; its integral gives any window's tissue share.
    cv::Mat usable = tissue != 0;
    if (!excluded.empty()) usable &= (excluded == 0);
    cv::Mat integral;
    cv::integral(usable / 255, integral, CV_64F);
    auto usableAt = [&](double x, double y) {
        const int mx = int(std::floor(x / maskDownsample)), my = int(std::floor(y / maskDownsample));
        return mx >= 0 && my >= 0 && mx < usable.cols && my < usable.rows && usable.at<uint8_t>(my, mx) != 0;
    };
    std::vector<MitosisCandidate> kept;
    for (const auto& c : candidates)
        if (usableAt(c.at.x, c.at.y)) kept.push_back(c);
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.at.x < b.at.x; });

    const double w = size->width, h = size->height;
    const double stepX = std::max(1.0, w * options.strideFraction), stepY = std::max(1.0, h * options.strideFraction);
    auto positions = [](double extent, double window, double step) {
        if (extent <= window) return std::vector<double>{(extent - window) / 2};  // centred: covers it all
        std::vector<double> p{0};
        for (double v = step; v + window <= extent; v += step) p.push_back(v);
        if (extent > window && p.back() + window < extent) p.push_back(extent - window);  // flush with the edge
        return p;
    };
    const double windowMaskPx = (w / maskDownsample) * (h / maskDownsample);
    const double windowMm2 = w * mppX * h * mppY * 1e-6;
    const double shapeArea = options.preset.shape == core::FieldShape::Circle ? 3.14159265358979 / 4 : 1.0;
    std::vector<HotspotWindow> all, partial;  // partial: windows under the tissue share, for slides with little tissue
    for (double y : positions(slideHeight, h, stepY))
        for (double x : positions(slideWidth, w, stepX)) {
            HotspotWindow win;
            win.box = {x, y, w, h};
            // Tissue share over the box (of the inscribed circle's box for round windows: close enough
            // to decide whether a window is on tissue).
            const int mx0 = std::clamp(int(std::floor(x / maskDownsample)), 0, usable.cols);
            const int my0 = std::clamp(int(std::floor(y / maskDownsample)), 0, usable.rows);
            const int mx1 = std::clamp(int(std::ceil((x + w) / maskDownsample)), 0, usable.cols);
            const int my1 = std::clamp(int(std::ceil((y + h) / maskDownsample)), 0, usable.rows);
            const double on = integral.at<double>(my1, mx1) - integral.at<double>(my0, mx1) - integral.at<double>(my1, mx0) +
                              integral.at<double>(my0, mx0);
            win.tissueFraction = std::min(1.0, on / windowMaskPx);
            if (win.tissueFraction <= 0) continue;
            auto it = std::lower_bound(kept.begin(), kept.end(), x, [](const auto& c, double v) { return c.at.x < v; });
            for (; it != kept.end() && it->at.x <= x + w; ++it)
                if (core::fieldContains(options.preset.shape, win.box, it->at)) {
                    ++win.count;
                    win.weighted += it->score;
                }
            win.tissueMm2 = windowMm2 * shapeArea * win.tissueFraction;
            win.per10Hpf = core::perReferenceArea(win.count, win.tissueMm2, options.preset);
            win.partial = win.tissueFraction < options.minTissueFraction;
            win.largerThanSlide = w > slideWidth || h > slideHeight;
            (win.partial ? partial : all).push_back(win);
        }
    if (all.empty()) all = std::move(partial);  // less tissue than half a window: rank what there is
    auto key = [&](const HotspotWindow& v) { return options.scoreWeighted ? v.weighted : double(v.count); };
    std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
        if (key(a) != key(b)) return key(a) > key(b);
        return a.tissueFraction > b.tissueFraction;
    });
    std::vector<HotspotWindow> top;
    for (const auto& win : all) {
        if (int(top.size()) >= options.top) break;
        if (std::none_of(top.begin(), top.end(), [&](const auto& t) { return t.box.intersects(win.box); })) top.push_back(win);
    }
    // The returned round windows' figures get their tissue counted inside the circle itself: the
    // box share times pi/4 is fine for ranking but not as a denominator (a circle round a small
    // picture holds all its tissue, not pi/4 of it).
    if (options.preset.shape == core::FieldShape::Circle)
        for (auto& win : top) {
            const double cx = (win.box.x + win.box.width / 2) / maskDownsample, cy = (win.box.y + win.box.height / 2) / maskDownsample;
            const double rx = win.box.width / 2 / maskDownsample, ry = win.box.height / 2 / maskDownsample;
            const int x0 = std::max(0, int(std::floor(cx - rx))), x1 = std::min(usable.cols, int(std::ceil(cx + rx)));
            const int y0 = std::max(0, int(std::floor(cy - ry))), y1 = std::min(usable.rows, int(std::ceil(cy + ry)));
            double on = 0;
            for (int y = y0; y < y1; ++y) {
                const uint8_t* row = usable.ptr<uint8_t>(y);
                const double dy = (y + 0.5 - cy) / ry;
                for (int x = x0; x < x1; ++x) {
                    const double dx = (x + 0.5 - cx) / rx;
                    if (row[x] && dx * dx + dy * dy <= 1) ++on;
                }
            }
            win.tissueFraction = std::min(1.0, on / (windowMaskPx * shapeArea));
            win.tissueMm2 = windowMm2 * shapeArea * win.tissueFraction;
            win.per10Hpf = core::perReferenceArea(win.count, win.tissueMm2, options.preset);
            win.partial = win.tissueFraction < options.minTissueFraction;
        }
    return top;
}

std::string hotspotCaveat(const HotspotWindow& best, double slideWidth, double slideHeight, double mppX, double mppY) {
    char size[160], area[96];
    std::snprintf(size, sizeof size, "the slide (%.2f x %.2f mm) is smaller than one window (%.2f x %.2f mm)",
                  slideWidth * mppX * 1e-3, slideHeight * mppY * 1e-3, best.box.width * mppX * 1e-3, best.box.height * mppY * 1e-3);
    std::snprintf(area, sizeof area, "%.3f mm\xC2\xB2 of tissue (%.0f %% of the window)", best.tissueMm2, 100 * best.tissueFraction);
    const std::string scaled = std::string("the figure per 10 HPF is scaled up from ") + area +
                               ": report the count and that area rather than the figure";
    if (best.largerThanSlide) return std::string(size) + "; " + scaled;
    if (best.partial) return "no window is even half on tissue: " + scaled;
    return "";
}

}  // namespace histomark::analysis
