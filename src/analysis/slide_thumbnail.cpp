// SPDX-License-Identifier: MIT
#include "analysis/slide_thumbnail.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace histomark::analysis {
namespace {
constexpr double kBandLevelPixels = 16.0 * (1 << 20);  // level pixels per read (64 MiB of RGBA)
}

core::Result<SlideThumbnail> readSlideThumbnail(core::SlideSource& source, const ThumbnailRequest& q, core::JobControl* job) {
    using R = core::Result<SlideThumbnail>;
    const core::SlideInfo& info = source.info();
    if (info.levels.empty() || info.width() <= 0 || info.height() <= 0) return R::failure("slide has no pixels");
    // The region, in whole level-0 pixels, clipped to the slide.
    core::Level0Rect region = q.region.width > 0 && q.region.height > 0
                                  ? q.region
                                  : core::Level0Rect{0, 0, double(info.width()), double(info.height())};
    const int64_t x0 = std::max<int64_t>(0, int64_t(std::floor(region.x))), y0 = std::max<int64_t>(0, int64_t(std::floor(region.y)));
    const int64_t x1 = std::min<int64_t>(info.width(), int64_t(std::ceil(region.right())));
    const int64_t y1 = std::min<int64_t>(info.height(), int64_t(std::ceil(region.bottom())));
    if (x1 <= x0 || y1 <= y0) return R::failure("region is outside the slide");

    const int maxSide = std::max(q.maxSide, 8);
    const double mpp = info.mpp.known() ? info.mpp.mean() : 0;
    double downsample = mpp > 0 && q.umPerPx > 0 ? q.umPerPx / mpp : std::max(1.0, q.downsample);
    downsample = std::max({downsample, double(std::max(x1 - x0, y1 - y0)) / maxSide, 1.0});
    // Coarsest level no coarser than wanted (a small tolerance for rounded downsamples).
    int level = 0;
    for (int i = 0; i < info.levelCount(); ++i)
        if (info.levels[size_t(i)].downsample <= downsample * 1.001) level = i;
    const double ds = info.levels[size_t(level)].downsample;
    const int64_t levelW = std::max<int64_t>(1, int64_t(std::ceil(double(x1 - x0) / ds)));
    const int64_t levelH = std::max<int64_t>(1, int64_t(std::ceil(double(y1 - y0) / ds)));
    const double factor = std::max(1.0, downsample / ds);  // level px per output px
    const int outW = std::max(1, int(std::lround(double(levelW) / factor)));
    const int outH = std::max(1, int(std::lround(double(levelH) / factor)));
    const double fy = double(levelH) / outH;

    SlideThumbnail t;
    t.rgb.create(outH, outW, CV_8UC3);
    t.level = level;
    t.originX = double(x0);
    t.originY = double(y0);
    t.level0PerPxX = double(levelW) * ds / outW;
    t.level0PerPxY = double(levelH) * ds / outH;
    t.umPerPx = mpp > 0 ? mpp * 0.5 * (t.level0PerPxX + t.level0PerPxY) : 0;
    const int bandRows = int(std::clamp(kBandLevelPixels / (double(levelW) * fy), 1.0, 512.0));
    for (int oy = 0; oy < outH; oy += bandRows) {
        if (job && job->cancelled()) return R::failure("cancelled");
        const int rows = std::min(bandRows, outH - oy);
        // Level rows covering these output rows (a level pixel or less of overlap at the seams).
        const int64_t ly0 = int64_t(std::floor(oy * fy));
        const int64_t ly1 = std::max(ly0 + 1, std::min<int64_t>(levelH, int64_t(std::ceil((oy + rows) * fy))));
        auto band = source.readRegion(x0, y0 + int64_t(std::llround(double(ly0) * ds)), level, int(levelW), int(ly1 - ly0));
        if (!band) return R::failure(band.error());
        const cv::Mat rgba(band->height, band->width, CV_8UC4, band->pixels.data());
        cv::Mat rgb;
        cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
        cv::Mat dst = t.rgb.rowRange(oy, oy + rows);  // resize writes into this view of the result
        cv::resize(rgb, dst, dst.size(), 0, 0, factor > 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    return t;
}

}  // namespace histomark::analysis
