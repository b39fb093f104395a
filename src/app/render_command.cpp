// SPDX-License-Identifier: MIT
#include <cstdio>

#include "app/commands.h"
#include "app/image_io.h"
#include "slide/slide_opener.h"

namespace histomark::app {

int runRender(const RenderArgs& a) {
    auto fail = [](const std::string& m) {
        std::fprintf(stderr, "histomark: %s\n", m.c_str());
        return 1;
    };
    if (a.width <= 0 || a.height <= 0) return fail("--width and --height must be positive");
    if (int64_t(a.width) * a.height > int64_t(1) << 27) return fail("region too large (at most 134 million pixels)");
    auto src = slide::openSlide(a.slide);
    if (!src) return fail(src.error());
    const auto& info = src.value()->info();
    if (a.level < 0 || a.level >= info.levelCount())
        return fail("--level " + std::to_string(a.level) + " does not exist (the slide has " +
                    std::to_string(info.levelCount()) + " levels, 0.." + std::to_string(info.levelCount() - 1) + ")");
    // Wholly off the slide is a mistake (a blank picture would pass for glass); partly off is drawn
    // as the slide's background there.
    const double ds = info.levels[size_t(a.level)].downsample;
    if (a.x >= info.width() || a.y >= info.height() || a.x + a.width * ds <= 0 || a.y + a.height * ds <= 0)
        return fail("the region lies outside the slide (" + std::to_string(info.width()) + " x " + std::to_string(info.height()) +
                    " level-0 px)");
    auto img = src.value()->readRegion(a.x, a.y, a.level, a.width, a.height);
    if (!img) return fail(img.error());
    if (auto s = writePng(*img, a.output); !s) return fail(s.error());
    return 0;
}

}  // namespace histomark::app
