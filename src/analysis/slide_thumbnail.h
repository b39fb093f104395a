// SPDX-License-Identifier: MIT
#pragma once
#include <opencv2/core.hpp>

#include "core/job_control.h"
#include "core/result.h"
#include "core/slide_source.h"
#include "core/units.h"

namespace histomark::analysis {

// A slide, or a part of it, as one RGB picture with its place and scale.
struct SlideThumbnail {
    cv::Mat rgb;               // CV_8UC3, R first
    double originX = 0;        // level-0 position of the picture's top-left corner
    double originY = 0;
    double level0PerPxX = 1;   // level-0 pixels per picture pixel (pixel k covers [k, k+1))
    double level0PerPxY = 1;
    double umPerPx = 0;        // µm per picture pixel; 0 when the slide's scale is unknown
    int level = 0;             // pyramid level it was read from

    // Picture pixel -> level-0 pixel (corner convention), and back.
    core::Level0Point toLevel0(double x, double y) const { return {originX + x * level0PerPxX, originY + y * level0PerPxY}; }
};

struct ThumbnailRequest {
    double umPerPx = 0;        // wanted resolution; 0 or an unknown slide scale: `downsample` decides
    double downsample = 0;     // wanted level-0 px per picture px when umPerPx does not apply; 0: `maxSide` decides
    int maxSide = 2048;        // the picture's long side never exceeds this
    core::Level0Rect region;   // level-0 area to read; empty = the whole slide
};

// Reads the slide (or `region`) at about `umPerPx`, never finer than level 0 and never larger than
// `maxSide` on the long side: the coarsest level at least as fine as wanted, area-averaged down,
// read in bands so memory stays near one band of that level. Thread-safe as far as the source is
// (reads only). Slow: worker threads only. Errors: the source's read error, "cancelled" (checked
// between bands), "slide has no pixels", "region is outside the slide".
core::Result<SlideThumbnail> readSlideThumbnail(core::SlideSource& source, const ThumbnailRequest& request,
                                                core::JobControl* job = nullptr);

}  // namespace histomark::analysis
