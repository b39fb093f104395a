// SPDX-License-Identifier: MIT
#include "core/level_crop.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace histomark::core {

RgbaImage cropLevel(const RgbaImage& level, double downsample, int64_t x0, int64_t y0, int width, int height) {
    const int64_t lx = std::llround(double(x0) / downsample), ly = std::llround(double(y0) / downsample);
    RgbaImage out(width, height);
    out.fill(255, 255, 255);
    const int64_t cx0 = std::max<int64_t>(lx, 0), cx1 = std::min<int64_t>(lx + width, level.width);
    if (cx1 <= cx0) return out;
    for (int y = 0; y < height; ++y) {
        const int64_t sy = ly + y;
        if (sy < 0 || sy >= level.height) continue;
        std::memcpy(out.at(int(cx0 - lx), y), level.at(int(cx0), int(sy)), size_t(cx1 - cx0) * 4);
    }
    return out;
}

}  // namespace histomark::core
